"""Compliance tests written with the compliance-kit pytest plugin: copy this file and adapt it.

    pytest example_test_compliance.py [--ck-profile eu] [--ck-rpc-url http://127.0.0.1:8545]

(with compliance-kit installed the plugin loads itself; from an uninstalled checkout add
``-p compliance_kit.pytest_plugin``.)

Each test starts from the same state (the system deployed once, alice and bob KYC-approved,
mallory never verified) and whatever it changes is reverted afterwards.
"""

from __future__ import annotations

import pytest
from eth_utils import keccak

DAY = 86_400


@pytest.fixture
def token(ck_system, ck_actors, ck_chain):
    """The token, reserves attested, 1,000 tokens minted to alice (all undone after the test)."""
    token = ck_system.token
    unit = 10 ** token.fn.decimals().call()
    ck_system.attestor.fn.attest(
        10_000_000 * unit, ck_chain.timestamp(), keccak(text="reserve report"), "", []
    ).transact(ck_actors.attestor)
    token.fn.mint(ck_actors.alice.address, 1_000 * unit).transact(ck_actors.minter)
    return token


def test_verified_users_can_pay_each_other(token, ck_actors):
    alice, bob = ck_actors.alice, ck_actors.bob
    token.fn.transfer(bob.address, 250).transact(alice)
    assert token.fn.balanceOf(bob.address).call() == 250


def test_unverified_recipient_is_refused(token, ck_actors, ck_reverts):
    with ck_reverts("AccountNotVerified", account=ck_actors.mallory):
        token.fn.transfer(ck_actors.mallory.address, 1).transact(ck_actors.alice)


def test_frozen_account_cannot_send(token, ck_actors, ck_reverts):
    officer, alice = ck_actors.compliance_officer, ck_actors.alice
    token.fn.freeze(alice.address, keccak(text="court order 42")).transact(officer)
    with ck_reverts("AccountFrozen", account=alice):
        token.fn.transfer(ck_actors.bob.address, 1).transact(alice)


def test_each_test_starts_from_the_setup_state(ck_system, ck_actors):
    # the tests above minted to alice and froze her: all of it was reverted
    token = ck_system.token
    assert token.fn.balanceOf(ck_actors.alice.address).call() == 0
    assert token.fn.totalSupply().call() == 0


def test_kyc_expires_after_a_year(token, ck_actors, ck_reverts, ck_advance_time):
    ck_advance_time(366 * DAY)
    with ck_reverts("KycExpired", account=ck_actors.alice) as revert:
        token.fn.transfer(ck_actors.bob.address, 1).transact(ck_actors.alice)
    assert revert.value["currentTime"] > revert.value["expiredAt"]


@pytest.mark.ck_profile("eu")
def test_a_test_can_pick_another_profile(ck_system):
    assert ck_system.policy.id == "eu"
    assert ck_system.read_parameters().redemption_fee_locked  # MiCA: redemption at par


def test_a_payment_at_the_travel_rule_threshold_needs_a_vasp_commitment(
    token, ck_actors, ck_reverts, ck_travel_rule
):
    alice, bob = ck_actors.alice, ck_actors.bob
    threshold, _ = token.fn.travelRuleThreshold(token.fn.transferRules().call()[3]).call()
    token.fn.mint(alice.address, threshold).transact(ck_actors.minter)
    with ck_reverts("TravelRuleCommitmentMissing", amount=threshold, threshold=threshold):
        token.fn.transfer(bob.address, threshold).transact(alice)
    ck_travel_rule(alice, bob, threshold)  # the originating VASP commits to the IVMS101 payload
    token.fn.transfer(bob.address, threshold).transact(alice)
    assert token.fn.balanceOf(bob.address).call() == threshold
