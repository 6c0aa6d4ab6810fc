"""Import scanning and resolution, the standard-JSON input and its hash (no compiler needed)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from compliance_kit.build import EVM_VERSION, SOLC_VERSION
from compliance_kit.build.sources import collect_sources, find_imports, import_unit, input_hash
from compliance_kit.exceptions import CompilationError

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).resolve().parents[2]

OZ_IERC20 = "@openzeppelin/contracts/token/ERC20/IERC20.sol"


def test_solc_version_matches_package_json() -> None:
    package = json.loads((REPO / "package.json").read_text())
    assert package["dependencies"]["solc"] == SOLC_VERSION
    assert EVM_VERSION == "prague"


def test_find_imports_reads_every_form_and_skips_comments_and_strings() -> None:
    text = (FIXTURES / "token" / "vault" / "Vault.sol").read_text()
    found = [(d.path, d.line) for d in find_imports(text)]
    assert found == [("../lib/Fees.sol", 6), ("../Token.sol", 7), ("token/Token.sol", 8)]
    more = find_imports(
        'import "a.sol";\nimport {A, B as C} from \'./b.sol\';\nimport * as X from "c";'
    )
    assert [(d.path, d.line, d.column) for d in more] == [
        ("a.sol", 1, 1),
        ("./b.sol", 2, 1),
        ("c", 3, 1),
    ]


@pytest.mark.parametrize(
    ("importer", "path", "unit"),
    [
        ("@openzeppelin/contracts/token/ERC20/ERC20.sol", "./IERC20.sol", OZ_IERC20),
        (
            "@openzeppelin/contracts/token/ERC20/ERC20.sol",
            "../../utils/Context.sol",
            "@openzeppelin/contracts/utils/Context.sol",
        ),
        ("token/vault/Vault.sol", "../lib/Fees.sol", "token/lib/Fees.sol"),
        ("token/Token.sol", OZ_IERC20, OZ_IERC20),
    ],
)
def test_import_unit_resolves_like_solc(importer: str, path: str, unit: str) -> None:
    assert import_unit(importer, path) == unit


def test_collect_sources_follows_imports_into_node_modules_once() -> None:
    tree = collect_sources([FIXTURES / "token"])
    assert tree.primary == ["token/Token.sol", "token/lib/Fees.sol", "token/vault/Vault.sol"]
    assert OZ_IERC20 in tree.files
    assert "@openzeppelin/contracts/token/ERC20/ERC20.sol" in tree.files
    assert not [u for u in tree.files if "./" in u or u.startswith("nowhere")]


def test_standard_input_settings() -> None:
    settings = collect_sources([FIXTURES / "token"]).standard_input(optimizer_runs=999)["settings"]
    assert settings["optimizer"] == {"enabled": True, "runs": 999}
    assert settings["evmVersion"] == EVM_VERSION
    assert settings["viaIR"] is False
    selected = settings["outputSelection"]["*"]["*"]
    assert {"abi", "evm.bytecode.object", "evm.deployedBytecode.object"} <= set(selected)


def test_hash_is_stable_and_tracks_sources_settings_and_version(tmp_path: Path) -> None:
    root = tmp_path / "token"
    shutil.copytree(FIXTURES / "token", root)

    def key(runs: int = 200, version: str = SOLC_VERSION) -> str:
        return input_hash(collect_sources([root]).standard_input(runs), version)

    original = key()
    assert original == key()
    assert original == input_hash(
        collect_sources([FIXTURES / "token"]).standard_input(), SOLC_VERSION
    )
    assert key(runs=1) != original
    assert key(version="0.8.29") != original
    fees = root / "lib" / "Fees.sol"
    fees.write_text(fees.read_text().replace("10_000", "10000"))
    assert key() != original


def test_missing_import_names_file_and_line(tmp_path: Path) -> None:
    app = tmp_path / "app"
    app.mkdir()
    (app / "Main.sol").write_text(
        "// SPDX-License-Identifier: MIT\n"
        "pragma solidity ^0.8.24;\n"
        "\n"
        'import {Gone} from "./lib/Gone.sol";\n'
        'import "@openzeppelin/contracts/nope/Nope.sol";\n'
        "contract Main {}\n"
    )
    with pytest.raises(CompilationError) as info:
        collect_sources([app])
    first, second = info.value.diagnostics
    assert (first.file, first.line, first.column) == ("app/Main.sol", 4, 1)
    assert "./lib/Gone.sol" in first.message
    assert (second.file, second.line) == ("app/Main.sol", 5)
    assert "app/Main.sol:4:1" in str(info.value)
    assert str(app / "Main.sol") in first.formatted


def test_empty_or_missing_source_dir_is_reported(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"no \.sol files"):
        collect_sources([tmp_path])
    with pytest.raises(FileNotFoundError):
        collect_sources([tmp_path / "absent"])
