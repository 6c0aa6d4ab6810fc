"""The AML transfer rules through ``IssuerAdmin``, on the embedded chain (``us`` profile).

The deployed profile: home jurisdiction 840, travel-rule threshold 3,000, retail tier capped at
10,000 per transfer and 25,000 / 50 transfers per rolling day, corridors enforced and open by
default with 364 and 408 blocked, transfers, mints and redemptions screened (failing closed) by
the SanctionsList the compliance officer owns; the dev KYC provider is the one VASP. alice and bob
are retail, 840; mallory is never verified.

Every ``check_transfer`` prediction is checked against what the real transfer does.
"""

from __future__ import annotations

import dataclasses
import json
from decimal import Decimal

import pytest
from eth_utils import keccak

from compliance_kit.admin import AccessDenied, IssuerAdmin, MissingRole, NoSanctionsList
from compliance_kit.admin.aml import KEEP, SignedTravelRuleCommitment
from compliance_kit.admin.explain import ACCESS, COMPLIANCE, ERRORS, REFUSED, explain, family
from compliance_kit.exceptions import CustomErrorRevert, InputError, Reverted, revert_error

HOME, HK, IR = 840, 344, 364
UNIT = 10**6


def _officer(admin):
    return admin.system.manifest.roles.compliance_officer


# --- tier limits and exemptions -------------------------------------------------------------------


def test_tier_limits_read_by_number_or_name(admin):
    retail = admin.tier_limits("retail")
    assert retail == admin.tier_limits(1)
    assert (retail.transfer_cap, retail.volume_limit, retail.window, retail.max_transfers) == (
        Decimal(10_000),
        Decimal(25_000),
        86_400,
        50,
    )
    institution = admin.tier_limits("institution")
    assert (institution.transfer_cap, institution.volume_limit, institution.max_transfers) == (
        None,
        None,
        None,
    )
    assert [t.tier for t in admin.all_tier_limits()] == [1, 2, 3, 4]
    assert retail.to_dict()["window"] == "1 d"


def test_set_tier_limits_changes_only_the_fields_given(admin):
    result = admin.set_tier_limits("retail", transfer_cap="2_500.5")
    assert result.signer == _officer(admin)
    event = result.event("TierLimitsSet")
    assert event.args["limits"] == {
        "transferCap": 2_500_500_000,
        "volumeLimit": 25_000 * UNIT,
        "window": 86_400,
        "maxTransfers": 50,
    }
    assert event.args["previous"]["transferCap"] == 10_000 * UNIT
    assert "limits=(transferCap=2,500.5, volumeLimit=25,000, window=1 d" in event.summary
    after = admin.tier_limits(1)
    assert (after.transfer_cap, after.volume_limit, after.window, after.max_transfers) == (
        Decimal("2500.5"),
        Decimal(25_000),
        86_400,
        50,
    )
    admin.set_tier_limits(1, volume_limit="none", max_transfers=None, window="2h")
    after = admin.tier_limits(1)
    assert (after.transfer_cap, after.volume_limit, after.window, after.max_transfers) == (
        Decimal("2500.5"),
        None,
        7_200,
        None,
    )
    admin.set_tier_limits(1, transfer_cap=None, window=0)  # every limit off: no window needed
    assert admin.tier_limits(1).transfer_cap is None


@pytest.mark.parametrize(
    ("changes", "field", "fragment"),
    [
        ({"transfer_cap": "1.0000001"}, "transfer_cap", "decimal places"),
        ({"transfer_cap": "-5"}, "transfer_cap", "negative"),
        ({"volume_limit": "lots"}, "volume_limit", "not an amount"),
        ({"volume_limit": str(2**64)}, "volume_limit", "largest rule amount"),
        ({"window": "soon"}, "window", "not a duration"),
        ({"window": "30"}, "window", "needs a window"),
        ({"window": 2**25}, "window", "33,554,431"),
        ({"max_transfers": 70_000}, "max_transfers", "65,535"),
        ({"max_transfers": "100", "window": "1m"}, "max_transfers", "at most one per second"),
    ],
)
def test_bad_limits_name_the_field_and_send_nothing(admin, nothing_sent, changes, field, fragment):
    with nothing_sent(), pytest.raises(InputError, match=fragment) as caught:
        admin.set_tier_limits("retail", **changes)
    assert caught.value.field == field


def test_bad_tier_is_refused(admin, nothing_sent):
    with nothing_sent(), pytest.raises(InputError) as caught:
        admin.set_tier_limits(5, transfer_cap="1")
    assert caught.value.field == "tier"


def test_rule_amounts_have_at_most_six_decimals(admin, nothing_sent):
    """A token of more than 6 decimals stores rule amounts in units of ``ruleUnit`` base units."""
    admin.rule_unit = 1_000  # as if the token had 9 decimals (the check reads only this)
    with nothing_sent(), pytest.raises(InputError, match="at most 3") as caught:
        admin.set_travel_rule_threshold(HOME, "1.0005")
    assert caught.value.field == "amount"


def test_limit_exemption_and_what_remains(admin, ck_actors):
    alice = ck_actors.alice.address
    remaining = admin.remaining_limits(alice)
    assert (remaining.exempt, remaining.volume, remaining.transfers) == (
        False,
        Decimal(25_000),
        50,
    )
    assert remaining.limits.tier_name == "retail"
    result = admin.set_limit_exemption(alice, True)
    assert result.event("LimitExemptionSet").args == {
        "account": alice,
        "previous": False,
        "exempt": True,
    }
    assert admin.is_limit_exempt(alice)
    remaining = admin.remaining_limits(alice)
    assert (remaining.exempt, remaining.volume, remaining.transfers) == (True, None, None)
    assert remaining.to_dict()["volume_available"] is None
    admin.set_limit_exemption(alice, False)
    assert not admin.is_limit_exempt(alice)


def test_exemption_input(admin, nothing_sent):
    with nothing_sent(), pytest.raises(InputError) as caught:
        admin.set_limit_exemption("0x" + "00" * 20)
    assert caught.value.field == "account"
    with nothing_sent(), pytest.raises(InputError) as caught:
        admin.set_limit_exemption("alice")
    assert caught.value.field == "account"


