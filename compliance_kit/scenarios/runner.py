"""Run a scenario on a deployed system and record what the chain did, step by step.

    result = run_scenario(load_scenario("scenarios/kyc_gate.yaml"))
    result.passed, result.steps[0].outcome, result.failures()

One system is deployed per profile per process and snapshotted; every scenario starts by reverting
to that snapshot (milliseconds), never by redeploying. Expected reverts are outcomes, not
exceptions; an unexpected exception becomes a failed step carrying its message.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from eth_utils import keccak

from compliance_kit.exceptions import (
    ComplianceKitError,
    CustomErrorRevert,
    InputError,
    Reverted,
)
from compliance_kit.scenarios import schema as s
from compliance_kit.scenarios.checks import (
    Context,
    check_expectation,
    check_state,
    describe_error,
)
from compliance_kit.scenarios.loader import LoadedScenario
from compliance_kit.units import to_base_units

if TYPE_CHECKING:
    from compliance_kit.chain.base import Chain, Receipt
    from compliance_kit.contracts import Contract, ContractFunction
    from compliance_kit.system import DeployedSystem

DAY = 86_400
MARGIN_MODES = {"none": 0, "percentage": 1, "absolute": 2}
#: ``IComplianceStablecoinTypes.CorridorStatus`` ordinals
CORRIDOR_STATUS = {"unset": 0, "allow": 1, "deny": 2}


@dataclass
class StepResult:
    """What one step did and whether its expectation and checks held."""

    index: int
    """1-based; 0 is the setup."""
    action: str
    note: str | None = None
    outcome: str = "ok"
    """``ok``, ``refused`` (reverted) or ``error`` (could not be sent)."""
    error: str | None = None
    error_args: dict[str, Any] = field(default_factory=dict)
    gas: int | None = None
    events: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    detail: str = ""
    expectation_held: bool = True
    failures: list[str] = field(default_factory=list)
    """Why the expectation or a check failed (empty when the step passed)."""
    supply: int | None = None
    """Total supply after the step, in base units (None if it could not be read)."""
    reserves: int | None = None
    """Attested reserves after the margin (mintable reserves) after the step, in base units."""

    @property
    def passed(self) -> bool:
        return not self.failures


@dataclass
class ScenarioResult:
    """The outcome of one scenario."""

    name: str
    source: str
    profile: str
    steps: list[StepResult]
    seconds: float
    """Wall time of setup and steps (after the base deployment)."""
    decimals: int = 18
    """The token's decimals (to read ``supply`` and ``reserves`` in token units)."""
    baseline: tuple[int, int] | None = None
    """``(supply, reserves)`` after the setup, before the first step."""
    chain_id: int | None = None
    compiler_version: str | None = None

    @property
    def passed(self) -> bool:
        return all(step.passed for step in self.steps)

    def failures(self) -> list[dict[str, Any]]:
        """``{"step", "action", "message"}`` for each failed expectation or check."""
        return [
            {"step": step.index, "action": step.action, "message": message}
            for step in self.steps
            for message in step.failures
        ]


@dataclass
class _Base:
    chain: Chain
    system: DeployedSystem
    snapshot: int


_BASES: dict[tuple[int, str], _Base] = {}
_DEFAULT_CHAINS: dict[str, Chain] = {}


def _fresh_system(profile: str, chain: Chain | None) -> DeployedSystem:
    """The profile's base system, reverted to just after deployment."""
    from compliance_kit.system import SystemConfig, deploy_system

    if chain is None:
        chain = _DEFAULT_CHAINS.get(profile)
        if chain is None:
            from compliance_kit.chain.embedded import Embedded

            chain = Embedded(accounts=len(s.ROLE_ACTORS) + s.MAX_ACTORS)
            _DEFAULT_CHAINS[profile] = chain
    key = (id(chain), profile)
    base = _BASES.get(key)
    if base is None:
        system = deploy_system(SystemConfig.for_dev_accounts(chain, profile=profile), chain)
        base = _BASES[key] = _Base(chain, system, chain.snapshot())
    else:
        chain.revert(base.snapshot)
        base.snapshot = chain.snapshot()  # JSON-RPC nodes consume a snapshot on revert
    return base.system


