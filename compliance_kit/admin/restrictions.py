"""The ERC-1404 restriction codes in words: one :class:`Restriction` per code.

``detectTransferRestriction(from, to, amount)`` answers with a code; each entry here says which
rule that is, explains it with the numbers read from the chain (:class:`TransferContext`), and
says what would make the transfer pass. A new rule in the token is one more entry
(``register(Restriction(code, "rule_name", explain, remedy))``); a code without an entry is still
reported, with the contract's own ``messageForTransferRestriction`` text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from compliance_kit.admin.values import TIER_NAMES, units_text
from compliance_kit.display import show_duration, show_time
from compliance_kit.exceptions import CustomErrorRevert, Reverted
from compliance_kit.units import format_units

if TYPE_CHECKING:
    from compliance_kit.contracts import Contract

#: what the contracts answer for "no limit" / "no threshold"
UNLIMITED = 2**256 - 1
ZERO_ADDRESS = "0x" + "00" * 20
CORRIDOR_STATUS_NAMES = ("unset", "allowed", "denied")


@dataclass(frozen=True)
class AccountFacts:
    """What the token holds about one account, in base units and unix seconds."""

    address: str
    balance: int
    frozen: bool
    frozen_tokens: int
    verified: bool
    tier: int
    jurisdiction: int
    kyc_expiry: int

    @property
    def unfrozen_balance(self) -> int:
        """What the account may move now (0 while frozen as a whole)."""
        return 0 if self.frozen else max(self.balance - self.frozen_tokens, 0)

    def to_dict(self, decimals: int) -> dict[str, Any]:
        return {
            "address": self.address,
            "balance": units_text(self.balance, decimals),
            "unfrozen_balance": units_text(self.unfrozen_balance, decimals),
            "frozen_tokens": units_text(self.frozen_tokens, decimals),
            "frozen": self.frozen,
            "kyc_verified": self.verified,
            "kyc_tier": TIER_NAMES.get(self.tier),
            "kyc_jurisdiction": self.jurisdiction or None,
            "kyc_expiry": _iso(self.kyc_expiry) if self.kyc_expiry else None,
        }


def read_account(token: Contract, address: str) -> AccountFacts:
    """The token's facts about ``address``."""
    verified, tier, jurisdiction, expiry = token.fn.kycOf(address).call()
    return AccountFacts(
        address=address,
        balance=token.fn.balanceOf(address).call(),
        frozen=token.fn.isFrozen(address).call(),
        frozen_tokens=token.fn.frozenBalanceOf(address).call(),
        verified=verified,
        tier=tier,
        jurisdiction=jurisdiction,
        kyc_expiry=expiry,
    )


@dataclass(frozen=True)
class RulesFacts:
    """The token-wide AML switches (``transferRules``, ``travelRuleAggregation`` and
    ``sanctionsScreening``)."""

    travel_rule: bool
    corridors: bool
    corridors_open_by_default: bool
    home_jurisdiction: int
    oracle: str | None
    screen_mint: bool
    screen_redeem: bool
    screen_transfers: bool
    fail_open: bool
    travel_rule_aggregation: bool = False
    """Whether the threshold also applies to each sender's rolling volume (structuring)."""


def read_rules(token: Contract) -> RulesFacts:
    """The token's AML switches, home jurisdiction and sanctions screening."""
    travel, corridors, open_by_default, home = token.fn.transferRules().call()
    aggregation = token.fn.travelRuleAggregation().call()
    oracle, on_mint, on_redeem, on_transfer, fail_open = token.fn.sanctionsScreening().call()
    return RulesFacts(
        travel_rule=bool(travel),
        corridors=bool(corridors),
        corridors_open_by_default=bool(open_by_default),
        home_jurisdiction=int(home),
        oracle=None if oracle == ZERO_ADDRESS else oracle,
        screen_mint=bool(on_mint),
        screen_redeem=bool(on_redeem),
        screen_transfers=bool(on_transfer),
        fail_open=bool(fail_open),
        travel_rule_aggregation=bool(aggregation),
    )


