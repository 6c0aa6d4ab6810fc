"""Stateful property test of secure mint: no mint ever takes supply past fresh attested reserves.

A hypothesis ``RuleBasedStateMachine`` drives a token gated on a real ReserveAttestor with random
attestations, margin changes (none, ±percentage, ±absolute), time travel across the maximum age,
mints and redemptions. A pure-Python model predicts each mint's outcome (success,
``ReservesStale`` or ``InsufficientReserves`` with its numbers); the chain must agree. Invariants
after every step: supply equals the sum of balances and the ghost supply; and right after every
successful mint, supply <= the attested reserves after the margin, with the attestation fresh.

One chain serves every example (snapshot in ``__init__``, revert in ``teardown``). Quick by default;
``CK_DEEP=1`` runs 200 examples of up to 50 steps.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import ClassVar

from behaviors.stablecoin import ROLES, UNIT, StablecoinEnv, warp_to
from eth_utils import keccak
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import invariant, rule, run_state_machine_as_test

from compliance_kit.contracts import Contract, deploy
from compliance_kit.exceptions import CustomErrorRevert

from .machine import ChainMachine

DEEP = os.environ.get("CK_DEEP") == "1"
SETTINGS = settings(
    max_examples=200 if DEEP else 20,
    stateful_step_count=50 if DEEP else 20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
DAY = 86_400
MAX_AGE = 38 * DAY
BPS = 10_000
ATTESTOR_ROLE = keccak(text="ATTESTOR_ROLE")
REPORT = keccak(text="report")
NONE, PERCENTAGE, ABSOLUTE = 0, 1, 2
HOLDERS = ("alice", "bob")

amounts = st.integers(min_value=0, max_value=3_000_000).map(lambda n: n * UNIT)
margins = st.one_of(
    st.just((NONE, 0)),
    st.tuples(st.just(PERCENTAGE), st.integers(min_value=-2_000, max_value=2_000)),
    st.tuples(
        st.just(ABSOLUTE),
        st.integers(min_value=-1_000_000, max_value=1_000_000).map(lambda n: n * UNIT),
    ),
)


@dataclass(frozen=True)
class GatedWorld:
    env: StablecoinEnv
    token: Contract
    attestor: Contract


def build_world(env: StablecoinEnv) -> GatedWorld:
    a = env.actors
    attestor = deploy(
        env.transactor, env.artifacts["ReserveAttestor"], a.admin.address, MAX_AGE, sender=a.admin
    )
    attestor.fn.grantRole(ATTESTOR_ROLE, a.treasury.address).transact(a.admin)
    token = deploy(
        env.transactor,
        env.artifacts["ComplianceStablecoin"],
        "Gated",
        "G",
        6,
        a.admin.address,
        0,
        attestor.address,
        sender=a.admin,
    )
    token.fn.grantRole(ROLES["MASTER_MINTER_ROLE"], a.master_minter.address).transact(a.admin)
    token.fn.grantRole(ROLES["KYC_OPERATOR_ROLE"], a.kyc_operator.address).transact(a.admin)
    token.fn.configureMinter(a.minter.address, 10**15 * UNIT).transact(a.master_minter)
    expiry = env.chain.timestamp() + 20 * 365 * DAY
    for name in HOLDERS:
        holder = a.by_name(name).address
        token.fn.approveAccount(holder, 1, 344, expiry).transact(a.kyc_operator)
    return GatedWorld(env, token, attestor)


def mintable(reserves: int, mode: int, value: int) -> int:
    """The attestor's margin rule (percentages round down, buffers clamp at zero)."""
    if mode == PERCENTAGE:
        return reserves * (BPS + value) // BPS
    if mode == ABSOLUTE:
        return max(reserves + value, 0)
    return reserves


class SecureMintMachine(ChainMachine):
    world: ClassVar[GatedWorld]
    stats: ClassVar[dict[str, int]] = {}

    def __init__(self) -> None:
        w = self.world
        super().__init__(w.env.chain)
        self.token, self.attestor = w.token, w.attestor
        self.actors = w.env.actors
        self.reserves, self.as_of = 0, 0
        self.margin = (NONE, 0)
        self.balances = dict.fromkeys(HOLDERS, 0)
        self.attest(5_000_000 * UNIT)  # start attested; rules then move reserves, time and margin

    @property
    def supply(self) -> int:
        return sum(self.balances.values())

    @rule(reserves=amounts.map(lambda a: a * 4))
    def attest(self, reserves: int) -> None:
        as_of = self._now()
        self.attestor.fn.attest(reserves, as_of, REPORT, "", []).transact(self.actors.treasury)
        self.reserves, self.as_of = reserves, as_of

    @rule(days=st.integers(min_value=0, max_value=45))
    def advance(self, days: int) -> None:
        warp_to(self.chain, self._now() + days * DAY)

    @rule(margin=margins)
    def set_margin(self, margin: tuple[int, int]) -> None:
        self.attestor.fn.setMargin(*margin).transact(self.actors.admin)
        self.margin = margin

    @rule(holder=st.sampled_from(HOLDERS), amount=amounts)
    def mint(self, holder: str, amount: int) -> None:
        now = self._now()
        limit = mintable(self.reserves, *self.margin) if self.as_of else 0
        if now > self.as_of + MAX_AGE:
            expected = (
                "ReservesStale",
                {"asOf": self.as_of, "maxAge": MAX_AGE, "currentTime": now},
            )
        elif self.supply + amount > limit:
            expected = (
                "InsufficientReserves",
                {"supply": self.supply, "amount": amount, "reserves": limit},
            )
        else:
            expected = None
        call = self.token.fn.mint(self.actors.by_name(holder).address, amount)
        refusal: CustomErrorRevert | None = None
        try:
            call.transact(self.actors.minter)
        except CustomErrorRevert as exc:
            refusal = exc
        if refusal is not None:
            assert (refusal.name, refusal.args_by_name) == expected, f"mint of {amount}: {refusal}"
            self._count(f"refused: {refusal.name}")
            return
        assert expected is None, f"mint of {amount} succeeded; model expected {expected}"
        self.balances[holder] += amount
        self._count("minted")
        # the property itself, read from the chain right after the mint
        reserves, supply, _, _, as_of, fresh = self.token.fn.reserveCoverage().call()
        assert fresh
        assert supply <= reserves
        assert as_of == self.as_of

    @rule(holder=st.sampled_from(HOLDERS), share=st.integers(min_value=1, max_value=100))
    def redeem(self, holder: str, share: int) -> None:
        amount = self.balances[holder] * share // 100
        if amount == 0:
            return
        self.token.fn.redeem(amount, REPORT).transact(self.actors.by_name(holder))
        self.balances[holder] -= amount
        self._count("redeemed")

    @invariant()
    def supply_is_the_sum_of_balances(self) -> None:
        chain_balances = {
            name: self.token.fn.balanceOf(self.actors.by_name(name).address).call()
            for name in HOLDERS
        }
        assert chain_balances == self.balances
        assert self.token.fn.totalSupply().call() == self.supply
        self._count("invariant_checks")


def test_no_mint_exceeds_fresh_attested_reserves(stablecoin: StablecoinEnv) -> None:
    SecureMintMachine.world = build_world(stablecoin)
    SecureMintMachine.stats = {}
    run_state_machine_as_test(SecureMintMachine, settings=SETTINGS)
    print("secure-mint stateful run:", dict(sorted(SecureMintMachine.stats.items())))
    assert SecureMintMachine.stats.get("minted", 0) > 0