def run_scenario(loaded: LoadedScenario, *, chain: Chain | None = None) -> ScenarioResult:
    """Play ``loaded`` on a fresh copy of its profile's system (on ``chain``, default embedded)."""
    scenario = loaded.scenario
    system = _fresh_system(loaded.profile, chain)
    started = time.perf_counter()
    ctx = Context.create(system, scenario)
    steps: list[StepResult] = []
    setup = _setup(ctx, scenario)
    baseline = None
    if setup is not None:
        steps.append(setup)
    else:
        baseline = _coverage(ctx)
        for index, step in enumerate(scenario.steps, 1):
            result = _run_step(ctx, index, step)
            result.supply, result.reserves = _coverage(ctx) or (None, None)
            steps.append(result)
    return ScenarioResult(
        scenario.name,
        loaded.source,
        loaded.profile,
        steps,
        time.perf_counter() - started,
        decimals=ctx.decimals,
        baseline=baseline,
        chain_id=system.manifest.chain_id,
        compiler_version=system.manifest.compiler_version or None,
    )


def _coverage(ctx: Context) -> tuple[int, int] | None:
    """``(total supply, reserves after margin)`` now; None if the token cannot tell."""
    try:
        reserves, supply, *_ = ctx.system.token.fn.reserveCoverage().call()
    except Exception:
        return None
    return int(supply), int(reserves)


def _setup(ctx: Context, scenario: s.Scenario) -> StepResult | None:
    """KYC for the actors, the initial attestation and balances; a failed step if any fails."""
    token, attestor = ctx.system.token, ctx.system.attestor
    try:
        now = ctx.system.chain.timestamp()
        for name, kyc in scenario.actors.items():
            if kyc is not None:
                expiry = now + kyc.expires_in_days * DAY
                token.fn.approveAccount(
                    ctx.address(name), kyc.tier, kyc.jurisdiction, expiry
                ).transact(ctx.account("kyc_operator"))
        if scenario.setup.reserves is not None:
            reserves = ctx.units(scenario.setup.reserves, "setup.reserves")
            attestor.fn.attest(reserves, now, keccak(text="setup"), "", []).transact(
                ctx.account("attestor")
            )
        for name, amount in scenario.setup.balances.items():
            units = ctx.units(amount, f"setup.balances.{name}")
            token.fn.mint(ctx.address(name), units).transact(ctx.account("minter"))
    except Exception as exc:
        return StepResult(0, "setup", outcome="error", failures=[f"setup failed: {exc}"])
    return None


def _run_step(ctx: Context, index: int, step: s.StepBase) -> StepResult:
    action = str(getattr(step, "action", ""))
    result = StepResult(index, action, note=step.note)
    try:
        _perform(ctx, step, result)
    except Reverted as exc:
        result.outcome, result.gas = "refused", exc.gas_used
        if isinstance(exc, CustomErrorRevert):
            result.error, result.error_args = exc.name, dict(exc.args_by_name)
            result.detail = describe_error(ctx, result)
        else:
            result.error, result.detail = type(exc).__name__, exc.reason
    except Exception as exc:
        result.outcome = "error"
        kind = "" if isinstance(exc, ComplianceKitError) else f"{type(exc).__name__}: "
        result.failures.append(f"could not run the step: {kind}{exc}")
        return result
    result.failures.extend(check_expectation(ctx, step.expect, result))
    result.expectation_held = not result.failures
    if step.check is not None:
        result.failures.extend(check_state(ctx, step.check, result))
    return result


