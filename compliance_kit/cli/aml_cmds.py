"""The AML transfer rules: ``limits``, ``travel-rule``, ``corridor`` and ``sanctions``.

Token settings are signed by a holder of COMPLIANCE_OFFICER_ROLE, commitments by a VASP
(VASP_ROLE on the travel-rule registry), the sanctions list by its owner. Jurisdictions, tiers and
addresses are checked before anything connects; amounts once the token's decimals are known,
before anything is sent.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

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

limits_app = typer.Typer(
    help="Tier limits (per-transfer cap, rolling volume, transfers per window) and exemptions "
    "(COMPLIANCE_OFFICER_ROLE).",
    no_args_is_help=True,
)
travel_app = typer.Typer(
    help="The travel rule: on/off, aggregation, thresholds (COMPLIANCE_OFFICER_ROLE) and VASP "
    "commitments (VASP_ROLE on the registry).",
    no_args_is_help=True,
)
corridor_app = typer.Typer(
    help="Jurisdiction corridors and blocked jurisdictions (COMPLIANCE_OFFICER_ROLE).",
    no_args_is_help=True,
)
sanctions_app = typer.Typer(
    help="Sanctions screening (COMPLIANCE_OFFICER_ROLE) and the system's sanctions list (its "
    "owner).",
    no_args_is_help=True,
)
app.add_typer(limits_app, name="limits")
app.add_typer(travel_app, name="travel-rule")
app.add_typer(corridor_app, name="corridor")
app.add_typer(sanctions_app, name="sanctions")

Account = Annotated[str, typer.Argument(help="The account's address.")]
Sender = Annotated[str, typer.Argument(metavar="FROM", help="The sender.")]
Recipient = Annotated[str, typer.Argument(metavar="TO", help="The recipient.")]
Amount = Annotated[str, typer.Argument(help="Token units.")]
Jurisdiction = Annotated[
    str, typer.Argument(metavar="JURISDICTION", help="ISO 3166-1 numeric code, e.g. 840.")
]
FromJurisdiction = Annotated[
    str, typer.Argument(metavar="FROM", help="Origin jurisdiction (ISO 3166-1 numeric).")
]
ToJurisdiction = Annotated[
    str, typer.Argument(metavar="TO", help="Destination jurisdiction (ISO 3166-1 numeric).")
]


def _jurisdiction(value: str, field: str) -> int:
    from compliance_kit.admin.values import jurisdiction

    return jurisdiction(value, field)


def _on_off(value: str, field: str) -> bool:
    from compliance_kit.exceptions import InputError

    words = {"on": True, "off": False}
    text = value.strip().lower()
    if text not in words:
        raise InputError(field, f"{value!r} is not a switch: give on or off")
    return words[text]


def _or_none(value: Any) -> str:
    return "none" if value is None else str(value)


def _echo_rows(rows: list[tuple[str, Any]]) -> None:
    width = max(len(k) for k, _ in rows)
    for key, value in rows:
        typer.echo(f"{key:>{width}}: {_or_none(value)}")


# --- limits ----------------------------------------------------------------------------------


@limits_app.command("show")
@connection_options(sign=False)
def limits_show(
    target: Target,
    tier: Annotated[
        str | None, typer.Option("--tier", help="1-4 or retail, professional, ... (default: all).")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Each KYC tier's outgoing limits (none: that limit is off)."""
    from compliance_kit.admin.values import kyc_tier

    number = None if tier is None else kyc_tier(tier)
    with admin_session(target, "limits show") as admin:
        found = admin.all_tier_limits() if number is None else [admin.tier_limits(number)]
        symbol = admin.symbol
    if as_json:
        output.emit_json(found[0].to_dict() if number is not None else [t.to_dict() for t in found])
        return
    rows = [
        [
            f"{t.tier} {t.tier_name}",
            _or_none(t.transfer_cap and f"{t.transfer_cap:,f} {symbol}"),
            _or_none(t.volume_limit and f"{t.volume_limit:,f} {symbol}"),
            t.to_dict()["window"] or "-",
            _or_none(t.max_transfers),
        ]
        for t in found
    ]
    output.table(
        "tier limits", ["tier", "per transfer", "volume per window", "window", "transfers"], rows
    )


