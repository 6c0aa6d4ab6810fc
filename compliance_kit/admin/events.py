"""Decoded events as people and auditors read them: struct arguments by field name, the token
amounts among the arguments in token units, and a one-line summary.

Shared by the send path (each ``TxResult``'s events) and the audit log. Which arguments are token
amounts is a table per event, :data:`AMOUNT_ARGS` (a struct's fields are named ``arg.field``, e.g.
``limits.transferCap``); an event the table does not know is read by its argument names.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from compliance_kit.admin.explain import show_args
from compliance_kit.admin.values import units_text
from compliance_kit.display import DURATION_ARGS, PLAIN_ARGS, TIME_ARGS, UNLIMITED, show_arg

if TYPE_CHECKING:
    from compliance_kit.contracts import Contract, Event

#: arguments that are token amounts, per event (events not listed: guessed from argument names)
AMOUNT_ARGS: dict[str, frozenset[str]] = {
    "Transfer": frozenset({"value"}),
    "Approval": frozenset({"value"}),
    "MinterConfigured": frozenset({"allowance"}),
    "TokensFrozen": frozenset({"amount", "totalFrozen"}),
    "TokensUnfrozen": frozenset({"amount", "totalFrozen"}),
    "Seized": frozenset({"amount"}),
    "FrozenFundsBurned": frozenset({"amount"}),
    "RedemptionRequested": frozenset({"amount", "fee"}),
    "MinimumRedemptionSet": frozenset({"previous", "minimum"}),
    "ReservesAttested": frozenset({"reserves"}),
    "MarginSet": frozenset(),  # basis points or base units, depending on the mode
    "RedemptionSlaSet": frozenset(),
    "RedemptionFeeSet": frozenset(),
    "RedemptionFeeLocked": frozenset(),
    "MaxAgeSet": frozenset(),
    "RedemptionFulfilledLate": frozenset(),
    "CredentialAccepted": frozenset(),
    "DefaultAdminDelayChangeScheduled": frozenset(),
    "DefaultAdminTransferScheduled": frozenset(),
    # --- AML transfer rules (token) --------------------------------------------------------
    "TierLimitsSet": frozenset(
        {
            "previous.transferCap",
            "previous.volumeLimit",
            "limits.transferCap",
            "limits.volumeLimit",
        }
    ),
    "TravelRuleThresholdSet": frozenset({"previous", "threshold"}),  # max: no threshold
    "TravelRuleSet": frozenset(),
    "TravelRuleAggregationSet": frozenset(),
    "TravelRuleRegistrySet": frozenset(),
    "HomeJurisdictionSet": frozenset(),
    "CorridorRulesSet": frozenset(),
    "CorridorSet": frozenset(),
    "JurisdictionBlockedSet": frozenset(),
    "SanctionsScreeningSet": frozenset(),
    "SanctionsScreeningFailedOpen": frozenset(),
    "LimitExemptionSet": frozenset(),
    # --- travel-rule registry and sanctions list -------------------------------------------
    "CommitmentRegistered": frozenset({"amount"}),
    "CommitmentConsumed": frozenset({"amount"}),
    "CommitmentCancelled": frozenset({"amount"}),
    "SanctionedAddressAdded": frozenset(),
    "SanctionedAddressRemoved": frozenset(),
    "OwnershipTransferred": frozenset(),
    "OwnershipTransferStarted": frozenset(),
}
#: arguments that are enums, per event: the names of their values
CORRIDOR_STATUSES = ("unset", "allowed", "denied")
ENUM_ARGS: dict[str, dict[str, tuple[str, ...]]] = {
    "CorridorSet": {"previous": CORRIDOR_STATUSES, "status": CORRIDOR_STATUSES},
}


def named_args(contract: Contract, event: Event) -> dict[str, Any]:
    """``event``'s arguments with each struct (a tuple when decoded) as a dict by field name."""
    entry = _event_abi(contract, event.name)
    if entry is None:
        return dict(event.args)
    params = {p["name"]: p for p in entry.get("inputs", [])}
    return {k: _named(params.get(k), v) for k, v in event.args.items()}


def _event_abi(contract: Contract, name: str) -> dict[str, Any] | None:
    for entry in contract.abi:
        if entry.get("type") == "event" and entry.get("name") == name:
            return entry
    return None


def _named(param: Mapping[str, Any] | None, value: Any) -> Any:
    if param is None:
        return value
    components = param.get("components")
    if components and isinstance(value, tuple) and not str(param["type"]).endswith("]"):
        return {c["name"]: _named(c, v) for c, v in zip(components, value, strict=True)}
    return value


def flat_args(args: Mapping[str, Any]) -> dict[str, Any]:
    """Struct fields as ``arg.field`` keys (other arguments unchanged)."""
    flat: dict[str, Any] = {}
    for key, value in args.items():
        if isinstance(value, dict):
            for inner, item in flat_args(value).items():
                flat[f"{key}.{inner}"] = item
        else:
            flat[key] = value
    return flat


def amount_keys(name: str, args: Mapping[str, Any]) -> frozenset[str]:
    """Which (flattened) arguments of event ``name`` are token amounts."""
    keys = AMOUNT_ARGS.get(name)
    if keys is not None:
        return keys
    return frozenset(  # an event the table does not know: read the argument names
        k
        for k, v in flat_args(args).items()
        if isinstance(v, int)
        and not isinstance(v, bool)
        and k.rsplit(".", 1)[-1] not in TIME_ARGS | DURATION_ARGS | PLAIN_ARGS
    )


def event_amounts(name: str, args: Mapping[str, Any], decimals: int) -> dict[str, str]:
    """The token amounts among ``args`` in token units (exact text; ``max`` for "none")."""
    keys = amount_keys(name, args)
    return {
        k: "max" if v == UNLIMITED else units_text(v, decimals)
        for k, v in flat_args(args).items()
        if k in keys and isinstance(v, int) and not isinstance(v, bool)
    }


def event_summary(name: str, args: Mapping[str, Any], decimals: int) -> str:
    """``Name(arg=value, ...)``: amounts in token units, times as dates, roles by name, structs
    as ``(field=value, ...)``, enums by name."""
    keys = amount_keys(name, args)
    enums = ENUM_ARGS.get(name, {})
    return f"{name}({_shown(args, keys, enums, decimals, '')})"


def _shown(
    args: Mapping[str, Any],
    keys: frozenset[str],
    enums: Mapping[str, tuple[str, ...]],
    decimals: int,
    prefix: str,
) -> str:
    plain = {k: v for k, v in args.items() if not isinstance(v, dict)}
    shown = show_args(plain, decimals)
    parts = []
    for key, value in args.items():
        path = prefix + key
        if isinstance(value, dict):
            parts.append(f"{key}=({_shown(value, keys, enums, decimals, path + '.')})")
            continue
        text = shown[key]
        is_number = isinstance(value, int) and not isinstance(value, bool)
        if is_number and key in enums and 0 <= value < len(enums[key]):
            text = enums[key][value]
        elif is_number and path in keys:
            text = show_arg("amount", value, decimals)
        elif is_number and key not in TIME_ARGS | DURATION_ARGS:
            text = str(value)  # numbers that are not amounts, times or durations
        parts.append(f"{key}={text}")
    return ", ".join(parts)


__all__ = [
    "AMOUNT_ARGS",
    "CORRIDOR_STATUSES",
    "ENUM_ARGS",
    "amount_keys",
    "event_amounts",
    "event_summary",
    "flat_args",
    "named_args",
]
