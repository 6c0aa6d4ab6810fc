"""``compliance-kit scenario``: exit 0 when expectations hold, 1 when one fails, 2 on bad input."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from compliance_kit.cli import app
from compliance_kit.scenarios import bundled_scenarios

from .test_library import WRONG

runner = CliRunner()
KYC_GATE = str(Path(bundled_scenarios()[0]).parent / "kyc_gate.yaml")


def test_run_passes_with_exit_0() -> None:
    result = runner.invoke(app, ["scenario", "run", KYC_GATE])
    assert result.exit_code == 0, result.output
    assert "KYC gate" in result.output
    assert "1/1 scenario(s) passed" in result.output


def test_run_json_and_exit_1_on_a_failed_expectation(tmp_path: Path) -> None:
    wrong = tmp_path / "wrong.yaml"
    wrong.write_text(WRONG, encoding="utf-8")
    result = runner.invoke(app, ["scenario", "run", KYC_GATE, str(wrong), "--json"])
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert [s["passed"] for s in data["scenarios"]] == [True, False]
    assert data["scenarios"][1]["failures"][0]["step"] == 1


def test_table_names_the_failed_step(tmp_path: Path) -> None:
    wrong = tmp_path / "wrong.yaml"
    wrong.write_text(WRONG, encoding="utf-8")
    result = runner.invoke(app, ["scenario", "run", str(wrong)])
    assert result.exit_code == 1
    assert "step 1 (transfer)" in result.output
    assert "0/1 scenario(s) passed" in result.output


def test_malformed_file_raises_input_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nsteps:\n  - action: nope\n", encoding="utf-8")
    result = runner.invoke(app, ["scenario", "run", str(bad)])
    assert "unknown action 'nope'" in str(result.exception)
    assert f"{bad}:3: steps[0].action" in str(result.exception)


def test_schema_prints_json_schema() -> None:
    result = runner.invoke(app, ["scenario", "schema"])
    assert result.exit_code == 0
    assert json.loads(result.output)["title"] == "Scenario"


def test_real_process_exit_codes(tmp_path: Path) -> None:
    """Through the console entry point: one-line error and exit 2 for a malformed file."""
    import os
    import subprocess
    import sys

    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nsteps:\n  - action: mint\n    to: ghost\n    amount: '1'\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("COMPLIANCE_KIT_")}
    env["COMPLIANCE_KIT_OFFLINE"] = "1"
    done = subprocess.run(
        [sys.executable, "-m", "compliance_kit", "scenario", "run", str(bad)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 2
    assert f"error: {bad}:4: steps[0].to: unknown actor 'ghost'" in done.stderr
