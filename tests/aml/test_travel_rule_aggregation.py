"""Travel-rule aggregation: the threshold also applies to the sender's rolling volume.

With ``setTravelRuleAggregation(true)``, a payment below the threshold still needs a commitment
once the sender's rolling volume -- what its tier's volume limit counts as used, this payment
included -- reaches the threshold: splitting a payment into pieces just below it (structuring) no
longer avoids the record. Refusals carry ``TravelRuleAggregateCommitmentMissing(from, to, amount,
rollingVolume, threshold)``; a single payment at or above the threshold keeps
``TravelRuleCommitmentMissing``. Senders exempt from limits and tiers without a volume limit stay
per payment.
"""

# Foundry-style names keep the Solidity function's camelCase: test_<fn>_reverts_when_<cond>
# ruff: noqa: N802

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest
from behaviors.asserts import assert_events

from aml.helpers import (
    DAY,
    HK,
    HOUR,
    TRAVEL_RULE_COMMITMENT_MISSING,
    limits,
    passes,
    payload_hash,
    refused,
    remaining,
    usd,
)

if TYPE_CHECKING:
    from eth_account.signers.local import LocalAccount

    from aml.conftest import AmlWorld

Clock = Callable[[], int]
Warp = Callable[[int], None]

THRESHOLD = usd(3_000)
LIMIT = usd(10_000)  # retail: 10,000 per rolling 24 hours
PIECE = usd(2_950)  # each payment just below the threshold
TICKS = 256  # the volume clock counts 1/256 s
PAYLOAD = payload_hash("IVMS101: alice (HK) -> henry (HK), USDX 2,950, ref 2026-0005")


@pytest.fixture
def aggregating(world: AmlWorld) -> AmlWorld:
    """Travel rule on at 3,000 (Hong Kong, home), retail limited to 10,000 per rolling 24 h,
    aggregation on."""
    world.officer("setTravelRuleThreshold", HK, THRESHOLD)
    world.officer("setTravelRule", True)
    world.officer("setTierLimits", 1, limits(volume=LIMIT, window=DAY))
    world.officer("setTravelRuleAggregation", True)
    return world


