"""Locating node_modules, anvil and the kit's own contracts."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from compliance_kit.build import SOLC_VERSION, project_contract_dirs
from compliance_kit.build.toolchain import anvil_binary, node_modules_dir, solcjs_script
from compliance_kit.exceptions import NodeToolchainMissing

REPO = Path(__file__).resolve().parents[2]


def test_node_modules_found_from_anywhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COMPLIANCE_KIT_NODE_MODULES", raising=False)
    monkeypatch.chdir(tmp_path)
    modules = node_modules_dir()
    assert (modules / "solc" / "package.json").is_file()
    assert solcjs_script(SOLC_VERSION).name == "solc.js"


def test_node_modules_env_must_hold_solc(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COMPLIANCE_KIT_NODE_MODULES", str(tmp_path))
    with pytest.raises(NodeToolchainMissing, match="npm ci"):
        node_modules_dir()


def test_npm_solc_of_another_version_is_refused() -> None:
    with pytest.raises(NodeToolchainMissing, match=r"expected 0\.8\.99"):
        solcjs_script("0.8.99")


def test_anvil_binary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COMPLIANCE_KIT_ANVIL", raising=False)
    anvil = anvil_binary()
    assert anvil.name == "anvil"
    assert os.access(anvil, os.X_OK)
    monkeypatch.setenv("COMPLIANCE_KIT_ANVIL", str(tmp_path / "anvil"))
    with pytest.raises(NodeToolchainMissing, match="COMPLIANCE_KIT_ANVIL"):
        anvil_binary()


def test_project_contract_dirs_is_the_repo_contracts_dir() -> None:
    dirs = project_contract_dirs()
    assert dirs == [REPO / "contracts"]
    assert (dirs[0] / "bench" / "PlainERC20.sol").is_file()