def pair_threshold(token: Contract, rules: RulesFacts, origin: int, destination: int) -> int | None:
    """The travel-rule threshold (base units) of a transfer between two jurisdictions: the home
    one inside the home jurisdiction, else the lower of both sides' (each its own, or the home
    one); None when the travel rule is off or neither side has a threshold."""
    if not rules.travel_rule:
        return None
    home = rules.home_jurisdiction
    sides = {origin, destination} if (origin, destination) != (home, home) else {home}
    values = [int(token.fn.travelRuleThreshold(j).call()[0]) for j in sorted(sides)]
    lowest = min(values)
    return None if lowest == UNLIMITED else lowest


class TransferContext:
    """A transfer under examination, with the chain's facts read on first use.

    ``registry`` is the travel-rule registry (to tell whether a commitment is pending);
    ``refusal`` the custom error the transfer reverts with, when already known (otherwise it is
    read by simulating the transfer from the sender, for the numbers only the revert carries,
    such as when the count limit lets the next transfer go).
    """

    def __init__(
        self,
        token: Contract,
        from_: str,
        to: str,
        amount: int,
        decimals: int,
        symbol: str,
        *,
        registry: Contract | None = None,
        refusal: CustomErrorRevert | None = None,
    ) -> None:
        self.token = token
        self.from_ = from_
        self.to = to
        self.amount = amount
        self.decimals = decimals
        self.symbol = symbol
        self.registry = registry
        if refusal is not None:
            self.__dict__["refusal"] = refusal

    @cached_property
    def now(self) -> int:
        return int(self.token.transactor.chain.timestamp())

    @cached_property
    def paused(self) -> bool:
        return bool(self.token.fn.paused().call())

    @cached_property
    def sender(self) -> AccountFacts:
        return read_account(self.token, self.from_)

    @cached_property
    def recipient(self) -> AccountFacts:
        return read_account(self.token, self.to)

    # --- the AML rules (read on first use) -------------------------------------------------
    @cached_property
    def rules(self) -> RulesFacts:
        return read_rules(self.token)

    @cached_property
    def limits(self) -> tuple[int, int, int, int]:
        """The sender tier's (transferCap, volumeLimit, window, maxTransfers); 0 = off."""
        cap, volume, window, count = self.token.fn.tierLimits(self.sender.tier).call()
        return int(cap), int(volume), int(window), int(count)

    @cached_property
    def remaining(self) -> tuple[int, int]:
        """``remainingLimits(from)``: (volume, transfers) the sender may still send now."""
        volume, transfers = self.token.fn.remainingLimits(self.from_).call()
        return int(volume), int(transfers)

    @cached_property
    def exempt(self) -> bool:
        return bool(self.token.fn.isLimitExempt(self.from_).call())

    @cached_property
    def threshold(self) -> int | None:
        """The travel-rule threshold of this transfer's jurisdictions (None: none applies)."""
        return pair_threshold(
            self.token, self.rules, self.sender.jurisdiction, self.recipient.jurisdiction
        )

    @cached_property
    def rolling_volume(self) -> int | None:
        """The sender's rolling volume with this transfer: what its tier's volume limit counts as
        used, this transfer included. The chain's own figure when the transfer is refused for
        it; otherwise ``volumeLimit - remainingLimits(from).volume + amount``, which may differ
        by the rounding of the volume clock (1/256 s). None where it is not counted (the sender
        is exempt from limits, or its tier has no volume limit)."""
        limit = self.limits[1]
        if not limit or self.exempt:
            return None
        found = self.refusal_arg("TravelRuleAggregateCommitmentMissing", "rollingVolume")
        if found is not None:
            return int(found)
        return limit - self.remaining[0] + self.amount

    @property
    def aggregate_reached(self) -> bool:
        """Whether this transfer is below the travel-rule threshold and needs a commitment
        anyway, because aggregation is on and the sender's rolling volume reaches it."""
        threshold = self.threshold
        if threshold is None or self.amount >= threshold or not self.rules.travel_rule_aggregation:
            return False
        volume = self.rolling_volume
        return volume is not None and volume >= threshold

    @property
    def travel_rule_applies(self) -> bool:
        """Whether this transfer needs a travel-rule commitment (alone, or by aggregation)."""
        threshold = self.threshold
        if threshold is None:
            return False
        return self.amount >= threshold or self.aggregate_reached

    @cached_property
    def commitment(self) -> bytes | None:
        """The payload hash a VASP registered for exactly this transfer (None: none pending)."""
        if self.registry is None:
            return None
        lookup = self.registry.fn.commitmentOf(self.token.address, self.from_, self.to, self.amount)
        found = bytes(lookup.call())
        return None if found == b"\0" * 32 else found

    @cached_property
    def refusal(self) -> CustomErrorRevert | None:
        """The custom error the transfer reverts with now (simulated from the sender)."""
        try:
            self.token.fn.transfer(self.to, self.amount).call(self.from_)
        except CustomErrorRevert as exc:
            return exc
        except Reverted:
            return None
        return None

    def refusal_arg(self, error: str, key: str) -> Any:
        """Argument ``key`` of the simulated refusal if it is ``error``, else None."""
        found = self.refusal
        if found is None or found.name != error:
            return None
        return found.args_by_name.get(key)

    @property
    def tier_name(self) -> str:
        tier = self.sender.tier
        return f"tier {tier} ({TIER_NAMES.get(tier, 'unverified')})"

    def show(self, base_units: int) -> str:
        """``1,250.5 USDS``."""
        return f"{format_units(base_units, self.decimals)} {self.symbol}"

    def later(self, moment: int) -> str:
        """A unix time as a UTC date, with how long from the chain's clock."""
        ahead = moment - self.now
        return f"{_stamp(moment)} (in {_span(ahead)})" if ahead > 0 else _stamp(moment)

    def when(self, moment: int) -> str:
        """A unix time as a UTC date, with how long ago it was on the chain's clock."""
        ago = self.now - moment
        stamp = show_time(moment, "%Y-%m-%d %H:%M UTC")
        return f"{stamp} ({_span(ago)} ago)" if ago > 0 else stamp

    def facts(self) -> dict[str, Any]:
        """Everything read, as JSON-ready data."""
        return {
            "amount": units_text(self.amount, self.decimals),
            "chain_time": _iso(self.now),
            "paused": self.paused,
            "sender": self.sender.to_dict(self.decimals),
            "recipient": self.recipient.to_dict(self.decimals),
            "aml": self.aml_facts(),
        }

    def aml_facts(self) -> dict[str, Any]:
        """The AML rules as they bear on this transfer (amounts in token units; None: no limit)."""
        cap, volume, window, count = self.limits
        available, transfers = self.remaining
        rules = self.rules
        threshold = self.threshold
        return {
            "sender_limits": {
                "tier": self.sender.tier,
                "exempt": self.exempt,
                "transfer_cap": self._limit(cap),
                "volume_limit": self._limit(volume),
                "window_seconds": window,
                "max_transfers": count or None,
                "volume_available": None if available == UNLIMITED else self._units(available),
                "transfers_available": None if transfers == UNLIMITED else transfers,
            },
            "travel_rule": {
                "enabled": rules.travel_rule,
                "threshold": None if threshold is None else self._units(threshold),
                "aggregation": rules.travel_rule_aggregation,
                "rolling_volume": self._rolling_fact(),
                "applies": self.travel_rule_applies,
                "commitment_pending": self.commitment is not None,
                "payload_hash": None if self.commitment is None else "0x" + self.commitment.hex(),
            },
            "corridors": {
                "enabled": rules.corridors,
                "open_by_default": rules.corridors_open_by_default,
                "home_jurisdiction": rules.home_jurisdiction or None,
                "from_jurisdiction": self.sender.jurisdiction or None,
                "to_jurisdiction": self.recipient.jurisdiction or None,
            },
            "sanctions_screening": {
                "oracle": rules.oracle,
                "on_transfer": rules.screen_transfers,
                "fail_open": rules.fail_open,
            },
        }

    def _units(self, base_units: int) -> str:
        return units_text(base_units, self.decimals)

    def _rolling_fact(self) -> str | None:
        """The rolling volume with this transfer, where aggregation counts it (else None)."""
        if not (self.rules.travel_rule_aggregation and self.threshold is not None):
            return None
        volume = self.rolling_volume
        return None if volume is None else self._units(volume)

    def _limit(self, base_units: int) -> str | None:
        return self._units(base_units) if base_units else None


