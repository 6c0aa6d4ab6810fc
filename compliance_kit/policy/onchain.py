"""A policy as the contracts store it: the parameters a deployment writes, in base units.

====================================  =============================================================
parameter                             contract call
====================================  =============================================================
``decimals``                          ``ComplianceStablecoin`` constructor
``max_age``                           ``ReserveAttestor`` constructor (``maxAge``)
``margin_mode``, ``margin_value``     ``ReserveAttestor.setMargin(mode, value)``: 0 none,
                                      1 percentage (bps), 2 absolute (token base units)
``redemption_sla``                    ``setRedemptionSla(uint32)`` (a business day = 86,400 s)
``redemption_fee_bps``                ``setRedemptionFee(uint16)``
``redemption_fee_locked``             ``lockRedemptionFee()`` (after the fee is set)
``minimum_redemption``                ``setMinimumRedemption(uint256)`` (token base units)
``tier_limits``                       ``setTierLimits(tier, (cap, volume, window, maxTransfers))``
                                      for tiers 1-4 (base units; 0 = no limit)
``home_jurisdiction``                 ``setHomeJurisdiction(uint16)``
``travel_threshold``                  ``setTravelRuleThreshold(home, threshold)`` then
                                      ``setTravelRule(true)`` (an exclusive threshold "more than
                                      X" becomes X + 1 base unit: the token compares ``>=``)
``travel_rule_aggregation``           ``setTravelRuleAggregation(bool)``: the threshold applies
                                      to each sender's rolling volume too (``travel_rule.
                                      aggregate``)
``counterpart_thresholds``            ``setTravelRuleThreshold(jurisdiction, threshold)`` for each
                                      jurisdiction of the counterpart profiles (cross-border
                                      transfers use the lower of both sides)
``corridors_enabled``, ``corridors_   ``setCorridorRules(enabled, openByDefault)``
open_by_default``
``corridor_pairs``                    ``setCorridor(origin, destination, 1 allowed | 2 denied)``
``blocked_jurisdictions``             ``setJurisdictionBlocked(jurisdiction, true)``: a jurisdiction
                                      denied both as origin and as destination (any counterparty)
``screening``                         ``setSanctionsScreening((oracle, onMint, onRedeem,
                                      onTransfer, failOpen))``
====================================  =============================================================

A corridor rule with only an origin or only a destination is enforceable on-chain only as part of
a pair that denies the jurisdiction both ways (a block); anything else is refused with a
:class:`PolicyNotEnforceable` naming the rule. Transfers inside one jurisdiction are not corridors:
they are refused only when the jurisdiction is blocked.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from compliance_kit.exceptions import InputError
from compliance_kit.units import to_base_units

if TYPE_CHECKING:
    from compliance_kit.policy.models import AmlLimits, Policy
    from compliance_kit.policy.types import Threshold

#: ``IReserveAttestorTypes.MarginMode`` ordinals
MARGIN_MODES = {"none": 0, "percentage": 1, "absolute": 2}
#: ``IComplianceStablecoinTypes.CorridorStatus`` ordinals
CORRIDOR_STATUS = {"allow": 1, "deny": 2}
#: the token stores rule amounts in 64 bits with at most 6 decimals
RULE_DECIMALS = 6
RULE_UNITS_MAX = 2**64 - 2


class PolicyNotEnforceable(InputError):
    """A policy value the contracts cannot represent exactly (the message says which and why)."""


@dataclass(frozen=True)
class TierLimitsParameters:
    """``IComplianceStablecoinTypes.TierLimits`` of one tier (base units; 0 = no limit)."""

    transfer_cap: int
    volume_limit: int
    window: int
    max_transfers: int

    def as_tuple(self) -> tuple[int, int, int, int]:
        return (self.transfer_cap, self.volume_limit, self.window, self.max_transfers)


@dataclass(frozen=True)
class ScreeningParameters:
    """``SanctionsScreening`` without the oracle address (the deployment supplies it)."""

    on_mint: bool
    on_redeem: bool
    on_transfer: bool
    fail_open: bool

    @property
    def any(self) -> bool:
        """Whether the oracle is consulted anywhere."""
        return self.on_mint or self.on_redeem or self.on_transfer


@dataclass(frozen=True)
class OnchainParameters:
    """The contract parameters a policy sets (integers as the contracts take and return them)."""

    decimals: int
    max_age: int
    margin_mode: int
    margin_value: int
    redemption_sla: int
    redemption_fee_bps: int
    redemption_fee_locked: bool
    minimum_redemption: int
    tier_limits: tuple[TierLimitsParameters, ...]
    """Tiers 1-4, in order."""
    home_jurisdiction: int
    travel_threshold: int
    travel_rule_aggregation: bool
    """Whether the threshold also applies to each sender's rolling volume (structuring)."""
    counterpart_thresholds: tuple[tuple[int, int], ...]
    """``(jurisdiction, threshold)`` for every jurisdiction of the counterpart profiles."""
    corridors_enabled: bool
    corridors_open_by_default: bool
    corridor_pairs: tuple[tuple[int, int, int], ...]
    """``(origin, destination, CorridorStatus)``."""
    blocked_jurisdictions: tuple[int, ...]
    screening: ScreeningParameters


