"""``compliance-kit attest``: post a reserve attestation (ATTESTOR_ROLE)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from compliance_kit.cli import output
from compliance_kit.cli.app import app
from compliance_kit.cli.options import JsonFlag, Target, connection_options
from compliance_kit.cli.session import admin_session


@app.command("attest")
@connection_options()
def attest(
    target: Target,
    reserves: Annotated[str, typer.Option(help="Attested reserves in token units.")],
    report_file: Annotated[
        Path | None,
        typer.Option("--report-file", help="The accountant's report: its keccak-256 is recorded."),
    ] = None,
    report: Annotated[
        str | None,
        typer.Option("--report", help="Or: the report's 0x-hex hash, or an identifying text."),
    ] = None,
    uri: Annotated[str, typer.Option("--uri", help="Where the report is published.")] = "",
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="When the reserves were measured (default: now).")
    ] = None,
    bucket: Annotated[
        list[str] | None,
        typer.Option("--bucket", help="Composition LABEL=AMOUNT (repeat; must sum to --reserves)."),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Post a reserve attestation; minting checks every mint against it."""
    if (report_file is None) == (report is None):
        raise typer.BadParameter(
            "give exactly one of --report-file and --report", param_hint="--report"
        )
    composition: dict[str, str] = {}
    for item in bucket or []:
        label, sep, amount = item.partition("=")
        if not sep or not label.strip():
            raise typer.BadParameter(f"{item!r}: use LABEL=AMOUNT", param_hint="--bucket")
        composition[label.strip()] = amount.strip()
    evidence = report_file if report_file is not None else report
    with admin_session(target, "attest") as admin:
        result = admin.attest(
            reserves, evidence, report_uri=uri, as_of=as_of, composition=composition or None
        )
        output.tx(result, as_json)
