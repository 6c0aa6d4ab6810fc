"""Find a solc of the pinned version and run it through py-solc-x.

Resolution order, first success wins (recorded in :attr:`Compiler.kind`):

1. ``configured``: the ``solc_path`` argument or ``$COMPLIANCE_KIT_SOLC`` (must be the pinned
   version; no fallback when it is not);
2. ``native``: a solc py-solc-x has installed, or ``solc`` on PATH, of exactly that version;
3. ``installed``: ``solcx.install_solc`` when binaries.soliditylang.org answers within 1.5 s
   (skipped when ``$COMPLIANCE_KIT_OFFLINE=1``);
4. ``wasm``: the npm ``solc`` package through the :mod:`~compliance_kit.build.wasm_solc` adapter.
"""

from __future__ import annotations

import os
import shutil
import socket
import ssl
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from compliance_kit.build import cache
from compliance_kit.build.toolchain import SOLC_VERSION, node_executable, solcjs_script
from compliance_kit.build.wasm_solc import NODE_MISSING, ensure_wrapper
from compliance_kit.exceptions import (
    CompilationError,
    CompilerDiagnostic,
    CompilerNotFound,
    NodeToolchainMissing,
    ToolchainError,
)

SOLC_ENV = "COMPLIANCE_KIT_SOLC"
OFFLINE_ENV = "COMPLIANCE_KIT_OFFLINE"
DOWNLOAD_HOST = ("binaries.soliditylang.org", 443)
PROBE_TIMEOUT = 1.5
INSTALL_TIMEOUT = 120.0

_memo: dict[tuple[str, str | None, bool], Compiler] = {}
_memo_lock = threading.Lock()


@dataclass(frozen=True)
class Compiler:
    """A solc executable of a known version; ``kind`` says how it was found."""

    path: Path
    version: str
    kind: str

    @property
    def base_version(self) -> str:
        """``0.8.30`` for ``0.8.30+commit.73712a01``."""
        return self.version.split("+", 1)[0]

    def compile_standard(self, standard_input: dict[str, Any]) -> dict[str, Any]:
        """Compile a standard-JSON input; solc errors raise CompilationError, warnings pass."""
        import solcx
        from solcx.exceptions import SolcError

        try:
            return solcx.compile_standard(standard_input, solc_binary=self.path)
        except SolcError as exc:
            errors = [e for e in exc.error_dict or [] if e.get("severity") == "error"]
            if errors:
                sources = standard_input.get("sources", {})
                raise CompilationError(
                    [diagnostic(e, sources) for e in errors], compiler=f"solc {self.version}"
                ) from None
            stderr = (exc.stderr_data or "").strip()
            if NODE_MISSING in stderr:
                raise NodeToolchainMissing(stderr.splitlines()[-1]) from None
            raise ToolchainError(
                f"solc {self.version} ({self.kind}, {self.path}) failed with exit code "
                f"{exc.return_code}: {stderr[-2000:] or exc.message}"
            ) from exc
        except (OSError, ValueError) as exc:
            raise ToolchainError(f"could not run solc {self.path} ({self.kind}): {exc}") from exc


