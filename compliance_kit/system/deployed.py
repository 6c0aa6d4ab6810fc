"""A deployed system: its chain, contracts, policy and manifest."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from compliance_kit.chain.tx import Transactor
from compliance_kit.contracts import Contract
from compliance_kit.policy import Policy
from compliance_kit.policy.onchain import (
    OnchainParameters,
    ScreeningParameters,
    TierLimitsParameters,
)
from compliance_kit.system.manifest import ContractRecord, Manifest

if TYPE_CHECKING:
    import os

    from compliance_kit.chain.base import Chain

#: ``travelRuleThreshold`` answers this for "no threshold"
_NO_THRESHOLD = 2**256 - 1


@dataclass
class DeployedSystem:
    """A deployed ReserveAttestor + ComplianceStablecoin + TravelRuleRegistry (+ SanctionsList),
    with the policy they follow."""

    chain: Chain
    transactor: Transactor
    token: Contract
    attestor: Contract
    travel_rule_registry: Contract
    sanctions_oracle: Contract | None
    """The SanctionsList deployed with the system (``None``: none, or an external oracle)."""
    policy: Policy
    manifest: Manifest

    @classmethod
    def from_manifest(
        cls, chain: Chain, transactor: Transactor, manifest: Manifest
    ) -> DeployedSystem:
        """The live system a manifest describes (no checks: see ``load_system``)."""

        def contract(record: ContractRecord) -> Contract:
            return Contract(transactor, record.address, record.abi, record.name)

        contracts = manifest.contracts
        return cls(
            chain=chain,
            transactor=transactor,
            token=contract(contracts.token),
            attestor=contract(contracts.attestor),
            travel_rule_registry=contract(contracts.travel_rule_registry),
            sanctions_oracle=(
                contract(contracts.sanctions_oracle) if contracts.sanctions_oracle else None
            ),
            policy=manifest.policy,
            manifest=manifest,
        )

    @property
    def addresses(self) -> dict[str, str]:
        """``{"attestor": ..., "token": ..., "travel_rule_registry": ..., ...}``."""
        return self.manifest.addresses

    @cached_property
    def parameters(self) -> OnchainParameters:
        """The contract parameters the deployment wrote (from the policy, home jurisdiction and
        counterpart profiles in the manifest)."""
        return self.policy.onchain_parameters(
            home_jurisdiction=self.manifest.home_jurisdiction,
            counterparts=self.manifest.counterpart_policies,
        )

    def write_manifest(self, path: str | os.PathLike[str]) -> Path:
        """Write the manifest as JSON to ``path``; return the path."""
        target = Path(path)
        target.write_text(self.manifest.model_dump_json(indent=2) + "\n", encoding="utf-8")
        return target

    def read_parameters(self) -> OnchainParameters:
        """The policy parameters as the contracts hold them now (compare with
        :attr:`parameters`). Jurisdictions and corridor pairs are read for those the deployment
        set (the contract cannot list them)."""
        token = self.token.fn
        expected = self.parameters
        mode, value = self.attestor.fn.margin().call()
        minimum, sla, fee, locked = token.redemptionTerms().call()
        travel_rule, corridors, open_by_default, home = token.transferRules().call()
        home_threshold, _ = token.travelRuleThreshold(home).call()
        oracle, on_mint, on_redeem, on_transfer, fail_open = token.sanctionsScreening().call()
        return OnchainParameters(
            decimals=token.decimals().call(),
            max_age=self.attestor.fn.maxAge().call(),
            margin_mode=mode,
            margin_value=value,
            redemption_sla=sla,
            redemption_fee_bps=fee,
            redemption_fee_locked=locked,
            minimum_redemption=minimum,
            tier_limits=tuple(
                TierLimitsParameters(*token.tierLimits(tier).call()) for tier in range(1, 5)
            ),
            home_jurisdiction=home,
            travel_threshold=home_threshold if travel_rule else _NO_THRESHOLD,
            travel_rule_aggregation=token.travelRuleAggregation().call(),
            counterpart_thresholds=tuple(
                (j, token.travelRuleThreshold(j).call()[0])
                for j, _ in expected.counterpart_thresholds
            ),
            corridors_enabled=corridors,
            corridors_open_by_default=open_by_default,
            corridor_pairs=tuple(
                (origin, destination, token.corridor(origin, destination).call())
                for origin, destination, _ in expected.corridor_pairs
            ),
            blocked_jurisdictions=tuple(
                j for j in expected.blocked_jurisdictions if token.isJurisdictionBlocked(j).call()
            ),
            screening=ScreeningParameters(
                on_mint=on_mint,
                on_redeem=on_redeem,
                on_transfer=on_transfer,
                fail_open=fail_open,
            )
            if oracle != "0x" + "00" * 20
            else ScreeningParameters(False, False, False, fail_open),
        )
