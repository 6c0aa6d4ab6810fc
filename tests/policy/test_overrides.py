"""Overrides are merged deeply into a profile before validation, and validated like the file."""

from __future__ import annotations

from decimal import Decimal

import pytest

from compliance_kit.policy import ProfileError, load_profile

from .conftest import VALID_YAML


def test_nested_override_changes_only_that_value():
    base = load_profile("us")
    changed = load_profile("us", {"redemption": {"fee_bps": 25}})
    assert changed.redemption.fee_bps == 25
    assert changed.redemption.sla_business_days == base.redemption.sla_business_days
    assert changed.model_copy(update={"redemption": base.redemption}) == base


def test_dotted_keys_mean_the_same_as_nested_ones():
    dotted = load_profile("eu", {"reserves.margin.mode": "absolute", "reserves.margin.value": -5})
    nested = load_profile("eu", {"reserves": {"margin": {"mode": "absolute", "value": -5}}})
    assert dotted == nested
    assert dotted.reserves.margin.value == Decimal(-5)


def test_override_replaces_lists_and_switches_the_sla_unit():
    policy = load_profile(
        "hk",
        {
            "sanctions.lists": ["UN", "HK"],
            "redemption": {"sla_business_days": None, "sla_seconds": 3_600},
        },
    )
    assert policy.sanctions.lists == ("UN", "HK")
    assert policy.redemption.deadline_seconds == 3_600


def test_override_applies_to_a_yaml_file(write):
    policy = load_profile(write("p.yaml", VALID_YAML), {"token": {"decimals": 2}})
    assert policy.token.decimals == 2
    assert str(policy.redemption.minimum) == "100.50"


def test_bad_override_is_reported_as_coming_from_the_overrides(write):
    path = write("p.yaml", VALID_YAML)
    with pytest.raises(ProfileError) as caught:
        load_profile(path, {"redemption.fee_bps": 10_001})
    error = caught.value
    assert error.field == "redemption.fee_bps"
    assert error.line is None  # the value is not in the file
    assert "redemption.fee_bps = 10001 (from overrides)" in str(error)


def test_override_that_breaks_a_file_value_reports_the_file_value(write):
    path = write("p.yaml", VALID_YAML)
    with pytest.raises(ProfileError) as caught:
        load_profile(path, {"token.decimals": 0})  # the file's minimum 100.50 needs 1
    assert (caught.value.field, caught.value.line) == ("redemption.minimum", 14)


def test_unknown_override_key_is_refused():
    with pytest.raises(ProfileError, match=r"redemption\.fees .*unknown key"):
        load_profile("us", {"redemption": {"fees": 1}})


def test_overrides_and_profiles_are_not_mutated():
    overrides = {"redemption": {"fee_bps": 5}}
    load_profile("us", overrides)
    assert overrides == {"redemption": {"fee_bps": 5}}
    assert load_profile("us").redemption.fee_bps == 0


def test_conflicting_dotted_override_is_refused():
    with pytest.raises(ProfileError, match="conflicts"):
        load_profile("us", {"redemption": 1, "redemption.fee_bps": 2})