def diagnostic(error: dict[str, Any], sources: dict[str, Any]) -> CompilerDiagnostic:
    """A CompilerDiagnostic from one solc error, with line and column from its byte offset."""
    location = error.get("sourceLocation") or {}
    file, start = location.get("file"), location.get("start", -1)
    line = column = None
    content = sources.get(file, {}).get("content") if file else None
    if content is not None and start >= 0:
        before = content.encode()[:start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
    return CompilerDiagnostic(
        severity=error.get("severity", "error"),
        message=error.get("message", ""),
        file=file or None,
        line=line,
        column=column,
        error_type=error.get("type", "Error"),
        formatted=error.get("formattedMessage", ""),
    )


def resolve_compiler(
    version: str = SOLC_VERSION, *, solc_path: Path | str | None = None
) -> Compiler:
    """The solc to use for ``version`` (see the module docstring); memoized per process."""
    origin, configured = "solc_path", solc_path
    if configured is None and os.environ.get(SOLC_ENV):
        origin, configured = f"${SOLC_ENV}", os.environ[SOLC_ENV]
    key = (version, None if configured is None else str(configured), _offline())
    with _memo_lock:
        found = _memo.get(key)
        if found is None:
            if configured is not None:
                found = _configured(Path(configured).expanduser(), version, origin)
            else:
                found = _search(version)
            _memo[key] = found
    return found


def clear_resolution_cache() -> None:
    """Forget memoized resolutions (after installing a compiler or changing the environment)."""
    with _memo_lock:
        _memo.clear()


def wasm_compiler(version: str = SOLC_VERSION) -> Compiler:
    """The npm solc-js build behind the adapter wrapper (step 4, usable on its own)."""
    node, solcjs, directory = node_executable(), solcjs_script(version), cache.tools_dir()
    wrapper = ensure_wrapper(directory, node=node, solcjs=solcjs)
    try:
        found = _version_of(wrapper)
    except _StepFailed:  # a damaged wrapper from an earlier run: write it again, once
        wrapper.unlink(missing_ok=True)
        wrapper = ensure_wrapper(directory, node=node, solcjs=solcjs)
        found = _version_of(wrapper)
    return Compiler(wrapper, found, "wasm")


class _StepFailed(Exception):
    """A resolution step did not produce a compiler; the message says why."""


def _search(version: str) -> Compiler:
    tried = [f"configured path: not set (solc_path argument or ${SOLC_ENV})"]
    for label, step in (
        ("native solc", _native),
        ("download with py-solc-x", _download),
        ("npm solc (wasm)", _wasm),
    ):
        try:
            return step(version)
        except (_StepFailed, ToolchainError, OSError) as exc:
            tried.append(f"{label}: {exc}")
    raise CompilerNotFound(
        f"no solc {version} available (tried a configured path, a native solc, a download, "
        f"then {tried[-1]}); fix: run `npm ci` in the compliance-kit project, "
        f"or set {SOLC_ENV} to a solc {version} binary",
        attempts=tried,
    )


def _configured(path: Path, version: str, origin: str) -> Compiler:
    if not path.is_file():
        raise CompilerNotFound(f"solc configured by {origin} does not exist: {path}")
    try:
        found = _version_of(path)
    except _StepFailed as exc:
        raise CompilerNotFound(
            f"solc configured by {origin} ({path}) does not run: {exc}"
        ) from None
    if found.split("+", 1)[0] != version:
        raise CompilerNotFound(
            f"solc configured by {origin} ({path}) is version {found}, expected {version}: "
            f"point it at a solc {version} binary, or unset it"
        )
    return Compiler(path, found, "configured")


def _native(version: str) -> Compiler:
    import solcx
    from packaging.version import Version
    from solcx.exceptions import SolcNotInstalled
    from solcx.install import get_executable

    try:
        if Version(version) in solcx.get_installed_solc_versions():
            path = get_executable(version)
            return Compiler(path, _version_of(path), "native")
    except (OSError, SolcNotInstalled, _StepFailed):
        pass
    on_path = shutil.which("solc")
    if on_path is None:
        raise _StepFailed(f"no solc {version} installed by py-solc-x and no `solc` on PATH")
    found = _version_of(Path(on_path))
    if found.split("+", 1)[0] != version:
        raise _StepFailed(f"`solc` on PATH ({on_path}) is {found}, not {version}")
    return Compiler(Path(on_path), found, "native")


def _download(version: str) -> Compiler:
    import solcx
    from solcx.install import get_executable

    if _offline():
        raise _StepFailed(f"skipped ({OFFLINE_ENV}=1)")
    if not _reachable(DOWNLOAD_HOST, PROBE_TIMEOUT):
        host, port = DOWNLOAD_HOST
        raise _StepFailed(f"skipped, {host}:{port} not reachable within {PROBE_TIMEOUT:g}s")
    outcome: list[Path | Exception] = []

    def install() -> None:
        try:
            solcx.install_solc(version)
            outcome.append(get_executable(version))
        except Exception as exc:  # requests, archive and install errors alike: "not this way"
            outcome.append(exc)

    # py-solc-x downloads without a timeout: bound it so resolution can never hang.
    thread = threading.Thread(target=install, name="compliance-kit-solc-install", daemon=True)
    thread.start()
    thread.join(INSTALL_TIMEOUT)
    if not outcome:
        raise _StepFailed(f"install_solc({version!r}) did not finish in {INSTALL_TIMEOUT:g}s")
    if isinstance(outcome[0], Exception):
        raise _StepFailed(f"install_solc({version!r}) failed: {outcome[0]}")
    return Compiler(outcome[0], _version_of(outcome[0]), "installed")


def _wasm(version: str) -> Compiler:
    try:
        return wasm_compiler(version)
    except subprocess.CalledProcessError as exc:
        raise _StepFailed(f"solc-js did not start: {(exc.stderr or '').strip()[-500:]}") from exc


def _version_of(path: Path) -> str:
    """``0.8.30+commit.73712a01``, as py-solc-x parses ``solc --version``."""
    from solcx.exceptions import SolcError
    from solcx.wrapper import get_version_str_from_solc_binary

    try:
        return get_version_str_from_solc_binary(path)
    except (OSError, subprocess.CalledProcessError, SolcError) as exc:
        raise _StepFailed(f"`{path} --version` failed: {exc}") from exc


def _offline() -> bool:
    return os.environ.get(OFFLINE_ENV, "").strip().lower() in {"1", "true", "yes", "on"}


def _reachable(address: tuple[str, int], timeout: float) -> bool:
    """Whether a verified TLS connection to ``address`` opens within ``timeout``.

    The TLS handshake (not just TCP) rules out intercepting proxies that accept any connection;
    DNS included, the probe runs in a thread so it can never outlast ``timeout``.
    """
    result: list[bool] = []

    def probe() -> None:
        host = address[0]
        try:
            with (
                socket.create_connection(address, timeout=timeout) as raw,
                ssl.create_default_context().wrap_socket(raw, server_hostname=host),
            ):
                result.append(True)
        except (OSError, ValueError):
            pass

    thread = threading.Thread(target=probe, name="compliance-kit-solc-probe", daemon=True)
    thread.start()
    thread.join(timeout)
    return bool(result)
