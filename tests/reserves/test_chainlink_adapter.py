"""ChainlinkReserveAdapter: a Chainlink Proof of Reserve feed read as an ``IReserveFeed``.

The feed is a MockAggregator (no Chainlink feed exists on a local chain) whose round id, answer,
update time and decimals the tests set directly.
"""

# Foundry-style names keep the Solidity function's camelCase: test_<fn>_reverts_when_<cond>
# ruff: noqa: N802

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest
from behaviors.asserts import reverts

from compliance_kit.contracts import deploy
from reserves.world import DAY, DECIMALS, FEED_ANSWER, MAX_STALENESS, UNIT

if TYPE_CHECKING:
    from compliance_kit.contracts import Contract
    from reserves.world import Actors, ReserveEnv

Clock = Callable[[], int]
Warp = Callable[[int], None]


def _adapter(env: ReserveEnv, feed: str, token_decimals: int, max_staleness: int) -> Contract:
    return deploy(
        env.transactor,
        env.artifacts["ChainlinkReserveAdapter"],
        feed,
        token_decimals,
        max_staleness,
        sender=env.actors.admin,
    )


def test_constructor_stores_feed_decimals_and_staleness(
    adapter: Contract, aggregator: Contract
) -> None:
    assert adapter.fn.feed().call() == aggregator.address
    assert adapter.fn.tokenDecimals().call() == DECIMALS
    assert adapter.fn.maxStaleness().call() == MAX_STALENESS


@pytest.mark.parametrize("token_decimals", [8, 18, 0])
def test_constructor_reverts_when_the_feed_decimals_differ_from_the_tokens(
    env: ReserveEnv, aggregator: Contract, token_decimals: int
) -> None:
    with reverts("FeedDecimalsMismatch", feedDecimals=DECIMALS, tokenDecimals=token_decimals):
        _adapter(env, aggregator.address, token_decimals, MAX_STALENESS)


def test_constructor_reverts_when_the_feed_has_no_code(env: ReserveEnv, actors: Actors) -> None:
    with reverts("FeedNotContract", feed=actors.outsider.address):
        _adapter(env, actors.outsider.address, DECIMALS, MAX_STALENESS)


def test_latestReserves_returns_the_answer_and_its_update_time(
    adapter: Contract, env: ReserveEnv
) -> None:
    assert adapter.fn.latestReserves().call() == (FEED_ANSWER, env.feed_updated_at)


@pytest.mark.parametrize("answer", [0, -1, -(2**255)], ids=["zero", "minus-one", "int256-min"])
def test_latestReserves_reverts_when_the_answer_is_not_positive(
    adapter: Contract, aggregator: Contract, actors: Actors, answer: int
) -> None:
    aggregator.fn.setAnswer(answer).transact(actors.admin)
    with reverts("InvalidReserveAnswer", answer=answer):
        adapter.fn.latestReserves().call()


def test_latestReserves_accepts_the_smallest_positive_answer(
    adapter: Contract, aggregator: Contract, actors: Actors, env: ReserveEnv
) -> None:
    aggregator.fn.setAnswer(1).transact(actors.admin)
    assert adapter.fn.latestReserves().call() == (1, env.feed_updated_at)


def test_latestReserves_reverts_when_the_round_is_incomplete(
    adapter: Contract, aggregator: Contract, actors: Actors
) -> None:
    aggregator.fn.setRound(77, 0, 0).transact(actors.admin)
    with reverts("IncompleteRound", roundId=77):
        adapter.fn.latestReserves().call()
    aggregator.fn.setRoundId(2**80 - 1).transact(actors.admin)
    with reverts("IncompleteRound", roundId=2**80 - 1):
        adapter.fn.latestReserves().call()


def test_latestReserves_reverts_when_the_answer_is_stale(
    adapter: Contract, aggregator: Contract, actors: Actors, now: Clock
) -> None:
    updated_at = now() - MAX_STALENESS - 1
    aggregator.fn.setUpdatedAt(updated_at).transact(actors.admin)
    with reverts(
        "StaleReserveAnswer",
        updatedAt=updated_at,
        maxStaleness=MAX_STALENESS,
        currentTime=now(),
    ):
        adapter.fn.latestReserves().call()


