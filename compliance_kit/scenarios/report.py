"""Scenario results for people (a rich table per scenario) and for machines (JSON).

JSON shape::

    {"scenarios": [{"name": "KYC gate", "passed": true, "steps": 8, "failures": [
        {"step": 2, "action": "transfer", "message": "expected success, reverted with ..."}]}]}
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console

    from compliance_kit.scenarios.runner import ScenarioResult, StepResult


def as_dict(results: list[ScenarioResult]) -> dict[str, Any]:
    """The JSON report as a dict (``steps`` counts the scenario's steps)."""
    return {
        "scenarios": [
            {
                "name": r.name,
                "passed": r.passed,
                "steps": len([s for s in r.steps if s.index > 0]),
                "failures": r.failures(),
            }
            for r in results
        ]
    }


def as_json(results: list[ScenarioResult]) -> str:
    """The JSON report."""
    return json.dumps(as_dict(results))


def _rule(step: StepResult) -> str:
    """The decoded error, or what the step emitted / found."""
    if step.detail:
        return step.detail
    return ", ".join(name for name, _ in step.events)


def print_report(results: list[ScenarioResult], console: Console | None = None) -> None:
    """One table per scenario: step, action, outcome, rule/error, gas, ✓/✗, then the failures."""
    from rich.console import Console
    from rich.table import Table

    console = console or Console()
    for result in results:
        verdict = "[green]passed[/]" if result.passed else "[red]FAILED[/]"
        table = Table(
            title=f"{result.name} ({result.profile}) — {verdict} in {result.seconds:.2f}s",
            title_justify="left",
        )
        for column in ("#", "action", "outcome", "rule / error / events", "gas", ""):
            table.add_column(
                column, overflow="fold", justify="right" if column == "gas" else "left"
            )
        for step in result.steps:
            style = {"ok": "green", "refused": "yellow"}.get(step.outcome, "red")
            action = step.action + (f" — {step.note}" if step.note else "")
            table.add_row(
                str(step.index),
                action,
                f"[{style}]{step.outcome}[/]",
                _rule(step),
                f"{step.gas:,}" if step.gas else "",
                "[green]✓[/]" if step.passed else "[red]✗[/]",
            )
        console.print(table)
        for failure in result.failures():
            console.print(
                f"  [red]✗ step {failure['step']} ({failure['action']}):[/] {failure['message']}"
            )
    passed = sum(r.passed for r in results)
    console.print(f"{passed}/{len(results)} scenario(s) passed")
