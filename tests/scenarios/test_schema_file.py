"""The JSON Schema committed for editors (``scenarios/scenario.schema.json``): what the kit
exports, named by every bundled scenario, and accepting each of them as an editor would."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from compliance_kit.scenarios import bundled_scenarios, json_schema

LIBRARY = Path(bundled_scenarios()[0]).parent
SCHEMA_FILE = LIBRARY / "scenario.schema.json"
MODELINE = "# yaml-language-server: $schema=scenario.schema.json"


def test_the_committed_schema_is_the_exported_one() -> None:
    committed = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert committed == json_schema(), (
        "regenerate it: compliance-kit scenario schema > scenarios/scenario.schema.json"
    )


@pytest.mark.parametrize("path", bundled_scenarios(), ids=lambda p: p.name)
def test_each_bundled_scenario_names_the_schema_and_validates_against_it(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == MODELINE
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    validator = jsonschema.validators.validator_for(schema)
    validator.check_schema(schema)
    problems = [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in validator(schema).iter_errors(yaml.safe_load(text))
    ]
    assert problems == []


def test_the_schema_refuses_what_the_loader_refuses() -> None:
    """An editor flags the same mistakes: an unknown action, a missing field, an extra key."""
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    validator = jsonschema.validators.validator_for(schema)(schema)
    base = {"name": "n", "profile": "us", "actors": {"alice": {"tier": 1}}}
    assert not list(
        validator.iter_errors({**base, "steps": [{"action": "advance_time", "hours": 1}]})
    ), "the control document is valid"
    for steps in (
        [{"action": "teleport"}],
        [{"action": "transfer", "from": "alice", "amount": "1"}],
        [{"action": "advance_time", "hours": 1, "colour": "red"}],
    ):
        assert list(validator.iter_errors({**base, "steps": steps})), steps
