"""Hostile input to the kit's value parsers: ``compliance_kit.units`` and ``admin.values``.

Property: every input is either read exactly (amounts: as an independent reading of the text
would, see ``strategies.reference_base_units``) or refused with an ``InputError`` whose ``field``
is the one given and whose message starts with it; never a raw ``ValueError``, ``TypeError``,
``OverflowError`` or ``KeyError``. The bugs found (tests/reliability/bugs.py) are pinned at
the end by ``xfail(strict=True)`` tests and left out of the general properties.

Behaviour recorded, not judged a bug: Unicode decimal digits (Arabic-Indic, fullwidth, ...) are
read as their values by amounts, tiers, jurisdictions, durations and basis points (as ``Decimal``
and ``int`` read them).
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
from reliability.bugs import B1, B3, B9
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


def _clean(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Without the inputs of the pinned bugs (built once: hypothesis validates on first use)."""
    return strategy.filter(lambda v: not hs.known_bug(v))


PARSERS: dict[str, tuple[Callable[..., Any], Any, Callable[[Any], bool]]] = {
    "tier": (values.kyc_tier, _clean(hs.bad_tiers()), lambda v: 1 <= v <= 4),
    "jurisdiction": (values.jurisdiction, _clean(hs.bad_jurisdictions()), lambda v: 1 <= v <= 999),
    "expiry": (values.timestamp, _clean(hs.bad_times()), lambda v: 0 <= v < 2**40),
    "sla": (values.duration, _clean(hs.bad_durations()), lambda v: 0 <= v < 2**32),
    "fee_bps": (values.basis_points, _clean(hs.bad_basis_points()), lambda v: 0 <= v <= 10_000),
    "order_ref": (values.reference, _clean(hs.bad_references()), lambda v: len(v) == 32),
    "role": (values.role_name, _clean(hs.bad_role_names()), lambda v: v in values.ROLE_IDS),
}
ANY_TEXT = _clean(st.one_of(hs.numberish_text(), st.text(max_size=40)))


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


# --- bugs found ----------------------------------------------------------------------------------


@pytest.mark.xfail(strict=True, reason=B1)
@pytest.mark.parametrize(
    ("field", "parse"),
    [
        ("tier", values.kyc_tier),
        ("jurisdiction", values.jurisdiction),
        ("expiry", values.timestamp),
    ],
)
def test_B1_non_decimal_digits_are_refused_naming_the_field(  # noqa: N802
    field: str, parse: Callable[..., Any]
) -> None:
    _refused(InputError, lambda: parse("\u00b2", field), field)


@pytest.mark.xfail(strict=True, reason=B3)
@pytest.mark.parametrize(
    ("field", "parse"),
    [
        ("jurisdiction", values.jurisdiction),
        ("sla", values.duration),
        ("fee_bps", values.basis_points),
    ],
)
def test_B3_very_long_digit_strings_are_refused(  # noqa: N802
    field: str, parse: Callable[..., Any]
) -> None:
    _refused(InputError, lambda: parse("9" * 5_000, field), field)


@pytest.mark.xfail(strict=True, reason=B9)
@pytest.mark.parametrize(
    ("field", "parse"),
    [("order_ref", values.reference), ("report", lambda text, field: report_hash(text))],
    ids=["reference", "report_hash"],
)
def test_B9_a_lone_surrogate_is_refused_naming_the_field(  # noqa: N802
    field: str, parse: Callable[..., Any]
) -> None:
    """Python decodes non-UTF-8 command-line bytes to lone surrogates (``'\\udcff'``)."""
    _refused(InputError, lambda: parse("ORDER-\udcff", field), field)