def _rolling_after(payments: list[tuple[int, int]], at: int, value: int) -> int:
    """The contract's rolling volume after paying ``value`` at ``at``, following ``payments``
    ((time, value), in order): the volume clock's lead over now, read back in token units."""
    capacity = DAY * TICKS
    tat = 0
    for when, paid in [*payments, (at, value)]:
        tat = max(tat, when * TICKS) + -(-paid * capacity // LIMIT)
    debt = tat - at * TICKS
    return LIMIT - (capacity - debt) * LIMIT // capacity


def _aggregate_missing(
    world: AmlWorld, sender: LocalAccount, to: LocalAccount, value: int, volume: int
) -> None:
    refused(
        world.token, sender, to, value, TRAVEL_RULE_COMMITMENT_MISSING,
        "TravelRuleAggregateCommitmentMissing", **{"from": sender.address}, to=to.address,
        amount=value, rollingVolume=volume, threshold=THRESHOLD,
    )  # fmt: skip


def test_setTravelRuleAggregation_switches_it_and_emits_old_and_new(world: AmlWorld) -> None:
    assert world.token.fn.travelRuleAggregation().call() is False
    for previous, enabled in ((False, True), (True, False)):
        receipt = world.officer("setTravelRuleAggregation", enabled)
        expected = {"previousEnabled": previous, "enabled": enabled}
        assert_events(world.token, receipt, [("TravelRuleAggregationSet", expected)])
        assert world.token.fn.travelRuleAggregation().call() is enabled


def test_structured_payments_need_a_commitment_once_their_rolling_volume_reaches_the_threshold(
    aggregating: AmlWorld, now: Clock, warp: Warp
) -> None:
    alice, henry, token = aggregating.actors.alice, aggregating.henry, aggregating.token
    t = now() + 10
    warp(t)
    passes(token, alice, henry, PIECE)  # 2,950 in the window: below 3,000
    warp(t + HOUR)
    volume = _rolling_after([(t, PIECE)], t + HOUR, PIECE)
    assert volume == usd("5483.333334")  # 2,950 - 416.67 recovered in an hour + 2,950
    _aggregate_missing(aggregating, alice, henry, PIECE, volume)

    aggregating.commit(alice.address, henry.address, PIECE, PAYLOAD)
    receipt = passes(token, alice, henry, PIECE)  # the VASP's record covers it
    assert_events(
        aggregating.registry,
        receipt,
        [
            (
                "CommitmentConsumed",
                {
                    "token": token.address,
                    "from": alice.address,
                    "to": henry.address,
                    "amount": PIECE,
                    "payloadHash": PAYLOAD,
                },
            )
        ],
    )


def test_the_rolling_volume_falls_back_below_the_threshold_with_time(
    aggregating: AmlWorld, now: Clock, warp: Warp
) -> None:
    alice, henry, token = aggregating.actors.alice, aggregating.henry, aggregating.token
    t = now() + 10
    warp(t)
    passes(token, alice, henry, PIECE)
    # the window recovers 10,000 per 24 h: 5,900 - x * 10,000 / 24 h < 3,000 after about 6.96 h
    edge = next(
        t + s
        for s in range(6 * HOUR, 8 * HOUR)
        if _rolling_after([(t, PIECE)], t + s, PIECE) < THRESHOLD
    )
    assert edge - t == 25_057  # the first whole second the pair no longer reaches 3,000
    warp(edge - 1)
    volume = _rolling_after([(t, PIECE)], edge - 1, PIECE)
    _aggregate_missing(aggregating, alice, henry, PIECE, volume)
    warp(edge)
    passes(token, alice, henry, PIECE)


def test_a_single_payment_at_the_threshold_keeps_the_per_payment_error(
    aggregating: AmlWorld,
) -> None:
    alice, henry = aggregating.actors.alice, aggregating.henry
    refused(
        aggregating.token, alice, henry, THRESHOLD, TRAVEL_RULE_COMMITMENT_MISSING,
        "TravelRuleCommitmentMissing", **{"from": alice.address}, to=henry.address,
        amount=THRESHOLD, threshold=THRESHOLD,
    )  # fmt: skip


def test_without_aggregation_each_payment_is_judged_alone(
    aggregating: AmlWorld, now: Clock, warp: Warp
) -> None:
    alice, henry, token = aggregating.actors.alice, aggregating.henry, aggregating.token
    aggregating.officer("setTravelRuleAggregation", False)
    t = now() + 10
    warp(t)
    for _ in range(3):  # 8,850 within the window, each payment below 3,000
        passes(token, alice, henry, PIECE)
    assert token.fn.balanceOf(henry.address).call() == 3 * PIECE
    assert remaining(token, alice)[0] < LIMIT - 2 * PIECE  # the volume limit still counts them


def test_senders_exempt_from_limits_are_judged_per_payment(
    aggregating: AmlWorld, now: Clock, warp: Warp
) -> None:
    alice, henry, token = aggregating.actors.alice, aggregating.henry, aggregating.token
    warp(now() + 10)
    passes(token, alice, henry, PIECE)
    aggregating.officer("setLimitExemption", alice.address, True)  # e.g. the issuer's treasury
    for _ in range(3):
        passes(token, alice, henry, PIECE)


def test_tiers_without_a_volume_limit_are_judged_per_payment(aggregating: AmlWorld) -> None:
    a = aggregating.actors  # bob: tier 2 (professional), no limits
    for _ in range(3):
        passes(aggregating.token, a.bob, a.alice, PIECE)
    refused(
        aggregating.token, a.bob, a.alice, THRESHOLD, TRAVEL_RULE_COMMITMENT_MISSING,
        "TravelRuleCommitmentMissing", **{"from": a.bob.address}, to=a.alice.address,
        amount=THRESHOLD, threshold=THRESHOLD,
    )  # fmt: skip


def test_aggregation_needs_the_travel_rule_on(aggregating: AmlWorld) -> None:
    alice, henry, token = aggregating.actors.alice, aggregating.henry, aggregating.token
    aggregating.officer("setTravelRule", False)
    for _ in range(3):
        passes(token, alice, henry, PIECE)
