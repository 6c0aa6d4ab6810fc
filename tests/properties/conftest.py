"""The stateful token test shares the session's ComplianceStablecoin world with tests/contracts
(one chain, deployed once); each test here is isolated by a snapshot, each hypothesis example by
another one taken in the state machine's ``__init__``."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from behaviors.stablecoin import StablecoinEnv, session_env


@pytest.fixture
def stablecoin(request: pytest.FixtureRequest) -> Iterator[StablecoinEnv]:
    """The session world, isolated: snapshot before the test, revert after."""
    env = session_env()
    with env.chain.isolated():
        yield env
