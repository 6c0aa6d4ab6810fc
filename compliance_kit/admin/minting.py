"""Minting: minters and their allowances (``MASTER_MINTER_ROLE``), mint and burn (minters)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from compliance_kit.admin.base import AdminBase, PlannedTx
from compliance_kit.admin.errors import MissingRole
from compliance_kit.admin.results import BatchResult, TxResult
from compliance_kit.admin.values import ROLE_IDS, to_units
from compliance_kit.exceptions import InputError

if TYPE_CHECKING:
    from eth_account.signers.local import LocalAccount


class MintingAdmin(AdminBase):
    """Minters, allowances, mint and burn. Every mint is checked against fresh reserves on-chain."""

    # --- reads --------------------------------------------------------------------------
    def is_minter(self, account: str) -> bool:
        address = self._address(account, "minter")
        return bool(self.token.fn.hasRole(ROLE_IDS["MINTER_ROLE"], address).call())

    def minter_allowance(self, minter: str) -> Decimal:
        """How much more ``minter`` may mint, in token units."""
        address = self._address(minter, "minter")
        return to_units(self.token.fn.minterAllowance(address).call(), self.decimals)

    def balance_of(self, account: str) -> Decimal:
        """``account``'s balance in token units."""
        address = self._address(account, "account")
        return to_units(self.token.fn.balanceOf(address).call(), self.decimals)

    # --- minters ------------------------------------------------------------------------
    def configure_minter(self, minter: str, allowance: Any) -> TxResult:
        """Make ``minter`` a minter (if needed) that may mint ``allowance`` more (token units)."""
        address = self._address(minter, "minter")
        value = self._amount(allowance, "allowance")
        action = f"configure minter {address} with an allowance of {self.show(value)}"
        fn = self.token.fn.configureMinter(address, value)
        return self._send(self._plan(action, "token", "MASTER_MINTER_ROLE", fn))

    def remove_minter(self, minter: str) -> TxResult:
        """Take minting away from ``minter`` (its allowance is cleared)."""
        address = self._address(minter, "minter")
        fn = self.token.fn.removeMinter(address)
        return self._send(self._plan(f"remove minter {address}", "token", "MASTER_MINTER_ROLE", fn))

    # --- mint and burn ------------------------------------------------------------------
    def mint(self, to: str, amount: Any, *, minter: str | None = None) -> TxResult:
        """Mint ``amount`` (token units) to ``to``, signed by ``minter`` (default: the first
        signer that is a minter). ``to`` must be KYC-verified and not frozen, the reserves fresh
        and sufficient: a refusal is explained and nothing is sent."""
        return self._send(self._mint_plan(to, amount, minter, "to", "amount"))

    def mint_many(
        self, mints: Iterable[Sequence[Any]], *, minter: str | None = None
    ) -> BatchResult:
        """Mint to many accounts, one transaction each: ``[(to, amount), ...]``. Every pair is
        validated first; if one fails, the result says which went through and which were not
        sent."""
        plans: list[PlannedTx] = []
        for index, pair in enumerate(mints):
            if isinstance(pair, str) or len(pair) != 2:
                raise InputError(f"mints[{index}]", "expected a (to, amount) pair")
            to, amount = pair
            plans.append(
                self._mint_plan(to, amount, minter, f"mints[{index}].to", f"mints[{index}].amount")
            )
        if not plans:
            raise InputError("mints", "empty: nothing to do")
        return self._send_all(plans)

    def burn(self, amount: Any, *, minter: str | None = None) -> TxResult:
        """Burn ``amount`` of a minter's own balance (e.g. after an off-chain redemption)."""
        value = self._amount(amount)
        action = f"burn {self.show(value)}"
        signer = self._minter(action, minter)
        return self._send(PlannedTx(action, self.token.fn.burn(value), signer))

    # --- helpers ------------------------------------------------------------------------
    def _mint_plan(
        self, to: Any, amount: Any, minter: str | None, to_field: str, amount_field: str
    ) -> PlannedTx:
        recipient = self._address(to, to_field)
        value = self._amount(amount, amount_field)
        action = f"mint {self.show(value)} to {recipient}"
        return PlannedTx(action, self.token.fn.mint(recipient, value), self._minter(action, minter))

    def _minter(self, action: str, minter: str | None) -> LocalAccount:
        if minter is None:
            return self._signer_with(action, "token", "MINTER_ROLE")
        address = self._address(minter, "minter")
        signer = self._signer_at(action, address, "the minter")
        if not self.token.fn.hasRole(ROLE_IDS["MINTER_ROLE"], address).call():
            holders = self._holders("MINTER_ROLE")
            raise MissingRole(action, "MINTER_ROLE", "token", [address], holders)
        return signer


__all__ = ["MintingAdmin"]
