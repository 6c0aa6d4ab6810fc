"""Lawful orders: ``freeze``, ``unfreeze``, ``seize``, ``burn-frozen`` (COMPLIANCE_OFFICER_ROLE)."""

from __future__ import annotations

from typing import Annotated

import typer

from compliance_kit.cli import output
from compliance_kit.cli.app import app
from compliance_kit.cli.options import (
    ConfigFile,
    JsonFlag,
    Keystore,
    ManifestPath,
    RpcUrl,
    Target,
    checked_address,
)
from compliance_kit.cli.session import admin_session

Account = Annotated[str, typer.Argument(help="The account the order concerns.")]
Order = Annotated[
    str,
    typer.Option("--order", help="The order's reference: text up to 32 bytes, or a 0x-hex hash."),
]
PartAmount = Annotated[
    str | None,
    typer.Option("--amount", help="Only this many tokens (partial freeze), in token units."),
]
Amount = Annotated[str, typer.Argument(help="Token units.")]


@app.command("freeze")
def freeze(
    account: Account,
    order: Order,
    amount: PartAmount = None,
    rpc_url: RpcUrl = None,
    manifest: ManifestPath = None,
    config: ConfigFile = None,
    keystore: Keystore = None,
    as_json: JsonFlag = False,
) -> None:
    """Freeze ACCOUNT (or, with --amount, only that many of its tokens) under an order."""
    address = checked_address(account, "account")
    with admin_session(Target(rpc_url, manifest, config, keystore), "freeze") as admin:
        result = (
            admin.freeze(address, order)
            if amount is None
            else admin.freeze_tokens(address, amount, order)
        )
        output.tx(result, as_json)


@app.command("unfreeze")
def unfreeze(
    account: Account,
    order: Order,
    amount: PartAmount = None,
    rpc_url: RpcUrl = None,
    manifest: ManifestPath = None,
    config: ConfigFile = None,
    keystore: Keystore = None,
    as_json: JsonFlag = False,
) -> None:
    """Lift the freeze on ACCOUNT (or, with --amount, release that many frozen tokens)."""
    address = checked_address(account, "account")
    with admin_session(Target(rpc_url, manifest, config, keystore), "unfreeze") as admin:
        result = (
            admin.unfreeze(address, order)
            if amount is None
            else admin.unfreeze_tokens(address, amount, order)
        )
        output.tx(result, as_json)


@app.command("seize")
def seize(
    account: Account,
    amount: Amount,
    order: Order,
    rpc_url: RpcUrl = None,
    manifest: ManifestPath = None,
    config: ConfigFile = None,
    keystore: Keystore = None,
    as_json: JsonFlag = False,
) -> None:
    """Move AMOUNT of ACCOUNT's frozen funds to the seizure escrow."""
    address = checked_address(account, "account")
    with admin_session(Target(rpc_url, manifest, config, keystore), "seize") as admin:
        output.tx(admin.seize(address, amount, order), as_json)


@app.command("burn-frozen")
def burn_frozen(
    account: Account,
    amount: Amount,
    order: Order,
    rpc_url: RpcUrl = None,
    manifest: ManifestPath = None,
    config: ConfigFile = None,
    keystore: Keystore = None,
    as_json: JsonFlag = False,
) -> None:
    """Burn AMOUNT of ACCOUNT's frozen funds (total supply falls)."""
    address = checked_address(account, "account")
    with admin_session(Target(rpc_url, manifest, config, keystore), "burn-frozen") as admin:
        output.tx(admin.burn_frozen(address, amount, order), as_json)
