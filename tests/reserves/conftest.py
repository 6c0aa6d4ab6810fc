"""Fixtures for the reserve suites: the session world of ``world.py``, snapshot/revert per test.

These fixtures shadow the root conftest's backend-parametrized ``chain``: the reserve suites run
on the embedded chain only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

import pytest

from reserves.world import ReserveEnv, build_env, next_timestamp, warp_to

if TYPE_CHECKING:
    from compliance_kit.chain import Embedded
    from compliance_kit.contracts import Contract
    from reserves.world import Actors


@pytest.fixture(scope="session")
def reserve_env() -> ReserveEnv:
    """The session's chain with the reserve contracts deployed (shared, never redeployed)."""
    return build_env()


@pytest.fixture
def env(reserve_env: ReserveEnv) -> Iterator[ReserveEnv]:
    """The session world, isolated: snapshot before the test, revert after."""
    with reserve_env.chain.isolated():
        yield reserve_env


@pytest.fixture
def chain(env: ReserveEnv) -> Embedded:
    return env.chain


@pytest.fixture
def attestor(env: ReserveEnv) -> Contract:
    """The configured ReserveAttestor."""
    return env.attestor


@pytest.fixture
def aggregator(env: ReserveEnv) -> Contract:
    """The MockAggregator standing in for a Chainlink Proof of Reserve feed."""
    return env.aggregator


@pytest.fixture
def adapter(env: ReserveEnv) -> Contract:
    """The ChainlinkReserveAdapter reading ``aggregator``."""
    return env.adapter


@pytest.fixture
def actors(env: ReserveEnv) -> Actors:
    return env.actors


@pytest.fixture
def now(chain: Embedded) -> Callable[[], int]:
    """``now()``: the ``block.timestamp`` the next transaction or call will see."""
    return lambda: next_timestamp(chain)


@pytest.fixture
def warp(chain: Embedded) -> Callable[[int], None]:
    """``warp(t)``: make the next transaction run at exactly ``timestamp``."""
    return lambda timestamp: warp_to(chain, timestamp)
