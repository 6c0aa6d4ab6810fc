"""Jurisdiction policies: validated profiles of the compliance parameters a deployment follows.

    from compliance_kit.policy import load_profile, list_profiles, combine

    us = load_profile("us")                                  # bundled: fatf, us, eu, hk, sg
    acme = load_profile("acme.yaml", {"redemption.fee_bps": 10})
    terms = combine(load_profile("sg"), load_profile("hk"), issuer=us)

Modules: ``types`` (exact amounts, thresholds), ``models`` (:class:`Policy` and its sections),
``loader`` (files, bundled profiles, overrides), ``errors`` (:class:`ProfileError`), ``onchain``
(the contract parameters a policy sets, in base units), ``combine`` (cross-border terms).

Cross-border combination rule (REGULATION.md §2; a design choice ⚠️), :func:`combine`:
travel-rule thresholds = the stricter (lower) of both sides'; sanctions = the union (screening
if either requires it, both sides' lists and oracle checkpoints, fail closed if either does);
KYC = each side its own profile; corridors = both must allow; redemption, reserves, lawful orders
and yield = the issuer's profile. Thresholds in another currency need an explicit FX rate.

The bundled profiles live in ``compliance_kit/profiles/*.toml``; every value there is commented
with its source and confidence (✅ primary text, 🟡 secondary source, ⚠️ unverified/design).
See ``docs/policy.md``.
"""

from compliance_kit.policy.combine import CrossBorderTerms, SideKyc, combine
from compliance_kit.policy.errors import ProfileError, ProfileIssue
from compliance_kit.policy.loader import list_profiles, load_profile
from compliance_kit.policy.models import (
    TIERS,
    AmlLimits,
    CorridorRule,
    Corridors,
    KycTiers,
    LawfulOrders,
    Margin,
    Policy,
    Redemption,
    Reserves,
    Sanctions,
    TokenDefaults,
    TravelRule,
)
from compliance_kit.policy.onchain import OnchainParameters, onchain_parameters
from compliance_kit.policy.types import Amount, Threshold

__all__ = [
    "TIERS",
    "AmlLimits",
    "Amount",
    "CorridorRule",
    "Corridors",
    "CrossBorderTerms",
    "KycTiers",
    "LawfulOrders",
    "Margin",
    "OnchainParameters",
    "Policy",
    "ProfileError",
    "ProfileIssue",
    "Redemption",
    "Reserves",
    "Sanctions",
    "SideKyc",
    "Threshold",
    "TokenDefaults",
    "TravelRule",
    "combine",
    "list_profiles",
    "load_profile",
    "onchain_parameters",
]
