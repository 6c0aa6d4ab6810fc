"""Pinned toolchain versions and where the npm-installed tools live (node_modules, anvil, node)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from compliance_kit.exceptions import NodeToolchainMissing

SOLC_VERSION = "0.8.30"
"""The solc release every contract is compiled with (the npm ``solc`` pin in package.json)."""

EVM_VERSION = "prague"
"""The hard fork targeted by the compiler: the fork of the embedded eth-tester chain and anvil."""

NODE_MODULES_ENV = "COMPLIANCE_KIT_NODE_MODULES"
ANVIL_ENV = "COMPLIANCE_KIT_ANVIL"

_PACKAGE_DIR = Path(__file__).resolve().parent.parent
_NPM_HINT = "run `npm ci` in the compliance-kit project"


def node_modules_dir() -> Path:
    """The ``node_modules`` directory holding the pinned npm packages (``solc`` first of all).

    ``$COMPLIANCE_KIT_NODE_MODULES`` wins; otherwise the first ``node_modules/solc/package.json``
    found walking up from the working directory, then from the installed package.
    """
    configured = os.environ.get(NODE_MODULES_ENV)
    if configured:
        path = Path(configured).expanduser()
        if (path / "solc" / "package.json").is_file():
            return path.resolve()
        raise NodeToolchainMissing(
            f"{NODE_MODULES_ENV}={configured} has no solc/package.json: point it at the "
            f"node_modules directory of the project, or {_NPM_HINT}"
        )
    for start in (Path.cwd(), _PACKAGE_DIR):
        for folder in (start, *start.parents):
            if (folder / "node_modules" / "solc" / "package.json").is_file():
                return folder / "node_modules"
    raise NodeToolchainMissing(
        f"node_modules with the pinned npm packages not found (searched up from {Path.cwd()} "
        f"and {_PACKAGE_DIR}): {_NPM_HINT}, or set {NODE_MODULES_ENV}"
    )


def node_executable() -> Path:
    """The ``node`` on PATH."""
    found = shutil.which("node")
    if found is None:
        raise NodeToolchainMissing(
            "Node.js not found: install Node.js 18+ (https://nodejs.org) and make sure `node` "
            f"is on PATH, then {_NPM_HINT}"
        )
    return Path(found)


def solcjs_script(version: str = SOLC_VERSION) -> Path:
    """``solc.js`` (the solc-js CLI) of the npm ``solc`` package, checked to be ``version``."""
    package = node_modules_dir() / "solc"
    try:
        installed = json.loads((package / "package.json").read_text())["version"]
    except (OSError, ValueError, KeyError) as exc:
        raise NodeToolchainMissing(f"unreadable {package / 'package.json'}: {_NPM_HINT}") from exc
    if installed != version:
        raise NodeToolchainMissing(
            f"npm solc in {package} is {installed}, expected {version}: {_NPM_HINT}"
        )
    script = package / "solc.js"
    if not script.is_file():
        raise NodeToolchainMissing(f"{script} is missing: {_NPM_HINT}")
    return script


def anvil_binary() -> Path:
    """The anvil executable: ``$COMPLIANCE_KIT_ANVIL``, the npm package, or ``anvil`` on PATH."""
    configured = os.environ.get(ANVIL_ENV)
    if configured:
        path = Path(configured).expanduser()
        if path.is_file() and os.access(path, os.X_OK):
            return path
        raise NodeToolchainMissing(f"{ANVIL_ENV}={configured} is not an executable file")
    try:
        modules: Path | None = node_modules_dir()
    except NodeToolchainMissing:
        modules = None
    if modules is not None:
        candidates = [
            *sorted(modules.glob("@foundry-rs/anvil-*/bin/anvil")),
            modules / ".bin/anvil",
        ]
        for candidate in candidates:
            if candidate.is_file() and os.access(candidate, os.X_OK):
                return candidate
    found = shutil.which("anvil")
    if found is not None:
        return Path(found)
    raise NodeToolchainMissing(
        f"anvil not found: {_NPM_HINT} (installs @foundry-rs/anvil-linux-amd64), install "
        f"Foundry, or set {ANVIL_ENV}"
    )
