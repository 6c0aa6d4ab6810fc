"""The policy models: thresholds, corridors, margins, deadlines, limits and their conversion."""

from __future__ import annotations

from decimal import Decimal

import pytest
from pydantic import ValidationError

from compliance_kit.exceptions import InputError, InvalidAmount
from compliance_kit.policy import (
    AmlLimits,
    Corridors,
    KycTiers,
    Margin,
    Policy,
    Redemption,
    Threshold,
    load_profile,
)
from compliance_kit.policy.onchain import PolicyNotEnforceable

from .conftest import as_data

DAY = 86_400


def test_threshold_shorthand_is_inclusive_and_the_table_form_can_be_exclusive():
    at_or_above = Threshold.model_validate("3000")
    above = Threshold.model_validate({"amount": "3000", "inclusive": False})
    assert at_or_above.applies("3000")
    assert not above.applies("3000")
    assert above.applies(Decimal("3000.000001"))
    assert Threshold.model_validate(0).applies(0)  # 0 inclusive: every transfer
    with pytest.raises(InvalidAmount, match="not exact"):
        at_or_above.applies(2999.5)  # type: ignore[arg-type]


def test_stricter_threshold_is_the_lower_one_and_inclusive_on_a_tie():
    assert Threshold(amount=Decimal(0)).is_stricter_than(Threshold(amount=Decimal(1)))
    assert Threshold(amount=Decimal(5)).is_stricter_than(
        Threshold(amount=Decimal(5), inclusive=False)
    )
    assert not Threshold(amount=Decimal(5)).is_stricter_than(Threshold(amount=Decimal(5)))


@pytest.mark.parametrize("value", [1.5, True, "1e3", "1,000", "ten", None])
def test_amounts_refuse_floats_and_non_numbers(value):
    with pytest.raises(ValidationError):
        Threshold.model_validate({"amount": value})


def test_amounts_keep_plain_notation_and_underscores():
    assert Threshold.model_validate("1_000.50").amount == Decimal("1000.50")
    assert str(Threshold.model_validate(Decimal("1E+3")).amount) == "1000"


def test_corridor_deny_wins_then_allow_then_default():
    corridors = Corridors.model_validate(
        {
            "default": "deny",
            "rules": [
                {"origin": 344, "action": "allow"},
                {"origin": 344, "destination": 408, "action": "deny"},
            ],
        }
    )
    assert corridors.allows(344, 702)
    assert not corridors.allows(344, 408)
    assert not corridors.allows(702, 344)  # rules are directional; the default denies


def test_corridor_rule_needs_a_jurisdiction_and_duplicates_are_refused():
    with pytest.raises(ValidationError, match="set origin, destination or both"):
        Corridors.model_validate({"rules": [{"action": "deny"}]})
    with pytest.raises(ValidationError, match="two rules"):
        Corridors.model_validate(
            {"rules": [{"origin": 1, "action": "deny"}, {"origin": 1, "action": "allow"}]}
        )
    with pytest.raises(ValidationError, match="less than or equal to 999"):
        Corridors.model_validate({"rules": [{"origin": 1000, "action": "deny"}]})


@pytest.mark.parametrize(
    ("mode", "value", "ok"),
    [
        ("none", 0, True),
        ("none", 1, False),
        ("percentage", -9999, True),
        ("percentage", -10000, False),
        ("percentage", 10000, True),
        ("percentage", "2.5", False),
        ("absolute", "-1000.25", True),
        ("absolute", 1.5, False),
    ],
)
def test_margin_value_range_depends_on_the_mode(mode, value, ok):
    if ok:
        Margin.model_validate({"mode": mode, "value": value})
    else:
        with pytest.raises(ValidationError):
            Margin.model_validate({"mode": mode, "value": value})


def test_absolute_margin_must_fit_the_attestor_in_base_units():
    data = as_data(
        reserves={
            "attestation_cadence_seconds": 0,
            "max_age_seconds": 0,
            "margin": {"mode": "absolute", "value": "-5000000000"},  # 5e15 base units > 2^52
        }
    )
    with pytest.raises(ValidationError) as caught:
        Policy.model_validate(data)
    assert caught.value.errors()[0]["loc"] == ("reserves", "margin", "value")


def test_business_days_become_24_hour_days_and_seconds_are_taken_as_given():
    assert Redemption(sla_business_days=2).deadline_seconds == 2 * DAY
    assert Redemption(sla_seconds=3_600).deadline_seconds == 3_600
    with pytest.raises(ValidationError, match="exactly one"):
        Redemption(sla_business_days=1, sla_seconds=1)
    with pytest.raises(ValidationError, match="exactly one"):
        Redemption()


