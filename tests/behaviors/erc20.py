"""A reusable ERC-20 behaviour suite (EIP-20 semantics, ERC-6093 errors, OpenZeppelin 5 events).

Subclass :class:`ERC20Behaviour` in a test module and give it an ``erc20`` fixture returning an
:class:`ERC20Subject`: a deployed token, already isolated per test, with an ``owner`` holding a
balance and a ``recipient`` and ``spender`` that may receive tokens (for a restricted token: all
three verified, none frozen). Every test reads the balances it needs from the chain, so the
subject's starting amounts are free. The class name does not start with ``Test``, so the suite
itself is only collected through its subclasses.

Only single-failure cases are asserted: when several checks fail at once, tokens may legitimately
differ in which one they report first.
"""

# Foundry-style names keep the Solidity function's camelCase: test_<fn>_reverts_when_<cond>
# ruff: noqa: N802

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from behaviors.asserts import assert_events, reverts

if TYPE_CHECKING:
    from eth_account.signers.local import LocalAccount

    from compliance_kit.chain import Chain
    from compliance_kit.contracts import Contract

ZERO_ADDRESS = "0x0000000000000000000000000000000000000000"
UINT256_MAX = 2**256 - 1
#: an address no test ever funds
NOBODY = "0x00000000000000000000000000000000DeaDBeef"


@dataclass(frozen=True)
class ERC20Subject:
    """A token under test and three of its holders (see the module docstring)."""

    token: Contract
    chain: Chain
    name: str
    symbol: str
    decimals: int
    owner: LocalAccount
    recipient: LocalAccount
    spender: LocalAccount


def _balances(token: Contract, *accounts: LocalAccount) -> list[int]:
    return [token.fn.balanceOf(a.address).call() for a in accounts]


