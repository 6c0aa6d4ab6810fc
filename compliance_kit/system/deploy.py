"""Deploy a complete compliance system from a jurisdiction profile, and find it again later.

    config = SystemConfig.for_dev_accounts(chain, profile="hk")
    system = deploy_system(config, chain)  # ReserveAttestor + ComplianceStablecoin, configured
    system.write_manifest("deployment.json")
    system = load_system("deployment.json", chain)  # checks chain id and the code at each address

:func:`deploy_system` loads the profile, converts every amount to base units and plans every
transaction before sending the first (so bad input costs nothing), then runs the plan through the
kit's :class:`~compliance_kit.chain.tx.Transactor`, in this order:

1. deploy ``ReserveAttestor(admin, maxAge)``; ``setMargin``; grant ``ATTESTOR_ROLE``;
   ``setAuditor`` for each trusted auditor;
2. deploy ``TravelRuleRegistry(admin, adminTransferDelay)``; grant ``VASP_ROLE`` to each VASP;
   when the profile screens sanctions and no oracle is configured, deploy a ``SanctionsList``
   owned by the compliance officer;
3. deploy ``ComplianceStablecoin(name, symbol, decimals, admin, adminTransferDelay, attestor)``;
   grant the master minter, KYC operator, compliance officer, pauser and treasury roles;
   ``configureMinter`` for each minter; ``setSeizureEscrow``; ``setKycProvider`` for each
   provider; ``setRedemptionSla``, ``setRedemptionFee``, ``setMinimumRedemption`` and, when the
   profile locks the fee, ``lockRedemptionFee``; ``setTravelRuleRegistry``;
4. the AML rules, as the compliance officer: ``setHomeJurisdiction``, ``setTravelRuleThreshold``
   for the home and each counterpart jurisdiction, ``setTravelRule(true)``,
   ``setTravelRuleAggregation`` (the profile's ``travel_rule.aggregate``), ``setTierLimits`` for
   tiers 1-4, ``setCorridorRules``, ``setCorridor`` for each pair, ``setJurisdictionBlocked`` for
   each blocked jurisdiction and ``setSanctionsScreening`` (see ``policy.onchain``).

The admin signs everything else (it must be ``sender`` or one of the chain's accounts); minters
are configured by the master minter and the AML rules set by the compliance officer when their
keys are at hand, otherwise the admin takes the role for those steps and renounces it afterwards.
Every parameter step is sent even when it writes the contract's default, so the chain's event log
records the whole profile.

Errors (besides :class:`~compliance_kit.exceptions.InputError` for bad input and
:class:`~compliance_kit.policy.ProfileError` for a bad profile):

    DeploymentFailed (ChainError)    a step failed: which, the cause, the steps that went through
                                     and the addresses deployed so far
    ManifestError (ComplianceKitError)  unreadable/invalid manifest, or no/other code at an address
    ChainIdMismatch (ChainError)     load_system on a chain other than the manifest's
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from eth_abi import encode as abi_encode

from compliance_kit.chain.abi import canonical_type
from compliance_kit.chain.tx import Transactor, TxContext
from compliance_kit.contracts import Contract
from compliance_kit.exceptions import ChainError, ComplianceKitError, InputError, format_value
from compliance_kit.policy import Policy, list_profiles, load_profile
from compliance_kit.policy.onchain import OnchainParameters
from compliance_kit.system.config import ROLES, RoleHolders, SystemConfig
from compliance_kit.system.deployed import DeployedSystem
from compliance_kit.system.manifest import (
    ContractRecord,
    DeployStep,
    Manifest,
    SystemContracts,
    TokenInfo,
    bytecode_hash,
)
from compliance_kit.units import to_base_units

if TYPE_CHECKING:
    from eth_account.signers.local import LocalAccount

    from compliance_kit.build import Artifact, ArtifactSet
    from compliance_kit.chain.base import Chain, Receipt


class DeploymentFailed(ChainError):
    """A deployment step failed. Nothing is rolled back: this says exactly what went through.

    ``step`` is the failed step's description (``number`` its position), ``completed`` the steps
    that went through (with tx hashes), ``remaining`` the steps never sent, ``addresses`` the
    contracts deployed so far; the underlying error is ``cause`` (also ``__cause__``).
    """

    def __init__(
        self,
        number: int,
        step: str,
        cause: ComplianceKitError,
        completed: Sequence[DeployStep],
        remaining: Sequence[str],
        addresses: Mapping[str, str],
    ) -> None:
        self.number = number
        self.step = step
        self.cause = cause
        self.completed = tuple(completed)
        self.remaining = tuple(remaining)
        self.addresses = dict(addresses)
        went = (
            "\n".join(f"  {s.number}. {s.description}  (tx {s.tx_hash})" for s in completed)
            or "  (none)"
        )
        deployed = ", ".join(f"{k} {a}" for k, a in self.addresses.items()) or "none"
        super().__init__(
            f"deployment failed at step {number} of {number + len(self.remaining)}, "
            f"{step}: {cause}\n"
            f"went through ({len(self.completed)} step(s)):\n{went}\n"
            f"deployed so far: {deployed}\n"
            f"not sent: {len(self.remaining)} step(s)"
        )


@dataclass(frozen=True)
class _Ref:
    """A contract of the plan, resolved to its address when the step runs."""

    key: str


@dataclass(frozen=True)
class _Step:
    target: str
    function: str | None  # None: deploy ``artifact`` as ``target``
    args: tuple[Any, ...]
    signer: LocalAccount
    artifact: str | None = None

    def describe(self) -> str:
        shown = ", ".join(_show(a) for a in self.args)
        if self.function is None:
            return f"deploy {self.artifact}({shown}) as {self.target}"
        return f"{self.target}.{self.function}({shown})"


def deploy_system(
    config: SystemConfig,
    chain: Chain,
    *,
    artifacts: ArtifactSet | None = None,
    sender: LocalAccount | None = None,
) -> DeployedSystem:
    """Deploy and configure a ReserveAttestor and a ComplianceStablecoin under ``config``'s profile.

    ``artifacts`` defaults to the kit's contracts (compiled once, then cached on disk); ``sender``
    defaults to the chain account of ``config.admin``. Raises ``ProfileError`` / ``InputError``
    before anything is sent, :class:`DeploymentFailed` when a step fails on-chain.
    """
    policy = load_profile(config.profile, config.overrides)
    counterpart_names = counterparts_of(config, policy)
    counterparts = [load_profile(name) for name in counterpart_names]
    params = policy.onchain_parameters(
        home_jurisdiction=config.home_jurisdiction, counterparts=counterparts
    )
    if policy.lawful_orders.seize == "required" and config.seizure_escrow is None:
        raise InputError(
            "seizure_escrow",
            f"profile {policy.id!r} requires the ability to seize funds: set a seizure escrow",
        )
    allowances = [
        (m.address, to_base_units(m.allowance, params.decimals, f"minters[{i}].allowance"))
        for i, m in enumerate(config.minters)
    ]
    admin = _admin_signer(config, chain, sender)
    if artifacts is None:
        from compliance_kit.build import compile_contracts

        artifacts = compile_contracts()
    plan = _plan(
        config,
        params,
        allowances,
        admin,
        _key_for(config.master_minter, chain, admin),
        _key_for(config.compliance_officer, chain, admin),
    )
    transactor = Transactor(chain, artifacts.abis())
    contracts, steps = _run(plan, transactor, artifacts)
    if not chain.automine:
        chain.mine()
    records = {
        key: _record(chain, artifacts[contract.name], contract, steps[index])
        for key, (contract, index) in contracts.items()
    }
    manifest = Manifest(
        chain_id=chain.chain_id,
        block_number=chain.block_number(),
        timestamp=datetime.fromtimestamp(chain.timestamp(), UTC),
        deployer=admin.address,
        token=TokenInfo(
            name=config.name,
            symbol=config.symbol,
            decimals=params.decimals,
            admin_transfer_delay=config.admin_transfer_delay,
        ),
        contracts=SystemContracts(**records),
        roles=RoleHolders.model_validate(config.model_dump(include=set(RoleHolders.model_fields))),
        compiler_version=artifacts.compiler_version,
        artifact_input_hash=artifacts.input_hash,
        profile_id=policy.id,
        profile_source=config.profile,
        overrides=config.overrides,
        policy=policy,
        home_jurisdiction=params.home_jurisdiction,
        counterpart_profiles=tuple(counterpart_names),
        counterpart_policies=tuple(counterparts),
        sanctions_oracle=_oracle_address(config, params, contracts),
        steps=tuple(steps),
    )
    return DeployedSystem.from_manifest(chain, transactor, manifest)


def counterparts_of(config: SystemConfig, policy: Policy) -> list[str]:
    """The counterpart profiles of a deployment: as configured, else every other bundled one."""
    if config.counterpart_profiles is not None:
        return list(config.counterpart_profiles)
    return [name for name in list_profiles() if name not in (policy.id, config.profile)]


def _oracle_address(
    config: SystemConfig, params: OnchainParameters, contracts: Mapping[str, Any]
) -> str | None:
    if not params.screening.any:
        return None
    if config.sanctions_oracle is not None:
        return config.sanctions_oracle
    return str(contracts["sanctions_oracle"][0].address)


def _plan(
    config: SystemConfig,
    params: OnchainParameters,
    allowances: list[tuple[str, int]],
    admin: LocalAccount,
    master_minter: LocalAccount | None,
    officer: LocalAccount | None,
) -> list[_Step]:
    """Every transaction of the deployment, in order (see the module docstring)."""
    registry = [
        _Step(
            "travel_rule_registry",
            None,
            (config.admin, config.admin_transfer_delay),
            admin,
            "TravelRuleRegistry",
        ),
        *(
            _Step("travel_rule_registry", "grantRole", (ROLES["VASP_ROLE"], v), admin)
            for v in config.vasps
        ),
    ]
    oracle: _Ref | str | None = None
    if params.screening.any:
        if config.sanctions_oracle is None:
            registry.append(
                _Step(
                    "sanctions_oracle",
                    None,
                    (config.compliance_officer,),
                    admin,
                    "SanctionsList",
                )
            )
            oracle = _Ref("sanctions_oracle")
        else:
            oracle = config.sanctions_oracle
    attestor = [
        _Step("attestor", None, (config.admin, params.max_age), admin, "ReserveAttestor"),
        _Step("attestor", "setMargin", (params.margin_mode, params.margin_value), admin),
        _Step("attestor", "grantRole", (ROLES["ATTESTOR_ROLE"], config.attestor), admin),
        *(_Step("attestor", "setAuditor", (a, True), admin) for a in config.auditors),
    ]
    constructor = (
        config.name,
        config.symbol,
        params.decimals,
        config.admin,
        config.admin_transfer_delay,
        _Ref("attestor"),
    )
    token = [
        _Step("token", None, constructor, admin, "ComplianceStablecoin"),
        *(
            _Step("token", "grantRole", (ROLES[role], getattr(config, field)), admin)
            for role, field in (
                ("MASTER_MINTER_ROLE", "master_minter"),
                ("KYC_OPERATOR_ROLE", "kyc_operator"),
                ("COMPLIANCE_OFFICER_ROLE", "compliance_officer"),
                ("PAUSER_ROLE", "pauser"),
                ("TREASURY_ROLE", "treasury"),
            )
        ),
    ]
    minting = [
        _Step("token", "configureMinter", pair, master_minter or admin) for pair in allowances
    ]
    if minting and master_minter is None:  # no key for the master minter: the admin stands in
        borrow = (ROLES["MASTER_MINTER_ROLE"], config.admin)
        minting = [
            _Step("token", "grantRole", borrow, admin),
            *minting,
            _Step("token", "renounceRole", borrow, admin),
        ]
    settings = [
        *(
            [_Step("token", "setSeizureEscrow", (config.seizure_escrow,), admin)]
            if config.seizure_escrow
            else []
        ),
        *(_Step("token", "setKycProvider", (p, True), admin) for p in config.kyc_providers),
        _Step("token", "setRedemptionSla", (params.redemption_sla,), admin),
        _Step("token", "setRedemptionFee", (params.redemption_fee_bps,), admin),
        _Step("token", "setMinimumRedemption", (params.minimum_redemption,), admin),
        *([_Step("token", "lockRedemptionFee", (), admin)] if params.redemption_fee_locked else []),
        _Step("token", "setTravelRuleRegistry", (_Ref("travel_rule_registry"),), admin),
    ]
    aml = _aml_steps(params, oracle, officer or admin)
    if officer is None:  # no key for the compliance officer: the admin stands in
        borrow = (ROLES["COMPLIANCE_OFFICER_ROLE"], config.admin)
        aml = [
            _Step("token", "grantRole", borrow, admin),
            *aml,
            _Step("token", "renounceRole", borrow, admin),
        ]
    return [*attestor, *registry, *token, *minting, *settings, *aml]


def _aml_steps(
    params: OnchainParameters, oracle: _Ref | str | None, officer: LocalAccount
) -> list[_Step]:
    """The compliance officer's steps: home jurisdiction, travel rule and its aggregation, tier
    limits, corridors, sanctions screening."""
    home = params.home_jurisdiction
    steps = [
        _Step("token", "setHomeJurisdiction", (home,), officer),
        _Step("token", "setTravelRuleThreshold", (home, params.travel_threshold), officer),
        *(
            _Step("token", "setTravelRuleThreshold", pair, officer)
            for pair in params.counterpart_thresholds
        ),
        _Step("token", "setTravelRule", (True,), officer),
        _Step("token", "setTravelRuleAggregation", (params.travel_rule_aggregation,), officer),
        *(
            _Step("token", "setTierLimits", (tier, limits.as_tuple()), officer)
            for tier, limits in enumerate(params.tier_limits, start=1)
        ),
        _Step(
            "token",
            "setCorridorRules",
            (params.corridors_enabled, params.corridors_open_by_default),
            officer,
        ),
        *(_Step("token", "setCorridor", pair, officer) for pair in params.corridor_pairs),
        *(
            _Step("token", "setJurisdictionBlocked", (j, True), officer)
            for j in params.blocked_jurisdictions
        ),
    ]
    if oracle is not None:
        screening = params.screening
        settings = (
            oracle,
            screening.on_mint,
            screening.on_redeem,
            screening.on_transfer,
            screening.fail_open,
        )
        steps.append(_Step("token", "setSanctionsScreening", (settings,), officer))
    return steps


def _run(
    plan: list[_Step], transactor: Transactor, artifacts: ArtifactSet
) -> tuple[dict[str, tuple[Contract, int]], list[DeployStep]]:
    """Send each step; on failure raise :class:`DeploymentFailed` with what went through."""
    contracts: dict[str, tuple[Contract, int]] = {}
    done: list[DeployStep] = []
    for index, step in enumerate(plan):
        args = _resolve(step.args, contracts)
        try:
            if step.function is None:
                contract, receipt = _create(
                    transactor, artifacts[str(step.artifact)], args, step.signer
                )
                contracts[step.target] = (contract, index)
            else:
                function = getattr(contracts[step.target][0].fn, step.function)
                receipt = function(*args).transact(step.signer)
        except ComplianceKitError as exc:
            raise DeploymentFailed(
                index + 1,
                step.describe(),
                exc,
                done,
                [s.describe() for s in plan[index + 1 :]],
                {key: c.address for key, (c, _) in contracts.items()},
            ) from exc
        done.append(
            DeployStep(
                number=index + 1,
                description=step.describe(),
                tx_hash=receipt.tx_hash,
                block_number=receipt.block_number,
            )
        )
    return contracts, done


def _resolve(value: Any, contracts: Mapping[str, tuple[Contract, int]]) -> Any:
    """``value`` with every :class:`_Ref` (also inside tuples) replaced by its address."""
    if isinstance(value, _Ref):
        return contracts[value.key][0].address
    if isinstance(value, tuple):
        return tuple(_resolve(v, contracts) for v in value)
    return value


def _create(
    transactor: Transactor, artifact: Artifact, args: tuple[Any, ...], sender: LocalAccount
) -> tuple[Contract, Receipt]:
    """Deploy ``artifact`` (as ``contracts.deploy`` does) and return the receipt too."""
    ctor: dict[str, Any] = next(
        (e for e in artifact.abi if e.get("type") == "constructor"), {"inputs": []}
    )
    types = [canonical_type(i) for i in ctor.get("inputs", [])]
    data = artifact.bytecode + abi_encode(types, list(args))
    receipt = transactor.transact(
        sender, None, data, context=TxContext(artifact.name, "constructor")
    )
    if not receipt.contract_address:
        raise ChainError(f"deploying {artifact.name} produced no contract address")
    return Contract(transactor, receipt.contract_address, artifact.abi, artifact.name), receipt


def _record(
    chain: Chain, artifact: Artifact, contract: Contract, step: DeployStep
) -> ContractRecord:
    return ContractRecord(
        name=artifact.name,
        address=contract.address,
        tx_hash=step.tx_hash,
        block_number=step.block_number,
        creation_bytecode_sha256=bytecode_hash(artifact.bytecode),
        runtime_bytecode_sha256=bytecode_hash(chain.get_code(contract.address)),
        abi=artifact.abi,
    )


def _admin_signer(config: SystemConfig, chain: Chain, sender: LocalAccount | None) -> LocalAccount:
    if sender is not None:
        if sender.address != config.admin:
            raise InputError(
                "sender",
                f"{sender.address} is not the configured admin {config.admin}: the admin "
                "deploys and configures the system",
            )
        return sender
    key = _key_for(config.admin, chain)
    if key is None:
        raise InputError(
            "sender",
            f"no key for the admin {config.admin} among the chain's accounts: pass "
            "sender=<the admin's account>",
        )
    return key


def _key_for(address: str, chain: Chain, *known: LocalAccount) -> LocalAccount | None:
    return next((a for a in (*known, *chain.accounts) if a.address == address), None)


_ROLE_BY_ID = {role_id: name for name, role_id in ROLES.items()}


def _show(value: Any) -> str:
    if isinstance(value, _Ref):
        return value.key
    if isinstance(value, tuple):
        return "(" + ", ".join(_show(v) for v in value) + ")"
    if isinstance(value, bytes) and value in _ROLE_BY_ID:
        return _ROLE_BY_ID[value]
    if isinstance(value, bool):
        return str(value).lower()
    return format_value(value)
