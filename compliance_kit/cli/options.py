"""Options shared by many commands, and how a deployment is reached from them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import typer

JsonFlag = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]
RpcUrl = Annotated[
    str | None,
    typer.Option(
        "--rpc-url",
        help="JSON-RPC node of the deployment (env COMPLIANCE_KIT_RPC_URL, or rpc_url in the "
        "config file).",
        show_default=False,
    ),
]
ManifestPath = Annotated[
    Path | None,
    typer.Option(
        "--manifest",
        help="Deployment manifest (default deployment.json; env COMPLIANCE_KIT_MANIFEST).",
        show_default=False,
    ),
]
ConfigFile = Annotated[
    Path | None,
    typer.Option(
        "--config", help="TOML settings file (env COMPLIANCE_KIT_CONFIG).", show_default=False
    ),
]
Keystore = Annotated[
    Path | None,
    typer.Option(
        "--keystore",
        help="Encrypted keystore to sign with (password: env COMPLIANCE_KIT_KEYSTORE_PASSWORD, "
        "or asked). Or set COMPLIANCE_KIT_PRIVATE_KEY. Dev nodes: the dev accounts sign.",
        show_default=False,
    ),
]


@dataclass(frozen=True)
class Target:
    """Where the deployment is and who signs: the connection options of one command."""

    rpc_url: str | None = None
    manifest: Path | None = None
    config: Path | None = None
    keystore: Path | None = None


def checked_address(value: str, field: str) -> str:
    """``value`` as a checksummed address, checked before anything connects."""
    from compliance_kit.units import to_address

    return to_address(value, field)


__all__ = [
    "ConfigFile",
    "JsonFlag",
    "Keystore",
    "ManifestPath",
    "RpcUrl",
    "Target",
    "checked_address",
]