# --- travel rule ------------------------------------------------------------------------------


def test_transfer_rules_as_deployed(admin):
    rules = admin.transfer_rules()
    assert (rules.travel_rule, rules.home_jurisdiction, rules.home_threshold) == (
        True,
        HOME,
        Decimal(3_000),
    )
    assert rules.registry == admin.registry.address
    assert (rules.corridors, rules.corridors_open_by_default) == (True, True)
    assert rules.corridors_mode == "open by default"
    assert rules.screening.system_list
    assert json.loads(json.dumps(rules.to_dict()))["home_threshold"] == "3000"
    assert rules.travel_rule_aggregation is False  # the us profile: aggregate = false
    assert rules.to_dict()["travel_rule_aggregation"] is False


def test_travel_rule_switch_and_home(admin):
    off = admin.set_travel_rule(False)
    assert off.event("TravelRuleSet").args == {"previousEnabled": True, "enabled": False}
    assert not admin.transfer_rules().travel_rule
    admin.set_travel_rule(True)
    home = admin.set_home_jurisdiction("036")
    assert home.event("HomeJurisdictionSet").args == {"previous": HOME, "jurisdiction": 36}
    assert admin.transfer_rules().home_jurisdiction == 36


def test_travel_rule_aggregation_switch(admin, nothing_sent):
    on = admin.set_travel_rule_aggregation(True)
    assert on.signer == _officer(admin)
    assert on.action == "switch travel-rule aggregation on"
    assert on.event("TravelRuleAggregationSet").args == {"previousEnabled": False, "enabled": True}
    assert on.event("TravelRuleAggregationSet").summary == (
        "TravelRuleAggregationSet(previousEnabled=false, enabled=true)"
    )
    rules = admin.transfer_rules()
    assert (rules.travel_rule, rules.travel_rule_aggregation) == (True, True)
    assert json.loads(json.dumps(rules.to_dict()))["travel_rule_aggregation"] is True
    state = admin.status()
    assert state.travel_rule_aggregation
    assert state.to_dict()["travel_rule_aggregation"] is True
    off = admin.set_travel_rule_aggregation(False)
    assert off.event("TravelRuleAggregationSet").args == {"previousEnabled": True, "enabled": False}
    assert not admin.transfer_rules().travel_rule_aggregation
    with nothing_sent(), pytest.raises(InputError, match="not True or False") as caught:
        admin.set_travel_rule_aggregation("yes")
    assert caught.value.field == "enabled"


def test_travel_rule_thresholds(admin):
    result = admin.set_travel_rule_threshold(HK, "1_000")
    assert result.event("TravelRuleThresholdSet").args["threshold"] == 1_000 * UNIT
    threshold = admin.travel_rule_threshold(HK)
    assert (threshold.threshold, threshold.own, threshold.home) == (Decimal(1_000), True, False)
    admin.set_travel_rule_threshold(HK, None)  # the home threshold applies again
    threshold = admin.travel_rule_threshold(HK)
    assert (threshold.threshold, threshold.own) == (Decimal(3_000), False)
    admin.set_travel_rule_threshold(HOME, "none")  # the home jurisdiction: none at all
    home = admin.travel_rule_threshold(HOME)
    assert (home.threshold, home.own, home.home) == (None, True, True)
    assert admin.transfer_rules().home_threshold is None


@pytest.mark.parametrize(
    ("args", "field"),
    [((1000, "1"), "jurisdiction"), (("US", "1"), "jurisdiction"), ((HK, "0.0000001"), "amount")],
)
def test_bad_threshold_input(admin, nothing_sent, args, field):
    with nothing_sent(), pytest.raises(InputError) as caught:
        admin.set_travel_rule_threshold(*args)
    assert caught.value.field == field


def test_travel_rule_registry_is_the_admins(admin, ck_actors, nothing_sent):
    result = admin.set_travel_rule_registry()
    assert result.signer == ck_actors.admin.address
    assert result.event("TravelRuleRegistrySet").args["registry"] == admin.registry.address
    with nothing_sent(), pytest.raises(revert_error("NotAContract")) as caught:
        admin.set_travel_rule_registry(ck_actors.alice.address)
    assert not caught.value.mined
    assert family(caught.value) == REFUSED
    assert "has no code" in caught.value.explanation.words
    with nothing_sent(), pytest.raises(InputError) as zero:
        admin.set_travel_rule_registry("0x" + "00" * 20)
    assert zero.value.field == "registry"


# --- corridors ----------------------------------------------------------------------------------


def test_corridors(admin):
    corridor = admin.corridor(HOME, HK)
    assert (corridor.status, corridor.open) == ("unset", True)
    assert corridor.reason == "no entry, and corridors are open by default"
    result = admin.set_corridor_rules(open_by_default=False)  # enforcement stays on
    assert result.event("CorridorRulesSet").args == {
        "previousEnabled": True,
        "previousOpenByDefault": True,
        "enabled": True,
        "openByDefault": False,
    }
    assert not admin.corridor(HOME, HK).open
    allowed = admin.set_corridor(HOME, HK, "allow")
    assert "previous=unset, status=allowed" in allowed.event("CorridorSet").summary
    assert admin.corridor(HOME, HK).open
    assert not admin.corridor(HK, HOME).open  # one direction
    admin.set_corridor(HOME, HK, "deny")
    assert admin.corridor(HOME, HK).reason == "the corridor is denied"
    admin.set_corridor(HOME, HK, "unset")
    assert admin.corridor(HOME, HK).status == "unset"
    blocked = admin.corridor(HOME, IR)
    assert (blocked.open, blocked.destination_blocked) == (False, True)
    domestic = admin.corridor(HK, HK)
    assert (domestic.open, domestic.reason) == (
        True,
        "transfers inside one jurisdiction are not a corridor",
    )
    inside_blocked = admin.corridor(IR, IR)
    assert (inside_blocked.open, inside_blocked.origin_blocked) == (False, True)
    admin.set_corridor_rules(enabled=False)
    assert admin.corridor(HOME, IR).reason == "corridors are not enforced"


