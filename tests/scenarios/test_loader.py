"""Malformed scenario files: every error names the file, the YAML line and the field."""

from __future__ import annotations

from pathlib import Path

import pytest

from compliance_kit.exceptions import InputError
from compliance_kit.scenarios import ScenarioError, json_schema, load_scenario, parse_scenario
from compliance_kit.scenarios.schema import ACTIONS

HEAD = """name: bad
actors:
  alice: {tier: 1}
  mallory: null
steps:
"""


def error_of(text: str, tmp_path: Path) -> ScenarioError:
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    assert isinstance(caught.value, InputError)
    return caught.value


def test_unknown_action(tmp_path: Path) -> None:
    text = HEAD + "  - action: transfer\n    from: alice\n    to: mallory\n    amount: '1'\n"
    text += "  - action: tranfer\n    from: alice\n"
    error = error_of(text, tmp_path)
    assert str(error).startswith(f"{tmp_path / 'bad.yaml'}:10: steps[1].action: ")
    assert "unknown action 'tranfer'" in str(error)
    assert "transfer_from" in str(error)


def test_unknown_actor(tmp_path: Path) -> None:
    text = HEAD + "  - action: transfer\n    from: alice\n    to: malory\n    amount: '1'\n"
    error = error_of(text, tmp_path)
    assert ":8: steps[0].to: unknown actor 'malory'" in str(error)
    assert "declared: alice, mallory" in str(error)
    assert error.issues[0].line == 8


def test_unknown_actor_in_a_check(tmp_path: Path) -> None:
    text = HEAD + "  - action: pause\n    check:\n      balances: {bob: '1'}\n"
    error = error_of(text, tmp_path)
    assert ":8: steps[0].check.balances.bob: unknown actor 'bob'" in str(error)


@pytest.mark.parametrize(
    ("amount", "problem"),
    [
        ("'-5'", "is negative"),
        ("'12,50'", "is not an amount"),
        ("1.5", "write token units as a string"),
    ],
)
def test_bad_amount(tmp_path: Path, amount: str, problem: str) -> None:
    text = HEAD + f"  - action: mint\n    to: alice\n    amount: {amount}\n"
    error = error_of(text, tmp_path)
    assert ":8: steps[0].amount: " in str(error)
    assert problem in str(error)


def test_yaml_syntax_error(tmp_path: Path) -> None:
    text = HEAD + "  - action: mint\n    to: [alice\n    amount: '1'\n"
    error = error_of(text, tmp_path)
    assert "bad.yaml:" in str(error)
    assert "malformed YAML" in str(error)
    assert error.issues[0].line is not None
    assert error.issues[0].line >= 7


def test_missing_and_unknown_fields(tmp_path: Path) -> None:
    text = HEAD + "  - action: mint\n    to: alice\n    amout: '1'\n"
    error = error_of(text, tmp_path)
    assert ":6: steps[0]: missing field 'amount'" in str(error)
    assert ":8: steps[0].amout: unknown field" in str(error)


def test_wrong_expect(tmp_path: Path) -> None:
    text = HEAD + "  - action: pause\n    expect: {revrt: EnforcedPause}\n"
    error = error_of(text, tmp_path)
    assert ":7: steps[0].expect" in str(error)


def test_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match="cannot read"):
        load_scenario(tmp_path / "missing.yaml")


def test_empty_file() -> None:
    with pytest.raises(ScenarioError, match="found an empty file"):
        parse_scenario("", "empty.yaml")


def test_role_holders_are_predefined_actors() -> None:
    loaded = parse_scenario(
        "name: roles\nsteps:\n  - action: pause\n    by: compliance_officer\n", "roles.yaml"
    )
    assert loaded.scenario.steps[0].signer() == "compliance_officer"


def test_json_schema_lists_every_action() -> None:
    schema = json_schema()
    assert schema["additionalProperties"] is False
    step = schema["properties"]["steps"]["items"]
    assert set(step["discriminator"]["mapping"]) == set(ACTIONS)
    assert "from" in schema["$defs"]["Transfer"]["properties"]