Text = Callable[[TransferContext], str]


@dataclass(frozen=True)
class Restriction:
    """One ERC-1404 code: its rule, an explanation and a remedy (both read the context)."""

    code: int
    rule: str
    explain: Text
    remedy: Text | None = None


RESTRICTIONS: dict[int, Restriction] = {}


def register(restriction: Restriction) -> Restriction:
    """Add (or replace) the entry for ``restriction.code``."""
    RESTRICTIONS[restriction.code] = restriction
    return restriction


def _unfreeze(who: str) -> Text:
    return lambda c: f"lift the freeze on {who} with `unfreeze` when the lawful order allows"


def _renew(side: str) -> Text:
    def remedy(c: TransferContext) -> str:
        account = getattr(c, side).address
        return f"renew the KYC of {account} with `kyc approve` and an expiry after {c.when(c.now)}"

    return remedy


def _expired(side: str, title: str) -> Text:
    def explain(c: TransferContext) -> str:
        facts: AccountFacts = getattr(c, side)
        return f"the KYC of the {title} {facts.address} expired on {c.when(facts.kyc_expiry)}"

    return explain


for _entry in (
    Restriction(0, "none", lambda c: _passes(c)),
    Restriction(
        1,
        "paused",
        lambda c: "the token is paused: no transfer moves until it is unpaused",
        lambda c: "unpause it with `unpause` (PAUSER_ROLE)",
    ),
    Restriction(
        2,
        "sender_frozen",
        lambda c: f"the sender {c.from_} is frozen under a lawful order",
        _unfreeze("the sender"),
    ),
    Restriction(
        3,
        "recipient_frozen",
        lambda c: f"the recipient {c.to} is frozen under a lawful order",
        _unfreeze("the recipient"),
    ),
    Restriction(
        4,
        "sender_not_verified",
        lambda c: f"the sender {c.from_} is not on the KYC allowlist",
        lambda c: f"approve {c.from_} with `kyc approve` (KYC_OPERATOR_ROLE)",
    ),
    Restriction(
        5,
        "recipient_not_verified",
        lambda c: f"the recipient {c.to} is not on the KYC allowlist",
        lambda c: f"approve {c.to} with `kyc approve` (KYC_OPERATOR_ROLE)",
    ),
    Restriction(6, "sender_kyc_expired", _expired("sender", "sender"), _renew("sender")),
    Restriction(
        7, "recipient_kyc_expired", _expired("recipient", "recipient"), _renew("recipient")
    ),
    Restriction(
        8,
        "insufficient_balance",
        lambda c: (
            f"the sender holds {c.show(c.sender.balance)}; the transfer needs "
            f"{c.show(c.amount)} ({c.show(c.amount - c.sender.balance)} short)"
        ),
        lambda c: f"send at most {c.show(c.sender.balance)}, or fund the sender first",
    ),
    Restriction(
        9,
        "insufficient_unfrozen_balance",
        lambda c: (
            f"the sender holds {c.show(c.sender.balance)}, of which "
            f"{c.show(c.sender.frozen_tokens)} is frozen under a lawful order: "
            f"{c.show(c.sender.unfrozen_balance)} can move, {c.show(c.amount)} was asked"
        ),
        lambda c: (
            f"send at most {c.show(c.sender.unfrozen_balance)}, or release frozen tokens "
            "with `unfreeze --amount` when the order allows"
        ),
    ),
    Restriction(
        10,
        "invalid_receiver",
        lambda c: "the recipient is the zero address: tokens sent there would be lost",
        lambda c: "send to a real account; to take tokens out of circulation, redeem or burn",
    ),
):
    register(_entry)


