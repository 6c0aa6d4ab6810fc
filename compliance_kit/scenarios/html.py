"""A self-contained HTML report of scenario results, to read in a browser or forward by mail.

    path = write_html_report(results, "reports/")  # reports/index.html

One file, no external assets and no JavaScript: inline CSS, and per scenario two PNG charts
(total supply vs attested reserves after the margin; transfers allowed vs refused by rule) drawn
with matplotlib's Agg canvas and embedded as base64 data URIs. Every piece of text is escaped.
matplotlib is the optional extra ``report`` (``pip install 'compliance-kit[report]'``) and is
imported only when a report is drawn.
"""

from __future__ import annotations

import base64
import io
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from compliance_kit.exceptions import InputError
from compliance_kit.units import format_units

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from compliance_kit.scenarios.runner import ScenarioResult, StepResult

#: actions that move tokens between holders (counted in the allowed/refused chart)
TRANSFER_ACTIONS = frozenset({"transfer", "transfer_from"})
INSTALL_HINT = "pip install 'compliance-kit[report]'"

_GREEN, _RED, _GREY, _BLUE, _AMBER = "#2e7d32", "#c62828", "#757575", "#1565c0", "#ef6c00"

_CSS = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1b1b;
margin:2rem auto;max-width:1200px;padding:0 1rem}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{margin-top:2.5rem;border-bottom:2px solid #ddd}
.meta{color:#555;margin:.2rem 0 1.2rem}.meta span{margin-right:1.5rem}
table{border-collapse:collapse;width:100%;margin:.8rem 0}
th,td{border:1px solid #ddd;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#f4f4f4}td.num{text-align:right;font-variant-numeric:tabular-nums}
.ok{color:#2e7d32}.refused{color:#ef6c00}.error,.fail{color:#c62828;font-weight:600}
.pass{color:#2e7d32;font-weight:600}.note{color:#666;font-style:italic}
.desc{white-space:pre-wrap;background:#fafafa;border-left:3px solid #ccc;padding:.5rem .8rem}
ul.failures{margin:0;padding-left:1.1rem;color:#c62828}
.charts{display:flex;flex-wrap:wrap;gap:1rem}.charts figure{margin:0;flex:1 1 480px}
.charts img{max-width:100%;border:1px solid #eee}figcaption{color:#555;font-size:.9em}
code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.92em}
@media print{h2{break-before:page}.charts figure{break-inside:avoid}}
"""


class ReportUnavailable(InputError):
    """The HTML report needs matplotlib (the ``report`` extra), which is not installed."""

    def __init__(self) -> None:
        super().__init__(
            "--report", f"the HTML report needs matplotlib, which is not installed: {INSTALL_HINT}"
        )


def require_matplotlib() -> None:
    """Raise :class:`ReportUnavailable` unless matplotlib can be imported."""
    try:
        import matplotlib  # noqa: F401
    except ImportError as exc:
        raise ReportUnavailable() from exc


def write_html_report(
    results: Sequence[ScenarioResult],
    directory: str | Path,
    *,
    generated: datetime | None = None,
) -> Path:
    """Write ``index.html`` for ``results`` into ``directory`` (created if missing); its path."""
    page = render_html(results, generated=generated)
    target = Path(directory) / "index.html"
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page, encoding="utf-8")
    except OSError as exc:
        raise InputError("--report", f"cannot write {target}: {exc.strerror or exc}") from exc
    return target


def render_html(results: Sequence[ScenarioResult], *, generated: datetime | None = None) -> str:
    """The report as one HTML document (raises :class:`ReportUnavailable` without matplotlib)."""
    require_matplotlib()
    when = (generated or datetime.now(UTC)).strftime("%Y-%m-%d %H:%M:%S %Z").strip()
    passed = sum(r.passed for r in results)
    chain_ids = sorted({str(r.chain_id) for r in results if r.chain_id is not None})
    compilers = sorted({r.compiler_version for r in results if r.compiler_version})
    meta = [
        ("Generated", when),
        ("Chain id", ", ".join(chain_ids) or "n/a"),
        ("Compiler", ", ".join(f"solc {c}" for c in compilers) or "n/a"),
        ("Result", f"{passed}/{len(results)} scenario(s) passed"),
    ]
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>Compliance scenario report</title>",
        f"<style>{_CSS}</style></head><body>",
        "<h1>Compliance scenario report</h1>",
        '<p class="meta">'
        + "".join(f"<span><b>{escape(k)}:</b> {escape(v)}</span>" for k, v in meta)
        + "</p>",
        _summary(results),
    ]
    parts.extend(_scenario_section(i, r) for i, r in enumerate(results, 1))
    parts.append("</body></html>\n")
    return "\n".join(parts)


# --- tables ----------------------------------------------------------------------------------


def _verdict(ok: bool, passed: str = "passed", failed: str = "FAILED") -> str:
    return f'<span class="pass">{passed}</span>' if ok else f'<span class="fail">{failed}</span>'


def _summary(results: Sequence[ScenarioResult]) -> str:
    rows = [
        "<tr>"
        f'<td><a href="#scenario-{i}">{escape(r.name)}</a></td>'
        f"<td>{escape(r.profile)}</td>"
        f'<td class="num">{_step_count(r)}</td>'
        f"<td>{_verdict(r.passed)}</td>"
        f'<td class="num">{r.seconds:.2f} s</td>'
        "</tr>"
        for i, r in enumerate(results, 1)
    ]
    return (
        '<table class="summary"><thead><tr><th>Scenario</th><th>Profile</th><th>Steps</th>'
        "<th>Result</th><th>Time</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
    )


def _step_count(result: ScenarioResult) -> int:
    return len([s for s in result.steps if s.index > 0])


def _scenario_section(number: int, result: ScenarioResult) -> str:
    from compliance_kit.scenarios.loader import load_scenario

    try:
        description = load_scenario(result.source).scenario.description.strip()
    except InputError:
        description = ""
    supply_png, transfers_png = _supply_chart(result), _transfers_chart(result)
    failures = len(result.failures())
    head = (
        f'<h2 id="scenario-{number}">{escape(result.name)} — {_verdict(result.passed)}</h2>'
        '<p class="meta">'
        f"<span><b>Profile:</b> {escape(result.profile)}</span>"
        f"<span><b>Source:</b> <code>{escape(result.source)}</code></span>"
        f"<span><b>Time:</b> {result.seconds:.2f} s</span>"
        f"<span><b>Failures:</b> {failures}</span></p>"
    )
    desc = f'<p class="desc">{escape(description)}</p>' if description else ""
    if result.node_fault is not None:
        desc += (
            f'<p class="fail node-fault"><b>Node fault:</b> {escape(result.node_fault)} '
            "(a transaction marked <i>unknown</i> was sent once and may or may not be mined; "
            "it was not sent again)</p>"
        )
    charts = (
        '<div class="charts">'
        + _figure(supply_png, "Total supply vs attested reserves (after margin) after each step")
        + _figure(transfers_png, "Transfers allowed vs refused, by rule")
        + "</div>"
    )
    return f'<section class="scenario">{head}{desc}{_steps_table(result)}{charts}</section>'


def _figure(png: bytes, caption: str) -> str:
    data = base64.b64encode(png).decode("ascii")
    return (
        f'<figure><img src="data:image/png;base64,{data}" alt="{escape(caption)}">'
        f"<figcaption>{escape(caption)}</figcaption></figure>"
    )


def _amount(value: int | None, decimals: int) -> str:
    return "" if value is None else escape(format_units(value, decimals))


def _rule(step: StepResult) -> str:
    """The decoded error (``Name(arg=value)``), or what the step emitted or found."""
    if step.detail:
        return step.detail
    return ", ".join(name for name, _ in step.events)


def _steps_table(result: ScenarioResult) -> str:
    rows = []
    for step in result.steps:
        note = f' <span class="note">— {escape(step.note)}</span>' if step.note else ""
        failures = (
            '<ul class="failures">'
            + "".join(f"<li>{escape(m)}</li>" for m in step.failures)
            + "</ul>"
            if step.failures
            else ""
        )
        tx = ""
        if result.node_fault is not None and step.tx is not None:
            shown = step.tx + (f" {step.tx_hash}" if step.tx_hash else "")
            tx = f" <small>[{escape(shown)}]</small>"
        rows.append(
            '<tr class="step">'
            f'<td class="num">{step.index}</td>'
            f"<td><code>{escape(step.action)}</code>{note}</td>"
            f'<td class="{escape(step.outcome)}">{escape(step.outcome)}{tx}</td>'
            f"<td><code>{escape(_rule(step))}</code></td>"
            f'<td class="num">{f"{step.gas:,}" if step.gas else ""}</td>'
            f'<td class="num">{_amount(step.supply, result.decimals)}</td>'
            f'<td class="num">{_amount(step.reserves, result.decimals)}</td>'
            f"<td>{_verdict(step.passed, '✓', '✗')}</td>"
            f"<td>{failures}</td>"
            "</tr>"
        )
    return (
        '<table class="steps"><thead><tr><th>#</th><th>Action</th><th>Outcome</th>'
        "<th>Rule / error / events</th><th>Gas</th><th>Supply after</th>"
        '<th>Reserves after margin</th><th title="expectation and checks held">✓/✗</th>'
        "<th>Failures</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
    )


# --- charts ----------------------------------------------------------------------------------


def _new_figure() -> Figure:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(6.4, 3.6), dpi=100, layout="constrained")
    FigureCanvasAgg(figure)  # the non-interactive Agg canvas; no pyplot, no global state
    return figure


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def _placeholder(figure: Figure, text: str) -> bytes:
    axes = figure.add_subplot()
    axes.set_axis_off()
    axes.text(0.5, 0.5, text, ha="center", va="center", color=_GREY, fontsize=12)
    return _png(figure)


def _supply_chart(result: ScenarioResult) -> bytes:
    """Total supply and attested reserves after the margin, after the setup and each step."""
    from matplotlib.ticker import FuncFormatter

    figure = _new_figure()
    points: list[tuple[str, int, int]] = []
    if result.baseline is not None:
        points.append(("setup", *result.baseline))
    points.extend(
        (str(s.index), s.supply, s.reserves)
        for s in result.steps
        if s.index > 0 and s.supply is not None and s.reserves is not None
    )
    if not points:
        return _placeholder(figure, "no supply or reserve data (the setup failed)")
    scale = 10**result.decimals
    x = range(len(points))
    axes = figure.add_subplot()
    axes.plot(x, [p[1] / scale for p in points], "o-", color=_BLUE, label="total supply")
    axes.plot(
        x, [p[2] / scale for p in points], "s--", color=_GREEN, label="reserves (after margin)"
    )
    refused = {str(s.index) for s in result.steps if s.outcome != "ok"}
    for i, (label, supply, _) in enumerate(points):
        if label in refused:
            axes.plot(i, supply / scale, "x", color=_RED, markersize=9, markeredgewidth=2)
    axes.set_xticks(list(x), [p[0] for p in points])
    axes.set_xlabel("after step")
    axes.set_ylabel("token units")
    axes.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
    axes.set_ylim(0, max(max(p[1], p[2]) for p in points) / scale * 1.1 or 1)
    axes.grid(alpha=0.3)
    axes.legend(loc="best", fontsize=8)
    axes.set_title("Supply vs reserves (red x: step refused or failed)", fontsize=10)
    return _png(figure)


def _transfers_chart(result: ScenarioResult) -> bytes:
    """Transfers that went through vs those refused, one bar per rule (error name)."""
    from matplotlib.ticker import MaxNLocator

    figure = _new_figure()
    transfers = [s for s in result.steps if s.action in TRANSFER_ACTIONS]
    if not transfers:
        return _placeholder(figure, "no transfers in this scenario")
    refused = Counter(s.error or "refused" for s in transfers if s.outcome == "refused")
    bars = [("allowed", sum(s.outcome == "ok" for s in transfers), _GREEN)]
    bars.extend((name, count, _RED) for name, count in sorted(refused.items()))
    not_sent = sum(s.outcome == "error" for s in transfers)
    if not_sent:
        bars.append(("could not be sent", not_sent, _GREY))
    axes = figure.add_subplot()
    y = range(len(bars))
    axes.barh(list(y), [b[1] for b in bars], color=[b[2] for b in bars])
    axes.set_yticks(list(y), [b[0] for b in bars])
    axes.invert_yaxis()
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_xlabel("transfers")
    for i, (_, count, _) in enumerate(bars):
        axes.text(count, i, f" {count}", va="center")
    axes.set_xlim(right=max(b[1] for b in bars) * 1.15 + 0.5)
    axes.set_title("Transfers allowed vs refused by rule", fontsize=10)
    return _png(figure)
