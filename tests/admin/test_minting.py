"""Minters, mint and burn: amounts exact, refusals explained, batches honest about what went."""

from __future__ import annotations

from decimal import Decimal

import pytest

from compliance_kit.admin import BatchFailed, MissingRole
from compliance_kit.admin.explain import COMPLIANCE, family
from compliance_kit.exceptions import InvalidAddress, InvalidAmount, Reverted, revert_error


def test_mint_converts_token_units_exactly(funded, ck_actors):
    alice = ck_actors.alice.address
    result = funded.mint(alice, "1_250.50")
    assert result.event("Transfer").args["value"] == 1_250_500_000
    assert result.signer == ck_actors.minter.address
    assert funded.balance_of(alice) == Decimal("2250.5")
    assert funded.mint(alice, Decimal("0.000001")).event("Transfer").args["value"] == 1
    assert funded.mint(alice, 2).event("Transfer").args["value"] == 2_000_000


@pytest.mark.parametrize(
    ("amount", "fragment"),
    [
        ("-5", "negative"),
        ("1.0000001", "7 decimal places; the token has 6"),
        ("1" + "0" * 80, "too large"),
        (1.5, "float"),
        ("12abc", "not an amount"),
    ],
)
def test_bad_amounts_are_refused_before_anything_is_sent(
    funded, ck_actors, nothing_sent, amount, fragment
):
    with nothing_sent(), pytest.raises(InvalidAmount, match=fragment) as caught:
        funded.mint(ck_actors.alice.address, amount)
    assert caught.value.field == "amount"


def test_a_bad_recipient_names_the_field(funded, nothing_sent):
    with nothing_sent(), pytest.raises(InvalidAddress, match="40 hex digits") as caught:
        funded.mint("0x12", "1")
    assert caught.value.field == "to"


def test_mint_to_an_unverified_account_is_explained_and_not_sent(funded, ck_actors, nothing_sent):
    with nothing_sent(), pytest.raises(revert_error("AccountNotVerified")) as caught:
        funded.mint(ck_actors.mallory.address, "10")
    error = caught.value
    assert not error.mined
    assert family(error) == COMPLIANCE
    assert error.explanation.words.endswith("is not on the KYC allowlist")
    assert "to fix: approve it with `kyc approve` (KYC_OPERATOR_ROLE)" in error.__notes__
    assert "nothing was sent: the chain refused it in simulation" in error.__notes__
    assert (
        "preflight: ERC-1404 rule 5 (recipient_not_verified): the recipient "
        f"{ck_actors.mallory.address} is not on the KYC allowlist"
    ) in error.__notes__


def test_mint_to_a_frozen_account_names_the_rule(funded, ck_actors):
    funded.freeze(ck_actors.bob.address, "ORDER-9")
    with pytest.raises(revert_error("AccountFrozen")) as caught:
        funded.mint(ck_actors.bob.address, "10")
    assert any(
        n.startswith("preflight: ERC-1404 rule 3 (recipient_frozen)")
        for n in caught.value.__notes__
    )


def test_mint_to_an_expired_account_says_when(funded, ck_actors, ck_advance_time):
    ck_advance_time(400 * 86_400)
    funded.attest("10_000_000", "fresh report")
    with pytest.raises(revert_error("KycExpired")) as caught:
        funded.mint(ck_actors.bob.address, "10")
    rule = next(n for n in caught.value.__notes__ if n.startswith("preflight:"))
    assert "rule 7 (recipient_kyc_expired)" in rule
    assert "days ago" in rule


def test_mint_without_an_attestation_waits_for_one(admin, ck_actors, nothing_sent):
    with nothing_sent(), pytest.raises(revert_error("ReservesStale")) as caught:
        admin.mint(ck_actors.alice.address, "1")
    assert caught.value.explanation.words.startswith("no reserves have been attested yet")


def test_mint_beyond_reserves(funded, ck_actors):
    with pytest.raises(revert_error("InsufficientReserves")) as caught:
        funded.mint(ck_actors.alice.address, "20_000_000")
    assert "onto a supply of 1,000" in caught.value.explanation.words


def test_configure_and_remove_a_minter(funded, ck_actors):
    bob = ck_actors.bob.address
    result = funded.configure_minter(bob, "5_000.25")
    assert result.signer == ck_actors.master_minter.address
    assert funded.is_minter(bob)
    assert funded.minter_allowance(bob) == Decimal("5000.25")
    funded.mint(ck_actors.alice.address, "5000.25", minter=bob)
    assert funded.minter_allowance(bob) == 0
    with pytest.raises(revert_error("MinterAllowanceExceeded")):
        funded.mint(ck_actors.alice.address, "1", minter=bob)
    funded.remove_minter(bob)
    assert not funded.is_minter(bob)
    with pytest.raises(MissingRole, match="MINTER_ROLE"):
        funded.mint(ck_actors.alice.address, "1", minter=bob)


def test_mint_many_reports_exactly_what_went_through(funded, ck_actors):
    """The minter's allowance covers the first two mints only: the third is refused."""
    funded.configure_minter(ck_actors.minter.address, "300")
    alice, bob = ck_actors.alice.address, ck_actors.bob.address
    with pytest.raises(BatchFailed) as caught:
        funded.mint_many([(alice, "100"), (bob, "200"), (alice, "50"), (bob, "1")])
    failed = caught.value
    assert [r.action for r in failed.sent] == [
        f"mint 100 DEVS to {alice}",
        f"mint 200 DEVS to {bob}",
    ]
    assert all(r.tx_hash.startswith("0x") for r in failed.sent)
    assert failed.failed == f"mint 50 DEVS to {alice}"
    assert isinstance(failed.cause, Reverted)
    assert not failed.cause.mined
    assert failed.not_sent == (f"mint 1 DEVS to {bob}",)
    text = str(failed)
    assert "batch stopped at transaction 3 of 4" in text
    assert failed.sent[1].tx_hash in text
    assert funded.balance_of(bob) == 200


def test_mint_many_checks_every_pair_first(funded, ck_actors, nothing_sent):
    with nothing_sent(), pytest.raises(InvalidAmount) as caught:
        funded.mint_many([(ck_actors.alice.address, "1"), (ck_actors.bob.address, "-1")])
    assert caught.value.field == "mints[1].amount"


def test_burn_by_a_minter(funded, ck_actors):
    minter = ck_actors.minter.address
    funded.approve_account(minter, "issuer_treasury", 840, "2099-01-01")
    funded.mint(minter, "40")
    result = funded.burn("15.5")
    assert result.event("Transfer").args == {
        "from": minter,
        "to": "0x" + "00" * 20,
        "value": 15_500_000,
    }
    assert funded.balance_of(minter) == Decimal("24.5")
    with pytest.raises(revert_error("ERC20InsufficientBalance")) as caught:
        funded.burn("30")
    assert (
        "preflight: ERC-1404 rule 8 (insufficient_balance): the sender holds 24.5 DEVS; the "
        "transfer needs 30 DEVS (5.5 DEVS short)"
    ) in caught.value.__notes__