def test_max_age_shorter_than_the_cadence_is_refused():
    data = as_data(reserves={"attestation_cadence_seconds": 30 * DAY, "max_age_seconds": DAY})
    with pytest.raises(ValidationError, match="shorter than attestation_cadence_seconds"):
        Policy.model_validate(data)


def test_tier_limits_by_number_and_a_cap_above_the_volume_is_refused():
    tiers = load_profile("us").kyc
    assert tiers.for_tier(1).per_transfer_cap == Decimal(10_000)
    assert tiers.for_tier(4) == AmlLimits()  # the issuer treasury is not capped
    with pytest.raises(ValueError, match="unknown KYC tier 5"):
        tiers.for_tier(5)
    with pytest.raises(ValidationError, match="exceeds rolling_volume_cap"):
        KycTiers.model_validate({"retail": {"per_transfer_cap": 10, "rolling_volume_cap": 5}})


def test_policies_are_immutable():
    policy = load_profile("us")
    with pytest.raises(ValidationError):
        policy.yield_allowed = True  # type: ignore[misc]


def test_onchain_parameters_convert_amounts_exactly():
    policy = Policy.model_validate(
        as_data(
            reserves={
                "attestation_cadence_seconds": 0,
                "max_age_seconds": 7 * DAY,
                "margin": {"mode": "absolute", "value": "-1250.5"},
            },
            redemption={"sla_seconds": 90, "fee_bps": 7, "fee_locked": True, "minimum": "0.01"},
        )
    )
    params = policy.onchain_parameters(home_jurisdiction=840)
    assert (params.margin_mode, params.margin_value) == (2, -1_250_500_000)
    assert params.max_age == 7 * DAY
    assert (params.redemption_sla, params.redemption_fee_bps) == (90, 7)
    assert params.redemption_fee_locked
    assert params.minimum_redemption == 10_000


def test_onchain_parameters_of_the_aml_rules():
    us, hk, sg = load_profile("us"), load_profile("hk"), load_profile("sg")
    params = us.onchain_parameters(counterparts=[hk, sg])

    assert params.home_jurisdiction == 840
    assert params.travel_threshold == 3_000 * 10**6
    assert params.counterpart_thresholds == ((344, 0), (702, 0))
    retail = params.tier_limits[0]
    assert retail.as_tuple() == (10_000 * 10**6, 25_000 * 10**6, DAY, 50)
    assert params.tier_limits[2].as_tuple() == (0, 0, DAY, 0)  # institutions: no limits
    assert (params.corridors_enabled, params.corridors_open_by_default) == (True, True)
    assert params.blocked_jurisdictions == (364, 408)  # denied as origin and as destination
    assert params.corridor_pairs == ()
    screening = params.screening
    assert (screening.on_mint, screening.on_redeem, screening.on_transfer) == (True, True, True)
    assert not screening.fail_open


def test_travel_rule_aggregation_defaults_off_and_maps_on_chain():
    us = load_profile("us")
    assert us.travel_rule.aggregate is False
    assert us.onchain_parameters().travel_rule_aggregation is False
    aggregating = load_profile("us", {"travel_rule.aggregate": True})
    assert aggregating.travel_rule.aggregate is True
    assert aggregating.onchain_parameters().travel_rule_aggregation is True
    assert Policy.model_validate_json(aggregating.model_dump_json()) == aggregating
    described = Policy.model_json_schema()["$defs"]["TravelRule"]["properties"]["aggregate"]
    assert "rolling volume" in described["description"]


def test_an_exclusive_threshold_becomes_one_base_unit_more():
    policy = load_profile("us", {"travel_rule.threshold": {"amount": "1500", "inclusive": False}})
    assert policy.onchain_parameters().travel_threshold == 1_500 * 10**6 + 1


def test_a_one_sided_corridor_rule_that_is_not_a_block_is_refused():
    policy = load_profile("us", {"corridors.rules": [{"origin": 408, "action": "deny"}]})
    with pytest.raises(PolicyNotEnforceable, match=r"corridors\.rules\[0\]"):
        policy.onchain_parameters()


def test_a_baseline_profile_needs_a_home_jurisdiction():
    with pytest.raises(InputError, match="home_jurisdiction"):
        load_profile("fatf").onchain_parameters()
    assert load_profile("fatf").onchain_parameters(home_jurisdiction=756).home_jurisdiction == 756


def test_policy_round_trips_through_json():
    for name in ("us", "eu", "hk", "sg", "fatf"):
        policy = load_profile(name)
        assert Policy.model_validate_json(policy.model_dump_json()) == policy
