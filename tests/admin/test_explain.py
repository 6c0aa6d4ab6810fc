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


def _sample(kind: str) -> object:
    """An argument of ABI type ``kind`` for rendering a template."""
    if kind == "address":
        return "0x" + "ab" * 20
    if kind == "string":
        return "a text"
    if kind == "bool":
        return True
    if kind.startswith("bytes"):
        return b"\x01" * (int(kind[5:]) if kind[5:] else 4)
    return -7 if kind.startswith("int") else 7


def test_every_custom_error_of_the_kit_reads_in_words(ck_artifacts):
    """Each custom error a deployed contract can revert with has an entry, and its sentence and
    remedy render from the error's own arguments (a template naming an argument the error does
    not have would fall back to the raw form)."""
    errors = {
        entry["name"]: entry
        for artifact in ck_artifacts.all()
        if artifact.source.startswith("contracts/")
        and not artifact.source.startswith("contracts/bench/")
        and artifact.bytecode
        for entry in artifact.abi
        if entry.get("type") == "error"
    }
    assert sorted(set(errors) - set(ERRORS)) == [], "add an entry to admin/explain.py ERRORS"
    for name, entry in errors.items():
        types = [i["type"] for i in entry["inputs"]]
        args = {i["name"]: _sample(i["type"]) for i in entry["inputs"]}
        exc = _error(name, f"{name}({','.join(types)})", **args)
        text = explain(exc, 6)
        assert text is not None, name
        assert text.words != str(exc.reason), f"{name}: the template names a missing argument"
        assert "{" not in text.words, name
        assert "{" not in (text.remedy or ""), name
