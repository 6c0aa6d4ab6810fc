"""``compliance-kit audit export``: every compliance event, as CSV or JSON."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from compliance_kit.cli.app import app
from compliance_kit.cli.options import Target, connection_options
from compliance_kit.cli.session import admin_session

audit_app = typer.Typer(
    help="The audit log of the system: token, attestor, travel-rule registry, sanctions list.",
    no_args_is_help=True,
)
app.add_typer(audit_app, name="audit")


class Format(StrEnum):
    csv = "csv"
    json = "json"


@audit_app.command("export")
@connection_options(sign=False)
def export(
    target: Target,
    fmt: Annotated[Format, typer.Option("--format", help="csv or json.")] = Format.csv,
    output_file: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here (default: stdout).")
    ] = None,
    from_block: Annotated[
        int | None, typer.Option(min=0, help="First block (default: the deployment's).")
    ] = None,
    to_block: Annotated[
        int | None, typer.Option(min=0, help="Last block (default: latest).")
    ] = None,
    page_size: Annotated[int, typer.Option(min=1, help="Blocks per log request.")] = 2_000,
    event: Annotated[
        list[str] | None, typer.Option("--event", help="Only this event (repeat for several).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Same as --format json.")] = False,
) -> None:
    """Export every event of the system's contracts, decoded, with times and amounts."""
    from compliance_kit.admin.audit import export_csv, export_json

    write = export_json if as_json or fmt is Format.json else export_csv
    with admin_session(target, "audit export") as admin:
        records = admin.audit_log(from_block, to_block, page_size=page_size, events=event)
    write(records, output_file if output_file is not None else sys.stdout)
    if output_file is not None:
        typer.echo(f"{len(records)} event(s) written to {output_file}", err=True)
