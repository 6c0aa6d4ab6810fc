"""The ERC-1404 invariant: the preflight code taken before a transfer equals its outcome.

Correct contracts never contradict their preflight, so the comparison is tested here with
constructed outcomes; the bundled library runs it on every transfer (test_library)."""

from __future__ import annotations

import pytest

from compliance_kit.scenarios import parse_scenario, run_scenario
from compliance_kit.scenarios.invariants import (
    OTHER_RULE_ERRORS,
    RULE_ERRORS,
    Transfer,
    erc1404_mismatch,
    rule_name,
)

ALICE = "0x" + "a1" * 20
BOB = "0x" + "b0" * 20
CAROL = "0x" + "c0" * 20
TRANSFER = Transfer(ALICE, BOB)
FROM_ = Transfer(ALICE, BOB, spender=CAROL)
NAMES = {ALICE: "alice", BOB: "bob", CAROL: "carol"}


def show(value: object, key: str) -> str:
    return NAMES.get(str(value), str(value))


def mismatch(
    code: int, outcome: str, error: str | None = None, transfer: Transfer = TRANSFER, **args: object
) -> str | None:
    return erc1404_mismatch(code, outcome, error, args, transfer, show)


@pytest.mark.parametrize(
    ("code", "error", "args"),
    [
        (1, "EnforcedPause", {}),
        (2, "AccountFrozen", {"account": ALICE}),
        (3, "AccountFrozen", {"account": BOB}),
        (4, "AccountNotVerified", {"account": ALICE}),
        (5, "AccountNotVerified", {"account": BOB}),
        (6, "KycExpired", {"account": ALICE, "expiredAt": 1, "currentTime": 2}),
        (7, "KycExpired", {"account": BOB, "expiredAt": 1, "currentTime": 2}),
        (8, "ERC20InsufficientBalance", {"sender": ALICE, "balance": 1, "needed": 2}),
        (9, "InsufficientUnfrozenBalance", {"account": ALICE, "available": 0, "needed": 1}),
        (10, "ERC20InvalidReceiver", {"receiver": BOB}),
        (11, "AccountSanctioned", {"account": ALICE, "oracle": CAROL}),
        (12, "AccountSanctioned", {"account": BOB, "oracle": CAROL}),
        (13, "SanctionsScreeningUnavailable", {"oracle": CAROL, "account": BOB}),
        (14, "CorridorClosed", {"fromJurisdiction": 840, "toJurisdiction": 408}),
        (15, "TransferCapExceeded", {"account": ALICE, "tier": 1, "cap": 1, "attempted": 2}),
        (16, "VolumeLimitExceeded", {"account": ALICE, "limit": 1, "available": 0}),
        (17, "VelocityLimitExceeded", {"account": ALICE, "maxTransfers": 10}),
        (18, "TravelRuleCommitmentMissing", {"from": ALICE, "to": BOB, "amount": 5}),
    ],
)
def test_every_rule_agrees_with_its_own_refusal(code: int, error: str, args: dict) -> None:
    assert RULE_ERRORS[code][1] == error
    assert mismatch(code, "refused", error, **args) is None
    assert mismatch(code, "refused", error, FROM_, **args) is None


def test_code_18_also_refuses_by_aggregation() -> None:
    """Below the threshold, reached by the sender's rolling volume: the same code, its own error."""
    assert OTHER_RULE_ERRORS[18] == ("TravelRuleAggregateCommitmentMissing",)
    args = {"from": ALICE, "to": BOB, "amount": 5, "rollingVolume": 9, "threshold": 8}
    assert mismatch(18, "refused", "TravelRuleAggregateCommitmentMissing", **args) is None
    wrong_party = mismatch(
        18, "refused", "TravelRuleAggregateCommitmentMissing", **args | {"from": BOB}
    )
    assert wrong_party is not None
    assert "about alice" in wrong_party
    other_code = mismatch(16, "refused", "TravelRuleAggregateCommitmentMissing", **args)
    assert other_code is not None
    assert "which refuses with VolumeLimitExceeded" in other_code


