"""Lawful orders (``COMPLIANCE_OFFICER_ROLE``): freeze, partial freeze, seize, burn frozen funds.

Every action carries the order's reference (text up to 32 bytes, or a 0x-hex hash), emitted in
its event so the audit log ties each action to its order.
"""

from __future__ import annotations

from typing import Any

from compliance_kit.admin.base import AdminBase, PlannedTx
from compliance_kit.admin.results import BatchResult, TxResult
from compliance_kit.admin.values import reference
from compliance_kit.exceptions import ComplianceKitError, InputError

_OFFICER = "COMPLIANCE_OFFICER_ROLE"
#: the token's functions that act on a whole account (``f(account, ref)``); every other order
#: function takes an amount (``f(account, amount, ref)``)
_WHOLE_ACCOUNT = frozenset({"freeze", "unfreeze"})
#: what each amount-taking order does, for the "amount required" message
_AMOUNT_VERBS = {
    "freezeTokens": ("freeze", "freeze"),
    "unfreezeTokens": ("release", "unfreeze"),
    "seize": ("seize", None),
    "burnFrozen": ("burn", None),
}


class OrdersAdmin(AdminBase):
    """Freeze and seize under lawful orders; the seizure escrow (admin)."""

    def seizure_escrow(self) -> str:
        """Where seized funds go (the zero address when none is set)."""
        return str(self.token.fn.seizureEscrow().call())

    def freeze(self, account: str, order_ref: Any) -> TxResult:
        """Freeze ``account`` as a whole: it can no longer send, receive, approve or be approved."""
        return self._send(self._order_plan("freeze", account, None, order_ref))

    def unfreeze(self, account: str, order_ref: Any) -> TxResult:
        """Lift the freeze on ``account``."""
        return self._send(self._order_plan("unfreeze", account, None, order_ref))

    def freeze_tokens(self, account: str, amount: Any, order_ref: Any) -> TxResult:
        """Freeze ``amount`` more of ``account``'s tokens; the rest stays spendable."""
        return self._send(self._order_plan("freezeTokens", account, amount, order_ref))

    def unfreeze_tokens(self, account: str, amount: Any, order_ref: Any) -> TxResult:
        """Release ``amount`` of ``account``'s partially frozen tokens."""
        return self._send(self._order_plan("unfreezeTokens", account, amount, order_ref))

    def seize(self, account: str, amount: Any, order_ref: Any) -> TxResult:
        """Move ``amount`` of ``account``'s frozen funds to the seizure escrow."""
        return self._send(self._order_plan("seize", account, amount, order_ref))

    def burn_frozen(self, account: str, amount: Any, order_ref: Any) -> TxResult:
        """Burn ``amount`` of ``account``'s frozen funds (e.g. for reissue); supply falls."""
        return self._send(self._order_plan("burnFrozen", account, amount, order_ref))

    def freeze_and_seize(self, account: str, amount: Any, order_ref: Any) -> BatchResult:
        """A court order in one go: freeze ``account``, then seize ``amount`` to the escrow.
        Both are planned before the first is sent."""
        return self._send_all(
            [
                self._order_plan("freeze", account, None, order_ref),
                self._order_plan("seize", account, amount, order_ref),
            ]
        )

    def set_seizure_escrow(self, escrow: str) -> TxResult:
        """Send seized funds to ``escrow`` from now on (DEFAULT_ADMIN_ROLE)."""
        address = self._address(escrow, "escrow")
        fn = self.token.fn.setSeizureEscrow(address)
        return self._send(
            self._plan(f"set the seizure escrow to {address}", "token", "DEFAULT_ADMIN_ROLE", fn)
        )

    def _order_plan(
        self, function: str, account: str, amount: Any | None, order_ref: Any
    ) -> PlannedTx:
        """The order transaction. ``function`` alone selects the form: ``freeze``/``unfreeze``
        act on the whole account (``amount`` is None); every other function needs an amount,
        and ``None`` there is refused (it never falls back to a whole-account action)."""
        if function in _WHOLE_ACCOUNT and amount is not None:  # pragma: no cover - internal
            raise TypeError(f"{function} acts on the whole account: it takes no amount")
        address = self._address(account, "account")
        if function not in _WHOLE_ACCOUNT and amount is None:
            verb, whole = _AMOUNT_VERBS.get(function, (function, None))
            hint = f"; to {whole} the whole account, use {whole}()" if whole else ""
            raise InputError("amount", f"required: the amount of tokens to {verb}{hint}")
        ref = reference(order_ref, "order_ref")
        shown = order_ref if isinstance(order_ref, str) else "0x" + ref.hex()
        if function in _WHOLE_ACCOUNT:
            action = f"{function} {address} under order {shown}"
            fn = getattr(self.token.fn, function)(address, ref)
        else:
            value = self._amount(amount)
            action = f"{function} {self.show(value)} of {address} under order {shown}"
            fn = getattr(self.token.fn, function)(address, value, ref)
        return self._plan(action, "token", _OFFICER, fn)


class PauseAdmin(AdminBase):
    """Pause and unpause transfers, minting and burning (``PAUSER_ROLE``); lawful orders and
    redemptions go on while paused."""

    def paused(self) -> bool:
        return bool(self.token.fn.paused().call())

    def pause(self) -> TxResult:
        """Pause the token (refused, with nothing sent, when it already is)."""
        if self.paused():
            raise ComplianceKitError("the token is already paused; nothing was sent")
        return self._send(self._plan("pause", "token", "PAUSER_ROLE", self.token.fn.pause()))

    def unpause(self) -> TxResult:
        """Unpause the token (refused, with nothing sent, when it is not paused)."""
        if not self.paused():
            raise ComplianceKitError("the token is not paused; nothing was sent")
        return self._send(self._plan("unpause", "token", "PAUSER_ROLE", self.token.fn.unpause()))


__all__ = ["OrdersAdmin", "PauseAdmin"]