class ERC20Behaviour:
    """EIP-20 behaviour every ERC-20 of the kit must show (run through a subclass)."""

    # --- metadata and views --------------------------------------------------------------
    def test_metadata(self, erc20: ERC20Subject) -> None:
        fn = erc20.token.fn
        assert (fn.name().call(), fn.symbol().call(), fn.decimals().call()) == (
            erc20.name,
            erc20.symbol,
            erc20.decimals,
        )

    def test_balanceOf_is_zero_for_an_account_never_funded(self, erc20: ERC20Subject) -> None:
        assert erc20.token.fn.balanceOf(NOBODY).call() == 0

    def test_allowance_is_zero_by_default(self, erc20: ERC20Subject) -> None:
        assert erc20.token.fn.allowance(erc20.owner.address, NOBODY).call() == 0

    def test_totalSupply_covers_the_holders(self, erc20: ERC20Subject) -> None:
        token = erc20.token
        held = sum(_balances(token, erc20.owner, erc20.recipient, erc20.spender))
        assert token.fn.totalSupply().call() >= held > 0

    # --- transfer ------------------------------------------------------------------------
    def test_transfer_moves_the_value_and_emits_transfer(self, erc20: ERC20Subject) -> None:
        token, owner, recipient = erc20.token, erc20.owner, erc20.recipient
        before = _balances(token, owner, recipient)
        supply = token.fn.totalSupply().call()
        value = before[0] // 3

        receipt = token.fn.transfer(recipient.address, value).transact(owner)

        assert _balances(token, owner, recipient) == [before[0] - value, before[1] + value]
        assert token.fn.totalSupply().call() == supply
        assert_events(
            token,
            receipt,
            [("Transfer", {"from": owner.address, "to": recipient.address, "value": value})],
        )

    def test_transfer_returns_true(self, erc20: ERC20Subject) -> None:
        bound = erc20.token.fn.transfer(erc20.recipient.address, 1)
        assert bound.call(erc20.owner.address) is True

    def test_transfer_of_the_whole_balance_leaves_zero(self, erc20: ERC20Subject) -> None:
        token, owner, recipient = erc20.token, erc20.owner, erc20.recipient
        before = _balances(token, owner, recipient)

        token.fn.transfer(recipient.address, before[0]).transact(owner)

        assert _balances(token, owner, recipient) == [0, before[0] + before[1]]

    def test_transfer_of_zero_emits_transfer_and_moves_nothing(self, erc20: ERC20Subject) -> None:
        token, owner, recipient = erc20.token, erc20.owner, erc20.recipient
        before = _balances(token, owner, recipient)

        receipt = token.fn.transfer(recipient.address, 0).transact(owner)

        assert _balances(token, owner, recipient) == before
        assert_events(
            token,
            receipt,
            [("Transfer", {"from": owner.address, "to": recipient.address, "value": 0})],
        )

    def test_transfer_to_self_keeps_the_balance_and_emits_transfer(
        self, erc20: ERC20Subject
    ) -> None:
        token, owner = erc20.token, erc20.owner
        (before,) = _balances(token, owner)

        receipt = token.fn.transfer(owner.address, before).transact(owner)

        assert _balances(token, owner) == [before]
        assert_events(
            token,
            receipt,
            [("Transfer", {"from": owner.address, "to": owner.address, "value": before})],
        )

    def test_transfer_reverts_when_balance_is_too_low(self, erc20: ERC20Subject) -> None:
        token, owner, recipient = erc20.token, erc20.owner, erc20.recipient
        before = _balances(token, owner, recipient)

        with reverts(
            "ERC20InsufficientBalance",
            sender=owner.address,
            balance=before[0],
            needed=before[0] + 1,
        ):
            token.fn.transfer(recipient.address, before[0] + 1).transact(owner)

        assert _balances(token, owner, recipient) == before

    def test_transfer_to_self_reverts_when_balance_is_too_low(self, erc20: ERC20Subject) -> None:
        token, owner = erc20.token, erc20.owner
        (before,) = _balances(token, owner)

        with reverts(
            "ERC20InsufficientBalance", sender=owner.address, balance=before, needed=before + 1
        ):
            token.fn.transfer(owner.address, before + 1).transact(owner)

    def test_transfer_reverts_when_receiver_is_zero_address(self, erc20: ERC20Subject) -> None:
        token, owner = erc20.token, erc20.owner
        supply = token.fn.totalSupply().call()

        with reverts("ERC20InvalidReceiver", receiver=ZERO_ADDRESS):
            token.fn.transfer(ZERO_ADDRESS, 1).transact(owner)

        assert token.fn.totalSupply().call() == supply

    # --- approve -------------------------------------------------------------------------
    def test_approve_sets_the_allowance_and_emits_approval(self, erc20: ERC20Subject) -> None:
        token, owner, spender = erc20.token, erc20.owner, erc20.spender

        receipt = token.fn.approve(spender.address, 1_234).transact(owner)

        assert token.fn.allowance(owner.address, spender.address).call() == 1_234
        assert token.fn.allowance(spender.address, owner.address).call() == 0
        assert_events(
            token,
            receipt,
            [("Approval", {"owner": owner.address, "spender": spender.address, "value": 1_234})],
        )

    def test_approve_returns_true(self, erc20: ERC20Subject) -> None:
        bound = erc20.token.fn.approve(erc20.spender.address, 1)
        assert bound.call(erc20.owner.address) is True

    def test_approve_replaces_the_previous_allowance(self, erc20: ERC20Subject) -> None:
        token, owner, spender = erc20.token, erc20.owner, erc20.spender
        token.fn.approve(spender.address, 500).transact(owner)

        receipt = token.fn.approve(spender.address, 200).transact(owner)

        assert token.fn.allowance(owner.address, spender.address).call() == 200
        assert_events(
            token,
            receipt,
            [("Approval", {"owner": owner.address, "spender": spender.address, "value": 200})],
        )

    def test_approve_zero_clears_the_allowance(self, erc20: ERC20Subject) -> None:
        token, owner, spender = erc20.token, erc20.owner, erc20.spender
        token.fn.approve(spender.address, 500).transact(owner)

        token.fn.approve(spender.address, 0).transact(owner)

        assert token.fn.allowance(owner.address, spender.address).call() == 0

    def test_approve_may_exceed_the_balance(self, erc20: ERC20Subject) -> None:
        token, owner, spender = erc20.token, erc20.owner, erc20.spender

        token.fn.approve(spender.address, UINT256_MAX).transact(owner)

        assert token.fn.allowance(owner.address, spender.address).call() == UINT256_MAX

    def test_approve_reverts_when_spender_is_zero_address(self, erc20: ERC20Subject) -> None:
        with reverts("ERC20InvalidSpender", spender=ZERO_ADDRESS):
            erc20.token.fn.approve(ZERO_ADDRESS, 1).transact(erc20.owner)

    # --- transferFrom --------------------------------------------------------------------
    def test_transferFrom_moves_the_value_and_spends_the_allowance(
        self, erc20: ERC20Subject
    ) -> None:
        token, owner, recipient, spender = erc20.token, erc20.owner, erc20.recipient, erc20.spender
        before = _balances(token, owner, recipient, spender)
        value = before[0] // 4
        token.fn.approve(spender.address, value + 10).transact(owner)

        receipt = token.fn.transferFrom(owner.address, recipient.address, value).transact(spender)

        assert _balances(token, owner, recipient, spender) == [
            before[0] - value,
            before[1] + value,
            before[2],
        ]
        assert token.fn.allowance(owner.address, spender.address).call() == 10
        # OpenZeppelin 5 semantics: spending an allowance emits no Approval
        assert_events(
            token,
            receipt,
            [("Transfer", {"from": owner.address, "to": recipient.address, "value": value})],
        )

    def test_transferFrom_returns_true(self, erc20: ERC20Subject) -> None:
        token, owner, spender = erc20.token, erc20.owner, erc20.spender
        token.fn.approve(spender.address, 5).transact(owner)

        bound = token.fn.transferFrom(owner.address, erc20.recipient.address, 5)
        assert bound.call(spender.address) is True

    def test_transferFrom_of_the_whole_allowance_leaves_zero(self, erc20: ERC20Subject) -> None:
        token, owner, spender = erc20.token, erc20.owner, erc20.spender
        token.fn.approve(spender.address, 700).transact(owner)

        token.fn.transferFrom(owner.address, erc20.recipient.address, 700).transact(spender)

        assert token.fn.allowance(owner.address, spender.address).call() == 0

    def test_transferFrom_with_infinite_allowance_does_not_spend_it(
        self, erc20: ERC20Subject
    ) -> None:
        token, owner, recipient, spender = erc20.token, erc20.owner, erc20.recipient, erc20.spender
        token.fn.approve(spender.address, UINT256_MAX).transact(owner)
        before = _balances(token, owner, recipient)

        receipt = token.fn.transferFrom(owner.address, recipient.address, 999).transact(spender)

        assert token.fn.allowance(owner.address, spender.address).call() == UINT256_MAX
        assert _balances(token, owner, recipient) == [before[0] - 999, before[1] + 999]
        assert_events(
            token,
            receipt,
            [("Transfer", {"from": owner.address, "to": recipient.address, "value": 999})],
        )

    def test_transferFrom_to_self_keeps_the_balance_and_spends_the_allowance(
        self, erc20: ERC20Subject
    ) -> None:
        token, owner, spender = erc20.token, erc20.owner, erc20.spender
        (before,) = _balances(token, owner)
        token.fn.approve(spender.address, 300).transact(owner)

        receipt = token.fn.transferFrom(owner.address, owner.address, 100).transact(spender)

        assert _balances(token, owner) == [before]
        assert token.fn.allowance(owner.address, spender.address).call() == 200
        assert_events(
            token,
            receipt,
            [("Transfer", {"from": owner.address, "to": owner.address, "value": 100})],
        )

    def test_transferFrom_of_zero_needs_no_allowance(self, erc20: ERC20Subject) -> None:
        token, owner, recipient, spender = erc20.token, erc20.owner, erc20.recipient, erc20.spender
        before = _balances(token, owner, recipient)

        receipt = token.fn.transferFrom(owner.address, recipient.address, 0).transact(spender)

        assert _balances(token, owner, recipient) == before
        assert_events(
            token,
            receipt,
            [("Transfer", {"from": owner.address, "to": recipient.address, "value": 0})],
        )

    def test_transferFrom_reverts_when_allowance_is_too_low(self, erc20: ERC20Subject) -> None:
        token, owner, recipient, spender = erc20.token, erc20.owner, erc20.recipient, erc20.spender
        token.fn.approve(spender.address, 99).transact(owner)
        before = _balances(token, owner, recipient)

        with reverts(
            "ERC20InsufficientAllowance", spender=spender.address, allowance=99, needed=100
        ):
            token.fn.transferFrom(owner.address, recipient.address, 100).transact(spender)

        assert token.fn.allowance(owner.address, spender.address).call() == 99
        assert _balances(token, owner, recipient) == before

    def test_transferFrom_reverts_when_there_is_no_allowance(self, erc20: ERC20Subject) -> None:
        """Even the owner needs an allowance to move its own tokens with transferFrom."""
        token, owner = erc20.token, erc20.owner

        with reverts("ERC20InsufficientAllowance", spender=owner.address, allowance=0, needed=1):
            token.fn.transferFrom(owner.address, erc20.recipient.address, 1).transact(owner)

    def test_transferFrom_reverts_when_balance_is_too_low(self, erc20: ERC20Subject) -> None:
        token, owner, recipient, spender = erc20.token, erc20.owner, erc20.recipient, erc20.spender
        (balance,) = _balances(token, owner)
        token.fn.approve(spender.address, UINT256_MAX).transact(owner)

        with reverts(
            "ERC20InsufficientBalance", sender=owner.address, balance=balance, needed=balance + 1
        ):
            token.fn.transferFrom(owner.address, recipient.address, balance + 1).transact(spender)

        assert _balances(token, owner) == [balance]

    def test_transferFrom_reverts_when_receiver_is_zero_address(self, erc20: ERC20Subject) -> None:
        token, owner, spender = erc20.token, erc20.owner, erc20.spender
        token.fn.approve(spender.address, 10).transact(owner)

        with reverts("ERC20InvalidReceiver", receiver=ZERO_ADDRESS):
            token.fn.transferFrom(owner.address, ZERO_ADDRESS, 10).transact(spender)

        assert token.fn.allowance(owner.address, spender.address).call() == 10
