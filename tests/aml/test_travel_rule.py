"""Travel rule: a transfer at or above the threshold needs a VASP's commitment in the registry.

The threshold is per jurisdiction: the home jurisdiction's (Hong Kong here) is the default, a
foreign jurisdiction may have its own, a cross-border transfer uses the lower of both sides', and
0 means every transfer. The commitment is bound to (token, from, to, amount) and consumed by the
transfer, exactly once. Refusals carry ``TravelRuleCommitmentMissing(from, to, amount, threshold)``.
"""

# Foundry-style names keep the Solidity function's camelCase: test_<fn>_reverts_when_<cond>
# ruff: noqa: N802

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from behaviors.asserts import assert_events, reverts

from aml.conftest import COMPLIANCE_OFFICER_ROLE
from aml.helpers import (
    HK,
    NO_LIMIT,
    SG,
    TRANSFER_CAP_EXCEEDED,
    TRAVEL_RULE_COMMITMENT_MISSING,
    US,
    detect,
    limits,
    passes,
    payload_hash,
    refused,
    usd,
)

if TYPE_CHECKING:
    from eth_account.signers.local import LocalAccount

    from aml.conftest import AmlWorld

THRESHOLD = usd(1_000)  # Hong Kong (home): 1,000 or more
PAYLOAD = payload_hash("IVMS101: alice (HK) -> henry (HK), USDX 1,000, ref 2026-0001")
NO_PAYLOAD = b"\x00" * 32


@pytest.fixture
def travel(world: AmlWorld) -> AmlWorld:
    """The travel rule on, with the home jurisdiction's threshold at 1,000."""
    world.officer("setTravelRuleThreshold", HK, THRESHOLD)
    world.officer("setTravelRule", True)
    return world


def _missing(
    world: AmlWorld, sender: LocalAccount, to: LocalAccount, value: int, threshold: int
) -> None:
    refused(
        world.token, sender, to, value, TRAVEL_RULE_COMMITMENT_MISSING,
        "TravelRuleCommitmentMissing", **{"from": sender.address}, to=to.address, amount=value,
        threshold=threshold,
    )  # fmt: skip


def _pending(world: AmlWorld, sender: LocalAccount, to: LocalAccount, value: int) -> bytes:
    return world.registry.fn.commitmentOf(
        world.token.address, sender.address, to.address, value
    ).call()


def test_transfer_passes_below_the_threshold_without_a_commitment(travel: AmlWorld) -> None:
    receipt = passes(travel.token, travel.actors.alice, travel.henry, usd("999.999999"))
    assert_events(travel.registry, receipt, [])


def test_transfer_reverts_when_at_the_threshold_without_a_commitment(travel: AmlWorld) -> None:
    _missing(travel, travel.actors.alice, travel.henry, THRESHOLD, THRESHOLD)


def test_transfer_consumes_the_commitment_exactly_once(travel: AmlWorld) -> None:
    alice, henry, token = travel.actors.alice, travel.henry, travel.token
    travel.commit(alice.address, henry.address, THRESHOLD, PAYLOAD)
    assert _pending(travel, alice, henry, THRESHOLD) == PAYLOAD

    receipt = passes(token, alice, henry, THRESHOLD)

    assert_events(
        travel.registry,
        receipt,
        [
            (
                "CommitmentConsumed",
                {
                    "token": token.address,
                    "from": alice.address,
                    "to": henry.address,
                    "amount": THRESHOLD,
                    "payloadHash": PAYLOAD,
                },
            )
        ],
    )
    assert_events(
        token,
        receipt,
        [("Transfer", {"from": alice.address, "to": henry.address, "value": THRESHOLD})],
    )
    assert _pending(travel, alice, henry, THRESHOLD) == NO_PAYLOAD
    _missing(travel, alice, henry, THRESHOLD, THRESHOLD)  # the same transfer again
    assert token.fn.balanceOf(henry.address).call() == THRESHOLD


