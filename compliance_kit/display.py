"""How decoded event and error arguments read in reports: amounts, times, durations, names.

Solidity arguments are plain integers; their names say what they are. ``show_arg`` uses the name
to print token amounts in token units, timestamps as UTC dates, durations in days or seconds, and
leaves counters, codes and ids as they are.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from compliance_kit.units import format_units

#: argument names that hold points in time (unix seconds)
TIME_ARGS = frozenset(
    {
        "expiry",
        "expiredAt",
        "currentTime",
        "asOf",
        "dueBy",
        "fulfilledAt",
        "requestedAt",
        "deadline",
        "retryAt",
    }
)
#: argument names that hold durations in seconds
DURATION_ARGS = frozenset(
    {"maxAge", "slaSeconds", "maxStaleness", "previous_sla", "window", "minWindow", "maxWindow"}
)
#: argument names that hold plain numbers (not token amounts)
PLAIN_ARGS = frozenset(
    {
        "tier",
        "jurisdiction",
        "id",
        "index",
        "code",
        "nonce",
        "expected",
        "given",
        "feeBps",
        "maxBps",
        "bits",
        "decimals",
        "maxDecimals",
        "mode",
        "roundId",
        "maxTransfers",
        "fromJurisdiction",
        "toJurisdiction",
        "status",
        "homeJurisdiction",
        "transfers",
    }
)
#: what the contracts return for "no limit" / "no threshold" (shown, and written in scenarios, as
#: ``max``)
UNLIMITED = 2**256 - 1


def show_arg(key: str, value: Any, decimals: int) -> str:
    """``value`` of the argument called ``key`` as a person reads it."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, bytes):
        text = value.rstrip(b"\0")
        if text and all(32 <= byte < 127 for byte in text):
            return text.decode()
        return "0x" + value.hex()[:8] + "…"
    if isinstance(value, int):
        if value == UNLIMITED:
            return "max"
        if key in TIME_ARGS:
            if not value:
                return "never"
            return show_time(value)
        if key in DURATION_ARGS:
            return show_duration(value)
        if key in PLAIN_ARGS:
            return str(value)
        return format_units(value, decimals)
    return str(value)


def utc_time(seconds: int, fmt: str = "%Y-%m-%d %H:%M") -> str | None:
    """Unix ``seconds`` as a UTC date by ``fmt``; None when no date shows it (before year 1 or
    after 9999: a ``uint40`` reaches year 36812)."""
    try:
        return datetime.fromtimestamp(seconds, UTC).strftime(fmt)
    except (ValueError, OverflowError, OSError):
        return None


def show_time(seconds: int, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """Unix ``seconds`` as a UTC date by ``fmt``, or the raw number when no date shows it; never
    raises (it renders whatever the chain returns, and error messages)."""
    text = utc_time(seconds, fmt)
    if text is not None:
        return text
    try:
        return str(seconds)
    except ValueError:  # beyond Python's int-to-text digit limit
        return "a number too long to show"


def show_duration(seconds: int) -> str:
    """``seconds`` in the largest whole unit: ``1 d``, ``6 h``, ``10 m``, ``90 s``."""
    for unit, size in (("d", 86_400), ("h", 3_600), ("m", 60)):
        if seconds and seconds % size == 0:
            return f"{seconds // size} {unit}"
    return f"{seconds} s"