def test_block_and_unblock(admin):
    result = admin.block_jurisdiction(HK)
    assert result.event("JurisdictionBlockedSet").args == {
        "jurisdiction": HK,
        "previous": False,
        "blocked": True,
    }
    assert admin.is_jurisdiction_blocked(HK)
    admin.unblock_jurisdiction(HK)
    assert not admin.is_jurisdiction_blocked(HK)


def test_the_home_jurisdiction_cannot_be_blocked(admin, nothing_sent):
    with nothing_sent(), pytest.raises(revert_error("HomeJurisdictionBlocked")) as caught:
        admin.block_jurisdiction(HOME)
    assert family(caught.value) == REFUSED
    assert "pause the token" in caught.value.explanation.remedy


@pytest.mark.parametrize(
    ("args", "field"),
    [
        ((HOME, HK, "maybe"), "status"),
        ((HOME, HOME, "deny"), "to"),
        ((0, HK, "deny"), "from"),
        ((HOME, 1000, "deny"), "to"),
    ],
)
def test_bad_corridor_input(admin, nothing_sent, args, field):
    with nothing_sent(), pytest.raises(InputError) as caught:
        admin.set_corridor(*args)
    assert caught.value.field == field


# --- sanctions ----------------------------------------------------------------------------------


def test_screening_as_deployed_and_changed_field_by_field(admin):
    screening = admin.sanctions_screening()
    assert screening.oracle == admin.system.sanctions_oracle.address
    assert (screening.on_mint, screening.on_redeem, screening.on_transfer) == (True, True, True)
    assert screening.summary() == "mint, redeem, transfer; fails closed"
    result = admin.set_sanctions_screening(fail_open=True, on_redeem=False)
    event = result.event("SanctionsScreeningSet").args
    assert event["screening"] == {
        "oracle": screening.oracle,
        "onMint": True,
        "onRedeem": False,
        "onTransfer": True,
        "failOpen": True,
    }
    assert admin.sanctions_screening().summary() == "mint, transfer; fails open"
    admin.set_sanctions_screening(oracle=None, on_mint=False, on_transfer=False)
    off = admin.sanctions_screening()
    assert (off.oracle, off.summary(), off.system_list) == (None, "off", False)
    admin.set_sanctions_screening(oracle="list", on_transfer=True)
    assert admin.sanctions_screening().system_list


def test_screening_input(admin, nothing_sent):
    with nothing_sent(), pytest.raises(InputError, match="needs an oracle") as caught:
        admin.set_sanctions_screening(oracle="none")
    assert caught.value.field == "oracle"
    with nothing_sent(), pytest.raises(InputError) as caught:
        admin.set_sanctions_screening(on_mint="yes")
    assert caught.value.field == "on_mint"
    with nothing_sent(), pytest.raises(revert_error("NotAContract")):
        admin.set_sanctions_screening(oracle="0x" + "12" * 20)


def test_the_sanctions_list(admin, ck_actors):
    bob, mallory = ck_actors.bob.address, ck_actors.mallory.address
    assert not admin.is_sanctioned(bob)
    result = admin.sanction([bob, mallory])
    assert result.signer == _officer(admin)  # the list's owner
    assert [(e.contract, e.name) for e in result.events] == [
        ("sanctions_oracle", "SanctionedAddressAdded"),
        ("sanctions_oracle", "SanctionedAddressAdded"),
    ]
    assert admin.is_sanctioned(bob)
    assert admin.is_sanctioned(mallory)
    admin.unsanction(bob)
    assert not admin.is_sanctioned(bob)


def test_sanctions_list_input(admin, ck_actors, nothing_sent):
    with nothing_sent(), pytest.raises(InputError) as caught:
        admin.sanction([ck_actors.bob.address, "0x1234"])
    assert caught.value.field == "accounts[1]"
    with nothing_sent(), pytest.raises(InputError) as caught:
        admin.unsanction([])
    assert caught.value.field == "accounts"


def test_no_sanctions_list_of_its_own(admin, ck_actors, nothing_sent):
    external = IssuerAdmin(dataclasses.replace(admin.system, sanctions_oracle=None), admin.signers)
    with nothing_sent(), pytest.raises(NoSanctionsList, match="external oracle") as caught:
        external.sanction(ck_actors.bob.address)
    assert "nothing was sent" in str(caught.value)
    assert not external.is_sanctioned(ck_actors.bob.address)  # the oracle, read directly
    external.set_sanctions_screening(oracle=None, on_mint=False, on_redeem=False, on_transfer=False)
    with nothing_sent(), pytest.raises(NoSanctionsList, match="no oracle"):
        external.is_sanctioned(ck_actors.bob.address)


# --- travel-rule commitments --------------------------------------------------------------------


def test_register_cancel_and_read_commitments(admin, ck_actors, nothing_sent):
    alice, bob = ck_actors.alice.address, ck_actors.bob.address
    assert not admin.travel_rule_commitment(alice, bob, "5000").pending
    result = admin.register_travel_rule(alice, bob, "5000", payload="IVMS101 {...}")
    assert result.signer == ck_actors.vasp.address
    event = result.event("CommitmentRegistered")
    assert event.contract == "travel_rule_registry"
    assert (event.args["amount"], event.args["payloadHash"]) == (
        5_000 * UNIT,
        keccak(b"IVMS101 {...}"),
    )
    found = admin.travel_rule_commitment(alice, bob, "5000")
    assert (found.pending, found.required, found.threshold) == (True, True, Decimal(3_000))
    assert found.payload_hash == "0x" + keccak(b"IVMS101 {...}").hex()
    assert not admin.travel_rule_commitment(alice, bob, "10").required
    with nothing_sent(), pytest.raises(revert_error("CommitmentAlreadyPending")) as caught:
        admin.register_travel_rule(alice, bob, "5000", payload_hash="0x" + "ab" * 32)
    assert family(caught.value) == REFUSED
    cancelled = admin.cancel_travel_rule(alice, bob, "5000")
    assert cancelled.event("CommitmentCancelled").args["vasp"] == ck_actors.vasp.address
    with nothing_sent(), pytest.raises(revert_error("UnknownCommitment")):
        admin.cancel_travel_rule(alice, bob, "5000")


