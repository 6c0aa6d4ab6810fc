"""The issuer toolkit: administer a deployed compliance system from Python.

    from compliance_kit.admin import IssuerAdmin

    admin = IssuerAdmin(system)            # or IssuerAdmin.from_manifest(path, chain, signers)
    admin.import_kyc_csv("customers.csv")  # every row checked first; one bad row sends nothing
    admin.mint("0x70997970C51812dc3A010C7d01b50e0d17dc79C8", "1_250.50")
    print(admin.status().coverage_bps, admin.check_transfer(a, b, "10").explanation)

Modules, one job each: ``base`` (inputs, signer choice, the send path), one mixin per area
(``kyc``, ``minting``, ``orders``, ``reserves``, ``redemptions``, ``roles``, ``aml``,
``status``, ``preflight``, ``audit``), ``issuer`` (``IssuerAdmin`` combining them),
``restrictions`` (the ERC-1404 codes in words), ``explain`` (custom errors in words), ``events``
(events in words and token units), ``kyc_csv``, ``logs`` (paged log reading), ``values`` (input
conversions), ``results`` and ``errors``.

Names are imported lazily, so importing this package stays light.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

_EXPORTS: dict[str, str] = {
    "IssuerAdmin": "compliance_kit.admin.issuer",
    "TierLimits": "compliance_kit.admin.aml",
    "RemainingLimits": "compliance_kit.admin.aml",
    "TransferRules": "compliance_kit.admin.aml",
    "TravelRuleThreshold": "compliance_kit.admin.aml",
    "TravelRuleCommitment": "compliance_kit.admin.aml",
    "SignedTravelRuleCommitment": "compliance_kit.admin.aml",
    "Corridor": "compliance_kit.admin.aml",
    "SanctionsScreening": "compliance_kit.admin.aml",
    "NoSanctionsList": "compliance_kit.admin.aml",
    "TxResult": "compliance_kit.admin.results",
    "BatchResult": "compliance_kit.admin.results",
    "EventRecord": "compliance_kit.admin.results",
    "AccessDenied": "compliance_kit.admin.errors",
    "MissingRole": "compliance_kit.admin.errors",
    "BatchFailed": "compliance_kit.admin.errors",
    "CsvImportError": "compliance_kit.admin.errors",
    "RowProblem": "compliance_kit.admin.errors",
    "KycEntry": "compliance_kit.admin.kyc_csv",
    "read_kyc_csv": "compliance_kit.admin.kyc_csv",
    "KycRecord": "compliance_kit.admin.kyc",
    "Attestation": "compliance_kit.admin.reserves",
    "report_hash": "compliance_kit.admin.reserves",
    "Redemption": "compliance_kit.admin.redemptions",
    "RedemptionTerms": "compliance_kit.admin.redemptions",
    "RolesReport": "compliance_kit.admin.roles",
    "AdminHandover": "compliance_kit.admin.roles",
    "SystemStatus": "compliance_kit.admin.status",
    "AccountFacts": "compliance_kit.admin.restrictions",
    "TransferCheck": "compliance_kit.admin.preflight",
    "Restriction": "compliance_kit.admin.restrictions",
    "RESTRICTIONS": "compliance_kit.admin.restrictions",
    "AuditRecord": "compliance_kit.admin.audit",
    "export_csv": "compliance_kit.admin.audit",
    "export_json": "compliance_kit.admin.audit",
    "Explanation": "compliance_kit.admin.explain",
    "explain": "compliance_kit.admin.explain",
}

__all__ = [
    "RESTRICTIONS",
    "AccessDenied",
    "AccountFacts",
    "AdminHandover",
    "Attestation",
    "AuditRecord",
    "BatchFailed",
    "BatchResult",
    "Corridor",
    "CsvImportError",
    "EventRecord",
    "Explanation",
    "IssuerAdmin",
    "KycEntry",
    "KycRecord",
    "MissingRole",
    "NoSanctionsList",
    "Redemption",
    "RedemptionTerms",
    "RemainingLimits",
    "Restriction",
    "RolesReport",
    "RowProblem",
    "SanctionsScreening",
    "SignedTravelRuleCommitment",
    "SystemStatus",
    "TierLimits",
    "TransferCheck",
    "TransferRules",
    "TravelRuleCommitment",
    "TravelRuleThreshold",
    "TxResult",
    "explain",
    "export_csv",
    "export_json",
    "read_kyc_csv",
    "report_hash",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'compliance_kit.admin' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


if TYPE_CHECKING:  # pragma: no cover
    from compliance_kit.admin.aml import (
        Corridor,
        NoSanctionsList,
        RemainingLimits,
        SanctionsScreening,
        SignedTravelRuleCommitment,
        TierLimits,
        TransferRules,
        TravelRuleCommitment,
        TravelRuleThreshold,
    )
    from compliance_kit.admin.audit import AuditRecord, export_csv, export_json
    from compliance_kit.admin.errors import (
        AccessDenied,
        BatchFailed,
        CsvImportError,
        MissingRole,
        RowProblem,
    )
    from compliance_kit.admin.explain import Explanation, explain
    from compliance_kit.admin.issuer import IssuerAdmin
    from compliance_kit.admin.kyc import KycRecord
    from compliance_kit.admin.kyc_csv import KycEntry, read_kyc_csv
    from compliance_kit.admin.preflight import TransferCheck
    from compliance_kit.admin.redemptions import Redemption, RedemptionTerms
    from compliance_kit.admin.reserves import Attestation, report_hash
    from compliance_kit.admin.restrictions import RESTRICTIONS, AccountFacts, Restriction
    from compliance_kit.admin.results import BatchResult, EventRecord, TxResult
    from compliance_kit.admin.roles import AdminHandover, RolesReport
    from compliance_kit.admin.status import SystemStatus
