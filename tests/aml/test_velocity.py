"""Transfer-count (velocity) limit: at most ``maxTransfers`` outgoing transfers per window ``W``.

The same GCRA clock as the volume limit, in whole seconds: each transfer costs a spacing of
``floor(W / maxTransfers)`` seconds and is allowed while the clock stays at most
``spacing * maxTransfers`` ahead of now. Refusals carry
``VelocityLimitExceeded(account, maxTransfers, window, retryAt)``: the first moment the next
transfer goes through.
"""

# Foundry-style names keep the Solidity function's camelCase: test_<fn>_reverts_when_<cond>
# ruff: noqa: N802

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from aml.helpers import (
    DAY,
    HOUR,
    NO_LIMIT,
    TRANSFER_CAP_EXCEEDED,
    VELOCITY_LIMIT_EXCEEDED,
    VOLUME_LIMIT_EXCEEDED,
    assert_reverted,
    assert_succeeded,
    detect,
    in_one_block,
    limits,
    passes,
    refused,
    remaining,
    usd,
)

if TYPE_CHECKING:
    from eth_account.signers.local import LocalAccount

    from aml.conftest import AmlWorld
    from compliance_kit.contracts import ContractFunction

Clock = Callable[[], int]
Warp = Callable[[int], None]

VALUE = usd(25)


def _max_transfers(world: AmlWorld, tier: int, count: int, window: int = HOUR) -> None:
    world.officer("setTierLimits", tier, limits(window=window, max_transfers=count))


def _sends(
    world: AmlWorld, count: int, sender: str = "alice", value: int = VALUE
) -> list[tuple[ContractFunction, LocalAccount]]:
    who = world.actors.by_name(sender)
    return [(world.token.fn.transfer(world.henry.address, value), who)] * count


def test_transfer_reverts_when_the_count_is_used_up_within_one_block(
    world: AmlWorld, now: Clock, warp: Warp
) -> None:
    _max_transfers(world, 1, 3)  # spacing 1,200 s
    t = now() + 10
    warp(t)
    *allowed, fourth = in_one_block(world.chain, *_sends(world, 4))
    for outcome in allowed:
        assert_succeeded(outcome)
    assert_reverted(
        fourth, "VelocityLimitExceeded", account=world.actors.alice.address, maxTransfers=3,
        window=HOUR, retryAt=t + 1_200,
    )  # fmt: skip
    assert world.token.fn.balanceOf(world.henry.address).call() == 3 * VALUE


def test_transfer_passes_exactly_at_retryAt_and_not_a_second_before(
    world: AmlWorld, now: Clock, warp: Warp
) -> None:
    a = world.actors
    _max_transfers(world, 1, 3)
    t = now() + 10
    warp(t)
    in_one_block(world.chain, *_sends(world, 3))
    warp(t + 1_199)
    refused(
        world.token, a.alice, world.henry, VALUE, VELOCITY_LIMIT_EXCEEDED,
        "VelocityLimitExceeded", account=a.alice.address, maxTransfers=3, window=HOUR,
        retryAt=t + 1_200,
    )  # fmt: skip
    assert world.chain.timestamp() == t + 1_199  # the refused transaction's block
    passes(world.token, a.alice, world.henry, VALUE)  # the next block: t + 1,200


def test_transfer_count_recovers_one_transfer_per_spacing(
    world: AmlWorld, now: Clock, warp: Warp
) -> None:
    a, token = world.actors, world.token
    _max_transfers(world, 1, 3)
    t = now() + 10
    warp(t)
    in_one_block(world.chain, *_sends(world, 3))
    assert remaining(token, a.alice) == (NO_LIMIT, 0)  # at t + 1
    for elapsed, transfers in ((1_199, 0), (1_200, 1), (2_400, 2), (HOUR, 3), (2 * HOUR, 3)):
        warp(t + elapsed)
        assert remaining(token, a.alice) == (NO_LIMIT, transfers), f"after {elapsed} s"


def test_transfer_count_spacing_is_the_window_divided_down(
    world: AmlWorld, now: Clock, warp: Warp
) -> None:
    a = world.actors
    _max_transfers(world, 1, 7)  # floor(3,600 / 7) = 514 s each: 7 fit in 3,598 s
    t = now() + 10
    warp(t)
    *allowed, eighth = in_one_block(world.chain, *_sends(world, 8))
    assert [type(o).__name__ for o in allowed] == ["Receipt"] * 7
    assert_reverted(
        eighth, "VelocityLimitExceeded", account=a.alice.address, maxTransfers=7, window=HOUR,
        retryAt=t + 514,
    )  # fmt: skip
    warp(t + 514)
    assert remaining(world.token, a.alice) == (NO_LIMIT, 1)


