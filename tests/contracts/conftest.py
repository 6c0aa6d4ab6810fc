"""Fixtures for the ComplianceStablecoin suites: one embedded chain, one deployment, isolation.

The token is deployed once per session (``behaviors.stablecoin.session_env``); every test runs
between a ``snapshot()`` and a ``revert()``, so it sees the setup state and leaves nothing behind.
These fixtures shadow the root conftest's backend-parametrized ``chain`` and ``token``: the token
suites run on the embedded chain only.

Setup state (see ``behaviors/stablecoin.py``): roles granted to their named holders, the minter
configured with ``MINTER_ALLOWANCE`` (minus what it minted), alice/bob/carol/minter KYC-approved
with different tiers, jurisdictions and expiries, alice holding ``ALICE_FUNDS`` and bob
``BOB_FUNDS``, the seizure escrow and one trusted KYC provider set, the clock deterministic.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

import pytest
from behaviors.stablecoin import StablecoinEnv, next_timestamp, session_env, warp_to

if TYPE_CHECKING:
    from behaviors.stablecoin import Actors

    from compliance_kit.chain import Embedded
    from compliance_kit.contracts import Contract


@pytest.fixture(scope="session")
def stablecoin_env() -> StablecoinEnv:
    """The session's chain with the token deployed and configured (shared, never redeployed)."""
    return session_env()


@pytest.fixture
def env(stablecoin_env: StablecoinEnv) -> Iterator[StablecoinEnv]:
    """The session world, isolated: snapshot before the test, revert after."""
    with stablecoin_env.chain.isolated():
        yield stablecoin_env


@pytest.fixture
def chain(env: StablecoinEnv) -> Embedded:
    return env.chain


@pytest.fixture
def token(env: StablecoinEnv) -> Contract:
    """The configured ComplianceStablecoin."""
    return env.token


@pytest.fixture
def actors(env: StablecoinEnv) -> Actors:
    return env.actors


@pytest.fixture
def roles(env: StablecoinEnv) -> dict[str, bytes]:
    """Role name -> bytes32 id."""
    return env.roles


@pytest.fixture
def now(chain: Embedded) -> Callable[[], int]:
    """``now()``: the ``block.timestamp`` the next transaction or call will see."""
    return lambda: next_timestamp(chain)


@pytest.fixture
def warp(chain: Embedded) -> Callable[[int], None]:
    """``warp(t)``: make the next transaction run at exactly timestamp ``t``."""
    return lambda timestamp: warp_to(chain, timestamp)
