"""The HTML scenario report: one self-contained file, summary, step rows, PNG charts, escaping."""

from __future__ import annotations

import base64
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from compliance_kit.cli import app
from compliance_kit.exceptions import InputError
from compliance_kit.scenarios import bundled_scenarios, load_scenario, run_scenario
from compliance_kit.scenarios.html import ReportUnavailable, write_html_report
from compliance_kit.scenarios.runner import ScenarioResult

LIBRARY = Path(bundled_scenarios()[0]).parent
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
FAILURE = "event <Evil&Co> not emitted (emitted: Transfer)"
HOSTILE = """
name: Escaping <b>check</b> & co
description: "<script>alert(1)</script>"
profile: us
actors:
  alice: {tier: 1}
  bob: {tier: 1}
setup:
  reserves: "1000"
  balances: {alice: "100"}
steps:
  - action: transfer
    note: "a & b <i>"
    from: alice
    to: bob
    amount: "10"
    check:
      events: ["<Evil&Co>"]
"""


class _Report(HTMLParser):
    """Collects the summary rows, each scenario's step rows and its chart images."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[tuple[str, list[list[str]]]] = []
        self.sections: list[dict[str, list[str]]] = []
        self._cell: list[str] | None = None
        self._row: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = dict(attrs)
        if tag == "section":
            self.sections.append({"imgs": []})
        elif tag == "table":
            self.tables.append((attr.get("class") or "", []))
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "img":
            self.sections[-1]["imgs"].append(attr["src"] or "")
        elif tag in ("script", "link", "iframe"):
            raise AssertionError(f"unexpected <{tag}> in a self-contained report")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.tables[-1][1].append(self._row)
            self._row = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> list[ScenarioResult]:
    hostile = tmp_path_factory.mktemp("hostile") / "hostile.yaml"
    hostile.write_text(HOSTILE, encoding="utf-8")
    paths = [LIBRARY / "kyc_gate.yaml", LIBRARY / "secure_mint.yaml", hostile]
    return [run_scenario(load_scenario(p)) for p in paths]


def _parse(path: Path) -> _Report:
    parser = _Report()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser


def test_report_has_summary_steps_and_png_charts(
    results: list[ScenarioResult], tmp_path: Path
) -> None:
    path = write_html_report(results, tmp_path / "out")
    assert path == tmp_path / "out" / "index.html"
    report = _parse(path)

    summary = next(rows for cls, rows in report.tables if cls == "summary")
    assert summary[0] == ["Scenario", "Profile", "Steps", "Result", "Time"]
    assert [(row[0], row[1], row[3]) for row in summary[1:]] == [
        ("KYC gate", "us", "passed"),
        ("Secure mint and stale attestation", "hk", "passed"),
        ("Escaping <b>check</b> & co", "us", "FAILED"),
    ]
    assert [int(row[2]) for row in summary[1:]] == [len(r.steps) for r in results]

    step_tables = [rows for cls, rows in report.tables if cls == "steps"]
    assert len(step_tables) == len(report.sections) == 3
    prefix = "data:image/png;base64,"
    for result, rows, section in zip(results, step_tables, report.sections, strict=True):
        assert [int(row[0]) for row in rows[1:]] == [s.index for s in result.steps]
        assert len(section["imgs"]) == 2
        for src in section["imgs"]:
            assert src.startswith(prefix)
            assert base64.b64decode(src[len(prefix) :], validate=True).startswith(PNG_SIGNATURE)

    kyc = step_tables[0]
    refused = kyc[2]  # step 2: the transfer to the unverified wallet
    assert refused[1] == "transfer"
    assert refused[2] == "refused"
    assert refused[3] == "AccountNotVerified(account=mallory)"
    assert refused[7] == "✓"
    mint = step_tables[1][2]  # decoded amounts, in token units
    assert "InsufficientReserves(" in mint[3]
    assert "amount=200,000" in mint[3]


def test_text_is_escaped_and_failures_are_shown(
    results: list[ScenarioResult], tmp_path: Path
) -> None:
    html = write_html_report(results, tmp_path).read_text(encoding="utf-8")
    assert results[2].failures()[0]["message"] == FAILURE
    assert "event &lt;Evil&amp;Co&gt; not emitted" in html
    assert "<Evil" not in html
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "a &amp; b &lt;i&gt;" in html
    hostile = [rows for cls, rows in _parse(tmp_path / "index.html").tables if cls == "steps"][2]
    assert (hostile[1][7], hostile[1][8]) == ("✗", FAILURE)


def test_header_names_chain_and_compiler(results: list[ScenarioResult], tmp_path: Path) -> None:
    html = write_html_report(results[:1], tmp_path).read_text(encoding="utf-8")
    assert f"<b>Chain id:</b> {results[0].chain_id}" in html
    assert f"solc {results[0].compiler_version}" in html
    assert "1/1 scenario(s) passed" in html


def test_missing_matplotlib_names_the_extra(
    results: list[ScenarioResult], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with pytest.raises(ReportUnavailable, match=r"pip install 'compliance-kit\[report\]'") as info:
        write_html_report(results, tmp_path)
    assert isinstance(info.value, InputError)
    assert not (tmp_path / "index.html").exists()


def test_cli_report_keeps_stdout_json(tmp_path: Path) -> None:
    import json

    out = tmp_path / "report"
    runner = CliRunner()
    args = ["scenario", "run", str(LIBRARY / "kyc_gate.yaml"), "--json", "--report", str(out)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["scenarios"][0]["passed"] is True
    assert f"HTML report: {out / 'index.html'}" in result.stderr
    report = _parse(out / "index.html")
    assert len(report.sections) == 1
    assert len(report.sections[0]["imgs"]) == 2


def test_cli_report_without_json_prints_path(tmp_path: Path) -> None:
    runner = CliRunner()
    args = ["scenario", "run", str(LIBRARY / "kyc_gate.yaml"), "--report", str(tmp_path)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert f"HTML report: {tmp_path / 'index.html'}" in result.stdout