def onchain_parameters(
    policy: Policy,
    *,
    home_jurisdiction: int | None = None,
    counterparts: Sequence[Policy] = (),
) -> OnchainParameters:
    """Convert ``policy`` to contract parameters (exact; amounts via ``to_base_units``).

    ``home_jurisdiction`` defaults to the profile's first jurisdiction; ``counterparts`` are the
    profiles of the jurisdictions cross-border transfers may reach (their travel-rule thresholds,
    converted at this token's decimals, one per jurisdiction they cover).
    """
    decimals = policy.token.decimals
    margin = policy.reserves.margin
    if margin.mode == "absolute":
        magnitude = to_base_units(abs(margin.value), decimals, "reserves.margin.value")
        margin_value = -magnitude if margin.value < 0 else magnitude
    else:
        margin_value = int(margin.value)  # basis points (whole, checked) or 0
    redemption = policy.redemption
    return OnchainParameters(
        decimals=decimals,
        max_age=policy.reserves.max_age_seconds,
        margin_mode=MARGIN_MODES[margin.mode],
        margin_value=margin_value,
        redemption_sla=redemption.deadline_seconds,
        redemption_fee_bps=redemption.fee_bps,
        redemption_fee_locked=redemption.fee_locked,
        minimum_redemption=to_base_units(redemption.minimum, decimals, "redemption.minimum"),
        tier_limits=tuple(
            _tier_limits(policy.kyc.for_tier(tier), decimals, f"kyc.{name}")
            for tier, name in (
                (1, "retail"),
                (2, "professional"),
                (3, "institution"),
                (4, "issuer_treasury"),
            )
        ),
        home_jurisdiction=_home(policy, home_jurisdiction),
        travel_threshold=_threshold(
            policy.travel_rule.threshold, decimals, "travel_rule.threshold"
        ),
        travel_rule_aggregation=policy.travel_rule.aggregate,
        counterpart_thresholds=_counterpart_thresholds(
            policy, counterparts, decimals, home_jurisdiction
        ),
        corridors_enabled=policy.corridors.default == "deny" or bool(policy.corridors.rules),
        corridors_open_by_default=policy.corridors.default == "allow",
        corridor_pairs=tuple(
            (rule.origin, rule.destination, CORRIDOR_STATUS[rule.action])
            for rule in policy.corridors.rules
            if rule.origin is not None and rule.destination is not None
        ),
        blocked_jurisdictions=_blocked(policy),
        screening=ScreeningParameters(
            on_mint="mint" in policy.sanctions.consult_oracle_on,
            on_redeem="redeem" in policy.sanctions.consult_oracle_on,
            on_transfer="transfer" in policy.sanctions.consult_oracle_on,
            fail_open=policy.sanctions.fail_mode == "open",
        ),
    )


def _rule_amount(amount: Decimal, decimals: int, field: str, *, plus_one: bool = False) -> int:
    """``amount`` in base units as the token stores rule amounts (at most 6 decimals, 64 bits)."""
    base = to_base_units(amount, decimals, field) + (1 if plus_one else 0)
    unit = 10 ** max(0, decimals - RULE_DECIMALS)
    if base % unit or base // unit > RULE_UNITS_MAX:
        raise PolicyNotEnforceable(
            field,
            f"{amount} cannot be a rule amount of a {decimals}-decimal token: rule amounts "
            f"carry at most {RULE_DECIMALS} decimals and at most {RULE_UNITS_MAX} units of "
            f"10^-{RULE_DECIMALS}",
        )
    return base


def _tier_limits(limits: AmlLimits, decimals: int, field: str) -> TierLimitsParameters:
    def amount(value: Decimal | None, name: str) -> int:
        return 0 if value is None else _rule_amount(value, decimals, f"{field}.{name}")

    return TierLimitsParameters(
        transfer_cap=amount(limits.per_transfer_cap, "per_transfer_cap"),
        volume_limit=amount(limits.rolling_volume_cap, "rolling_volume_cap"),
        window=limits.window_seconds,
        max_transfers=limits.max_transfers or 0,
    )


def _threshold(threshold: Threshold, decimals: int, field: str) -> int:
    return _rule_amount(threshold.amount, decimals, field, plus_one=not threshold.inclusive)


def _home(policy: Policy, home_jurisdiction: int | None) -> int:
    if home_jurisdiction is not None:
        return home_jurisdiction
    if not policy.jurisdictions:
        raise InputError(
            "home_jurisdiction",
            f"profile {policy.id!r} covers no particular jurisdiction: set the issuer's home "
            "jurisdiction (ISO 3166-1 numeric, e.g. 840 for the United States)",
        )
    return policy.jurisdictions[0]


def _counterpart_thresholds(
    policy: Policy, counterparts: Sequence[Policy], decimals: int, home: int | None
) -> tuple[tuple[int, int], ...]:
    own = {_home(policy, home), *policy.jurisdictions}
    found: dict[int, int] = {}
    for other in counterparts:
        threshold = _threshold(
            other.travel_rule.threshold, decimals, f"{other.id}: travel_rule.threshold"
        )
        for jurisdiction in other.jurisdictions:
            if jurisdiction not in own:
                found[jurisdiction] = min(threshold, found.get(jurisdiction, threshold))
    return tuple(sorted(found.items()))


def _blocked(policy: Policy) -> tuple[int, ...]:
    """Jurisdictions denied both ways by wildcard rules; any other wildcard cannot be enforced."""
    outbound = {r.origin for r in policy.corridors.rules if r.destination is None}
    inbound = {r.destination for r in policy.corridors.rules if r.origin is None}
    for index, rule in enumerate(policy.corridors.rules):
        one_sided = rule.origin is None or rule.destination is None
        if one_sided and (
            rule.action == "allow" or (outbound ^ inbound) & {rule.origin, rule.destination}
        ):
            raise PolicyNotEnforceable(
                f"corridors.rules[{index}]",
                "a rule with only an origin or only a destination is enforced on-chain as a "
                "block of that jurisdiction in both directions: pair a deny of it as origin with "
                "a deny of it as destination, or name both jurisdictions",
            )
    return tuple(sorted(j for j in outbound & inbound if j is not None))
