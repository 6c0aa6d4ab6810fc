"""The AML transfer rules: tier limits and exemptions, the travel rule and its commitments,
corridors and blocked jurisdictions, sanctions screening and the system's sanctions list.

Token settings are the compliance officer's (``COMPLIANCE_OFFICER_ROLE``; the commitment registry
itself is wired by the admin, ``DEFAULT_ADMIN_ROLE``); commitments are registered and cancelled
on the TravelRuleRegistry by a VASP (``VASP_ROLE``), or signed by one (EIP-712) and submitted by
anyone; the SanctionsList deployed with the system is kept by its owner (the compliance officer
in a deployment).

Rule amounts (caps, volume limits, travel-rule thresholds) are token units with at most six
decimals (the token stores them in units of ``ruleUnit()`` base units); ``None`` or ``"none"``
switches a limit off. Windows are seconds, a ``timedelta`` or text (``"24h"``, ``"7d"``). Setters
that take several fields change only the ones given: the others keep their value on-chain.
"""

from __future__ import annotations

import os
import re
import secrets
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from eth_utils import keccak

from compliance_kit.admin.base import AdminBase, PlannedTx
from compliance_kit.admin.events import CORRIDOR_STATUSES
from compliance_kit.admin.restrictions import (
    UNLIMITED,
    ZERO_ADDRESS,
    RulesFacts,
    TransferContext,
    read_rules,
)
from compliance_kit.admin.results import TxResult
from compliance_kit.admin.values import (
    TIER_NAMES,
    decimal_text,
    duration,
    is_ascii_digits,
    jurisdiction,
    kyc_tier,
    shown,
    to_units,
    utf8,
    whole_number,
)
from compliance_kit.contracts import Contract
from compliance_kit.display import show_duration
from compliance_kit.exceptions import InputError
from compliance_kit.settings import ConfigError

if TYPE_CHECKING:
    from collections.abc import Iterable

    from eth_account.signers.local import LocalAccount

#: limit windows the token accepts when a volume or count limit is set: a minute to ~388 days
MIN_WINDOW = 60
MAX_WINDOW = 2**25 - 1
#: rule amounts are 64-bit in rule units; 2^64 - 1 means "none"
MAX_RULE_UNITS = 2**64 - 2
MAX_TRANSFERS = 2**16 - 1
#: ``setCorridor`` statuses by the words accepted for them
CORRIDOR_WORDS = {
    "unset": 0,
    "allow": 1,
    "allowed": 1,
    "deny": 2,
    "denied": 2,
}
#: a travel-rule commitment signed by a VASP may be submitted this long by default
SIGNED_COMMITMENT_VALIDITY = 3_600
_HEX32 = re.compile(r"^0x[0-9a-fA-F]{64}$")
_OFF = frozenset({"none", "off", ""})
#: the Chainalysis oracle interface, for an oracle the manifest has no ABI of
_ORACLE_ABI = [
    {
        "type": "function",
        "name": "isSanctioned",
        "stateMutability": "view",
        "inputs": [{"name": "addr", "type": "address"}],
        "outputs": [{"name": "", "type": "bool"}],
    }
]


class _Keep:
    """The default of a setter's field: "leave the on-chain value as it is"."""

    def __repr__(self) -> str:
        return "KEEP"


KEEP: Any = _Keep()


class NoSanctionsList(ConfigError):
    """The system has no SanctionsList of its own to add to or remove from (it screens with an
    external oracle, or not at all); nothing was sent."""


# --- results ------------------------------------------------------------------------------------


def _text(value: Decimal | None) -> str | None:
    return None if value is None else decimal_text(value)


@dataclass(frozen=True)
class TierLimits:
    """One KYC tier's outgoing limits (token units; None: that limit is off)."""

    tier: int
    transfer_cap: Decimal | None
    volume_limit: Decimal | None
    window: int
    """Seconds of the rolling window the volume and count limits share."""
    max_transfers: int | None

    @property
    def tier_name(self) -> str:
        return TIER_NAMES.get(self.tier, "unverified")

    def to_dict(self) -> dict[str, Any]:
        return {
            "tier": self.tier,
            "tier_name": self.tier_name,
            "transfer_cap": _text(self.transfer_cap),
            "volume_limit": _text(self.volume_limit),
            "window_seconds": self.window,
            "window": show_duration(self.window) if self.window else None,
            "max_transfers": self.max_transfers,
        }


@dataclass(frozen=True)
class RemainingLimits:
    """What ``account`` may still send now (None: no limit applies)."""

    account: str
    tier: int
    exempt: bool
    volume: Decimal | None
    transfers: int | None
    limits: TierLimits

    def to_dict(self) -> dict[str, Any]:
        return {
            "account": self.account,
            "tier": self.tier,
            "exempt": self.exempt,
            "volume_available": _text(self.volume),
            "transfers_available": self.transfers,
            "limits": self.limits.to_dict(),
        }


