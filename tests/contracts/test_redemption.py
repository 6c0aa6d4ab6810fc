"""Redemption at par: burn now, record a request, pay out off-chain, SLA visible on-chain."""

# Foundry-style names keep the Solidity function's camelCase: test_<fn>_reverts_when_<cond>
# ruff: noqa: N802

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest
from behaviors.asserts import assert_events, reverts
from behaviors.stablecoin import ALICE_FUNDS, UNIT
from eth_utils import keccak

if TYPE_CHECKING:
    from behaviors.stablecoin import Actors, StablecoinEnv

    from compliance_kit.chain import Embedded
    from compliance_kit.contracts import Contract

BANK_REF = keccak(text="alice IBAN HK00 0000 0001")
PAYMENT_REF = keccak(text="wire 2026-11-21 #1")
ORDER = keccak(text="court order 7")
ZERO = "0x" + "00" * 20
DAY = 86_400


@pytest.fixture
def sla(token: Contract, actors: Actors) -> int:
    """A one-business-day SLA (HKMA), set by the admin."""
    token.fn.setRedemptionSla(DAY).transact(actors.admin)
    return DAY


def _redeem(token: Contract, holder, amount: int) -> int:
    receipt = token.fn.redeem(amount, BANK_REF).transact(holder)
    (event,) = token.events(receipt, "RedemptionRequested")
    return event["id"]


def test_redeem_burns_at_once_and_records_the_request(
    token: Contract, actors: Actors, sla: int, now: Callable[[], int]
) -> None:
    alice = actors.alice
    supply = token.fn.totalSupply().call()
    at = now()

    receipt = token.fn.redeem(400 * UNIT, BANK_REF).transact(alice)

    assert token.fn.balanceOf(alice.address).call() == ALICE_FUNDS - 400 * UNIT
    assert token.fn.totalSupply().call() == supply - 400 * UNIT
    assert token.fn.redemptionCount().call() == 1
    assert token.fn.redemption(0).call() == (alice.address, 400 * UNIT, 0, at, at + sla, 0)
    assert_events(
        token,
        receipt,
        [
            ("Transfer", {"from": alice.address, "to": ZERO, "value": 400 * UNIT}),
            (
                "RedemptionRequested",
                {
                    "id": 0,
                    "redeemer": alice.address,
                    "amount": 400 * UNIT,
                    "fee": 0,
                    "redemptionRef": BANK_REF,
                    "dueBy": at + sla,
                },
            ),
        ],
    )


def test_redeem_ids_count_up(token: Contract, actors: Actors) -> None:
    assert [_redeem(token, actors.alice, UNIT) for _ in range(3)] == [0, 1, 2]
    assert _redeem(token, actors.bob, UNIT) == 3
    assert token.fn.redemptionCount().call() == 4


def test_redeem_works_while_paused(token: Contract, actors: Actors) -> None:
    token.fn.pause().transact(actors.pauser)
    assert _redeem(token, actors.alice, UNIT) == 0


def test_redeem_reverts_when_holder_is_frozen(token: Contract, actors: Actors) -> None:
    token.fn.freeze(actors.alice.address, ORDER).transact(actors.compliance_officer)
    with reverts("AccountFrozen", account=actors.alice.address):
        token.fn.redeem(UNIT, BANK_REF).transact(actors.alice)


def test_redeem_reverts_when_holder_is_not_verified(token: Contract, actors: Actors) -> None:
    token.fn.revokeAccount(actors.alice.address).transact(actors.kyc_operator)
    with reverts("AccountNotVerified", account=actors.alice.address):
        token.fn.redeem(UNIT, BANK_REF).transact(actors.alice)


def test_redeem_reverts_when_kyc_expired(
    token: Contract, actors: Actors, env: StablecoinEnv, warp: Callable[[int], None]
) -> None:
    expiry = env.kyc["alice"].expiry
    warp(expiry)
    with reverts("KycExpired", account=actors.alice.address, expiredAt=expiry, currentTime=expiry):
        token.fn.redeem(UNIT, BANK_REF).transact(actors.alice)


def test_redeem_reverts_when_amount_exceeds_unfrozen_balance(
    token: Contract, actors: Actors
) -> None:
    alice = actors.alice.address
    token.fn.freezeTokens(alice, 100 * UNIT, ORDER).transact(actors.compliance_officer)
    available = ALICE_FUNDS - 100 * UNIT
    with reverts(
        "InsufficientUnfrozenBalance", account=alice, available=available, needed=available + 1
    ):
        token.fn.redeem(available + 1, BANK_REF).transact(actors.alice)
    assert _redeem(token, actors.alice, available) == 0


def test_redeem_reverts_when_amount_exceeds_balance(token: Contract, actors: Actors) -> None:
    alice = actors.alice.address
    with reverts(
        "ERC20InsufficientBalance", sender=alice, balance=ALICE_FUNDS, needed=ALICE_FUNDS + 1
    ):
        token.fn.redeem(ALICE_FUNDS + 1, BANK_REF).transact(actors.alice)


def test_redeem_reverts_when_amount_is_zero(token: Contract, actors: Actors) -> None:
    with reverts("RedemptionBelowMinimum", amount=0, minimum=1):
        token.fn.redeem(0, BANK_REF).transact(actors.alice)


def test_redeem_reverts_below_the_minimum(token: Contract, actors: Actors) -> None:
    minimum = 100_000 * UNIT // 100  # a scaled-down Tether-style minimum
    receipt = token.fn.setMinimumRedemption(minimum).transact(actors.admin)
    assert_events(token, receipt, [("MinimumRedemptionSet", {"previous": 0, "minimum": minimum})])

    with reverts("RedemptionBelowMinimum", amount=minimum - 1, minimum=minimum):
        token.fn.redeem(minimum - 1, BANK_REF).transact(actors.alice)
    assert _redeem(token, actors.alice, minimum) == 0


