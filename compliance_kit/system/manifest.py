"""The deployment manifest: everything later commands need to find and trust a system."""

from __future__ import annotations

import hashlib
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from compliance_kit.exceptions import ComplianceKitError
from compliance_kit.policy import Policy
from compliance_kit.policy.types import StrictModel
from compliance_kit.system.config import RoleHolders
from compliance_kit.units import Address

if TYPE_CHECKING:
    pass


class DeployStep(StrictModel):
    """One transaction of a deployment, as it went through."""

    number: int
    description: str
    tx_hash: str
    block_number: int | None


class ContractRecord(StrictModel):
    """A deployed contract: where, from what, and the hash of the code found there."""

    name: str
    address: Address
    tx_hash: str
    block_number: int | None
    creation_bytecode_sha256: str
    runtime_bytecode_sha256: str
    """sha256 of the code at ``address`` right after deployment (immutables included)."""
    abi: list[dict[str, Any]]


class SystemContracts(StrictModel):
    """The contracts of one system."""

    attestor: ContractRecord
    token: ContractRecord
    travel_rule_registry: ContractRecord
    sanctions_oracle: ContractRecord | None = None
    """The SanctionsList deployed with the system (absent: none, or an external oracle)."""

    def items(self) -> list[tuple[str, ContractRecord]]:
        """``[("attestor", record), ("token", record), ...]`` (deployed contracts only)."""
        found = [
            ("attestor", self.attestor),
            ("token", self.token),
            ("travel_rule_registry", self.travel_rule_registry),
        ]
        if self.sanctions_oracle is not None:
            found.append(("sanctions_oracle", self.sanctions_oracle))
        return found


class TokenInfo(StrictModel):
    """The token's constructor identity."""

    name: str
    symbol: str
    decimals: int
    admin_transfer_delay: int


class Manifest(StrictModel):
    """What was deployed where, from which sources, under which policy (written as JSON)."""

    format: Literal["compliance-kit/manifest@1"] = "compliance-kit/manifest@1"
    chain_id: int
    block_number: int
    """Latest block once the deployment was complete."""
    timestamp: datetime
    """Time of that block (UTC)."""
    deployer: Address
    token: TokenInfo
    contracts: SystemContracts
    roles: RoleHolders
    compiler_version: str
    artifact_input_hash: str
    profile_id: str
    profile_source: str
    """The profile as configured: a bundled name or a file path."""
    overrides: dict[str, Any]
    policy: Policy
    home_jurisdiction: int
    counterpart_profiles: tuple[str, ...]
    counterpart_policies: tuple[Policy, ...] = ()
    """The counterpart profiles as loaded at deployment (their travel-rule thresholds)."""
    sanctions_oracle: Address | None = None
    """The oracle the token consults (deployed or external; absent: no screening)."""
    """The full resolved policy (profile + overrides) the deployment applied."""
    steps: tuple[DeployStep, ...]

    @property
    def addresses(self) -> dict[str, str]:
        """``{"attestor": ..., "token": ...}``."""
        return {key: record.address for key, record in self.contracts.items()}


class ManifestError(ComplianceKitError):
    """A manifest cannot be read, or the chain does not hold what it records.

    ``contract`` names the system contract concerned (``"token"``, ``"attestor"``) or is None
    when the file itself is the problem; ``path`` is the manifest's path.
    """

    def __init__(self, message: str, *, path: Path, contract: str | None = None) -> None:
        self.path = path
        self.contract = contract
        super().__init__(message)


def bytecode_hash(code: bytes) -> str:
    """sha256 (hex) of contract bytecode, as recorded in the manifest."""
    return hashlib.sha256(code).hexdigest()
