"""Secure mint: every mint is backed by a fresh reserve attestation (after the margin).

A second token on the session chain is gated on a real ReserveAttestor; the core suites use an
ungated token. Figures follow REGULATION.md scenario 7 (reserves 10.0m, supply 9.5m).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest
from behaviors.asserts import reverts
from behaviors.stablecoin import ROLES, UNIT, StablecoinEnv, next_timestamp, warp_to
from eth_utils import keccak

from compliance_kit.contracts import Contract, deploy

if TYPE_CHECKING:
    from behaviors.stablecoin import Actors

    from compliance_kit.chain import Embedded

DAY = 86_400
MAX_AGE = 38 * DAY  # US profile: monthly report, 38 days' grace
RESERVES = 10_000_000 * UNIT
SUPPLY = 9_500_000 * UNIT
ATTESTOR_ROLE = keccak(text="ATTESTOR_ROLE")
REPORT = keccak(text="reserve report 2026-11")
ORDER = keccak(text="order 9")
NONE, PERCENTAGE, ABSOLUTE = 0, 1, 2


@dataclass(frozen=True)
class Gated:
    token: Contract
    attestor: Contract
    attested_at: int


@pytest.fixture(scope="session")
def gated_world(stablecoin_env: StablecoinEnv) -> Gated:
    """A token gated on a ReserveAttestor with 10.0m attested and 9.5m minted (session setup)."""
    env = stablecoin_env
    a = env.actors
    attestor = deploy(
        env.transactor, env.artifacts["ReserveAttestor"], a.admin.address, MAX_AGE, sender=a.admin
    )
    attestor.fn.grantRole(ATTESTOR_ROLE, a.treasury.address).transact(a.admin)
    token = deploy(
        env.transactor,
        env.artifacts["ComplianceStablecoin"],
        "Gated USD",
        "GUSD",
        6,
        a.admin.address,
        0,
        attestor.address,
        sender=a.admin,
    )
    for role, holder in (
        ("MASTER_MINTER_ROLE", a.master_minter),
        ("KYC_OPERATOR_ROLE", a.kyc_operator),
        ("COMPLIANCE_OFFICER_ROLE", a.compliance_officer),
        ("PAUSER_ROLE", a.pauser),
    ):
        token.fn.grantRole(ROLES[role], holder.address).transact(a.admin)
    token.fn.configureMinter(a.minter.address, 10**15 * UNIT).transact(a.master_minter)
    expiry = env.chain.timestamp() + 3 * 365 * DAY
    for holder in (a.alice, a.bob):
        token.fn.approveAccount(holder.address, 1, 344, expiry).transact(a.kyc_operator)
    attested_at = next_timestamp(env.chain)
    attestor.fn.attest(RESERVES, attested_at, REPORT, "", []).transact(a.treasury)
    token.fn.mint(a.alice.address, SUPPLY).transact(a.minter)
    return Gated(token, attestor, attested_at)


@pytest.fixture
def gated(gated_world: Gated, env: StablecoinEnv) -> Gated:
    """The gated world, isolated by the ``env`` snapshot."""
    return gated_world


def _mint(gated: Gated, actors: Actors, amount: int):
    return gated.token.fn.mint(actors.bob.address, amount).transact(actors.minter)


def test_mint_exactly_at_the_headroom_succeeds(gated: Gated, actors: Actors) -> None:
    headroom = RESERVES - SUPPLY
    assert gated.token.fn.reserveCoverage().call()[2] == headroom
    _mint(gated, actors, headroom)
    assert gated.token.fn.totalSupply().call() == RESERVES


def test_mint_reverts_one_unit_above_the_headroom(gated: Gated, actors: Actors) -> None:
    amount = RESERVES - SUPPLY + 1
    with reverts("InsufficientReserves", supply=SUPPLY, amount=amount, reserves=RESERVES):
        _mint(gated, actors, amount)


def test_mint_at_the_maximum_age_succeeds_and_one_second_later_reverts(
    gated: Gated, actors: Actors, warp: Callable[[int], None]
) -> None:
    deadline = gated.attested_at + MAX_AGE
    warp(deadline)
    _mint(gated, actors, UNIT)
    warp(deadline + 1)
    with reverts("ReservesStale", asOf=gated.attested_at, maxAge=MAX_AGE, currentTime=deadline + 1):
        _mint(gated, actors, UNIT)


def test_stale_attestation_stops_minting_only(
    gated: Gated, actors: Actors, warp: Callable[[int], None]
) -> None:
    """41 days without a report: mint stops; transfers and redemptions go on."""
    warp(gated.attested_at + 41 * DAY)
    assert gated.token.fn.reserveCoverage().call()[5] is False  # not fresh
    with pytest.raises(Exception, match="ReservesStale"):
        _mint(gated, actors, UNIT)
    gated.token.fn.transfer(actors.bob.address, UNIT).transact(actors.alice)
    gated.token.fn.redeem(UNIT, REPORT).transact(actors.alice)
    assert gated.token.fn.balanceOf(actors.bob.address).call() == UNIT


def test_a_new_attestation_restores_minting(
    gated: Gated, actors: Actors, chain: Embedded, warp: Callable[[int], None]
) -> None:
    warp(gated.attested_at + 41 * DAY)
    at = next_timestamp(chain)
    gated.attestor.fn.attest(RESERVES, at, REPORT, "", []).transact(actors.treasury)
    _mint(gated, actors, UNIT)


@pytest.mark.parametrize(
    ("mode", "value", "mintable"),
    [
        (NONE, 0, RESERVES),
        (PERCENTAGE, -200, RESERVES * 98 // 100),  # a 2 % buffer: 9.8m
        (PERCENTAGE, 200, RESERVES * 102 // 100),  # 2 % over-issuance allowed: 10.2m
        (ABSOLUTE, -500_000 * UNIT, RESERVES - 500_000 * UNIT),
        (ABSOLUTE, 250_000 * UNIT, RESERVES + 250_000 * UNIT),
    ],
    ids=["none", "pct-buffer", "pct-over", "abs-buffer", "abs-over"],
)
def test_margin_moves_the_limit_exactly(
    gated: Gated, actors: Actors, mode: int, value: int, mintable: int
) -> None:
    gated.attestor.fn.setMargin(mode, value).transact(actors.admin)
    assert gated.token.fn.reserveCoverage().call()[0] == mintable
    headroom = mintable - SUPPLY
    with reverts("InsufficientReserves", supply=SUPPLY, amount=headroom + 1, reserves=mintable):
        _mint(gated, actors, headroom + 1)
    _mint(gated, actors, headroom)


def test_scenario_7_a_400k_mint_against_a_2_percent_buffer_reverts(
    gated: Gated, actors: Actors
) -> None:
    gated.attestor.fn.setMargin(PERCENTAGE, -200).transact(actors.admin)
    amount = 400_000 * UNIT
    with reverts("InsufficientReserves", supply=SUPPLY, amount=amount, reserves=9_800_000 * UNIT):
        _mint(gated, actors, amount)


def test_frozen_balances_still_count_as_liabilities(gated: Gated, actors: Actors) -> None:
    before = gated.token.fn.reserveCoverage().call()
    gated.token.fn.freeze(actors.alice.address, ORDER).transact(actors.compliance_officer)
    assert gated.token.fn.reserveCoverage().call() == before


def test_reserve_coverage_reports_every_figure(gated: Gated) -> None:
    reserves, supply, headroom, coverage_bps, as_of, fresh = gated.token.fn.reserveCoverage().call()
    assert (reserves, supply, headroom, as_of, fresh) == (
        RESERVES,
        SUPPLY,
        RESERVES - SUPPLY,
        gated.attested_at,
        True,
    )
    assert coverage_bps == RESERVES * 10_000 // SUPPLY  # 105.26 %


def test_ungated_token_reports_no_reserves(token: Contract) -> None:
    supply = token.fn.totalSupply().call()
    assert token.fn.reserveSource().call() == "0x" + "00" * 20
    assert token.fn.reserveCoverage().call() == (0, supply, 0, 0, 0, False)


def test_mint_reverts_when_nothing_was_ever_attested(env: StablecoinEnv, actors: Actors) -> None:
    attestor = deploy(
        env.transactor,
        env.artifacts["ReserveAttestor"],
        actors.admin.address,
        MAX_AGE,
        sender=actors.admin,
    )
    token = _gated_token(env, actors, attestor.address)
    with reverts("ReservesStale", asOf=0, maxAge=MAX_AGE, currentTime=next_timestamp(env.chain)):
        token.fn.mint(actors.alice.address, 1).transact(actors.minter)


def test_mint_reverts_when_the_reserve_source_is_not_a_contract(
    env: StablecoinEnv, actors: Actors
) -> None:
    token = _gated_token(env, actors, actors.dave.address)
    with reverts("InvalidReserveSource", source=actors.dave.address):
        token.fn.mint(actors.alice.address, 1).transact(actors.minter)


def _gated_token(env: StablecoinEnv, actors: Actors, source: str) -> Contract:
    """A fresh token gated on ``source``, with a minter and alice verified (inside the test)."""
    token = deploy(
        env.transactor,
        env.artifacts["ComplianceStablecoin"],
        "T",
        "T",
        6,
        actors.admin.address,
        0,
        source,
        sender=actors.admin,
    )
    token.fn.grantRole(ROLES["MASTER_MINTER_ROLE"], actors.master_minter.address).transact(
        actors.admin
    )
    token.fn.grantRole(ROLES["KYC_OPERATOR_ROLE"], actors.kyc_operator.address).transact(
        actors.admin
    )
    token.fn.configureMinter(actors.minter.address, UNIT).transact(actors.master_minter)
    expiry = env.chain.timestamp() + 365 * DAY
    token.fn.approveAccount(actors.alice.address, 1, 344, expiry).transact(actors.kyc_operator)
    return token


def test_warp_helper_is_exact(chain: Embedded) -> None:
    """The boundary tests rely on ``warp``: the next block has exactly the requested time."""
    target = next_timestamp(chain) + 100
    warp_to(chain, target)
    assert next_timestamp(chain) == target
