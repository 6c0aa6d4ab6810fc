"""Validated admin inputs that ``compliance_kit.units`` does not cover, and JSON-ready output.

Each function raises :class:`~compliance_kit.exceptions.InputError` naming the field, before
anything is sent: order references (text → ``bytes32``), KYC tiers, ISO 3166-1 jurisdictions,
points in time, durations, basis points and role names.

Numbers written as text are ASCII digits only: other Unicode digits (Arabic-Indic ``١٢٣``,
fullwidth ``"\uff11"``, superscript ``²``) are refused, so what a person reads is what is sent.
Digit strings longer than :data:`MAX_DIGITS` are refused before any conversion.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from eth_utils import keccak

from compliance_kit.display import utc_time
from compliance_kit.exceptions import InputError
from compliance_kit.system.config import ROLES
from compliance_kit.units import from_base_units

#: KYC tiers of the token (``TIER_*`` constants)
TIERS = {"retail": 1, "professional": 2, "institution": 3, "issuer_treasury": 4}
TIER_NAMES = {number: name for name, number in TIERS.items()}
#: the token's roles (MINTER_ROLE too), the attestor's and the travel-rule registry's, by name
#: (``DEFAULT_ADMIN_ROLE`` is zero)
ROLE_IDS: dict[str, bytes] = {
    "DEFAULT_ADMIN_ROLE": ROLES["DEFAULT_ADMIN_ROLE"],
    "MINTER_ROLE": keccak(text="MINTER_ROLE"),
    **ROLES,
}
ROLE_NAMES = tuple(ROLE_IDS)
ROLE_BY_ID: dict[bytes, str] = {role_id: name for name, role_id in ROLE_IDS.items()}

#: the latest point in time the contracts store: ``uint40`` (attestation ``asOf``, the ABI of
#: KYC expiries); :func:`timestamp` refuses anything later
TIME_MAX = 2**40 - 1
#: the latest KYC expiry: the token keeps it in 32 bits (``InvalidKycExpiry`` beyond)
KYC_EXPIRY_MAX = 2**32 - 1
#: the longest digit string read as a number (uint256 has 78 digits; every field here far fewer)
MAX_DIGITS = 78

_HEX32 = re.compile(r"^0x[0-9a-fA-F]{64}$")
_DURATION = re.compile(r"^([0-9]+)\s*([smhdw]?)$")
_UNIT_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3_600, "d": 86_400, "w": 604_800}


def is_ascii_digits(text: str) -> bool:
    """Whether ``text`` is one or more ASCII digits ``0-9`` (``str.isdigit`` is also true for
    ``²`` and ``①``, and ``str.isdecimal`` for every script's digits)."""
    return text.isascii() and text.isdigit()


def whole_number(text: str, field: str) -> int:
    """ASCII digits (as :func:`is_ascii_digits` checked) as an ``int``; refused, naming
    ``field``, beyond :data:`MAX_DIGITS` digits (Python refuses to convert 4,300 or more)."""
    if len(text) > MAX_DIGITS:
        raise InputError(
            field, f"a number of {len(text):,} digits is far too long (at most {MAX_DIGITS})"
        )
    return int(text)


def shown(value: Any, limit: int = 60) -> str:
    """``repr(value)`` for an error message: shortened past ``limit`` characters, and never
    failing (an ``int`` beyond Python's text-conversion limit is described, not printed)."""
    try:
        text = repr(value)
    except ValueError:
        text = f"<an integer of about {int(value.bit_length() * 0.30103):,} digits>"
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _dated(seconds: int) -> str:
    """`` (YYYY-MM-DD HH:MM UTC)`` for a message, or nothing when no date shows ``seconds``."""
    day = utc_time(seconds)
    return f" ({day} UTC)" if day else ""


def utf8(text: str, field: str) -> bytes:
    """``text`` as UTF-8 bytes; refused, naming ``field``, when it holds a lone surrogate (what
    Python makes of bytes on a command line or in a file name that are not UTF-8)."""
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError as exc:
        bad = text[exc.start]
        raise InputError(
            field,
            f"{shown(text)} is not valid text: it holds U+{ord(bad):04X}, a lone surrogate "
            "(bytes that were not UTF-8, e.g. from the command line): write it again as UTF-8",
        ) from None


def reference(value: Any, field: str = "order_ref") -> bytes:
    """A lawful-order or payment reference as ``bytes32``.

    Text (``"HK-HCMP-2026-0042"``) is stored as its UTF-8 bytes, left-aligned and zero-padded, so
    the chain's events read back as the same text; ``0x`` + 64 hex digits is taken as is.
    Empty, all-zero and longer-than-32-byte references are refused.
    """
    if isinstance(value, bytes):
        raw = value
        if len(raw) > 32:
            raise InputError(field, f"{len(raw)} bytes is too long: a reference holds 32 bytes")
        raw = raw.ljust(32, b"\0")
    elif isinstance(value, str):
        text = value.strip()
        if not text:
            raise InputError(field, "empty: every lawful order or payment needs its reference")
        if _HEX32.match(text):
            raw = bytes.fromhex(text[2:])
        else:
            encoded = utf8(text, field)
            if len(encoded) > 32:
                raise InputError(
                    field,
                    f"{shown(text)} is {len(encoded)} bytes long; a reference holds at most 32 "
                    "(UTF-8): shorten it, or pass the 0x-hex hash of the full reference",
                )
            raw = encoded.ljust(32, b"\0")
    else:
        raise InputError(field, f"expected text, got {type(value).__name__}")
    if raw == b"\0" * 32:
        raise InputError(field, "the zero reference is not a reference")
    return raw


def kyc_tier(value: Any, field: str = "tier") -> int:
    """A KYC tier: 1-4 or its name (``retail``, ``professional``, ``institution``,
    ``issuer_treasury``)."""
    if isinstance(value, str):
        text = value.strip().lower().replace("-", "_").replace(" ", "_")
        if text in TIERS:
            return TIERS[text]
        if not is_ascii_digits(text):
            raise InputError(field, f"{shown(value)} is not a tier: use 1-4 or {', '.join(TIERS)}")
        value = whole_number(text, field)
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 4:
        raise InputError(
            field,
            f"{shown(value)} is not a tier: use 1 retail, 2 professional, 3 institution, "
            "4 issuer treasury",
        )
    return value


def jurisdiction(value: Any, field: str = "jurisdiction") -> int:
    """An ISO 3166-1 numeric country code, 1-999 (``840``, ``"344"``, ``"036"``)."""
    if isinstance(value, str) and is_ascii_digits(value.strip()):
        value = whole_number(value.strip(), field)
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 999:
        raise InputError(
            field, f"{shown(value)} is not an ISO 3166-1 numeric country code (1-999), e.g. 840 US"
        )
    return value


def timestamp(value: Any, field: str = "time", *, maximum: int = TIME_MAX) -> int:
    """A point in time as unix seconds: an ``int``, an aware ``datetime``, a ``date`` (midnight
    UTC), or ISO text (``"2027-01-31"``, ``"2027-01-31T12:00:00+00:00"``; naive means UTC).

    ``maximum`` is the latest time the receiving contract stores: :data:`TIME_MAX` (``uint40``)
    by default, :data:`KYC_EXPIRY_MAX` (32 bits) for KYC expiries."""
    if isinstance(value, bool):
        raise InputError(field, f"{value!r} is not a point in time")
    if isinstance(value, int):
        if value < 0:
            raise InputError(field, f"{shown(value)} is before 1970: not a unix time")
        if value > maximum:
            raise InputError(
                field,
                f"{shown(value)}{_dated(value)} is too late: the contract stores times up to "
                f"{maximum}{_dated(maximum)}",
            )
        return value
    if isinstance(value, str):
        text = value.strip()
        if is_ascii_digits(text):
            return timestamp(whole_number(text, field), field, maximum=maximum)
        try:
            value = datetime.fromisoformat(text)
        except ValueError:
            raise InputError(
                field,
                f"{shown(value)} is not a date: use YYYY-MM-DD, an ISO date-time or unix seconds",
            ) from None
    if isinstance(value, datetime):
        moment = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
        return timestamp(int(moment.timestamp()), field, maximum=maximum)
    if isinstance(value, date):
        midnight = datetime(value.year, value.month, value.day, tzinfo=UTC)
        return timestamp(int(midnight.timestamp()), field, maximum=maximum)
    raise InputError(field, f"expected a date or unix seconds, got {type(value).__name__}")


def duration(value: Any, field: str = "duration", *, maximum: int = 2**32 - 1) -> int:
    """A duration in whole seconds: an ``int``, a ``timedelta`` or text (``"36h"``, ``"2d"``)."""
    if isinstance(value, timedelta):
        seconds = value.total_seconds()
        if seconds != int(seconds):
            raise InputError(field, f"{value} is not a whole number of seconds")
        value = int(seconds)
    elif isinstance(value, str):
        match = _DURATION.match(value.strip().lower())
        if match is None:
            raise InputError(
                field, f"{shown(value)} is not a duration: use seconds, or 36h, 2d, 1w"
            )
        value = whole_number(match[1], field) * _UNIT_SECONDS[match[2]]
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= maximum:
        raise InputError(field, f"{shown(value)} is not a duration from 0 to {maximum:,} seconds")
    return value


def basis_points(value: Any, field: str = "bps", *, low: int = 0, high: int = 10_000) -> int:
    """Whole basis points in ``[low, high]``."""
    if isinstance(value, str):
        text = value.strip()
        digits = text.removeprefix("-")
        if is_ascii_digits(digits):
            number = whole_number(digits, field)
            value = -number if text.startswith("-") else number
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InputError(field, f"{shown(value)} is not whole basis points from {low} to {high}")
    return value


def role_name(value: str, field: str = "role") -> str:
    """The canonical name of a role: ``KYC_OPERATOR_ROLE``, ``kyc_operator``, ``kyc-operator``,
    ``admin`` (the default admin)."""
    text = str(value).strip().upper().replace("-", "_").replace(" ", "_")
    if text in ("ADMIN", "DEFAULT_ADMIN"):
        text = "DEFAULT_ADMIN_ROLE"
    if not text.endswith("_ROLE"):
        text += "_ROLE"
    if text not in ROLE_IDS:
        known = ", ".join(n.removesuffix("_ROLE").lower() for n in ROLE_NAMES)
        raise InputError(field, f"{shown(value)} is not a role: use one of {known}")
    return text


def to_units(base: int, decimals: int) -> Decimal:
    """Base units → exact token units without trailing zeros (``Decimal("1250.5")``)."""
    return Decimal(units_text(base, decimals))


def units_text(base: int, decimals: int) -> str:
    """Base units as exact token units without separators (``"1250.5"``): for JSON and CSV."""
    text = format(from_base_units(base, decimals), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def decimal_text(value: Decimal) -> str:
    """An exact ``Decimal`` as plain text without trailing zeros (``"1250.5"``, ``"0"``)."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def jsonable(value: Any) -> Any:
    """A decoded value as JSON data: bytes as 0x-hex, Decimal as exact text, tuples as lists."""
    if isinstance(value, bytes):
        return "0x" + value.hex()
    if isinstance(value, Decimal):
        return decimal_text(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    return value


__all__ = [
    "KYC_EXPIRY_MAX",
    "MAX_DIGITS",
    "ROLE_BY_ID",
    "ROLE_IDS",
    "ROLE_NAMES",
    "TIERS",
    "TIER_NAMES",
    "TIME_MAX",
    "basis_points",
    "decimal_text",
    "duration",
    "is_ascii_digits",
    "jsonable",
    "jurisdiction",
    "kyc_tier",
    "reference",
    "role_name",
    "shown",
    "timestamp",
    "to_units",
    "units_text",
    "utf8",
    "whole_number",
]
