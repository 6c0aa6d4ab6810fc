"""``check_transfer``: every ERC-1404 code in words, with the numbers, and what would pass.

Each prediction is also checked against what the transfer really does.
"""

from __future__ import annotations

import pytest

from compliance_kit.admin import RESTRICTIONS, Restriction
from compliance_kit.exceptions import Reverted

DAY = 86_400
ZERO = "0x" + "00" * 20


def _outcome(funded, actors, sender, to, amount):
    """Whether the real transfer goes through (state restored by the test's snapshot after)."""
    chain = funded.chain
    snapshot = chain.snapshot()
    try:
        funded.token.fn.transfer(to, int(amount * 10**6)).transact(sender)
        return True
    except Reverted:
        return False
    finally:
        chain.revert(snapshot)


def test_a_transfer_that_passes(funded, ck_actors):
    check = funded.check_transfer(ck_actors.alice.address, ck_actors.bob.address, "10")
    assert (check.passes, check.code, check.rule, check.remedy) == (True, 0, "none", None)
    assert check.facts["sender"]["balance"] == "1000"
    assert _outcome(funded, ck_actors, ck_actors.alice, ck_actors.bob.address, 10)


def _setup_paused(a, actors):
    a.pause()


def _setup_sender_frozen(a, actors):
    a.freeze(actors.alice.address, "ORDER-1")


def _setup_recipient_frozen(a, actors):
    a.freeze(actors.bob.address, "ORDER-1")


def _setup_sender_revoked(a, actors):
    a.revoke_account(actors.alice.address)


def _setup_partial(a, actors):
    a.freeze_tokens(actors.alice.address, "900", "ORDER-2")


_BALANCE = "holds 1,000 DEVS; the transfer needs 1,500 DEVS (500 DEVS short)"
_UNFROZEN = "of which 900 DEVS is frozen under a lawful order: 100 DEVS can move"
_KYC = "not on the KYC allowlist"
CASES = [
    # (setup, to, amount, code, rule, words in the explanation, words in the remedy)
    (_setup_paused, "bob", 10, 1, "paused", "token is paused", "unpause"),
    (_setup_sender_frozen, "bob", 10, 2, "sender_frozen", "is frozen", "unfreeze"),
    (_setup_recipient_frozen, "bob", 10, 3, "recipient_frozen", "recipient", "unfreeze"),
    (_setup_sender_revoked, "bob", 10, 4, "sender_not_verified", _KYC, "kyc approve"),
    (None, "mallory", 10, 5, "recipient_not_verified", _KYC, "kyc approve"),
    (None, "bob", 1500, 8, "insufficient_balance", _BALANCE, "at most 1,000 DEVS"),
    (_setup_partial, "bob", 150, 9, "insufficient_unfrozen_balance", _UNFROZEN, "at most 100 DEVS"),
]


@pytest.mark.parametrize(
    ("setup", "to", "amount", "code", "rule", "words", "remedy"),
    CASES,
    ids=[case[4] for case in CASES],
)
def test_each_refusal_is_explained_and_true(
    funded, ck_actors, setup, to, amount, code, rule, words, remedy
):
    if setup is not None:
        setup(funded, ck_actors)
    recipient = getattr(ck_actors, to).address
    check = funded.check_transfer(ck_actors.alice.address, recipient, str(amount))
    assert (check.passes, check.code, check.rule) == (False, code, rule)
    assert words in check.explanation
    assert remedy in check.remedy
    assert check.message == funded.token.fn.messageForTransferRestriction(code).call()
    assert not _outcome(funded, ck_actors, ck_actors.alice, recipient, amount)


def test_expired_kyc_names_the_date(funded, ck_actors, ck_advance_time):
    ck_advance_time(370 * DAY)
    check = funded.check_transfer(ck_actors.alice.address, ck_actors.bob.address, "1")
    assert (check.code, check.rule) == (6, "sender_kyc_expired")
    assert "expired on" in check.explanation
    assert "days ago" in check.explanation
    assert "renew the KYC of" in check.remedy


def test_recipient_expired(funded, ck_actors, ck_advance_time):
    funded.approve_account(ck_actors.mallory.address, 1, 840, "2099-01-01")
    funded.approve_account(ck_actors.alice.address, 1, 840, "2099-01-01")
    ck_advance_time(366 * DAY)
    check = funded.check_transfer(ck_actors.alice.address, ck_actors.bob.address, "1")
    assert (check.code, check.rule) == (7, "recipient_kyc_expired")


def test_zero_address_recipient(funded, ck_actors):
    check = funded.check_transfer(ck_actors.alice.address, ZERO, "1")
    assert (check.code, check.rule) == (10, "invalid_receiver")


def test_the_table_is_data(funded, ck_actors, monkeypatch):
    """A new code is one entry; a code without an entry still reads the contract's message."""
    table = dict(RESTRICTIONS)
    monkeypatch.setattr("compliance_kit.admin.preflight.RESTRICTIONS", table)
    table[5] = Restriction(5, "custom_rule", lambda c: f"custom {c.to}", lambda c: "custom fix")
    check = funded.check_transfer(ck_actors.alice.address, ck_actors.mallory.address, "1")
    assert (check.rule, check.explanation, check.remedy) == (
        "custom_rule",
        f"custom {ck_actors.mallory.address}",
        "custom fix",
    )
    del table[5]
    check = funded.check_transfer(ck_actors.alice.address, ck_actors.mallory.address, "1")
    assert (check.rule, check.explanation, check.remedy) == (
        "code_5",
        "Recipient is not KYC-verified",
        None,
    )


def test_check_transfer_validates_its_input(funded, ck_actors):
    from compliance_kit.exceptions import InputError

    with pytest.raises(InputError) as caught:
        funded.check_transfer("bob", ck_actors.bob.address, "1")
    assert caught.value.field == "from"
    with pytest.raises(InputError) as caught:
        funded.check_transfer(ck_actors.alice.address, ck_actors.bob.address, "-1")
    assert caught.value.field == "amount"


def test_to_dict_is_json_ready(funded, ck_actors):
    import json

    data = funded.check_transfer(ck_actors.alice.address, ck_actors.mallory.address, "1").to_dict()
    assert json.loads(json.dumps(data))["rule"] == "recipient_not_verified"
