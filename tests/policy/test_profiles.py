"""The bundled profiles: they load, carry REGULATION.md §2's values, and document every value."""

from __future__ import annotations

import re
from decimal import Decimal
from importlib import resources

import pytest

from compliance_kit.policy import Policy, Threshold, list_profiles, load_profile

DAY = 86_400
BUNDLED = ["eu", "fatf", "hk", "sg", "us"]
CONFIDENCE = ("✅", "🟡", "⚠️")


def profile_text(name: str) -> str:
    return (resources.files("compliance_kit") / "profiles" / f"{name}.toml").read_text("utf-8")


def test_list_profiles_names_the_bundled_profiles():
    assert list_profiles() == BUNDLED


@pytest.mark.parametrize("name", BUNDLED)
def test_bundled_profile_loads_by_name_in_any_case(name):
    policy = load_profile(name.upper())
    assert isinstance(policy, Policy)
    assert policy.id == name
    assert policy == load_profile(name)


@pytest.mark.parametrize("name", BUNDLED)
def test_every_value_in_a_bundled_profile_carries_a_confidence_mark(name):
    """Each value line says where it comes from (labels ``id`` and ``name`` excepted)."""
    for number, line in enumerate(profile_text(name).splitlines(), 1):
        code = line.split("#", 1)[0]
        if code.startswith(("id =", "name =")):
            continue
        if "=" in code:
            comment = line.split("#", 1)[1] if "#" in line else ""
            assert any(mark in comment for mark in CONFIDENCE), f"{name}.toml:{number}: {line}"


@pytest.mark.parametrize("name", BUNDLED)
def test_bundled_profile_file_loads_by_path_too(name, tmp_path):
    path = tmp_path / f"{name}.toml"
    path.write_text(profile_text(name), encoding="utf-8")
    assert load_profile(path) == load_profile(name)


def test_us_profile_has_the_genius_act_values():
    us = load_profile("us")
    assert (us.currency, us.yield_allowed) == ("USD", False)
    assert us.travel_rule.threshold == Threshold(amount=Decimal(3000))
    assert us.reserves.attestation_cadence_seconds == 30 * DAY
    assert us.reserves.max_age_seconds == 38 * DAY
    assert us.redemption.sla_business_days == 2
    assert us.sanctions.lists == ("OFAC-SDN",)
    assert (us.lawful_orders.freeze, us.lawful_orders.seize, us.lawful_orders.burn) == (
        "required",
        "required",
        "required",
    )


def test_eu_profile_locks_a_zero_redemption_fee_and_has_no_travel_rule_threshold():
    eu = load_profile("eu")
    assert (eu.redemption.fee_bps, eu.redemption.fee_locked) == (0, True)
    assert eu.travel_rule.threshold.applies(0)
    proof = eu.travel_rule.self_hosted_proof_threshold
    assert proof is not None
    assert not proof.applies("1000")
    assert proof.applies("1000.01")
    assert eu.reserves.max_age_seconds == 182 * DAY
    assert eu.lawful_orders.seize == "optional"


def test_hk_profile_asks_full_data_from_8000_and_a_reserve_buffer():
    hk = load_profile("hk")
    assert hk.currency == "HKD"
    assert hk.redemption.deadline_seconds == DAY
    assert not hk.travel_rule.full_data_threshold.applies("7999.99")
    assert hk.travel_rule.full_data_threshold.applies("8000")
    assert (hk.reserves.margin.mode, hk.reserves.margin.value) == ("percentage", -100)


def test_sg_profile_asks_full_data_above_1500_only():
    sg = load_profile("sg")
    assert sg.redemption.deadline_seconds == 5 * DAY
    assert not sg.travel_rule.full_data_threshold.applies("1500")
    assert sg.travel_rule.full_data_threshold.applies("1500.000001")


def test_fatf_profile_has_the_1000_de_minimis_and_no_staleness_gate():
    fatf = load_profile("fatf")
    assert fatf.travel_rule.threshold == Threshold(amount=Decimal(1000))
    assert fatf.reserves.max_age_seconds == 0
    assert fatf.yield_allowed


@pytest.mark.parametrize("name", BUNDLED)
def test_bundled_profiles_deny_the_fatf_call_for_action_jurisdictions(name):
    corridors = load_profile(name).corridors
    for country in (408, 364):
        assert not corridors.allows(country, 840)
        assert not corridors.allows(840, country)
    assert corridors.allows(344, 702)


def test_profiles_are_package_data_next_to_the_code():
    """The wheel ships all of ``compliance_kit/`` (hatch ``packages``): profiles included."""
    import tomllib
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    config = tomllib.loads((root / "pyproject.toml").read_text("utf-8"))
    assert config["tool"]["hatch"]["build"]["targets"]["wheel"]["packages"] == ["compliance_kit"]
    assert all(re.fullmatch(r"[a-z]+", n) for n in list_profiles())


@pytest.mark.parametrize("name", BUNDLED)
def test_bundled_profiles_leave_travel_rule_aggregation_off_and_say_why(name):
    """Aggregation is the issuer's structuring control: written out as off, as a design choice."""
    assert load_profile(name).travel_rule.aggregate is False
    (line,) = [line for line in profile_text(name).splitlines() if line.startswith("aggregate")]
    assert line.split("#", 1)[0].strip() == "aggregate = false"
    assert "⚠️" in line
    assert "not a statutory requirement" in line
