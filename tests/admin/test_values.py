"""Admin inputs: references, tiers, jurisdictions, times, durations, roles; each names its field."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from compliance_kit.admin.values import (
    ROLE_IDS,
    basis_points,
    decimal_text,
    duration,
    jsonable,
    jurisdiction,
    kyc_tier,
    reference,
    role_name,
    timestamp,
    units_text,
)
from compliance_kit.exceptions import InputError


def test_reference_stores_text_left_aligned():
    assert reference("HK-HCMP-2026-0042") == b"HK-HCMP-2026-0042".ljust(32, b"\0")


def test_reference_takes_a_hex_hash_as_is():
    digest = "0x" + "ab" * 32
    assert reference(digest) == bytes.fromhex("ab" * 32)


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("x" * 33, "33 bytes long"),
        ("é" * 17, "34 bytes long"),
        ("0x" + "00" * 32, "zero reference"),
        (b"\0" * 32, "zero reference"),
        (42, "expected text"),
    ],
)
def test_reference_refuses_empty_zero_and_too_long(value, fragment):
    with pytest.raises(InputError, match=fragment) as caught:
        reference(value, "order_ref")
    assert caught.value.field == "order_ref"


@pytest.mark.parametrize(
    ("value", "tier"), [(1, 1), ("2", 2), ("institution", 3), ("Issuer-Treasury", 4)]
)
def test_tiers_by_number_or_name(value, tier):
    assert kyc_tier(value) == tier


@pytest.mark.parametrize("value", [0, 5, "gold", True, 1.0])
def test_bad_tiers_are_refused(value):
    with pytest.raises(InputError, match="tier"):
        kyc_tier(value)


@pytest.mark.parametrize(("value", "code"), [(840, 840), ("344", 344), ("036", 36)])
def test_jurisdictions(value, code):
    assert jurisdiction(value) == code


@pytest.mark.parametrize("value", [0, 1000, "US", -1, None])
def test_bad_jurisdictions_name_the_field(value):
    with pytest.raises(InputError) as caught:
        jurisdiction(value)
    assert caught.value.field == "jurisdiction"


def test_points_in_time():
    assert timestamp("2027-01-31") == int(datetime(2027, 1, 31, tzinfo=UTC).timestamp())
    assert timestamp(date(2027, 1, 31)) == timestamp("2027-01-31")
    assert timestamp("2027-01-31T12:00:00+02:00") == timestamp("2027-01-31T10:00:00")
    assert timestamp("1800000000") == 1_800_000_000


@pytest.mark.parametrize("value", ["31/01/2027", "soon", -5, 2**41, True])
def test_bad_points_in_time(value):
    with pytest.raises(InputError) as caught:
        timestamp(value, "expiry")
    assert caught.value.field == "expiry"


def test_durations():
    assert duration("36h") == 129_600
    assert duration("2d") == 172_800
    assert duration(timedelta(weeks=1)) == 604_800
    assert duration(90) == 90
    with pytest.raises(InputError, match="duration"):
        duration("forever", "sla")
    with pytest.raises(InputError, match="whole number of seconds"):
        duration(timedelta(milliseconds=1))


def test_basis_points_range():
    assert basis_points("25") == 25
    with pytest.raises(InputError, match="0 to 10000"):
        basis_points(10_001, "fee_bps")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("kyc_operator", "KYC_OPERATOR_ROLE"),
        ("kyc-operator", "KYC_OPERATOR_ROLE"),
        ("PAUSER_ROLE", "PAUSER_ROLE"),
        ("admin", "DEFAULT_ADMIN_ROLE"),
    ],
)
def test_role_names(text, name):
    assert role_name(text) == name
    assert name in ROLE_IDS


def test_unknown_role_lists_the_known_ones():
    with pytest.raises(InputError, match="kyc_operator"):
        role_name("superuser")


def test_amount_text_is_exact():
    assert units_text(1_250_500_000, 6) == "1250.5"
    assert units_text(0, 6) == "0"
    assert decimal_text(Decimal("10.500000")) == "10.5"
    assert jsonable({"r": b"\x01", "v": (Decimal("1.0"), 2)}) == {"r": "0x01", "v": ["1", 2]}
