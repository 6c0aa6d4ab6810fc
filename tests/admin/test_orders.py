"""Lawful orders and pause: each action carries its order reference into its event."""

from __future__ import annotations

import pytest

from compliance_kit.admin import MissingRole
from compliance_kit.admin.explain import COMPLIANCE, family
from compliance_kit.exceptions import ComplianceKitError, InputError, revert_error

ORDER = "HK-HCMP-2026-0042"


def test_freeze_and_unfreeze(funded, ck_actors):
    alice = ck_actors.alice.address
    result = funded.freeze(alice, ORDER)
    assert result.event("Frozen").args["orderRef"].rstrip(b"\0") == ORDER.encode()
    assert result.signer == ck_actors.compliance_officer.address
    assert funded.account(alice).frozen
    funded.unfreeze(alice, ORDER)
    assert not funded.account(alice).frozen


def test_partial_freeze(funded, ck_actors):
    alice = ck_actors.alice.address
    funded.freeze_tokens(alice, "250.5", ORDER)
    facts = funded.account(alice)
    assert (facts.frozen_tokens, facts.unfrozen_balance) == (250_500_000, 749_500_000)
    funded.unfreeze_tokens(alice, "0.5", ORDER)
    assert funded.account(alice).frozen_tokens == 250_000_000


def test_freeze_beyond_the_balance_is_a_compliance_refusal(funded, ck_actors):
    with pytest.raises(revert_error("FreezeExceedsBalance")) as caught:
        funded.freeze_tokens(ck_actors.alice.address, "1001", ORDER)
    assert family(caught.value) == COMPLIANCE


def test_freeze_and_seize_in_one_order(funded, ck_actors):
    alice, escrow = ck_actors.alice.address, ck_actors.seizure_escrow.address
    assert funded.seizure_escrow() == escrow
    result = funded.freeze_and_seize(alice, "600", ORDER)
    assert [r.action.split()[0] for r in result] == ["freeze", "seize"]
    seized = result[1].event("Seized").args
    assert (seized["account"], seized["escrow"], seized["amount"]) == (alice, escrow, 600_000_000)
    assert funded.balance_of(escrow) == 600


def test_burn_frozen_lowers_the_supply(funded, ck_actors):
    alice = ck_actors.alice.address
    funded.freeze(alice, ORDER)
    funded.burn_frozen(alice, "400", ORDER)
    assert funded.status().supply == 600


def test_seize_needs_frozen_funds(funded, ck_actors, nothing_sent):
    with nothing_sent(), pytest.raises(revert_error("InsufficientFrozenBalance")) as caught:
        funded.seize(ck_actors.alice.address, "1", ORDER)
    assert "only frozen funds can be seized" in caught.value.explanation.words


@pytest.mark.parametrize(("ref", "fragment"), [("", "empty"), ("X" * 40, "40 bytes long")])
def test_order_reference_is_required_and_short(funded, ck_actors, nothing_sent, ref, fragment):
    with nothing_sent(), pytest.raises(InputError, match=fragment) as caught:
        funded.freeze(ck_actors.alice.address, ref)
    assert caught.value.field == "order_ref"


def test_only_a_compliance_officer_executes_orders(funded, ck_actors, nothing_sent):
    from compliance_kit.admin import IssuerAdmin

    clerk = IssuerAdmin(funded.system, [ck_actors.alice, ck_actors.pauser])
    with nothing_sent(), pytest.raises(MissingRole) as caught:
        clerk.freeze(ck_actors.bob.address, ORDER)
    error = caught.value
    assert error.role == "COMPLIANCE_OFFICER_ROLE"
    assert error.signers == (ck_actors.alice.address, ck_actors.pauser.address)
    assert error.holders == (ck_actors.compliance_officer.address,)
    assert "nothing was sent" in str(error)


def test_set_seizure_escrow(funded, ck_actors):
    funded.set_seizure_escrow(ck_actors.treasury.address)
    assert funded.seizure_escrow() == ck_actors.treasury.address


def test_pause_and_unpause(funded, ck_actors):
    result = funded.pause()
    assert result.signer == ck_actors.pauser.address
    assert funded.paused()
    with pytest.raises(ComplianceKitError, match="already paused; nothing was sent"):
        funded.pause()
    funded.unpause()
    assert not funded.paused()
    with pytest.raises(ComplianceKitError, match="not paused"):
        funded.unpause()
