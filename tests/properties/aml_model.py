"""A pure-Python reference model of the ComplianceStablecoin's transfer rules (no chain here).

It follows the documented semantics of ``ComplianceStablecoin._restriction`` (one rule order for
``transfer``, ``transferFrom`` and the ERC-1404 preflight), of ``_revertWith`` (the custom error
and its numbers for every code) and of ``TierRules`` (the GCRA clocks of the rolling-volume and
transfer-count limits), written independently of the Solidity: plain integers, no bit packing.

* receiver zero → paused → sender frozen → recipient frozen → sanctions (sender, recipient; when
  transfers are screened) → sender verified → sender unexpired → recipient verified → recipient
  unexpired → corridor (blocked jurisdiction, then the pair) → per-transfer cap → rolling volume
  → transfer count → travel rule → balance → unfrozen balance. A limit exemption skips only the
  cap, volume and count rules.
* Rolling volume (limit ``L`` base units per window ``W`` s): the account's clock ``tat`` counts
  1/256 s ticks; a transfer of ``v`` costs ``ceil(v * W * 256 / L)`` ticks from
  ``start = max(tat, now * 256)`` and is allowed iff ``v <= L`` and
  ``start + cost <= now * 256 + W * 256``. Transfer count (``M`` per ``W``): the clock counts
  seconds, ``spacing = W // M``, allowed iff ``max(tat, now) + spacing <= now + spacing * M``.
* Travel rule: a transfer inside the home jurisdiction uses the home threshold; any other uses the
  lower of both sides' thresholds (a jurisdiction's own, else the home one). At or above it a
  transfer needs a commitment for exactly (token, from, to, value), which it consumes. Thresholds
  move with the home: the previous home keeps the home threshold as its own, and the new home's
  own threshold (if any) becomes the home threshold. With aggregation on, a transfer below the
  threshold needs one too when the sender's rolling volume after it (the volume limit minus what
  its clock leaves available; 0 without a volume limit; exempt senders: never) reaches it.
* Corridors (when enforced): a blocked jurisdiction on either side closes the transfer (the home
  jurisdiction is never blocked); a cross-border pair is closed when Denied, or Unset while the
  default is closed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

UINT256_MAX = 2**256 - 1
#: a threshold of ``type(uint64).max`` rule units means "none"
NO_THRESHOLD = 2**64 - 1
TICKS_PER_SECOND = 256
MIN_WINDOW, MAX_WINDOW = 60, 2**25 - 1

# corridor entries (CorridorStatus)
UNSET, ALLOWED, DENIED = 0, 1, 2

# ERC-1404 restriction codes
SUCCESS = 0
PAUSED = 1
SENDER_FROZEN = 2
RECIPIENT_FROZEN = 3
SENDER_NOT_VERIFIED = 4
RECIPIENT_NOT_VERIFIED = 5
SENDER_KYC_EXPIRED = 6
RECIPIENT_KYC_EXPIRED = 7
INSUFFICIENT_BALANCE = 8
INSUFFICIENT_UNFROZEN_BALANCE = 9
INVALID_RECEIVER = 10
SENDER_SANCTIONED = 11
RECIPIENT_SANCTIONED = 12
CORRIDOR_CLOSED = 14
TRANSFER_CAP_EXCEEDED = 15
VOLUME_LIMIT_EXCEEDED = 16
VELOCITY_LIMIT_EXCEEDED = 17
TRAVEL_RULE_COMMITMENT_MISSING = 18

ZERO_ADDRESS = "0x" + "00" * 20

#: a custom error: its name and every argument by name
Error = tuple[str, dict[str, Any]]


def ceil_div(a: int, b: int) -> int:
    return -(-a // b)


@dataclass(frozen=True)
class Limits:
    """One tier's outgoing limits, in base units (0 switches a limit off)."""

    cap: int = 0
    volume: int = 0
    window: int = 0
    max_transfers: int = 0

    def as_tuple(self) -> tuple[int, int, int, int]:
        return (self.cap, self.volume, self.window, self.max_transfers)


