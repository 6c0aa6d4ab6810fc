"""The AML-rule actions (travel rule, sanctions list, tier limits, corridors): their validation
names file, line and field; they run on the deployed system; wrong expectations fail readably."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

import compliance_kit
from compliance_kit.exceptions import InputError
from compliance_kit.scenarios import (
    ScenarioError,
    bundled_scenarios,
    load_scenario,
    parse_scenario,
    run_scenario,
)
from compliance_kit.scenarios.checks import Context, matches
from compliance_kit.scenarios.schema import ACTIONS, AdvanceTime, json_schema, parse_duration

HEAD = """name: aml
profile: us
actors:
  alice: {tier: 1, jurisdiction: 840}
  bob: {tier: 1, jurisdiction: 840}
setup:
  reserves: "1_000_000"
  balances: {alice: "20_000"}
steps:
"""
#: the line of the first step's first field (``- action: ...``)
FIRST = HEAD.count("\n") + 1

NEW_ACTIONS = {
    "register_travel_rule",
    "cancel_travel_rule",
    "sanction",
    "unsanction",
    "set_tier_limits",
    "set_travel_rule",
    "set_travel_rule_aggregation",
    "set_travel_rule_threshold",
    "set_corridor",
    "set_corridor_rules",
    "block_jurisdiction",
    "unblock_jurisdiction",
    "set_limit_exemption",
    "set_sanctions_screening",
}


def error_of(text: str, tmp_path: Path) -> ScenarioError:
    path = tmp_path / "aml.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    assert isinstance(caught.value, InputError)
    assert str(caught.value).startswith(f"{path}:")
    return caught.value


def test_the_library_has_the_aml_stories() -> None:
    names = {p.stem for p in bundled_scenarios()}
    assert {
        "structuring",
        "fan_out",
        "travel_rule",
        "cross_border",
        "sanctions",
        "corridors",
    } <= names


def test_every_new_action_is_in_the_json_schema() -> None:
    assert set(ACTIONS) >= NEW_ACTIONS
    mapping = json_schema()["properties"]["steps"]["items"]["discriminator"]["mapping"]
    assert set(mapping) >= NEW_ACTIONS
    corridor = json_schema()["$defs"]["SetCorridor"]["properties"]
    assert (corridor["from"]["minimum"], corridor["from"]["maximum"]) == (1, 999)


# --- validation: file, line, field -----------------------------------------------------------


@pytest.mark.parametrize(
    ("step", "line", "field", "problem"),
    [
        (
            "  - action: set_corridor\n    from: 840\n    to: 1000\n    status: deny\n",
            2,
            "steps[0].to",
            "1000 is not a jurisdiction: give an ISO 3166-1 numeric code from 1 to 999",
        ),
        (
            "  - action: block_jurisdiction\n    jurisdiction: US\n",
            1,
            "steps[0].jurisdiction",
            "'US' is not a jurisdiction",
        ),
        (
            "  - action: set_travel_rule_threshold\n    jurisdiction: 0\n    amount: '1_000'\n",
            1,
            "steps[0].jurisdiction",
            "0 is not a jurisdiction",
        ),
        (
            "  - action: register_travel_rule\n    from: alice\n    to: bob\n    amount: '-5'\n",
            3,
            "steps[0].amount",
            "-5 is negative",
        ),
        (
            "  - action: set_tier_limits\n    tier: 1\n    volume_limit: '-10_000'\n",
            2,
            "steps[0].volume_limit",
            "is negative: amounts must be 0 or more (or 'none')",
        ),
        (
            "  - action: set_travel_rule_aggregation\n    enabled: maybe\n",
            1,
            "steps[0].enabled",
            "Input should be a valid boolean",
        ),
        (
            "  - action: set_tier_limits\n    tier: 5\n",
            1,
            "steps[0].tier",
            "5 is not a KYC tier: 1 retail, 2 professional, 3 institution, 4 issuer treasury",
        ),
        (
            "  - action: set_tier_limits\n    tier: 1\n    window: 24 hours\n",
            2,
            "steps[0].window",
            "'24 hours' is not a duration: give whole seconds (86400) or text such as '24h'",
        ),
        (
            "  - action: set_tier_limits\n    tier: 1\n    max_transfers: 70000\n",
            2,
            "steps[0].max_transfers",
            "70000 is not a number of transfers: 0-65535, or 'none'",
        ),
        (
            "  - action: register_travel_rule\n    from: alice\n    to: bob\n    amount: '1'\n"
            "    payload_hash: '0x12'\n",
            4,
            "steps[0].payload_hash",
            "'0x12' is not a payload hash: 0x followed by 64 hex digits",
        ),
        (
            "  - action: register_travel_rule\n    from: alice\n    to: bob\n    amount: '1'\n"
            "    payload: x\n    payload_hash: '0x" + "ab" * 32 + "'\n",
            0,
            "steps[0]",
            "give payload or payload_hash, not both",
        ),
        (
            "  - action: set_corridor\n    from: 840\n    to: 124\n    status: open\n",
            3,
            "steps[0].status",
            "Input should be 'allow', 'deny' or 'unset'",
        ),
        (
            "  - action: advance_time\n    until: 21:00\n",
            1,
            "steps[0].until",
            "1260 is not a UTC time of day: write HH:MM or HH:MM:SS",
        ),
        (
            "  - action: advance_time\n    until: '21:00'\n    hours: 1\n",
            0,
            "steps[0]",
            "give either until or days/hours/minutes/seconds, not both",
        ),
        (
            "  - action: pause\n    check:\n      remaining_limits: {alice: {transfers: -1}}\n",
            2,
            "steps[0].check.remaining_limits.alice.transfers",
            "-1 is not a number of transfers: 0 or more, or 'unlimited'",
        ),
    ],
)
def test_bad_values_name_file_line_and_field(
    tmp_path: Path, step: str, line: int, field: str, problem: str
) -> None:
    error = error_of(HEAD + step, tmp_path)
    assert f":{FIRST + line}: {field}: " in str(error), str(error)
    assert problem in str(error)


def test_a_bad_jurisdiction_in_an_actors_kyc(tmp_path: Path) -> None:
    text = HEAD.replace("bob: {tier: 1, jurisdiction: 840}", "bob: {tier: 1, jurisdiction: 1234}")
    error = error_of(text + "  - action: pause\n", tmp_path)
    assert ":5: actors.bob.jurisdiction: 1234 is not a jurisdiction" in str(error)


@pytest.mark.parametrize(
    ("step", "line", "field"),
    [
        (
            "  - action: register_travel_rule\n    from: alice\n    to: bobby\n    amount: '1'\n",
            2,
            "steps[0].to",
        ),
        ("  - action: sanction\n    accounts: [alice, walt]\n", 1, "steps[0].accounts[1]"),
        ("  - action: set_limit_exemption\n    account: walt\n", 1, "steps[0].account"),
        (
            "  - action: pause\n    check:\n"
            "      commitments: [{from: alice, to: walt, amount: '1'}]\n",
            2,
            "steps[0].check.commitments[0].to",
        ),
        (
            "  - action: pause\n    check:\n      remaining_limits: {walt: {transfers: 1}}\n",
            2,
            "steps[0].check.remaining_limits.walt",
        ),
        ("  - action: pause\n    check:\n      sanctioned: {walt: true}\n", 2, ""),
    ],
)
def test_unknown_actors_in_new_actions_and_checks(
    tmp_path: Path, step: str, line: int, field: str
) -> None:
    error = error_of(HEAD + step, tmp_path)
    field = field or "steps[0].check.sanctioned.walt"
    assert f":{FIRST + line}: {field}: unknown actor" in str(error), str(error)
    assert "declared: alice, bob" in str(error)
    assert "vasp" in str(error)  # the roles include the VASP


def test_the_vasp_is_a_predefined_actor() -> None:
    text = HEAD + (
        "  - action: register_travel_rule\n    by: vasp\n    from: alice\n    to: bob\n"
        "    amount: '1'\n"
    )
    step = parse_scenario(text, "vasp.yaml").scenario.steps[0]
    assert step.signer() == "vasp"


# --- helpers ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("24h", 86_400), ("1d12h", 129_600), ("10m", 600), ("90s", 90), ("3600", 3_600), (60, 60)],
)
def test_durations(text: str | int, seconds: int) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "24 hours", "1h1d", "-5", "h", True, 1.5])
def test_not_durations(text: object) -> None:
    assert parse_duration(text) is None


def test_until_moves_to_the_next_time_of_day() -> None:
    step = AdvanceTime.model_validate({"action": "advance_time", "until": "21:00"})
    at = int(datetime(2026, 3, 1, 20, 30, tzinfo=UTC).timestamp())
    assert step.seconds_from(at) == 1_800
    assert step.seconds_from(at + 1_800) == 86_400  # it is 21:00 now: the next one
    assert step.seconds_from(at + 1_801) == 86_399


def test_values_match_durations_structs_and_max() -> None:
    ctx = Context(system=None, accounts={}, decimals=6)  # type: ignore[arg-type]
    assert matches(ctx, "24h", 86_400)
    assert matches(ctx, ["10_000", "10_000", "24h", 50], (10**10, 10**10, 86_400, 50))
    assert not matches(ctx, ["10_000", "10_000", "24h"], (10**10, 10**10, 86_400, 50))
    assert matches(ctx, "max", 2**256 - 1)
    assert matches(ctx, "0x" + "ab" * 32, bytes.fromhex("ab" * 32))
    assert ctx.show(86_400, "window") == "1 d"
    assert ctx.show(702, "toJurisdiction") == "702"
    assert ctx.show(2**256 - 1, "threshold") == "max"


# --- running ---------------------------------------------------------------------------------

RULES = (
    HEAD
    + """  - action: advance_time
    until: "10:00"
  - action: set_tier_limits
    tier: 1
    transfer_cap: "5_000"
    volume_limit: "8_640"
    window: 24h
    max_transfers: 3
    check:
      events: [{name: TierLimitsSet, args: {tier: 1, limits: ["5_000", "8_640", 24h, 3]}}]
  - action: transfer
    from: alice
    to: bob
    amount: "5_001"
    expect: {revert: TransferCapExceeded, args: {account: alice, tier: 1, cap: "5_000"}}
  - action: transfer
    from: alice
    to: bob
    amount: "2_000"
    check:
      remaining_limits: {alice: {volume: "6_640.1", transfers: 2}}
  - action: set_travel_rule
    enabled: false
    check:
      events: [{name: TravelRuleSet, args: {previousEnabled: true, enabled: false}}]
  - action: set_limit_exemption
    account: alice
    check:
      limit_exempt: {alice: true}
      remaining_limits: {alice: {volume: unlimited, transfers: unlimited}}
  - action: transfer
    note: exempt from the cap; no travel-rule record needed with the rule off
    from: alice
    to: bob
    amount: "6_000"
  - action: set_limit_exemption
    account: alice
    exempt: false
    check:
      remaining_limits: {alice: {transfers: 2}}
  - action: set_tier_limits
    note: a field left out keeps its value
    tier: 1
    transfer_cap: none
    check:
      events: [{name: TierLimitsSet, args: {limits: [0, "8_640", 24h, 3]}}]
  - action: set_travel_rule_threshold
    jurisdiction: 840
    amount: none
    check:
      events: [{name: TravelRuleThresholdSet, args: {previous: "3_000", threshold: max}}]
  - action: sanction
    accounts: [bob]
    check:
      sanctioned: {bob: true}
  - action: set_sanctions_screening
    note: stop screening transfers (mint and redeem stay screened)
    on_transfer: false
    check:
      events: [SanctionsScreeningSet]
  - action: transfer
    from: alice
    to: bob
    amount: "10"
  - action: mint
    to: bob
    amount: "10"
    expect: {revert: AccountSanctioned, args: {account: bob, oracle: sanctions_list}}
