"""Run a scenario on a deployed system and record what the chain did, step by step.

    result = run_scenario(load_scenario("scenarios/kyc_gate.yaml"))
    result.passed, result.steps[0].outcome, result.failures()
    results = run_scenarios(loaded, rpc_url="http://127.0.0.1:8545")  # on an anvil node

One system is deployed per profile (per chain) and snapshotted; every scenario starts by
reverting to that snapshot (milliseconds on either chain), never by redeploying. The default
chain is the embedded one; ``chain=`` runs on any :class:`Chain`, ``rpc_url=`` on a JSON-RPC dev
node (see :mod:`compliance_kit.scenarios.nodes`), which is left as it was found afterwards.

Expected reverts are outcomes, not exceptions; an unexpected exception becomes a failed step
carrying its message. Every ``transfer`` / ``transfer_from`` is also checked against the ERC-1404
preflight taken just before it (:mod:`compliance_kit.scenarios.invariants`).

**Node faults.** When the node stops answering, the scenario stops at once and each step says
what became of its transaction (``StepResult.tx``): ``mined`` (with its hash and block),
``failed`` (attempted, nothing mined: it could not be built, the node rejected it, or the node
was down before it was signed), ``unknown`` (handed to the node, no receipt: it may or may not
be mined, and it is never sent again) or ``not sent`` (the scenario stopped before it). The
scenarios after it are not run. ``ScenarioResult.node_fault`` says what happened.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, cast

from eth_utils import keccak

from compliance_kit.exceptions import (
    ComplianceKitError,
    CustomErrorRevert,
    InputError,
    Reverted,
    SnapshotError,
)
from compliance_kit.scenarios import schema as s
from compliance_kit.scenarios.checks import (
    Context,
    check_expectation,
    check_state,
    describe_error,
)
from compliance_kit.scenarios.invariants import Transfer, erc1404_mismatch
from compliance_kit.scenarios.loader import LoadedScenario
from compliance_kit.scenarios.nodes import is_node_fault, prepare_node, release_node
from compliance_kit.units import to_base_units

if TYPE_CHECKING:
    from eth_account.signers.local import LocalAccount

    from compliance_kit.chain.base import Chain, Receipt
    from compliance_kit.contracts import Contract, ContractFunction
    from compliance_kit.system import DeployedSystem

DAY = 86_400
MARGIN_MODES = {"none": 0, "percentage": 1, "absolute": 2}
#: ``IComplianceStablecoinTypes.CorridorStatus`` ordinals
CORRIDOR_STATUS = {"unset": 0, "allow": 1, "deny": 2}

#: ``StepResult.tx``: what became of a step's transaction
MINED, FAILED, UNKNOWN, NOT_SENT = "mined", "failed", "unknown", "not sent"

#: called before each step: ``(index, step)`` (1-based)
BeforeStep = Callable[[int, s.StepBase], None]
#: called once a step's signed transaction was handed to the node: ``(index, tx_hash)``
AfterSend = Callable[[int, str], None]
#: called as scenarios start and end: ``(done, total, name of the next or None)``
Progress = Callable[[int, int, str | None], None]


@dataclass
class StepResult:
    """What one step did and whether its expectation and checks held."""

    index: int
    """1-based; 0 is the setup."""
    action: str
    note: str | None = None
    outcome: str = "ok"
    """``ok``, ``refused`` (reverted), ``error`` (could not run) or ``skipped`` (the scenario
    stopped before it)."""
    error: str | None = None
    error_args: dict[str, Any] = field(default_factory=dict)
    gas: int | None = None
    """Gas used by the mined transaction (None: nothing mined, e.g. a revert found by a JSON-RPC
    node's gas estimate before sending)."""
    events: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    detail: str = ""
    expectation_held: bool = True
    failures: list[str] = field(default_factory=list)
    """Why the expectation or a check failed (empty when the step passed)."""
    supply: int | None = None
    """Total supply after the step, in base units (None if it could not be read)."""
    reserves: int | None = None
    """Attested reserves after the margin (mintable reserves) after the step, in base units."""
    tx: str | None = None
    """``mined``, ``failed``, ``unknown`` or ``not sent`` (see the module docstring); None for
    a step that sends no transaction (preflight, advance_time)."""
    tx_hash: str | None = None
    block: int | None = None
    preflight_code: int | None = None
    """The ERC-1404 code read just before a transfer / transfer_from step."""
    node_fault: str | None = None
    """The node stopped answering during this step: how."""

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
    chain: str = "embedded"
    """``embedded``, or the JSON-RPC node's URL."""
    node_fault: str | None = None
    """Why the scenario stopped (or never started) because the node stopped answering."""
    contracts: dict[str, str] = field(default_factory=dict)
    """The system's contracts it ran on: ``token``, ``attestor`` ... -> address."""

    @property
    def passed(self) -> bool:
        return self.node_fault is None and all(step.passed for step in self.steps)

    def failures(self) -> list[dict[str, Any]]:
        """``{"step", "action", "message"}`` for each failed expectation or check."""
        return [
            {"step": step.index, "action": step.action, "message": message}
            for step in self.steps
            for message in step.failures
        ]


@dataclass
class _Bases:
    """The base systems on one chain (one per profile) under one snapshot, and the accounts
    scenarios use. A profile met for the first time is deployed next to the others and the
    snapshot retaken, so reverting to it never discards another profile's base."""

    chain: Chain
    accounts: list[LocalAccount] | None = None
    systems: dict[str, DeployedSystem] = field(default_factory=dict)
    snapshot: int | None = None

    def fresh(self, profile: str) -> tuple[DeployedSystem, list[LocalAccount]]:
        """The profile's base system, reverted to just after deployment."""
        from compliance_kit.system import SystemConfig, deploy_system

        chain = self.chain
        if self.accounts is None:
            self.accounts = prepare_node(chain)
        if self.snapshot is not None:
            chain.revert(self.snapshot)  # the id stays valid on both backends
        system = self.systems.get(profile)
        if system is None:
            config = SystemConfig.for_dev_accounts(chain, profile=profile)
            system = self.systems[profile] = deploy_system(config, chain)
            self.snapshot = chain.snapshot()
        assert self.accounts is not None
        return system, self.accounts


#: bases by chain (the value holds the chain, so an id is never reused while listed)
_BASES: dict[int, _Bases] = {}
_DEFAULT_CHAINS: dict[str, Chain] = {}


def _bases_for(profile: str, chain: Chain | None) -> _Bases:
    if chain is None:
        chain = _DEFAULT_CHAINS.get(profile)
        if chain is None:
            from compliance_kit.chain.embedded import Embedded

            chain = Embedded(accounts=len(s.ROLE_ACTORS) + s.MAX_ACTORS)
            _DEFAULT_CHAINS[profile] = chain
    bases = _BASES.get(id(chain))
    if bases is None or bases.chain is not chain:
        bases = _BASES[id(chain)] = _Bases(chain)
    return bases


def run_scenario(
    loaded: LoadedScenario,
    *,
    chain: Chain | None = None,
    rpc_url: str | None = None,
    before_step: BeforeStep | None = None,
    after_send: AfterSend | None = None,
) -> ScenarioResult:
    """Play ``loaded`` on a fresh copy of its profile's system: on ``chain``, on the JSON-RPC
    node at ``rpc_url``, or (neither) on the embedded chain. ``before_step`` / ``after_send``
    are called around each step (tests use them to stop a node at a chosen moment)."""
    (result,) = run_scenarios(
        [loaded], chain=chain, rpc_url=rpc_url, before_step=before_step, after_send=after_send
    )
    return result


def run_scenarios(
    items: Sequence[LoadedScenario],
    *,
    chain: Chain | None = None,
    rpc_url: str | None = None,
    progress: Progress | None = None,
    before_step: BeforeStep | None = None,
    after_send: AfterSend | None = None,
) -> list[ScenarioResult]:
    """Play each scenario in turn (see :func:`run_scenario`); ``progress(done, total, next)`` is
    called before each and once at the end. After a node fault the remaining scenarios are not
    run: each is reported with ``node_fault`` set and every step ``not sent``.

    With ``rpc_url`` the node is connected for this run only: a snapshot is taken first and
    reverted to at the end, so the deployments and stories leave nothing behind on it.
    """
    if chain is not None and rpc_url is not None:
        raise InputError("rpc_url", "give a chain or an RPC URL, not both")
    if rpc_url is None:
        return _run_all(items, chain, None, progress, before_step, after_send)
    from compliance_kit.chain.rpc import Rpc

    node = Rpc(rpc_url)
    try:
        start = node.snapshot()
        bases = _Bases(node)
        try:
            return _run_all(items, node, bases, progress, before_step, after_send)
        finally:
            _restore(node, start)
    finally:
        node.close()


def _restore(node: Chain, snapshot: int) -> None:
    """Leave the node as it was found (nothing to do if it stopped answering)."""
    try:
        node.revert(snapshot)
        release_node(node)
    except ComplianceKitError as exc:
        if not (is_node_fault(exc) or isinstance(exc, SnapshotError)):  # e.g. restarted
            raise


def _run_all(
    items: Sequence[LoadedScenario],
    chain: Chain | None,
    bases: _Bases | None,
    progress: Progress | None,
    before_step: BeforeStep | None,
    after_send: AfterSend | None,
) -> list[ScenarioResult]:
    results: list[ScenarioResult] = []
    fault: str | None = None
    where = "embedded" if chain is None else str(getattr(chain, "url", "embedded"))
    for done, loaded in enumerate(items):
        if progress is not None:
            progress(done, len(items), loaded.scenario.name)
        if fault is not None:
            results.append(_not_run(loaded, f"not run: {fault}", where))
            continue
        on = bases or _bases_for(loaded.profile, chain)
        result = _play(loaded, on, before_step, after_send)
        result.chain = where
        if result.node_fault is not None:
            fault = f"the node stopped answering during {result.name!r}"
        results.append(result)
    if progress is not None:
        progress(len(items), len(items), None)
    return results


def _not_run(loaded: LoadedScenario, reason: str, where: str) -> ScenarioResult:
    steps = [_skipped(i, step) for i, step in enumerate(loaded.scenario.steps, 1)]
    scenario = loaded.scenario
    return ScenarioResult(
        scenario.name, loaded.source, loaded.profile, steps, 0.0, chain=where, node_fault=reason
    )


def _skipped(index: int, step: s.StepBase) -> StepResult:
    """A step the scenario never reached."""
    sends = type(step) in _BUILDERS
    return StepResult(
        index,
        str(getattr(step, "action", "")),
        note=step.note,
        outcome="skipped",
        tx=NOT_SENT if sends else None,
    )


def _play(
    loaded: LoadedScenario,
    bases: _Bases,
    before_step: BeforeStep | None,
    after_send: AfterSend | None,
) -> ScenarioResult:
    scenario = loaded.scenario
    started = time.perf_counter()
    try:
        system, accounts = bases.fresh(loaded.profile)
    except ComplianceKitError as exc:
        if not is_node_fault(exc):
            raise
        reason = f"the node stopped answering before the scenario started: {exc}"
        return _not_run(loaded, reason, "")
    ctx = Context.create(system, scenario, accounts)
    steps: list[StepResult] = []
    baseline = None
    fault: str | None = None
    setup = _setup(ctx, scenario)
    if setup is not None:
        steps.append(setup)
        fault = setup.node_fault
        if fault is not None:
            steps.extend(_skipped(i, step) for i, step in enumerate(scenario.steps, 1))
    else:
        baseline = _coverage(ctx)
        for index, step in enumerate(scenario.steps, 1):
            if before_step is not None:
                before_step(index, step)
            result = _run_step(ctx, index, step, after_send)
            steps.append(result)
            if result.node_fault is not None:
                fault = f"step {index} ({result.action}): {result.node_fault}"
                steps.extend(
                    _skipped(i, st) for i, st in enumerate(scenario.steps[index:], index + 1)
                )
                break
            result.supply, result.reserves = _coverage(ctx) or (None, None)
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
        node_fault=fault,
        contracts=dict(ctx.contracts),
    )


