"""Sanctions screening with an oracle of Chainalysis's interface.

``setSanctionsScreening((oracle, onMint, onRedeem, onTransfer, failOpen))``: transfers screen the
sender, the recipient and (``transferFrom``) the spender; mints the recipient; redemptions the
redeemer. A listed account is refused with ``AccountSanctioned(account, oracle)``. An oracle that
reverts or answers with anything but one word gave no answer: fail-closed refuses with
``SanctionsScreeningUnavailable(oracle, account)``, fail-open lets the operation through and
emits ``SanctionsScreeningFailedOpen(oracle, account)``.

The oracles: the issuer-run SanctionsList, and a test double (tests/fixtures/contracts) that
reverts or returns malformed data for chosen accounts.
"""

# Foundry-style names keep the Solidity function's camelCase: test_<fn>_reverts_when_<cond>
# ruff: noqa: N802

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from behaviors.asserts import reverts
from behaviors.stablecoin import ZERO_ADDRESS
from eth_utils import keccak

from aml.helpers import (
    RECIPIENT_SANCTIONED,
    SANCTIONS_SCREENING_UNAVAILABLE,
    SENDER_FROZEN,
    SENDER_SANCTIONED,
    SUCCESS,
    detect,
    passes,
    refused,
    usd,
)

if TYPE_CHECKING:
    from eth_account.signers.local import LocalAccount

    from aml.conftest import AmlWorld
    from compliance_kit.chain.base import Receipt

VALUE = usd(250)
REF = keccak(text="redemption to HSBC HK 004-123456-001")
ORDER = keccak(text="HKMA/ENF/2026/0007")

#: SanctionsOracleDouble.Answer
NO, YES, REVERT, EMPTY, SHORT, NOT_A_BOOL = range(6)
NO_ANSWER = {"reverts": REVERT, "returns nothing": EMPTY, "returns 31 bytes": SHORT}


def _answer(world: AmlWorld, answer: int, *accounts: LocalAccount) -> None:
    world.oracle.fn.setAnswer([a.address for a in accounts], answer).transact(world.actors.admin)


def _assert_failed_open(world: AmlWorld, receipt: Receipt, *accounts: LocalAccount) -> None:
    """``receipt`` reports exactly one fail-open per account in ``accounts``, in that order."""
    reported = [e.args for e in world.token.events(receipt, "SanctionsScreeningFailedOpen")]
    assert reported == [{"oracle": world.oracle.address, "account": a.address} for a in accounts]


def _assert_transferred(
    world: AmlWorld, receipt: Receipt, sender: str, to: LocalAccount, value: int
) -> None:
    moved = [e.args for e in world.token.events(receipt, "Transfer")]
    assert moved == [{"from": sender, "to": to.address, "value": value}]


# --- listed accounts ----------------------------------------------------------------------------


def test_transfer_reverts_when_the_sender_is_sanctioned(world: AmlWorld) -> None:
    a = world.actors
    world.screen(world.sanctions_list, on_transfer=True)
    world.sanction(a.alice)
    refused(
        world.token, a.alice, a.bob, VALUE, SENDER_SANCTIONED, "AccountSanctioned",
        account=a.alice.address, oracle=world.sanctions_list.address,
    )  # fmt: skip


def test_transfer_reverts_when_the_recipient_is_sanctioned(world: AmlWorld) -> None:
    a = world.actors
    world.screen(world.sanctions_list, on_transfer=True)
    world.sanction(a.bob)
    refused(
        world.token, a.alice, a.bob, VALUE, RECIPIENT_SANCTIONED, "AccountSanctioned",
        account=a.bob.address, oracle=world.sanctions_list.address,
    )  # fmt: skip


