"""A deployed system: its chain, contracts, policy and manifest."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from compliance_kit.chain.tx import Transactor
from compliance_kit.contracts import Contract
from compliance_kit.policy import Policy
from compliance_kit.policy.onchain import OnchainParameters
from compliance_kit.system.manifest import Manifest

if TYPE_CHECKING:
    import os

    from compliance_kit.chain.base import Chain


@dataclass
class DeployedSystem:
    """A deployed ReserveAttestor + ComplianceStablecoin, with the policy they follow."""

    chain: Chain
    transactor: Transactor
    token: Contract
    attestor: Contract
    policy: Policy
    manifest: Manifest

    @property
    def addresses(self) -> dict[str, str]:
        """``{"attestor": ..., "token": ...}``."""
        return self.manifest.addresses

    def write_manifest(self, path: str | os.PathLike[str]) -> Path:
        """Write the manifest as JSON to ``path``; return the path."""
        target = Path(path)
        target.write_text(self.manifest.model_dump_json(indent=2) + "\n", encoding="utf-8")
        return target

    def read_parameters(self) -> OnchainParameters:
        """The policy parameters as the contracts hold them now (compare with
        ``policy.onchain_parameters()``)."""
        mode, value = self.attestor.fn.margin().call()
        minimum, sla, fee, locked = self.token.fn.redemptionTerms().call()
        return OnchainParameters(
            decimals=self.token.fn.decimals().call(),
            max_age=self.attestor.fn.maxAge().call(),
            margin_mode=mode,
            margin_value=value,
            redemption_sla=sla,
            redemption_fee_bps=fee,
            redemption_fee_locked=locked,
            minimum_redemption=minimum,
        )
