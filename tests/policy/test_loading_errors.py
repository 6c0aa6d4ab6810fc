"""Every bad profile input gives a ProfileError naming the file, the field and what is allowed."""

from __future__ import annotations

import pytest

from compliance_kit.exceptions import InputError
from compliance_kit.policy import ProfileError, load_profile

from .conftest import VALID_TOML, VALID_YAML, replace_line


def load_error(path) -> ProfileError:
    with pytest.raises(ProfileError) as caught:
        load_profile(path)
    return caught.value


def test_valid_toml_and_yaml_give_the_same_policy(write):
    from_toml = load_profile(write("acme.toml", VALID_TOML))
    from_yaml = load_profile(write("acme.yaml", VALID_YAML))
    assert from_toml == from_yaml
    assert str(from_yaml.redemption.minimum) == "100.50"  # a YAML decimal stays exact


def test_profile_error_is_an_input_error(write):
    error = load_error(write("p.toml", replace_line(VALID_TOML, "fee_bps", "fee_bps = -1")))
    assert isinstance(error, InputError)
    assert isinstance(error, ValueError)


# --- wrong type ------------------------------------------------------------------------------


def test_wrong_type_names_file_field_value_and_range(write):
    path = write("p.toml", replace_line(VALID_TOML, "fee_bps", 'fee_bps = "ten"'))
    error = load_error(path)
    assert error.field == "redemption.fee_bps"
    assert str(path) in str(error)
    assert "redemption.fee_bps = 'ten'" in str(error)
    assert "valid integer" in str(error)
    assert "from 0 to 10000" in str(error)


def test_float_amount_in_overrides_is_refused_as_inexact():
    with pytest.raises(ProfileError, match=r"redemption\.minimum = 0\.1 .*not exact") as caught:
        load_profile("us", {"redemption": {"minimum": 0.1}})
    assert caught.value.field == "redemption.minimum"


def test_boolean_field_refuses_a_string(write):
    error = load_error(
        write("p.toml", replace_line(VALID_TOML, "yield_allowed", 'yield_allowed = "no"'))
    )
    assert error.field == "yield_allowed"
    assert "valid boolean" in str(error)


def test_wrong_type_in_yaml_names_the_line(write):
    path = write("p.yaml", replace_line(VALID_YAML, "  fee_bps", "  fee_bps: [1, 2]"))
    error = load_error(path)
    assert (error.field, error.line) == ("redemption.fee_bps", 13)
    assert str(error).startswith(f"{path}:13: redemption.fee_bps = [1, 2]")


# --- out of range ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "field", "allowed"),
    [
        ("fee_bps", "fee_bps = 10001", "redemption.fee_bps", "from 0 to 10000"),
        (
            "max_age_seconds",
            "max_age_seconds = 4294967296",
            "reserves.max_age_seconds",
            "from 0 to 4294967295",
        ),
        ("sla_business_days", "sla_business_days = 0", "redemption.sla_business_days", "1 to 365"),
        ("minimum", 'minimum = "-5"', "redemption.minimum", "between 0 and"),
        ("currency", 'currency = "usd"', "currency", "pattern"),
    ],
)
def test_out_of_range_value_names_field_and_allowed_range(write, old, new, field, allowed):
    path = write("p.toml", replace_line(VALID_TOML, old, new))
    error = load_error(path)
    assert error.field == field
    assert str(path) in str(error)
    assert allowed in str(error)


def test_out_of_range_in_yaml_names_the_line(write):
    error = load_error(write("p.yaml", replace_line(VALID_YAML, "  fee_bps", "  fee_bps: 20000")))
    assert (error.field, error.line) == ("redemption.fee_bps", 13)
    assert "redemption.fee_bps = 20000" in str(error)
    assert "from 0 to 10000" in str(error)


def test_amount_with_more_decimals_than_the_token_is_refused(write):
    error = load_error(
        write("p.toml", replace_line(VALID_TOML, "minimum", 'minimum = "0.0000001"'))
    )
    assert error.field == "redemption.minimum"
    assert "7 decimal places; the token has 6" in str(error)


def test_invalid_choice_lists_the_choices(write):
    error = load_error(write("p.yaml", replace_line(VALID_YAML, "  seize", "  seize: maybe")))
    assert (error.field, error.line) == ("lawful_orders.seize", 21)
    assert "'required', 'recommended' or 'optional'" in str(error)