def test_transfer_names_the_sender_when_both_parties_are_sanctioned(world: AmlWorld) -> None:
    a = world.actors
    world.screen(world.sanctions_list, on_transfer=True)
    world.sanction(a.bob, a.alice)
    refused(
        world.token, a.alice, a.bob, VALUE, SENDER_SANCTIONED, "AccountSanctioned",
        account=a.alice.address, oracle=world.sanctions_list.address,
    )  # fmt: skip


def test_transferFrom_reverts_when_the_spender_is_sanctioned(world: AmlWorld) -> None:
    a, token = world.actors, world.token
    token.fn.approve(a.carol.address, VALUE).transact(a.alice)
    world.screen(world.sanctions_list, on_transfer=True)
    world.sanction(a.carol)
    # the ERC-1404 preflight has no spender: it sees an unrestricted alice -> bob transfer
    assert detect(token, a.alice, a.bob, VALUE) == SUCCESS
    with reverts("AccountSanctioned", account=a.carol.address, oracle=world.sanctions_list.address):
        token.fn.transferFrom(a.alice.address, a.bob.address, VALUE).transact(a.carol)
    passes(token, a.alice, a.bob, VALUE)  # alice herself is not listed


def test_transferFrom_screens_the_spender_before_the_transfer_rules(world: AmlWorld) -> None:
    a, token = world.actors, world.token
    token.fn.approve(a.carol.address, VALUE).transact(a.alice)
    world.screen(world.sanctions_list, on_transfer=True)
    world.sanction(a.carol)
    # to an unverified recipient: the spender's screening comes first
    with reverts("AccountSanctioned", account=a.carol.address, oracle=world.sanctions_list.address):
        token.fn.transferFrom(a.alice.address, a.mallory.address, VALUE).transact(a.carol)
    world.officer("freeze", a.carol.address, ORDER)  # and a freeze before the screening
    with reverts("AccountFrozen", account=a.carol.address):
        token.fn.transferFrom(a.alice.address, a.bob.address, VALUE).transact(a.carol)


def test_transfer_is_screened_before_kyc_is_checked(world: AmlWorld) -> None:
    a = world.actors
    world.screen(world.sanctions_list, on_transfer=True)
    world.sanction(a.mallory)  # never verified
    refused(
        world.token, a.mallory, a.bob, VALUE, SENDER_SANCTIONED, "AccountSanctioned",
        account=a.mallory.address, oracle=world.sanctions_list.address,
    )  # fmt: skip
    refused(
        world.token, a.alice, a.mallory, VALUE, RECIPIENT_SANCTIONED, "AccountSanctioned",
        account=a.mallory.address, oracle=world.sanctions_list.address,
    )  # fmt: skip


def test_transfer_reverts_when_frozen_before_it_is_screened(world: AmlWorld) -> None:
    a = world.actors
    world.screen(world.sanctions_list, on_transfer=True)
    world.sanction(a.alice)
    world.officer("freeze", a.alice.address, ORDER)
    refused(
        world.token, a.alice, a.bob, VALUE, SENDER_FROZEN, "AccountFrozen",
        account=a.alice.address,
    )  # fmt: skip


def test_transfer_passes_for_listed_accounts_when_transfers_are_not_screened(
    world: AmlWorld,
) -> None:
    a = world.actors
    world.screen(world.sanctions_list, on_mint=True, on_redeem=True)
    world.sanction(a.alice, a.bob)
    passes(world.token, a.alice, a.bob, VALUE)


def test_transfer_passes_again_once_the_account_is_delisted(world: AmlWorld) -> None:
    a = world.actors
    world.screen(world.sanctions_list, on_transfer=True)
    world.sanction(a.alice)
    assert detect(world.token, a.alice, a.bob, VALUE) == SENDER_SANCTIONED
    world.sanctions_list.fn.removeFromSanctionsList([a.alice.address]).transact(
        a.compliance_officer
    )
    passes(world.token, a.alice, a.bob, VALUE)


