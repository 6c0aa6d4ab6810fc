"""The solc-js adapter as py-solc-x sees it: a native-looking solc executable."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from solcx.wrapper import get_solc_version

from compliance_kit.build import SOLC_VERSION, Compiler
from compliance_kit.build.toolchain import solcjs_script
from compliance_kit.build.wasm_solc import ensure_wrapper, extract_json, main
from compliance_kit.exceptions import NodeToolchainMissing

SOLCJS_STDOUT = (
    ">>> Cannot retry compilation with SMT because there are no SMT solvers available.\n"
    '{"contracts":{},"sources":{}}\n'
)


def test_extract_json_drops_the_stray_solcjs_line() -> None:
    assert json.loads(extract_json(SOLCJS_STDOUT)) == {"contracts": {}, "sources": {}}
    with pytest.raises(ValueError, match="no JSON"):
        extract_json(">>> nothing else\n")


def test_version_is_answered_in_the_py_solc_x_format(wasm: Compiler) -> None:
    out = subprocess.run([wasm.path, "--version"], capture_output=True, text=True, check=True)
    assert out.stdout.splitlines()[-1].startswith(f"Version: {SOLC_VERSION}+commit.")
    assert str(get_solc_version(wasm.path)) == SOLC_VERSION


def test_standard_json_through_the_wrapper_parses(wasm: Compiler) -> None:
    source = (
        "// SPDX-License-Identifier: MIT\n"
        "pragma solidity ^0.8.0;\n"
        "contract A { function f() external {} }"
    )
    request = {
        "language": "Solidity",
        "sources": {"a.sol": {"content": source}},
        "settings": {"outputSelection": {"*": {"*": ["abi"]}}},
    }
    out = subprocess.run(
        [wasm.path, "--standard-json", "-", "--base-path", ".", "--allow-paths", "/tmp,/var"],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(out.stdout)
    assert result["contracts"]["a.sol"]["A"]["abi"][0]["name"] == "f"


def _adapter_args(node: str) -> list[str]:
    return ["--node", node, "--solcjs", "solc.js", "--long-version", "0.8.30+commit.73712a01"]


def test_unknown_options_are_refused_like_solc(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*_adapter_args("node"), "--combined-json", "abi"]) == 2
    assert "unrecognised option '--combined-json'" in capsys.readouterr().err


def test_missing_node_is_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*_adapter_args(str(tmp_path / "node")), "--standard-json"]) == 127
    assert "Node.js not found: install Node.js 18+" in capsys.readouterr().err


def test_node_vanishing_after_setup_raises_node_toolchain_missing(tmp_path: Path) -> None:
    node = tmp_path / "node"
    node.symlink_to(shutil.which("node") or "node")
    wrapper = ensure_wrapper(tmp_path / "bin", node=node, solcjs=solcjs_script())
    node.unlink()
    compiler = Compiler(wrapper, "0.8.30+commit.73712a01", "wasm")
    request = {"language": "Solidity", "sources": {"a.sol": {"content": "contract A {}"}}}
    with pytest.raises(NodeToolchainMissing, match=r"Node\.js not found"):
        compiler.compile_standard(request)
