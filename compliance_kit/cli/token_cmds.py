"""``mint``, ``burn``, ``pause``, ``unpause`` and ``compliance-kit minter``."""

from __future__ import annotations

from typing import Annotated

import typer

from compliance_kit.cli import output
from compliance_kit.cli.app import app
from compliance_kit.cli.options import JsonFlag, Target, checked_address, connection_options
from compliance_kit.cli.session import admin_session

Amount = Annotated[str, typer.Argument(help="Token units, e.g. 1250.50 or 1_000_000.")]
MinterOpt = Annotated[
    str | None, typer.Option("--minter", help="Which minter signs (default: the first one).")
]
MinterAddress = Annotated[str, typer.Argument(help="The minter's address.")]

minter_app = typer.Typer(help="Minters and allowances (MASTER_MINTER_ROLE).", no_args_is_help=True)
app.add_typer(minter_app, name="minter")


@app.command("mint")
@connection_options()
def mint(
    target: Target,
    to: Annotated[str, typer.Argument(help="Recipient (KYC-verified, not frozen).")],
    amount: Amount,
    minter: MinterOpt = None,
    as_json: JsonFlag = False,
) -> None:
    """Mint AMOUNT to TO (checked against fresh, sufficient reserves on-chain)."""
    recipient = checked_address(to, "to")
    with admin_session(target, "mint") as admin:
        output.tx(admin.mint(recipient, amount, minter=minter), as_json)


@app.command("burn")
@connection_options()
def burn(
    target: Target, amount: Amount, minter: MinterOpt = None, as_json: JsonFlag = False
) -> None:
    """Burn AMOUNT of a minter's own balance."""
    with admin_session(target, "burn") as admin:
        output.tx(admin.burn(amount, minter=minter), as_json)


@app.command("pause")
@connection_options()
def pause(target: Target, as_json: JsonFlag = False) -> None:
    """Pause transfers, minting and burning (lawful orders and redemptions go on)."""
    with admin_session(target, "pause") as admin:
        output.tx(admin.pause(), as_json)


@app.command("unpause")
@connection_options()
def unpause(target: Target, as_json: JsonFlag = False) -> None:
    """Resume transfers, minting and burning."""
    with admin_session(target, "unpause") as admin:
        output.tx(admin.unpause(), as_json)


@minter_app.command("configure")
@connection_options()
def configure(
    target: Target, minter: MinterAddress, allowance: Amount, as_json: JsonFlag = False
) -> None:
    """Make MINTER a minter that may mint ALLOWANCE more."""
    address = checked_address(minter, "minter")
    with admin_session(target, "minter configure") as admin:
        output.tx(admin.configure_minter(address, allowance), as_json)


@minter_app.command("remove")
@connection_options()
def remove(target: Target, minter: MinterAddress, as_json: JsonFlag = False) -> None:
    """Take minting away from MINTER."""
    address = checked_address(minter, "minter")
    with admin_session(target, "minter remove") as admin:
        output.tx(admin.remove_minter(address), as_json)