@dataclass(frozen=True)
class TravelRuleThreshold:
    """A jurisdiction's travel-rule threshold (token units; None: none). ``own``: its own, not
    the home jurisdiction's (always True for the home jurisdiction)."""

    jurisdiction: int
    threshold: Decimal | None
    own: bool
    home: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "jurisdiction": self.jurisdiction,
            "threshold": _text(self.threshold),
            "own": self.own,
            "home": self.home,
        }


@dataclass(frozen=True)
class SanctionsScreening:
    """Where the sanctions oracle is consulted, and what a failing oracle does."""

    oracle: str | None
    on_mint: bool
    on_redeem: bool
    on_transfer: bool
    fail_open: bool
    system_list: bool
    """Whether the oracle is the SanctionsList deployed with the system."""

    @property
    def any(self) -> bool:
        return self.oracle is not None and (self.on_mint or self.on_redeem or self.on_transfer)

    def summary(self) -> str:
        """``"mint, redeem, transfer; fails closed"`` or ``"off"``."""
        where = [n for n, on in (("mint", self.on_mint), ("redeem", self.on_redeem)) if on]
        where += ["transfer"] if self.on_transfer else []
        if self.oracle is None or not where:
            return "off"
        return f"{', '.join(where)}; fails {'open' if self.fail_open else 'closed'}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "oracle": self.oracle,
            "system_list": self.system_list,
            "on_mint": self.on_mint,
            "on_redeem": self.on_redeem,
            "on_transfer": self.on_transfer,
            "fail_open": self.fail_open,
        }


@dataclass(frozen=True)
class TransferRules:
    """The token-wide AML rules: travel rule (and its aggregation), home jurisdiction,
    corridors, screening."""

    travel_rule: bool
    travel_rule_aggregation: bool
    """Whether the threshold also applies to each sender's rolling volume (structuring)."""
    registry: str | None
    home_jurisdiction: int | None
    home_threshold: Decimal | None
    """The home jurisdiction's travel-rule threshold (the default of the others)."""
    corridors: bool
    corridors_open_by_default: bool
    screening: SanctionsScreening

    @property
    def corridors_mode(self) -> str:
        """``off``, ``open by default`` (a deny list) or ``closed by default`` (an allow list)."""
        if not self.corridors:
            return "off"
        return "open by default" if self.corridors_open_by_default else "closed by default"

    def to_dict(self) -> dict[str, Any]:
        return {
            "travel_rule": self.travel_rule,
            "travel_rule_aggregation": self.travel_rule_aggregation,
            "travel_rule_registry": self.registry,
            "home_jurisdiction": self.home_jurisdiction,
            "home_threshold": _text(self.home_threshold),
            "corridors": self.corridors,
            "corridors_open_by_default": self.corridors_open_by_default,
            "corridors_mode": self.corridors_mode,
            "sanctions_screening": self.screening.to_dict(),
        }


@dataclass(frozen=True)
class Corridor:
    """The corridor ``origin`` → ``destination``: its entry, and whether a transfer passes the
    corridor rule now (``open``), with the reason."""

    origin: int
    destination: int
    status: str
    open: bool
    reason: str
    origin_blocked: bool
    destination_blocked: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "from": self.origin,
            "to": self.destination,
            "status": self.status,
            "open": self.open,
            "reason": self.reason,
            "from_blocked": self.origin_blocked,
            "to_blocked": self.destination_blocked,
        }


@dataclass(frozen=True)
class TravelRuleCommitment:
    """The commitment for one transfer (``payload_hash`` None: none pending) and the VASP that
    registered it (the only one that may cancel it), and whether the transfer needs one now
    (``threshold``: of its jurisdictions, token units; None: none)."""

    from_: str
    to: str
    amount: Decimal
    payload_hash: str | None
    threshold: Decimal | None
    required: bool
    registered_by: str | None = None

    @property
    def pending(self) -> bool:
        return self.payload_hash is not None

    def to_dict(self) -> dict[str, Any]:
        return {
            "from": self.from_,
            "to": self.to,
            "amount": decimal_text(self.amount),
            "pending": self.pending,
            "payload_hash": self.payload_hash,
            "registered_by": self.registered_by,
            "threshold": _text(self.threshold),
            "required": self.required,
        }