"""
)


def test_rule_actions_run_on_the_deployed_system() -> None:
    result = run_scenario(parse_scenario(RULES, "rules.yaml"))
    assert result.failures() == []
    assert result.steps[0].detail.endswith(" 10:00:00 UTC")


def test_until_lands_on_the_time_of_day() -> None:
    loaded = parse_scenario(HEAD + '  - action: advance_time\n    until: "06:30"\n', "until.yaml")
    result = run_scenario(loaded)
    assert result.passed
    detail = result.steps[0].detail
    assert detail.startswith("+")
    assert detail.endswith(" 06:30:00 UTC")


AGGREGATION = (
    HEAD
    + """  - action: set_tier_limits
    tier: 1
    volume_limit: "10_000"
    window: 24h
  - action: set_travel_rule_aggregation
    enabled: true
    check:
      events: [{name: TravelRuleAggregationSet, args: {previousEnabled: false, enabled: true}}]
  - action: transfer
    note: below the threshold, and so is the rolling volume
    from: alice
    to: bob
    amount: "2_950"
  - action: transfer
    note: a second 2,950 within the window brings the rolling volume to the threshold
    from: alice
    to: bob
    amount: "2_950"
    expect:
      revert: TravelRuleAggregateCommitmentMissing
      args: {from: alice, to: bob, amount: "2_950", threshold: "3_000"}
  - action: register_travel_rule
    from: alice
    to: bob
    amount: "2_950"
  - action: transfer
    from: alice
    to: bob
    amount: "2_950"
    check:
      commitments: [{from: alice, to: bob, amount: "2_950", pending: false}]
  - action: set_travel_rule_aggregation
    enabled: false
    check:
      events: [{name: TravelRuleAggregationSet, args: {previousEnabled: true, enabled: false}}]
  - action: transfer
    note: each payment on its own again
    from: alice
    to: bob
    amount: "2_950"
