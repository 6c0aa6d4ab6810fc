"""The cross-border combination rule (REGULATION.md §2)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from compliance_kit.exceptions import InputError
from compliance_kit.policy import Threshold, combine, load_profile

#: illustrative rates (USD per unit), passed explicitly: the kit never builds in FX
FX = {"HKD": "0.128", "SGD": "0.75", "EUR": "1.08"}


@pytest.fixture(scope="module")
def profiles():
    return {name: load_profile(name) for name in ("fatf", "us", "eu", "hk", "sg")}


def test_travel_rule_threshold_is_the_stricter_of_both_sides(profiles):
    terms = combine(profiles["sg"], profiles["hk"], issuer=profiles["us"], fx=FX)
    assert terms.travel_rule.threshold == Threshold(amount=Decimal(0))  # SG and HK: 0
    # full data: SG above 1,500 SGD (1,125 USD) against HK from 8,000 HKD (1,024 USD)
    assert terms.travel_rule.full_data_threshold == Threshold(amount=Decimal(1024))
    # a US holder paying a FATF-baseline holder: min(3000, 1000) USD
    terms = combine(profiles["us"], profiles["fatf"])
    assert terms.travel_rule.threshold.amount == Decimal(1000)
    assert combine(profiles["fatf"], profiles["us"]).travel_rule == terms.travel_rule


def test_thresholds_in_another_currency_need_a_rate_and_round_down(profiles):
    with pytest.raises(InputError, match=r"fx\['HKD'\]") as caught:
        combine(profiles["us"], profiles["hk"])  # HK full data from 8,000 HKD
    assert caught.value.field == "fx"
    terms = combine(profiles["us"], profiles["hk"], fx={"HKD": "0.1282051"})
    # 8000 HKD x 0.1282051 = 1025.6408 USD, below the US 3000
    assert terms.travel_rule.full_data_threshold == Threshold(amount=Decimal("1025.6408"))
    assert terms.travel_rule.threshold.amount == 0  # HK's 0 needs no rate
    terms = combine(profiles["us"], profiles["hk"], fx={"HKD": "0.3333333333"})
    assert terms.travel_rule.full_data_threshold.amount == Decimal("2666.666666")  # 6 decimals


def test_exclusive_threshold_stays_exclusive_after_conversion(profiles):
    terms = combine(profiles["sg"], profiles["us"], issuer=profiles["us"], fx={"SGD": "0.75"})
    assert terms.travel_rule.full_data_threshold == Threshold(
        amount=Decimal("1125"), inclusive=False
    )


@pytest.mark.parametrize("rate", [0, -1, "abc", 1.5, "inf"])
def test_invalid_rates_are_refused(profiles, rate):
    with pytest.raises(InputError, match="rate for HKD"):
        combine(profiles["us"], profiles["hk"], fx={"HKD": rate})


def test_self_hosted_proof_threshold_comes_from_the_side_that_sets_one(profiles):
    terms = combine(profiles["eu"], profiles["eu"])
    assert terms.travel_rule.self_hosted_proof_threshold == Threshold(
        amount=Decimal(1000), inclusive=False
    )
    assert combine(profiles["us"], profiles["us"]).travel_rule.self_hosted_proof_threshold is None


def test_travel_rule_aggregation_applies_if_either_side_aggregates(profiles):
    us, fatf = profiles["us"], profiles["fatf"]
    aggregating = load_profile("fatf", {"travel_rule.aggregate": True})
    assert combine(us, fatf).travel_rule.aggregate is False
    assert combine(us, aggregating).travel_rule.aggregate is True
    assert combine(aggregating, us).travel_rule.aggregate is True


def test_sanctions_are_the_union_of_both_sides(profiles):
    us = profiles["us"]
    eu = load_profile("eu", {"sanctions": {"consult_oracle_on": ["redeem"], "fail_mode": "open"}})
    terms = combine(us, eu, fx=FX)
    assert terms.sanctions.screening_required
    assert terms.sanctions.lists == ("OFAC-SDN", "EU-CFSP")
    assert terms.sanctions.consult_oracle_on == ("mint", "redeem", "transfer")
    assert terms.sanctions.fail_mode == "closed"
    relaxed = load_profile("us", {"sanctions": {"screening_required": False, "fail_mode": "open"}})
    assert combine(relaxed, eu, fx=FX).sanctions.fail_mode == "open"
    assert combine(relaxed, eu, fx=FX).sanctions.screening_required


def test_kyc_is_each_sides_own_in_its_own_currency(profiles):
    terms = combine(profiles["sg"], profiles["hk"], issuer=profiles["us"], fx=FX)
    assert terms.sender_kyc.tiers == profiles["sg"].kyc
    assert terms.sender_kyc.currency == "SGD"
    assert terms.recipient_kyc.tiers == profiles["hk"].kyc
    assert terms.recipient_kyc.currency == "HKD"


def test_redemption_reserves_and_yield_are_the_issuers(profiles):
    to_eur = {"HKD": "0.118", "SGD": "0.69"}
    terms = combine(profiles["sg"], profiles["hk"], issuer=profiles["eu"], fx=to_eur)
    assert (terms.issuer, terms.currency) == ("eu", "EUR")
    assert terms.redemption == profiles["eu"].redemption
    assert terms.reserves == profiles["eu"].reserves
    assert terms.lawful_orders == profiles["eu"].lawful_orders
    assert terms.yield_allowed is profiles["eu"].yield_allowed
    # without an issuer, the sender's profile governs
    hk_governs = combine(profiles["hk"], profiles["sg"], fx={"SGD": "5.8"})
    assert hk_governs.redemption == profiles["hk"].redemption
    assert hk_governs.currency == "HKD"


def test_a_corridor_must_be_allowed_by_both_sides(profiles):
    closed_to_sg = load_profile(
        "hk", {"corridors": {"rules": [{"destination": 702, "action": "deny"}]}}
    )
    terms = combine(profiles["us"], closed_to_sg, fx=FX)
    assert not terms.corridor_allows(840, 702)
    assert terms.corridor_allows(840, 344)
    assert not terms.corridor_allows(408, 344)
