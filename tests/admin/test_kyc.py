"""KYC: approve, update, revoke (one, many, a CSV file), trusted providers."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from compliance_kit.admin import CsvImportError, KycEntry
from compliance_kit.exceptions import InputError, InvalidAddress

DAY = 86_400


def _csv(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "customers.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_approve_account_by_names_and_read_it_back(admin, ck_actors, ck_chain):
    mallory = ck_actors.mallory.address
    now = ck_chain.timestamp()
    result = admin.approve_account(mallory, "professional", "344", timedelta(days=30))
    record = admin.kyc_of(mallory)
    assert (record.verified, record.valid, record.tier, record.jurisdiction) == (True, True, 2, 344)
    assert record.expiry == now + 30 * DAY
    assert result.event("AccountVerified").args["account"] == mallory
    assert result.signer == ck_actors.kyc_operator.address


def test_approve_accepts_lower_case_addresses(admin, ck_actors):
    result = admin.approve_account(ck_actors.mallory.address.lower(), 1, 840, "2099-01-01")
    assert result.event("AccountVerified").args["account"] == ck_actors.mallory.address


def test_approve_refuses_an_expiry_in_the_past_and_sends_nothing(admin, ck_actors, nothing_sent):
    with nothing_sent(), pytest.raises(InputError, match="not after the chain's time") as caught:
        admin.approve_account(ck_actors.mallory.address, 1, 840, "2001-01-01")
    assert caught.value.field == "expiry"


def test_approve_refuses_a_misspelled_checksum(admin, ck_actors, nothing_sent):
    address = ck_actors.mallory.address
    typo = address[:-1] + (address[-1].lower() if address[-1].isupper() else address[-1].upper())
    if typo.lower() == typo or typo.upper()[2:] == typo[2:]:  # pragma: no cover - digits only
        pytest.skip("address ends with a digit")
    with nothing_sent(), pytest.raises(InvalidAddress, match="checksum") as caught:
        admin.approve_account(typo, 1, 840, "2099-01-01")
    assert caught.value.field == "account"


def test_revoke_account(admin, ck_actors):
    alice = ck_actors.alice.address
    admin.revoke_account(alice)
    assert admin.kyc_of(alice).valid is False


def test_approve_many_in_chunks(admin, ck_chain):
    accounts = [a.address for a in ck_chain.accounts[:5]]
    result = admin.approve_accounts(
        [(a, 1, 840, "2099-01-01") for a in accounts[:3]]
        + [KycEntry(accounts[3], 3, 702, 4_000_000_000)]
        + [{"account": accounts[4], "tier": "retail", "jurisdiction": 36, "expiry": "2099-06-30"}],
        chunk_size=2,
    )
    assert len(result) == 3  # 2 + 2 + 1
    assert [r.action for r in result] == [
        "KYC approve 2 account(s) (entry 0-1)",
        "KYC approve 2 account(s) (entry 2-3)",
        "KYC approve 1 account(s) (entry 4)",
    ]
    assert all(admin.kyc_of(a).valid for a in accounts)
    assert admin.kyc_of(accounts[3]).jurisdiction == 702


def test_approve_many_validates_every_entry_first(admin, ck_chain, nothing_sent):
    entries = [(a.address, 1, 840, "2099-01-01") for a in ck_chain.accounts[:3]]
    entries[2] = (ck_chain.accounts[2].address, 9, 840, "2099-01-01")
    with nothing_sent(), pytest.raises(InputError) as caught:
        admin.approve_accounts(entries)
    assert caught.value.field == "entries[2].tier"


def test_revoke_many(admin, ck_actors):
    result = admin.revoke_accounts([ck_actors.alice.address, ck_actors.bob.address])
    assert len(result) == 1
    assert not admin.kyc_of(ck_actors.bob.address).valid


def test_import_csv(admin, ck_chain, tmp_path):
    rows = [a.address for a in ck_chain.accounts[10:13]]
    path = _csv(
        tmp_path,
        "address,tier,jurisdiction,expiry,customer_id\n"
        f"{rows[0]},retail,344,2099-06-30,C-1\n"
        f"{rows[1].lower()},3,702,4000000000,C-2\n"
        "\n"
        f"{rows[2]},issuer_treasury,840,2099-01-01T00:00:00Z,C-3\n",
    )
    result = admin.import_kyc_csv(path, chunk_size=2)
    assert [r.action for r in result] == [
        "KYC approve 2 account(s) (row 2-3)",
        "KYC approve 1 account(s) (row 5)",
    ]
    assert [admin.kyc_of(a).tier for a in rows] == [1, 3, 4]


def test_import_csv_reports_every_bad_row_and_sends_nothing(
    admin, ck_chain, tmp_path, nothing_sent
):
    good = ck_chain.accounts[10].address
    path = _csv(
        tmp_path,
        "address,tier,jurisdiction,expiry\n"
        f"{good},retail,344,2099-06-30\n"
        "0x1234,retail,344,2099-06-30\n"
        f"{ck_chain.accounts[11].address},7,344,2099-06-30\n"
        f"{ck_chain.accounts[12].address},1,US,2020-01-01\n"
        f"{good},1,344,2099-06-30\n"
        f"{ck_chain.accounts[9].address},1,344,\n"
        f"0x{'00' * 20},1,344,2099-06-30\n",
    )
    with nothing_sent(), pytest.raises(CsvImportError) as caught:
        admin.import_kyc_csv(path)
    problems = [(p.row, p.field) for p in caught.value.problems]
    assert problems == [
        (3, "address"),
        (4, "tier"),
        (5, "jurisdiction"),
        (5, "expiry"),
        (6, "address"),
        (7, "expiry"),
        (8, "address"),
    ]
    message = str(caught.value)
    assert "7 bad rows, nothing was sent" in message
    assert "row 6, address: " in message
    assert "also on row 2" in message
    assert "row 5, expiry: 2020-01-01 is not after the chain's time" in message


def test_import_csv_needs_the_header(admin, tmp_path):
    with pytest.raises(CsvImportError, match=r"missing column.*jurisdiction") as caught:
        admin.import_kyc_csv(_csv(tmp_path, "address,tier,expiry\n0x00,1,2099-01-01\n"))
    assert caught.value.problems[0].row == 1


def test_import_csv_of_nothing_is_refused(admin, tmp_path):
    with pytest.raises(CsvImportError, match="lists no accounts"):
        admin.import_kyc_csv(_csv(tmp_path, "address,tier,jurisdiction,expiry\n"))


def test_kyc_providers(admin, ck_actors):
    provider = ck_actors.mallory.address
    assert not admin.is_kyc_provider(provider)
    result = admin.set_kyc_provider(provider)
    assert result.signer == ck_actors.admin.address
    assert admin.is_kyc_provider(provider)
    admin.set_kyc_provider(provider, trusted=False)
    assert not admin.is_kyc_provider(provider)