"""
)


def test_travel_rule_aggregation_runs_and_the_preflight_agrees() -> None:
    loaded = parse_scenario(AGGREGATION, "aggregation.yaml")
    assert loaded.scenario.steps[1].signer() == "compliance_officer"
    result = run_scenario(loaded)
    assert result.failures() == []
    refused = result.steps[3]
    assert (refused.outcome, refused.preflight_code) == ("refused", 18)
    assert refused.error == "TravelRuleAggregateCommitmentMissing"
    assert [s.preflight_code for s in result.steps if s.action == "transfer"] == [0, 18, 0, 0]


WRONG = (
    HEAD
    + """  - action: set_tier_limits
    tier: 1
    volume_limit: "10_000"
    window: 24h
  - action: transfer
    note: no record needed, but the scenario expects a travel-rule refusal
    from: alice
    to: bob
    amount: "2_950"
    expect: {revert: TravelRuleCommitmentMissing}
  - action: transfer
    note: needs a record
    from: alice
    to: bob
    amount: "3_000"
  - action: transfer
    from: alice
    to: bob
    amount: "2_950"
  - action: transfer
    from: alice
    to: bob
    amount: "2_950"
  - action: transfer
    from: alice
    to: bob
    amount: "2_950"
    expect: {revert: VolumeLimitExceeded, args: {limit: "10_000", window: 12h, attempted: "2_950"}}
  - action: register_travel_rule
    from: alice
    to: bob
    amount: "5_000"
    check:
      commitments: [{from: alice, to: bob, amount: "5_000", pending: false}]
      sanctioned: {alice: true}
      remaining_limits: {alice: {transfers: 50}}