@pytest.mark.parametrize("mismatch", ["amount above", "amount below", "recipient", "sender"])
def test_transfer_reverts_when_the_commitment_does_not_match(
    travel: AmlWorld, mismatch: str
) -> None:
    a, henry = travel.actors, travel.henry
    committed = usd(1_500)
    travel.commit(a.alice.address, henry.address, committed, PAYLOAD)
    sender, to, value = {
        "amount above": (a.alice, henry, committed + 1),
        "amount below": (a.alice, henry, committed - 1),
        "recipient": (a.alice, a.bob, committed),  # HK -> SG: the lower threshold is 1,000
        "sender": (a.carol, henry, committed),  # US -> HK: the US has the home threshold
    }[mismatch]

    _missing(travel, sender, to, value, THRESHOLD)

    assert _pending(travel, a.alice, henry, committed) == PAYLOAD  # untouched
    passes(travel.token, a.alice, henry, committed)


def test_transfer_of_any_amount_needs_a_commitment_when_the_threshold_is_zero(
    travel: AmlWorld,
) -> None:
    alice, henry = travel.actors.alice, travel.henry
    travel.officer("setTravelRuleThreshold", HK, 0)
    _missing(travel, alice, henry, 1, 0)
    _missing(travel, alice, henry, 0, 0)
    travel.commit(alice.address, henry.address, 1, PAYLOAD)
    passes(travel.token, alice, henry, 1)


def test_cross_border_transfer_uses_the_lower_threshold(travel: AmlWorld) -> None:
    a, sam = travel.actors, travel.sam
    travel.officer("setTravelRuleThreshold", SG, usd(3_000))
    # HK (1,000) <-> SG (3,000): 1,000 either way
    _missing(travel, a.alice, a.bob, THRESHOLD, THRESHOLD)
    _missing(travel, a.bob, a.alice, THRESHOLD, THRESHOLD)
    # inside Singapore its own threshold applies
    passes(travel.token, a.bob, sam, usd("2999.999999"))
    _missing(travel, a.bob, sam, usd(3_000), usd(3_000))

    travel.officer("setTravelRuleThreshold", SG, usd(250))
    # now Singapore's is the lower one, whichever side it is on
    _missing(travel, a.alice, a.bob, usd(250), usd(250))
    _missing(travel, a.bob, a.alice, usd(250), usd(250))
    passes(travel.token, a.alice, travel.henry, usd(250))  # inside Hong Kong: still 1,000


def test_jurisdiction_without_its_own_threshold_uses_the_home_one(travel: AmlWorld) -> None:
    carol, ursula, token = travel.actors.carol, travel.ursula, travel.token
    assert token.fn.travelRuleThreshold(US).call() == (THRESHOLD, False)
    assert token.fn.travelRuleThreshold(HK).call() == (THRESHOLD, True)
    _missing(travel, carol, ursula, THRESHOLD, THRESHOLD)

    travel.officer("setTravelRuleThreshold", HK, usd(2_000))  # the home threshold moves ...
    assert token.fn.travelRuleThreshold(US).call() == (usd(2_000), False)
    passes(token, carol, ursula, THRESHOLD)  # ... and the US follows it
    _missing(travel, carol, ursula, usd(2_000), usd(2_000))


def test_setTravelRuleThreshold_of_max_gives_a_foreign_jurisdiction_the_home_one_again(
    travel: AmlWorld,
) -> None:
    bob, sam, token = travel.actors.bob, travel.sam, travel.token
    travel.officer("setTravelRuleThreshold", SG, usd(3_000))
    passes(token, bob, sam, usd(2_000))
    travel.officer("setTravelRuleThreshold", SG, NO_LIMIT)
    assert token.fn.travelRuleThreshold(SG).call() == (THRESHOLD, False)
    _missing(travel, bob, sam, usd(2_000), THRESHOLD)


def test_home_without_a_threshold_needs_no_commitment_at_home(travel: AmlWorld) -> None:
    a, token = travel.actors, travel.token
    travel.officer("setTravelRuleThreshold", HK, NO_LIMIT)
    travel.officer("setTravelRuleThreshold", SG, usd(3_000))
    assert token.fn.travelRuleThreshold(HK).call() == (NO_LIMIT, True)
    receipt = passes(token, a.alice, travel.henry, usd(50_000))
    assert_events(travel.registry, receipt, [])
    passes(token, a.carol, travel.ursula, usd(50_000))  # the US has none of its own either
    _missing(travel, a.alice, a.bob, usd(3_000), usd(3_000))  # Singapore keeps its own


