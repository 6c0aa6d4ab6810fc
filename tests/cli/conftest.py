"""Fixtures for the command-line tests: a clean environment and typer's in-process runner."""

from __future__ import annotations

import json
import socket
from collections.abc import Callable
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from compliance_kit.cli import app

#: settings a developer's shell may hold; the admin CLI tests start without them
SETTING_VARIABLES = (
    "RPC_URL",
    "CHAIN_ID",
    "MANIFEST",
    "CONFIG",
    "KEYSTORE",
    "KEYSTORE_PASSWORD",
    "PRIVATE_KEY",
)

Invoke = Callable[..., Result]


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in SETTING_VARIABLES:
        monkeypatch.delenv(f"COMPLIANCE_KIT_{name}", raising=False)


@pytest.fixture
def cli(clean_env: None) -> Invoke:
    """``cli(*args, env=None)``: run ``compliance-kit ARGS`` in-process."""

    def invoke(*args: str, env: dict[str, str | None] | None = None) -> Result:
        return CliRunner().invoke(app, list(args), env=env)

    return invoke


@pytest.fixture
def cli_json(cli: Invoke) -> Callable[..., Any]:
    """``cli_json(*args, code=0)``: run with ``--json``, check the exit code, parse stdout."""

    def invoke(*args: str, code: int = 0, env: dict[str, str | None] | None = None) -> Any:
        result = cli(*args, "--json", env=env)
        assert result.exit_code == code, result.output
        return json.loads(result.stdout)

    return invoke


@pytest.fixture
def closed_url() -> str:
    """A local URL nothing answers on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    return f"http://127.0.0.1:{port}"
