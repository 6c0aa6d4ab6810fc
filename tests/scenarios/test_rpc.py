"""Scenarios on a real anvil (started and stopped by the tests on 127.0.0.1): the same per-step
outcomes as on the embedded chain, the node left as it was found, and node faults reported step
by step, with nothing sent twice. Skipped only when the anvil binary is not installed."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

import compliance_kit.scenarios
from compliance_kit.chain import AnvilProcess, Rpc
from compliance_kit.chain.dev_accounts import dev_accounts
from compliance_kit.cli import EXIT_ENVIRONMENT, app
from compliance_kit.exceptions import NodeToolchainMissing
from compliance_kit.scenarios import (
    bundled_scenarios,
    load_scenario,
    parse_scenario,
    report,
    run_scenario,
    run_scenarios,
)
from compliance_kit.scenarios.runner import ScenarioResult
from compliance_kit.scenarios.schema import ROLE_ACTORS

pytestmark = pytest.mark.rpc

LIBRARY = Path(bundled_scenarios()[0]).parent
#: time-sensitive (rolling volume window, exact numbers across a day edge), a plain KYC story, and
#: one on a second profile with travel-rule records (the registry's calldata carries the token)
COMPARED = ("structuring.yaml", "kyc_gate.yaml", "partial_freeze.yaml")
#: steps whose calldata holds the token's address: 4 gas per zero byte, 16 per other byte
ADDRESS_IN_CALLDATA = {"register_travel_rule", "cancel_travel_rule"}


def _start(**kw: object) -> AnvilProcess:
    try:
        return AnvilProcess(**kw).start()  # type: ignore[arg-type]
    except NodeToolchainMissing as exc:
        pytest.skip(f"anvil is not installed: {exc}")


@pytest.fixture(scope="module")
def node() -> Iterator[AnvilProcess]:
    started = _start()
    yield started
    started.stop()


def _outcomes(result: ScenarioResult) -> list[tuple[object, ...]]:
    """What must match across chains: outcome, decoded refusal, events, gas, preflight, verdict."""
    return [
        (
            s.index,
            s.action,
            s.outcome,
            s.error,
            s.error_args,
            [name for name, _ in s.events],
            s.gas if s.action not in ADDRESS_IN_CALLDATA else None,
            s.tx,
            s.preflight_code,
            s.failures,
        )
        for s in result.steps
    ]


def test_bundled_scenarios_on_anvil_match_the_embedded_chain(node: AnvilProcess) -> None:
    loaded = [load_scenario(LIBRARY / name) for name in COMPARED]
    embedded = run_scenarios(loaded)
    with Rpc(node.url) as probe:
        block = probe.block_number()
        on_anvil = run_scenarios(loaded, rpc_url=node.url)
        assert probe.block_number() == block  # the node is left as it was found
    for here, there in zip(embedded, on_anvil, strict=True):
        assert there.passed, there.failures()
        assert (here.chain, there.chain) == ("embedded", node.url)
        assert _outcomes(there) == _outcomes(here)
        # refusals are mined on both chains (status 0), with the same gas
        assert {s.tx for s in there.steps if s.outcome == "refused"} <= {"mined"}
        # the documented difference: every profile's system shares the node, so only the first
        # deployed has the embedded chain's addresses; calldata carrying the token's address
        # costs 12 gas more or less per byte that is zero on one chain only
        for a, b in zip(here.steps, there.steps, strict=True):
            difference = (a.gas or 0) - (b.gas or 0)
            assert difference % 12 == 0
            assert abs(difference) <= 12 * 20
    refused = on_anvil[0].steps[10]
    assert refused.error == "VolumeLimitExceeded"
    assert refused.error_args["available"] == 2_400 * UNITS  # the exact number, as embedded


def test_scenario_run_cli_on_anvil(node: AnvilProcess) -> None:
    result = CliRunner().invoke(
        app, ["scenario", "run", str(LIBRARY / "kyc_gate.yaml"), "--rpc-url", node.url, "--json"]
    )
    assert result.exit_code == 0, result.output
    (scenario,) = json.loads(result.output)["scenarios"]
    assert scenario == {"name": "KYC gate", "passed": True, "steps": 8, "failures": []}


def test_a_node_that_is_down_exits_with_the_network_code() -> None:
    with AnvilProcess() as probe:  # pick a free port, then leave it closed
        url = probe.url
    result = CliRunner().invoke(
        app, ["scenario", "run", str(LIBRARY / "kyc_gate.yaml"), "--rpc-url", url]
    )
    assert result.exit_code == EXIT_ENVIRONMENT
    assert "no JSON-RPC node answers" in result.output


# --- node faults ------------------------------------------------------------------------------

DRILL = """
name: node fault drill
profile: us
actors:
  alice: {tier: 1}
  bob: {tier: 1}
  carol: {tier: 1}
