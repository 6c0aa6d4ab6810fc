"""Stateful property test of the ComplianceStablecoin against a pure-Python model.

In the manner of Solady's ERC20 invariant handler (ghost balances), a hypothesis
``RuleBasedStateMachine`` drives the real contract on the embedded chain with random sequences of
mint, burn, transfer, approve, transferFrom, KYC approval and revocation, time travel past
expiries, freeze / unfreeze, partial freezes, pause / unpause, seizure and burning of frozen funds.

For every step the model predicts success or the exact custom error (name *and* arguments),
following the spec's rule order; the step fails if the chain disagrees. After every step the
invariants compare the chain with the model:

* the sum of all balances equals ``totalSupply`` (every holder is an actor here);
* every balance, partially frozen amount, the minter's allowance and the pause flag equal the
  ghost state;
* ``detectTransferRestriction`` equals the model's code for every (from, to) pair of actors (and
  to the zero address) at the amounts where the code can change (see the invariant): this also
  pins every freeze flag, KYC verdict and expiry, which decide the codes;
* no user transfer ever changed the balance of a frozen, unverified or expired account.

One chain serves every example: the machine snapshots in ``__init__`` and reverts in
``teardown``. Quick by default (15 examples of up to 20 steps); ``CK_DEEP=1`` runs 200 examples
of up to 50 steps.

The minter is never frozen as a whole: by design a frozen minter can still mint (its power is
governed by ``removeMinter``; see docs/design.md), which this model does not cover.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

import pytest
from behaviors.stablecoin import (
    ALICE_FUNDS,
    BOB_FUNDS,
    MINTER_ALLOWANCE,
    UINT256_MAX,
    ZERO_ADDRESS,
    StablecoinEnv,
    read_many,
)
from eth_utils import keccak
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import invariant, rule, run_state_machine_as_test

from compliance_kit.exceptions import CustomErrorRevert, Reverted, revert_error

from .machine import ChainMachine

if TYPE_CHECKING:
    from eth_account.signers.local import LocalAccount

DEEP = os.environ.get("CK_DEEP") == "1"
SETTINGS = settings(
    max_examples=200 if DEEP else 15,
    stateful_step_count=50 if DEEP else 20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
ORDER = keccak(text="stateful order")
DAY = 86_400

#: every account that can ever hold tokens in this test
ACTORS = ("alice", "bob", "carol", "mallory", "minter", "escrow")
#: whole-account freezes spare the minter (see the module docstring)
FREEZABLE = ("alice", "bob", "carol", "mallory", "escrow")

# restriction codes (spec table)
SUCCESS, PAUSED, SENDER_FROZEN, RECIPIENT_FROZEN = 0, 1, 2, 3
SENDER_NOT_VERIFIED, RECIPIENT_NOT_VERIFIED, SENDER_KYC_EXPIRED, RECIPIENT_KYC_EXPIRED = 4, 5, 6, 7
INSUFFICIENT_BALANCE, INSUFFICIENT_UNFROZEN_BALANCE, INVALID_RECEIVER = 8, 9, 10

Error = tuple[str, dict[str, Any]] | None  # None: the step must succeed

actor = st.sampled_from(ACTORS)
recipient = st.sampled_from((*ACTORS, "zero"))
#: amounts relative to a reference (a balance, an allowance, a frozen amount)
pick = st.sampled_from(("zero", "one", "half", "all", "all+1", "huge"))
transfer_pick = st.sampled_from(
    ("zero", "one", "half", "unfrozen", "unfrozen+1", "balance", "balance+1")
)


def _resolve(choice: str, reference: int) -> int:
    return {
        "zero": 0,
        "one": 1,
        "half": reference // 2,
        "all": reference,
        "all+1": reference + 1,
        "huge": 2**128,
    }[choice]


@dataclass
class Holder:
    """Ghost state of one account."""

    address: str
    balance: int = 0
    verified: bool = False
    expiry: int = 0
    frozen: bool = False
    frozen_tokens: int = 0

    def valid_at(self, now: int) -> bool:
        return self.verified and now < self.expiry

    @property
    def unfrozen(self) -> int:
        return self.balance - self.frozen_tokens


class TokenMachine(ChainMachine):
    env: ClassVar[StablecoinEnv]
    stats: ClassVar[dict[str, int]] = {}

    def __init__(self) -> None:
        env = self.env
        super().__init__(env.chain)
        self.token, self.lens = env.token, env.lens
        a = env.actors
        self.accounts: dict[str, LocalAccount] = {n: a.by_name(n) for n in ACTORS}
        self.minter_account = a.minter
        self.h = {name: Holder(acct.address) for name, acct in self.accounts.items()}
        self.h["alice"].balance, self.h["bob"].balance = ALICE_FUNDS, BOB_FUNDS
        for name, entry in env.kyc.items():
            self.h[name].verified, self.h[name].expiry = True, entry.expiry
        self.supply = ALICE_FUNDS + BOB_FUNDS
        self.minter_allowance = MINTER_ALLOWANCE - self.supply
        self.paused = False
        self.allowances: dict[tuple[str, str], int] = {}

    # --- helpers -------------------------------------------------------------------------
    def _address(self, name: str) -> str:
        return ZERO_ADDRESS if name == "zero" else self.h[name].address

    def _expect(self, send: Any, error: Error) -> bool:
        """Run ``send``; it must succeed (``error is None``) or revert with exactly ``error``."""
        self._count("steps")
        if error is None:
            send()
            self._count("outcome: success")
            return True
        name, args = error
        with pytest.raises(Reverted) as caught:  # "DID NOT RAISE": the chain let it through
            send()
        exc = caught.value
        decoded = exc.args_by_name if isinstance(exc, CustomErrorRevert) else None
        assert (type(exc), decoded) == (revert_error(name), args), (
            f"model predicted {name}{args}, chain reverted {exc}"
        )
        self._count(f"outcome: {name}")
        return False

    def _restriction(self, frm: str, to: str, value: int, now: int) -> tuple[int, Error]:
        """The spec's rule order: the code and the error a transfer must revert with."""
        if to == "zero":
            return INVALID_RECEIVER, ("ERC20InvalidReceiver", {"receiver": ZERO_ADDRESS})
        s, r = self.h[frm], self.h[to]
        if self.paused:
            return PAUSED, ("EnforcedPause", {})
        if s.frozen:
            return SENDER_FROZEN, ("AccountFrozen", {"account": s.address})
        if r.frozen:
            return RECIPIENT_FROZEN, ("AccountFrozen", {"account": r.address})
        if not s.verified:
            return SENDER_NOT_VERIFIED, ("AccountNotVerified", {"account": s.address})
        if now >= s.expiry:
            args = {"account": s.address, "expiredAt": s.expiry, "currentTime": now}
            return SENDER_KYC_EXPIRED, ("KycExpired", args)
        if not r.verified:
            return RECIPIENT_NOT_VERIFIED, ("AccountNotVerified", {"account": r.address})
        if now >= r.expiry:
            args = {"account": r.address, "expiredAt": r.expiry, "currentTime": now}
            return RECIPIENT_KYC_EXPIRED, ("KycExpired", args)
        if value > s.balance:
            args = {"sender": s.address, "balance": s.balance, "needed": value}
            return INSUFFICIENT_BALANCE, ("ERC20InsufficientBalance", args)
        if value > s.unfrozen:
            args = {"account": s.address, "available": s.unfrozen, "needed": value}
            return INSUFFICIENT_UNFROZEN_BALANCE, ("InsufficientUnfrozenBalance", args)
        return SUCCESS, None

    def _move(self, frm: str, to: str, value: int) -> None:
        self.h[frm].balance -= value
        self.h[to].balance += value

    def _protected(self, now: int) -> dict[str, int]:
        """Balances no user transfer may change: frozen, unverified or expired accounts."""
        return {n: h.balance for n, h in self.h.items() if h.frozen or not h.valid_at(now)}

    def _check_protected(self, before: dict[str, int]) -> None:
        names = list(before)
        balances = read_many(self.lens, [self.token.fn.balanceOf(self.h[n].address) for n in names])
        assert dict(zip(names, balances, strict=True)) == before
        self._count("protected_balance_checks", len(names))

    def _transfer_amount(self, frm: str, choice: str) -> int:
        h = self.h[frm]
        return {
            "zero": 0,
            "one": 1,
            "half": h.unfrozen // 2,
            "unfrozen": h.unfrozen,
            "unfrozen+1": h.unfrozen + 1,
            "balance": h.balance,
            "balance+1": h.balance + 1,
        }[choice]

    # --- rules: issuance -----------------------------------------------------------------
    @rule(to=recipient, choice=pick)
    def mint(self, to: str, choice: str) -> None:
        amount, now = _resolve(choice, self.minter_allowance), self._now()
        minter = self.minter_account.address
        error: Error = None
        if self.paused:
            error = ("EnforcedPause", {})
        elif to == "zero":
            error = ("ERC20InvalidReceiver", {"receiver": ZERO_ADDRESS})
        elif amount > self.minter_allowance:
            args = {"minter": minter, "allowance": self.minter_allowance, "needed": amount}
            error = ("MinterAllowanceExceeded", args)
        elif self.h[to].frozen:
            error = ("AccountFrozen", {"account": self.h[to].address})
        elif not self.h[to].verified:
            error = ("AccountNotVerified", {"account": self.h[to].address})
        elif now >= self.h[to].expiry:
            args = {"account": self.h[to].address, "expiredAt": self.h[to].expiry}
            error = ("KycExpired", args | {"currentTime": now})
        send = self.token.fn.mint(self._address(to), amount).transact
        if self._expect(lambda: send(self.minter_account), error):
            self.h[to].balance += amount
            self.supply += amount
            self.minter_allowance -= amount

    @rule(choice=pick)
    def burn(self, choice: str) -> None:
        m = self.h["minter"]
        amount = _resolve(choice, m.unfrozen)
        error: Error = None
        if self.paused:
            error = ("EnforcedPause", {})
        elif amount > m.balance:
            error = (
                "ERC20InsufficientBalance",
                {"sender": m.address, "balance": m.balance, "needed": amount},
            )
        elif amount > m.unfrozen:
            error = (
                "InsufficientUnfrozenBalance",
                {"account": m.address, "available": m.unfrozen, "needed": amount},
            )
        send = self.token.fn.burn(amount).transact
        if self._expect(lambda: send(self.minter_account), error):
            m.balance -= amount
            self.supply -= amount

    # --- rules: ERC-20 -------------------------------------------------------------------
    @rule(frm=actor, to=recipient, choice=transfer_pick)
    def transfer(self, frm: str, to: str, choice: str) -> None:
        amount, now = self._transfer_amount(frm, choice), self._now()
        _, error = self._restriction(frm, to, amount, now)
        protected = self._protected(now)
        send = self.token.fn.transfer(self._address(to), amount).transact
        if self._expect(lambda: send(self.accounts[frm]), error):
            self._move(frm, to, amount)
        self._check_protected(protected)

    @rule(owner=actor, spender=actor, amount=st.sampled_from((0, 1, 10**9, UINT256_MAX)))
    def approve(self, owner: str, spender: str, amount: int) -> None:
        error: Error = None
        if self.h[owner].frozen:
            error = ("AccountFrozen", {"account": self.h[owner].address})
        elif self.h[spender].frozen:
            error = ("AccountFrozen", {"account": self.h[spender].address})
        send = self.token.fn.approve(self.h[spender].address, amount).transact
        if self._expect(lambda: send(self.accounts[owner]), error):
            self.allowances[owner, spender] = amount

    @rule(spender=actor, frm=actor, to=recipient, choice=transfer_pick)
    def transfer_from(self, spender: str, frm: str, to: str, choice: str) -> None:
        amount, now = self._transfer_amount(frm, choice), self._now()
        allowance = self.allowances.get((frm, spender), 0)
        error: Error
        if self.h[spender].frozen:
            error = ("AccountFrozen", {"account": self.h[spender].address})
        else:
            _, error = self._restriction(frm, to, amount, now)
            if error is None and allowance != UINT256_MAX and allowance < amount:
                args = {"spender": self.h[spender].address, "allowance": allowance}
                error = ("ERC20InsufficientAllowance", args | {"needed": amount})
        protected = self._protected(now)
        send = self.token.fn.transferFrom(self.h[frm].address, self._address(to), amount).transact
        if self._expect(lambda: send(self.accounts[spender]), error):
            self._move(frm, to, amount)
            if allowance != UINT256_MAX:
                self.allowances[frm, spender] = allowance - amount
        self._check_protected(protected)

    # --- rules: KYC and time -------------------------------------------------------------
    @rule(
        who=actor,
        tier=st.integers(0, 5),
        lifetime=st.sampled_from((1, 3, 30, 3_600, 30 * DAY, 400 * DAY)),
    )
    def approve_kyc(self, who: str, tier: int, lifetime: int) -> None:
        expiry = self._now() + lifetime
        error: Error = None if 1 <= tier <= 4 else ("InvalidKycTier", {"tier": tier})
        send = self.token.fn.approveAccount(self.h[who].address, tier, 840, expiry).transact
        if self._expect(lambda: send(self.env.actors.kyc_operator), error):
            self.h[who].verified, self.h[who].expiry = True, expiry

    @rule(who=actor)
    def revoke_kyc(self, who: str) -> None:
        send = self.token.fn.revokeAccount(self.h[who].address).transact
        self._expect(lambda: send(self.env.actors.kyc_operator), None)
        self.h[who].verified, self.h[who].expiry = False, 0

    @rule(seconds=st.sampled_from((1, 2, 60, 3_600, DAY, 100 * DAY, 200 * DAY)))
    def advance_time(self, seconds: int) -> None:
        self.chain.advance_time(seconds)
        self._count("steps")

    # --- rules: pause --------------------------------------------------------------------
    @rule()
    def pause(self) -> None:
        error: Error = ("EnforcedPause", {}) if self.paused else None
        if self._expect(lambda: self.token.fn.pause().transact(self.env.actors.pauser), error):
            self.paused = True

    @rule()
    def unpause(self) -> None:
        error: Error = None if self.paused else ("ExpectedPause", {})
        if self._expect(lambda: self.token.fn.unpause().transact(self.env.actors.pauser), error):
            self.paused = False

    # --- rules: lawful orders ------------------------------------------------------------
    def _officer(self, function: str, *args: Any) -> Any:
        bound = getattr(self.token.fn, function)(*args)
        return lambda: bound.transact(self.env.actors.compliance_officer)

    @rule(who=st.sampled_from(FREEZABLE))
    def freeze(self, who: str) -> None:
        self._expect(self._officer("freeze", self.h[who].address, ORDER), None)
        self.h[who].frozen = True

    @rule(who=st.sampled_from(FREEZABLE))
    def unfreeze(self, who: str) -> None:
        self._expect(self._officer("unfreeze", self.h[who].address, ORDER), None)
        self.h[who].frozen = False

    @rule(who=actor, choice=pick)
    def freeze_tokens(self, who: str, choice: str) -> None:
        h = self.h[who]
        amount = _resolve(choice, h.unfrozen)
        error: Error = None
        if amount > h.unfrozen:
            args = {"account": h.address, "balance": h.balance, "frozen": h.frozen_tokens}
            error = ("FreezeExceedsBalance", args | {"requested": amount})
        if self._expect(self._officer("freezeTokens", h.address, amount, ORDER), error):
            h.frozen_tokens += amount

    @rule(who=actor, choice=pick)
    def unfreeze_tokens(self, who: str, choice: str) -> None:
        h = self.h[who]
        amount = _resolve(choice, h.frozen_tokens)
        error: Error = None
        if amount > h.frozen_tokens:
            args = {"account": h.address, "frozen": h.frozen_tokens, "requested": amount}
            error = ("InsufficientFrozenBalance", args)
        if self._expect(self._officer("unfreezeTokens", h.address, amount, ORDER), error):
            h.frozen_tokens -= amount

    def _take_frozen(self, who: str, choice: str) -> tuple[int, Error]:
        h = self.h[who]
        seizable = h.balance if h.frozen else h.frozen_tokens
        amount = _resolve(choice, seizable)
        if amount > seizable:
            args = {"account": h.address, "frozen": seizable, "requested": amount}
            return amount, ("InsufficientFrozenBalance", args)
        return amount, None

    def _debit_frozen(self, who: str, amount: int) -> None:
        h = self.h[who]
        h.balance -= amount
        h.frozen_tokens = max(h.frozen_tokens - amount, 0)

    @rule(who=actor, choice=pick)
    def seize(self, who: str, choice: str) -> None:
        amount, error = self._take_frozen(who, choice)
        if self._expect(self._officer("seize", self.h[who].address, amount, ORDER), error):
            self._debit_frozen(who, amount)
            self.h["escrow"].balance += amount

    @rule(who=actor, choice=pick)
    def burn_frozen(self, who: str, choice: str) -> None:
        amount, error = self._take_frozen(who, choice)
        if self._expect(self._officer("burnFrozen", self.h[who].address, amount, ORDER), error):
            self._debit_frozen(who, amount)
            self.supply -= amount

    # --- invariants ----------------------------------------------------------------------
    @invariant()
    def chain_matches_the_ghost_state(self) -> None:
        fn, names = self.token.fn, list(ACTORS)
        addresses = [self.h[n].address for n in names]
        calls = [fn.totalSupply(), fn.minterAllowance(self.minter_account.address), fn.paused()]
        calls += [fn.balanceOf(a) for a in addresses] + [fn.frozenBalanceOf(a) for a in addresses]
        supply, minter_allowance, paused, *rest = read_many(self.lens, calls)
        balances, frozen_tokens = rest[: len(names)], rest[len(names) :]
        assert sum(balances) == supply, "the sum of the balances is not the total supply"
        assert (supply, minter_allowance, paused) == (
            self.supply,
            self.minter_allowance,
            self.paused,
        )
        assert dict(zip(names, balances, strict=True)) == {n: self.h[n].balance for n in names}
        assert dict(zip(names, frozen_tokens, strict=True)) == {
            n: self.h[n].frozen_tokens for n in names
        }
        self._count("invariant_checks")

    @invariant()
    def preflight_matches_the_model(self) -> None:
        """Every (from, to) pair at the whole unfrozen balance, and the zero address; where the
        model clears that transfer, also one token more than the unfrozen balance (code 9 under
        a partial freeze) and than the balance (code 8): the amounts where a code can change."""
        now = self._now()
        cases = [(frm, "zero", 1) for frm in ACTORS]
        for frm in ACTORS:
            h = self.h[frm]
            for to in ACTORS:
                cases.append((frm, to, h.unfrozen))
                if self._restriction(frm, to, h.unfrozen, now)[0] == SUCCESS:
                    cases += [(frm, to, v) for v in sorted({h.unfrozen + 1, h.balance + 1})]
        calls = [
            self.token.fn.detectTransferRestriction(self.h[f].address, self._address(t), v)
            for f, t, v in cases
        ]
        actual = read_many(self.lens, calls)
        expected = [self._restriction(f, t, v, now)[0] for f, t, v in cases]
        mismatches = [(c, a, e) for c, a, e in zip(cases, actual, expected, strict=True) if a != e]
        assert not mismatches, f"(from, to, value), chain code, model code: {mismatches[:5]}"
        self._count("invariant_checks")
        self._count("preflight_checks", len(cases))


def test_token_matches_its_model(stablecoin: StablecoinEnv, capsys: pytest.CaptureFixture) -> None:
    TokenMachine.env = stablecoin
    TokenMachine.stats = {}
    run_state_machine_as_test(TokenMachine, settings=SETTINGS)
    stats = TokenMachine.stats
    with capsys.disabled():
        print(f"\nstateful run: {dict(sorted(stats.items()))}")
    assert stats.get("preflight_checks", 0) > 0
