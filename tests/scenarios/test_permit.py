"""The ``permit`` action: an EIP-2612 approval signed off-chain by the owner, sent by the spender;
its replay, a wrong nonce and a stale deadline are refused; the file format names bad fields."""

from __future__ import annotations

from pathlib import Path

import pytest

from compliance_kit.scenarios import ScenarioError, load_scenario, parse_scenario, run_scenario
from compliance_kit.scenarios.schema import ACTIONS

HEAD = """name: permits
profile: us
actors:
  alice: {tier: 1}
  bob: {tier: 1}
  carol: {tier: 1}
setup:
  reserves: "1_000"
  balances: {alice: "100"}
steps:
"""

PERMITS = (
    HEAD
    + """
  - action: permit
    owner: alice
    spender: bob
    amount: "30"
    check:
      events: [{name: Approval, args: {owner: alice, spender: bob, value: "30"}}]
  - action: transfer_from
    spender: bob
    from: alice
    to: carol
    amount: "30"
    check:
      balances: {alice: "70", carol: "30"}
  - action: permit
    note: the same signature twice
    owner: alice
    spender: bob
    replay: true
    expect: {revert: ERC2612InvalidSigner, args: {owner: alice}}
  - action: permit
    note: a nonce that is not the owner's next
    owner: alice
    spender: bob
    amount: "1"
    nonce: 7
    expect: {revert: ERC2612InvalidSigner, args: {owner: alice}}
  - action: permit
    note: signed with a deadline of now, mined a second later
    owner: alice
    spender: carol
    amount: "1"
    expires_in: 0
    expect: {revert: ERC2612ExpiredSignature}
  - action: permit
    note: a relayer may send it
    by: carol
    owner: alice
    spender: bob
    amount: "5"
    expires_in: 10m
"""
)


def test_permit_is_a_gasless_approval_good_once() -> None:
    assert "permit" in ACTIONS
    result = run_scenario(parse_scenario(PERMITS, "permits.yaml"))
    assert result.passed, result.failures()
    assert [(s.action, s.outcome, s.error) for s in result.steps] == [
        ("permit", "ok", None),
        ("transfer_from", "ok", None),
        ("permit", "refused", "ERC2612InvalidSigner"),
        ("permit", "refused", "ERC2612InvalidSigner"),
        ("permit", "refused", "ERC2612ExpiredSignature"),
        ("permit", "ok", None),
    ]


def _error(text: str, tmp_path: Path) -> ScenarioError:
    path = tmp_path / "permit.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    return caught.value


def test_permit_fields_are_validated_with_their_line(tmp_path: Path) -> None:
    line = HEAD.count("\n") + 2  # the step's first line (after a blank one)
    missing = _error(HEAD + "\n  - action: permit\n    owner: alice\n    spender: bob\n", tmp_path)
    assert "missing field 'amount' (or replay: true)" in str(missing)
    assert f":{line}: steps[0]" in str(missing)
    replayed = _error(
        HEAD + "\n  - action: permit\n    owner: alice\n    spender: bob\n    replay: true\n"
        '    amount: "5"\n    expires_in: 1h\n',
        tmp_path,
    )
    assert "replay sends the last permit as it was signed: leave out amount, expires_in" in str(
        replayed
    )
    unknown = _error(
        HEAD + '\n  - action: permit\n    owner: alice\n    spender: ghost\n    amount: "1"\n',
        tmp_path,
    )
    assert f":{line + 2}: steps[0].spender: unknown actor 'ghost'" in str(unknown)


def test_a_replay_without_an_earlier_permit_cannot_run() -> None:
    text = HEAD + "\n  - action: permit\n    owner: alice\n    spender: bob\n    replay: true\n"
    (step,) = run_scenario(parse_scenario(text, "replay.yaml")).steps
    assert (step.outcome, step.tx) == ("error", "failed")
    assert "no permit of alice for bob was signed earlier in this scenario" in step.failures[0]
