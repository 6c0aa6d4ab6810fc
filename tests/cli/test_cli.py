"""The command line, run as users run it: a real process, real exit codes, one-line errors."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from compliance_kit.scenarios import bundled_scenarios


@pytest.fixture(scope="session")
def cli_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COMPLIANCE_KIT_")}
    env["COMPLIANCE_KIT_CACHE_DIR"] = str(tmp_path_factory.mktemp("cli-cache"))
    env["COMPLIANCE_KIT_OFFLINE"] = "1"
    return env


def run_cli(env: dict[str, str], *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "compliance_kit", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def assert_one_line_error(result: subprocess.CompletedProcess, code: int, *fragments: str) -> None:
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    for fragment in fragments:
        assert fragment in lines[0]


def test_help_lists_the_commands(cli_env):
    result = run_cli(cli_env, "--help")
    assert result.returncode == 0
    for command in ("compile", "demo", "chain", "bench"):
        assert command in result.stdout


def test_importing_the_cli_does_not_import_web3():
    code = "import sys, compliance_kit.cli; sys.exit('web3' in sys.modules or 'eth' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_version(cli_env):
    result = run_cli(cli_env, "--version")
    assert result.returncode == 0
    assert result.stdout.startswith("compliance-kit ")


def test_unknown_command_is_a_usage_error(cli_env):
    result = run_cli(cli_env, "frobnicate")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_compile_json_reports_the_stamped_compiler(cli_env):
    first = json.loads(run_cli(cli_env, "compile", "--json").stdout)
    second = json.loads(run_cli(cli_env, "compile", "--json").stdout)
    names = {c["contract"] for c in first["contracts"]}
    assert "PlainERC20" in names
    assert all(c["compiler"].startswith("0.8.30+commit.") for c in first["contracts"])
    assert second["from_cache"] is True
    assert second["contracts"] == first["contracts"]


def test_chain_info_on_the_embedded_chain(cli_env):
    info = json.loads(run_cli(cli_env, "chain", "info", "--json").stdout)
    assert info["backend"] == "Embedded"
    assert info["block"] == 0
    assert info["accounts"][0] == "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"


def test_balance_of_a_funded_dev_account(cli_env):
    address = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8"
    result = json.loads(run_cli(cli_env, "chain", "balance", address, "--json").stdout)
    assert result == {
        "address": "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
        "wei": str(10**6 * 10**18),
    }


@pytest.mark.parametrize(
    ("address", "fragment"),
    [
        ("0x1234", "40 hex digits"),
        ("0x70997970c51812dc3A010C7d01b50e0d17dc79C8", "checksum"),
    ],
)
def test_malformed_address_is_one_line_naming_the_field(cli_env, address, fragment):
    result = run_cli(cli_env, "chain", "balance", address)
    assert_one_line_error(result, 2, "address:", fragment)


def test_wrong_chain_id_is_refused(cli_env):
    result = run_cli(cli_env, "chain", "info", "--chain-id", "1")
    assert_one_line_error(result, 3, "expected 1")


def test_unreachable_rpc_url_is_one_actionable_line(cli_env):
    url = f"http://127.0.0.1:{closed_port()}"
    result = run_cli(cli_env, "chain", "info", "--rpc-url", url)
    assert_one_line_error(result, 3, url)


def test_rpc_url_from_the_environment_is_used(cli_env):
    url = f"http://127.0.0.1:{closed_port()}"
    result = run_cli({**cli_env, "COMPLIANCE_KIT_RPC_URL": url}, "chain", "info")
    assert_one_line_error(result, 3, url)


@pytest.mark.parametrize("url", ["not a url", "ftp://127.0.0.1:8545"])
def test_malformed_rpc_url_names_the_field(cli_env, url):
    result = run_cli(cli_env, "chain", "info", "--rpc-url", url)
    assert_one_line_error(result, 2, "rpc_url")


def test_missing_node_is_one_actionable_line(cli_env, tmp_path):
    venv_bin = str(Path(sys.executable).parent)
    env = {**cli_env, "PATH": venv_bin, "COMPLIANCE_KIT_CACHE_DIR": str(tmp_path)}
    result = run_cli(env, "compile")
    assert_one_line_error(result, 3, "Node.js")


def test_debug_shows_the_traceback(cli_env):
    url = f"http://127.0.0.1:{closed_port()}"
    result = run_cli(cli_env, "--debug", "chain", "info", "--rpc-url", url)
    assert result.returncode != 0
    assert "Traceback" in result.stderr


def test_demo_runs_the_main_job(cli_env):
    result = run_cli({**cli_env, "COLUMNS": "250"}, "demo")  # wide enough that no cell wraps
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "AccountNotVerified(account=mallory)" in out  # the KYC gate, decoded
    assert "preflight: 5" in out  # ERC-1404 predicted the same refusal
    assert "Frozen(account=bob, orderRef=HK-HCMP-2026-0042)" in out  # the lawful order's event
    assert "KycExpired(account=alice" in out  # expiry after time travel
    assert "InsufficientReserves(supply=10,000, amount=5,000, reserves=12,000)" in out
    assert "RedemptionFulfilled(id=0, paymentRef=HK-FPS-0001, late=false)" in out
    assert "8,249.5" in out  # alice: 10,000 minted, 1,250.50 paid to bob, 500 redeemed
    count = len(bundled_scenarios())
    assert f"{count}/{count} scenario(s) passed" in out  # the bundled library


def test_bench_throughput_prints_the_documented_json(cli_env):
    result = run_cli(cli_env, "bench", "throughput", "--transfers", "10", "--json")
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    assert figures["transfers"] == 10
    for key in ("naive_tx_per_s", "kit_tx_per_s", "ratio", "kit_batched_tx_per_s"):
        assert figures[key] > 0
    assert figures["ratio"] == pytest.approx(
        figures["kit_tx_per_s"] / figures["naive_tx_per_s"], rel=0.05
    )


def test_bench_rejects_a_bad_transfer_count(cli_env):
    result = run_cli(cli_env, "bench", "throughput", "--transfers", "-5")
    assert result.returncode == 2
