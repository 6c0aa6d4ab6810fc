"""``compliance-kit kyc``: approve, revoke, import, show; trusted KYC providers."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Annotated

import typer

from compliance_kit.cli import output
from compliance_kit.cli.app import app
from compliance_kit.cli.options import (
    JsonFlag,
    Target,
    checked_address,
    checked_addresses,
    connection_options,
)
from compliance_kit.cli.session import admin_session

kyc_app = typer.Typer(help="The KYC allowlist (KYC_OPERATOR_ROLE).", no_args_is_help=True)
app.add_typer(kyc_app, name="kyc")

Address = Annotated[str, typer.Argument(help="Account address (0x + 40 hex digits).")]


@kyc_app.command("approve")
@connection_options()
def approve(
    target: Target,
    account: Address,
    tier: Annotated[
        str, typer.Option(help="1-4 or retail, professional, institution, issuer_treasury.")
    ],
    jurisdiction: Annotated[str, typer.Option(help="ISO 3166-1 numeric country code, e.g. 344.")],
    expiry: Annotated[
        str | None, typer.Option(help="Expiry date (YYYY-MM-DD, ISO date-time or unix seconds).")
    ] = None,
    days: Annotated[
        int | None, typer.Option(min=1, help="Or: valid for this many days from the chain's time.")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Approve (or update) ACCOUNT on the KYC allowlist."""
    address = checked_address(account, "account")
    if (expiry is None) == (days is None):
        raise typer.BadParameter("give exactly one of --expiry and --days", param_hint="--expiry")
    when = expiry if expiry is not None else timedelta(days=days or 0)
    with admin_session(target, "kyc approve") as admin:
        output.tx(admin.approve_account(address, tier, jurisdiction, when), as_json)


@kyc_app.command("revoke")
@connection_options()
def revoke(
    target: Target,
    accounts: Annotated[list[str], typer.Argument(help="One or more account addresses.")],
    as_json: JsonFlag = False,
) -> None:
    """Take ACCOUNTS off the allowlist (their balances stay, but cannot move)."""
    addresses = checked_addresses(accounts, "accounts")
    with admin_session(target, "kyc revoke") as admin:
        if len(addresses) == 1:
            output.tx(admin.revoke_account(addresses[0]), as_json)
        else:
            output.batch(admin.revoke_accounts(addresses), as_json)


@kyc_app.command("import")
@connection_options()
def import_csv(
    target: Target,
    file: Annotated[
        Path, typer.Argument(help="CSV with columns address,tier,jurisdiction,expiry.")
    ],
    chunk_size: Annotated[
        int, typer.Option(min=1, max=500, help="Accounts per transaction.")
    ] = 100,
    as_json: JsonFlag = False,
) -> None:
    """Approve every account of FILE; every row is checked first, one bad row sends nothing."""
    with admin_session(target, "kyc import") as admin:
        output.batch(admin.import_kyc_csv(file, chunk_size=chunk_size), as_json)


@kyc_app.command("show")
@connection_options(sign=False)
def show(target: Target, account: Address, as_json: JsonFlag = False) -> None:
    """ACCOUNT's KYC record, balance and freeze state."""
    address = checked_address(account, "account")
    with admin_session(target, "kyc show") as admin:
        facts = admin.account(address).to_dict(admin.decimals)
        facts["kyc_valid"] = admin.kyc_of(address).valid
    if as_json:
        output.emit_json(facts)
        return
    for key, value in facts.items():
        typer.echo(f"{key:>18}: {value}")


@kyc_app.command("provider")
@connection_options()
def provider(
    target: Target,
    address: Annotated[str, typer.Argument(help="The KYC provider's signing address.")],
    remove: Annotated[bool, typer.Option("--remove", help="Stop trusting it.")] = False,
    as_json: JsonFlag = False,
) -> None:
    """Trust (or, with --remove, stop trusting) a KYC provider's credentials (admin)."""
    checked = checked_address(address, "provider")
    with admin_session(target, "kyc provider") as admin:
        output.tx(admin.set_kyc_provider(checked, not remove), as_json)