# --- the AML rules (codes 11-18) -----------------------------------------------------------------


def _passes(c: TransferContext) -> str:
    text = f"no rule stops it: {c.show(c.amount)} can move from {c.from_} to {c.to}"
    if c.commitment is not None and c.threshold is not None and c.travel_rule_applies:
        why = (
            f"the sender's rolling volume with it, about {c.show(c.rolling_volume or 0)}, reaches"
            if c.aggregate_reached
            else "it is at or above"
        )
        text += (
            f"; {why} the travel-rule threshold of {c.show(c.threshold)} and it consumes the "
            f"commitment 0x{c.commitment.hex()} a VASP registered for it"
        )
    return text


def _oracle(c: TransferContext) -> str:
    found = c.refusal_arg("AccountSanctioned", "oracle") or c.refusal_arg(
        "SanctionsScreeningUnavailable", "oracle"
    )
    return str(found or c.rules.oracle or "(none)")


def _sanctioned(side: str, title: str) -> Text:
    def explain(c: TransferContext) -> str:
        account = c.from_ if side == "sender" else c.to
        return (
            f"the {title} {account} is on the sanctions list of the oracle {_oracle(c)}: a "
            "listed account can neither send nor receive"
        )

    return explain


def _unsanction(side: str) -> Text:
    def remedy(c: TransferContext) -> str:
        account = c.from_ if side == "sender" else c.to
        return (
            f"none while {account} is listed; if it is listed in error, take it off the list "
            f"(`sanctions remove {account}`, signed by the list's owner, when the oracle is the "
            "system's own SanctionsList; otherwise ask the oracle's operator)"
        )

    return remedy


