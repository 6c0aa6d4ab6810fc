"""Jurisdiction corridors: which cross-border pairs may transact, and blocked jurisdictions.

``setCorridorRules(enabled, openByDefault)``: with ``openByDefault`` a pair without an entry is
allowed (a deny list), without it refused (an allow list). ``setCorridor(from, to, status)`` sets
one direction. A blocked jurisdiction refuses everything in, out and inside it, whatever its
entries say. Transfers inside a jurisdiction need no entry. Refusals carry
``CorridorClosed(fromJurisdiction, toJurisdiction)``.
"""

# Foundry-style names keep the Solidity function's camelCase: test_<fn>_reverts_when_<cond>
# ruff: noqa: N802

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from behaviors.asserts import assert_events, reverts

from aml.helpers import (
    ALLOWED,
    CORRIDOR_CLOSED,
    DENIED,
    HK,
    IR,
    SG,
    TRANSFER_CAP_EXCEEDED,
    UNSET,
    US,
    detect,
    limits,
    passes,
    refused,
    usd,
)

if TYPE_CHECKING:
    from eth_account.signers.local import LocalAccount

    from aml.conftest import AmlWorld

VALUE = usd(100)
JURISDICTIONS = {"HK": HK, "SG": SG, "US": US, "IR": IR}

#: what the corridor entries below allow, with a pair without entry open (deny-list mode) ...
ALLOWED_WHEN_OPEN = {
    ("HK", "HK"), ("HK", "SG"), ("HK", "US"),
    ("SG", "HK"), ("SG", "SG"), ("SG", "US"),
    ("US", "SG"), ("US", "US"),
}  # fmt: skip
#: ... and closed (allow-list mode); Iran is blocked in both
ALLOWED_WHEN_CLOSED = {("HK", "HK"), ("HK", "SG"), ("SG", "SG"), ("SG", "US"), ("US", "US")}


def _sender(world: AmlWorld, name: str) -> LocalAccount:
    """A funded customer of each jurisdiction."""
    return {"HK": world.actors.alice, "SG": world.actors.bob, "US": world.actors.carol}.get(
        name, world.reza
    )


def _recipient(world: AmlWorld, name: str) -> LocalAccount:
    """Another customer of each jurisdiction."""
    return {"HK": world.henry, "SG": world.sam, "US": world.ursula, "IR": world.ramin}[name]


def _corridors(world: AmlWorld, *, open_by_default: bool) -> None:
    world.officer("setCorridorRules", True, open_by_default)
    world.officer("setCorridor", HK, SG, ALLOWED)
    world.officer("setCorridor", SG, US, ALLOWED)
    world.officer("setCorridor", US, HK, DENIED)
    world.officer("setCorridor", HK, IR, ALLOWED)  # a block beats an entry
    world.officer("setJurisdictionBlocked", IR, True)


def _closed(
    world: AmlWorld, sender: LocalAccount, to: LocalAccount, route: tuple[int, int]
) -> None:
    refused(
        world.token, sender, to, VALUE, CORRIDOR_CLOSED, "CorridorClosed",
        fromJurisdiction=route[0], toJurisdiction=route[1],
    )  # fmt: skip


@pytest.mark.parametrize("open_by_default", [True, False], ids=["deny-list", "allow-list"])
@pytest.mark.parametrize("origin", JURISDICTIONS)
@pytest.mark.parametrize("destination", JURISDICTIONS)
def test_corridor_matrix(
    world: AmlWorld, open_by_default: bool, origin: str, destination: str
) -> None:
    _corridors(world, open_by_default=open_by_default)
    allowed = ALLOWED_WHEN_OPEN if open_by_default else ALLOWED_WHEN_CLOSED
    sender, to = _sender(world, origin), _recipient(world, destination)
    if (origin, destination) in allowed:
        passes(world.token, sender, to, VALUE)
        assert world.token.fn.balanceOf(to.address).call() == VALUE
    else:
        _closed(world, sender, to, (JURISDICTIONS[origin], JURISDICTIONS[destination]))


def test_setCorridor_opens_one_direction_only(world: AmlWorld) -> None:
    a, token = world.actors, world.token
    _corridors(world, open_by_default=False)
    assert token.fn.corridor(HK, SG).call() == ALLOWED
    assert token.fn.corridor(SG, HK).call() == UNSET
    passes(token, a.alice, a.bob, VALUE)
    _closed(world, a.bob, a.alice, (SG, HK))
    world.officer("setCorridor", SG, HK, ALLOWED)
    passes(token, a.bob, a.alice, VALUE)


def test_transfer_reverts_in_out_and_inside_a_blocked_jurisdiction(world: AmlWorld) -> None:
    a, reza, ramin = world.actors, world.reza, world.ramin
    _corridors(world, open_by_default=True)
    assert world.token.fn.isJurisdictionBlocked(IR).call() is True
    _closed(world, a.alice, ramin, (HK, IR))  # even with HK -> IR allowed
    _closed(world, reza, a.alice, (IR, HK))
    _closed(world, reza, ramin, (IR, IR))

    world.officer("setJurisdictionBlocked", IR, False)
    passes(world.token, a.alice, ramin, VALUE)
    passes(world.token, reza, a.alice, VALUE)
    passes(world.token, reza, ramin, VALUE)


