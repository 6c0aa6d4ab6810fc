"""Cross-border terms: which rules apply when the two sides of a transfer follow different profiles.

The combination rule (REGULATION.md §2, a design choice ⚠️):

- **travel rule**: each threshold (record, full data, self-hosted proof) is the stricter of the two
  sides' — the lower amount; on equal amounts "or more" beats "more than"; the record threshold
  is applied to rolling volume (``aggregate``) if either side does so;
- **sanctions**: the union — screening if either side requires it, every list of both, the oracle
  asked at every checkpoint either side names, fail closed if either side fails closed;
- **KYC**: each side meets its own profile (its tiers and their AML limits, in its own currency);
- **corridors**: a transfer must be allowed by both sides' corridor rules;
- **redemption, reserves, lawful orders, yield**: the issuer's profile (the token's own terms).

Thresholds are compared in the issuer's currency. A non-zero threshold stated in another currency
needs a rate in ``fx`` (issuer-currency units per one unit of that currency); the converted amount
is rounded down to the issuer's token decimals, so the combined threshold is never laxer than the
law. Rates are never built in.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_DOWN, Decimal
from typing import Any

from pydantic import StrictBool

from compliance_kit.exceptions import InputError
from compliance_kit.policy.models import (
    Corridors,
    KycTiers,
    LawfulOrders,
    Policy,
    Redemption,
    Reserves,
    Sanctions,
    TravelRule,
)
from compliance_kit.policy.types import StrictModel, Threshold, strictest

_CHECKPOINTS = ("mint", "redeem", "transfer")


class SideKyc(StrictModel):
    """One side's KYC terms: its own tiers and AML limits, in its own currency."""

    profile: str
    currency: str
    tiers: KycTiers


class CrossBorderTerms(StrictModel):
    """The rules for a transfer between holders under two profiles (see :func:`combine`)."""

    sender: str
    """Profile id of the sending side."""
    recipient: str
    """Profile id of the receiving side."""
    issuer: str
    """Profile id of the token's issuer, whose terms govern redemption and reserves."""
    currency: str
    """Currency of the combined travel-rule thresholds (the issuer's)."""
    travel_rule: TravelRule
    sanctions: Sanctions
    sender_kyc: SideKyc
    recipient_kyc: SideKyc
    sender_corridors: Corridors
    recipient_corridors: Corridors
    redemption: Redemption
    reserves: Reserves
    lawful_orders: LawfulOrders
    yield_allowed: StrictBool

    def corridor_allows(self, origin: int, destination: int) -> bool:
        """Whether both sides allow a transfer from jurisdiction ``origin`` to ``destination``."""
        return self.sender_corridors.allows(origin, destination) and (
            self.recipient_corridors.allows(origin, destination)
        )


def combine(
    sender: Policy,
    recipient: Policy,
    *,
    issuer: Policy | None = None,
    fx: Mapping[str, Decimal | str | int] | None = None,
) -> CrossBorderTerms:
    """The terms for a transfer from a holder under ``sender`` to one under ``recipient``.

    ``issuer`` is the token's profile (default: ``sender``). ``fx`` gives, per currency code, the
    issuer-currency value of one unit; it is needed only for non-zero thresholds stated in
    another currency. Raises :class:`~compliance_kit.exceptions.InputError` (field ``fx``) when a
    needed rate is missing or invalid.
    """
    governing = issuer or sender
    rates = _rates(fx or {})
    convert = _Converter(governing, rates)
    sides = (sender, recipient)

    def combined(pick: Any) -> Threshold:
        first, second = (convert(pick(side), side) for side in sides)
        return strictest(first, second)

    proofs = [
        convert(side.travel_rule.self_hosted_proof_threshold, side)
        for side in sides
        if side.travel_rule.self_hosted_proof_threshold is not None
    ]
    travel_rule = TravelRule(
        threshold=combined(lambda p: p.travel_rule.threshold),
        full_data_threshold=combined(lambda p: p.travel_rule.full_data_threshold),
        self_hosted_proof_threshold=(
            strictest(*proofs) if len(proofs) == 2 else (proofs[0] if proofs else None)
        ),
        aggregate=sender.travel_rule.aggregate or recipient.travel_rule.aggregate,
    )
    lists = list(dict.fromkeys(sender.sanctions.lists + recipient.sanctions.lists))
    checkpoints = set(sender.sanctions.consult_oracle_on + recipient.sanctions.consult_oracle_on)
    sanctions = Sanctions(
        screening_required=sender.sanctions.screening_required
        or recipient.sanctions.screening_required,
        lists=tuple(lists),
        consult_oracle_on=tuple(c for c in _CHECKPOINTS if c in checkpoints),
        fail_mode="closed"
        if "closed" in (sender.sanctions.fail_mode, recipient.sanctions.fail_mode)
        else "open",
    )
    return CrossBorderTerms(
        sender=sender.id,
        recipient=recipient.id,
        issuer=governing.id,
        currency=governing.currency,
        travel_rule=travel_rule,
        sanctions=sanctions,
        sender_kyc=SideKyc(profile=sender.id, currency=sender.currency, tiers=sender.kyc),
        recipient_kyc=SideKyc(
            profile=recipient.id, currency=recipient.currency, tiers=recipient.kyc
        ),
        sender_corridors=sender.corridors,
        recipient_corridors=recipient.corridors,
        redemption=governing.redemption,
        reserves=governing.reserves,
        lawful_orders=governing.lawful_orders,
        yield_allowed=governing.yield_allowed,
    )


class _Converter:
    """Thresholds restated in the issuer's currency."""

    def __init__(self, issuer: Policy, rates: dict[str, Decimal]) -> None:
        self.currency = issuer.currency
        self.quantum = Decimal(1).scaleb(-issuer.token.decimals)
        self.rates = rates

    def __call__(self, threshold: Threshold, side: Policy) -> Threshold:
        if threshold.amount == 0 or side.currency == self.currency:
            return threshold
        rate = self.rates.get(side.currency)
        if rate is None:
            raise InputError(
                "fx",
                f"profile {side.id!r} states a threshold of {threshold.amount} {side.currency}: "
                f"give fx[{side.currency!r}], the {self.currency} value of 1 {side.currency}",
            )
        amount = (threshold.amount * rate).quantize(self.quantum, rounding=ROUND_DOWN)
        return Threshold(amount=amount, inclusive=threshold.inclusive)


def _rates(fx: Mapping[str, Decimal | str | int]) -> dict[str, Decimal]:
    rates = {}
    for currency, raw in fx.items():
        if isinstance(raw, bool | float) or not isinstance(raw, Decimal | str | int):
            raise InputError(
                "fx", f"rate for {currency} must be a Decimal, string or int, not {raw!r}"
            )
        try:
            rate = Decimal(str(raw).replace("_", ""))
        except ArithmeticError:
            raise InputError("fx", f"rate for {currency} is not a number: {raw!r}") from None
        if not rate.is_finite() or rate <= 0:
            raise InputError("fx", f"rate for {currency} must be a positive number, not {raw}")
        rates[str(currency).upper()] = rate
    return rates