def _coverage(ctx: Context) -> tuple[int, int] | None:
    """``(total supply, reserves after margin)`` now; None if the token cannot tell."""
    try:
        reserves, supply, *_ = ctx.system.token.fn.reserveCoverage().call(block=ctx.block)
    except Exception:
        return None
    return int(supply), int(reserves)


def _setup(ctx: Context, scenario: s.Scenario) -> StepResult | None:
    """KYC for the actors, the initial attestation and balances; a failed step if any fails."""
    token, attestor = ctx.system.token, ctx.system.attestor
    result = StepResult(0, "setup", outcome="error")
    sent = 0
    try:
        now = ctx.system.chain.timestamp()
        calls: list[tuple[ContractFunction, str]] = []
        for name, kyc in scenario.actors.items():
            if kyc is not None:
                expiry = now + kyc.expires_in_days * DAY
                calls.append(
                    (
                        token.fn.approveAccount(
                            ctx.address(name), kyc.tier, kyc.jurisdiction, expiry
                        ),
                        "kyc_operator",
                    )
                )
        if scenario.setup.reserves is not None:
            reserves = ctx.units(scenario.setup.reserves, "setup.reserves")
            calls.append(
                (attestor.fn.attest(reserves, now, keccak(text="setup"), "", []), "attestor")
            )
        for name, amount in scenario.setup.balances.items():
            units = ctx.units(amount, f"setup.balances.{name}")
            calls.append((token.fn.mint(ctx.address(name), units), "minter"))
        for fn, signer in calls:
            _send(ctx, fn, ctx.account(signer), result, 0, None)
            sent += 1
    except Exception as exc:
        if is_node_fault(exc):
            result.node_fault = str(exc)
            result.failures.append(
                f"the node stopped answering during the setup ({sent} setup transaction(s) "
                f"mined, the next one {result.tx or FAILED}): {exc}"
            )
        else:
            result.failures.append(f"setup failed: {exc}")
        return result
    return None


