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
====================================  =============================================================

Everything else in a policy (AML limits, travel rule, corridors, sanctions) is not enforced by the
current contracts; it is carried in the deployment manifest for the tools that enforce it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from compliance_kit.units import to_base_units

if TYPE_CHECKING:
    from compliance_kit.policy.models import Policy

#: ``IReserveAttestorTypes.MarginMode`` ordinals
MARGIN_MODES = {"none": 0, "percentage": 1, "absolute": 2}


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


def onchain_parameters(policy: Policy) -> OnchainParameters:
    """Convert ``policy`` to contract parameters (exact; amounts via ``to_base_units``)."""
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
    )