setup:
  reserves: "1_000_000"
  balances: {alice: "1_000"}
steps:
  - {action: transfer, from: alice, to: bob, amount: "100"}
  - {action: transfer, from: bob, to: carol, amount: "40"}
  - {action: approve, owner: alice, spender: carol, amount: "50"}
  - {action: transfer, from: alice, to: carol, amount: "10"}
  - {action: transfer_from, spender: carol, from: alice, to: bob, amount: "50"}
  - {action: transfer, from: carol, to: alice, amount: "1"}
"""
#: the drill's actors: the accounts after the role holders
ALICE, BOB, CAROL = dev_accounts(len(ROLE_ACTORS) + 3)[len(ROLE_ACTORS) :]
UNITS = 10**6  # the US profile's decimals
#: how long a stopped anvil may take to write its state file before it is killed (a loaded
#: machine can be slow; a kill would lose the state the tests restart from)
STATE_DUMP_TIMEOUT = 60.0


@pytest.fixture
def stateful(tmp_path: Path) -> Iterator[tuple[AnvilProcess, Path]]:
    """An anvil that writes its state to a file when stopped (as on Ctrl-C or SIGTERM)."""
    state = tmp_path / "anvil-state.json"
    started = _start(state_file=state)
    yield started, state
    started.stop()


def _stop_at(node: AnvilProcess, index: int) -> Callable[..., None]:
    def hook(at: int, *_: object) -> None:
        if at == index:
            node.stop(timeout=STATE_DUMP_TIMEOUT)  # anvil writes its state on the way down

    return hook


def _restart(state: Path) -> tuple[AnvilProcess, Rpc]:
    restarted = _start(state_file=state)
    return restarted, Rpc(restarted.url)


def _balance(chain: Rpc, result: ScenarioResult, account: str) -> int:
    """The drill's token balance of ``account`` on ``chain`` (the system the result names)."""
    from eth_abi import decode, encode
    from eth_utils import keccak

    from compliance_kit.chain.base import CallRequest

    token = result.contracts["token"]
    data = keccak(text="balanceOf(address)")[:4] + encode(["address"], [account])
    (value,) = decode(["uint256"], chain.call(CallRequest(account, token, data)))
    return int(value)