@limits_app.command("set")
@connection_options()
def limits_set(
    target: Target,
    tier: Annotated[str, typer.Option("--tier", help="1-4 or retail, professional, ...")],
    cap: Annotated[
        str | None, typer.Option("--cap", help="Most one transfer may move (token units; none).")
    ] = None,
    volume: Annotated[
        str | None,
        typer.Option("--volume", help="Most that may leave an account per window (none: off)."),
    ] = None,
    window: Annotated[
        str | None, typer.Option("--window", help="The rolling window: seconds, 24h, 7d, ...")
    ] = None,
    max_transfers: Annotated[
        str | None, typer.Option("--max-transfers", help="Transfers per window (none: off).")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Change a tier's limits; limits not given keep their value."""
    from compliance_kit.admin.aml import KEEP
    from compliance_kit.admin.values import kyc_tier
    from compliance_kit.exceptions import InputError

    number = kyc_tier(tier)
    if cap is None and volume is None and window is None and max_transfers is None:
        raise InputError(
            "limits", "give at least one of --cap, --volume, --window, --max-transfers"
        )
    with admin_session(target, "limits set") as admin:
        result = admin.set_tier_limits(
            number,
            transfer_cap=KEEP if cap is None else cap,
            volume_limit=KEEP if volume is None else volume,
            window=KEEP if window is None else window,
            max_transfers=KEEP if max_transfers is None else max_transfers,
        )
        output.tx(result, as_json)


@limits_app.command("exempt")
@connection_options()
def limits_exempt(
    target: Target,
    account: Account,
    remove: Annotated[bool, typer.Option("--remove", help="End the exemption.")] = False,
    as_json: JsonFlag = False,
) -> None:
    """Exempt ACCOUNT from the cap, volume and count limits (e.g. the issuer's treasury)."""
    address = checked_address(account, "account")
    with admin_session(target, "limits exempt") as admin:
        output.tx(admin.set_limit_exemption(address, not remove), as_json)


@limits_app.command("remaining")
@connection_options(sign=False)
def limits_remaining(target: Target, account: Account, as_json: JsonFlag = False) -> None:
    """What ACCOUNT may still send now under its tier's volume and count limits."""
    address = checked_address(account, "account")
    with admin_session(target, "limits remaining") as admin:
        found = admin.remaining_limits(address)
        symbol = admin.symbol
    if as_json:
        output.emit_json(found.to_dict())
        return
    volume = None if found.volume is None else f"{found.volume:,f} {symbol}"
    _echo_rows(
        [
            ("account", found.account),
            ("tier", f"{found.tier} {found.limits.tier_name}"),
            ("exempt", "yes" if found.exempt else "no"),
            ("volume", volume),
            ("transfers", found.transfers),
        ]
    )


# --- travel rule -----------------------------------------------------------------------------


@travel_app.command("show")
@connection_options(sign=False)
def travel_show(
    target: Target,
    jurisdiction: Annotated[
        str | None, typer.Option("--jurisdiction", help="Also show this jurisdiction's threshold.")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Whether the travel rule is on, the registry, the home jurisdiction and its threshold."""
    code = None if jurisdiction is None else _jurisdiction(jurisdiction, "jurisdiction")
    with admin_session(target, "travel-rule show") as admin:
        rules = admin.transfer_rules()
        threshold = None if code is None else admin.travel_rule_threshold(code)
        symbol = admin.symbol
    if as_json:
        data = rules.to_dict()
        if threshold is not None:
            data["threshold"] = threshold.to_dict()
        output.emit_json(data)
        return
    home = rules.home_threshold
    rows: list[tuple[str, Any]] = [
        ("travel rule", "on" if rules.travel_rule else "off"),
        ("aggregation", "on" if rules.travel_rule_aggregation else "off"),
        ("registry", rules.registry),
        ("home", rules.home_jurisdiction),
        ("home threshold", None if home is None else f"{home:,f} {symbol}"),
    ]
    if threshold is not None:
        own = "its own" if threshold.own else "the home jurisdiction's"
        value = threshold.threshold
        shown = "none" if value is None else f"{value:,f} {symbol} ({own})"
        rows.append((f"threshold {threshold.jurisdiction}", shown))
    _echo_rows(rows)


@travel_app.command("enable")
@connection_options()
def travel_enable(target: Target, as_json: JsonFlag = False) -> None:
    """Switch the travel rule on: transfers at or above the threshold need a commitment."""
    with admin_session(target, "travel-rule enable") as admin:
        output.tx(admin.set_travel_rule(True), as_json)


@travel_app.command("disable")
@connection_options()
def travel_disable(target: Target, as_json: JsonFlag = False) -> None:
    """Switch the travel rule off."""
    with admin_session(target, "travel-rule disable") as admin:
        output.tx(admin.set_travel_rule(False), as_json)


@travel_app.command("aggregation")
@connection_options()
def travel_aggregation(
    target: Target,
    switch: Annotated[
        str,
        typer.Argument(
            metavar="on|off",
            help="on: a payment below the threshold needs a commitment too once the sender's "
            "rolling volume with it reaches the threshold; off: each payment on its own.",
        ),
    ],
    as_json: JsonFlag = False,
) -> None:
    """Switch travel-rule aggregation: the threshold counts each sender's rolling volume too."""
    enabled = _on_off(switch, "aggregation")
    with admin_session(target, "travel-rule aggregation") as admin:
        output.tx(admin.set_travel_rule_aggregation(enabled), as_json)


@travel_app.command("threshold")
@connection_options()
def travel_threshold(
    target: Target,
    jurisdiction: Jurisdiction,
    amount: Annotated[
        str,
        typer.Argument(
            help="Token units (0: every transfer); none: the home threshold applies again (for "
            "the home jurisdiction: no threshold)."
        ),
    ],
    as_json: JsonFlag = False,
) -> None:
    """Set JURISDICTION's travel-rule threshold."""
    code = _jurisdiction(jurisdiction, "jurisdiction")
    with admin_session(target, "travel-rule threshold") as admin:
        output.tx(admin.set_travel_rule_threshold(code, amount), as_json)


@travel_app.command("register")
@connection_options()
def travel_register(
    target: Target,
    sender: Sender,
    recipient: Recipient,
    amount: Amount,
    payload_file: Annotated[
        Path | None,
        typer.Option("--payload-file", help="The IVMS101 payload sent to the other VASP."),
    ] = None,
    payload_hash: Annotated[
        str | None, typer.Option("--payload-hash", help="Its keccak-256 (0x + 64 hex digits).")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Register (as a VASP) the commitment for the transfer FROM → TO of AMOUNT."""
    from compliance_kit.admin.aml import payload_hash_of

    source = checked_address(sender, "from")
    destination = checked_address(recipient, "to")
    digest = payload_hash_of(payload_file, payload_hash)  # checked before connecting
    with admin_session(target, "travel-rule register") as admin:
        output.tx(
            admin.register_travel_rule(source, destination, amount, payload_hash=digest), as_json
        )


@travel_app.command("cancel")
@connection_options()
def travel_cancel(
    target: Target, sender: Sender, recipient: Recipient, amount: Amount, as_json: JsonFlag = False
) -> None:
    """Withdraw the pending commitment for the transfer FROM → TO of AMOUNT."""
    source = checked_address(sender, "from")
    destination = checked_address(recipient, "to")
    with admin_session(target, "travel-rule cancel") as admin:
        output.tx(admin.cancel_travel_rule(source, destination, amount), as_json)


@travel_app.command("commitment")
@connection_options(sign=False)
def travel_commitment(
    target: Target, sender: Sender, recipient: Recipient, amount: Amount, as_json: JsonFlag = False
) -> None:
    """Whether a commitment is pending for FROM → TO of AMOUNT, and whether one is needed."""
    source = checked_address(sender, "from")
    destination = checked_address(recipient, "to")
    with admin_session(target, "travel-rule commitment") as admin:
        found = admin.travel_rule_commitment(source, destination, amount)
        symbol = admin.symbol
    if as_json:
        output.emit_json(found.to_dict())
        return
    threshold = found.threshold
    _echo_rows(
        [
            ("pending", found.payload_hash or "no"),
            ("threshold", None if threshold is None else f"{threshold:,f} {symbol}"),
            ("required", "yes" if found.required else "no"),
        ]
    )


# --- corridors -------------------------------------------------------------------------------


@corridor_app.command("show")
@connection_options(sign=False)
def corridor_show(
    target: Target, origin: FromJurisdiction, destination: ToJurisdiction, as_json: JsonFlag = False
) -> None:
    """The corridor FROM → TO: its entry, and whether transfers pass it now."""
    start = _jurisdiction(origin, "from")
    end = _jurisdiction(destination, "to")
    with admin_session(target, "corridor show") as admin:
        found = admin.corridor(start, end)
        rules = admin.transfer_rules()
    if as_json:
        output.emit_json({**found.to_dict(), "corridors_mode": rules.corridors_mode})
        return
    _echo_rows(
        [
            ("corridor", f"{found.origin} → {found.destination}"),
            ("entry", found.status),
            ("transfers", f"{'pass' if found.open else 'refused'}: {found.reason}"),
            ("corridors", rules.corridors_mode),
        ]
    )


@corridor_app.command("set")
@connection_options()
def corridor_set(
    target: Target,
    origin: FromJurisdiction,
    destination: ToJurisdiction,
    status: Annotated[str, typer.Argument(help="allow, deny or unset (follow the default).")],
    as_json: JsonFlag = False,
) -> None:
    """Allow, deny or unset the corridor FROM → TO (one direction)."""
    from compliance_kit.admin.aml import corridor_status

    start = _jurisdiction(origin, "from")
    end = _jurisdiction(destination, "to")
    corridor_status(status)
    with admin_session(target, "corridor set") as admin:
        output.tx(admin.set_corridor(start, end, status), as_json)


@corridor_app.command("rules")
@connection_options()
def corridor_rules(
    target: Target,
    enabled: Annotated[
        bool | None,
        typer.Option("--enabled/--disabled", help="Enforce corridors and blocked jurisdictions."),
    ] = None,
    open_by_default: Annotated[
        bool | None,
        typer.Option(
            "--open/--closed",
            help="A cross-border pair without an entry passes (a deny list) or not (allow list).",
        ),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Switch corridor enforcement, and choose the default of pairs without an entry."""
    from compliance_kit.exceptions import InputError

    if enabled is None and open_by_default is None:
        raise InputError("rules", "give --enabled or --disabled, and/or --open or --closed")
    with admin_session(target, "corridor rules") as admin:
        output.tx(admin.set_corridor_rules(enabled, open_by_default), as_json)


@corridor_app.command("block")
@connection_options()
def corridor_block(target: Target, jurisdiction: Jurisdiction, as_json: JsonFlag = False) -> None:
    """Refuse every transfer to, from or inside JURISDICTION (while corridors are enforced)."""
    code = _jurisdiction(jurisdiction, "jurisdiction")
    with admin_session(target, "corridor block") as admin:
        output.tx(admin.block_jurisdiction(code), as_json)


@corridor_app.command("unblock")
@connection_options()
def corridor_unblock(target: Target, jurisdiction: Jurisdiction, as_json: JsonFlag = False) -> None:
    """Lift the block on JURISDICTION."""
    code = _jurisdiction(jurisdiction, "jurisdiction")
    with admin_session(target, "corridor unblock") as admin:
        output.tx(admin.unblock_jurisdiction(code), as_json)


# --- sanctions -------------------------------------------------------------------------------


@sanctions_app.command("show")
@connection_options(sign=False)
def sanctions_show(target: Target, as_json: JsonFlag = False) -> None:
    """The sanctions oracle, where it screens, and the system's own list."""
    with admin_session(target, "sanctions show") as admin:
        screening = admin.sanctions_screening()
        listed = admin.system.sanctions_oracle
        owner = None if listed is None else listed.fn.owner().call()
    data = {
        **screening.to_dict(),
        "sanctions_list": None if listed is None else listed.address,
        "sanctions_list_owner": owner,
    }
    if as_json:
        output.emit_json(data)
        return
    _echo_rows(
        [
            ("oracle", screening.oracle),
            ("screens", screening.summary()),
            ("system list", data["sanctions_list"]),
            ("list owner", owner),
        ]
    )


@sanctions_app.command("screening")
@connection_options()
def sanctions_screening(
    target: Target,
    oracle: Annotated[
        str | None,
        typer.Option(
            "--oracle", help="The oracle's address; 'list' for the system's list; 'none' for none."
        ),
    ] = None,
    on_mint: Annotated[
        bool | None, typer.Option("--mint/--no-mint", help="Screen mint recipients.")
    ] = None,
    on_redeem: Annotated[
        bool | None, typer.Option("--redeem/--no-redeem", help="Screen redeemers.")
    ] = None,
    on_transfer: Annotated[
        bool | None,
        typer.Option("--transfer/--no-transfer", help="Screen both parties and the spender."),
    ] = None,
    fail_open: Annotated[
        bool | None,
        typer.Option(
            "--fail-open/--fail-closed",
            help="When the oracle does not answer: let it through (logged) or refuse.",
        ),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Change sanctions screening; settings not given keep their value."""
    from compliance_kit.admin.aml import KEEP
    from compliance_kit.exceptions import InputError

    given = {
        "oracle": oracle,
        "on_mint": on_mint,
        "on_redeem": on_redeem,
        "on_transfer": on_transfer,
        "fail_open": fail_open,
    }
    if all(v is None for v in given.values()):
        raise InputError(
            "screening",
            "give --oracle, --mint/--no-mint, --redeem/--no-redeem, "
            "--transfer/--no-transfer or --fail-open/--fail-closed",
        )
    if oracle is not None and oracle.strip().lower() not in ("list", "system", "none"):
        checked_address(oracle, "oracle")
    with admin_session(target, "sanctions screening") as admin:
        settings = {k: KEEP if v is None else v for k, v in given.items()}
        output.tx(admin.set_sanctions_screening(**settings), as_json)


@sanctions_app.command("add")
@connection_options()
def sanctions_add(
    target: Target,
    accounts: Annotated[list[str], typer.Argument(help="Addresses to list.")],
    as_json: JsonFlag = False,
) -> None:
    """Add ACCOUNTS to the system's sanctions list (signed by its owner)."""
    addresses = checked_addresses(accounts, "accounts")
    with admin_session(target, "sanctions add") as admin:
        output.tx(admin.sanction(addresses), as_json)


@sanctions_app.command("remove")
@connection_options()
def sanctions_remove(
    target: Target,
    accounts: Annotated[list[str], typer.Argument(help="Addresses to take off the list.")],
    as_json: JsonFlag = False,
) -> None:
    """Take ACCOUNTS off the system's sanctions list (signed by its owner)."""
    addresses = checked_addresses(accounts, "accounts")
    with admin_session(target, "sanctions remove") as admin:
        output.tx(admin.unsanction(addresses), as_json)


@sanctions_app.command("check")
@connection_options(sign=False)
def sanctions_check(target: Target, account: Account, as_json: JsonFlag = False) -> None:
    """Whether the oracle the token screens with lists ACCOUNT."""
    address = checked_address(account, "account")
    with admin_session(target, "sanctions check") as admin:
        listed = admin.is_sanctioned(address)
        own = admin.system.sanctions_oracle
        oracle = admin.sanctions_screening().oracle or (None if own is None else own.address)
    if as_json:
        output.emit_json({"account": address, "sanctioned": listed, "oracle": oracle})
        return
    typer.echo(f"{address}: {'SANCTIONED' if listed else 'not listed'} (oracle {oracle})")
