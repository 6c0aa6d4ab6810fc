"""Slither on contracts/token and contracts/reserves: the gate of docs/security.md.

One real run per module (about 10 s; the first run on a machine also installs the pinned Slither
into its own virtualenv under the cache directory, about 20 s more, from PyPI).
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from compliance_kit.analysis import slither as analysis
from compliance_kit.analysis.slither import (
    ANALYSED_DIRS,
    GATED,
    IMPACTS,
    SLITHER_VERSION,
    Finding,
    Report,
    load_accepted,
    run_slither,
)
from compliance_kit.build import SOLC_VERSION

#: where the analysed contracts live (compliance_kit.analysis.slither.ANALYSED_DIRS)
ANALYSED_PREFIXES = tuple(f"contracts/{d}/" for d in ANALYSED_DIRS)

REPO = Path(__file__).resolve().parents[2]
CONFIG = REPO / "slither.config.json"
DOCS = REPO / "docs" / "security.md"


@pytest.fixture(scope="module")
def report() -> Report:
    """The real analysis, run once for the module."""
    return run_slither(CONFIG, root=REPO)


def test_no_unjustified_high_or_medium_findings(report: Report) -> None:
    unjustified = [f"{f.impact} {f.check}: {f.headline}" for f in report.unjustified]
    assert unjustified == [], "justify in docs/security.md + slither.config.json, or fix"


def test_every_accepted_finding_still_occurs(report: Report) -> None:
    assert [entry.label() for entry in report.stale] == []


def test_the_build_toolchain_and_sources_were_analysed(report: Report) -> None:
    tool = report.tool
    assert tool["slither"] == SLITHER_VERSION
    assert tool["solc"].startswith(f"{SOLC_VERSION}+")
    assert (tool["optimizer_runs"], tool["evm_version"]) == (200, "prague")
    assert "contracts/token/ComplianceStablecoin.sol" in tool["sources"]
    assert "contracts/reserves/ReserveAttestor.sol" in tool["sources"]
    assert all(s.startswith(ANALYSED_PREFIXES) for s in tool["sources"])


def test_findings_concern_the_analysed_contracts_only(report: Report) -> None:
    assert report.findings, "Slither reported nothing: the include_paths filter is suspect"
    for result in report.results:
        files = [
            e.get("source_mapping", {}).get("filename_relative", "") for e in result["elements"]
        ]
        assert any(f.startswith(ANALYSED_PREFIXES) for f in files), files


def test_every_accepted_finding_is_justified_in_the_docs() -> None:
    text = DOCS.read_text(encoding="utf-8")
    for entry in load_accepted(CONFIG):
        assert entry.reason
        assert f"`{entry.check}`" in text, entry.label()
        assert entry.contract in text, entry.label()


def test_findings_are_located_by_contract_function_and_variable(report: Report) -> None:
    local = next(f for f in report.findings if f.check == "uninitialized-local")
    assert (local.contract, local.variable) == ("ReserveAttestor", "sum")
    assert local.function == "_requireComposition(IReserveAttestorTypes.Bucket[],uint256)"
    assert local.file == "contracts/reserves/ReserveAttestor.sol"


def test_gate_fails_on_unlisted_findings_and_stale_entries(report: Report) -> None:
    gated = [f for f in report.findings if f.impact in GATED]
    unlisted = replace(report, accepted=[])
    assert unlisted.unjustified == gated
    assert not unlisted.passed
    moved = [replace(f, function="elsewhere()") for f in report.findings]
    stale = replace(report, findings=moved)
    assert len(stale.stale) == len(report.accepted)
    assert not stale.passed


def test_main_prints_by_impact_writes_the_report_and_sets_the_exit_code(
    report: Report,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    outcome = {"report": report}
    monkeypatch.setattr(analysis, "run_slither", lambda config, root: outcome["report"])
    path = tmp_path / "out" / "slither.json"
    assert analysis.main(["--report", str(path)]) == 0
    printed = capsys.readouterr().out
    headers = [line.split(":")[0] for line in printed.splitlines() if line in _headers(report)]
    assert headers == list(IMPACTS)
    written = json.loads(path.read_text())
    assert written["counts"] == report.counts()
    assert written["gate"]["passed"] is True
    assert len(written["results"]["detectors"]) == len(report.findings)

    outcome["report"] = replace(report, accepted=[])
    assert analysis.main(["--report", str(path)]) == 1
    assert "[UNJUSTIFIED]" in capsys.readouterr().out
    assert json.loads(path.read_text())["gate"]["passed"] is False


def test_a_malformed_allowlist_entry_is_a_setup_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "slither.config.json"
    config.write_text(json.dumps({"accepted_findings": [{"check": "unused-return"}]}))
    assert analysis.main(["--config", str(config), "--report", str(tmp_path / "r.json")]) == 2
    assert "lacks contract, reason, function" in capsys.readouterr().err


def test_finding_from_a_result_without_elements() -> None:
    finding = Finding.from_result(
        {"check": "pragma", "impact": "Informational", "confidence": "High", "elements": []}
    )
    assert (finding.contract, finding.function, finding.file) == (None, None, None)
    assert finding.headline == "pragma"


def _headers(report: Report) -> set[str]:
    return {f"{impact}: {count}" for impact, count in report.counts().items()}
