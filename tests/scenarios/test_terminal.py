"""The terminal report: a progress bar over scenarios only on an interactive terminal, and what a
node fault looks like in the tables and the JSON."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from compliance_kit.cli import app
from compliance_kit.scenarios import bundled_scenarios, report
from compliance_kit.scenarios.runner import ScenarioResult, StepResult

KYC_GATE = str(Path(bundled_scenarios()[0]).parent / "kyc_gate.yaml")


def _console(terminal: bool, width: int = 100) -> tuple[Console, io.StringIO]:
    out = io.StringIO()
    return Console(file=out, force_terminal=terminal, width=width), out


def test_progress_bar_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    console, out = _console(terminal=True)
    with report.progress_bar(console) as progress:
        assert progress is not None
        progress(0, 2, "KYC gate")
        progress(1, 2, "Lawful order")
        progress(2, 2, None)
    shown = out.getvalue()
    assert "KYC gate" in shown
    assert "Lawful order" in shown
    assert "2/2" in shown


@pytest.mark.parametrize("case", ["pipe", "ci", "json"])
def test_no_progress_bar_off_a_terminal_in_ci_or_for_json(
    case: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CI", raising=False)
    if case == "ci":
        monkeypatch.setenv("CI", "true")
    console, out = _console(terminal=case != "pipe")
    with report.progress_bar(console, enabled=case != "json") as progress:
        assert progress is None
    assert out.getvalue() == ""


def test_json_output_stays_json_even_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(report, "show_progress", lambda console: True)
    result = CliRunner().invoke(app, ["scenario", "run", KYC_GATE, "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["scenarios"][0]["passed"] is True


HASH1, HASH2 = "0x" + "11" * 32, "0x" + "22" * 32


def _faulted() -> ScenarioResult:
    steps = [
        StepResult(1, "transfer", tx="mined", tx_hash=HASH1, block=41, gas=48_000),
        StepResult(
            2,
            "approve",
            outcome="error",
            tx="unknown",
            tx_hash=HASH2,
            node_fault="no JSON-RPC node answers",
            failures=["the node stopped answering: no JSON-RPC node answers; ..."],
        ),
        StepResult(3, "preflight", outcome="skipped"),
        StepResult(4, "transfer", outcome="skipped", tx="not sent"),
    ]
    return ScenarioResult(
        "drill",
        "drill.yaml",
        "us",
        steps,
        0.5,
        chain="http://127.0.0.1:8545",
        node_fault="step 2 (approve): no JSON-RPC node answers",
    )


def test_a_node_fault_in_the_table() -> None:
    console, out = _console(terminal=False, width=250)
    report.print_report([_faulted()], console)
    text = out.getvalue()
    assert "drill (us, on http://127.0.0.1:8545) — FAILED" in text
    assert "transaction" in text
    assert "mined 0x1111" in text
    assert "unknown 0x2222" in text
    assert "not sent" in text
    assert "✗ node fault: step 2 (approve): no JSON-RPC node answers" in text
    assert "0/1 scenario(s) passed" in text
    assert "the node stopped answering" in text


def test_a_node_fault_in_the_json() -> None:
    (data,) = report.as_dict([_faulted()])["scenarios"]
    assert data["passed"] is False
    assert data["node_fault"] == "step 2 (approve): no JSON-RPC node answers"
    assert data["transactions"] == [
        {"step": 1, "action": "transfer", "tx": "mined", "tx_hash": "0x" + "11" * 32, "block": 41},
        {
            "step": 2,
            "action": "approve",
            "tx": "unknown",
            "tx_hash": "0x" + "22" * 32,
            "block": None,
        },
        {"step": 3, "action": "preflight", "tx": None, "tx_hash": None, "block": None},
        {"step": 4, "action": "transfer", "tx": "not sent", "tx_hash": None, "block": None},
    ]


def test_a_node_fault_in_the_html_report() -> None:
    pytest.importorskip("matplotlib")
    from compliance_kit.scenarios.html import render_html

    page = render_html([_faulted()])
    assert "<b>Node fault:</b> step 2 (approve): no JSON-RPC node answers" in page
    assert f"[unknown {HASH2}]" in page
    assert f"[mined {HASH1}]" in page
    assert "[not sent]" in page