def test_fee_is_recorded_and_reported(token: Contract, actors: Actors) -> None:
    receipt = token.fn.setRedemptionFee(10).transact(actors.admin)  # 0.1 %
    assert_events(token, receipt, [("RedemptionFeeSet", {"previous": 0, "feeBps": 10})])

    receipt = token.fn.redeem(1_000 * UNIT, BANK_REF).transact(actors.alice)

    (event,) = token.events(receipt, "RedemptionRequested")
    assert event["fee"] == UNIT
    assert token.fn.redemption(0).call()[2] == UNIT
    assert token.fn.redemptionTerms().call() == (0, 0, 10, False)


def test_setRedemptionFee_reverts_above_100_percent(token: Contract, actors: Actors) -> None:
    with reverts("InvalidRedemptionFee", feeBps=10_001, maxBps=10_000):
        token.fn.setRedemptionFee(10_001).transact(actors.admin)


def test_locked_fee_cannot_change(token: Contract, actors: Actors) -> None:
    """MiCA Art 49: redemption at par without fee, locked by the profile."""
    receipt = token.fn.lockRedemptionFee().transact(actors.admin)
    assert_events(token, receipt, [("RedemptionFeeLocked", {"feeBps": 0})])

    with reverts("RedemptionFeeFixed", feeBps=0):
        token.fn.setRedemptionFee(1).transact(actors.admin)
    assert token.fn.redemptionTerms().call() == (0, 0, 0, True)


def test_sla_change_emits_old_and_new(token: Contract, actors: Actors) -> None:
    token.fn.setRedemptionSla(5 * DAY).transact(actors.admin)
    receipt = token.fn.setRedemptionSla(DAY).transact(actors.admin)
    assert_events(token, receipt, [("RedemptionSlaSet", {"previous": 5 * DAY, "slaSeconds": DAY})])


def test_fulfil_on_time(token: Contract, actors: Actors, sla: int, now: Callable[[], int]) -> None:
    _redeem(token, actors.alice, UNIT)
    at = now()

    receipt = token.fn.fulfillRedemption(0, PAYMENT_REF).transact(actors.treasury)

    assert_events(
        token,
        receipt,
        [("RedemptionFulfilled", {"id": 0, "paymentRef": PAYMENT_REF, "late": False})],
    )
    assert token.fn.redemption(0).call()[5] == at
    assert token.fn.isRedemptionOverdue(0).call() is False


def test_overdue_is_visible_and_late_fulfilment_is_flagged(
    token: Contract, actors: Actors, chain: Embedded, sla: int, warp: Callable[[int], None]
) -> None:
    _redeem(token, actors.alice, UNIT)
    due = token.fn.redemption(0).call()[4]
    warp(due)
    assert token.fn.isRedemptionOverdue(0).call() is False  # due time itself is on time
    warp(due + 1)
    assert token.fn.isRedemptionOverdue(0).call() is True

    receipt = token.fn.fulfillRedemption(0, PAYMENT_REF).transact(actors.treasury)

    assert_events(
        token,
        receipt,
        [
            ("RedemptionFulfilled", {"id": 0, "paymentRef": PAYMENT_REF, "late": True}),
            ("RedemptionFulfilledLate", {"id": 0, "dueBy": due, "fulfilledAt": due + 1}),
        ],
    )
    assert token.fn.isRedemptionOverdue(0).call() is False


def test_fulfillRedemption_reverts_when_already_fulfilled(
    token: Contract, actors: Actors, now: Callable[[], int]
) -> None:
    _redeem(token, actors.alice, UNIT)
    at = now()
    token.fn.fulfillRedemption(0, PAYMENT_REF).transact(actors.treasury)
    with reverts("RedemptionAlreadyFulfilled", id=0, fulfilledAt=at):
        token.fn.fulfillRedemption(0, PAYMENT_REF).transact(actors.treasury)


def test_fulfillRedemption_reverts_for_an_unknown_id(token: Contract, actors: Actors) -> None:
    with reverts("UnknownRedemption", id=7):
        token.fn.fulfillRedemption(7, PAYMENT_REF).transact(actors.treasury)
    with reverts("UnknownRedemption", id=7):
        token.fn.redemption(7).call()
    with reverts("UnknownRedemption", id=7):
        token.fn.isRedemptionOverdue(7).call()


def test_sla_change_does_not_move_existing_due_times(
    token: Contract, actors: Actors, sla: int
) -> None:
    _redeem(token, actors.alice, UNIT)
    due = token.fn.redemption(0).call()[4]
    token.fn.setRedemptionSla(10 * DAY).transact(actors.admin)
    assert token.fn.redemption(0).call()[4] == due


def test_bank_run_drill_keeps_supply_and_requests_consistent(
    token: Contract, actors: Actors
) -> None:
    """12 % of supply redeemed in a burst: every request burned at once and recorded."""
    supply = token.fn.totalSupply().call()
    target = supply * 12 // 100
    burned = 0
    for holder in (actors.alice, actors.bob):
        amount = min(target - burned, token.fn.balanceOf(holder.address).call())
        if amount:
            _redeem(token, holder, amount)
            burned += amount
    assert token.fn.totalSupply().call() == supply - burned
    recorded = sum(
        token.fn.redemption(i).call()[1] for i in range(token.fn.redemptionCount().call())
    )
    assert recorded == burned
