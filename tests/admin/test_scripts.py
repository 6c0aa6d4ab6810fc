"""The example scripts run as users run them, on the embedded chain."""

from __future__ import annotations

import json
import os
import runpy
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"


def _run(name: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> str:
    monkeypatch.setattr(sys, "argv", [str(SCRIPTS / name)])
    runpy.run_path(str(SCRIPTS / name), run_name="__main__")
    return capsys.readouterr().out


def test_deploy_locally_as_a_command(tmp_path):
    manifest = tmp_path / "hk.json"
    env = {k: v for k, v in os.environ.items() if not k.startswith("COMPLIANCE_KIT_RPC")}
    done = subprocess.run(
        [sys.executable, str(SCRIPTS / "deploy_local.py"), "--manifest", str(manifest)],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "deployed under the hk profile" in done.stdout
    assert json.loads(manifest.read_text())["profile_id"] == "hk"


def test_onboard_a_customer_book_and_mint(monkeypatch, capsys):
    out = _run("onboard_and_mint.py", monkeypatch, capsys)
    assert "KYC approve 4 account(s) (row 2-5)" in out
    assert "supply 1,026,250.5 DEVS" in out


def test_monthly_attestation(monkeypatch, capsys):
    out = _run("monthly_attestation.py", monkeypatch, capsys)
    assert "after 40 days: fresh=False" in out
    assert "mint refused: the reserve attestation as of" in out
    assert "fresh again: True" in out


def test_court_order(monkeypatch, capsys):
    out = _run("court_order.py", monkeypatch, capsys)
    assert "the suspect tries to pay: sender_frozen" in out
    assert "escrow holds 6,000, supply is now 6,000" in out
    assert out.count("orderRef=HK-HCMP-2026-0042") == 3


def test_daily_redemption_run(monkeypatch, capsys):
    out = _run("redemption_run.py", monkeypatch, capsys)
    assert "#0 0xBcd4042DE499D14e55001CcbB24a551F3b954096 500 (overdue)" in out
    assert "fulfil redemption 0 (payment HK-FPS-000000): late" in out
    assert "fulfil redemption 2 (payment HK-FPS-000002): on time" in out
    assert "open after the run: 0" in out
