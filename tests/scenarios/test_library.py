"""The bundled scenario library passes through the runner; wrong expectations fail by step."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from compliance_kit.scenarios import (
    bundled_scenarios,
    load_scenario,
    parse_scenario,
    report,
    run_scenario,
)

BUNDLED = bundled_scenarios()


def test_the_library_has_the_core_stories() -> None:
    names = {p.stem for p in BUNDLED}
    assert {
        "kyc_gate",
        "credential_expiry",
        "lawful_order",
        "secure_mint",
        "bank_run",
        "partial_freeze",
    } <= names


@pytest.mark.parametrize("path", BUNDLED, ids=[p.stem for p in BUNDLED])
def test_bundled_scenario_passes(path: Path) -> None:
    result = run_scenario(load_scenario(path))
    assert result.failures() == []
    assert result.passed
    assert len(result.steps) == len(load_scenario(path).scenario.steps)


def test_refusals_are_recorded_with_the_decoded_error() -> None:
    result = run_scenario(load_scenario(Path(BUNDLED[0]).parent / "kyc_gate.yaml"))
    refused = result.steps[1]
    assert (refused.action, refused.outcome, refused.error) == (
        "transfer",
        "refused",
        "AccountNotVerified",
    )
    assert refused.gas
    assert refused.gas > 21_000
    assert refused.detail == "AccountNotVerified(account=mallory)"
    paid = result.steps[3]
    assert paid.outcome == "ok"
    assert [name for name, _ in paid.events] == ["Transfer"]


WRONG = """
name: wrong expectations
profile: us
actors:
  alice: {tier: 1}
  mallory: null
setup:
  reserves: "1000"
  balances: {alice: "100"}
steps:
  - action: transfer
    from: alice
    to: mallory
    amount: "10"
  - action: mint
    to: alice
    amount: "1"
    expect: {revert: InsufficientReserves}
    check:
      balances: {alice: "100"}
  - action: mint
    to: alice
    amount: "2000"
    expect: {revert: InsufficientReserves, args: {amount: "2000", reserves: "999"}}
"""


def test_a_wrong_expectation_fails_and_names_the_step() -> None:
    result = run_scenario(parse_scenario(WRONG, "wrong.yaml"))
    assert not result.passed
    failures = result.failures()
    assert [(f["step"], f["action"]) for f in failures] == [
        (1, "transfer"),
        (2, "mint"),
        (2, "mint"),
        (3, "mint"),
    ]
    assert (
        "expected success, reverted with AccountNotVerified(account=mallory)"
        in failures[0]["message"]
    )
    assert "expected revert InsufficientReserves, the step succeeded" in failures[1]["message"]
    assert "balance of alice: expected 100, got 101" in failures[2]["message"]
    assert "InsufficientReserves.reserves: expected 999, got 1,000" in failures[3]["message"]
    assert [s.expectation_held for s in result.steps] == [False, False, False]


def test_an_unexpected_exception_becomes_a_failed_step() -> None:
    text = (
        WRONG.split("steps:")[0]
        + 'steps:\n  - action: mint\n    to: alice\n    amount: "0.0000001"\n'
    )
    result = run_scenario(parse_scenario(text, "precise.yaml"))
    (step,) = result.steps
    assert step.outcome == "error"
    assert not result.passed
    assert "decimal places" in step.failures[0]


def test_scenarios_start_from_the_same_base_state() -> None:
    loaded = load_scenario(Path(BUNDLED[0]).parent / "lawful_order.yaml")
    first, second = run_scenario(loaded), run_scenario(loaded)
    assert first.passed
    assert second.passed
    assert [s.gas for s in first.steps] == [s.gas for s in second.steps]


def test_json_report_shape() -> None:
    results = [
        run_scenario(load_scenario(Path(BUNDLED[0]).parent / "kyc_gate.yaml")),
        run_scenario(parse_scenario(WRONG, "wrong.yaml")),
    ]
    data = json.loads(report.as_json(results))
    assert list(data) == ["scenarios"]
    ok, bad = data["scenarios"]
    assert ok == {"name": "KYC gate", "passed": True, "steps": 8, "failures": []}
    assert set(bad) == {"name", "passed", "steps", "failures"}
    assert bad["passed"] is False
    assert bad["steps"] == 3
    assert set(bad["failures"][0]) == {"step", "action", "message"}
