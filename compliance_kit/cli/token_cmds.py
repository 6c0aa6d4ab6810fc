"""``mint``, ``burn``, ``pause``, ``unpause`` and ``compliance-kit minter``."""

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

Amount = Annotated[str, typer.Argument(help="Token units, e.g. 1250.50 or 1_000_000.")]
MinterOpt = Annotated[
    str | None, typer.Option("--minter", help="Which minter signs (default: the first one).")
]

minter_app = typer.Typer(help="Minters and allowances (MASTER_MINTER_ROLE).", no_args_is_help=True)
app.add_typer(minter_app, name="minter")


@app.command("mint")
def mint(
    to: Annotated[str, typer.Argument(help="Recipient (KYC-verified, not frozen).")],
    amount: Amount,
    minter: MinterOpt = None,
    rpc_url: RpcUrl = None,
    manifest: ManifestPath = None,
    config: ConfigFile = None,
    keystore: Keystore = None,
    as_json: JsonFlag = False,
) -> None:
    """Mint AMOUNT to TO (checked against fresh, sufficient reserves on-chain)."""
    recipient = checked_address(to, "to")
    with admin_session(Target(rpc_url, manifest, config, keystore), "mint") as admin:
        output.tx(admin.mint(recipient, amount, minter=minter), as_json)


@app.command("burn")
def burn(
    amount: Amount,
    minter: MinterOpt = None,
    rpc_url: RpcUrl = None,
    manifest: ManifestPath = None,
    config: ConfigFile = None,
    keystore: Keystore = None,
    as_json: JsonFlag = False,
) -> None:
    """Burn AMOUNT of a minter's own balance."""
    with admin_session(Target(rpc_url, manifest, config, keystore), "burn") as admin:
        output.tx(admin.burn(amount, minter=minter), as_json)


@app.command("pause")
def pause(
    rpc_url: RpcUrl = None,
    manifest: ManifestPath = None,
    config: ConfigFile = None,
    keystore: Keystore = None,
    as_json: JsonFlag = False,
) -> None:
    """Pause transfers, minting and burning (lawful orders and redemptions go on)."""
    with admin_session(Target(rpc_url, manifest, config, keystore), "pause") as admin:
        output.tx(admin.pause(), as_json)


@app.command("unpause")
def unpause(
    rpc_url: RpcUrl = None,
    manifest: ManifestPath = None,
    config: ConfigFile = None,
    keystore: Keystore = None,
    as_json: JsonFlag = False,
) -> None:
    """Resume transfers, minting and burning."""
    with admin_session(Target(rpc_url, manifest, config, keystore), "unpause") as admin:
        output.tx(admin.unpause(), as_json)


@minter_app.command("configure")
def configure(
    minter: Annotated[str, typer.Argument(help="The minter's address.")],
    allowance: Amount,
    rpc_url: RpcUrl = None,
    manifest: ManifestPath = None,
    config: ConfigFile = None,
    keystore: Keystore = None,
    as_json: JsonFlag = False,
) -> None:
    """Make MINTER a minter that may mint ALLOWANCE more."""
    address = checked_address(minter, "minter")
    target = Target(rpc_url, manifest, config, keystore)
    with admin_session(target, "minter configure") as admin:
        output.tx(admin.configure_minter(address, allowance), as_json)


@minter_app.command("remove")
def remove(
    minter: Annotated[str, typer.Argument(help="The minter's address.")],
    rpc_url: RpcUrl = None,
    manifest: ManifestPath = None,
    config: ConfigFile = None,
    keystore: Keystore = None,
    as_json: JsonFlag = False,
) -> None:
    """Take minting away from MINTER."""
    address = checked_address(minter, "minter")
    with admin_session(Target(rpc_url, manifest, config, keystore), "minter remove") as admin:
        output.tx(admin.remove_minter(address), as_json)
