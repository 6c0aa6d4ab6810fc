"""Address and amount validation: every rejection names the field and changes nothing."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from compliance_kit.exceptions import InputError, InvalidAddress, InvalidAmount
from compliance_kit.units import (
    UINT256_MAX,
    format_units,
    from_base_units,
    to_address,
    to_base_units,
)

ALICE = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1250.50", 1_250_500_000),
        ("1_250.50", 1_250_500_000),
        ("0", 0),
        ("0.000001", 1),
        ("  7 ", 7_000_000),
        (Decimal("2.5"), 2_500_000),
        (3, 3_000_000),
    ],
)
def test_to_base_units_converts_exactly(text, expected):
    assert to_base_units(text, 6) == expected


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("-1", "negative"),
        ("1.0000001", "7 decimal places; the token has 6"),
        ("1." + "0" * 40 + "1", "41 decimal places; the token has 6"),
        ("1e6", "not an amount"),
        ("1,000", "not an amount"),
        ("", "not an amount"),
        ("NaN", "not an amount"),
        (1.5, "float"),
        (True, "bool"),
        (None, "expected a number"),
        (Decimal("-3"), "negative"),
        (Decimal("Infinity"), "not a finite amount"),
        (str(UINT256_MAX), "too large"),
    ],
)
def test_to_base_units_rejects_bad_amounts_naming_the_field(value, fragment):
    with pytest.raises(InvalidAmount) as info:
        to_base_units(value, 6, field="mint.amount")
    assert info.value.field == "mint.amount"
    assert str(info.value).startswith("mint.amount: ")
    assert fragment in str(info.value)


def test_largest_amount_that_fits_uint256_is_accepted():
    assert to_base_units(UINT256_MAX, 0) == UINT256_MAX
    with pytest.raises(InvalidAmount):
        to_base_units(UINT256_MAX + 1, 0)


@given(st.integers(min_value=0, max_value=UINT256_MAX), st.integers(min_value=0, max_value=30))
def test_base_units_round_trip(value, decimals):
    assert to_base_units(from_base_units(value, decimals), decimals) == value


@given(st.text(max_size=40))
def test_arbitrary_text_is_either_an_amount_or_a_named_input_error(text):
    try:
        result = to_base_units(text, 6)
    except InputError as exc:
        error = exc
    else:
        assert result >= 0
        return
    assert error.field == "amount"


def test_format_units_is_readable():
    assert format_units(1_250_500_000, 6) == "1,250.5"
    assert format_units(0, 6) == "0"
    assert format_units(10**24, 18) == "1,000,000"


@pytest.mark.parametrize("form", [ALICE, ALICE.lower(), "0x" + ALICE[2:].upper()])
def test_to_address_accepts_and_checksums(form):
    assert to_address(form) == ALICE


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("0x1234", "40 hex digits"),
        ("70997970C51812dc3A010C7d01b50e0d17dc79C8", "40 hex digits"),
        ("0x70997970C51812dc3A010C7d01b50e0d17dc79Cz", "40 hex digits"),
        ("0x70997970c51812dc3A010C7d01b50e0d17dc79C8", "checksum"),
        (12345, "got int"),
    ],
)
def test_to_address_rejects_malformed_addresses(value, fragment):
    with pytest.raises(InvalidAddress) as info:
        to_address(value, field="to")
    assert info.value.field == "to"
    assert fragment in str(info.value)
