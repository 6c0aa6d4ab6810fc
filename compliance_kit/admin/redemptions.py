"""Redemptions: list requests (pending, overdue), fulfil them (``TREASURY_ROLE``), set the terms."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from compliance_kit.admin.base import AdminBase, PlannedTx
from compliance_kit.admin.results import BatchResult, TxResult
from compliance_kit.admin.values import (
    basis_points,
    decimal_text,
    duration,
    reference,
    shown,
    to_units,
)
from compliance_kit.exceptions import InputError
from compliance_kit.units import UINT256_MAX


@dataclass(frozen=True)
class Redemption:
    """One redemption request (amounts in token units, times in unix seconds).

    ``status``: ``fulfilled``; ``overdue`` (unpaid past ``due_by`` on the chain's clock); or
    ``pending``.
    """

    id: int
    redeemer: str
    amount: Decimal
    fee: Decimal
    requested_at: int
    due_by: int
    fulfilled_at: int
    status: str

    @property
    def open(self) -> bool:
        """Not paid yet (pending or overdue)."""
        return self.status != "fulfilled"

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "redeemer": self.redeemer,
            "amount": decimal_text(self.amount),
            "fee": decimal_text(self.fee),
            "payout": decimal_text(self.amount - self.fee),
            "requested_at": self.requested_at,
            "due_by": self.due_by,
            "fulfilled_at": self.fulfilled_at or None,
            "status": self.status,
        }


@dataclass(frozen=True)
class RedemptionTerms:
    """What new redemption requests get: minimum (token units), SLA, fee and whether it is
    locked."""

    minimum: Decimal
    sla_seconds: int
    fee_bps: int
    fee_locked: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "minimum": decimal_text(self.minimum),
            "sla_seconds": self.sla_seconds,
            "fee_bps": self.fee_bps,
            "fee_locked": self.fee_locked,
        }


class RedemptionsAdmin(AdminBase):
    """The redemption queue and its terms."""

    # --- reads --------------------------------------------------------------------------
    def redemption_count(self) -> int:
        return int(self.token.fn.redemptionCount().call())

    def redemption(self, request_id: int) -> Redemption:
        """Request ``request_id`` (an unknown id reverts ``UnknownRedemption``)."""
        return self._redemption(request_id, self.chain.timestamp())

    def redemptions(self, *, start: int = 0, status: str | None = None) -> list[Redemption]:
        """Every request from id ``start`` on, optionally only those with ``status``
        (``pending``, ``overdue``, ``fulfilled``, or ``open`` for pending and overdue)."""
        if status not in (None, "pending", "overdue", "fulfilled", "open"):
            raise InputError("status", f"{status!r}: use pending, overdue, fulfilled or open")
        now = self.chain.timestamp()
        found = [self._redemption(i, now) for i in range(start, self.redemption_count())]
        if status == "open":
            return [r for r in found if r.open]
        return [r for r in found if status is None or r.status == status]

    def pending_redemptions(self, *, start: int = 0) -> list[Redemption]:
        """Requests not paid yet (overdue ones included), oldest first."""
        return self.redemptions(start=start, status="open")

    def overdue_redemptions(self, *, start: int = 0) -> list[Redemption]:
        """Requests unpaid past their due time."""
        return self.redemptions(start=start, status="overdue")

    def redemption_terms(self) -> RedemptionTerms:
        minimum, sla, fee, locked = self.token.fn.redemptionTerms().call()
        return RedemptionTerms(to_units(minimum, self.decimals), sla, fee, locked)

    # --- fulfil -------------------------------------------------------------------------
    def fulfil_redemption(self, request_id: int, payment_ref: Any) -> TxResult:
        """Record that request ``request_id`` was paid out, with the payment's reference."""
        return self._send(self._fulfil_plan(request_id, payment_ref, "payment_ref"))

    def fulfil_redemptions(
        self, payments: Mapping[int, Any] | Iterable[tuple[int, Any]]
    ) -> BatchResult:
        """Fulfil many requests, one transaction each: ``{id: payment_ref}`` or pairs. All are
        validated first; a failure reports what went through and what was not sent."""
        pairs = list(payments.items() if isinstance(payments, Mapping) else payments)
        if not pairs:
            raise InputError("payments", "empty: nothing to do")
        plans = [
            self._fulfil_plan(request_id, ref, f"payments[{request_id}]")
            for request_id, ref in pairs
        ]
        return self._send_all(plans)

    # --- terms (DEFAULT_ADMIN_ROLE) -----------------------------------------------------
    def set_redemption_sla(self, sla: Any) -> TxResult:
        """Time the issuer has to pay out new requests (seconds, ``timedelta`` or ``"1d"``)."""
        seconds = duration(sla, "sla")
        fn = self.token.fn.setRedemptionSla(seconds)
        return self._admin(f"set the redemption SLA to {seconds} s", fn)

    def set_redemption_fee(self, fee_bps: Any) -> TxResult:
        """Fee on new requests, in basis points (refused once the fee is locked)."""
        bps = basis_points(fee_bps, "fee_bps")
        return self._admin(
            f"set the redemption fee to {bps} bps", self.token.fn.setRedemptionFee(bps)
        )

    def set_minimum_redemption(self, minimum: Any) -> TxResult:
        """Minimum amount per redemption (token units; 0 = any positive amount)."""
        value = self._amount(minimum, "minimum")
        fn = self.token.fn.setMinimumRedemption(value)
        return self._admin(f"set the minimum redemption to {self.show(value)}", fn)

    def lock_redemption_fee(self) -> TxResult:
        """Fix the fee at its current value for good (MiCA: redemption without fee)."""
        return self._admin("lock the redemption fee", self.token.fn.lockRedemptionFee())

    # --- helpers ------------------------------------------------------------------------
    def _admin(self, action: str, fn: Any) -> TxResult:
        return self._send(self._plan(action, "token", "DEFAULT_ADMIN_ROLE", fn))

    def _fulfil_plan(self, request_id: Any, payment_ref: Any, field: str) -> PlannedTx:
        if isinstance(request_id, bool) or not isinstance(request_id, int):
            raise InputError("id", f"{shown(request_id)} is not a redemption id (a whole number)")
        if not 0 <= request_id <= UINT256_MAX:
            raise InputError(
                "id",
                f"{shown(request_id)} is not a redemption id: ids run from 0 to 2**256 - 1 "
                "(see redemption_count)",
            )
        ref = reference(payment_ref, field)
        action = f"fulfil redemption {request_id} (payment {payment_ref})"
        fn = self.token.fn.fulfillRedemption(request_id, ref)
        return self._plan(action, "token", "TREASURY_ROLE", fn)

    def _redemption(self, request_id: int, now: int) -> Redemption:
        redeemer, amount, fee, requested, due, fulfilled = self.token.fn.redemption(
            request_id
        ).call()
        status = "fulfilled" if fulfilled else ("overdue" if now > due else "pending")
        return Redemption(
            id=request_id,
            redeemer=redeemer,
            amount=to_units(amount, self.decimals),
            fee=to_units(fee, self.decimals),
            requested_at=requested,
            due_by=due,
            fulfilled_at=fulfilled,
            status=status,
        )


__all__ = ["Redemption", "RedemptionTerms", "RedemptionsAdmin"]