def test_latestReserves_accepts_an_answer_exactly_max_staleness_old(
    adapter: Contract, aggregator: Contract, actors: Actors, now: Clock
) -> None:
    updated_at = now() + 1 - MAX_STALENESS  # the setter's own block comes first
    aggregator.fn.setUpdatedAt(updated_at).transact(actors.admin)
    assert now() - updated_at == MAX_STALENESS
    assert adapter.fn.latestReserves().call() == (FEED_ANSWER, updated_at)


def test_latestReserves_goes_stale_with_time(
    adapter: Contract, env: ReserveEnv, now: Clock, warp: Warp
) -> None:
    updated_at = env.feed_updated_at
    warp(updated_at + MAX_STALENESS)
    assert adapter.fn.latestReserves().call() == (FEED_ANSWER, updated_at)
    warp(updated_at + MAX_STALENESS + 1)
    with reverts(
        "StaleReserveAnswer",
        updatedAt=updated_at,
        maxStaleness=MAX_STALENESS,
        currentTime=now(),
    ):
        adapter.fn.latestReserves().call()


def test_latestReserves_never_goes_stale_when_max_staleness_is_zero(
    env: ReserveEnv, aggregator: Contract, actors: Actors
) -> None:
    unlimited = _adapter(env, aggregator.address, DECIMALS, 0)
    aggregator.fn.setUpdatedAt(1).transact(actors.admin)
    assert unlimited.fn.latestReserves().call() == (FEED_ANSWER, 1)


def test_latestReserves_accepts_an_update_time_in_the_future(
    adapter: Contract, aggregator: Contract, actors: Actors, now: Clock
) -> None:
    later = now() + 10 * DAY
    aggregator.fn.setUpdatedAt(later).transact(actors.admin)
    assert adapter.fn.latestReserves().call() == (FEED_ANSWER, later)
    aggregator.fn.setUpdatedAt(2**256 - 1).transact(actors.admin)  # no overflow in the check
    assert adapter.fn.latestReserves().call() == (FEED_ANSWER, 2**256 - 1)


def test_latestReserves_reverts_when_the_feed_decimals_change(
    adapter: Contract, aggregator: Contract, actors: Actors
) -> None:
    """A Chainlink proxy can be re-pointed to an aggregator with other decimals."""
    aggregator.fn.setDecimals(8).transact(actors.admin)
    with reverts("FeedDecimalsMismatch", feedDecimals=8, tokenDecimals=DECIMALS):
        adapter.fn.latestReserves().call()


def test_latestReserves_checks_in_order_round_answer_staleness_decimals(
    adapter: Contract, aggregator: Contract, actors: Actors, now: Clock
) -> None:
    aggregator.fn.setDecimals(8).transact(actors.admin)
    aggregator.fn.setRound(9, -3, 0).transact(actors.admin)
    with reverts("IncompleteRound", roundId=9):
        adapter.fn.latestReserves().call()
    stale = now() - MAX_STALENESS - 10
    aggregator.fn.setUpdatedAt(stale).transact(actors.admin)
    with reverts("InvalidReserveAnswer", answer=-3):
        adapter.fn.latestReserves().call()
    aggregator.fn.setAnswer(5 * UNIT).transact(actors.admin)
    with reverts(
        "StaleReserveAnswer", updatedAt=stale, maxStaleness=MAX_STALENESS, currentTime=now()
    ):
        adapter.fn.latestReserves().call()


def test_mock_aggregator_answers_every_round_with_the_latest_data(
    aggregator: Contract, env: ReserveEnv
) -> None:
    updated = env.feed_updated_at
    assert aggregator.fn.latestRoundData().call() == (1, FEED_ANSWER, updated, updated, 1)
    assert aggregator.fn.getRoundData(5).call() == (5, FEED_ANSWER, updated, updated, 5)
    assert aggregator.fn.decimals().call() == DECIMALS
    assert aggregator.fn.description().call() == "Mock Proof of Reserve"
    assert aggregator.fn.version().call() == 1
