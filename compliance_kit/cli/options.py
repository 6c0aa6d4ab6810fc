"""Options shared by many commands, and how a deployment is reached from them."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

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


_Command = Callable[..., None]

#: the connection options, in their order in ``--help`` (``keystore``: commands that sign)
_CONNECTION = {
    "rpc_url": RpcUrl,
    "manifest": ManifestPath,
    "config": ConfigFile,
    "keystore": Keystore,
}


@dataclass(frozen=True)
class Target:
    """Where the deployment is and who signs: the connection options of one command
    (``sign`` False: a read, nothing is signed)."""

    rpc_url: str | None = None
    manifest: Path | None = None
    config: Path | None = None
    keystore: Path | None = None
    sign: bool = True


def connection_options(*, sign: bool = True) -> Callable[[_Command], _Command]:
    """Give a command taking ``target: Target`` the connection options instead.

    ``--rpc-url``, ``--manifest``, ``--config`` and, when the command signs, ``--keystore`` join
    its signature (which Typer reads) before ``as_json``, or last; the command is called with
    the ``Target`` they make.
    """
    names = [name for name in _CONNECTION if sign or name != "keystore"]
    keyword = inspect.Parameter.KEYWORD_ONLY
    added = [inspect.Parameter(n, keyword, default=None, annotation=_CONNECTION[n]) for n in names]

    def decorate(command: _Command) -> _Command:
        signature = inspect.signature(command, eval_str=True)
        own = [p.replace(kind=keyword) for p in signature.parameters.values() if p.name != "target"]
        at = next((i for i, p in enumerate(own) if p.name == "as_json"), len(own))

        @functools.wraps(command)
        def run(**options: Any) -> None:
            target = Target(**{name: options.pop(name, None) for name in names}, sign=sign)
            command(target=target, **options)

        parameters = [*own[:at], *added, *own[at:]]
        run.__signature__ = signature.replace(parameters=parameters)  # type: ignore[attr-defined]
        return run

    return decorate


def checked_address(value: str, field: str) -> str:
    """``value`` as a checksummed address, checked before anything connects."""
    from compliance_kit.units import to_address

    return to_address(value, field)


def checked_addresses(values: list[str], field: str) -> list[str]:
    """Each of ``values`` checked as ``field[i]``."""
    return [checked_address(value, f"{field}[{i}]") for i, value in enumerate(values)]


__all__ = [
    "ConfigFile",
    "JsonFlag",
    "Keystore",
    "ManifestPath",
    "RpcUrl",
    "Target",
    "checked_address",
    "checked_addresses",
    "connection_options",
]