def _perform(ctx: Context, step: s.StepBase, result: StepResult) -> None:
    """Send the step's transaction (or do its off-chain action) and record the receipt."""
    if isinstance(step, s.AdvanceTime):
        chain = ctx.system.chain
        seconds = step.seconds_from(chain.timestamp())
        now = chain.advance_time(seconds)
        when = datetime.fromtimestamp(now, UTC).strftime("%Y-%m-%d %H:%M:%S")
        result.detail = f"+{seconds:,} s, now {when} UTC"
        return
    if isinstance(step, s.Preflight):
        token = ctx.system.token
        code = token.fn.detectTransferRestriction(
            ctx.address(step.from_), ctx.address(step.to), ctx.units(step.amount)
        ).call()
        message = token.fn.messageForTransferRestriction(code).call()
        result.detail = f"code {code}: {message}"
        if code != step.code:
            result.failures.append(
                f"preflight returned code {code} ({message}), expected {step.code}"
            )
        return
    build = _BUILDERS[type(step)]
    signer = step.signer()
    assert signer is not None  # every transacting step has a signer
    receipt: Receipt = build(ctx, step).transact(ctx.account(signer))
    result.gas = receipt.gas_used
    system = ctx.system
    for contract in (
        system.token,
        system.attestor,
        system.travel_rule_registry,
        system.sanctions_oracle,
    ):
        if contract is not None:
            result.events.extend((e.name, dict(e.args)) for e in contract.events(receipt))


def _ref(text: str) -> bytes:
    return text.encode().ljust(32, b"\0")


def _margin_value(ctx: Context, step: s.SetMargin) -> int:
    text = step.value.strip()
    negative = text.startswith("-")
    magnitude = text.lstrip("-")
    if step.mode == "absolute":
        value = to_base_units(magnitude, ctx.decimals, "value")
    else:
        value = int(magnitude.replace("_", ""))
    return -value if negative else value


def _sanctions_list(ctx: Context) -> Contract:
    oracle = ctx.system.sanctions_oracle
    if oracle is None:
        raise InputError(
            "action",
            f"profile {ctx.system.policy.id!r} screens no sanctions: no SanctionsList was "
            "deployed with the system",
        )
    return oracle


def _payload_hash(step: s.RegisterTravelRule) -> bytes:
    """``keccak256`` of the payload text, or the hash given."""
    if step.payload_hash is not None:
        return bytes.fromhex(step.payload_hash[2:])
    payload = step.payload or f"IVMS101 {step.from_} -> {step.to} {step.amount}"
    return keccak(text=payload)


def _rule_amount(ctx: Context, amount: str, field: str) -> int:
    """Token units, or ``none`` as the contracts' 0 (no limit)."""
    return 0 if amount == "none" else ctx.units(amount, field)


def _tier_limits(ctx: Context, step: s.SetTierLimits) -> ContractFunction:
    cap, volume, window, count = ctx.system.token.fn.tierLimits(step.tier).call()
    if step.transfer_cap is not None:
        cap = _rule_amount(ctx, step.transfer_cap, "transfer_cap")
    if step.volume_limit is not None:
        volume = _rule_amount(ctx, step.volume_limit, "volume_limit")
    if step.window is not None:
        window = step.window
    if step.max_transfers is not None:
        count = step.max_transfers
    return ctx.system.token.fn.setTierLimits(step.tier, (cap, volume, window, count))


def _screening(ctx: Context, step: s.SetSanctionsScreening) -> ContractFunction:
    oracle, on_mint, on_redeem, on_transfer, fail_open = (
        ctx.system.token.fn.sanctionsScreening().call()
    )
    if int(oracle, 16) == 0:
        oracle = _sanctions_list(ctx).address
    settings = (
        oracle,
        on_mint if step.on_mint is None else step.on_mint,
        on_redeem if step.on_redeem is None else step.on_redeem,
        on_transfer if step.on_transfer is None else step.on_transfer,
        fail_open if step.fail_open is None else step.fail_open,
    )
    return ctx.system.token.fn.setSanctionsScreening(settings)


def _travel_rule_args(ctx: Context, step: Any) -> tuple[str, str, str, int]:
    return (
        ctx.system.token.address,
        ctx.address(step.from_),
        ctx.address(step.to),
        ctx.units(step.amount),
    )


Builder = Callable[[Context, Any], "ContractFunction"]

