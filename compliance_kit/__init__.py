"""compliance-kit: programmable compliance for stablecoins.

Public API (imported lazily, so ``import compliance_kit`` and the CLI's ``--help`` stay fast):

    from compliance_kit import Embedded, Rpc, connect, compile_contracts, deploy, Transactor
    from compliance_kit import SystemConfig, deploy_system, load_system, IssuerAdmin
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS: dict[str, str] = {
    # chain
    "Chain": "compliance_kit.chain.base",
    "Receipt": "compliance_kit.chain.base",
    "Log": "compliance_kit.chain.base",
    "Embedded": "compliance_kit.chain.embedded",
    "Rpc": "compliance_kit.chain.rpc",
    "AnvilProcess": "compliance_kit.chain.anvil",
    "connect": "compliance_kit.chain",
    "Transactor": "compliance_kit.chain.tx",
    "ErrorRegistry": "compliance_kit.chain.revert",
    "dev_accounts": "compliance_kit.chain.dev_accounts",
    # build
    "compile_contracts": "compliance_kit.build",
    "Artifact": "compliance_kit.build",
    "ArtifactSet": "compliance_kit.build",
    # contracts
    "Contract": "compliance_kit.contracts",
    "Event": "compliance_kit.contracts",
    "deploy": "compliance_kit.contracts",
    # input
    "to_address": "compliance_kit.units",
    "to_base_units": "compliance_kit.units",
    "from_base_units": "compliance_kit.units",
    # errors
    "ComplianceKitError": "compliance_kit.exceptions",
    "InputError": "compliance_kit.exceptions",
    "InvalidAddress": "compliance_kit.exceptions",
    "InvalidAmount": "compliance_kit.exceptions",
    "ToolchainError": "compliance_kit.exceptions",
    "CompilationError": "compliance_kit.exceptions",
    "ChainError": "compliance_kit.exceptions",
    "NodeUnreachable": "compliance_kit.exceptions",
    "TransactionError": "compliance_kit.exceptions",
    "Reverted": "compliance_kit.exceptions",
    "CustomErrorRevert": "compliance_kit.exceptions",
    "PanicRevert": "compliance_kit.exceptions",
    "ReasonRevert": "compliance_kit.exceptions",
    "UnknownRevert": "compliance_kit.exceptions",
    "revert_error": "compliance_kit.exceptions",
    # policy
    "Policy": "compliance_kit.policy",
    "load_profile": "compliance_kit.policy",
    "list_profiles": "compliance_kit.policy",
    "combine": "compliance_kit.policy",
    "CrossBorderTerms": "compliance_kit.policy",
    "ProfileError": "compliance_kit.policy",
    # deployment
    "SystemConfig": "compliance_kit.system",
    "DeployedSystem": "compliance_kit.system",
    "Manifest": "compliance_kit.system",
    "deploy_system": "compliance_kit.system",
    "load_system": "compliance_kit.system",
    "DeploymentFailed": "compliance_kit.system",
    "ManifestError": "compliance_kit.system",
    # administration
    "IssuerAdmin": "compliance_kit.admin",
    "TransferCheck": "compliance_kit.admin",
    "AuditRecord": "compliance_kit.admin",
    "AccessDenied": "compliance_kit.admin",
    "MissingRole": "compliance_kit.admin",
    "BatchFailed": "compliance_kit.admin",
    "CsvImportError": "compliance_kit.admin",
    # configuration and keys
    "Settings": "compliance_kit.settings",
    "ConfigError": "compliance_kit.settings",
    "load_settings": "compliance_kit.settings",
    "load_keystore": "compliance_kit.keys",
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'compliance_kit' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs
    from compliance_kit.admin import (
        AccessDenied,
        AuditRecord,
        BatchFailed,
        CsvImportError,
        IssuerAdmin,
        MissingRole,
        TransferCheck,
    )
    from compliance_kit.build import Artifact, ArtifactSet, compile_contracts
    from compliance_kit.chain import connect
    from compliance_kit.chain.anvil import AnvilProcess
    from compliance_kit.chain.base import Chain, Log, Receipt
    from compliance_kit.chain.dev_accounts import dev_accounts
    from compliance_kit.chain.embedded import Embedded
    from compliance_kit.chain.revert import ErrorRegistry
    from compliance_kit.chain.rpc import Rpc
    from compliance_kit.chain.tx import Transactor
    from compliance_kit.contracts import Contract, Event, deploy
    from compliance_kit.exceptions import (
        ChainError,
        CompilationError,
        ComplianceKitError,
        CustomErrorRevert,
        InputError,
        InvalidAddress,
        InvalidAmount,
        NodeUnreachable,
        PanicRevert,
        ReasonRevert,
        Reverted,
        ToolchainError,
        TransactionError,
        UnknownRevert,
        revert_error,
    )
    from compliance_kit.keys import load_keystore
    from compliance_kit.policy import (
        CrossBorderTerms,
        Policy,
        ProfileError,
        combine,
        list_profiles,
        load_profile,
    )
    from compliance_kit.settings import ConfigError, Settings, load_settings
    from compliance_kit.system import (
        DeployedSystem,
        DeploymentFailed,
        Manifest,
        ManifestError,
        SystemConfig,
        deploy_system,
        load_system,
    )
    from compliance_kit.units import from_base_units, to_address, to_base_units