def test_only_the_registering_vasp_cancels(admin, ck_actors, nothing_sent):
    alice, bob, vasp = ck_actors.alice.address, ck_actors.bob.address, ck_actors.vasp.address
    admin.register_travel_rule(alice, bob, "5000", payload="IVMS101 {...}")
    assert admin.travel_rule_commitment(alice, bob, "5000").registered_by == vasp
    assert admin.travel_rule_commitment(alice, bob, "5000").to_dict()["registered_by"] == vasp
    without = IssuerAdmin(admin.system, [s for s in admin.signers if s.address != vasp])
    with nothing_sent(), pytest.raises(AccessDenied, match=f"VASP that registered.*{vasp}"):
        without.cancel_travel_rule(alice, bob, "5000")
    # another trusted VASP is refused on chain, in words naming the one that may
    peer = ck_actors.mallory
    admin.grant_role("VASP_ROLE", peer.address, "travel_rule_registry")
    key = (admin.token.address, alice, bob, 5_000 * UNIT)
    with pytest.raises(revert_error("NotCommitmentRegistrant")) as caught:
        admin.registry.fn.cancel(*key).transact(peer)
    assert caught.value.args_by_name == {"account": peer.address, "registrant": vasp}
    assert family(caught.value) == ACCESS
    assert explain(caught.value, 6).words == (
        f"{peer.address} did not register this commitment: only {vasp}, the VASP that did, "
        "may cancel it"
    )
    assert admin.cancel_travel_rule(alice, bob, "5000").signer == vasp
    assert admin.travel_rule_commitment(alice, bob, "5000").registered_by is None


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({}, "payload"),
        ({"payload": b"x", "payload_hash": "0x" + "11" * 32}, "payload"),
        ({"payload": b""}, "payload"),
        ({"payload_hash": "0x" + "00" * 32}, "payload_hash"),
        ({"payload_hash": "0x1234"}, "payload_hash"),
    ],
)
def test_commitment_payload_input(admin, ck_actors, nothing_sent, kwargs, field):
    with nothing_sent(), pytest.raises(InputError) as caught:
        admin.register_travel_rule(ck_actors.alice.address, ck_actors.bob.address, "1", **kwargs)
    assert caught.value.field == field


def test_commitment_addresses_and_amount(admin, ck_actors, nothing_sent):
    for args, field in (
        (("0x" + "00" * 20, ck_actors.bob.address, "1"), "from"),
        ((ck_actors.alice.address, "bob", "1"), "to"),
        ((ck_actors.alice.address, ck_actors.bob.address, "-1"), "amount"),
    ):
        with nothing_sent(), pytest.raises(InputError) as caught:
            admin.register_travel_rule(*args, payload=b"x")
        assert caught.value.field == field


def test_a_vasp_signed_commitment_submitted_by_anyone(admin, ck_actors):
    alice, bob = ck_actors.alice.address, ck_actors.bob.address
    submitter = IssuerAdmin(admin.system, [ck_actors.mallory])  # holds no role at all
    signed = admin.sign_travel_rule(ck_actors.vasp, alice, bob, "4000", payload=b"ivms", nonce=7)
    assert SignedTravelRuleCommitment.from_dict(json.loads(json.dumps(signed.to_dict()))) == signed
    result = submitter.submit_travel_rule(signed)
    assert result.signer == ck_actors.mallory.address
    assert result.event("CommitmentRegistered").args["vasp"] == ck_actors.vasp.address
    assert admin.travel_rule_commitment(alice, bob, "4000").pending
    admin.cancel_travel_rule(alice, bob, "4000")
    with pytest.raises(revert_error("CommitmentNonceUsed")) as caught:
        submitter.submit_travel_rule(signed)
    assert "fresh nonce" in caught.value.explanation.remedy
    again = submitter.register_travel_rule_signed(
        ck_actors.vasp, alice, bob, "4000", payload_hash=keccak(b"ivms")
    )
    assert again.event("CommitmentRegistered").args["payloadHash"] == keccak(b"ivms")


def test_signed_commitments_are_checked(admin, ck_actors, ck_advance_time, nothing_sent):
    alice, bob = ck_actors.alice.address, ck_actors.bob.address
    with nothing_sent(), pytest.raises(revert_error("UntrustedVasp")) as caught:
        admin.register_travel_rule_signed(ck_actors.alice, alice, bob, "1", payload=b"x")
    assert family(caught.value) == ACCESS
    signed = admin.sign_travel_rule(ck_actors.vasp, alice, bob, "1", payload=b"x", valid_for="1m")
    ck_advance_time(120)
    with nothing_sent(), pytest.raises(revert_error("CommitmentSignatureExpired")):
        admin.submit_travel_rule(signed)


# --- who may ----------------------------------------------------------------------------------