def _run_step(
    ctx: Context, index: int, step: s.StepBase, after_send: AfterSend | None
) -> StepResult:
    action = str(getattr(step, "action", ""))
    result = StepResult(index, action, note=step.note)
    transfer = _transfer_of(ctx, step)
    try:
        if transfer is not None:
            result.preflight_code = _preflight_code(ctx, step, transfer, result)
        _perform(ctx, step, result, index, after_send)
    except Reverted as exc:
        result.outcome = "refused"
        if result.gas is None:
            result.gas = exc.gas_used
        if isinstance(exc, CustomErrorRevert):
            result.error, result.error_args = exc.name, dict(exc.args_by_name)
            result.detail = describe_error(ctx, result)
        else:
            result.error, result.detail = type(exc).__name__, exc.reason
    except Exception as exc:
        result.outcome = "error"
        if is_node_fault(exc):
            result.node_fault = str(exc)
            if type(step) in _BUILDERS and result.tx is None:
                result.tx = FAILED  # it failed before its transaction was signed
            sent = {
                MINED: f"its transaction {result.tx_hash} was mined",
                UNKNOWN: f"its transaction {result.tx_hash} was sent and no receipt came back: "
                "it may or may not be mined (it is not sent again)",
                FAILED: "nothing was sent",
                None: "it sends no transaction",
            }[result.tx]
            result.failures.append(f"the node stopped answering: {exc}; {sent}")
            return result
        if type(step) in _BUILDERS and result.tx is None:
            result.tx = FAILED  # nothing sent
        kind = "" if isinstance(exc, ComplianceKitError) else f"{type(exc).__name__}: "
        result.failures.append(f"could not run the step: {kind}{exc}")
        return result
    unmet = check_expectation(ctx, step.expect, result)
    result.failures.extend(unmet)
    result.expectation_held = not unmet
    if transfer is not None and result.preflight_code is not None:
        mismatch = erc1404_mismatch(
            result.preflight_code,
            result.outcome,
            result.error,
            result.error_args,
            transfer,
            ctx.show,
        )
        if mismatch is not None:
            result.failures.append(f"invariant: {mismatch}")
    if step.check is not None:
        try:
            result.failures.extend(check_state(ctx, step.check, result))
        except Exception as exc:
            if not is_node_fault(exc):
                raise
            result.node_fault = str(exc)
            result.failures.append(f"the node stopped answering during the checks: {exc}")
    return result