def test_node_killed_between_two_steps(stateful: tuple[AnvilProcess, Path]) -> None:
    node, state = stateful
    result = run_scenario(
        parse_scenario(DRILL, "drill.yaml"), rpc_url=node.url, before_step=_stop_at(node, 4)
    )
    assert not result.passed
    assert result.node_fault is not None
    assert result.node_fault.startswith("step 4 (transfer): no JSON-RPC node answers")
    steps = result.steps
    assert [(s.index, s.outcome, s.tx) for s in steps] == [
        (1, "ok", "mined"),
        (2, "ok", "mined"),
        (3, "ok", "mined"),
        (4, "error", "failed"),
        (5, "skipped", "not sent"),
        (6, "skipped", "not sent"),
    ]
    assert all(s.tx_hash and s.block for s in steps[:3])
    assert steps[3].tx_hash is None
    assert "nothing was sent" in steps[3].failures[0]
    data = report.as_dict([result])["scenarios"][0]
    assert data["node_fault"] == result.node_fault
    assert [t["tx"] for t in data["transactions"]] == [
        "mined", "mined", "mined", "failed", "not sent", "not sent"
    ]  # fmt: skip

    restarted, chain = _restart(state)
    try:
        for step in steps[:3]:
            assert step.tx_hash is not None
            receipt = chain.wait_for_receipt(step.tx_hash, timeout=1)
            assert (receipt.status, receipt.block_number) == (1, step.block)
        # each actor sent exactly the transactions reported mined, once
        assert [chain.get_nonce(a.address) for a in (ALICE, BOB, CAROL)] == [2, 1, 0]
        assert [_balance(chain, result, a.address) for a in (ALICE, BOB, CAROL)] == [
            900 * UNITS, 60 * UNITS, 40 * UNITS
        ]  # fmt: skip
    finally:
        chain.close()
        restarted.stop()


def test_node_killed_after_sending_reports_unknown_and_never_resends(
    stateful: tuple[AnvilProcess, Path],
) -> None:
    node, state = stateful
    sent: list[tuple[int, str]] = []

    def after_send(index: int, tx_hash: str) -> None:
        sent.append((index, tx_hash))
        if index == 4:
            # anvil mines after answering the send; let it mine (and so dump) the transaction
            # before it stops, so the runner is the only party that never sees the receipt
            with Rpc(node.url) as observer:
                observer.wait_for_receipt(tx_hash, timeout=30)
            node.stop(timeout=STATE_DUMP_TIMEOUT)  # handed to the node; no receipt comes back

    drill = parse_scenario(DRILL, "drill.yaml")
    kyc_gate = load_scenario(LIBRARY / "kyc_gate.yaml")
    first, second = run_scenarios([drill, kyc_gate], rpc_url=node.url, after_send=after_send)
    assert [(s.index, s.tx) for s in first.steps] == [
        (1, "mined"), (2, "mined"), (3, "mined"), (4, "unknown"), (5, "not sent"), (6, "not sent")
    ]  # fmt: skip
    unknown = first.steps[3]
    assert unknown.tx_hash == sent[-1][1]
    assert "may or may not be mined (it is not sent again)" in unknown.failures[0]
    assert [index for index, _ in sent] == [1, 2, 3, 4]  # each step sent once, none after
    # the scenarios after the fault are not run
    assert second.node_fault is not None
    assert second.node_fault.startswith("not run: the node stopped answering during")
    assert {s.outcome for s in second.steps} == {"skipped"}

    restarted, chain = _restart(state)
    try:
        receipt = chain.wait_for_receipt(unknown.tx_hash, timeout=1)  # it was mined, once
        assert receipt.status == 1
        assert [chain.get_nonce(a.address) for a in (ALICE, BOB, CAROL)] == [3, 1, 0]
        assert _balance(chain, first, CAROL.address) == 50 * UNITS
    finally:
        chain.close()
        restarted.stop()


def test_cli_reports_a_node_fault_with_exit_3(
    stateful: tuple[AnvilProcess, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    node, _ = stateful
    drill = tmp_path / "drill.yaml"
    drill.write_text(DRILL, encoding="utf-8")
    stopping = functools.partial(run_scenarios, before_step=_stop_at(node, 2))
    monkeypatch.setattr(compliance_kit.scenarios, "run_scenarios", stopping)
    args = ["scenario", "run", str(drill), str(LIBRARY / "kyc_gate.yaml"), "--rpc-url", node.url]
    result = CliRunner().invoke(app, [*args, "--json"])
    assert result.exit_code == EXIT_ENVIRONMENT, result.output
    first, second = json.loads(result.output)["scenarios"]
    assert first["passed"] is False
    assert [t["tx"] for t in first["transactions"]] == [
        "mined", "failed", "not sent", "not sent", "not sent", "not sent"
    ]  # fmt: skip
    assert second["node_fault"].startswith("not run")