def test_setJurisdictionBlocked_reverts_when_blocking_the_home_jurisdiction(
    world: AmlWorld,
) -> None:
    with reverts("HomeJurisdictionBlocked", jurisdiction=HK):
        world.officer("setJurisdictionBlocked", HK, True)
    receipt = world.officer("setJurisdictionBlocked", HK, False)  # unblocking is harmless
    assert_events(
        world.token,
        receipt,
        [("JurisdictionBlockedSet", {"jurisdiction": HK, "previous": False, "blocked": False})],
    )


def test_setHomeJurisdiction_reverts_when_the_jurisdiction_is_blocked(world: AmlWorld) -> None:
    world.officer("setJurisdictionBlocked", IR, True)
    with reverts("HomeJurisdictionBlocked", jurisdiction=IR):
        world.officer("setHomeJurisdiction", IR)
    assert world.token.fn.transferRules().call()[3] == HK


def test_corridors_switched_off_enforce_nothing(world: AmlWorld) -> None:
    a = world.actors
    _corridors(world, open_by_default=False)
    world.officer("setCorridorRules", False, False)
    assert world.token.fn.transferRules().call() == (False, False, False, HK)
    passes(world.token, world.reza, world.ramin, VALUE)  # blocked, but not enforced
    passes(world.token, a.carol, a.alice, VALUE)  # denied, but not enforced
    passes(world.token, a.bob, a.alice, VALUE)  # no entry


def test_corridor_follows_a_change_of_jurisdiction(world: AmlWorld) -> None:
    a, token = world.actors, world.token
    _corridors(world, open_by_default=True)
    passes(token, a.alice, world.henry, VALUE)
    _, tier, _, expiry = token.fn.kycOf(world.henry.address).call()
    token.fn.approveAccount(world.henry.address, tier, IR, expiry).transact(a.kyc_operator)
    _closed(world, a.alice, world.henry, (HK, IR))


def test_transferFrom_follows_the_parties_corridor_not_the_spenders(world: AmlWorld) -> None:
    a, token, reza = world.actors, world.token, world.reza
    _corridors(world, open_by_default=False)
    token.fn.approve(reza.address, VALUE).transact(a.alice)
    # a spender in a blocked jurisdiction moves funds inside Hong Kong: not a corridor question
    token.fn.transferFrom(a.alice.address, world.henry.address, VALUE).transact(reza)
    token.fn.approve(a.alice.address, VALUE).transact(reza)
    with reverts("CorridorClosed", fromJurisdiction=IR, toJurisdiction=HK):
        token.fn.transferFrom(reza.address, world.henry.address, VALUE).transact(a.alice)


def test_corridor_is_checked_before_the_limits(world: AmlWorld) -> None:
    a = world.actors
    _corridors(world, open_by_default=False)
    world.officer("setTierLimits", 2, limits(cap=usd(10)))
    assert detect(world.token, a.bob, a.alice, VALUE) == CORRIDOR_CLOSED  # SG -> HK: no entry
    assert detect(world.token, a.bob, world.sam, VALUE) == TRANSFER_CAP_EXCEEDED


# --- issuance into a blocked jurisdiction ------------------------------------------------------


def _mint(world: AmlWorld, to: LocalAccount) -> None:
    world.token.fn.mint(to.address, VALUE).transact(world.actors.minter)


def test_mint_reverts_to_an_account_of_a_blocked_jurisdiction(world: AmlWorld) -> None:
    """No tokens are issued into a blocked jurisdiction (while corridors are enforced); other
    jurisdictions are unaffected, and lifting the block lifts the refusal."""
    reza, token = world.reza, world.token
    _corridors(world, open_by_default=True)
    supply = token.fn.totalSupply().call()
    with reverts("JurisdictionBlocked", account=reza.address, jurisdiction=IR):
        _mint(world, reza)
    assert token.fn.totalSupply().call() == supply
    _mint(world, world.henry)  # Hong Kong: not blocked
    world.officer("setJurisdictionBlocked", IR, False)
    _mint(world, reza)
    assert token.fn.totalSupply().call() == supply + 2 * VALUE


def test_mint_to_a_blocked_jurisdiction_passes_while_corridors_are_not_enforced(
    world: AmlWorld,
) -> None:
    _corridors(world, open_by_default=True)
    world.officer("setCorridorRules", False, True)
    _mint(world, world.reza)
    world.officer("setCorridorRules", True, True)
    with reverts("JurisdictionBlocked", account=world.reza.address, jurisdiction=IR):
        _mint(world, world.reza)


def test_mint_counts_blocked_jurisdictions_not_block_calls(world: AmlWorld) -> None:
    """Blocking twice, or unblocking what is not blocked, does not upset the count mint reads:
    the block holds until the jurisdiction is unblocked, and then no other block lingers."""
    world.officer("setCorridorRules", True, True)
    for _ in range(2):
        world.officer("setJurisdictionBlocked", IR, True)
    world.officer("setJurisdictionBlocked", SG, False)  # never blocked
    world.officer("setJurisdictionBlocked", US, True)
    world.officer("setJurisdictionBlocked", US, False)
    with reverts("JurisdictionBlocked", account=world.reza.address, jurisdiction=IR):
        _mint(world, world.reza)
    world.officer("setJurisdictionBlocked", IR, False)
    _mint(world, world.reza)


def test_redemption_stays_open_in_a_blocked_jurisdiction(world: AmlWorld) -> None:
    """REGULATION.md: redemption is refused only to a frozen or sanctioned redeemer."""
    _corridors(world, open_by_default=True)
    before = world.token.fn.balanceOf(world.reza.address).call()
    world.token.fn.redeem(VALUE, b"\x01" * 32).transact(world.reza)
    assert world.token.fn.balanceOf(world.reza.address).call() == before - VALUE