def test_travel_rule_without_a_configured_threshold_covers_every_transfer(
    world: AmlWorld,
) -> None:
    # nothing set for the home jurisdiction: its threshold reads 0, i.e. every transfer
    assert world.token.fn.travelRuleThreshold(HK).call() == (0, True)
    world.officer("setTravelRule", True)
    _missing(world, world.actors.alice, world.henry, 1, 0)


def test_transfer_needs_no_commitment_while_the_travel_rule_is_off(travel: AmlWorld) -> None:
    alice, henry = travel.actors.alice, travel.henry
    travel.commit(alice.address, henry.address, usd(5_000), PAYLOAD)
    travel.officer("setTravelRule", False)
    receipt = passes(travel.token, alice, henry, usd(5_000))
    assert_events(travel.registry, receipt, [])  # nothing consumed
    assert _pending(travel, alice, henry, usd(5_000)) == PAYLOAD
    passes(travel.token, alice, henry, usd(7_000))


def test_setTravelRule_reverts_when_no_registry_is_set(world: AmlWorld) -> None:
    a, bare = world.actors, world.env.bare_token
    bare.fn.grantRole(COMPLIANCE_OFFICER_ROLE, a.compliance_officer.address).transact(a.admin)
    with reverts("TravelRuleRegistryNotSet"):
        bare.fn.setTravelRule(True).transact(a.compliance_officer)
    receipt = bare.fn.setTravelRule(False).transact(a.compliance_officer)  # off needs none
    assert_events(bare, receipt, [("TravelRuleSet", {"previousEnabled": False, "enabled": False})])


def test_transferFrom_consumes_the_owners_commitment(travel: AmlWorld) -> None:
    a, token = travel.actors, travel.token
    token.fn.approve(a.carol.address, usd(2_000)).transact(a.alice)
    with reverts(
        "TravelRuleCommitmentMissing",
        **{"from": a.alice.address},
        to=a.bob.address,
        amount=usd(2_000),
        threshold=THRESHOLD,
    ):
        token.fn.transferFrom(a.alice.address, a.bob.address, usd(2_000)).transact(a.carol)
    travel.commit(a.alice.address, a.bob.address, usd(2_000), PAYLOAD)  # the spender: no part
    receipt = token.fn.transferFrom(a.alice.address, a.bob.address, usd(2_000)).transact(a.carol)
    assert [e.name for e in travel.registry.events(receipt)] == ["CommitmentConsumed"]
    assert _pending(travel, a.alice, a.bob, usd(2_000)) == NO_PAYLOAD


def test_commitment_for_another_token_does_not_count(travel: AmlWorld) -> None:
    alice, henry = travel.actors.alice, travel.henry
    other = travel.env.bare_token.address
    travel.registry.fn.register(other, alice.address, henry.address, THRESHOLD, PAYLOAD).transact(
        travel.vasp
    )
    _missing(travel, alice, henry, THRESHOLD, THRESHOLD)


def test_travel_rule_is_checked_after_the_limits_and_before_the_balance(
    travel: AmlWorld,
) -> None:
    a, token = travel.actors, travel.token
    travel.officer("setTierLimits", 1, limits(cap=usd(5_000)))
    assert detect(token, a.alice, travel.henry, usd("5000.000001")) == TRANSFER_CAP_EXCEEDED
    assert detect(token, a.alice, travel.henry, usd(5_000)) == TRAVEL_RULE_COMMITMENT_MISSING
    # henry holds nothing: the missing commitment is named before the balance
    _missing(travel, travel.henry, a.alice, usd(2_000), THRESHOLD)


def test_setHomeJurisdiction_makes_the_new_homes_threshold_the_default(travel: AmlWorld) -> None:
    a, token = travel.actors, travel.token
    travel.officer("setTravelRuleThreshold", SG, usd(3_000))
    assert token.fn.travelRuleThreshold(SG).call() == (usd(3_000), True)
    travel.officer("setHomeJurisdiction", SG)
    assert token.fn.travelRuleThreshold(SG).call() == (usd(3_000), True)
    assert token.fn.travelRuleThreshold(US).call() == (usd(3_000), False)
    assert token.fn.travelRuleThreshold(HK).call() == (usd(1_000), True)  # the old home keeps it
    passes(token, a.bob, travel.sam, usd(2_000))  # inside Singapore, below its 3,000