def _unavailable(c: TransferContext) -> str:
    account = c.refusal_arg("SanctionsScreeningUnavailable", "account")
    whom = f" for {account}" if account else ""
    return (
        f"the sanctions oracle {_oracle(c)} did not answer{whom} (it reverted or returned "
        "malformed data), and screening fails closed: no transfer moves until it answers"
    )


def _corridor_cause(c: TransferContext) -> tuple[str, str]:
    """Why the corridor is closed, and what would open it."""
    origin, destination = c.sender.jurisdiction, c.recipient.jurisdiction
    home = c.rules.home_jurisdiction
    for side in dict.fromkeys((origin, destination)):
        if side != home and c.token.fn.isJurisdictionBlocked(side).call():
            return (
                f"jurisdiction {side} is blocked: no transfer to, from or inside it moves while "
                "corridors are enforced",
                f"unblock it with `corridor unblock {side}` (COMPLIANCE_OFFICER_ROLE) once the "
                "block no longer applies",
            )
    status = CORRIDOR_STATUS_NAMES[int(c.token.fn.corridor(origin, destination).call())]
    allow = f"`corridor set {origin} {destination} allow` (COMPLIANCE_OFFICER_ROLE)"
    if status == "denied":
        return (f"the corridor {origin} → {destination} is denied", f"allow it with {allow}")
    return (
        f"the corridor {origin} → {destination} has no entry, and corridors are closed by "
        "default (an allow list)",
        f"allow it with {allow}, or open unlisted corridors with `corridor rules --open`",
    )


def _corridor_closed(c: TransferContext) -> str:
    origin, destination = c.sender.jurisdiction, c.recipient.jurisdiction
    return (
        f"transfers from jurisdiction {origin} to {destination} are refused: "
        f"{_corridor_cause(c)[0]}"
    )


