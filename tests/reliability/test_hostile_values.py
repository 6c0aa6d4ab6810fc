"""Hostile input to the kit's value parsers: ``compliance_kit.units`` and ``admin.values``.

Property: every input is either read exactly (amounts: as an independent reading of the text
would, see ``strategies.reference_base_units``) or refused with an ``InputError`` whose ``field``
is the one given and whose message starts with it; never a raw ``ValueError``, ``TypeError``,
``OverflowError``, ``KeyError`` or ``UnicodeEncodeError``. The bugs found here (B1, B3, B9 in
tests/reliability/bugs.py) are fixed; their inputs are back in the general properties, and the
regression tests at the end check each one's clear error.

Numbers written as text are ASCII digits only: Unicode decimal digits (Arabic-Indic ``"١٢٣"``,
fullwidth, ...) are refused by amounts, tiers, jurisdictions, times, durations and basis points
(before the fix of B1 they were read as their values, as ``Decimal`` and ``int`` read them).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compliance_kit.admin import values
from compliance_kit.admin.reserves import report_hash
from compliance_kit.exceptions import InputError, InvalidAddress, InvalidAmount
from compliance_kit.units import to_address, to_base_units
from reliability import strategies as hs
from reliability.helpers import examples

HEALTH = [HealthCheck.too_slow, HealthCheck.filter_too_much]
QUICK = settings(max_examples=examples(200), deadline=None, suppress_health_check=HEALTH)
PER_PARSER = settings(max_examples=examples(60), deadline=None, suppress_health_check=HEALTH)


def _refused(error: type[InputError], call: Callable[[], object], field: str) -> InputError:
    with pytest.raises(error) as info:
        call()
    exc = info.value
    assert exc.field == field
    assert str(exc).startswith(f"{field}: ")
    assert exc.message.strip(), "the message says what is wrong"
    return exc


# --- units ---------------------------------------------------------------------------------------


@QUICK
@given(value=hs.bad_amounts(6))
def test_bad_amounts_are_refused_naming_the_field(value: Any) -> None:
    _refused(InvalidAmount, lambda: to_base_units(value, 6, "mint.amount"), "mint.amount")


@QUICK
@given(text=hs.amount_like_text(), decimals=st.sampled_from([0, 2, 6, 18]))
def test_amount_text_is_read_exactly_or_refused(text: str, decimals: int) -> None:
    """An oracle for every amount the kit reads: exactly what an independent reading gives."""
    expected = hs.reference_base_units(text, decimals)
    if expected is None:
        _refused(InvalidAmount, lambda: to_base_units(text, decimals, "amount"), "amount")
    else:
        assert to_base_units(text, decimals, "amount") == expected


@QUICK
@given(value=hs.bad_addresses())
def test_bad_addresses_are_refused_naming_the_field(value: Any) -> None:
    _refused(InvalidAddress, lambda: to_address(value, "to"), "to")


@QUICK
@given(address=hs.addresses, pad=st.sampled_from(["", " ", "\t", "\n "]))
def test_every_correct_form_of_an_address_reads_as_its_checksum(address: str, pad: str) -> None:
    for form in (address, address.lower(), "0x" + address[2:].upper()):
        assert to_address(pad + form + pad, "to") == address


# --- admin.values --------------------------------------------------------------------------------


PARSERS: dict[str, tuple[Callable[..., Any], Any, Callable[[Any], bool]]] = {
    "tier": (values.kyc_tier, hs.bad_tiers(), lambda v: 1 <= v <= 4),
    "jurisdiction": (values.jurisdiction, hs.bad_jurisdictions(), lambda v: 1 <= v <= 999),
    "expiry": (values.timestamp, hs.bad_times(), lambda v: 0 <= v < 2**40),
    "sla": (values.duration, hs.bad_durations(), lambda v: 0 <= v < 2**32),
    "fee_bps": (values.basis_points, hs.bad_basis_points(), lambda v: 0 <= v <= 10_000),
    "order_ref": (values.reference, hs.bad_references(), lambda v: len(v) == 32),
    "role": (values.role_name, hs.bad_role_names(), lambda v: v in values.ROLE_IDS),
}
ANY_TEXT = st.one_of(hs.numberish_text(), st.text(max_size=40), hs.with_surrogate)


@pytest.mark.parametrize("field", list(PARSERS))
@PER_PARSER
@given(data=st.data())
def test_bad_admin_values_are_refused_naming_the_field(field: str, data: st.DataObject) -> None:
    parse, bad, _ = PARSERS[field]
    value = data.draw(bad, label=field)
    _refused(InputError, lambda: parse(value, field), field)


@pytest.mark.parametrize("field", list(PARSERS))
@PER_PARSER
@given(data=st.data())
def test_any_text_is_a_value_in_range_or_a_named_refusal(field: str, data: st.DataObject) -> None:
    parse, _, in_range = PARSERS[field]
    text = data.draw(ANY_TEXT)
    try:
        value = parse(text, field)
    except InputError as exc:
        error = exc
    else:
        assert in_range(value), f"{text!r} read as {value!r}"
        return
    assert error.field == field


# --- regressions of the bugs found (bugs.py) ------------------------------------------------------

#: digits ``str.isdigit()`` accepts but ``int()`` refuses (B1), and other scripts' decimal digits
#: ``int()`` would read (refused too: ASCII only)
NOT_ASCII_DIGITS = ["\u00b2", "\u2460", "\u0661\u0662\u0663", "\uff18\uff14\uff10", "8\u0664\u0660"]
WHOLE_NUMBER_PARSERS = [
    ("tier", values.kyc_tier),
    ("jurisdiction", values.jurisdiction),
    ("expiry", values.timestamp),
    ("sla", values.duration),
    ("fee_bps", values.basis_points),
]


@pytest.mark.parametrize("text", NOT_ASCII_DIGITS)
@pytest.mark.parametrize(("field", "parse"), WHOLE_NUMBER_PARSERS)
def test_digits_other_than_ascii_are_refused_naming_the_field(
    field: str, parse: Callable[..., Any], text: str
) -> None:
    """B1: ``str.isdigit()`` guarded ``int()``; now only ``0-9`` are digits."""
    _refused(InputError, lambda: parse(text, field), field)


@pytest.mark.parametrize("text", ["\u00b2", "\u0661\u0662\u0663", "\uff11\uff12"])
def test_amounts_are_ascii_digits_only(text: str) -> None:
    exc = _refused(InvalidAmount, lambda: to_base_units(text, 6, "amount"), "amount")
    assert "not an amount" in exc.message


@pytest.mark.parametrize(("field", "parse"), WHOLE_NUMBER_PARSERS)
@pytest.mark.parametrize("text", ["9" * 5_000, "0" * 5_000 + "1"], ids=["nines", "zeros"])
def test_very_long_digit_strings_are_refused(
    field: str, parse: Callable[..., Any], text: str
) -> None:
    """B3: beyond 4,300 digits ``int()`` raised its own ValueError; the parsers refuse digit
    strings longer than ``values.MAX_DIGITS`` first."""
    exc = _refused(InputError, lambda: parse(text, field), field)
    assert "too long" in exc.message
    assert len(str(exc)) < 200, "the message does not repeat the digits"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1." + "0" * 300, 1_000_000),  # trailing zeros far behind the point: exact
        ("1." + "0" * 200 + "1", None),  # a last digit there: refused, not rounded to 1
        ("9" * 5_000, None),
        ("0" * 5_000 + "7.5", 7_500_000),
    ],
)
def test_long_amounts_are_exact_or_refused(text: str, expected: int | None) -> None:
    """Decimal arithmetic rounded to 160 digits: ``1.(200 zeros)1`` read as exactly 1."""
    assert hs.reference_base_units(text, 6) == expected
    if expected is None:
        _refused(InvalidAmount, lambda: to_base_units(text, 6, "amount"), "amount")
    else:
        assert to_base_units(text, 6, "amount") == expected


def test_a_time_beyond_the_contracts_bound_is_refused() -> None:
    """B2: times are bounded by what the contracts store (uint40; KYC expiries 32 bits)."""
    year_10000 = 253_402_300_800
    assert values.timestamp(year_10000, "as_of") == year_10000  # uint40 holds it
    for value in (year_10000, "9999-12-31T23:59:59-12:00", 2**32, "2106-02-08"):
        exc = _refused(
            InputError,
            lambda v=value: values.timestamp(v, "expiry", maximum=values.KYC_EXPIRY_MAX),
            "expiry",
        )
        assert "too late" in exc.message
    assert values.timestamp(2**32 - 1, "expiry", maximum=values.KYC_EXPIRY_MAX) == 2**32 - 1
    _refused(InputError, lambda: values.timestamp(2**40, "as_of"), "as_of")


@pytest.mark.parametrize(
    ("field", "parse"),
    [("order_ref", values.reference), ("report", lambda text, field: report_hash(text))],
    ids=["reference", "report_hash"],
)
def test_a_lone_surrogate_is_refused_naming_the_field(
    field: str, parse: Callable[..., Any]
) -> None:
    """B9: Python decodes non-UTF-8 command-line bytes to lone surrogates (``'\\udcff'``)."""
    exc = _refused(InputError, lambda: parse("ORDER-\udcff", field), field)
    assert "surrogate" in exc.message
