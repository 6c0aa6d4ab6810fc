"""``compliance-kit roles``: show, grant, revoke; the two-step default-admin handover."""

from __future__ import annotations

from typing import Annotated

import typer

from compliance_kit.cli import output
from compliance_kit.cli.app import app
from compliance_kit.cli.options import JsonFlag, Target, checked_address, connection_options
from compliance_kit.cli.session import admin_session

roles_app = typer.Typer(
    help="Who holds which role; grant, revoke, hand over.", no_args_is_help=True
)
app.add_typer(roles_app, name="roles")

Role = Annotated[str, typer.Argument(help="e.g. kyc_operator, pauser, treasury, attestor, vasp.")]
Account = Annotated[str, typer.Argument(help="The account's address.")]
ContractOpt = Annotated[
    str | None,
    typer.Option(
        "--contract",
        help="token, attestor or travel_rule_registry (default: where the role lives).",
    ),
]


@roles_app.command("show")
@connection_options(sign=False)
def show(target: Target, as_json: JsonFlag = False) -> None:
    """Every role holder of the token, the attestor and the travel-rule registry (VASPs),
    minters, the admin handover, the sanctions list's owner."""
    from compliance_kit.admin.values import decimal_text

    with admin_session(target, "roles show") as admin:
        report = admin.roles()
    if as_json:
        output.emit_json(report.to_dict())
        return
    rows = [
        [contract, role, "\n".join(holders) or "-"]
        for contract, roles in report.holders.items()
        for role, holders in roles.items()
    ]
    rows += [
        ["token", "(minter allowance)", f"{m}: {decimal_text(a)}"]
        for m, a in report.minters.items()
    ]
    rows += [["token", "(trusted KYC provider)", p] for p in report.kyc_providers]
    rows += [["attestor", "(trusted auditor)", a] for a in report.auditors]
    if report.sanctions_list_owner:
        rows.append(["sanctions_oracle", "(owner)", report.sanctions_list_owner])
    handover = report.handover
    if handover.pending_admin:
        rows.append(
            ["token", "(pending admin)", f"{handover.pending_admin} after {handover.accept_after}"]
        )
    output.table("roles", ["contract", "role", "held by"], rows)


@roles_app.command("grant")
@connection_options()
def grant(
    target: Target,
    role: Role,
    account: Account,
    contract: ContractOpt = None,
    as_json: JsonFlag = False,
) -> None:
    """Grant ROLE to ACCOUNT."""
    address = checked_address(account, "account")
    with admin_session(target, "roles grant") as admin:
        output.tx(admin.grant_role(role, address, contract), as_json)


@roles_app.command("revoke")
@connection_options()
def revoke(
    target: Target,
    role: Role,
    account: Account,
    contract: ContractOpt = None,
    as_json: JsonFlag = False,
) -> None:
    """Revoke ROLE from ACCOUNT."""
    address = checked_address(account, "account")
    with admin_session(target, "roles revoke") as admin:
        output.tx(admin.revoke_role(role, address, contract), as_json)


@roles_app.command("transfer-admin")
@connection_options()
def transfer_admin(target: Target, new_admin: Account, as_json: JsonFlag = False) -> None:
    """Begin handing the token's default admin to NEW_ADMIN (it accepts after the delay)."""
    address = checked_address(new_admin, "new_admin")
    with admin_session(target, "roles transfer-admin") as admin:
        output.tx(admin.begin_admin_transfer(address), as_json)


@roles_app.command("accept-admin")
@connection_options()
def accept_admin(target: Target, as_json: JsonFlag = False) -> None:
    """Accept the default admin (signed by the pending admin, after the delay)."""
    with admin_session(target, "roles accept-admin") as admin:
        output.tx(admin.accept_admin_transfer(), as_json)


@roles_app.command("cancel-admin")
@connection_options()
def cancel_admin(target: Target, as_json: JsonFlag = False) -> None:
    """Cancel a pending default-admin handover."""
    with admin_session(target, "roles cancel-admin") as admin:
        output.tx(admin.cancel_admin_transfer(), as_json)