"""
)


def test_wrong_expectations_on_new_rules_fail_readably() -> None:
    result = run_scenario(parse_scenario(WRONG, "wrong-aml.yaml"))
    assert not result.passed
    messages = [(f["step"], f["action"], f["message"]) for f in result.failures()]
    assert messages[0] == (
        2,
        "transfer",
        "expected revert TravelRuleCommitmentMissing, the step succeeded",
    )
    assert messages[1][:2] == (3, "transfer")
    assert messages[1][2] == (
        "expected success, reverted with TravelRuleCommitmentMissing(from=alice, to=bob, "
        "amount=3,000, threshold=3,000)"
    )
    assert messages[2] == (
        6,
        "transfer",
        "VolumeLimitExceeded.window: expected 12h, got 1 d",
    )
    assert [m for s, _, m in messages if s == 7] == [
        "alice sanctioned: expected true, got false",
        "remaining transfers of alice: expected 50, got 47",
        "travel-rule commitment alice -> bob 5_000: expected none pending, got pending",
    ]
    assert len(messages) == 6


def test_sanction_without_a_sanctions_list(tmp_path: Path) -> None:
    profile = Path(compliance_kit.__file__).parent / "profiles" / "us.toml"
    text = profile.read_text(encoding="utf-8").replace(
        'consult_oracle_on = ["mint", "redeem", "transfer"]', "consult_oracle_on = []"
    )
    (tmp_path / "unscreened.toml").write_text(text.replace('id = "us"', 'id = "unscreened"'))
    scenario = tmp_path / "s.yaml"
    scenario.write_text(
        HEAD.replace("profile: us", "profile: unscreened.toml")
        + "  - action: sanction\n    accounts: [bob]\n",
        encoding="utf-8",
    )
    result = run_scenario(load_scenario(scenario))
    (step,) = result.steps
    assert step.outcome == "error"
    assert "screens no sanctions: no SanctionsList was deployed" in step.failures[0]
