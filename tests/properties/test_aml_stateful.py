"""Stateful model-based test of the ComplianceStablecoin's AML transfer rules.

A hypothesis ``RuleBasedStateMachine`` drives the real token (with a real TravelRuleRegistry and a
real SanctionsList oracle) through random sequences of transfers, bursts of transfers and
transferFroms between six actors of different tiers and jurisdictions (amounts at the boundaries:
exactly the cap / the rolling volume still available / the travel-rule threshold, one more, one
less, zero, the whole or the unfrozen balance and one more), time travel (a second to a week, and
exactly to, before or after the moment a limit clock recovers), tier-limit changes (some invalid),
limit exemptions, travel-rule switches, home and per-jurisdiction thresholds, corridor rules, pair
entries and blocks, sanctions screening and listing, freezes and partial freezes, pause, KYC
approvals (new tier, jurisdiction, short lifetimes) and revocations, approvals, and travel-rule
commitments (registered for the exact next transfer or a mismatched one, cancelled).

The pure-Python model in ``aml_model.py`` predicts, for every transfer, the ERC-1404 code (checked
against ``detectTransferRestriction`` first) and the outcome: success (both balances, the sender's
limit clocks read from its account word, the commitment consumed, the allowance spent) or the
exact custom error with all its arguments; then ``remainingLimits`` of the sender. Invariants after
every step: the total supply is the sum of the actors' balances (every holder is an actor); every
account word, read straight from storage (balance, KYC tier / jurisdiction / expiry, freeze and
exemption flags, both limit clocks), every partial freeze and the pause flag equal the model's,
and so does ``remainingLimits`` of one actor in turn. Every transfer also checks, from the chain
alone, that it did not change the balance of a frozen, unverified, expired or (screened)
sanctioned party. Configuration and commitment steps check the views they affect, and the
``preflight`` step compares ``detectTransferRestriction`` from one actor to every account.

One chain serves every example: the machine snapshots in ``__init__`` and reverts in ``teardown``.
Quick by default (25 examples of up to 30 steps); ``CK_DEEP=1`` (as for the other stateful tests)
runs 200 examples of up to 50 steps. Nothing is printed: the numbers of examples, steps, transfers
and of each outcome are recorded as the test's user properties (in the JUnit XML, for instance).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

import pytest
from behaviors.stablecoin import UNIT, StablecoinEnv, next_timestamp, read_many, warp_to
from eth_utils import keccak
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from compliance_kit.contracts import Contract, deploy
from compliance_kit.exceptions import CustomErrorRevert, Reverted, revert_error

from .aml_model import (
    ALLOWED,
    DENIED,
    NO_THRESHOLD,
    TICKS_PER_SECOND,
    UINT256_MAX,
    UNSET,
    ZERO_ADDRESS,
    AmlModel,
    Error,
    Holder,
    Limits,
    ceil_div,
    decode_account_word,
)
from .machine import ChainMachine

if TYPE_CHECKING:
    from eth_account.signers.local import LocalAccount

DEEP = os.environ.get("CK_DEEP") == "1"
SETTINGS = settings(
    max_examples=200 if DEEP else 25,
    stateful_step_count=50 if DEEP else 30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
DAY = 86_400
ORDER = keccak(text="aml stateful order")
VASP_ROLE = keccak(text="VASP_ROLE")

US, HK, SG, JP = 840, 344, 702, 392
JURISDICTIONS = (US, HK, SG, JP)

#: every account that holds tokens, sends, receives or spends in this test
ACTORS = ("alice", "bob", "carol", "dave", "mallory", "minter")


# --- the world as the machine finds it at the start of every example --------------------------
@dataclass(frozen=True)
class KycSetup:
    tier: int
    jurisdiction: int
    days: int


KYC = {
    "alice": KycSetup(1, HK, 365),  # retail, Hong Kong
    "bob": KycSetup(2, SG, 180),  # professional, Singapore
    "carol": KycSetup(3, US, 90),  # institution, home
    "dave": KycSetup(1, US, 200),  # retail, home
    "minter": KycSetup(4, US, 730),  # issuer treasury, home, exempt
}  # mallory holds tokens but is not verified
FUNDS = {
    "alice": 10_000 * UNIT,  # minted by the session world
    "bob": 5_000 * UNIT,  # minted by the session world
    "carol": 3_000 * UNIT,
    "dave": 2_000 * UNIT,
    "mallory": 1_000 * UNIT,
    "minter": 20_000 * UNIT,
}
LIMITS = {
    1: Limits(cap=1_000 * UNIT, volume=2_500 * UNIT, window=3_600, max_transfers=4),
    2: Limits(volume=3_000 * UNIT + 1, window=DAY),
    3: Limits(window=60, max_transfers=3),
    4: Limits(cap=5_000 * UNIT, volume=12_000 * UNIT, window=DAY, max_transfers=10),
}
EXEMPT = ("minter",)
#: partially frozen at the start: carol can move 500 of her 3,000
FROZEN_TOKENS = {"carol": 2_500 * UNIT}
HOME_THRESHOLD = 1_000 * UNIT
THRESHOLDS = {SG: 500 * UNIT}
CORRIDORS = {(HK, SG): DENIED, (US, HK): ALLOWED}
BLOCKED = (JP,)
ALLOWANCE = 3_000 * UNIT  # every actor lets every other actor spend this much


@dataclass(frozen=True)
class AmlWorld:
    env: StablecoinEnv
    registry: Contract
    oracle: Contract
    #: two trusted VASPs: each may cancel only the commitments it registered
    vasps: tuple[LocalAccount, LocalAccount]
    #: storage slots (solc's layout) of the token's ``_accounts`` and ``_frozenTokens`` mappings
    accounts_slot: int
    frozen_tokens_slot: int
    #: when the KYC expiries of the setup were counted from
    start: int


def build_world(env: StablecoinEnv) -> AmlWorld:
    """Deploy the registry and the oracle and turn every AML rule on (inside the test's
    snapshot of the session world)."""
    a, fn = env.actors, env.token.fn
    officer, admin = a.compliance_officer, a.admin
    registry = deploy(
        env.transactor, env.artifacts["TravelRuleRegistry"], admin.address, 0, sender=admin
    )
    for vasp in (a.treasury, a.pauser):
        registry.fn.grantRole(VASP_ROLE, vasp.address).transact(admin)
    oracle = deploy(env.transactor, env.artifacts["SanctionsList"], admin.address, sender=admin)

    start = next_timestamp(env.chain)
    for name, kyc in KYC.items():
        expiry = start + kyc.days * DAY
        fn.approveAccount(a.by_name(name).address, kyc.tier, kyc.jurisdiction, expiry).transact(
            a.kyc_operator
        )
    mallory = a.mallory.address
    fn.approveAccount(mallory, 2, HK, start + DAY).transact(a.kyc_operator)
    for name in ("carol", "dave", "mallory", "minter"):
        fn.mint(a.by_name(name).address, FUNDS[name]).transact(a.minter)
    fn.revokeAccount(mallory).transact(a.kyc_operator)
    for owner in ACTORS:
        for spender in ACTORS:
            if owner != spender:
                fn.approve(a.by_name(spender).address, ALLOWANCE).transact(a.by_name(owner))

    fn.setTravelRuleRegistry(registry.address).transact(admin)
    for tier, limits in LIMITS.items():
        fn.setTierLimits(tier, limits.as_tuple()).transact(officer)
    for name in EXEMPT:
        fn.setLimitExemption(a.by_name(name).address, True).transact(officer)
    fn.setHomeJurisdiction(US).transact(officer)
    fn.setTravelRuleThreshold(US, HOME_THRESHOLD).transact(officer)
    for jurisdiction, threshold in THRESHOLDS.items():
        fn.setTravelRuleThreshold(jurisdiction, threshold).transact(officer)
    fn.setTravelRule(True).transact(officer)
    fn.setTravelRuleAggregation(True).transact(officer)
    fn.setCorridorRules(True, True).transact(officer)
    for (frm, to), status in CORRIDORS.items():
        fn.setCorridor(frm, to, status).transact(officer)
    for jurisdiction in BLOCKED:
        fn.setJurisdictionBlocked(jurisdiction, True).transact(officer)
    fn.setSanctionsScreening((oracle.address, False, False, True, False)).transact(officer)
    for name, amount in FROZEN_TOKENS.items():
        fn.freezeTokens(a.by_name(name).address, amount, ORDER).transact(officer)

    layout = {
        s["label"]: int(s["slot"])
        for s in env.artifacts["ComplianceStablecoin"].storage_layout["storage"]
    }
    return AmlWorld(
        env,
        registry,
        oracle,
        (a.treasury, a.pauser),
        layout["_accounts"],
        layout["_frozenTokens"],
        start,
    )


def initial_model(world: AmlWorld) -> AmlModel:
    """The model of the world ``build_world`` made."""
    a = world.env.actors
    holders = {n: Holder(n, a.by_name(n).address, balance=FUNDS[n]) for n in ACTORS}
    for name, kyc in KYC.items():
        holders[name].approve_kyc(kyc.tier, kyc.jurisdiction, world.start + kyc.days * DAY)
    for name in EXEMPT:
        holders[name].exempt = True
    for name, amount in FROZEN_TOKENS.items():
        holders[name].frozen_tokens = amount
    model = AmlModel(world.env.token.address, world.oracle.address, holders)
    model.limits.update(LIMITS)
    model.home, model.home_threshold = US, HOME_THRESHOLD
    model.thresholds.update(THRESHOLDS)
    model.travel_rule = model.corridors = model.corridors_open = model.screening = True
    model.aggregate = True
    model.corridor.update(CORRIDORS)
    model.blocked.update(BLOCKED)
    model.allowances.update({(o, s): ALLOWANCE for o in ACTORS for s in ACTORS if o != s})
    return model


# --- strategies --------------------------------------------------------------------------------
actor = st.sampled_from(ACTORS)
#: the zero address one time in nineteen
recipient = st.sampled_from((*ACTORS, *ACTORS, *ACTORS, "zero"))
jurisdiction = st.sampled_from(JURISDICTIONS)
#: amounts at the boundaries of the limit rules and of the travel rule
LIMIT_PICKS = (
    "room",
    "room/4",
    "cap",
    "cap+1",
    "available",
    "available+1",
    "threshold-1",
    "threshold",
    "committed",
)
#: amounts at the boundaries of the balance rules
BALANCE_PICKS = ("zero", "one", "half", "unfrozen", "unfrozen+1", "balance", "balance+1")
pick = st.sampled_from(LIMIT_PICKS + BALANCE_PICKS)
limit_pick = st.sampled_from(LIMIT_PICKS)
balance_pick = st.sampled_from(BALANCE_PICKS)
#: amounts a burst repeats: small enough to pass, so that the limit clocks fill up
burst_pick = st.sampled_from(("one", "room/4", "room", "cap", "available", "threshold-1"))
#: amounts a transfer with a fresh commitment moves: mostly at or above the travel-rule threshold
committed_pick = st.sampled_from(
    ("threshold", "threshold", "cap", "available", "half", "room", "unfrozen+1", "balance+1")
)
#: pause, freeze, sanction: one time in three (lifting them is twice as likely)
rarely_true = st.sampled_from((True, False, False))
limits = st.builds(
    Limits,
    cap=st.sampled_from((0, 1, 250 * UNIT, 1_000 * UNIT)),
    volume=st.sampled_from((0, 7, 1_000 * UNIT + 1, 2_500 * UNIT, 12_000 * UNIT)),
    window=st.sampled_from((30, 60, 3_600, DAY, 7 * DAY)),  # 30: too short when needed
    max_transfers=st.sampled_from((0, 1, 3, 100)),  # 100: more than a 60 s window holds
)
thresholds = st.sampled_from((0, 1, 100 * UNIT, 500 * UNIT, 1_000 * UNIT, UINT256_MAX))
seconds = st.sampled_from((1, 19, 20, 59, 60, 61, 899, 900, 3_599, 3_600, 3_601, DAY, 7 * DAY))
#: seconds a KYC approval lasts (None: revoke instead)
lifetimes = st.sampled_from((None, 2, 60, 3_600, 30 * DAY, 400 * DAY))


def mapping_slot(key: str, slot: int) -> int:
    """The storage slot of ``mapping(address => ...)[key]`` declared at ``slot``."""
    return int.from_bytes(keccak(bytes(12) + bytes.fromhex(key[2:]) + slot.to_bytes(32, "big")))


class AmlMachine(ChainMachine):
    world: ClassVar[AmlWorld]
    stats: ClassVar[dict[str, int]] = {}

    def __init__(self) -> None:
        w = self.world
        super().__init__(w.env.chain)
        self.env = w.env
        self.token, self.lens = w.env.token, w.env.lens
        self.registry, self.oracle = w.registry, w.oracle
        #: eth-tester under the embedded chain: raw storage reads in well under a millisecond
        self.tester: Any = self.chain.w3.provider.ethereum_tester  # type: ignore[attr-defined]
        self.accounts: dict[str, LocalAccount] = {n: w.env.actors.by_name(n) for n in ACTORS}
        self.m = initial_model(w)
        self.h = self.m.holders
        self.payloads = 0
        #: which of the two VASPs registered each commitment (valid while it is pending)
        self.registrants: dict[tuple[str, str, int], int] = {}
        self.checks = 0

    # --- helpers ---------------------------------------------------------------------------
    def _address(self, name: str) -> str:
        return ZERO_ADDRESS if name == "zero" else self.h[name].address

    def _expect(self, kind: str, send: Callable[[], Any], error: Error | None) -> bool:
        """Run ``send``: it must succeed (``error is None``) or revert with exactly ``error``."""
        self._count("transactions")
        if error is None:
            send()
            self._count(f"{kind}: success")
            return True
        name, args = error
        with pytest.raises(Reverted) as caught:  # "DID NOT RAISE": the chain let it through
            send()
        exc = caught.value
        decoded = exc.args_by_name if isinstance(exc, CustomErrorRevert) else None
        assert (type(exc), decoded) == (revert_error(name), args), (
            f"{kind}: the model predicted {name}{args}, the chain reverted {exc}"
        )
        self._count(f"{kind}: {name}")
        return False

    def _officer(self, function: str, *args: Any) -> Callable[[], Any]:
        bound = getattr(self.token.fn, function)(*args)
        return lambda: bound.transact(self.env.actors.compliance_officer)

    def _storage(self, slot: int) -> int:
        return int(self.tester.get_storage_at(self.token.address, hex(slot), "latest"), 16)

    def _word(self, name: str) -> dict[str, int | bool]:
        """``name``'s packed account word, read from storage and decoded."""
        slot = mapping_slot(self.h[name].address, self.world.accounts_slot)
        return decode_account_word(self._storage(slot))

    def _amount(self, frm: str, to: str, choice: str) -> int:
        """The amount ``choice`` names for a transfer frm → to now."""
        m, h = self.m, self.h[frm]
        cap = m.limits[h.tier].cap
        available = m.volume_available(h, self._now())
        if h.exempt:
            cap, available = 0, UINT256_MAX
        threshold = None if to == "zero" else m.pair_threshold(frm, to)
        # the most that passes the cap, the rolling volume, the travel rule and the partial freeze
        room = min(
            cap or h.unfrozen,
            available,
            h.unfrozen,
            h.unfrozen if threshold is None else max(threshold - 1, 0),
        )
        if available == UINT256_MAX:
            available = h.unfrozen
        pending = sorted(
            a for (f, t, a) in m.commitments if (f, t) == (h.address, self._address(to))
        )
        return {
            "zero": 0,
            "one": 1,
            "half": h.unfrozen // 2,
            "unfrozen": h.unfrozen,
            "unfrozen+1": h.unfrozen + 1,
            "balance": h.balance,
            "balance+1": h.balance + 1,
            "room": room,
            "room/4": room // 4,
            "cap": cap or h.unfrozen,
            "cap+1": (cap or h.unfrozen) + 1,
            "available": available,
            "available+1": available + 1,
            "threshold-1": max((h.unfrozen if threshold is None else threshold) - 1, 0),
            "threshold": h.unfrozen if threshold is None else threshold,
            "committed": pending[0] if pending else (threshold or 0),
        }[choice]

    def _protected(self, name: str, now: int) -> bool:
        """Whether no transfer may change ``name``'s balance now: frozen, not (validly) verified,
        or sanctioned while transfers are screened."""
        h = self.h[name]
        sanctioned = self.m.screening and h.address in self.m.sanctioned
        return h.frozen or not h.valid_at(now) or sanctioned

    def _transfer(self, frm: str, to: str, amount: int, spender: str | None = None) -> None:
        """One transfer (``spender``: a transferFrom), checked against the model end to end."""
        now, fn, m = self._now(), self.token.fn, self.m
        target = None if to == "zero" else to
        if spender is None:
            verdict = m.restriction(frm, target, amount, now)
            error = verdict.error
        else:
            verdict, error = m.transfer_from(spender, frm, target, amount, now)
        code = fn.detectTransferRestriction(self.h[frm].address, self._address(to), amount).call()
        assert code == verdict.code, (
            f"preflight {frm} -> {to} of {amount}: chain {code}, model {verdict.code} {verdict}"
        )
        # from the chain alone: a protected party's balance must not change
        protected = sorted(n for n in {frm, to} - {"zero"} if self._protected(n, now))
        before = [self._word(n)["balance"] for n in protected]

        if spender is None:
            bound, signer = fn.transfer(self._address(to), amount), self.accounts[frm]
        else:
            bound = fn.transferFrom(self.h[frm].address, self._address(to), amount)
            signer = self.accounts[spender]
        self._count("transfers")
        kind = "transfer" if spender is None else "transferFrom"
        if self._expect(kind, lambda: bound.transact(signer), error):
            assert not protected, f"a transfer went through with protected parties {protected}"
            m.settle(verdict, frm, to, amount, spender)
            self._count("commitments consumed", verdict.consume)
            for name in {frm, to}:  # balances, and the sender's limit clocks
                assert self._word(name) == self.h[name].word(), f"{name}'s account word"
            key = (self.h[frm].address, self.h[to].address, amount)
            pending = self.registry.fn.commitmentOf(m.token, *key).call()
            assert pending == m.commitments.get(key, bytes(32)), "commitment (not) consumed"
            registrant = self.registry.fn.registrantOf(m.token, *key).call()
            assert registrant == self._registrant(key), "registrant (not) cleared"
            if spender is not None:
                allowance = fn.allowance(self.h[frm].address, self.h[spender].address).call()
                assert allowance == m.allowances[frm, spender]
        assert [self._word(n)["balance"] for n in protected] == before, "a protected balance"
        remaining = fn.remainingLimits(self.h[frm].address).call()
        assert tuple(remaining) == m.remaining_limits(frm, self._now()), f"remainingLimits({frm})"

    def _commitment_args(self, key: tuple[str, str, int]) -> dict[str, Any]:
        return dict(zip(("token", "from", "to", "amount"), (self.m.token, *key), strict=True))

    def _registrant(self, key: tuple[str, str, int]) -> str:
        """The VASP the registry must name for ``key``: the registrant while pending, else 0."""
        if key not in self.m.commitments:
            return ZERO_ADDRESS
        return self.world.vasps[self.registrants[key]].address

    def _register(self, frm: str, to: str, amount: int, vasp: int = 0) -> None:
        m = self.m
        key = (self.h[frm].address, self.h[to].address, amount)
        self.payloads += 1
        payload = keccak(text=f"IVMS101 payload {self.payloads}")
        error: Error | None = None
        if key in m.commitments:
            error = ("CommitmentAlreadyPending", self._commitment_args(key))
            error[1]["payloadHash"] = m.commitments[key]
        send = self.registry.fn.register(m.token, *key, payload).transact
        if self._expect("register", lambda: send(self.world.vasps[vasp]), error):
            m.commitments[key] = payload
            self.registrants[key] = vasp
        assert self.registry.fn.commitmentOf(m.token, *key).call() == m.commitments[key]
        assert self.registry.fn.registrantOf(m.token, *key).call() == self._registrant(key)

    # --- rules: transfers ------------------------------------------------------------------
    @rule(frm=actor, to=recipient, choice=limit_pick)
    def transfer_at_limit(self, frm: str, to: str, choice: str) -> None:
        self._transfer(frm, to, self._amount(frm, to, choice))

    @rule(frm=actor, to=recipient, choice=balance_pick)
    def transfer_at_balance(self, frm: str, to: str, choice: str) -> None:
        self._transfer(frm, to, self._amount(frm, to, choice))

    @rule(frm=actor, to=actor, choice=burst_pick, times=st.integers(2, 5))
    def burst(self, frm: str, to: str, choice: str, times: int) -> None:
        """Back-to-back transfers (one second apart): they run into the limit clocks."""
        for _ in range(times):
            self._transfer(frm, to, self._amount(frm, to, choice))

    @rule(spender=actor, frm=actor, to=recipient, choice=pick)
    def transfer_from(self, spender: str, frm: str, to: str, choice: str) -> None:
        self._transfer(frm, to, self._amount(frm, to, choice), spender)

    @rule(
        frm=actor,
        to=actor,
        choice=committed_pick,
        variant=st.sampled_from(("exact", "exact", "amount+1", "amount-1", "other recipient")),
        spender=st.none() | actor,
    )
    def committed_transfer(
        self, frm: str, to: str, choice: str, variant: str, spender: str | None
    ) -> None:
        """Register a commitment for the next transfer (or a mismatched one), then transfer."""
        amount = self._amount(frm, to, choice)
        other = ACTORS[(ACTORS.index(to) + 1) % len(ACTORS)]
        registered = {
            "exact": (to, amount),
            "amount+1": (to, amount + 1),
            "amount-1": (to, max(amount - 1, 0)),
            "other recipient": (other, amount),
        }[variant]
        self._register(frm, *registered)
        self._transfer(frm, to, amount, spender)

    @rule(
        frm=actor, to=actor, choice=limit_pick, cancel=st.booleans(), vasp=st.sampled_from((0, 1))
    )
    def commitment(self, frm: str, to: str, choice: str, cancel: bool, vasp: int) -> None:
        """One of the VASPs registers (or cancels) a commitment for a transfer frm → to."""
        amount = self._amount(frm, to, choice)
        if cancel:
            self._cancel((self.h[frm].address, self.h[to].address, amount), vasp)
        else:
            self._register(frm, to, amount, vasp)

    @precondition(lambda self: self.m.commitments)
    @rule(data=st.data(), vasp=st.sampled_from((0, 1)))
    def cancel_pending(self, data: st.DataObject, vasp: int) -> None:
        """One of the VASPs cancels a pending commitment: its own, or the other VASP's."""
        self._cancel(data.draw(st.sampled_from(sorted(self.m.commitments))), vasp)

    def _cancel(self, key: tuple[str, str, int], vasp: int) -> None:
        m = self.m
        caller = self.world.vasps[vasp]
        error: Error | None = None
        if key not in m.commitments:
            error = ("UnknownCommitment", self._commitment_args(key))
        elif self.registrants[key] != vasp:
            registrant = self._registrant(key)
            error = (
                "NotCommitmentRegistrant",
                {"account": caller.address, "registrant": registrant},
            )
        send = self.registry.fn.cancel(m.token, *key).transact
        if self._expect("cancel", lambda: send(caller), error):
            del m.commitments[key]
        pending = self.registry.fn.commitmentOf(m.token, *key).call()
        assert pending == m.commitments.get(key, bytes(32))
        assert self.registry.fn.registrantOf(m.token, *key).call() == self._registrant(key)

    @rule(frm=actor, choice=pick)
    def preflight(self, frm: str, choice: str) -> None:
        """``detectTransferRestriction`` from ``frm`` to every actor (itself too) and to the
        zero address, at the amount ``choice`` names for each, without transferring."""
        now, fn = self._now(), self.token.fn
        cases = [(to, self._amount(frm, to, choice)) for to in (*ACTORS, "zero")]
        calls = [
            fn.detectTransferRestriction(self.h[frm].address, self._address(to), value)
            for to, value in cases
        ]
        codes = read_many(self.lens, calls)
        expected = [
            self.m.restriction(frm, None if to == "zero" else to, value, now).code
            for to, value in cases
        ]
        assert codes == expected, (
            f"from {frm}, (to, value) {cases}: chain {codes}, model {expected}"
        )
        self._count("preflights", len(cases))

    @rule(owner=actor, spender=actor, amount=st.sampled_from((0, 1, 100 * UNIT, UINT256_MAX)))
    def approve(self, owner: str, spender: str, amount: int) -> None:
        """Owner not frozen → spender not frozen → (screened) owner, spender not sanctioned."""
        error: Error | None = None
        o, s = self.h[owner], self.h[spender]
        for h in (o, s):
            if error is None and h.frozen:
                error = ("AccountFrozen", {"account": h.address})
        for h in (o, s):
            if error is None and self.m.screening and h.address in self.m.sanctioned:
                error = ("AccountSanctioned", {"account": h.address, "oracle": self.m.oracle})
        send = self.token.fn.approve(s.address, amount).transact
        if self._expect("approve", lambda: send(self.accounts[owner]), error):
            self.m.allowances[owner, spender] = amount

    # --- rules: time -----------------------------------------------------------------------
    @rule(duration=seconds)
    def advance_time(self, duration: int) -> None:
        self.chain.advance_time(duration)

    @rule(
        clock=st.sampled_from(("volume", "count")),
        point=st.sampled_from(("recovered", "half", "next")),
        delta=st.sampled_from((-1, 0, 1)),
    )
    def advance_to_clock(self, clock: str, point: str, delta: int) -> None:
        """Travel to one second before, at or after a moment the limit clock furthest ahead
        (of any actor) reaches: its whole window recovered, half of it, or (count) the next
        transfer allowed."""
        now = self._now()

        def moment(h: Holder) -> int:
            rules = self.m.limits[h.tier]
            if clock == "volume":
                capacity = rules.window * TICKS_PER_SECOND
                tat = h.volume_tat - (0 if point == "recovered" else capacity // 2)
                return ceil_div(tat, TICKS_PER_SECOND)
            if point == "next":
                return self.m.retry_at(h, now)
            spacing = rules.window // rules.max_transfers if rules.max_transfers else 0
            half = spacing * rules.max_transfers // 2
            return h.velocity_tat - (0 if point == "recovered" else half)

        target = max(moment(h) for h in self.h.values()) + delta
        if target >= now:
            warp_to(self.chain, target)
            self._count("warps to a clock")

    # --- rules: limits ---------------------------------------------------------------------
    @rule(tier=st.integers(1, 4), new=limits)
    def set_tier_limits(self, tier: int, new: Limits) -> None:
        send = self._officer("setTierLimits", tier, new.as_tuple())
        if self._expect("setTierLimits", send, self.m.tier_limits_error(new)):
            self.m.limits[tier] = new
        assert tuple(self.token.fn.tierLimits(tier).call()) == self.m.limits[tier].as_tuple()

    @rule(who=actor, exempt=st.booleans())
    def set_exemption(self, who: str, exempt: bool) -> None:
        address = self.h[who].address
        self._expect("setLimitExemption", self._officer("setLimitExemption", address, exempt), None)
        self.h[who].exempt = exempt

    # --- rules: travel rule ----------------------------------------------------------------
    def _check_travel_rules(self) -> None:
        fn, m = self.token.fn, self.m
        calls = [fn.transferRules(), fn.travelRuleAggregation()]
        calls += [fn.travelRuleThreshold(j) for j in JURISDICTIONS]
        rules, aggregate, *thresholds = read_many(self.lens, calls)
        assert tuple(rules) == (m.travel_rule, m.corridors, m.corridors_open, m.home)
        assert aggregate == m.aggregate
        expected = []
        for j in JURISDICTIONS:
            units = m.threshold_of(j)
            amount = UINT256_MAX if units == NO_THRESHOLD else units * m.rule_unit
            expected.append((amount, j == m.home or j in m.thresholds))
        assert [tuple(t) for t in thresholds] == expected, "travelRuleThreshold"

    @rule(
        travel_rule=st.booleans(),
        aggregate=st.booleans(),
        corridors=st.booleans(),
        open_by_default=st.booleans(),
        screening=st.booleans(),
    )
    def set_switches(
        self,
        travel_rule: bool,
        aggregate: bool,
        corridors: bool,
        open_by_default: bool,
        screening: bool,
    ) -> None:
        """The token-wide switches: travel rule and its aggregation, corridor enforcement and its
        default for pairs without an entry, sanctions screening of transfers."""
        m = self.m
        self._expect("setTravelRule", self._officer("setTravelRule", travel_rule), None)
        send = self._officer("setTravelRuleAggregation", aggregate)
        self._expect("setTravelRuleAggregation", send, None)
        m.aggregate = aggregate
        send = self._officer("setCorridorRules", corridors, open_by_default)
        self._expect("setCorridorRules", send, None)
        config = (m.oracle, False, False, screening, False)
        send = self._officer("setSanctionsScreening", config)
        self._expect("setSanctionsScreening", send, None)
        m.travel_rule, m.corridors, m.corridors_open = travel_rule, corridors, open_by_default
        m.screening = screening
        assert tuple(self.token.fn.sanctionsScreening().call()) == config
        self._check_travel_rules()

    @rule(where=jurisdiction, threshold=thresholds)
    def set_threshold(self, where: int, threshold: int) -> None:
        send = self._officer("setTravelRuleThreshold", where, threshold)
        self._expect("setTravelRuleThreshold", send, None)
        self.m.set_threshold(where, threshold)
        self._check_travel_rules()

    @rule(where=jurisdiction)
    def set_home(self, where: int) -> None:
        send = self._officer("setHomeJurisdiction", where)
        if self._expect("setHomeJurisdiction", send, self.m.home_error(where)):
            self.m.set_home(where)
        self._check_travel_rules()

    # --- rules: corridors ------------------------------------------------------------------
    @rule(frm=jurisdiction, to=jurisdiction, status=st.sampled_from((UNSET, ALLOWED, DENIED)))
    def set_corridor(self, frm: int, to: int, status: int) -> None:
        self._expect("setCorridor", self._officer("setCorridor", frm, to, status), None)
        self.m.corridor[frm, to] = status
        assert self.token.fn.corridor(frm, to).call() == status

    @rule(where=jurisdiction, blocked=st.booleans())
    def set_blocked(self, where: int, blocked: bool) -> None:
        send = self._officer("setJurisdictionBlocked", where, blocked)
        if self._expect("setJurisdictionBlocked", send, self.m.block_error(where, blocked)):
            (self.m.blocked.add if blocked else self.m.blocked.discard)(where)
        assert self.token.fn.isJurisdictionBlocked(where).call() == (where in self.m.blocked)

    # --- rules: sanctions ------------------------------------------------------------------
    @rule(who=actor, listed=rarely_true)
    def set_sanctioned(self, who: str, listed: bool) -> None:
        address, oracle = self.h[who].address, self.oracle.fn
        update = oracle.addToSanctionsList if listed else oracle.removeFromSanctionsList
        send = update([address]).transact
        self._expect("sanctionsList", lambda: send(self.env.actors.admin), None)
        (self.m.sanctioned.add if listed else self.m.sanctioned.discard)(address)
        assert oracle.isSanctioned(address).call() == listed

    # --- rules: lawful orders and pause ----------------------------------------------------
    @rule(who=actor, frozen=rarely_true)
    def set_frozen(self, who: str, frozen: bool) -> None:
        function = "freeze" if frozen else "unfreeze"
        self._expect(function, self._officer(function, self.h[who].address, ORDER), None)
        self.h[who].frozen = frozen

    @rule(who=actor, part=st.sampled_from(("one", "half", "all", "all+1")), release=st.booleans())
    def partial_freeze(self, who: str, part: str, release: bool) -> None:
        """Freeze ``part`` more of ``who``'s unfrozen tokens, or release ``part`` of its frozen
        ones."""
        h = self.h[who]
        reference = h.frozen_tokens if release else h.unfrozen
        amount = {"one": 1, "half": reference // 2, "all": reference}.get(part, reference + 1)
        error: Error | None = None
        if release and amount > h.frozen_tokens:
            args = {"account": h.address, "frozen": h.frozen_tokens, "requested": amount}
            error = ("InsufficientFrozenBalance", args)
        elif not release and amount > h.unfrozen:
            args = {"account": h.address, "balance": h.balance, "frozen": h.frozen_tokens}
            error = ("FreezeExceedsBalance", args | {"requested": amount})
        function = "unfreezeTokens" if release else "freezeTokens"
        if self._expect(function, self._officer(function, h.address, amount, ORDER), error):
            h.frozen_tokens += -amount if release else amount

    @rule(paused=rarely_true)
    def set_paused(self, paused: bool) -> None:
        error: Error | None = None
        if paused == self.m.paused:
            error = ("EnforcedPause", {}) if paused else ("ExpectedPause", {})
        bound = self.token.fn.pause() if paused else self.token.fn.unpause()
        send = lambda: bound.transact(self.env.actors.pauser)  # noqa: E731
        if self._expect("pause" if paused else "unpause", send, error):
            self.m.paused = paused

    # --- rules: KYC ------------------------------------------------------------------------
    @rule(who=actor, tier=st.integers(1, 4), where=jurisdiction, lifetime=lifetimes)
    def kyc(self, who: str, tier: int, where: int, lifetime: int | None) -> None:
        """Approve (or update) ``who``'s KYC record for ``lifetime`` seconds; ``None``: revoke."""
        address, operator = self.h[who].address, self.env.actors.kyc_operator
        if lifetime is None:
            send = self.token.fn.revokeAccount(address).transact
            self._expect("revokeAccount", lambda: send(operator), None)
            self.h[who].revoke_kyc()
            return
        expiry = self._now() + lifetime
        send = self.token.fn.approveAccount(address, tier, where, expiry).transact
        self._expect("approveAccount", lambda: send(operator), None)
        self.h[who].approve_kyc(tier, where, expiry)

    # --- invariants ------------------------------------------------------------------------
    @invariant()
    def chain_matches_the_model(self) -> None:
        """Supply is the sum of the actors' balances; every account word (balance, KYC record,
        freeze and exemption flags, both limit clocks), partial freeze and the pause flag equal
        the model's, and so do ``balanceOf`` and ``remainingLimits`` of one actor (each in turn)."""
        now, fn, m = self._now(), self.token.fn, self.m
        self._count("steps", self.checks > 0)  # the first check follows __init__, not a step
        self.checks += 1
        probe = ACTORS[self.checks % len(ACTORS)]
        address = self.h[probe].address
        calls = [fn.totalSupply(), fn.paused(), fn.balanceOf(address), fn.remainingLimits(address)]
        supply, paused, balance, remaining = read_many(self.lens, calls)
        words = {n: self._word(n) for n in ACTORS}
        # an account without the PARTIALLY_FROZEN flag (checked with the word) has none
        frozen_slot = self.world.frozen_tokens_slot
        frozen_tokens = {
            n: self._storage(mapping_slot(self.h[n].address, frozen_slot))
            for n in ACTORS
            if words[n]["partially_frozen"] or self.h[n].frozen_tokens
        }
        assert sum(w["balance"] for w in words.values()) == supply, "supply != sum of balances"
        assert paused == m.paused, "paused"
        assert words == {n: self.h[n].word() for n in ACTORS}, "account words"
        assert frozen_tokens == {n: self.h[n].frozen_tokens for n in frozen_tokens}, (
            "partial freezes"
        )
        assert balance == self.h[probe].balance, f"balanceOf({probe})"
        assert tuple(remaining) == m.remaining_limits(probe, now), f"remainingLimits({probe})"


def test_aml_rules_match_their_model(
    stablecoin: StablecoinEnv, request: pytest.FixtureRequest
) -> None:
    AmlMachine.world = build_world(stablecoin)
    AmlMachine.stats = {}
    run_state_machine_as_test(AmlMachine, settings=SETTINGS)
    stats = AmlMachine.stats
    # for a summary (JUnit XML, report hooks); the same as ``record_property`` without its
    # warning under the xunit2 JUnit family
    request.node.user_properties.extend((f"aml_stateful {k}", v) for k, v in sorted(stats.items()))
    assert stats.get("transfers", 0) > 0