def test_missing_roles_send_nothing(admin, ck_actors, nothing_sent):
    clerk = IssuerAdmin(admin.system, [ck_actors.alice, ck_actors.pauser])
    alice, bob = ck_actors.alice.address, ck_actors.bob.address
    cases = [
        (lambda: clerk.set_tier_limits(1, transfer_cap="1"), "COMPLIANCE_OFFICER_ROLE"),
        (lambda: clerk.set_limit_exemption(bob), "COMPLIANCE_OFFICER_ROLE"),
        (lambda: clerk.set_travel_rule(False), "COMPLIANCE_OFFICER_ROLE"),
        (lambda: clerk.set_travel_rule_aggregation(True), "COMPLIANCE_OFFICER_ROLE"),
        (lambda: clerk.set_travel_rule_threshold(HK, "1"), "COMPLIANCE_OFFICER_ROLE"),
        (lambda: clerk.set_corridor(HOME, HK, "deny"), "COMPLIANCE_OFFICER_ROLE"),
        (lambda: clerk.block_jurisdiction(HK), "COMPLIANCE_OFFICER_ROLE"),
        (lambda: clerk.set_sanctions_screening(fail_open=True), "COMPLIANCE_OFFICER_ROLE"),
        (lambda: clerk.set_travel_rule_registry(), "DEFAULT_ADMIN_ROLE"),
        (lambda: clerk.register_travel_rule(alice, bob, "1", payload=b"x"), "VASP_ROLE"),
        (lambda: clerk.cancel_travel_rule(alice, bob, "1"), "VASP_ROLE"),
        (lambda: clerk.sanction(bob), "ownership"),
    ]
    for action, role in cases:
        with nothing_sent(), pytest.raises(MissingRole) as caught:
            action()
        assert caught.value.role == role
        assert "nothing was sent" in str(caught.value)
    assert caught.value.holders == (_officer(admin),)
    assert "sign with the owner's key" in str(caught.value)


def test_roles_show_vasps_and_the_list_owner(admin, ck_actors):
    report = admin.roles()
    assert report.vasps == [ck_actors.vasp.address]
    assert report.holders["travel_rule_registry"]["DEFAULT_ADMIN_ROLE"] == [ck_actors.admin.address]
    assert report.sanctions_list_owner == _officer(admin)
    granted = admin.grant_role("vasp", ck_actors.bob.address)
    assert granted.events[0].contract == "travel_rule_registry"
    assert admin.has_role("vasp", ck_actors.bob.address)
    assert admin.roles().to_dict()["vasps"] == sorted(
        [ck_actors.vasp.address, ck_actors.bob.address]
    )
    with pytest.raises(InputError, match="two-step"):
        admin.grant_role("admin", ck_actors.bob.address, "travel_rule_registry")


def test_status_summarises_the_aml_settings(admin):
    state = admin.status()
    assert (state.home_jurisdiction, state.travel_rule, state.travel_rule_threshold) == (
        HOME,
        True,
        Decimal(3_000),
    )
    assert state.corridors == "open by default"
    assert state.sanctions_screening == "mint, redeem, transfer; fails closed"
    assert state.sanctions_oracle == admin.system.sanctions_oracle.address
    assert state.to_dict()["travel_rule_threshold"] == "3000"


# --- check_transfer: codes 11-18, each against the real transfer ----------------------------------

#: the custom error each code's transfer reverts with
ERROR_OF = {
    11: "AccountSanctioned",
    12: "AccountSanctioned",
    13: "SanctionsScreeningUnavailable",
    14: "CorridorClosed",
    15: "TransferCapExceeded",
    16: "VolumeLimitExceeded",
    17: "VelocityLimitExceeded",
    18: "TravelRuleCommitmentMissing",
}


def _transfer(admin, sender, to, amount):
    """The real transfer's outcome: its receipt, or the decoded revert (state kept)."""
    try:
        return admin.token.fn.transfer(to, int(Decimal(amount) * UNIT)).transact(sender)
    except Reverted as exc:
        return exc


def _check_agrees(admin, sender, to, amount, code, rule):
    check = admin.check_transfer(sender.address, to, amount)
    assert (check.code, check.rule, check.passes) == (code, rule, False)
    assert check.message == admin.token.fn.messageForTransferRestriction(code).call()
    assert check.remedy
    outcome = _transfer(admin, sender, to, amount)
    assert isinstance(outcome, CustomErrorRevert), outcome
    assert outcome.name == ERROR_OF[code]
    return check, outcome


def test_11_sender_sanctioned(funded, ck_actors):
    funded.sanction(ck_actors.alice.address)
    check, error = _check_agrees(
        funded, ck_actors.alice, ck_actors.bob.address, "10", 11, "sender_sanctioned"
    )
    oracle = funded.system.sanctions_oracle.address
    assert f"the sender {ck_actors.alice.address} is on the sanctions list" in check.explanation
    assert oracle in check.explanation
    assert error["oracle"] == oracle
    assert f"sanctions remove {ck_actors.alice.address}" in check.remedy


def test_12_recipient_sanctioned(funded, ck_actors):
    funded.sanction(ck_actors.bob.address)
    check, error = _check_agrees(
        funded, ck_actors.alice, ck_actors.bob.address, "10", 12, "recipient_sanctioned"
    )
    assert error["account"] == ck_actors.bob.address
    assert f"the recipient {ck_actors.bob.address}" in check.explanation


def test_13_screening_unavailable(funded, ck_actors):
    funded.set_sanctions_screening(oracle=funded.attestor.address)  # answers no isSanctioned
    check, error = _check_agrees(
        funded, ck_actors.alice, ck_actors.bob.address, "10", 13, "sanctions_screening_unavailable"
    )
    assert f"did not answer for {ck_actors.alice.address}" in check.explanation
    assert error["account"] == ck_actors.alice.address
    assert "--fail-open" in check.remedy
    funded.set_sanctions_screening(fail_open=True)  # the remedy works, and is logged
    assert funded.check_transfer(ck_actors.alice.address, ck_actors.bob.address, "10").passes
    receipt = _transfer(funded, ck_actors.alice, ck_actors.bob.address, "10")
    assert [e.name for e in funded.token.events(receipt)] == [
        "Transfer",
        "SanctionsScreeningFailedOpen",
        "SanctionsScreeningFailedOpen",
    ]


def test_14_blocked_jurisdiction(funded, ck_actors):
    funded.approve_account(ck_actors.mallory.address, "retail", IR, "2099-01-01")
    check, error = _check_agrees(
        funded, ck_actors.alice, ck_actors.mallory.address, "10", 14, "corridor_closed"
    )
    assert "jurisdiction 364 is blocked" in check.explanation
    assert "corridor unblock 364" in check.remedy
    assert (error["fromJurisdiction"], error["toJurisdiction"]) == (HOME, IR)


