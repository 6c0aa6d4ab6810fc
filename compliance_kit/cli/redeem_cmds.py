"""``compliance-kit redeem``: the redemption queue (list, fulfil) and its terms."""

from __future__ import annotations

from typing import Annotated

import typer

from compliance_kit.cli import output
from compliance_kit.cli.app import app
from compliance_kit.cli.options import JsonFlag, Target, connection_options
from compliance_kit.cli.session import admin_session

redeem_app = typer.Typer(
    help="Redemption requests (TREASURY_ROLE pays them).", no_args_is_help=True
)
app.add_typer(redeem_app, name="redeem")


@redeem_app.command("list")
@connection_options(sign=False)
def list_requests(
    target: Target,
    status: Annotated[
        str, typer.Option(help="open (pending and overdue), pending, overdue, fulfilled or all.")
    ] = "open",
    start: Annotated[int, typer.Option(min=0, help="First request id to read.")] = 0,
    as_json: JsonFlag = False,
) -> None:
    """Redemption requests, oldest first (default: those not paid yet)."""
    wanted = None if status == "all" else status
    with admin_session(target, "redeem list") as admin:
        requests = admin.redemptions(start=start, status=wanted)
        symbol = admin.symbol
    if as_json:
        output.emit_json([r.to_dict() for r in requests])
        return
    rows = [
        [
            str(r.id),
            r.redeemer,
            f"{r.amount - r.fee:,} {symbol}",
            output.date(r.due_by),
            r.status,
        ]
        for r in requests
    ]
    output.table(
        f"{len(requests)} redemption request(s) ({status})",
        ["id", "redeemer", "pay out", "due by", "status"],
        rows,
    )


@redeem_app.command("fulfil")
@connection_options()
def fulfil(
    target: Target,
    request_id: Annotated[int, typer.Argument(min=0, metavar="ID", help="The request's id.")],
    payment_ref: Annotated[
        str, typer.Option("--payment-ref", help="The payout's reference (e.g. the bank's).")
    ],
    as_json: JsonFlag = False,
) -> None:
    """Record that request ID was paid out."""
    with admin_session(target, "redeem fulfil") as admin:
        output.tx(admin.fulfil_redemption(request_id, payment_ref), as_json)


@redeem_app.command("terms")
@connection_options(sign=False)
def terms(target: Target, as_json: JsonFlag = False) -> None:
    """The redemption terms new requests get."""
    with admin_session(target, "redeem terms") as admin:
        data = admin.redemption_terms().to_dict()
    if as_json:
        output.emit_json(data)
        return
    for key, value in data.items():
        typer.echo(f"{key:>12}: {value}")
