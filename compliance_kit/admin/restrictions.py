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
from datetime import UTC, datetime
from functools import cached_property
from typing import TYPE_CHECKING, Any

from compliance_kit.admin.values import TIER_NAMES, units_text
from compliance_kit.units import format_units

if TYPE_CHECKING:
    from compliance_kit.contracts import Contract


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


class TransferContext:
    """A transfer under examination, with the chain's facts read on first use."""

    def __init__(
        self, token: Contract, from_: str, to: str, amount: int, decimals: int, symbol: str
    ) -> None:
        self.token = token
        self.from_ = from_
        self.to = to
        self.amount = amount
        self.decimals = decimals
        self.symbol = symbol

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

    def show(self, base_units: int) -> str:
        """``1,250.5 USDS``."""
        return f"{format_units(base_units, self.decimals)} {self.symbol}"

    def when(self, moment: int) -> str:
        """A unix time as a UTC date, with how long ago it was on the chain's clock."""
        ago = self.now - moment
        stamp = datetime.fromtimestamp(moment, UTC).strftime("%Y-%m-%d %H:%M UTC")
        return f"{stamp} ({_span(ago)} ago)" if ago > 0 else stamp

    def facts(self) -> dict[str, Any]:
        """Everything read, as JSON-ready data."""
        return {
            "amount": units_text(self.amount, self.decimals),
            "chain_time": _iso(self.now),
            "paused": self.paused,
            "sender": self.sender.to_dict(self.decimals),
            "recipient": self.recipient.to_dict(self.decimals),
        }


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
    Restriction(
        0,
        "none",
        lambda c: f"no rule stops it: {c.show(c.amount)} can move from {c.from_} to {c.to}",
    ),
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


def _iso(moment: int) -> str:
    return datetime.fromtimestamp(moment, UTC).isoformat().replace("+00:00", "Z")


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
    "AccountFacts",
    "Restriction",
    "TransferContext",
    "read_account",
    "register",
]