def _preflight_code(
    ctx: Context, step: s.StepBase, transfer: Transfer, result: StepResult
) -> int | None:
    """``detectTransferRestriction`` for the transfer the step is about to make (None, and a
    failure, if the view itself reverts)."""
    amount = ctx.units(cast("Any", step).amount)
    try:
        code = ctx.system.token.fn.detectTransferRestriction(
            transfer.from_, transfer.to, amount
        ).call(block=ctx.block)
    except Reverted as exc:
        result.failures.append(f"invariant: the ERC-1404 preflight itself reverted: {exc}")
        return None
    return int(code)


def _transfer_of(ctx: Context, step: s.StepBase) -> Transfer | None:
    """The parties of a transfer / transfer_from step, as the token sees them (the sender of a
    ``transfer`` is its signer); None for other steps."""
    signer = step.signer()
    if isinstance(step, s.Transfer) and signer is not None:
        return Transfer(ctx.address(signer), ctx.address(step.to))
    if isinstance(step, s.TransferFrom) and signer is not None:
        return Transfer(ctx.address(step.from_), ctx.address(step.to), ctx.address(signer))
    return None


def _perform(
    ctx: Context, step: s.StepBase, result: StepResult, index: int, after_send: AfterSend | None
) -> None:
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
        ).call(block=ctx.block)
        message = token.fn.messageForTransferRestriction(code).call(block=ctx.block)
        result.detail = f"code {code}: {message}"
        if code != step.code:
            result.failures.append(
                f"preflight returned code {code} ({message}), expected {step.code}"
            )
        return
    build = _BUILDERS[type(step)]
    signer = step.signer()
    assert signer is not None  # every transacting step has a signer
    receipt = _send(ctx, build(ctx, step), ctx.account(signer), result, index, after_send)
    system = ctx.system
    for contract in (
        system.token,
        system.attestor,
        system.travel_rule_registry,
        system.sanctions_oracle,
    ):
        if contract is not None:
            result.events.extend((e.name, dict(e.args)) for e in contract.events(receipt))


