"""Shared fixtures: an isolated cache and one cold wasm compile of the fixture project."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from compliance_kit.build import ArtifactSet, Compiler, compile_contracts
from compliance_kit.build.compiler import clear_resolution_cache, wasm_compiler

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class ColdCompile:
    artifacts: ArtifactSet
    seconds: float
    cache_dir: Path
    roots: list[Path]


@pytest.fixture(scope="session", autouse=True)
def isolated_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Keep the generated solc wrapper and artifacts out of the user's cache."""
    root = tmp_path_factory.mktemp("compliance-kit-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("COMPLIANCE_KIT_CACHE_DIR", str(root))
        patch.delenv("COMPLIANCE_KIT_SOLC", raising=False)
        clear_resolution_cache()
        yield root
    clear_resolution_cache()


@pytest.fixture(scope="session")
def wasm() -> Compiler:
    """The npm solc-js compiler behind the adapter (explicit, so native solc never interferes)."""
    return wasm_compiler()


@pytest.fixture(scope="session")
def project_roots(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The fixture project plus a `contracts/bench` copy holding the real PlainERC20."""
    contracts = tmp_path_factory.mktemp("checkout") / "contracts"
    (contracts / "bench").mkdir(parents=True)
    shutil.copy(REPO / "contracts" / "bench" / "PlainERC20.sol", contracts / "bench")
    return [FIXTURES / "token", contracts]


@pytest.fixture(scope="session")
def cold(
    project_roots: list[Path], wasm: Compiler, tmp_path_factory: pytest.TempPathFactory
) -> ColdCompile:
    """One cold compile through the wasm path, shared by every test that needs artifacts."""
    cache_dir = tmp_path_factory.mktemp("artifacts")
    started = time.perf_counter()
    artifacts = compile_contracts(project_roots, cache_dir=cache_dir, compiler=wasm)
    return ColdCompile(artifacts, time.perf_counter() - started, cache_dir, project_roots)