_BUILDERS: dict[type, Builder] = {
    s.Transfer: lambda c, st: c.system.token.fn.transfer(c.address(st.to), c.units(st.amount)),
    s.TransferFrom: lambda c, st: c.system.token.fn.transferFrom(
        c.address(st.from_), c.address(st.to), c.units(st.amount)
    ),
    s.Approve: lambda c, st: c.system.token.fn.approve(c.address(st.spender), c.units(st.amount)),
    s.Mint: lambda c, st: c.system.token.fn.mint(c.address(st.to), c.units(st.amount)),
    s.Burn: lambda c, st: c.system.token.fn.burn(c.units(st.amount)),
    s.Redeem: lambda c, st: c.system.token.fn.redeem(c.units(st.amount), _ref(st.ref)),
    s.FulfillRedemption: lambda c, st: c.system.token.fn.fulfillRedemption(st.id, _ref(st.ref)),
    s.Freeze: lambda c, st: c.system.token.fn.freeze(c.address(st.account), _ref(st.order)),
    s.Unfreeze: lambda c, st: c.system.token.fn.unfreeze(c.address(st.account), _ref(st.order)),
    s.FreezeTokens: lambda c, st: c.system.token.fn.freezeTokens(
        c.address(st.account), c.units(st.amount), _ref(st.order)
    ),
    s.UnfreezeTokens: lambda c, st: c.system.token.fn.unfreezeTokens(
        c.address(st.account), c.units(st.amount), _ref(st.order)
    ),
    s.Seize: lambda c, st: c.system.token.fn.seize(
        c.address(st.account), c.units(st.amount), _ref(st.order)
    ),
    s.BurnFrozen: lambda c, st: c.system.token.fn.burnFrozen(
        c.address(st.account), c.units(st.amount), _ref(st.order)
    ),
    s.KycApprove: lambda c, st: c.system.token.fn.approveAccount(
        c.address(st.account),
        st.tier,
        st.jurisdiction,
        c.system.chain.timestamp() + st.expires_in_days * DAY,
    ),
    s.KycRevoke: lambda c, st: c.system.token.fn.revokeAccount(c.address(st.account)),
    s.Pause: lambda c, st: c.system.token.fn.pause(),
    s.Unpause: lambda c, st: c.system.token.fn.unpause(),
    s.Attest: lambda c, st: c.system.attestor.fn.attest(
        c.units(st.reserves),
        c.system.chain.timestamp() - st.days_ago * DAY,
        keccak(text=st.report),
        "",
        [],
    ),
    s.SetMargin: lambda c, st: c.system.attestor.fn.setMargin(
        MARGIN_MODES[st.mode], _margin_value(c, st)
    ),
    s.RegisterTravelRule: lambda c, st: c.system.travel_rule_registry.fn.register(
        *_travel_rule_args(c, st), _payload_hash(st)
    ),
    s.CancelTravelRule: lambda c, st: c.system.travel_rule_registry.fn.cancel(
        *_travel_rule_args(c, st)
    ),
    s.Sanction: lambda c, st: _sanctions_list(c).fn.addToSanctionsList(
        [c.address(a) for a in st.accounts]
    ),
    s.Unsanction: lambda c, st: _sanctions_list(c).fn.removeFromSanctionsList(
        [c.address(a) for a in st.accounts]
    ),
    s.SetTierLimits: _tier_limits,
    s.SetTravelRule: lambda c, st: c.system.token.fn.setTravelRule(st.enabled),
    s.SetTravelRuleThreshold: lambda c, st: c.system.token.fn.setTravelRuleThreshold(
        st.jurisdiction,
        s.UINT256_MAX if st.amount == "none" else c.units(st.amount),
    ),
    s.SetCorridor: lambda c, st: c.system.token.fn.setCorridor(
        st.from_, st.to, CORRIDOR_STATUS[st.status]
    ),
    s.SetCorridorRules: lambda c, st: c.system.token.fn.setCorridorRules(
        st.enabled, st.default == "allow"
    ),
    s.BlockJurisdiction: lambda c, st: c.system.token.fn.setJurisdictionBlocked(
        st.jurisdiction, True
    ),
    s.UnblockJurisdiction: lambda c, st: c.system.token.fn.setJurisdictionBlocked(
        st.jurisdiction, False
    ),
    s.SetLimitExemption: lambda c, st: c.system.token.fn.setLimitExemption(
        c.address(st.account), st.exempt
    ),
    s.SetSanctionsScreening: _screening,
}
