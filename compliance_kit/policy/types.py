"""Value types shared by the policy models: exact amounts, thresholds, jurisdiction codes.

Amounts are in the profile's currency units and kept as exact ``Decimal``: strings (``"1_000.50"``),
integers and ``Decimal`` are accepted; floats are refused (a binary fraction is not the amount the
user wrote). TOML and YAML files are parsed with their decimal literals read as ``Decimal``, so a
file may write ``1000.50`` unquoted.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    model_validator,
)
from pydantic_core import PydanticCustomError

from compliance_kit.exceptions import InvalidAmount

#: the largest amount a profile may state (10^15 currency units): with at most 18 token decimals,
#: every amount then fits the token's uint128 fields in base units
MAX_AMOUNT = Decimal(10**15)
#: the most decimal places an amount may have (a token has at most 18 decimals)
MAX_PLACES = 18

_AMOUNT_TEXT = re.compile(r"^-?\d+(_\d+)*(\.\d+(_\d+)*)?$")


class StrictModel(BaseModel):
    """Base of every policy model: unknown keys are errors, instances are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def decimal_places(value: Decimal) -> int:
    """How many decimal places ``value`` really has (trailing zeros do not count)."""
    _, digits, exponent = value.as_tuple()
    if not isinstance(exponent, int) or exponent >= 0:
        return 0
    places = -exponent
    for digit in reversed(digits):
        if digit != 0 or places == 0:
            break
        places -= 1
    return places


def parse_decimal(value: Any) -> Decimal:
    """An exact ``Decimal`` from a string, int or Decimal; refuses floats, bools and non-numbers."""
    if isinstance(value, bool | float):
        raise PydanticCustomError(
            "amount_inexact",
            "a {kind} is not exact: write amounts as strings such as '1000.50'",
            {"kind": type(value).__name__},
        )
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise PydanticCustomError("amount_not_finite", "an amount must be a finite number")
        return Decimal(f"{value:f}")  # 1E+3 -> 1000: plain notation in dumps and manifests
    if isinstance(value, str):
        text = value.strip()
        if not _AMOUNT_TEXT.match(text):
            raise PydanticCustomError(
                "amount_text",
                "not an amount: use digits with an optional decimal point, e.g. '1000.50' or "
                "'1_000'",
            )
        return Decimal(text.replace("_", ""))
    raise PydanticCustomError(
        "amount_type", "expected an amount as a string such as '1000.50' or an integer"
    )


def _check_amount(value: Decimal) -> Decimal:
    if value < 0 or value > MAX_AMOUNT:
        raise PydanticCustomError(
            "amount_range",
            "must be between 0 and 1_000_000_000_000_000 currency units",
        )
    if decimal_places(value) > MAX_PLACES:
        raise PydanticCustomError(
            "amount_places", "has more than {places} decimal places", {"places": MAX_PLACES}
        )
    return value


#: an exact, non-negative amount in currency units (at most 10^15, at most 18 decimal places)
Amount = Annotated[Decimal, BeforeValidator(parse_decimal), AfterValidator(_check_amount)]

#: an ISO 3166-1 numeric country code, as the token stores it (1..999)
Jurisdiction = Annotated[int, Field(ge=1, le=999, strict=True)]


class Threshold(StrictModel):
    """An amount from which a rule applies: ``amount`` or more, or only above it.

    Written as a bare amount (``threshold = "3000"``: 3,000 or more) or as a table
    (``{ amount = "1500", inclusive = false }``: more than 1,500). ``0`` inclusive = every transfer.
    """

    amount: Amount
    inclusive: StrictBool = True

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, data: Any) -> Any:
        return data if isinstance(data, dict | Threshold) else {"amount": data}

    def applies(self, amount: Decimal | int | str) -> bool:
        """Whether a transfer of ``amount`` (currency units) falls under the rule."""
        try:
            value = parse_decimal(amount)
        except PydanticCustomError as exc:
            raise InvalidAmount("amount", exc.message()) from None
        return value >= self.amount if self.inclusive else value > self.amount

    def is_stricter_than(self, other: Threshold) -> bool:
        """Whether this threshold applies to more amounts than ``other`` (ties: inclusive wins)."""
        if self.amount != other.amount:
            return self.amount < other.amount
        return self.inclusive and not other.inclusive

    def __str__(self) -> str:
        return f"{'≥' if self.inclusive else '>'} {self.amount}"


def strictest(first: Threshold, second: Threshold) -> Threshold:
    """The threshold that applies to more amounts (``first`` on a tie)."""
    return second if second.is_stricter_than(first) else first
