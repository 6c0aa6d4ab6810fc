"""Lawful orders: ``freeze``, ``unfreeze``, ``seize``, ``burn-frozen`` (COMPLIANCE_OFFICER_ROLE)."""

from __future__ import annotations

from typing import Annotated

import typer

from compliance_kit.cli import output
from compliance_kit.cli.app import app
from compliance_kit.cli.options import JsonFlag, Target, checked_address, connection_options
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
@connection_options()
def freeze(
    target: Target,
    account: Account,
    order: Order,
    amount: PartAmount = None,
    as_json: JsonFlag = False,
) -> None:
    """Freeze ACCOUNT (or, with --amount, only that many of its tokens) under an order."""
    _freeze(target, "freeze", account, order, amount, as_json)


@app.command("unfreeze")
@connection_options()
def unfreeze(
    target: Target,
    account: Account,
    order: Order,
    amount: PartAmount = None,
    as_json: JsonFlag = False,
) -> None:
    """Lift the freeze on ACCOUNT (or, with --amount, release that many frozen tokens)."""
    _freeze(target, "unfreeze", account, order, amount, as_json)


def _freeze(
    target: Target, command: str, account: str, order: str, amount: str | None, as_json: bool
) -> None:
    """``freeze`` or ``unfreeze`` the account, or only ``amount`` of its tokens."""
    address = checked_address(account, "account")
    with admin_session(target, command) as admin:
        if amount is None:
            whole = admin.freeze if command == "freeze" else admin.unfreeze
            result = whole(address, order)
        else:
            part = admin.freeze_tokens if command == "freeze" else admin.unfreeze_tokens
            result = part(address, amount, order)
        output.tx(result, as_json)


@app.command("seize")
@connection_options()
def seize(
    target: Target, account: Account, amount: Amount, order: Order, as_json: JsonFlag = False
) -> None:
    """Move AMOUNT of ACCOUNT's frozen funds to the seizure escrow."""
    address = checked_address(account, "account")
    with admin_session(target, "seize") as admin:
        output.tx(admin.seize(address, amount, order), as_json)


@app.command("burn-frozen")
@connection_options()
def burn_frozen(
    target: Target, account: Account, amount: Amount, order: Order, as_json: JsonFlag = False
) -> None:
    """Burn AMOUNT of ACCOUNT's frozen funds (total supply falls)."""
    address = checked_address(account, "account")
    with admin_session(target, "burn-frozen") as admin:
        output.tx(admin.burn_frozen(address, amount, order), as_json)