@dataclass
class Holder:
    """Everything the token keeps about one account that the transfer rules read or write."""

    name: str
    address: str
    balance: int = 0
    verified: bool = False
    tier: int = 0
    jurisdiction: int = 0
    expiry: int = 0
    frozen: bool = False
    frozen_tokens: int = 0
    exempt: bool = False
    #: rolling-volume clock, in 1/256 s (0: never used)
    volume_tat: int = 0
    #: transfer-count clock, in seconds (0: never used)
    velocity_tat: int = 0

    @property
    def unfrozen(self) -> int:
        return self.balance - self.frozen_tokens

    def valid_at(self, now: int) -> bool:
        return self.verified and now < self.expiry

    def approve_kyc(self, tier: int, jurisdiction: int, expiry: int) -> None:
        self.verified, self.tier, self.jurisdiction, self.expiry = True, tier, jurisdiction, expiry

    def revoke_kyc(self) -> None:
        self.verified, self.tier, self.jurisdiction, self.expiry = False, 0, 0, 0

    def word(self) -> dict[str, int | bool]:
        """The fields of the packed account word (see :func:`decode_account_word`)."""
        return {
            "balance": self.balance,
            "expiry": self.expiry,
            "jurisdiction": self.jurisdiction,
            "tier": self.tier,
            "verified": self.verified,
            "frozen": self.frozen,
            "partially_frozen": self.frozen_tokens > 0,
            "exempt": self.exempt,
            "permit_nonce": 0,
            "volume_tat": self.volume_tat,
            "velocity_tat": self.velocity_tat,
        }


def decode_account_word(word: int) -> dict[str, int | bool]:
    """The documented bit layout of ``AccountWord`` (contracts/token/AccountWord.sol)."""

    def bits(low: int, width: int) -> int:
        return (word >> low) & ((1 << width) - 1)

    return {
        "balance": bits(0, 104),
        "expiry": bits(104, 32),
        "jurisdiction": bits(136, 10),
        "tier": bits(146, 3),
        "verified": bool(bits(149, 1)),
        "frozen": bool(bits(150, 1)),
        "partially_frozen": bool(bits(151, 1)),
        "exempt": bool(bits(152, 1)),
        "permit_nonce": bits(154, 30),
        "volume_tat": bits(184, 40),
        "velocity_tat": bits(224, 32),
    }


@dataclass(frozen=True)
class Verdict:
    """What the token does with one transfer: the ERC-1404 code, the error it reverts with
    (``None``: it goes through) and, for a passing transfer, the sender's new clocks and whether
    it consumes a travel-rule commitment."""

    code: int
    error: Error | None
    volume_tat: int = 0
    velocity_tat: int = 0
    consume: bool = False