@dataclass(frozen=True)
class SignedTravelRuleCommitment:
    """An ``ITravelRuleRegistry.SignedCommitment`` and its VASP's signature (``amount`` in base
    units): what a VASP hands over for anyone to submit (``to_dict`` / ``from_dict``)."""

    token: str
    from_: str
    to: str
    amount: int
    payload_hash: bytes
    nonce: int
    deadline: int
    vasp: str
    signature: bytes

    def as_struct(self) -> tuple[Any, ...]:
        return (
            self.token,
            self.from_,
            self.to,
            self.amount,
            self.payload_hash,
            self.nonce,
            self.deadline,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "token": self.token,
            "from": self.from_,
            "to": self.to,
            "amount": str(self.amount),
            "payload_hash": "0x" + self.payload_hash.hex(),
            "nonce": str(self.nonce),
            "deadline": self.deadline,
            "vasp": self.vasp,
            "signature": "0x" + self.signature.hex(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SignedTravelRuleCommitment:
        """The inverse of :meth:`to_dict`."""
        try:
            return cls(
                token=str(data["token"]),
                from_=str(data["from"]),
                to=str(data["to"]),
                amount=int(data["amount"]),
                payload_hash=bytes.fromhex(str(data["payload_hash"]).removeprefix("0x")),
                nonce=int(data["nonce"]),
                deadline=int(data["deadline"]),
                vasp=str(data["vasp"]),
                signature=bytes.fromhex(str(data["signature"]).removeprefix("0x")),
            )
        except (KeyError, ValueError, TypeError) as exc:
            raise InputError("commitment", f"not a signed commitment: {exc}") from None


# --- inputs -------------------------------------------------------------------------------------


def corridor_status(value: Any, field: str = "status") -> int:
    """``allow`` / ``deny`` / ``unset`` (also ``allowed``, ``denied``) as ``CorridorStatus``."""
    text = str(value).strip().lower()
    if text not in CORRIDOR_WORDS:
        raise InputError(field, f"{value!r} is not a corridor status: allow, deny or unset")
    return CORRIDOR_WORDS[text]


def _is_off(value: Any) -> bool:
    return value is None or (isinstance(value, str) and value.strip().lower() in _OFF)


def _flag(value: Any, field: str) -> bool:
    if not isinstance(value, bool):
        raise InputError(field, f"{value!r} is not True or False")
    return value


def _max_transfers(value: Any) -> int:
    if _is_off(value):
        return 0
    if isinstance(value, str) and is_ascii_digits(value.strip()):
        value = whole_number(value.strip(), "max_transfers")
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_TRANSFERS:
        raise InputError(
            "max_transfers",
            f"{shown(value)} is not a count of transfers from 0 to {MAX_TRANSFERS:,}",
        )
    return value


def payload_hash_of(payload: Any = None, payload_hash: Any = None) -> bytes:
    """The 32-byte commitment to an IVMS101 payload: ``keccak256(payload)`` (bytes, text as UTF-8,
    or a ``Path`` to the file), or ``payload_hash`` as given (32 bytes or ``0x`` + 64 hex)."""
    if (payload is None) == (payload_hash is None):
        raise InputError(
            "payload",
            "give the IVMS101 payload (bytes, text or a file) or its payload_hash, exactly one",
        )
    if payload_hash is not None:
        if isinstance(payload_hash, bytes) and len(payload_hash) == 32:
            raw = payload_hash
        elif isinstance(payload_hash, str) and _HEX32.match(payload_hash.strip()):
            raw = bytes.fromhex(payload_hash.strip()[2:])
        else:
            raise InputError(
                "payload_hash", f"{payload_hash!r} is not 32 bytes or 0x + 64 hex digits"
            )
        if raw == b"\0" * 32:
            raise InputError("payload_hash", "the zero hash commits to nothing")
        return raw
    if isinstance(payload, os.PathLike):
        try:
            payload = Path(payload).read_bytes()
        except OSError as exc:
            raise InputError("payload", f"cannot read {payload}: {exc}") from None
    if isinstance(payload, str):
        payload = utf8(payload, "payload")
    if not isinstance(payload, bytes):
        raise InputError("payload", f"expected bytes, text or a file, got {type(payload).__name__}")
    if not payload:
        raise InputError("payload", "empty: commit to the IVMS101 payload sent to the other VASP")
    return keccak(payload)


# --- the mixin ----------------------------------------------------------------------------------


class AmlAdmin(AdminBase):
    """Tier limits, exemptions, travel rule, corridors, sanctions screening
    (``COMPLIANCE_OFFICER_ROLE``); travel-rule commitments (``VASP_ROLE`` on the registry); the
    system's sanctions list (its owner)."""

    # --- inputs -------------------------------------------------------------------------
    @cached_property
    def rule_unit(self) -> int:
        """Base units per rule unit (``ruleUnit()``: 1 for tokens of up to 6 decimals)."""
        return int(self.token.fn.ruleUnit().call())

    def _rule_amount(self, value: Any, field: str) -> int:
        """Token units → base units, checked against what the token's rules can hold."""
        base = self._amount(value, field)
        unit = self.rule_unit
        places = self.decimals - (len(str(unit)) - 1)
        if base % unit:
            raise InputError(
                field,
                f"{value} has too many decimal places: rule amounts (caps, limits, thresholds) "
                f"take at most {places}",
            )
        if base // unit > MAX_RULE_UNITS:
            largest = self.show(MAX_RULE_UNITS * unit)
            raise InputError(field, f"{value} is above the largest rule amount, {largest}")
        return base

    def _officer(self, action: str, fn: Any) -> TxResult:
        return self._send(self._plan(action, "token", "COMPLIANCE_OFFICER_ROLE", fn))

    def _limit(self, base: int) -> Decimal | None:
        return to_units(base, self.decimals) if base else None

    def _threshold(self, base: int | None) -> Decimal | None:
        return None if base is None or base == UNLIMITED else to_units(base, self.decimals)

    # --- tier limits and exemptions -----------------------------------------------------
    def tier_limits(self, tier: int | str) -> TierLimits:
        """KYC tier ``tier``'s limits (1-4 or ``retail``, ``professional``, ...)."""
        number = kyc_tier(tier)
        cap, volume, window, count = self.token.fn.tierLimits(number).call()
        return TierLimits(number, self._limit(cap), self._limit(volume), int(window), count or None)

    def all_tier_limits(self) -> list[TierLimits]:
        """The limits of tiers 1-4."""
        return [self.tier_limits(tier) for tier in range(1, 5)]

    def set_tier_limits(
        self,
        tier: int | str,
        *,
        transfer_cap: Any = KEEP,
        volume_limit: Any = KEEP,
        window: Any = KEEP,
        max_transfers: Any = KEEP,
    ) -> TxResult:
        """Set tier ``tier``'s outgoing limits: per-transfer cap and rolling volume (token units),
        window (seconds, ``timedelta`` or ``"24h"``), transfers per window. Fields left out keep
        their on-chain value; ``None`` / ``"none"`` switches a limit off. A volume or count limit
        needs a window of a minute to ~388 days, at least a second per transfer."""
        number = kyc_tier(tier)
        cap, volume, span, count = (int(v) for v in self.token.fn.tierLimits(number).call())
        if transfer_cap is not KEEP:
            cap = 0 if _is_off(transfer_cap) else self._rule_amount(transfer_cap, "transfer_cap")
        if volume_limit is not KEEP:
            volume = 0 if _is_off(volume_limit) else self._rule_amount(volume_limit, "volume_limit")
        if window is not KEEP:
            span = 0 if _is_off(window) else duration(window, "window", maximum=MAX_WINDOW)
        if max_transfers is not KEEP:
            count = _max_transfers(max_transfers)
        if (volume or count) and not MIN_WINDOW <= span <= MAX_WINDOW:
            raise InputError(
                "window",
                f"{span} s: a volume or count limit needs a window from {MIN_WINDOW} s to "
                f"{MAX_WINDOW:,} s (~388 days), e.g. window='24h'",
            )
        if count > span:
            raise InputError(
                "max_transfers",
                f"{count} transfers do not fit a window of {span} s: at most one per second",
            )
        limits = TierLimits(number, self._limit(cap), self._limit(volume), span, count or None)
        action = f"set tier {number} ({limits.tier_name}) limits: {_describe(limits, self.symbol)}"
        fn = self.token.fn.setTierLimits(number, (cap, volume, span, count))
        return self._officer(action, fn)

    def set_limit_exemption(self, account: str, exempt: bool = True) -> TxResult:
        """Exempt ``account`` (e.g. the issuer's treasury) from the cap, volume and count limits,
        or end its exemption. Never from freezes, sanctions, KYC, corridors or the travel rule."""
        address = self._address(account, "account")
        if address == ZERO_ADDRESS:
            raise InputError("account", "the zero address cannot be exempted")
        verb = "exempt" if _flag(exempt, "exempt") else "end the limit exemption of"
        action = f"{verb} {address}" + (" from the tier limits" if exempt else "")
        return self._officer(action, self.token.fn.setLimitExemption(address, exempt))

    def is_limit_exempt(self, account: str) -> bool:
        return bool(self.token.fn.isLimitExempt(self._address(account, "account")).call())

    def remaining_limits(self, account: str) -> RemainingLimits:
        """What ``account`` may still send now under its tier's volume and count limits."""
        address = self._address(account, "account")
        volume, transfers = self.token.fn.remainingLimits(address).call()
        tier = int(self.token.fn.kycOf(address).call()[1])
        cap, limit, window, count = self.token.fn.tierLimits(tier).call()
        return RemainingLimits(
            account=address,
            tier=tier,
            exempt=bool(self.token.fn.isLimitExempt(address).call()),
            volume=self._threshold(volume),
            transfers=None if transfers == UNLIMITED else int(transfers),
            limits=TierLimits(tier, self._limit(cap), self._limit(limit), window, count or None),
        )

    # --- travel rule --------------------------------------------------------------------
    def set_home_jurisdiction(self, home: int | str) -> TxResult:
        """Make ``home`` (ISO 3166-1 numeric) the home jurisdiction: its travel-rule threshold is
        the default of the others; it cannot be blocked."""
        code = jurisdiction(home, "jurisdiction")
        return self._officer(
            f"set the home jurisdiction to {code}", self.token.fn.setHomeJurisdiction(code)
        )

    def set_travel_rule(self, enabled: bool) -> TxResult:
        """Switch the travel rule on (transfers at or above the threshold need a VASP's
        commitment; needs a registry) or off."""
        on = _flag(enabled, "enabled")
        action = f"switch the travel rule {'on' if on else 'off'}"
        return self._officer(action, self.token.fn.setTravelRule(on))

    def set_travel_rule_aggregation(self, enabled: bool) -> TxResult:
        """Apply the travel-rule threshold to each sender's rolling volume too (what its tier's
        volume limit counts as used, this payment included): payments each below the threshold
        that add up to it need a commitment (structuring). Senders exempt from limits and tiers
        without a volume limit stay per payment. ``False``: each payment on its own."""
        on = _flag(enabled, "enabled")
        action = f"switch travel-rule aggregation {'on' if on else 'off'}"
        return self._officer(action, self.token.fn.setTravelRuleAggregation(on))

    def set_travel_rule_registry(self, registry: str | None = None) -> TxResult:
        """Look commitments up in ``registry`` (default: the system's TravelRuleRegistry)."""
        address = self.registry.address if registry is None else self._address(registry, "registry")
        if address == ZERO_ADDRESS:
            raise InputError("registry", "the zero address is not a commitment registry")
        fn = self.token.fn.setTravelRuleRegistry(address)
        action = f"set the travel-rule registry to {address}"
        return self._send(self._plan(action, "token", "DEFAULT_ADMIN_ROLE", fn))

    def set_travel_rule_threshold(self, jurisdiction_: int | str, amount: Any) -> TxResult:
        """Set a jurisdiction's travel-rule threshold (token units; ``0``: every transfer).
        ``None`` removes a foreign jurisdiction's own threshold (the home one applies again) and
        gives the home jurisdiction none. Cross-border transfers use the lower of both sides."""
        code = jurisdiction(jurisdiction_, "jurisdiction")
        if _is_off(amount):
            raw, shown = UNLIMITED, "none"
        else:
            raw = self._rule_amount(amount, "amount")
            shown = self.show(raw)
        action = f"set the travel-rule threshold of {code} to {shown}"
        return self._officer(action, self.token.fn.setTravelRuleThreshold(code, raw))

    def travel_rule_threshold(self, jurisdiction_: int | str) -> TravelRuleThreshold:
        """A jurisdiction's threshold: its own, else the home jurisdiction's."""
        code = jurisdiction(jurisdiction_, "jurisdiction")
        threshold, own = self.token.fn.travelRuleThreshold(code).call()
        home = int(self.token.fn.transferRules().call()[3])
        return TravelRuleThreshold(code, self._threshold(threshold), bool(own), code == home)

    def transfer_rules(self) -> TransferRules:
        """The token-wide AML rules now."""
        return read_transfer_rules(self)

    # --- corridors ----------------------------------------------------------------------
    def set_corridor_rules(
        self, enabled: bool | None = None, open_by_default: bool | None = None
    ) -> TxResult:
        """Switch corridor enforcement on or off, and choose what a cross-border pair without an
        entry does: allowed (``open_by_default``: a deny list) or refused (an allow list).
        ``None`` keeps the current value."""
        _, on, is_open, _ = self.token.fn.transferRules().call()
        on = bool(on) if enabled is None else _flag(enabled, "enabled")
        is_open = bool(is_open) if open_by_default is None else _flag(open_by_default, "open")
        mode = ("open" if is_open else "closed") + " by default"
        action = f"enforce corridors, {mode}" if on else f"stop enforcing corridors ({mode})"
        return self._officer(action, self.token.fn.setCorridorRules(on, is_open))

    def set_corridor(self, from_: int | str, to: int | str, status: str) -> TxResult:
        """Allow, deny or unset the corridor ``from_`` → ``to`` (one direction; unset follows the
        default)."""
        origin = jurisdiction(from_, "from")
        destination = jurisdiction(to, "to")
        value = corridor_status(status)
        if origin == destination:
            raise InputError(
                "to",
                f"{origin} → {destination}: transfers inside one jurisdiction are not a corridor; "
                "block the jurisdiction to stop them",
            )
        action = f"set the corridor {origin} → {destination} to {CORRIDOR_STATUSES[value]}"
        return self._officer(action, self.token.fn.setCorridor(origin, destination, value))

    def corridor(self, from_: int | str, to: int | str) -> Corridor:
        """The corridor ``from_`` → ``to``: its entry, and whether transfers pass it now."""
        origin = jurisdiction(from_, "from")
        destination = jurisdiction(to, "to")
        rules = read_rules(self.token)
        status = CORRIDOR_STATUSES[int(self.token.fn.corridor(origin, destination).call())]
        origin_blocked, destination_blocked = (
            j != rules.home_jurisdiction and bool(self.token.fn.isJurisdictionBlocked(j).call())
            for j in (origin, destination)
        )
        blocked = {origin: origin_blocked, destination: destination_blocked}
        is_open, reason = _corridor_verdict(rules, origin, destination, status, blocked)
        return Corridor(
            origin, destination, status, is_open, reason, origin_blocked, destination_blocked
        )

    def block_jurisdiction(self, jurisdiction_: int | str) -> TxResult:
        """Refuse every transfer to, from or inside a jurisdiction while corridors are enforced
        (the home jurisdiction cannot be blocked)."""
        return self._blocked(jurisdiction_, True)

    def unblock_jurisdiction(self, jurisdiction_: int | str) -> TxResult:
        return self._blocked(jurisdiction_, False)

    def is_jurisdiction_blocked(self, jurisdiction_: int | str) -> bool:
        code = jurisdiction(jurisdiction_, "jurisdiction")
        return bool(self.token.fn.isJurisdictionBlocked(code).call())

    def _blocked(self, jurisdiction_: int | str, blocked: bool) -> TxResult:
        code = jurisdiction(jurisdiction_, "jurisdiction")
        action = f"{'block' if blocked else 'unblock'} jurisdiction {code}"
        return self._officer(action, self.token.fn.setJurisdictionBlocked(code, blocked))

    # --- sanctions screening ------------------------------------------------------------
    def sanctions_screening(self) -> SanctionsScreening:
        """Where the token consults its sanctions oracle."""
        return _screening(read_rules(self.token), self._list_address())

    def set_sanctions_screening(
        self,
        *,
        oracle: Any = KEEP,
        on_mint: Any = KEEP,
        on_redeem: Any = KEEP,
        on_transfer: Any = KEEP,
        fail_open: Any = KEEP,
    ) -> TxResult:
        """Configure screening: the oracle (an address with Chainalysis's interface, ``"list"``
        for the system's SanctionsList, ``None`` for none), where it is consulted (mint
        recipient, redeemer, both transfer parties and the spender), and whether a failing
        oracle lets the operation through (``fail_open``). Fields left out keep their value."""
        current = self.sanctions_screening()
        if oracle is KEEP:
            address = current.oracle or ZERO_ADDRESS
        elif _is_off(oracle):
            address = ZERO_ADDRESS
        elif isinstance(oracle, str) and oracle.strip().lower() in ("list", "system"):
            address = self._sanctions_list("screen with the system's sanctions list").address
        else:
            address = self._address(oracle, "oracle")
        settings = {
            "on_mint": current.on_mint if on_mint is KEEP else _flag(on_mint, "on_mint"),
            "on_redeem": current.on_redeem if on_redeem is KEEP else _flag(on_redeem, "on_redeem"),
            "on_transfer": (
                current.on_transfer if on_transfer is KEEP else _flag(on_transfer, "on_transfer")
            ),
            "fail_open": current.fail_open if fail_open is KEEP else _flag(fail_open, "fail_open"),
        }
        screened = [k.removeprefix("on_") for k in ("on_mint", "on_redeem", "on_transfer")]
        where = [name for name in screened if settings[f"on_{name}"]]
        if address == ZERO_ADDRESS and where:
            raise InputError(
                "oracle",
                f"screening {', '.join(where)} needs an oracle: give one (or 'list' for the "
                "system's SanctionsList), or switch those off",
            )
        if address == ZERO_ADDRESS:
            action = "switch sanctions screening off"
        else:
            fails = "open" if settings["fail_open"] else "closed"
            action = (
                f"screen {', '.join(where) or 'nothing'} with the oracle {address} (fails {fails})"
            )
        fn = self.token.fn.setSanctionsScreening((address, *settings.values()))
        return self._officer(action, fn)

    # --- the system's sanctions list ----------------------------------------------------
    def sanction(self, accounts: str | Iterable[str]) -> TxResult:
        """Add ``accounts`` to the system's SanctionsList (signed by its owner)."""
        return self._list_change("addToSanctionsList", "add", accounts)

    def unsanction(self, accounts: str | Iterable[str]) -> TxResult:
        """Take ``accounts`` off the system's SanctionsList (signed by its owner)."""
        return self._list_change("removeFromSanctionsList", "remove", accounts)

    def is_sanctioned(self, account: str) -> bool:
        """Whether the oracle the token screens with (the system's SanctionsList, or an external
        oracle with the same interface) lists ``account``."""
        address = self._address(account, "account")
        oracle = read_rules(self.token).oracle
        if oracle is not None:
            contract = Contract(self.system.transactor, oracle, _ORACLE_ABI, "SanctionsOracle")
        else:
            contract = self._sanctions_list(f"check whether {address} is sanctioned")
        return bool(contract.fn.isSanctioned(address).call())

    def _list_address(self) -> str | None:
        listed = self.system.sanctions_oracle
        return None if listed is None else listed.address

    def _sanctions_list(self, action: str) -> Contract:
        listed = self.system.sanctions_oracle
        if listed is not None:
            return listed
        oracle = read_rules(self.token).oracle
        why = (
            f"the token screens with the external oracle {oracle}, which its operator maintains"
            if oracle
            else "the token screens with no oracle"
        )
        raise NoSanctionsList(
            f"cannot {action}: the system has no sanctions list of its own ({why}); nothing "
            "was sent",
            field="sanctions_oracle",
        )

    def _list_change(self, function: str, verb: str, accounts: str | Iterable[str]) -> TxResult:
        items = [accounts] if isinstance(accounts, str) else list(accounts)
        if not items:
            raise InputError("accounts", "no accounts given")
        addresses = [self._address(a, f"accounts[{i}]") for i, a in enumerate(items)]
        shown = ", ".join(addresses)
        action = f"{verb} {shown} {'to' if verb == 'add' else 'from'} the sanctions list"
        listed = self._sanctions_list(action)
        fn = getattr(listed.fn, function)(addresses)
        return self._send(PlannedTx(action, fn, self._signer_owning(action, "sanctions_oracle")))

    # --- travel-rule commitments (the registry) -----------------------------------------
    def _transfer_key(self, from_: str, to: str, amount: Any) -> tuple[str, str, int]:
        sender = self._address(from_, "from")
        recipient = self._address(to, "to")
        for field, address in (("from", sender), ("to", recipient)):
            if address == ZERO_ADDRESS:
                raise InputError(field, "the zero address: a commitment covers a real transfer")
        return sender, recipient, self._amount(amount)

    def register_travel_rule(
        self, from_: str, to: str, amount: Any, *, payload: Any = None, payload_hash: Any = None
    ) -> TxResult:
        """Register (as a VASP) the commitment to an IVMS101 ``payload`` (its keccak-256; or
        give ``payload_hash``) for the token's transfer of ``amount`` from ``from_`` to ``to``.
        The transfer consumes it; each commitment covers exactly one transfer."""
        sender, recipient, value = self._transfer_key(from_, to, amount)
        digest = payload_hash_of(payload, payload_hash)
        fn = self.registry.fn.register(self.token.address, sender, recipient, value, digest)
        action = (
            f"register the travel-rule commitment 0x{digest.hex()} for {sender} → {recipient}, "
            f"{self.show(value)}"
        )
        return self._send(self._plan(action, "travel_rule_registry", "VASP_ROLE", fn))

    def sign_travel_rule(
        self,
        vasp: LocalAccount,
        from_: str,
        to: str,
        amount: Any,
        *,
        payload: Any = None,
        payload_hash: Any = None,
        nonce: int | None = None,
        valid_for: Any = SIGNED_COMMITMENT_VALIDITY,
    ) -> SignedTravelRuleCommitment:
        """``vasp``'s EIP-712 signature of a commitment, for anyone to submit within
        ``valid_for`` (seconds or ``"1h"``). ``nonce``: any the VASP has not used (default: a
        fresh random one; the registry's nonces are unordered)."""
        from compliance_kit.signatures import sign_travel_rule_commitment

        sender, recipient, value = self._transfer_key(from_, to, amount)
        digest = payload_hash_of(payload, payload_hash)
        deadline = self.chain.timestamp() + duration(valid_for, "valid_for")
        if nonce is None:
            nonce = secrets.randbits(64)
        elif isinstance(nonce, bool) or not isinstance(nonce, int) or not 0 <= nonce < 2**256:
            raise InputError("nonce", f"{nonce!r} is not a uint256")
        signature = sign_travel_rule_commitment(
            vasp,
            registry_address=self.registry.address,
            chain_id=self.chain.chain_id,
            token=self.token.address,
            from_=sender,
            to=recipient,
            amount=value,
            payload_hash=digest,
            nonce=nonce,
            deadline=deadline,
        )
        return SignedTravelRuleCommitment(
            self.token.address,
            sender,
            recipient,
            value,
            digest,
            nonce,
            deadline,
            vasp.address,
            signature.signature,
        )

    def submit_travel_rule(self, signed: SignedTravelRuleCommitment) -> TxResult:
        """Submit a VASP-signed commitment (any signer pays the gas)."""
        action = (
            f"register the travel-rule commitment 0x{signed.payload_hash.hex()} for "
            f"{signed.from_} → {signed.to}, {self.show(signed.amount)}, signed by VASP "
            f"{signed.vasp}"
        )
        fn = self.registry.fn.registerWithSig(signed.as_struct(), signed.signature)
        return self._send(PlannedTx(action, fn, self._any_signer(action)))

    def register_travel_rule_signed(
        self,
        vasp: LocalAccount,
        from_: str,
        to: str,
        amount: Any,
        *,
        payload: Any = None,
        payload_hash: Any = None,
        nonce: int | None = None,
        valid_for: Any = SIGNED_COMMITMENT_VALIDITY,
    ) -> TxResult:
        """:meth:`sign_travel_rule` with ``vasp``'s key, then :meth:`submit_travel_rule`."""
        signed = self.sign_travel_rule(
            vasp,
            from_,
            to,
            amount,
            payload=payload,
            payload_hash=payload_hash,
            nonce=nonce,
            valid_for=valid_for,
        )
        return self.submit_travel_rule(signed)

    def cancel_travel_rule(self, from_: str, to: str, amount: Any) -> TxResult:
        """Withdraw the pending commitment for a transfer, signed by the VASP that registered it
        (the registry lets no other VASP cancel it)."""
        sender, recipient, value = self._transfer_key(from_, to, amount)
        fn = self.registry.fn.cancel(self.token.address, sender, recipient, value)
        action = f"cancel the travel-rule commitment for {sender} → {recipient}, {self.show(value)}"
        registrant = self.registry.fn.registrantOf(
            self.token.address, sender, recipient, value
        ).call()
        if int(registrant, 16) == 0:  # nothing pending: the simulation names the refusal
            return self._send(self._plan(action, "travel_rule_registry", "VASP_ROLE", fn))
        signer = self._signer_at(action, registrant, "the VASP that registered the commitment")
        return self._send(PlannedTx(action, fn, signer))

    def travel_rule_commitment(self, from_: str, to: str, amount: Any) -> TravelRuleCommitment:
        """The commitment pending for a transfer, and whether the transfer needs one now (at or
        above the threshold, or, with aggregation, by the sender's rolling volume)."""
        sender, recipient, value = self._transfer_key(from_, to, amount)
        key = (self.token.address, sender, recipient, value)
        found = bytes(self.registry.fn.commitmentOf(*key).call())
        registrant = self.registry.fn.registrantOf(*key).call()
        ctx = TransferContext(self.token, sender, recipient, value, self.decimals, self.symbol)
        return TravelRuleCommitment(
            from_=sender,
            to=recipient,
            amount=to_units(value, self.decimals),
            payload_hash=None if found == b"\0" * 32 else "0x" + found.hex(),
            threshold=self._threshold(ctx.threshold),
            required=ctx.travel_rule_applies,
            registered_by=None if int(registrant, 16) == 0 else registrant,
        )


# --- shared reads ---------------------------------------------------------------------------


def read_transfer_rules(admin: AdminBase) -> TransferRules:
    """The token-wide AML rules of ``admin``'s system (also used by ``status()``)."""
    token = admin.token
    rules = read_rules(token)
    registry = token.fn.travelRuleRegistry().call()
    home = rules.home_jurisdiction
    home_threshold = int(token.fn.travelRuleThreshold(home).call()[0]) if home else UNLIMITED
    listed = admin.system.sanctions_oracle
    return TransferRules(
        travel_rule=rules.travel_rule,
        travel_rule_aggregation=rules.travel_rule_aggregation,
        registry=None if registry == ZERO_ADDRESS else registry,
        home_jurisdiction=home or None,
        home_threshold=(
            None if home_threshold == UNLIMITED else to_units(home_threshold, admin.decimals)
        ),
        corridors=rules.corridors,
        corridors_open_by_default=rules.corridors_open_by_default,
        screening=_screening(rules, None if listed is None else listed.address),
    )


def _screening(rules: RulesFacts, system_list: str | None) -> SanctionsScreening:
    return SanctionsScreening(
        oracle=rules.oracle,
        on_mint=rules.screen_mint,
        on_redeem=rules.screen_redeem,
        on_transfer=rules.screen_transfers,
        fail_open=rules.fail_open,
        system_list=rules.oracle is not None and rules.oracle == system_list,
    )


def _corridor_verdict(
    rules: RulesFacts, origin: int, destination: int, status: str, blocked: dict[int, bool]
) -> tuple[bool, str]:
    """Whether a transfer ``origin`` → ``destination`` passes the corridor rule, and why
    (the token's order: blocked sides, then the entry, then the default)."""
    if not rules.corridors:
        return True, "corridors are not enforced"
    for side, is_blocked in blocked.items():
        if is_blocked:
            return False, f"jurisdiction {side} is blocked"
    if origin == destination:
        return True, "transfers inside one jurisdiction are not a corridor"
    if status == "allowed":
        return True, "the corridor is allowed"
    if status == "denied":
        return False, "the corridor is denied"
    if rules.corridors_open_by_default:
        return True, "no entry, and corridors are open by default"
    return False, "no entry, and corridors are closed by default"


def _describe(limits: TierLimits, symbol: str) -> str:
    def amount(value: Decimal | None) -> str:
        return "none" if value is None else f"{value:,f} {symbol}"

    window = show_duration(limits.window) if limits.window else "no window"
    count = (
        "no count limit"
        if limits.max_transfers is None
        else f"{limits.max_transfers} transfers per window"
    )
    return (
        f"cap {amount(limits.transfer_cap)}, volume {amount(limits.volume_limit)} per {window}, "
        f"{count}"
    )


__all__ = [
    "KEEP",
    "AmlAdmin",
    "Corridor",
    "NoSanctionsList",
    "RemainingLimits",
    "SanctionsScreening",
    "SignedTravelRuleCommitment",
    "TierLimits",
    "TransferRules",
    "TravelRuleCommitment",
    "TravelRuleThreshold",
    "corridor_status",
    "payload_hash_of",
    "read_transfer_rules",
]
