"""An admin session for one command: settings → node → manifest → signers → ``IssuerAdmin``."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from compliance_kit.cli.options import Target

if TYPE_CHECKING:
    from compliance_kit.admin import IssuerAdmin
    from compliance_kit.chain.rpc import Rpc
    from compliance_kit.settings import Settings

NODE_HINT = (
    "start one with `compliance-kit node --state chain-state.json` (it keeps running; the state "
    "file keeps the chain across restarts) and pass --rpc-url http://127.0.0.1:8545, or set "
    "COMPLIANCE_KIT_RPC_URL or rpc_url in the config file"
)


def load(target: Target) -> Settings:
    """The settings for ``target`` (options over environment over config file)."""
    from compliance_kit.settings import load_settings

    return load_settings(
        target.config, rpc_url=target.rpc_url, manifest=target.manifest, keystore=target.keystore
    )


def require_node(settings: Settings, command: str) -> str:
    """The node URL, or a configuration error explaining why one is needed."""
    from compliance_kit.settings import ConfigError

    if settings.rpc_url:
        return settings.rpc_url
    raise ConfigError(
        f"`{command}` needs a node: a deployment lives on a chain, and the embedded chain exists "
        f"only inside one process; {NODE_HINT}",
        field="rpc_url",
    )


def connect(settings: Settings, command: str, *, sign: bool) -> Rpc:
    """The node, signing with the configured keys (or, on a dev node, its dev accounts)."""
    from compliance_kit.chain.rpc import Rpc
    from compliance_kit.keys import signers_from_settings
    from compliance_kit.settings import ConfigError

    url = require_node(settings, command)
    keys = signers_from_settings(settings) if sign else []
    chain = Rpc(url, accounts=keys or None, expected_chain_id=settings.chain_id)
    if sign and not chain.accounts:
        chain.close()
        raise ConfigError(
            f"`{command}` needs a signing key and the node at {url} offers no dev accounts: set "
            "COMPLIANCE_KIT_PRIVATE_KEY, or --keystore FILE (keystore in the config file)",
            field="keystore",
        )
    return chain


@contextmanager
def admin_session(target: Target, command: str) -> Iterator[IssuerAdmin]:
    """``IssuerAdmin`` on the deployment of ``target``'s manifest, signing when ``target.sign``;
    the connection is closed after."""
    from compliance_kit.admin import IssuerAdmin
    from compliance_kit.settings import ConfigError
    from compliance_kit.system import load_system

    settings = load(target)
    manifest = settings.manifest
    require_node(settings, command)
    if not manifest.is_file():
        raise ConfigError(
            f"no deployment manifest at {manifest}: deploy first (`compliance-kit deploy "
            "--rpc-url URL`), or pass --manifest FILE (env COMPLIANCE_KIT_MANIFEST)",
            field="manifest",
        )
    chain = connect(settings, command, sign=target.sign)
    try:
        system = load_system(manifest, chain)
        yield IssuerAdmin(system, chain.accounts)
    finally:
        chain.close()


__all__ = ["NODE_HINT", "admin_session", "connect", "load", "require_node"]