class _RecordingSigner:
    """``account`` for the transactor, noting the hash of what it signs: a signed transaction
    is handed to the node next, so a failure after signing leaves its fate unknown."""

    def __init__(self, account: LocalAccount) -> None:
        self._account = account
        self.tx_hash: str | None = None

    @property
    def address(self) -> str:
        return str(self._account.address)

    def sign_transaction(self, tx: dict[str, Any]) -> Any:
        signed = self._account.sign_transaction(tx)
        self.tx_hash = "0x" + bytes(signed.hash).hex()
        return signed


def _send(
    ctx: Context,
    fn: ContractFunction,
    account: LocalAccount,
    result: StepResult,
    index: int,
    after_send: AfterSend | None,
) -> Receipt:
    """Send ``fn`` once from ``account``, recording in ``result`` what became of it (``tx``,
    ``tx_hash``, ``block``, ``gas``); raise the decoded revert if it failed. Never resends."""
    from compliance_kit.chain.base import CallRequest
    from compliance_kit.chain.embedded import TX_GAS_LIMIT, Embedded
    from compliance_kit.chain.tx import TxContext

    transactor = fn.contract.transactor
    chain = transactor.chain
    context = TxContext(fn.contract.name, fn.name)
    signer = _RecordingSigner(account)
    result.tx, result.tx_hash, result.block = FAILED, None, None
    gas, revert_data = None, None
    if not isinstance(chain, Embedded):
        # As on the embedded chain: run it on the state and clock it will meet (a node's gas
        # estimate reads the last block's), then send it with a fixed gas limit, so a refusal
        # is mined (status 0, its gas used) and decoded with the numbers it met.
        try:
            chain.call(CallRequest(account.address, fn.contract.address, fn.data), ctx.block)
        except Reverted as exc:
            revert_data = exc.data
        gas = TX_GAS_LIMIT
    try:
        pending = transactor.send(
            cast("LocalAccount", signer), fn.contract.address, fn.data, gas=gas, context=context
        )
    except Exception as exc:
        if signer.tx_hash is not None and is_node_fault(exc):
            result.tx, result.tx_hash = UNKNOWN, signer.tx_hash
        raise
    result.tx, result.tx_hash = UNKNOWN, pending.tx_hash
    if after_send is not None:
        after_send(index, pending.tx_hash)
    receipt = chain.wait_for_receipt(pending.tx_hash)
    result.tx, result.block, result.gas = MINED, receipt.block_number, receipt.gas_used
    if receipt.succeeded:
        return receipt
    data = receipt.revert_data if receipt.revert_data is not None else revert_data
    if data is not None:
        raise transactor.errors.decode(
            data,
            contract=context.contract,
            function=context.function,
            tx_hash=receipt.tx_hash,
            gas_used=receipt.gas_used,
        )
    transactor.confirm(pending)  # replays the call on the parent block, and raises its revert
    raise AssertionError("unreachable: a failed receipt always raises")  # pragma: no cover


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
    cap, volume, window, count = ctx.system.token.fn.tierLimits(step.tier).call(block=ctx.block)
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
        ctx.system.token.fn.sanctionsScreening().call(block=ctx.block)
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