def test_code_0_means_success() -> None:
    assert mismatch(0, "ok") is None
    assert mismatch(0, "refused", "AccountNotVerified", account=BOB) == (
        "ERC-1404 preflight returned code 0 (no restriction), but the transfer reverted with "
        "AccountNotVerified(account=bob)"
    )


def test_a_restriction_that_lets_the_transfer_through_is_a_mismatch() -> None:
    assert mismatch(5, "ok") == (
        "ERC-1404 preflight returned code 5 (recipient not KYC-verified), but the transfer "
        "succeeded"
    )


def test_another_rule_or_another_party_is_a_mismatch() -> None:
    wrong_rule = mismatch(5, "refused", "KycExpired", account=BOB)
    assert wrong_rule is not None
    assert (
        "code 5 (recipient not KYC-verified), which refuses with AccountNotVerified" in wrong_rule
    )
    assert wrong_rule.endswith("reverted with KycExpired(account=bob)")
    wrong_party = mismatch(5, "refused", "AccountNotVerified", account=ALICE)
    assert wrong_party == (
        "ERC-1404 preflight returned code 5 (recipient not KYC-verified) about bob, but the "
        "transfer reverted with AccountNotVerified(account=alice)"
    )
    assert mismatch(2, "refused", "AccountFrozen", account=BOB) is not None  # sender's code
    assert mismatch(13, "refused", "SanctionsScreeningUnavailable", account=CAROL) is not None


def test_the_spender_is_outside_the_prediction() -> None:
    # transferFrom judges its spender first; ERC-1404 does not ask about it
    for code in (0, 5):
        assert mismatch(code, "refused", "AccountFrozen", FROM_, account=CAROL) is None
        assert mismatch(code, "refused", "AccountSanctioned", FROM_, account=CAROL) is None
    # ...but a transfer has no spender: the same refusal there is a mismatch
    assert mismatch(0, "refused", "AccountFrozen", account=CAROL) is not None


def test_the_allowance_comes_after_every_rule() -> None:
    allowance = {"spender": CAROL, "allowance": 0, "needed": 1}
    assert mismatch(0, "refused", "ERC20InsufficientAllowance", FROM_, **allowance) is None
    found = mismatch(9, "refused", "ERC20InsufficientAllowance", FROM_, **allowance)
    assert found is not None
    assert "passed that rule and was refused for the allowance" in found


def test_nothing_to_compare_when_the_step_could_not_run() -> None:
    assert mismatch(5, "error") is None
    assert mismatch(0, "skipped") is None


def test_unknown_codes_are_named() -> None:
    assert rule_name(0) == "0 (no restriction)"
    assert rule_name(99) == "99 (unknown code)"
    assert mismatch(99, "refused", "Whatever") == (
        "ERC-1404 preflight returned code 99 (unknown code); the transfer reverted with Whatever()"
    )


TRANSFERS = """
name: preflight before every transfer
profile: us
actors:
  alice: {tier: 1}
  bob: {tier: 1}
  mallory: null
setup:
  reserves: "1_000"
  balances: {alice: "100"}
steps:
  - {action: transfer, from: alice, to: mallory, amount: "1", expect: {revert: AccountNotVerified}}
  - {action: transfer, from: alice, to: bob, amount: "1"}
  - {action: transfer, by: bob, from: alice, to: alice, amount: "1"}
  - {action: approve, owner: alice, spender: bob, amount: "5"}
  - action: transfer_from
    spender: bob
    from: alice
    to: mallory
    amount: "1"
    expect: {revert: AccountNotVerified}
  - {action: mint, to: bob, amount: "1"}
"""


def test_the_runner_takes_the_code_before_each_transfer() -> None:
    result = run_scenario(parse_scenario(TRANSFERS, "transfers.yaml"))
    assert result.passed, result.failures()
    # a transfer's sender is its signer (``by``): bob -> alice, 1 unit
    assert [s.preflight_code for s in result.steps] == [5, 0, 0, None, 5, None]