@pytest.mark.parametrize(
    ("setup", "words", "remedy"),
    [
        ("closed", "has no entry, and corridors are closed by default", "corridor rules --open"),
        ("denied", "the corridor 840 → 344 is denied", "corridor set 840 344 allow"),
    ],
)
def test_14_corridor_not_allowed(funded, ck_actors, setup, words, remedy):
    funded.approve_account(ck_actors.mallory.address, "retail", HK, "2099-01-01")
    if setup == "closed":
        funded.set_corridor_rules(open_by_default=False)
    else:
        funded.set_corridor(HOME, HK, "deny")
    check, _ = _check_agrees(
        funded, ck_actors.alice, ck_actors.mallory.address, "10", 14, "corridor_closed"
    )
    assert words in check.explanation
    assert remedy in check.remedy
    funded.set_corridor(HOME, HK, "allow")
    after = funded.check_transfer(ck_actors.alice.address, ck_actors.mallory.address, "10")
    assert after.code == 18  # the corridor opens; Hong Kong's threshold (0) is the next rule


def test_15_transfer_cap(funded, ck_actors):
    funded.set_tier_limits("retail", transfer_cap="100")
    check, error = _check_agrees(
        funded, ck_actors.alice, ck_actors.bob.address, "150.5", 15, "transfer_cap_exceeded"
    )
    assert "tier 1 (retail) may send at most 100 DEVS per transfer" in check.explanation
    assert "150.5 DEVS was asked (50.5 DEVS over the cap)" in check.explanation
    assert (error["cap"], error["attempted"]) == (100 * UNIT, 150_500_000)
    assert "limits set --tier 1 --cap" in check.remedy
    funded.set_limit_exemption(ck_actors.alice.address)  # the remedy works
    assert funded.check_transfer(ck_actors.alice.address, ck_actors.bob.address, "150.5").passes


def test_16_rolling_volume(funded, ck_actors):
    alice, bob = ck_actors.alice, ck_actors.bob.address
    funded.set_tier_limits("retail", volume_limit="500", window="24h")
    _transfer(funded, alice, bob, "300")
    available = funded.remaining_limits(alice.address).volume
    assert Decimal(199) < available < Decimal(201)
    check, error = _check_agrees(funded, alice, bob, "300", 16, "volume_limit_exceeded")
    assert "may send 500 DEVS per rolling 1 d" in check.explanation
    assert f"{available:,f} DEVS is available now" in check.explanation
    assert check.facts["aml"]["sender_limits"]["volume_available"] == str(available)
    assert (error["limit"], error["window"]) == (500 * UNIT, 86_400)
    assert "fits again in about" in check.remedy
    too_big = funded.check_transfer(alice.address, bob, "600")
    assert (too_big.code, too_big.rule) == (16, "volume_limit_exceeded")
    assert "never fits" in too_big.remedy


