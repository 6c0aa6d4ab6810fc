"""Rolling-volume limit: at most ``L`` may leave an account per rolling window ``W``.

The limit is kept as a GCRA clock per account: a transfer of ``v`` costs ``ceil(v * W * 256 / L)``
ticks of 1/256 s and is allowed while the clock stays at most ``W`` ahead of now. The numbers
below follow from that: after sending ``x`` at ``t``, the volume available at ``t + s`` is
``L - x + L * s / W`` (capped at ``L``), rounded down to a base unit.

Refusals carry ``VolumeLimitExceeded(account, limit, window, available, attempted)``.
"""

# Foundry-style names keep the Solidity function's camelCase: test_<fn>_reverts_when_<cond>
# ruff: noqa: N802

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import TYPE_CHECKING

from aml.conftest import ALICE_BALANCE
from aml.helpers import (
    DAY,
    HOUR,
    NO_LIMIT,
    VOLUME_LIMIT_EXCEEDED,
    assert_reverted,
    assert_succeeded,
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

LIMIT = usd(10_000)  # retail: 10,000 per rolling 24 hours
WEEK = 7 * DAY


def _retail_volume(world: AmlWorld, limit: int = LIMIT, window: int = DAY) -> None:
    world.officer("setTierLimits", 1, limits(volume=limit, window=window))


def _send(
    world: AmlWorld, value: int, sender: str = "alice"
) -> tuple[ContractFunction, LocalAccount]:
    """``(transfer to henry, sender)`` for ``in_one_block``."""
    who = world.actors.by_name(sender)
    return world.token.fn.transfer(world.henry.address, value), who


def _over_retail_limit(world: AmlWorld, outcome: object, *, available: int, attempted: int) -> None:
    """``outcome`` is alice's retail limit (10,000 per 24 h) refusing ``attempted``."""
    assert_reverted(
        outcome, "VolumeLimitExceeded", account=world.actors.alice.address, limit=LIMIT,
        window=DAY, available=available, attempted=attempted,
    )  # fmt: skip


def test_transfer_passes_when_it_uses_the_whole_limit_at_once(world: AmlWorld) -> None:
    a = world.actors
    _retail_volume(world)
    refused(
        world.token, a.alice, world.henry, LIMIT + 1, VOLUME_LIMIT_EXCEEDED, "VolumeLimitExceeded",
        account=a.alice.address, limit=LIMIT, window=DAY, available=LIMIT, attempted=LIMIT + 1,
    )  # fmt: skip
    passes(world.token, a.alice, world.henry, LIMIT)
    assert world.token.fn.balanceOf(world.henry.address).call() == LIMIT


def test_transfer_reverts_one_base_unit_above_what_is_left(
    world: AmlWorld, now: Clock, warp: Warp
) -> None:
    a = world.actors
    _retail_volume(world)
    t = now() + 10
    warp(t)
    passes(world.token, a.alice, world.henry, usd(4_000))
    warp(t + 6 * HOUR)
    # 10,000 - 4,000 + 10,000 * 6/24 = 8,500 available
    assert remaining(world.token, a.alice) == (usd(8_500), NO_LIMIT)
    over, exact = in_one_block(
        world.chain, _send(world, usd("8500.000001")), _send(world, usd(8_500))
    )
    _over_retail_limit(world, over, available=usd(8_500), attempted=usd("8500.000001"))
    assert_succeeded(exact)


def test_volume_recovers_in_proportion_to_the_time_passed(
    world: AmlWorld, now: Clock, warp: Warp
) -> None:
    a, token = world.actors, world.token
    _retail_volume(world)
    t = now() + 10
    warp(t)
    passes(token, a.alice, world.henry, LIMIT)
    for elapsed, available in ((6 * HOUR, usd(2_500)), (12 * HOUR, usd(5_000))):
        warp(t + elapsed)
        assert remaining(token, a.alice) == (available, NO_LIMIT), f"after {elapsed} s"
    warp(t + DAY)
    assert remaining(token, a.alice) == (LIMIT, NO_LIMIT)
    warp(t + 2 * DAY)  # an idle day banks nothing: never more than the limit at once
    assert remaining(token, a.alice) == (LIMIT, NO_LIMIT)
    over, exact = in_one_block(world.chain, _send(world, LIMIT + 1), _send(world, LIMIT))
    _over_retail_limit(world, over, available=LIMIT, attempted=LIMIT + 1)
    assert_succeeded(exact)


def test_transfer_reverts_with_what_a_partial_recovery_allows(
    world: AmlWorld, now: Clock, warp: Warp
) -> None:
    a = world.actors
    _retail_volume(world)
    t = now() + 10
    warp(t)
    passes(world.token, a.alice, world.henry, LIMIT)
    warp(t + 6 * HOUR)
    over, exact, nothing_more = in_one_block(
        world.chain,
        _send(world, usd("2500.000001")),
        _send(world, usd(2_500)),
        _send(world, 1),
    )
    _over_retail_limit(world, over, available=usd(2_500), attempted=usd("2500.000001"))
    assert_succeeded(exact)
    _over_retail_limit(world, nothing_more, available=0, attempted=1)


def test_transfer_costs_are_rounded_up_to_the_clock_tick(
    world: AmlWorld, now: Clock, warp: Warp
) -> None:
    a = world.actors
    _retail_volume(world)
    t = now() + 10
    warp(t)
    passes(world.token, a.alice, world.henry, LIMIT)
    # one second later: 10,000 / 86,400 = 0.115740.74 -> 0.115740 (rounded down)
    assert remaining(world.token, a.alice) == (115_740, NO_LIMIT)
    over, exact = in_one_block(world.chain, _send(world, 115_741), _send(world, 115_740))
    _over_retail_limit(world, over, available=115_740, attempted=115_741)
    assert_succeeded(exact)


def test_volume_limit_follows_the_senders_tier(world: AmlWorld) -> None:
    a = world.actors
    _retail_volume(world)  # tier 1: 10,000 a day
    world.officer("setTierLimits", 2, limits(volume=usd(30_000), window=WEEK))
    big, over, rest = in_one_block(
        world.chain,
        _send(world, usd(25_000), "bob"),
        _send(world, usd("5000.000001"), "bob"),
        _send(world, usd(5_000), "bob"),
    )
    assert_succeeded(big)
    assert_reverted(
        over, "VolumeLimitExceeded", account=a.bob.address, limit=usd(30_000), window=WEEK,
        available=usd(5_000), attempted=usd("5000.000001"),
    )  # fmt: skip
    assert_succeeded(rest)
    refused(
        world.token, a.alice, world.henry, usd(25_000), VOLUME_LIMIT_EXCEEDED,
        "VolumeLimitExceeded", account=a.alice.address, limit=LIMIT, window=DAY,
        available=LIMIT, attempted=usd(25_000),
    )  # fmt: skip


def test_volume_limit_of_zero_is_off(world: AmlWorld) -> None:
    a, token = world.actors, world.token
    world.officer("setTierLimits", 1, limits(volume=0, window=DAY))
    world.officer("setTierLimits", 2, limits(volume=usd(1_000), window=DAY))
    assert remaining(token, a.alice) == (NO_LIMIT, NO_LIMIT)
    passes(token, a.alice, world.henry, usd(60_000))
    passes(token, a.alice, world.henry, usd(40_000))
    assert token.fn.balanceOf(a.alice.address).call() == ALICE_BALANCE - usd(100_000)
    assert remaining(token, a.bob) == (usd(1_000), NO_LIMIT)  # tier 2 keeps its limit


def test_remainingLimits_is_exactly_what_the_next_transfer_may_send(
    world: AmlWorld, now: Clock, warp: Warp
) -> None:
    a = world.actors
    _retail_volume(world)
    t = now() + 10
    for offset, value in ((0, usd("3333.333333")), (777, usd("1234.56789")), (3_001, 42)):
        warp(t + offset)
        passes(world.token, a.alice, world.henry, value)
    warp(t + 4_321)
    available, _ = remaining(world.token, a.alice)
    assert usd(5_000) < available < usd(6_000)  # 10,000 - 4,567.9 + ~500 recovered
    over, exact = in_one_block(world.chain, _send(world, available + 1), _send(world, available))
    _over_retail_limit(world, over, available=available, attempted=available + 1)
    assert_succeeded(exact)


def test_setTierLimits_keeps_the_usage_as_clock_time(
    world: AmlWorld, now: Clock, warp: Warp
) -> None:
    a = world.actors
    _retail_volume(world)
    t = now() + 10
    warp(t)
    passes(world.token, a.alice, world.henry, usd(5_000))  # half the window's worth
    _retail_volume(world, limit=usd(20_000))
    warp(t + 6 * HOUR)
    # 6 of the 12 hours of clock are left: 18/24 of the new 20,000 limit is free
    assert remaining(world.token, a.alice) == (usd(15_000), NO_LIMIT)


def test_setTierLimits_keeps_the_recovery_time_when_the_window_changes(
    world: AmlWorld, now: Clock, warp: Warp
) -> None:
    """Documented: usage is recovery time. 5,000 of 10,000 per 24 h is 12 h from recovered; a
    12-hour window then starts full, and recovers in those same 12 hours."""
    a = world.actors
    _retail_volume(world)
    t = now() + 10
    warp(t)
    passes(world.token, a.alice, world.henry, usd(5_000))  # 12 h of clock time
    _retail_volume(world, window=12 * HOUR)  # at t + 1
    assert remaining(world.token, a.alice)[0] == 462_962  # 1 s of 12 h recovered: 10,000 / 43,200
    warp(t + 12 * HOUR)
    assert remaining(world.token, a.alice)[0] == LIMIT


def test_transferFrom_counts_against_the_owners_volume(
    world: AmlWorld, now: Clock, warp: Warp
) -> None:
    a, token = world.actors, world.token
    _retail_volume(world)
    world.officer("setTierLimits", 3, limits(volume=LIMIT, window=DAY))
    token.fn.approve(a.carol.address, usd(50_000)).transact(a.alice)
    t = now() + 10
    warp(t)
    token.fn.transferFrom(a.alice.address, a.bob.address, LIMIT).transact(a.carol)
    assert remaining(token, a.alice) == (115_740, NO_LIMIT)  # one second later
    assert remaining(token, a.carol) == (LIMIT, NO_LIMIT)  # the spender used nothing


def test_incoming_transfers_do_not_count(world: AmlWorld) -> None:
    _retail_volume(world)
    passes(world.token, world.actors.carol, world.henry, usd(30_000))  # carol's tier: no limit
    assert remaining(world.token, world.henry) == (LIMIT, NO_LIMIT)


def test_transfer_to_self_counts_against_the_volume(
    world: AmlWorld, now: Clock, warp: Warp
) -> None:
    a = world.actors
    _retail_volume(world)
    t = now() + 10
    warp(t)
    passes(world.token, a.alice, a.alice, LIMIT)
    assert world.token.fn.balanceOf(a.alice.address).call() == ALICE_BALANCE
    assert remaining(world.token, a.alice) == (115_740, NO_LIMIT)


# --- structuring, and the guarantee over any interval --------------------------------------------


def _fixed_calendar_day_allows(transfers: list[tuple[int, int]], limit: int) -> list[bool]:
    """What a fixed-window limit (``limit`` per UTC calendar day) would decide."""
    used: dict[int, int] = defaultdict(int)
    allowed = []
    for timestamp, value in transfers:
        day = timestamp // DAY
        ok = used[day] + value <= limit
        if ok:
            used[day] += value
        allowed.append(ok)
    return allowed


def test_transfer_reverts_when_structuring_across_midnight(
    world: AmlWorld, now: Clock, warp: Warp
) -> None:
    """5 x 2,950 within 6 hours, 3 before and 2 after a UTC midnight, against 10,000 / 24 h."""
    a = world.actors
    _retail_volume(world)
    midnight = ((now() + 5 * HOUR) // DAY + 1) * DAY
    times = [midnight - 4 * HOUR, midnight - 3 * HOUR, midnight - 2 * HOUR]
    times += [midnight + 1 * HOUR, midnight + 2 * HOUR]
    piece = usd(2_950)
    plan = [(t, piece) for t in times]

    # a calendar-day window sees 8,850 on the first day and 5,900 on the second: all five pass
    assert _fixed_calendar_day_allows(plan, LIMIT) == [True] * 5

    # each 2,950 costs 2,950 / 10,000 * 24 h = 25,488 s of clock
    for t in times[:4]:
        warp(t)
        passes(world.token, a.alice, world.henry, piece)
    warp(times[4])
    # the clock runs 101,952 - 21,600 = 80,352 s ahead: 6,048 / 86,400 of the limit is free
    assert remaining(world.token, a.alice) == (usd(700), NO_LIMIT)
    refused(
        world.token, a.alice, world.henry, piece, VOLUME_LIMIT_EXCEEDED, "VolumeLimitExceeded",
        account=a.alice.address, limit=LIMIT, window=DAY, available=usd(700), attempted=piece,
    )  # fmt: skip
    assert world.token.fn.balanceOf(world.henry.address).call() == 4 * piece  # 11,800 in 5 h


def test_burst_moves_exactly_the_limit_and_nothing_more_at_that_instant(
    world: AmlWorld, now: Clock, warp: Warp
) -> None:
    _retail_volume(world)
    warp(now() + 10)
    burst, more = in_one_block(world.chain, _send(world, LIMIT), _send(world, 1))
    assert_succeeded(burst)
    _over_retail_limit(world, more, available=0, attempted=1)


def test_at_most_a_quarter_more_leaves_within_a_quarter_window(
    world: AmlWorld, now: Clock, warp: Warp
) -> None:
    """In any interval of length T at most L * (1 + T / W) leaves: T = W / 4 gives 12,500."""
    a = world.actors
    _retail_volume(world)
    t = now() + 10
    warp(t)
    passes(world.token, a.alice, world.henry, LIMIT)
    warp(t + DAY // 4)
    quarter, more = in_one_block(world.chain, _send(world, usd(2_500)), _send(world, 1))
    assert_succeeded(quarter)
    _over_retail_limit(world, more, available=0, attempted=1)
    sent = world.token.fn.balanceOf(world.henry.address).call()
    assert sent == usd(12_500) == LIMIT + LIMIT * (DAY // 4) // DAY
