"""Validated user input: addresses and token amounts.

Users speak in token units (``"1_250.50"``) and checksummed or lower-case hex addresses; the
chain speaks in base units and checksummed addresses. Everything here rejects bad input with an
:class:`~compliance_kit.exceptions.InputError` naming the field, before anything is sent.
The ``Address`` annotated type brings the same checks to pydantic models.
"""

from __future__ import annotations

import re
from decimal import Decimal, localcontext
from typing import Annotated, Any

from pydantic import BeforeValidator

from compliance_kit.exceptions import InvalidAddress, InvalidAmount

UINT256_MAX = 2**256 - 1
#: Decimal precision for conversions: uint256 has 78 digits, plus room for any decimals
_PRECISION = 160

_HEX_ADDRESS = re.compile(r"^0x[0-9a-fA-F]{40}$")
_AMOUNT = re.compile(r"^[0-9]+(_[0-9]+)*(\.[0-9]+(_[0-9]+)*)?$")
#: the digits of ``UINT256_MAX``
_UINT256_DIGITS = len(str(UINT256_MAX))


def to_address(value: Any, field: str = "address") -> str:
    """``value`` as an EIP-55 checksummed address.

    All-lower-case and all-upper-case hex are accepted as is; mixed case must carry a valid
    checksum (a typo in a mixed-case address is caught, as wallets do).
    """
    from eth_utils import is_checksum_address, to_checksum_address

    if not isinstance(value, str):
        raise InvalidAddress(
            field, f"expected a 0x-prefixed hex address, got {type(value).__name__}"
        )
    text = value.strip()
    if not _HEX_ADDRESS.match(text):
        shown = text if len(text) <= 50 else text[:47] + "..."
        raise InvalidAddress(
            field, f"{shown!r} is not an address: expected 0x followed by 40 hex digits"
        )
    body = text[2:]
    if body != body.lower() and body != body.upper() and not is_checksum_address(text):
        raise InvalidAddress(
            field,
            f"{text} has an invalid EIP-55 checksum (mixed case that does not match): "
            "copy the address again from its source",
        )
    return to_checksum_address(text)


def to_base_units(value: Any, decimals: int, field: str = "amount") -> int:
    """Token units (``"1_250.50"``, ``Decimal``, or a whole ``int``) → integer base units.

    Rejects negatives, non-numbers, floats (binary fractions are not exact), more decimal places
    than the token has, and results beyond uint256. Text is ASCII digits only (``"١٢٣"`` and
    fullwidth ``"\uff11"`` are refused), and the conversion is exact whatever the number of digits.
    """
    if isinstance(value, bool | float):
        raise InvalidAmount(
            field, f"{value!r} is a {type(value).__name__}: pass amounts as strings like '1250.50'"
        )
    if isinstance(value, int):
        units = Decimal(value)
    elif isinstance(value, Decimal):
        units = value
    elif isinstance(value, str):
        text = value.strip()
        if text.startswith("-"):
            raise InvalidAmount(field, f"{_short(text)} is negative: amounts must be 0 or more")
        if not _AMOUNT.match(text):
            raise InvalidAmount(
                field,
                f"{_short(repr(text))} is not an amount: use digits with an optional decimal "
                "point, e.g. 1250.50 or 1_250.50",
            )
        units = Decimal(text.replace("_", ""))
    else:
        raise InvalidAmount(field, f"expected a number as a string, got {type(value).__name__}")
    if not units.is_finite():
        raise InvalidAmount(field, f"{value} is not a finite amount")
    if units < 0:
        raise InvalidAmount(field, f"{_short(str(units))} is negative: amounts must be 0 or more")
    # exact, digit by digit: Decimal arithmetic would round to the context's precision
    _, digits, exponent = units.as_tuple()
    assert isinstance(exponent, int)  # finite
    significant = "".join(map(str, digits)).lstrip("0")
    if not significant:
        return 0
    stripped = significant.rstrip("0")
    exponent += len(significant) - len(stripped)
    significant = stripped
    places = -exponent if exponent < 0 else 0
    if places > decimals:
        raise InvalidAmount(
            field,
            f"{_short(str(units))} has {places} decimal places; the token has {decimals}: "
            f"the smallest unit is {Decimal(1).scaleb(-decimals)}",
        )
    if len(significant) + exponent + decimals > _UINT256_DIGITS:
        base = UINT256_MAX + 1  # more digits than uint256 holds: too large, without converting
    else:
        base = int(significant) * 10 ** (exponent + decimals)
    if base > UINT256_MAX:
        raise InvalidAmount(
            field, f"{_short(str(units))} is too large: beyond the uint256 range of the token"
        )
    return base


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def from_base_units(value: int, decimals: int) -> Decimal:
    """Integer base units → exact ``Decimal`` token units."""
    with localcontext(prec=_PRECISION):
        return Decimal(value).scaleb(-decimals)


def format_units(value: int, decimals: int) -> str:
    """Base units as a readable token amount with thousands separators: ``1,250.5``."""
    amount = from_base_units(value, decimals)
    text = f"{amount:,f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


#: a pydantic field type: any accepted address form, stored checksummed
Address = Annotated[str, BeforeValidator(lambda v: to_address(v, "address"))]
