"""compile_contracts end to end through the real solc-js (wasm) compiler, and the cache."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

from compliance_kit.build import SOLC_VERSION, Compiler, compile_contracts, project
from compliance_kit.build.artifacts import from_payload
from compliance_kit.build.cache import load, store
from compliance_kit.exceptions import CompilationError

TINY = "// SPDX-License-Identifier: MIT\npragma solidity ^0.8.24;\n\ncontract Tiny {\n{body}\n}\n"


def _tiny_project(tmp_path: Path, body: str, name: str = "tiny") -> Path:
    root = tmp_path / name
    root.mkdir()
    (root / "Tiny.sol").write_text(TINY.replace("{body}", body))
    return root


def test_cold_compile_goes_through_wasm_and_stamps_the_version(cold: Any) -> None:
    artifacts = cold.artifacts
    assert not artifacts.from_cache
    assert artifacts.compiler_kind == "wasm"
    assert artifacts.compiler_version.startswith(f"{SOLC_VERSION}+commit.")
    expected = {"FixtureToken", "FixtureVault", "Fees", "PlainERC20", "ERC20", "IERC20"}
    assert expected <= set(artifacts)
    for artifact in artifacts.values():
        assert artifact.compiler_version == artifacts.compiler_version
        assert artifact.input_hash == artifacts.input_hash
    token = artifacts["FixtureToken"]
    assert token.source == "token/Token.sol"
    assert token.bytecode
    assert token.deployed_bytecode
    assert token.method_identifiers["transfer(address,uint256)"] == "a9059cbb"
    assert [s["label"] for s in token.storage_layout["storage"]][:2] == ["_balances", "_allowances"]
    assert artifacts["IERC20"].bytecode == b""


def test_plain_erc20_is_the_bare_oz_token(cold: Any) -> None:
    plain = cold.artifacts["PlainERC20"]
    assert plain.source == "contracts/bench/PlainERC20.sol"
    constructor = next(item for item in plain.abi if item["type"] == "constructor")
    assert [i["type"] for i in constructor["inputs"]] == ["string", "string", "uint256"]
    functions = {item["name"] for item in plain.abi if item["type"] == "function"}
    assert "mint" not in functions
    assert {"transfer", "approve", "transferFrom", "balanceOf"} <= functions


def test_lookup_by_name_or_qualified_name_and_helpful_key_error(cold: Any) -> None:
    artifacts = cold.artifacts
    assert artifacts["token/Token.sol:FixtureToken"] is artifacts["FixtureToken"]
    with pytest.raises(KeyError, match=r"'Nope'.*available: .*FixtureToken"):
        artifacts["Nope"]
    errors = {e["name"] for abi in artifacts.abis() for e in abi if e["type"] == "error"}
    assert {"ERC20InsufficientBalance", "NothingToSweep"} <= errors


def test_warm_compile_is_a_cache_hit_without_processes(
    cold: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def forbidden(*args: object, **kwargs: object) -> None:
        raise AssertionError("a cache hit must not start a process or resolve a compiler")

    monkeypatch.setattr(subprocess, "Popen", forbidden)
    monkeypatch.setattr(project, "resolve_compiler", forbidden)
    started = time.perf_counter()
    warm = compile_contracts(cold.roots, cache_dir=cold.cache_dir)
    elapsed = time.perf_counter() - started
    assert elapsed < 0.5, f"warm compile took {elapsed:.3f}s"
    assert warm.from_cache
    assert warm.input_hash == cold.artifacts.input_hash
    assert (warm.compiler_version, warm.compiler_kind) == (cold.artifacts.compiler_version, "wasm")
    assert warm["PlainERC20"] == cold.artifacts["PlainERC20"]
    assert warm["PlainERC20"].compiler_version == cold.artifacts.compiler_version


def test_syntax_error_reports_file_and_line(tmp_path: Path, wasm: Compiler) -> None:
    root = _tiny_project(tmp_path, "    function f() external pure { uint256 x = ; }", "broken")
    with pytest.raises(CompilationError) as info:
        compile_contracts([root], cache_dir=tmp_path / "cache", compiler=wasm)
    (diagnostic,) = info.value.diagnostics
    assert (diagnostic.file, diagnostic.line, diagnostic.error_type) == (
        "broken/Tiny.sol",
        5,
        "ParserError",
    )
    assert diagnostic.column == 46
    assert "broken/Tiny.sol:5:46: ParserError" in str(info.value)
    assert not list((tmp_path / "cache").rglob("*.json")), "failed compiles must not be cached"


def test_corrupt_cache_entry_is_a_miss_and_gets_rewritten(tmp_path: Path, wasm: Compiler) -> None:
    root = _tiny_project(tmp_path, "    uint256 public x = 1;")
    cache_dir = tmp_path / "cache"
    first = compile_contracts([root], cache_dir=cache_dir, compiler=wasm)
    (entry,) = (cache_dir / "artifacts").glob("*.json")
    entry.write_text(entry.read_text()[:100])
    assert load(cache_dir, first.input_hash) is None
    again = compile_contracts([root], cache_dir=cache_dir, compiler=wasm)
    assert not again.from_cache
    assert again["Tiny"].bytecode == first["Tiny"].bytecode
    assert compile_contracts([root], cache_dir=cache_dir).from_cache


def test_malformed_payloads_are_misses(tmp_path: Path) -> None:
    store(tmp_path, "k" * 64, {"compiler_version": "x", "contracts": [{"name": "A"}]})
    payload = load(tmp_path, "k" * 64)
    assert payload is not None
    assert from_payload(payload) is None
    assert load(tmp_path, "j" * 64) is None