@dataclass
class AmlModel:
    """The token's transfer-rule state. Amounts are in base units; ``rule_unit`` base units make
    one rule unit (1 for a 6-decimal token)."""

    token: str
    oracle: str
    holders: dict[str, Holder]
    rule_unit: int = 1
    paused: bool = False
    limits: dict[int, Limits] = field(default_factory=lambda: {t: Limits() for t in range(5)})
    travel_rule: bool = False
    #: travel-rule aggregation: the threshold applies to the sender's rolling volume too
    aggregate: bool = False
    home: int = 0
    #: the home jurisdiction's threshold in rule units (storage starts at 0: every transfer)
    home_threshold: int = 0
    #: foreign jurisdictions' own thresholds, in rule units
    thresholds: dict[int, int] = field(default_factory=dict)
    blocked: set[int] = field(default_factory=set)
    corridors: bool = False
    corridors_open: bool = False
    corridor: dict[tuple[int, int], int] = field(default_factory=dict)
    screening: bool = False
    #: sanctioned addresses (on the SanctionsList oracle)
    sanctioned: set[str] = field(default_factory=set)
    #: pending travel-rule commitments: (from, to, amount) addresses -> payload hash
    commitments: dict[tuple[str, str, int], bytes] = field(default_factory=dict)
    allowances: dict[tuple[str, str], int] = field(default_factory=dict)

    # --- transfers ---------------------------------------------------------------------------
    def restriction(self, frm: str, to: str | None, value: int, now: int) -> Verdict:
        """``_restriction`` + ``_revertWith``: the transfer ``frm`` → ``to`` (``None``: the zero
        address) of ``value`` at time ``now``."""
        if to is None:
            return Verdict(INVALID_RECEIVER, ("ERC20InvalidReceiver", {"receiver": ZERO_ADDRESS}))
        s, r = self.holders[frm], self.holders[to]
        if self.paused:
            return Verdict(PAUSED, ("EnforcedPause", {}))
        if s.frozen:
            return Verdict(SENDER_FROZEN, ("AccountFrozen", {"account": s.address}))
        if r.frozen:
            return Verdict(RECIPIENT_FROZEN, ("AccountFrozen", {"account": r.address}))
        if self.screening:
            for code, h in ((SENDER_SANCTIONED, s), (RECIPIENT_SANCTIONED, r)):
                if h.address in self.sanctioned:
                    args = {"account": h.address, "oracle": self.oracle}
                    return Verdict(code, ("AccountSanctioned", args))
        if not s.verified:
            return Verdict(SENDER_NOT_VERIFIED, ("AccountNotVerified", {"account": s.address}))
        if now >= s.expiry:
            args = {"account": s.address, "expiredAt": s.expiry, "currentTime": now}
            return Verdict(SENDER_KYC_EXPIRED, ("KycExpired", args))
        if not r.verified:
            return Verdict(RECIPIENT_NOT_VERIFIED, ("AccountNotVerified", {"account": r.address}))
        if now >= r.expiry:
            args = {"account": r.address, "expiredAt": r.expiry, "currentTime": now}
            return Verdict(RECIPIENT_KYC_EXPIRED, ("KycExpired", args))

        open_, threshold = self.corridor_rules(s.jurisdiction, r.jurisdiction)
        if not open_:
            args = {"fromJurisdiction": s.jurisdiction, "toJurisdiction": r.jurisdiction}
            return Verdict(CORRIDOR_CLOSED, ("CorridorClosed", args))

        volume_tat, velocity_tat = s.volume_tat, s.velocity_tat
        if not s.exempt:
            rules = self.limits[s.tier]
            if rules.cap and value > rules.cap:
                args = {"account": s.address, "tier": s.tier, "cap": rules.cap, "attempted": value}
                return Verdict(TRANSFER_CAP_EXCEEDED, ("TransferCapExceeded", args))
            if rules.volume:
                capacity = rules.window * TICKS_PER_SECOND
                now_ticks = now * TICKS_PER_SECOND
                start = max(s.volume_tat, now_ticks)
                cost = ceil_div(value * capacity, rules.volume)
                if value > rules.volume or start + cost > now_ticks + capacity:
                    args = {
                        "account": s.address,
                        "limit": rules.volume,
                        "window": rules.window,
                        "available": self.volume_available(s, now),
                        "attempted": value,
                    }
                    return Verdict(VOLUME_LIMIT_EXCEEDED, ("VolumeLimitExceeded", args))
                volume_tat = start + cost
            if rules.max_transfers:
                spacing = rules.window // rules.max_transfers
                start = max(s.velocity_tat, now)
                if start + spacing > now + spacing * rules.max_transfers:
                    args = {
                        "account": s.address,
                        "maxTransfers": rules.max_transfers,
                        "window": rules.window,
                        "retryAt": self.retry_at(s, now),
                    }
                    return Verdict(VELOCITY_LIMIT_EXCEEDED, ("VelocityLimitExceeded", args))
                velocity_tat = start + spacing

        consume = False
        if threshold != NO_THRESHOLD:
            limit = threshold * self.rule_unit
            rolling = 0
            if value < limit and self.aggregate and not s.exempt:
                rolling = self.rolling_volume(s.tier, volume_tat, now)
            if value >= limit or rolling >= limit:
                if (s.address, r.address, value) not in self.commitments:
                    args = {"from": s.address, "to": r.address, "amount": value}
                    if value >= limit:
                        error = "TravelRuleCommitmentMissing"
                    else:
                        error, args["rollingVolume"] = (
                            "TravelRuleAggregateCommitmentMissing",
                            rolling,
                        )
                    args["threshold"] = limit
                    return Verdict(TRAVEL_RULE_COMMITMENT_MISSING, (error, args))
                consume = True
        if value > s.balance:
            args = {"sender": s.address, "balance": s.balance, "needed": value}
            return Verdict(INSUFFICIENT_BALANCE, ("ERC20InsufficientBalance", args))
        if value > s.unfrozen:
            args = {"account": s.address, "available": s.unfrozen, "needed": value}
            return Verdict(INSUFFICIENT_UNFROZEN_BALANCE, ("InsufficientUnfrozenBalance", args))
        return Verdict(SUCCESS, None, volume_tat, velocity_tat, consume)

    def transfer_from(
        self, spender: str, frm: str, to: str | None, value: int, now: int
    ) -> tuple[Verdict, Error | None]:
        """``transferFrom``: spender not frozen → spender not sanctioned (when transfers are
        screened) → the transfer rules → allowance. Returns the transfer's verdict (what the
        preflight reports) and the error ``transferFrom`` reverts with (``None``: it passes)."""
        verdict = self.restriction(frm, to, value, now)
        sp = self.holders[spender]
        if sp.frozen:
            return verdict, ("AccountFrozen", {"account": sp.address})
        if self.screening and sp.address in self.sanctioned:
            return verdict, ("AccountSanctioned", {"account": sp.address, "oracle": self.oracle})
        if verdict.error is not None:
            return verdict, verdict.error
        allowance = self.allowances.get((frm, spender), 0)
        if allowance != UINT256_MAX and allowance < value:
            args = {"spender": sp.address, "allowance": allowance, "needed": value}
            return verdict, ("ERC20InsufficientAllowance", args)
        return verdict, None

    def settle(
        self, verdict: Verdict, frm: str, to: str, value: int, spender: str | None = None
    ) -> None:
        """Apply a passing transfer: balances, the sender's clocks, the commitment, allowance."""
        assert verdict.error is None
        s, r = self.holders[frm], self.holders[to]
        s.volume_tat, s.velocity_tat = verdict.volume_tat, verdict.velocity_tat
        s.balance -= value
        r.balance += value
        if verdict.consume:
            del self.commitments[s.address, r.address, value]
        if spender is not None:
            allowance = self.allowances.get((frm, spender), 0)
            if allowance != UINT256_MAX:
                self.allowances[frm, spender] = allowance - value

    def corridor_rules(self, from_j: int, to_j: int) -> tuple[bool, int]:
        """Whether the corridor is open, and the travel-rule threshold in rule units."""
        if not (self.travel_rule or self.corridors):
            return True, NO_THRESHOLD
        if from_j == self.home and to_j == self.home:
            return True, self.home_threshold if self.travel_rule else NO_THRESHOLD
        if self.corridors:
            if any(j != self.home and j in self.blocked for j in (from_j, to_j)):
                return False, NO_THRESHOLD
            if from_j != to_j:
                status = self.corridor.get((from_j, to_j), UNSET)
                if status == DENIED or (status == UNSET and not self.corridors_open):
                    return False, NO_THRESHOLD
        if not self.travel_rule:
            return True, NO_THRESHOLD
        return True, min(self.threshold_of(from_j), self.threshold_of(to_j))

    def threshold_of(self, jurisdiction: int) -> int:
        """A jurisdiction's travel-rule threshold in rule units (NO_THRESHOLD: none)."""
        if jurisdiction != self.home and jurisdiction in self.thresholds:
            return self.thresholds[jurisdiction]
        return self.home_threshold

    def pair_threshold(self, frm: str, to: str) -> int | None:
        """The travel-rule threshold (base units) a transfer frm → to would face, if any."""
        s, r = self.holders[frm], self.holders[to]
        open_, threshold = self.corridor_rules(s.jurisdiction, r.jurisdiction)
        if not open_ or threshold == NO_THRESHOLD:
            return None
        return threshold * self.rule_unit

    # --- limit views (TierRules' Solidity readers) -------------------------------------------
    def rolling_volume(self, tier: int, volume_tat: int, now: int) -> int:
        """``rollingVolume``: the volume limit minus what is available with clock ``volume_tat``
        (0 where the tier has no volume limit)."""
        rules = self.limits[tier]
        if not rules.volume:
            return 0
        capacity = rules.window * TICKS_PER_SECOND
        debt = max(volume_tat - now * TICKS_PER_SECOND, 0)
        return rules.volume - (
            0 if debt >= capacity else (capacity - debt) * rules.volume // capacity
        )

    def volume_available(self, h: Holder, now: int) -> int:
        rules = self.limits[h.tier]
        if not rules.volume:
            return UINT256_MAX
        capacity = rules.window * TICKS_PER_SECOND
        debt = max(h.volume_tat - now * TICKS_PER_SECOND, 0)
        return 0 if debt >= capacity else (capacity - debt) * rules.volume // capacity

    def transfers_available(self, h: Holder, now: int) -> int:
        rules = self.limits[h.tier]
        if not rules.max_transfers:
            return UINT256_MAX
        spacing = rules.window // rules.max_transfers
        capacity = spacing * rules.max_transfers
        debt = max(h.velocity_tat - now, 0)
        return 0 if debt >= capacity else (capacity - debt) // spacing

    def retry_at(self, h: Holder, now: int) -> int:
        rules = self.limits[h.tier]
        if not rules.max_transfers:
            return 0
        spacing = rules.window // rules.max_transfers
        capacity = spacing * rules.max_transfers
        start = max(h.velocity_tat, now)
        return start + spacing - capacity if start + spacing > now + capacity else 0

    def remaining_limits(self, name: str, now: int) -> tuple[int, int]:
        """``remainingLimits(account)``: (volume, transfers) still available now."""
        h = self.holders[name]
        if h.exempt:
            return UINT256_MAX, UINT256_MAX
        return self.volume_available(h, now), self.transfers_available(h, now)

    # --- configuration: the error a setter reverts with (None: it goes through) --------------
    def tier_limits_error(self, limits: Limits) -> Error | None:
        window, count = limits.window, limits.max_transfers
        for amount in (limits.cap, limits.volume):
            if amount % self.rule_unit or amount // self.rule_unit >= NO_THRESHOLD:
                most = (NO_THRESHOLD - 1) * self.rule_unit
                args = {"amount": amount, "unit": self.rule_unit, "maxAmount": most}
                return "InvalidRuleAmount", args
        needs_window = limits.volume != 0 or count != 0
        if (needs_window and not (MIN_WINDOW <= window <= MAX_WINDOW and window >= count)) or (
            not needs_window and window > MAX_WINDOW
        ):
            args = {"window": window, "minWindow": MIN_WINDOW, "maxWindow": MAX_WINDOW}
            args["maxTransfers"] = count
            return "InvalidLimitWindow", args
        return None

    def set_threshold(self, jurisdiction: int, threshold: int) -> None:
        units = NO_THRESHOLD if threshold == UINT256_MAX else threshold // self.rule_unit
        if jurisdiction == self.home:
            self.home_threshold = units
        elif units == NO_THRESHOLD:
            self.thresholds.pop(jurisdiction, None)
        else:
            self.thresholds[jurisdiction] = units

    def set_home(self, jurisdiction: int) -> None:
        """Thresholds move with the home: the previous home keeps the home threshold as its own,
        and the new home's own threshold (if it has one) becomes the home threshold."""
        if jurisdiction == self.home:
            return
        threshold = self.home_threshold
        if self.home:
            if threshold == NO_THRESHOLD:
                self.thresholds.pop(self.home, None)
            else:
                self.thresholds[self.home] = threshold
        self.home = jurisdiction
        self.home_threshold = self.thresholds.get(jurisdiction, threshold)

    def home_error(self, jurisdiction: int) -> Error | None:
        if jurisdiction in self.blocked:
            return "HomeJurisdictionBlocked", {"jurisdiction": jurisdiction}
        return None

    def block_error(self, jurisdiction: int, blocked: bool) -> Error | None:
        if blocked and jurisdiction == self.home:
            return "HomeJurisdictionBlocked", {"jurisdiction": jurisdiction}
        return None