def test_transfer_count_follows_the_senders_tier(world: AmlWorld, now: Clock, warp: Warp) -> None:
    a = world.actors
    _max_transfers(world, 1, 2)  # spacing 1,800 s
    _max_transfers(world, 2, 4)  # spacing 900 s
    t = now() + 10
    warp(t)
    *bobs, bob_fifth = in_one_block(world.chain, *_sends(world, 5, "bob"))
    for outcome in bobs:
        assert_succeeded(outcome)
    assert_reverted(
        bob_fifth, "VelocityLimitExceeded", account=a.bob.address, maxTransfers=4, window=HOUR,
        retryAt=t + 900,
    )  # fmt: skip
    first, second, third = in_one_block(world.chain, *_sends(world, 3))  # at t + 1
    assert_succeeded(first)
    assert_succeeded(second)
    assert_reverted(
        third, "VelocityLimitExceeded", account=a.alice.address, maxTransfers=2, window=HOUR,
        retryAt=t + 1 + 1_800,
    )  # fmt: skip


def test_transfer_count_of_zero_is_off(world: AmlWorld) -> None:
    a = world.actors
    world.officer("setTierLimits", 1, limits(volume=usd(10_000), window=DAY, max_transfers=0))
    _max_transfers(world, 2, 1)  # tier 2 keeps a count limit
    outcomes = in_one_block(world.chain, *_sends(world, 12))
    for outcome in outcomes:
        assert_succeeded(outcome)
    assert remaining(world.token, a.alice)[1] == NO_LIMIT
    assert remaining(world.token, a.bob) == (NO_LIMIT, 1)


def test_transfer_count_counts_transfers_of_zero(world: AmlWorld, now: Clock, warp: Warp) -> None:
    _max_transfers(world, 1, 2)
    t = now() + 10
    warp(t)
    first, second, third = in_one_block(world.chain, *_sends(world, 3, value=0))
    assert_succeeded(first)
    assert_succeeded(second)
    assert_reverted(
        third, "VelocityLimitExceeded", account=world.actors.alice.address, maxTransfers=2,
        window=HOUR, retryAt=t + 1_800,
    )  # fmt: skip


def test_remainingLimits_counts_exactly_the_transfers_the_next_block_may_hold(
    world: AmlWorld, now: Clock, warp: Warp
) -> None:
    a = world.actors
    _max_transfers(world, 1, 5)  # spacing 720 s
    t = now() + 10
    for offset in (0, 100, 200):
        warp(t + offset)
        passes(world.token, a.alice, world.henry, VALUE)
    warp(t + 1_000)
    # the clock is at t + 2,160, 1,160 s ahead: (3,600 - 1,160) // 720 = 3 more
    assert remaining(world.token, a.alice) == (NO_LIMIT, 3)
    *allowed, fourth = in_one_block(world.chain, *_sends(world, 4))
    for outcome in allowed:
        assert_succeeded(outcome)
    assert_reverted(
        fourth, "VelocityLimitExceeded", account=a.alice.address, maxTransfers=5, window=HOUR,
        retryAt=t + 1_440,
    )  # fmt: skip
    warp(t + 1_440)
    passes(world.token, a.alice, world.henry, VALUE)


def test_limits_are_checked_cap_then_volume_then_count(world: AmlWorld) -> None:
    a, token = world.actors, world.token
    world.officer(
        "setTierLimits",
        1,
        limits(cap=usd(1_000), volume=usd(1_200), window=DAY, max_transfers=1),
    )
    passes(token, a.alice, world.henry, usd(500))  # uses the one transfer of the day
    assert detect(token, a.alice, world.henry, usd("1000.000001")) == TRANSFER_CAP_EXCEEDED
    # within the cap but above the ~700 left of the volume (and over the count too)
    assert detect(token, a.alice, world.henry, usd(800)) == VOLUME_LIMIT_EXCEEDED
    assert detect(token, a.alice, world.henry, usd(100)) == VELOCITY_LIMIT_EXCEEDED