def test_every_problem_is_reported_at_once(write):
    text = replace_line(VALID_YAML, "  fee_bps", "  fee_bps: 20000")
    text = replace_line(text, "  seize", "  seize: maybe")
    error = load_error(write("p.yaml", text))
    assert [(i.field, i.line) for i in error.issues] == [
        ("redemption.fee_bps", 13),
        ("lawful_orders.seize", 21),
    ]
    assert "2 problems" in str(error)


def test_cross_field_rule_is_located_at_its_field(write):
    text = replace_line(VALID_TOML, "full_data_threshold", 'full_data_threshold = "500"')
    error = load_error(write("p.toml", text))
    assert error.field == "travel_rule.full_data_threshold"
    assert "below the record threshold" in str(error)


# --- unknown key -----------------------------------------------------------------------------


def test_unknown_key_lists_the_allowed_keys_and_a_close_match(write):
    error = load_error(write("p.toml", replace_line(VALID_TOML, "fee_bps", "fee_bp = 10")))
    assert error.field == "redemption.fee_bp"
    assert "unknown key; did you mean 'fee_bps'?" in str(error)
    assert "sla_business_days, sla_seconds, fee_bps, fee_locked, minimum" in str(error)


def test_unknown_key_in_yaml_names_its_line(write):
    error = load_error(write("p.yaml", replace_line(VALID_YAML, "  lists", "  listz: [UN]")))
    assert (error.field, error.line) == ("sanctions.listz", 17)


def test_missing_required_section_is_named(write):
    text = VALID_TOML.replace('[lawful_orders]\nfreeze = "required"\n', "[lawful_orders]\n")
    error = load_error(write("p.toml", text))
    assert error.field == "lawful_orders.freeze"
    assert "required, but missing" in str(error)


# --- unknown profile, unreadable and malformed files -----------------------------------------


def test_unknown_profile_name_lists_the_bundled_profiles():
    with pytest.raises(ProfileError) as caught:
        load_profile("mars")
    assert "no bundled profile 'mars'" in str(caught.value)
    assert "eu, fatf, hk, sg, us" in str(caught.value)


def test_missing_file_is_reported_with_its_path(tmp_path):
    path = tmp_path / "absent.toml"
    error = load_error(path)
    assert str(path) in str(error)
    assert "cannot read the file" in str(error)


def test_unsupported_file_type_is_refused(write):
    error = load_error(write("p.json", "{}"))
    assert "unsupported file type '.json'" in str(error)


def test_malformed_toml_names_the_line(write):
    path = write("p.toml", replace_line(VALID_TOML, "[redemption]", "[redemption"))
    error = load_error(path)
    assert error.line == 14
    assert str(error).startswith(f"{path}:14: malformed TOML")


def test_malformed_yaml_names_the_line(write):
    path = write("p.yaml", replace_line(VALID_YAML, "  lists", "  lists: [OFAC-SDN"))
    error = load_error(path)
    assert error.line is not None
    assert error.line >= 17
    assert f"{path}:{error.line}: malformed YAML" in str(error)


def test_yaml_that_is_not_a_mapping_is_refused(write):
    assert "found a list" in str(load_error(write("p.yaml", "- 1\n- 2\n")))
    assert "found an empty file" in str(load_error(write("q.yml", "")))


def test_duplicate_yaml_key_is_refused_with_its_line(write):
    error = load_error(write("p.yaml", VALID_YAML + "yield_allowed: true\n"))
    assert (error.field, error.line) == ("yield_allowed", 23)
    assert "duplicate key" in str(error)


def test_travel_rule_aggregate_is_a_strict_boolean(write):
    text = VALID_TOML.replace('threshold = "1000"\n', 'threshold = "1000"\naggregate = "yes"\n')
    error = load_error(write("p.toml", text))
    assert error.field == "travel_rule.aggregate"
    assert "travel_rule.aggregate = 'yes'" in str(error)
    assert "valid boolean" in str(error)
    text = text.replace('aggregate = "yes"', "aggregate = true")
    assert load_profile(write("q.toml", text)).travel_rule.aggregate is True
