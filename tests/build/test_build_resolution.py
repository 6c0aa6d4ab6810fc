"""Compiler resolution: configured path, offline fallback to wasm, and the failure report."""

from __future__ import annotations

import os
import shutil
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from compliance_kit.build import SOLC_VERSION, Compiler, resolve_compiler
from compliance_kit.build.compiler import _reachable, clear_resolution_cache
from compliance_kit.exceptions import CompilerNotFound


@pytest.fixture(autouse=True)
def _fresh_resolution() -> Iterator[None]:
    clear_resolution_cache()
    yield
    clear_resolution_cache()


@pytest.fixture
def no_native_solc(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Hide any py-solc-x or PATH solc; keep only `node` on PATH."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    node = shutil.which("node")
    assert node, "these tests need Node.js"
    (bin_dir / "node").symlink_to(node)
    monkeypatch.setenv("PATH", str(bin_dir))
    monkeypatch.setenv("SOLCX_BINARY_PATH", str(tmp_path / "solcx"))
    (tmp_path / "solcx").mkdir()


def _fake_solc(tmp_path: Path, version: str) -> Path:
    script = tmp_path / "fake-solc"
    script.write_text(f"#!/bin/sh\necho 'solc, the solidity compiler'\necho 'Version: {version}'\n")
    script.chmod(0o755)
    return script


def test_bogus_configured_path_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bogus = tmp_path / "no-such-solc"
    with pytest.raises(CompilerNotFound, match=str(bogus)):
        resolve_compiler(solc_path=bogus)
    monkeypatch.setenv("COMPLIANCE_KIT_SOLC", str(bogus))
    with pytest.raises(CompilerNotFound, match=r"\$COMPLIANCE_KIT_SOLC.*no-such-solc"):
        resolve_compiler()


def test_configured_path_of_the_wrong_version_names_path_and_version(tmp_path: Path) -> None:
    fake = _fake_solc(tmp_path, "0.8.29+commit.ab55807c.Linux.g++")
    with pytest.raises(CompilerNotFound) as info:
        resolve_compiler(solc_path=fake)
    assert str(fake) in str(info.value)
    assert "0.8.29+commit.ab55807c" in str(info.value)


def test_non_executable_configured_path(tmp_path: Path) -> None:
    plain = tmp_path / "solc"
    plain.write_text("not a program")
    with pytest.raises(CompilerNotFound, match="does not run"):
        resolve_compiler(solc_path=plain)


def test_configured_path_wins_when_valid(wasm: Compiler) -> None:
    compiler = resolve_compiler(solc_path=wasm.path)
    assert (compiler.kind, compiler.version, compiler.path) == (
        "configured",
        wasm.version,
        wasm.path,
    )


@pytest.mark.usefixtures("no_native_solc")
def test_offline_resolution_picks_wasm_without_touching_the_network(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    attempts: list[object] = []

    def record(*args: object, **kwargs: object) -> None:
        attempts.append(args)
        raise OSError("network disabled in this test")

    monkeypatch.setattr(socket, "create_connection", record)
    monkeypatch.setattr(socket, "getaddrinfo", record)
    monkeypatch.setenv("COMPLIANCE_KIT_OFFLINE", "1")
    compiler = resolve_compiler()
    assert compiler.kind == "wasm"
    assert compiler.version.startswith(f"{SOLC_VERSION}+commit.")
    assert os.access(compiler.path, os.X_OK)
    assert attempts == []
    assert resolve_compiler() is compiler, "resolution is memoized"


@pytest.mark.usefixtures("no_native_solc")
def test_solc_installed_by_py_solc_x_counts_as_native(wasm: Compiler) -> None:
    installed = Path(os.environ["SOLCX_BINARY_PATH"]) / f"solc-v{SOLC_VERSION}"
    installed.symlink_to(wasm.path)  # a real solc 0.8.30 where py-solc-x keeps its binaries
    compiler = resolve_compiler()
    assert (compiler.kind, compiler.path) == ("native", installed)


@pytest.mark.usefixtures("no_native_solc")
def test_solc_on_path_is_used_only_with_the_pinned_version(
    tmp_path: Path, wasm: Compiler, monkeypatch: pytest.MonkeyPatch
) -> None:
    on_path = tmp_path / "bin" / "solc"
    on_path.symlink_to(wasm.path)
    assert resolve_compiler().kind == "native"

    clear_resolution_cache()
    on_path.unlink()
    on_path.symlink_to(_fake_solc(tmp_path, "0.8.29+commit.ab55807c"))
    monkeypatch.setenv("COMPLIANCE_KIT_OFFLINE", "1")
    assert resolve_compiler().kind == "wasm"


@pytest.mark.usefixtures("no_native_solc")
def test_nothing_found_explains_every_step(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.setenv("COMPLIANCE_KIT_OFFLINE", "1")
    with pytest.raises(CompilerNotFound) as info:
        resolve_compiler()
    message = str(info.value)
    attempts = "\n".join(info.value.attempts)
    assert len(info.value.attempts) == 4  # every resolution step, with why it failed
    for expected in (
        "configured path",
        "native solc",
        "COMPLIANCE_KIT_OFFLINE=1",
        "Node.js not found",
    ):
        assert expected in attempts
    assert "\n" not in message  # one line for the CLI
    assert "Node.js not found" in message  # the last fallback's reason
    assert "npm ci" in message
    assert "COMPLIANCE_KIT_SOLC" in message


def test_reachability_probe_never_hangs_on_a_silent_server() -> None:
    with socket.create_server(("127.0.0.1", 0)) as silent:  # accepts TCP, never speaks TLS
        started = time.perf_counter()
        assert not _reachable(silent.getsockname()[:2], 0.3)
        assert time.perf_counter() - started < 5  # the 0.3 s probe, not a hang
