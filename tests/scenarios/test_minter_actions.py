"""The master minter's actions: ``configure_minter`` and ``remove_minter``."""

from __future__ import annotations

import pytest

from compliance_kit.scenarios import ScenarioError, parse_scenario, run_scenario

MINTERS = """
name: minter actions
profile: us
actors:
  alice: {tier: 1, jurisdiction: 840, expires_in_days: 30}
setup:
  reserves: "1_000_000"
steps:
  - action: configure_minter
    allowance: "100"
    check:
      events: [{name: MinterConfigured, args: {minter: minter, allowance: "100"}}]
  - action: mint
    to: alice
    amount: "100"
  - action: mint
    to: alice
    amount: "0.000001"
    expect: {revert: MinterAllowanceExceeded, args: {allowance: "0", needed: "0.000001"}}
  - action: remove_minter
    check:
      events: [{name: MinterRemoved, args: {minter: minter}}]
  - action: mint
    to: alice
    amount: "1"
    expect: {revert: AccessControlUnauthorizedAccount, args: {account: minter}}
  - action: configure_minter
    by: alice
    minter: alice
    allowance: "1"
    expect: {revert: AccessControlUnauthorizedAccount, args: {account: alice}}
"""


def test_the_master_minter_sets_and_removes_a_minter() -> None:
    result = run_scenario(parse_scenario(MINTERS, "minters.yaml"))
    assert result.failures() == []


def test_a_negative_allowance_is_refused_with_its_line() -> None:
    text = MINTERS.replace('allowance: "100"', 'allowance: "-5"', 1)
    with pytest.raises(ScenarioError, match=r"minters\.yaml:\d+.*allowance"):
        parse_scenario(text, "minters.yaml")
