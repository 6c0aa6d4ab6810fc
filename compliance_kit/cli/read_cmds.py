"""``status`` and ``check-transfer``: reads that send nothing."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from compliance_kit.cli import output
from compliance_kit.cli.app import CommandFailed, app
from compliance_kit.cli.errors import EXIT_REFUSED
from compliance_kit.cli.options import JsonFlag, Target, checked_address, connection_options
from compliance_kit.cli.session import admin_session


@app.command("status")
@connection_options(sign=False)
def status(target: Target, as_json: JsonFlag = False) -> None:
    """Supply, reserves, coverage, headroom, attestation age, redemptions, pause, AML settings."""
    with admin_session(target, "status") as admin:
        state = admin.status()
    if as_json:
        output.emit_json(state.to_dict())
        return
    output.table(f"{state.name} ({state.symbol}), {state.profile} profile", None, _rows(state))


@app.command("check-transfer")
@connection_options(sign=False)
def check_transfer(
    target: Target,
    sender: Annotated[str, typer.Argument(metavar="FROM", help="The sender.")],
    recipient: Annotated[str, typer.Argument(metavar="TO", help="The recipient.")],
    amount: Annotated[str, typer.Argument(help="Token units.")],
    as_json: JsonFlag = False,
) -> None:
    """Would FROM → TO of AMOUNT go through now? Which rule stops it, and what would make it pass.

    Exits 0 when it would pass, 5 when a rule refuses it.
    """
    source = checked_address(sender, "from")
    target_address = checked_address(recipient, "to")
    with admin_session(target, "check-transfer") as admin:
        result = admin.check_transfer(source, target_address, amount)
    if as_json:
        output.emit_json(result.to_dict())
    else:
        verdict = "passes" if result.passes else f"refused: code {result.code} ({result.rule})"
        typer.echo(f"{verdict}\n  {result.explanation}")
        if result.remedy:
            typer.echo(f"  to pass: {result.remedy}")
    if not result.passes:
        raise CommandFailed(f"refused: {result.explanation}", EXIT_REFUSED)


def _rows(state: Any) -> list[list[str]]:
    symbol = state.symbol

    def money(value: Any) -> str:
        text = f"{value:,f}"
        return (text.rstrip("0").rstrip(".") if "." in text else text) + f" {symbol}"

    coverage = "-" if state.coverage_bps is None else f"{state.coverage_bps / 100:,.2f} %"
    if state.as_of is None:
        attestation = "none yet: minting waits for the first"
    else:
        age = f"{state.attestation_age / 86_400:.1f} days old"
        fresh = "fresh" if state.fresh else "STALE"
        attestation = f"as of {output.date(state.as_of)} ({age}, {fresh})"
    stale = "-" if state.stale_at is None else output.date(state.stale_at)
    return [
        ["supply", money(state.supply)],
        ["reserves (after margin)", money(state.reserves)],
        ["attested reserves", money(state.attested_reserves)],
        ["coverage", coverage],
        ["headroom (mintable now)", money(state.headroom)],
        ["margin", f"{state.margin[0]} {state.margin[1]}"],
        ["attestation", attestation],
        ["minting stops after", stale],
        ["open redemptions", f"{state.redemptions_open} ({money(state.redemptions_open_amount)})"],
        ["overdue redemptions", str(state.redemptions_overdue)],
        ["paused", "yes" if state.paused else "no"],
        ["home jurisdiction", str(state.home_jurisdiction or "-")],
        ["travel rule", _travel(state, money)],
        ["corridors", state.corridors],
        ["sanctions screening", state.sanctions_screening],
        ["chain", f"{state.chain_id}, block {state.block}, {output.date(state.chain_time)}"],
        ["token", state.token],
        ["attestor", state.attestor],
    ]


def _travel(state: Any, money: Any) -> str:
    if not state.travel_rule:
        return "off"
    threshold = state.travel_rule_threshold
    text = "on, no threshold" if threshold is None else f"on, from {money(threshold)}"
    return text + ("; rolling volume too" if state.travel_rule_aggregation else "")