def test_17_transfer_count(funded, ck_actors):
    alice, bob = ck_actors.alice, ck_actors.bob.address
    funded.set_tier_limits("retail", max_transfers=2, window="1h")
    _transfer(funded, alice, bob, "1")
    _transfer(funded, alice, bob, "1")
    assert funded.remaining_limits(alice.address).transfers == 0
    check, error = _check_agrees(funded, alice, bob, "1", 17, "velocity_limit_exceeded")
    from datetime import UTC, datetime

    retry = datetime.fromtimestamp(error["retryAt"], UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    assert "may make 2 transfers per rolling 1 h" in check.explanation
    assert f"the next may go at {retry}" in check.explanation
    assert f"wait until {retry}" in check.remedy
    assert "--max-transfers" in check.remedy


def test_18_travel_rule_commitment(funded, ck_actors):
    alice, bob = ck_actors.alice, ck_actors.bob.address
    funded.mint(alice.address, "5000")
    check, error = _check_agrees(funded, alice, bob, "3000", 18, "travel_rule_commitment_missing")
    assert "at or above the travel-rule threshold of 3,000 DEVS" in check.explanation
    assert "the home jurisdiction 840's" in check.explanation
    assert error["threshold"] == 3_000 * UNIT
    facts = check.facts["aml"]["travel_rule"]
    assert facts == {
        "enabled": True,
        "threshold": "3000",
        "aggregation": False,
        "rolling_volume": None,
        "applies": True,
        "commitment_pending": False,
        "payload_hash": None,
    }
    assert f"travel-rule register {alice.address} {bob} 3000" in check.remedy
    funded.register_travel_rule(alice.address, bob, "3000", payload=b"IVMS101")
    passing = funded.check_transfer(alice.address, bob, "3000")
    assert passing.passes
    assert "consumes the commitment 0x" + keccak(b"IVMS101").hex() in passing.explanation
    receipt = _transfer(funded, alice, bob, "3000")
    consumed = funded.registry.events(receipt, "CommitmentConsumed")
    assert len(consumed) == 1
    assert not funded.travel_rule_commitment(alice.address, bob, "3000").pending


def test_18_cross_border_uses_the_lower_threshold(funded, ck_actors):
    funded.approve_account(ck_actors.mallory.address, "retail", HK, "2099-01-01")
    funded.set_travel_rule_threshold(HK, "50")
    check = funded.check_transfer(ck_actors.alice.address, ck_actors.mallory.address, "60")
    assert (check.code, check.rule) == (18, "travel_rule_commitment_missing")
    assert "threshold of 50 DEVS (the lower of jurisdictions 840's and 344's)" in check.explanation
    outcome = _transfer(funded, ck_actors.alice, ck_actors.mallory.address, "60")
    assert outcome.name == "TravelRuleCommitmentMissing"
    assert outcome["threshold"] == 50 * UNIT


def test_18_structured_payments_refused_by_aggregation(funded, ck_actors):
    """Retail: 25,000 per rolling day; threshold 3,000. 2,950 passes alone, a second 2,950 within
    the window brings the rolling volume to about 5,900: it needs a commitment."""
    alice, bob = ck_actors.alice, ck_actors.bob.address
    funded.mint(alice.address, "9000")
    funded.set_travel_rule_aggregation(True)
    first = funded.check_transfer(alice.address, bob, "2950")
    assert first.passes
    assert first.facts["aml"]["travel_rule"]["rolling_volume"] == "2950"
    assert not first.facts["aml"]["travel_rule"]["applies"]
    assert not isinstance(_transfer(funded, alice, bob, "2950"), Reverted)
    assert funded.travel_rule_commitment(alice.address, bob, "2950").required

    check = funded.check_transfer(alice.address, bob, "2950")
    assert (check.code, check.rule, check.passes) == (18, "travel_rule_commitment_missing", False)
    outcome = _transfer(funded, alice, bob, "2950")
    assert isinstance(outcome, CustomErrorRevert), outcome
    assert outcome.name == "TravelRuleAggregateCommitmentMissing"
    volume = outcome["rollingVolume"]
    assert (outcome["amount"], outcome["threshold"]) == (2_950 * UNIT, 3_000 * UNIT)
    assert 5_899 * UNIT < volume < 5_900 * UNIT  # twice 2,950, less a few seconds' recovery
    shown = f"{Decimal(volume) / UNIT:,f}"
    assert check.explanation.startswith(
        "2,950 DEVS is below the travel-rule threshold of 3,000 DEVS (the home jurisdiction "
        f"840's), but travel-rule aggregation is on and the sender's rolling volume including "
        f"this payment, {shown} DEVS (as the tier 1 (retail) volume limit counts it over a "
        "rolling 1 d), reaches it; no commitment is pending for exactly this transfer"
    )
    facts = check.facts["aml"]["travel_rule"]
    assert (facts["aggregation"], facts["applies"]) == (True, True)
    assert facts["rolling_volume"] == str(Decimal(volume) / UNIT)
    assert f"travel-rule register {alice.address} {bob} 2950" in check.remedy
    wait = "or wait for the sender's rolling volume to fall: the window recovers 25,000 DEVS"
    assert wait in check.remedy
    assert "it falls below 3,000 DEVS in about 2 hours" in check.remedy

    words = explain(outcome, 6)
    assert family(outcome) == COMPLIANCE
    assert words.words == (
        f"a payment of 2,950 from {alice.address} to {bob} is below the travel-rule threshold "
        f"3,000, but the sender's rolling volume with it, {shown}, reaches the threshold "
        "(travel-rule aggregation), and no VASP registered a commitment for it"
    )
    assert words.remedy == (
        "have the originating VASP register a commitment for exactly this payment (`travel-rule "
        "register`, VASP_ROLE), or wait for the sender's rolling volume to fall below 3,000"
    )

    funded.register_travel_rule(alice.address, bob, "2950", payload=b"IVMS101")  # the remedy
    passing = funded.check_transfer(alice.address, bob, "2950")
    assert passing.passes
    assert "the sender's rolling volume with it, about 5,8" in passing.explanation
    assert "consumes the commitment 0x" + keccak(b"IVMS101").hex() in passing.explanation
    receipt = _transfer(funded, alice, bob, "2950")
    assert len(funded.registry.events(receipt, "CommitmentConsumed")) == 1


def test_18_aggregation_spares_exempt_senders_and_single_payments_keep_their_error(
    funded, ck_actors
):
    alice, bob = ck_actors.alice, ck_actors.bob.address
    funded.mint(alice.address, "9000")
    funded.set_travel_rule_aggregation(True)
    _transfer(funded, alice, bob, "2950")
    at_threshold = _transfer(funded, alice, bob, "3000")
    assert at_threshold.name == "TravelRuleCommitmentMissing"  # one payment: the per-payment error
    single = funded.check_transfer(alice.address, bob, "3000")
    assert "is at or above the travel-rule threshold of 3,000 DEVS" in single.explanation
    assert "wait for the sender's rolling volume" not in single.remedy
    funded.set_limit_exemption(alice.address)  # e.g. the issuer's treasury: per payment
    exempt = funded.check_transfer(alice.address, bob, "2950")
    assert exempt.passes
    assert exempt.facts["aml"]["travel_rule"]["rolling_volume"] is None


def test_a_mint_to_a_sanctioned_account_is_explained(funded, ck_actors, nothing_sent):
    funded.sanction(ck_actors.bob.address)
    with nothing_sent(), pytest.raises(revert_error("AccountSanctioned")) as caught:
        funded.mint(ck_actors.bob.address, "1")
    error = caught.value
    assert family(error) == COMPLIANCE
    assert any("preflight: ERC-1404 rule 12 (recipient_sanctioned)" in n for n in error.__notes__)
    assert "nothing was sent: the chain refused it in simulation" in error.__notes__


# --- errors in words, and the audit log --------------------------------------------------------

NEW_ERRORS = {
    "AccountSanctioned": COMPLIANCE,
    "SanctionsScreeningUnavailable": COMPLIANCE,
    "CorridorClosed": COMPLIANCE,
    "TransferCapExceeded": COMPLIANCE,
    "VolumeLimitExceeded": COMPLIANCE,
    "VelocityLimitExceeded": COMPLIANCE,
    "TravelRuleCommitmentMissing": COMPLIANCE,
    "TravelRuleAggregateCommitmentMissing": COMPLIANCE,
    "InvalidRuleAmount": REFUSED,
    "InvalidLimitWindow": REFUSED,
    "HomeJurisdictionBlocked": REFUSED,
    "NotAContract": REFUSED,
    "TravelRuleRegistryNotSet": REFUSED,
    "CommitmentAlreadyPending": REFUSED,
    "UnknownCommitment": REFUSED,
    "NotCommitmentRegistrant": ACCESS,
    "InvalidPayloadHash": REFUSED,
    "CommitmentSignatureExpired": REFUSED,
    "UntrustedVasp": ACCESS,
    "CommitmentNonceUsed": REFUSED,
}


def test_every_new_error_has_its_family():
    assert {name: ERRORS[name].family for name in NEW_ERRORS} == NEW_ERRORS


def test_errors_read_in_token_units():
    exc = revert_error("VolumeLimitExceeded")(
        "VolumeLimitExceeded(address,uint256,uint256,uint256,uint256)",
        {
            "account": "0xabc",
            "limit": 25_000 * UNIT,
            "window": 86_400,
            "available": 1_250_500_000,
            "attempted": 3_000 * UNIT,
        },
    )
    assert explain(exc, 6).words == (
        "0xabc may send 25,000 per rolling 1 d: 1,250.5 is available now, and 3,000 was asked"
    )
    cap = revert_error("TransferCapExceeded")(
        "TransferCapExceeded(address,uint8,uint256,uint256)",
        {"account": "0xabc", "tier": 1, "cap": 10 * UNIT, "attempted": 11 * UNIT},
    )
    assert explain(cap, 6).words == (
        "0xabc (tier 1 (retail)) may send at most 10 per transfer, and 11 was asked"
    )
    window = revert_error("InvalidLimitWindow")(
        "InvalidLimitWindow(uint256,uint256,uint256,uint256)",
        {"window": 30, "minWindow": 60, "maxWindow": 2**25 - 1, "maxTransfers": 5},
    )
    assert "a limit window of 30 s is not allowed" in explain(window, 6).words


def test_the_audit_log_holds_the_aml_events_in_token_units(funded, ck_actors):
    alice, bob = ck_actors.alice.address, ck_actors.bob.address
    start = funded.chain.block_number() + 1
    results = [
        funded.set_tier_limits("retail", transfer_cap="2_000.25"),
        funded.set_travel_rule_threshold(HK, "1_000"),
        funded.set_corridor(HOME, HK, "deny"),
        funded.set_corridor_rules(open_by_default=False),
        funded.block_jurisdiction(HK),
        funded.set_limit_exemption(bob),
        funded.set_travel_rule(False),
        funded.set_travel_rule(True),
        funded.set_travel_rule_aggregation(True),
        funded.set_home_jurisdiction(36),
        funded.set_travel_rule_registry(),
        funded.register_travel_rule(alice, bob, "5000", payload=b"ivms"),
        funded.cancel_travel_rule(alice, bob, "5000"),
        funded.sanction(ck_actors.mallory.address),
        funded.unsanction(ck_actors.mallory.address),
        funded.set_sanctions_screening(fail_open=True),
    ]
    records = funded.audit_log(start)
    emitted = [(r.tx_hash, e.log_index, e.contract, e.name) for r in results for e in r.events]
    assert [(r.tx_hash, r.log_index, r.contract, r.event) for r in records] == emitted
    by_event: dict = {}
    for record in records:
        by_event.setdefault(record.event, record)  # the first of each
    assert {
        "TierLimitsSet",
        "TravelRuleThresholdSet",
        "CorridorSet",
        "CorridorRulesSet",
        "JurisdictionBlockedSet",
        "LimitExemptionSet",
        "TravelRuleSet",
        "TravelRuleAggregationSet",
        "HomeJurisdictionSet",
        "TravelRuleRegistrySet",
        "CommitmentRegistered",
        "CommitmentCancelled",
        "SanctionedAddressAdded",
        "SanctionedAddressRemoved",
        "SanctionsScreeningSet",
    } <= set(by_event)
    assert by_event["TierLimitsSet"].amounts == {
        "previous.transferCap": "10000",
        "previous.volumeLimit": "25000",
        "limits.transferCap": "2000.25",
        "limits.volumeLimit": "25000",
    }
    thresholds = [r for r in records if r.event == "TravelRuleThresholdSet"]
    assert [(r.args["jurisdiction"], r.amounts) for r in thresholds] == [
        (HK, {"previous": "0", "threshold": "1000"}),  # Hong Kong's own, from the hk profile
        (HOME, {"previous": "max", "threshold": "3000"}),  # the old home keeps its threshold
    ]
    assert "previous=max, threshold=3,000" in thresholds[1].summary
    assert by_event["CommitmentRegistered"].amounts == {"amount": "5000"}
    assert by_event["CommitmentRegistered"].contract == "travel_rule_registry"
    assert by_event["SanctionedAddressAdded"].contract == "sanctions_oracle"
    assert by_event["HomeJurisdictionSet"].amounts == {}
    assert by_event["TravelRuleAggregationSet"].amounts == {}
    assert by_event["TravelRuleAggregationSet"].args == {"previousEnabled": False, "enabled": True}
    assert "previous=unset, status=denied" in by_event["CorridorSet"].summary
    assert json.loads(json.dumps(by_event["SanctionsScreeningSet"].to_dict()))["args"]["screening"][
        "failOpen"
    ]


def test_transfers_leave_their_aml_events_in_the_log(funded, ck_actors):
    alice, bob = ck_actors.alice, ck_actors.bob.address
    funded.mint(alice.address, "5000")
    funded.register_travel_rule(alice.address, bob, "4000", payload=b"ivms")
    funded.set_sanctions_screening(oracle=funded.attestor.address, fail_open=True)
    start = funded.chain.block_number() + 1
    _transfer(funded, alice, bob, "4000")
    names = [(r.contract, r.event) for r in funded.audit_log(start)]
    assert names == [
        ("token", "Transfer"),
        ("token", "SanctionsScreeningFailedOpen"),
        ("token", "SanctionsScreeningFailedOpen"),
        ("travel_rule_registry", "CommitmentConsumed"),
    ]
    consumed = funded.audit_log(start, events=["CommitmentConsumed"])[0]
    assert consumed.amounts == {"amount": "4000"}


def test_the_deployment_history_includes_the_aml_settings(admin):
    names = {r.event for r in admin.audit_log()}
    assert {
        "TierLimitsSet",
        "TravelRuleThresholdSet",
        "HomeJurisdictionSet",
        "TravelRuleSet",
        "TravelRuleAggregationSet",
        "CorridorRulesSet",
        "JurisdictionBlockedSet",
        "SanctionsScreeningSet",
        "TravelRuleRegistrySet",
        "OwnershipTransferred",
    } <= names


def test_keep_reads_as_keep():
    assert repr(KEEP) == "KEEP"
