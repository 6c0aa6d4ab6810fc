"""Reserve attestations: attest (with composition), signed by an auditor, margin, max age."""

from __future__ import annotations

from decimal import Decimal

import pytest
from eth_utils import keccak

from compliance_kit.admin import MissingRole, report_hash
from compliance_kit.exceptions import InputError, revert_error

DAY = 86_400


def test_attest_records_everything(admin, ck_actors, ck_chain, tmp_path):
    report = tmp_path / "reserve-report-2026-10.pdf"
    report.write_bytes(b"%PDF reserves as of October")
    as_of = ck_chain.timestamp() - DAY
    result = admin.attest(
        "10_000_000.5",
        report,
        report_uri="https://issuer.example/reports/2026-10",
        as_of=as_of,
        composition={"T-BILLS-93D": "6_000_000", "DEPOSITS": "4_000_000.5"},
    )
    assert result.signer == ck_actors.attestor.address
    event = result.event("ReservesAttested").args
    assert (event["reserves"], event["asOf"]) == (10_000_000_500_000, as_of)
    latest = admin.latest_attestation()
    assert latest is not None
    assert latest.reserves == Decimal("10000000.5")
    assert latest.report_hash == "0x" + keccak(report.read_bytes()).hex()
    assert latest.composition == {
        "T-BILLS-93D": Decimal(6_000_000),
        "DEPOSITS": Decimal("4000000.5"),
    }
    assert latest.auditor == ck_actors.attestor.address
    assert admin.attestations() == [latest]


def test_report_hash_forms():
    digest = "0x" + "cd" * 32
    assert report_hash(digest) == bytes.fromhex("cd" * 32)
    assert report_hash("October report") == keccak(text="October report")
    with pytest.raises(InputError, match="report"):
        report_hash("")


def test_composition_must_add_up(admin, nothing_sent):
    with (
        nothing_sent(),
        pytest.raises(InputError, match="add up to 9 DEVS, not to the reserves 10"),
    ):
        admin.attest("10", "r", composition={"cash": "4", "bills": "5"})


def test_an_attestation_from_the_future_is_refused(admin, ck_chain):
    with pytest.raises(revert_error("AttestationFromFuture")) as caught:
        admin.attest("10", "r", as_of=ck_chain.timestamp() + 10 * DAY)
    assert "lies after the chain time" in caught.value.explanation.words


def test_attest_signed_by_a_trusted_auditor(admin, ck_actors):
    result = admin.attest_signed(ck_actors.attestor, "5_000_000", "signed report")
    assert result.signer != ck_actors.attestor.address  # anyone submits it
    assert admin.latest_attestation().auditor == ck_actors.attestor.address
    with pytest.raises(revert_error("UntrustedAuditor")):
        admin.attest_signed(ck_actors.mallory, "5_000_000", "forged report")


def test_only_the_attestor_attests(admin, ck_actors, nothing_sent):
    from compliance_kit.admin import IssuerAdmin

    with nothing_sent(), pytest.raises(MissingRole, match="ATTESTOR_ROLE on the reserve attestor"):
        IssuerAdmin(admin.system, [ck_actors.admin]).attest("1", "r")


def test_margin_and_max_age(admin):
    admin.set_margin("percentage", -250)
    assert admin.margin() == ("percentage", -250)
    admin.set_margin("absolute", "-1000.5")
    assert admin.margin() == ("absolute", -1_000_500_000)
    admin.set_margin("none")
    assert admin.margin() == ("none", 0)
    admin.set_max_age("45d")
    assert admin.max_age() == 45 * DAY
    with pytest.raises(InputError, match="margin mode"):
        admin.set_margin("sometimes", 1)
    with pytest.raises(InputError, match="-9999 to 10000"):
        admin.set_margin("percentage", -10_000)


def test_auditors(admin, ck_actors):
    mallory = ck_actors.mallory.address
    admin.set_auditor(mallory)
    assert admin.is_trusted_auditor(mallory)
    admin.set_auditor(mallory, trusted=False)
    assert not admin.is_trusted_auditor(mallory)
