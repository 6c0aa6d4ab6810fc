"""The redemption queue: pending, overdue, fulfilled; batches; the terms."""

from __future__ import annotations

from decimal import Decimal

import pytest
from eth_utils import keccak

from compliance_kit.admin import BatchFailed
from compliance_kit.exceptions import InputError, revert_error

DAY = 86_400


@pytest.fixture
def queue(funded, ck_actors):
    """alice redeems 100, then 250 (request ids 0 and 1)."""
    for amount in (100, 250):
        funded.token.fn.redeem(amount * 10**6, keccak(text="alice bank")).transact(ck_actors.alice)
    return funded


def test_pending_requests(queue, ck_actors, ck_chain):
    pending = queue.pending_redemptions()
    assert [(r.id, r.amount, r.status) for r in pending] == [
        (0, Decimal(100), "pending"),
        (1, Decimal(250), "pending"),
    ]
    assert pending[0].redeemer == ck_actors.alice.address
    assert pending[0].due_by > ck_chain.timestamp()
    assert queue.overdue_redemptions() == []
    assert queue.status().redemptions_open_amount == 350


def test_overdue_after_the_sla(queue, ck_advance_time):
    ck_advance_time(3 * DAY)
    assert [r.id for r in queue.overdue_redemptions()] == [0, 1]
    assert queue.status().redemptions_overdue == 2


def test_fulfil(queue, ck_actors):
    result = queue.fulfil_redemption(1, "HK-FPS-0001")
    assert result.signer == ck_actors.treasury.address
    assert result.event("RedemptionFulfilled").args["late"] is False
    assert queue.redemption(1).status == "fulfilled"
    assert [r.id for r in queue.pending_redemptions()] == [0]
    assert [r.id for r in queue.redemptions(status="fulfilled")] == [1]


def test_fulfil_many_stops_at_the_first_refusal(queue):
    with pytest.raises(BatchFailed) as caught:
        queue.fulfil_redemptions([(0, "PAY-0"), (0, "PAY-0-AGAIN"), (1, "PAY-1")])
    failed = caught.value
    assert [r.action for r in failed.sent] == ["fulfil redemption 0 (payment PAY-0)"]
    assert failed.cause.name == "RedemptionAlreadyFulfilled"
    assert failed.not_sent == ("fulfil redemption 1 (payment PAY-1)",)
    assert queue.redemption(1).status == "pending"


def test_unknown_request(queue, nothing_sent):
    with nothing_sent(), pytest.raises(revert_error("UnknownRedemption")):
        queue.fulfil_redemption(7, "PAY")
    with pytest.raises(InputError, match="redemption id"):
        queue.fulfil_redemption(-1, "PAY")


def test_terms(admin):
    admin.set_redemption_sla("1d")
    admin.set_redemption_fee(25)
    admin.set_minimum_redemption("100.5")
    terms = admin.redemption_terms()
    assert (terms.minimum, terms.sla_seconds, terms.fee_bps, terms.fee_locked) == (
        Decimal("100.5"),
        DAY,
        25,
        False,
    )
    admin.lock_redemption_fee()
    assert admin.redemption_terms().fee_locked
    with pytest.raises(revert_error("RedemptionFeeFixed")) as caught:
        admin.set_redemption_fee(0)
    assert "locked at 25 bps" in caught.value.explanation.words