def _permit(ctx: Context, step: s.Permit) -> ContractFunction:
    """``permit(owner, spender, value, deadline, v, r, s)`` signed by the owner now, or the last
    one signed for this owner and spender (``replay``)."""
    token = ctx.system.token
    key = (step.owner, step.spender)
    if step.replay:
        args = ctx.permits.get(key)
        if args is None:
            raise InputError(
                "replay",
                f"no permit of {step.owner} for {step.spender} was signed earlier in this scenario",
            )
        return token.fn.permit(*args)
    from compliance_kit.signatures import sign_permit

    owner, spender = ctx.address(step.owner), ctx.address(step.spender)
    value = ctx.units(step.amount or "0")
    nonce = step.nonce
    if nonce is None:
        nonce = int(token.fn.nonces(owner).call(block=ctx.block))
    deadline = ctx.system.chain.timestamp() + step.expires_in
    signature = sign_permit(
        ctx.account(step.owner),
        token_name=str(token.fn.name().call(block=ctx.block)),
        token_address=token.address,
        chain_id=ctx.system.chain.chain_id,
        spender=spender,
        value=value,
        nonce=nonce,
        deadline=deadline,
    )
    args = (owner, spender, value, deadline, signature.v, signature.r, signature.s)
    ctx.permits[key] = args
    return token.fn.permit(*args)


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
    s.Permit: _permit,
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
    s.ConfigureMinter: lambda c, st: c.system.token.fn.configureMinter(
        c.address(st.minter), c.units(st.allowance)
    ),
    s.RemoveMinter: lambda c, st: c.system.token.fn.removeMinter(c.address(st.minter)),
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
    s.SetTravelRuleAggregation: lambda c, st: c.system.token.fn.setTravelRuleAggregation(
        st.enabled
    ),
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
