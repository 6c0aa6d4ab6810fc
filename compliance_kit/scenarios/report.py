"""Scenario results for people (a rich table per scenario, a progress bar while they run) and
for machines (JSON).

JSON shape::

    {"scenarios": [{"name": "KYC gate", "passed": true, "steps": 8, "failures": [
        {"step": 2, "action": "transfer", "message": "expected success, reverted with ..."}]}]}

A scenario stopped by a node fault also has ``"node_fault"`` (what happened) and
``"transactions"``: ``{"step", "action", "tx", "tx_hash", "block"}`` per step, ``tx`` being
``mined``, ``failed``, ``unknown`` (sent, no receipt: it may or may not be mined) or
``not sent`` (null for steps that send nothing).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console

    from compliance_kit.scenarios.runner import Progress, ScenarioResult, StepResult


def as_dict(results: list[ScenarioResult]) -> dict[str, Any]:
    """The JSON report as a dict (``steps`` counts the scenario's steps)."""
    return {"scenarios": [_scenario_dict(r) for r in results]}


def _scenario_dict(result: ScenarioResult) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": result.name,
        "passed": result.passed,
        "steps": len([s for s in result.steps if s.index > 0]),
        "failures": result.failures(),
    }
    if result.node_fault is not None:
        data["node_fault"] = result.node_fault
        data["transactions"] = [
            {
                "step": s.index,
                "action": s.action,
                "tx": s.tx,
                "tx_hash": s.tx_hash,
                "block": s.block,
            }
            for s in result.steps
        ]
    return data


def as_json(results: list[ScenarioResult]) -> str:
    """The JSON report."""
    return json.dumps(as_dict(results))


def _rule(step: StepResult) -> str:
    """The decoded error, or what the step emitted / found."""
    if step.detail:
        return step.detail
    return ", ".join(name for name, _ in step.events)


#: how each ``StepResult.tx`` reads in the table
_TX_STYLES = {"mined": "green", "failed": "red", "unknown": "bold magenta", "not sent": "dim"}


def _tx(step: StepResult) -> str:
    if step.tx is None:
        return ""
    text = f"[{_TX_STYLES.get(step.tx, 'red')}]{step.tx}[/]"
    if step.tx_hash:
        text += f" {step.tx_hash}"
    if step.block is not None:
        text += f" (block {step.block})"
    return text


def print_report(results: list[ScenarioResult], console: Console | None = None) -> None:
    """One table per scenario: step, action, outcome, rule/error, gas, ✓/✗, then the failures.
    A scenario stopped by a node fault also shows what became of each step's transaction."""
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    console = console or Console()
    for result in results:
        verdict = "[green]passed[/]" if result.passed else "[red]FAILED[/]"
        where = "" if result.chain == "embedded" else f", on {escape(result.chain)}"
        table = Table(
            title=f"{result.name} ({result.profile}{where}) — {verdict} in {result.seconds:.2f}s",
            title_justify="left",
        )
        faulted = result.node_fault is not None
        columns = ["#", "action", "outcome", "rule / error / events", "gas", ""]
        if faulted:
            columns.insert(5, "transaction")
        for column in columns:
            table.add_column(
                column, overflow="fold", justify="right" if column == "gas" else "left"
            )
        for step in result.steps:
            style = {"ok": "green", "refused": "yellow", "skipped": "dim"}.get(step.outcome, "red")
            action = step.action + (f" — {step.note}" if step.note else "")
            cells = [
                str(step.index),
                action,
                f"[{style}]{step.outcome}[/]",
                _rule(step),
                f"{step.gas:,}" if step.gas else "",
                "" if step.outcome == "skipped" else "[green]✓[/]" if step.passed else "[red]✗[/]",
            ]
            if faulted:
                cells.insert(5, _tx(step))
            table.add_row(*cells)
        console.print(table)
        for failure in result.failures():
            console.print(
                f"  [red]✗ step {failure['step']} ({failure['action']}):[/] {failure['message']}"
            )
        if faulted:
            console.print(f"  [red]✗ node fault:[/] {escape(str(result.node_fault))}")
    passed = sum(r.passed for r in results)
    console.print(f"{passed}/{len(results)} scenario(s) passed")
    faults = [r for r in results if r.node_fault is not None]
    if faults:
        console.print(
            f"[red]the node stopped answering[/]: {len(faults)} scenario(s) stopped or not run; "
            "a transaction marked unknown was sent once and may or may not be mined "
            "(it was not sent again)"
        )


def show_progress(console: Console) -> bool:
    """Whether a progress bar belongs on ``console``: an interactive terminal, not a CI log."""
    return console.is_terminal and not console.is_dumb_terminal and not os.environ.get("CI")


@contextmanager
def progress_bar(
    console: Console | None = None, *, enabled: bool = True
) -> Iterator[Progress | None]:
    """A rich progress bar over scenarios, on ``console`` (default: stderr) when it is an
    interactive terminal (:func:`show_progress`) and ``enabled``; yields the runner's
    ``progress`` callback, or None when no bar is shown. The bar disappears once done."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    console = console or Console(stderr=True)
    if not enabled or not show_progress(console):
        yield None
        return
    columns = (
        SpinnerColumn(),
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("scenarios", total=None)

        def update(done: int, total: int, name: str | None) -> None:
            description = name or "done"
            bar.update(task, total=total, completed=done, description=description, refresh=True)

        yield update
