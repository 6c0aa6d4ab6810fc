"""Gas regressions: every operation of ``bench gas`` stays within 2% of the committed snapshot.

``UPDATE_GAS_SNAPSHOT=1 pytest tests/bench`` rewrites ``bench/gas-snapshot.json`` instead.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

SNAPSHOT = Path(__file__).resolve().parents[2] / "bench" / "gas-snapshot.json"
#: how far above its snapshot an operation's gas may rise
TOLERANCE = 0.02


@pytest.fixture(scope="module")
def measured() -> dict[str, Any]:
    """One in-process run of the gas bench (compiles the kit's contracts, cached)."""
    from compliance_kit.bench import gas

    return gas.as_dict(gas.run())


def gas_by_operation(figures: dict[str, Any]) -> dict[str, int]:
    return {row["operation"]: row["gas"] for row in figures["rows"]}


def compare(committed: dict[str, int], now: dict[str, int]) -> tuple[list[str], list[str]]:
    """(every difference as a line, the lines that fail the check)."""
    changes, failures = [], []
    for operation, before in committed.items():
        after = now.get(operation)
        if after is None:
            line = f"{operation}: in the snapshot ({before:,}) but no longer measured"
        elif after != before:
            line = f"{operation}: {before:,} -> {after:,} ({(after - before) / before:+.2%})"
        else:
            continue
        changes.append(line)
        if after is None or after > before * (1 + TOLERANCE):
            failures.append(line)
    changes += [f"{op}: new, {gas:,}" for op, gas in now.items() if op not in committed]
    return changes, failures


def test_gas_stays_within_2_percent_of_the_snapshot(measured: dict[str, Any]) -> None:
    if os.environ.get("UPDATE_GAS_SNAPSHOT") == "1":
        SNAPSHOT.write_text(json.dumps(measured, indent=2) + "\n")
        print(f"gas snapshot rewritten: {SNAPSHOT}")
        return
    if not SNAPSHOT.exists():
        pytest.fail(f"no gas snapshot at {SNAPSHOT}: record one with UPDATE_GAS_SNAPSHOT=1")
    committed = gas_by_operation(json.loads(SNAPSHOT.read_text()))
    changes, failures = compare(committed, gas_by_operation(measured))
    print("gas vs snapshot:\n  " + ("\n  ".join(changes) or "unchanged"))
    assert not failures, (
        f"gas rose more than {TOLERANCE:.0%} above {SNAPSHOT.name} or went missing:\n  "
        + "\n  ".join(failures)
        + "\nIf intended, re-record with UPDATE_GAS_SNAPSHOT=1."
    )


def test_compare_flags_rises_above_the_tolerance_and_missing_operations() -> None:
    _, failures = compare(
        {"transfer": 10_000, "mint": 10_000, "freeze": 10_000},
        {"transfer": 10_200, "mint": 10_201},
    )
    assert failures == [
        "mint: 10,000 -> 10,201 (+2.01%)",
        "freeze: in the snapshot (10,000) but no longer measured",
    ]


@pytest.fixture(scope="module")
def cli_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COMPLIANCE_KIT_")}
    env["COMPLIANCE_KIT_CACHE_DIR"] = str(tmp_path_factory.mktemp("cli-cache"))
    env["COMPLIANCE_KIT_OFFLINE"] = "1"
    return env


def test_bench_gas_json_via_the_cli(cli_env: dict[str, str], measured: dict[str, Any]) -> None:
    from compliance_kit.bench.gas import OPERATIONS

    result = subprocess.run(
        [sys.executable, "-m", "compliance_kit", "bench", "gas", "--json"],
        env=cli_env,
        capture_output=True,
        text=True,
        timeout=300,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    assert list(figures) == ["rows"]
    assert [row["operation"] for row in figures["rows"]] == list(OPERATIONS)
    for row in figures["rows"]:
        assert set(row) == {"operation", "gas", "oz_gas", "ratio"}
        assert isinstance(row["gas"], int)
        assert row["gas"] > 21_000
        if row["oz_gas"] is None:
            assert row["ratio"] is None
        else:
            assert row["ratio"] == round(row["gas"] / row["oz_gas"], 3)
    assert figures == measured  # deterministic: another process, a fresh build, the same gas


def test_reserve_and_redemption_rows(measured: dict[str, Any]) -> None:
    """The reserve and redemption rows come last, with no OpenZeppelin counterpart; ``mint`` pays
    for the reserve check that ``mint_ungated`` skips (at least a cold account and a cold slot)."""
    rows = {row["operation"]: row for row in measured["rows"]}
    new = [
        "mint_ungated",
        "attest_reserves",
        "attest_reserves_signed",
        "redeem",
        "fulfill_redemption",
    ]
    assert [row["operation"] for row in measured["rows"]][-len(new) :] == new
    for operation in new:
        assert rows[operation]["oz_gas"] is None
        assert rows[operation]["ratio"] is None
    assert rows["mint"]["gas"] - rows["mint_ungated"]["gas"] >= 2_600 + 2_100
    assert rows["attest_reserves_signed"]["gas"] > rows["attest_reserves"]["gas"]
