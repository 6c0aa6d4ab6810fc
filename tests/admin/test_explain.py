"""Reverts in words, and their families (the CLI's exit codes follow them)."""

from __future__ import annotations

from compliance_kit.admin.explain import ACCESS, COMPLIANCE, ERRORS, REFUSED, explain, family
from compliance_kit.admin.values import ROLE_IDS
from compliance_kit.exceptions import ReasonRevert, revert_error


def _error(name, signature, **args):
    return revert_error(name)(signature, args)


def test_a_known_error_in_words():
    exc = _error(
        "KycExpired",
        "KycExpired(address,uint256,uint256)",
        account="0xabc",
        expiredAt=1_800_000_000,
        currentTime=1_800_086_400,
    )
    text = explain(exc, 6)
    assert text is not None
    assert text.family == COMPLIANCE
    assert text.words == (
        "the KYC verification of 0xabc expired at 2027-01-15 08:00 (chain time 2027-01-16 08:00)"
    )


def test_roles_read_by_name():
    exc = _error(
        "AccessControlUnauthorizedAccount",
        "AccessControlUnauthorizedAccount(address,bytes32)",
        account="0xabc",
        neededRole=ROLE_IDS["PAUSER_ROLE"],
    )
    assert explain(exc, 6).words == "0xabc does not hold PAUSER_ROLE"
    assert family(exc) == ACCESS


def test_amounts_in_token_units():
    exc = _error(
        "InsufficientReserves",
        "InsufficientReserves(uint256,uint256,uint256)",
        supply=9_500_000 * 10**6,
        amount=400_000 * 10**6,
        reserves=9_800_000 * 10**6,
    )
    assert "minting 400,000 onto a supply of 9,500,000" in explain(exc, 6).words


def test_unknown_errors_and_other_reverts():
    unknown = _error("SomethingNew", "SomethingNew()")
    assert explain(unknown, 6) is None
    assert family(unknown) == REFUSED
    assert family(_error("AccessControlSomethingNew", "AccessControlSomethingNew()")) == ACCESS
    assert family(ReasonRevert("nope")) == REFUSED
    assert family(ValueError()) is None


def test_every_entry_has_a_known_family():
    assert {info.family for info in ERRORS.values()} <= {COMPLIANCE, ACCESS, REFUSED}