def test_mint_reverts_when_the_recipient_is_sanctioned(world: AmlWorld) -> None:
    a, token = world.actors, world.token
    world.sanction(a.alice)
    world.screen(world.sanctions_list, on_transfer=True)  # transfers only: mints go through
    token.fn.mint(a.alice.address, VALUE).transact(a.minter)
    world.screen(world.sanctions_list, on_mint=True)
    with reverts("AccountSanctioned", account=a.alice.address, oracle=world.sanctions_list.address):
        token.fn.mint(a.alice.address, VALUE).transact(a.minter)
    token.fn.mint(a.bob.address, VALUE).transact(a.minter)


def test_redeem_reverts_when_the_redeemer_is_sanctioned(world: AmlWorld) -> None:
    a, token = world.actors, world.token
    world.sanction(a.alice)
    world.screen(world.sanctions_list, on_redeem=True)
    with reverts("AccountSanctioned", account=a.alice.address, oracle=world.sanctions_list.address):
        token.fn.redeem(VALUE, REF).transact(a.alice)
    token.fn.redeem(VALUE, REF).transact(a.bob)
    world.screen(world.sanctions_list, on_mint=True)  # redemptions no longer screened
    token.fn.redeem(VALUE, REF).transact(a.alice)


def test_oracle_answering_a_word_other_than_0_or_1_counts_as_listed(world: AmlWorld) -> None:
    # one word is an answer: any non-zero word is "sanctioned" (only 0 clears)
    a = world.actors
    _answer(world, NOT_A_BOOL, a.alice)
    world.screen(world.oracle, on_transfer=True, fail_open=True)
    refused(
        world.token, a.alice, a.bob, VALUE, SENDER_SANCTIONED, "AccountSanctioned",
        account=a.alice.address, oracle=world.oracle.address,
    )  # fmt: skip


# --- an oracle that does not answer -------------------------------------------------------------


@pytest.mark.parametrize("answer", NO_ANSWER.values(), ids=NO_ANSWER.keys())
@pytest.mark.parametrize("party", ["sender", "recipient"])
def test_transfer_reverts_when_the_oracle_gives_no_answer_and_screening_fails_closed(
    world: AmlWorld, answer: int, party: str
) -> None:
    a = world.actors
    silent = a.alice if party == "sender" else a.bob
    _answer(world, answer, silent)
    world.screen(world.oracle, on_transfer=True)
    refused(
        world.token, a.alice, a.bob, VALUE, SANCTIONS_SCREENING_UNAVAILABLE,
        "SanctionsScreeningUnavailable", oracle=world.oracle.address, account=silent.address,
    )  # fmt: skip


@pytest.mark.parametrize("answer", NO_ANSWER.values(), ids=NO_ANSWER.keys())
def test_transfer_passes_and_reports_when_the_oracle_gives_no_answer_and_screening_fails_open(
    world: AmlWorld, answer: int
) -> None:
    a = world.actors
    _answer(world, answer, a.alice)
    world.screen(world.oracle, on_transfer=True, fail_open=True)
    receipt = passes(world.token, a.alice, a.bob, VALUE)
    _assert_failed_open(world, receipt, a.alice)
    _assert_transferred(world, receipt, a.alice.address, a.bob, VALUE)


def test_transfer_reports_each_party_the_oracle_did_not_answer_for(world: AmlWorld) -> None:
    a = world.actors
    _answer(world, REVERT, a.alice)
    _answer(world, SHORT, a.bob)
    world.screen(world.oracle, on_transfer=True, fail_open=True)
    receipt = passes(world.token, a.alice, a.bob, VALUE)
    _assert_failed_open(world, receipt, a.alice, a.bob)
    _assert_transferred(world, receipt, a.alice.address, a.bob, VALUE)