def _officer(c: TransferContext, option: str) -> str:
    tier = c.sender.tier
    return (
        f"have the compliance officer raise the limit of {c.tier_name} (`limits set --tier "
        f"{tier} {option} ...`) or exempt the sender (`limits exempt {c.from_}`)"
    )


def _cap(c: TransferContext) -> str:
    cap = c.limits[0]
    return (
        f"the sender's {c.tier_name} may send at most {c.show(cap)} per transfer; "
        f"{c.show(c.amount)} was asked ({c.show(c.amount - cap)} over the cap)"
    )


def _volume(c: TransferContext) -> str:
    _, limit, window, _ = c.limits
    available = c.remaining[0]
    return (
        f"the sender's {c.tier_name} may send {c.show(limit)} per rolling "
        f"{show_duration(window)}: {c.show(available)} is available now, and {c.show(c.amount)} "
        f"was asked ({c.show(c.amount - available)} short)"
    )


def _volume_remedy(c: TransferContext) -> str:
    _, limit, window, _ = c.limits
    available = c.remaining[0]
    if c.amount > limit:
        return f"{c.show(c.amount)} is more than the whole limit, so it never fits: " + _officer(
            c, "--volume"
        )
    wait = -(-(c.amount - available) * window // limit) + 1  # the window recovers continuously
    return (
        f"at most {c.show(available)} fits now; the window recovers {c.show(limit)} per "
        f"{show_duration(window)}, so {c.show(c.amount)} fits again in about {_span(wait)} "
        f"(around {_stamp(c.now + wait)}); or {_officer(c, '--volume')}"
    )


def _velocity(c: TransferContext) -> str:
    _, _, window, count = c.limits
    retry = c.refusal_arg("VelocityLimitExceeded", "retryAt")
    text = (
        f"the sender's {c.tier_name} may make {count} transfers per rolling "
        f"{show_duration(window)}, and the sender has used them"
    )
    return text + (f": the next may go at {c.later(int(retry))}" if retry else "")


def _velocity_remedy(c: TransferContext) -> str:
    retry = c.refusal_arg("VelocityLimitExceeded", "retryAt")
    wait = f"wait until {c.later(int(retry))}, or " if retry else "wait, or "
    return wait + _officer(c, "--max-transfers")


def _sides(c: TransferContext) -> str:
    origin, destination = c.sender.jurisdiction, c.recipient.jurisdiction
    home = c.rules.home_jurisdiction
    if origin == destination == home:
        return f"the home jurisdiction {home}'s"
    if origin == destination:
        return f"jurisdiction {origin}'s"
    return f"the lower of jurisdictions {origin}'s and {destination}'s"


#: the custom errors of code 18: one payment at or above the threshold, or the rolling volume
TRAVEL_RULE_ERRORS = ("TravelRuleCommitmentMissing", "TravelRuleAggregateCommitmentMissing")


def _travel_threshold(c: TransferContext) -> int:
    threshold = c.threshold
    if threshold is not None:
        return threshold
    for error in TRAVEL_RULE_ERRORS:  # the registry answered otherwise than the preflight
        found = c.refusal_arg(error, "threshold")
        if found is not None:
            return int(found)
    return 0


def _aggregate_volume(c: TransferContext) -> int | None:
    """The sender's rolling volume with this transfer when aggregation, not the amount alone,
    brings it to the threshold; None otherwise."""
    if c.amount >= _travel_threshold(c) or not c.rules.travel_rule_aggregation:
        return None
    return c.rolling_volume


def _travel(c: TransferContext) -> str:
    threshold = _travel_threshold(c)
    missing = (
        f"no commitment is pending for exactly this transfer ({c.from_} → {c.to}, "
        f"{c.show(c.amount)}): a VASP must register the hash of its IVMS101 payload first"
    )
    volume = _aggregate_volume(c)
    if volume is None:
        return (
            f"{c.show(c.amount)} is at or above the travel-rule threshold of {c.show(threshold)} "
            f"({_sides(c)}), and {missing}"
        )
    window = show_duration(c.limits[2])
    return (
        f"{c.show(c.amount)} is below the travel-rule threshold of {c.show(threshold)} "
        f"({_sides(c)}), but travel-rule aggregation is on and the sender's rolling volume "
        f"including this payment, {c.show(volume)} (as the {c.tier_name} volume limit counts it "
        f"over a rolling {window}), reaches it; {missing}"
    )


def _travel_remedy(c: TransferContext) -> str:
    register = (
        "have the originating VASP register the commitment for exactly this transfer "
        f"(`travel-rule register {c.from_} {c.to} {c._units(c.amount)} "
        "--payload-file IVMS101.json`, VASP_ROLE; or a VASP-signed commitment anyone submits); "
        "each commitment covers one transfer"
    )
    volume = _aggregate_volume(c)
    if volume is None:
        return register
    return f"{register}; or wait for the sender's rolling volume to fall: {_fall(c, volume)}"


def _fall(c: TransferContext, volume: int) -> str:
    """When the rolling volume with this payment drops below the threshold again."""
    _, limit, window, _ = c.limits
    if not limit:
        return "it recovers with time"
    threshold = _travel_threshold(c)
    wait = -(-(volume - threshold + 1) * window // limit) + 1  # the window recovers continuously
    return (
        f"the window recovers {c.show(limit)} per {show_duration(window)}, so with a payment of "
        f"{c.show(c.amount)} it falls below {c.show(threshold)} in about {_span(wait)} (around "
        f"{_stamp(c.now + wait)})"
    )


for _entry in (
    Restriction(11, "sender_sanctioned", _sanctioned("sender", "sender"), _unsanction("sender")),
    Restriction(
        12,
        "recipient_sanctioned",
        _sanctioned("recipient", "recipient"),
        _unsanction("recipient"),
    ),
    Restriction(
        13,
        "sanctions_screening_unavailable",
        _unavailable,
        lambda c: (
            "repair or replace the oracle (`sanctions screening --oracle ADDR`, "
            "COMPLIANCE_OFFICER_ROLE), or let screening fail open (`sanctions screening "
            "--fail-open`: transfers then pass and each unanswered check is logged as "
            "SanctionsScreeningFailedOpen)"
        ),
    ),
    Restriction(14, "corridor_closed", _corridor_closed, lambda c: _corridor_cause(c)[1]),
    Restriction(
        15,
        "transfer_cap_exceeded",
        _cap,
        lambda c: f"send at most {c.show(c.limits[0])}, or " + _officer(c, "--cap"),
    ),
    Restriction(16, "volume_limit_exceeded", _volume, _volume_remedy),
    Restriction(17, "velocity_limit_exceeded", _velocity, _velocity_remedy),
    Restriction(18, "travel_rule_commitment_missing", _travel, _travel_remedy),
):
    register(_entry)


def _stamp(moment: int) -> str:
    return show_time(moment, "%Y-%m-%d %H:%M:%S UTC")


def _iso(moment: int) -> str:
    return show_time(moment, "%Y-%m-%dT%H:%M:%SZ")


def _span(seconds: int) -> str:
    if seconds >= 2 * 86_400:
        return f"{seconds // 86_400} days"
    if seconds >= 2 * 3_600:
        return f"{seconds // 3_600} hours"
    if seconds >= 120:
        return f"{seconds // 60} minutes"
    return f"{seconds} seconds"


__all__ = [
    "RESTRICTIONS",
    "TRAVEL_RULE_ERRORS",
    "UNLIMITED",
    "AccountFacts",
    "Restriction",
    "RulesFacts",
    "TransferContext",
    "pair_threshold",
    "read_account",
    "read_rules",
    "register",
]