def test_transfer_reverts_for_a_listed_recipient_even_when_failing_open(world: AmlWorld) -> None:
    a = world.actors
    _answer(world, REVERT, a.alice)
    _answer(world, YES, a.bob)
    world.screen(world.oracle, on_transfer=True, fail_open=True)
    refused(
        world.token, a.alice, a.bob, VALUE, RECIPIENT_SANCTIONED, "AccountSanctioned",
        account=a.bob.address, oracle=world.oracle.address,
    )  # fmt: skip


def test_transferFrom_screens_the_spender_with_the_failure_mode(world: AmlWorld) -> None:
    a, token = world.actors, world.token
    token.fn.approve(a.carol.address, 2 * VALUE).transact(a.alice)
    _answer(world, REVERT, a.carol)
    world.screen(world.oracle, on_transfer=True)
    with reverts(
        "SanctionsScreeningUnavailable", oracle=world.oracle.address, account=a.carol.address
    ):
        token.fn.transferFrom(a.alice.address, a.bob.address, VALUE).transact(a.carol)
    world.screen(world.oracle, on_transfer=True, fail_open=True)
    receipt = token.fn.transferFrom(a.alice.address, a.bob.address, VALUE).transact(a.carol)
    _assert_failed_open(world, receipt, a.carol)
    _assert_transferred(world, receipt, a.alice.address, a.bob, VALUE)
    assert token.fn.allowance(a.alice.address, a.carol.address).call() == VALUE


def test_mint_follows_the_failure_mode_when_the_oracle_gives_no_answer(world: AmlWorld) -> None:
    a, token = world.actors, world.token
    _answer(world, EMPTY, a.alice)
    world.screen(world.oracle, on_mint=True)
    with reverts(
        "SanctionsScreeningUnavailable", oracle=world.oracle.address, account=a.alice.address
    ):
        token.fn.mint(a.alice.address, VALUE).transact(a.minter)
    world.screen(world.oracle, on_mint=True, fail_open=True)
    receipt = token.fn.mint(a.alice.address, VALUE).transact(a.minter)
    _assert_failed_open(world, receipt, a.alice)
    _assert_transferred(world, receipt, ZERO_ADDRESS, a.alice, VALUE)


def test_redeem_follows_the_failure_mode_when_the_oracle_gives_no_answer(
    world: AmlWorld,
) -> None:
    a, token = world.actors, world.token
    _answer(world, REVERT, a.bob)
    world.screen(world.oracle, on_redeem=True)
    with reverts(
        "SanctionsScreeningUnavailable", oracle=world.oracle.address, account=a.bob.address
    ):
        token.fn.redeem(VALUE, REF).transact(a.bob)
    world.screen(world.oracle, on_redeem=True, fail_open=True)
    receipt = token.fn.redeem(VALUE, REF).transact(a.bob)
    _assert_failed_open(world, receipt, a.bob)
    assert len(token.events(receipt, "RedemptionRequested")) == 1


# --- configuration ------------------------------------------------------------------------------


def test_setSanctionsScreening_reverts_when_the_oracle_is_not_a_contract(world: AmlWorld) -> None:
    mallory = world.actors.mallory.address
    with reverts("NotAContract", target=mallory):
        world.screen(mallory, on_transfer=True)
    with reverts("NotAContract", target=mallory):
        world.screen(mallory)  # an oracle, even unused, must be one
    with reverts("NotAContract", target=ZERO_ADDRESS):
        world.screen(ZERO_ADDRESS, on_mint=True)
    assert world.token.fn.sanctionsScreening().call() == (ZERO_ADDRESS, False, False, False, False)


def test_setSanctionsScreening_with_no_oracle_and_no_switch_turns_screening_off(
    world: AmlWorld,
) -> None:
    a = world.actors
    world.screen(world.sanctions_list, on_mint=True, on_redeem=True, on_transfer=True)
    world.sanction(a.alice)
    world.screen(ZERO_ADDRESS)
    assert world.token.fn.sanctionsScreening().call() == (ZERO_ADDRESS, False, False, False, False)
    passes(world.token, a.alice, a.bob, VALUE)
