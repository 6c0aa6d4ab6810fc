"""The scenario file format: pydantic models (unknown keys are errors) and its JSON Schema.

A scenario names a profile, declares actors (with or without KYC), sets up reserves and balances,
then plays steps. Each step is one ``action`` with its parameters, an ``expect`` (``success`` or
``{revert: ErrorName, args: {...}}``) and an optional ``check`` of the state afterwards.
Amounts are token units written as strings (``"1_250.50"``) or whole integers; they are converted
exactly when the scenario runs. Jurisdictions are ISO 3166-1 numeric codes (840 US, 344 HK,
702 SG, 276 DE); durations are seconds or text such as ``"24h"``, ``"10m"``, ``"1d12h"``.
The action reference is ``docs/scenarios.md``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Annotated, Any, ClassVar, Literal, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictInt,
    model_validator,
)

from compliance_kit.exceptions import InputError
from compliance_kit.units import to_base_units

#: role holders of ``SystemConfig.for_dev_accounts``: predefined actor names
ROLE_ACTORS = (
    "admin",
    "master_minter",
    "minter",
    "kyc_operator",
    "compliance_officer",
    "pauser",
    "treasury",
    "attestor",
    "kyc_provider",
    "seizure_escrow",
)
#: other names of role holders: the dev configuration's VASP (travel-rule records) is the KYC
#: provider's account
ROLE_ALIASES = {"vasp": "kyc_provider"}
#: every predefined actor name
ROLE_NAMES = (*ROLE_ACTORS, *ROLE_ALIASES)
#: how many actors a scenario may declare besides the role holders
MAX_ACTORS = 20
#: ``type(uint256).max``: "no limit" / "no threshold" where the contracts take an amount
UINT256_MAX = 2**256 - 1


def _amount(value: Any) -> str:
    """Token units as a string: digits with an optional fraction; floats are refused."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValueError(
            f"{value!r} is not an amount: write token units as a string, e.g. '1250.50'"
        )
    text = str(value)
    try:
        to_base_units(text, 18, "amount")  # format, sign, range (the decimals are checked at run)
    except InputError as exc:
        raise ValueError(exc.message) from None
    return text


#: token units, e.g. ``"1_250.50"`` (a string, or a whole number)
Amount = Annotated[str, BeforeValidator(_amount)]


def _amount_or(word: str) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        if isinstance(value, str) and value.strip().lower() == word:
            return word
        try:
            return _amount(value)
        except ValueError as exc:
            raise ValueError(f"{exc} (or {word!r})") from None

    return check


#: token units, or ``"none"`` (no limit / no threshold)
LimitAmount = Annotated[str, BeforeValidator(_amount_or("none"))]
#: token units, or ``"unlimited"`` (what ``remainingLimits`` answers where no limit applies)
RemainingAmount = Annotated[str, BeforeValidator(_amount_or("unlimited"))]


def _jurisdiction(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 999:
        raise ValueError(
            f"{value!r} is not a jurisdiction: give an ISO 3166-1 numeric code from 1 to 999 "
            "(840 US, 344 HK, 702 SG, 276 DE)"
        )
    return value


#: an ISO 3166-1 numeric country code (1-999)
Jurisdiction = Annotated[int, Field(ge=1, le=999), BeforeValidator(_jurisdiction)]

_DURATION = re.compile(r"^(?:([0-9]+)d)?(?:([0-9]+)h)?(?:([0-9]+)m)?(?:([0-9]+)s)?$")
#: the most digits a duration is read with (seconds to 2**256 have 78)
_MAX_DIGITS = 78
_DURATION_UNITS = (86_400, 3_600, 60, 1)


def parse_duration(value: Any) -> int | None:
    """Seconds of ``value`` (whole seconds, or text like ``"24h"``, ``"1d12h"``, ``"90s"``);
    None if it is not a duration."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    if not isinstance(value, str):
        return None
    text = value.strip().lower().replace(" ", "")
    if len(text) > _MAX_DIGITS + 8:  # never a duration; and int() refuses 4,300 digits
        return None
    if text.isascii() and text.isdigit():
        return int(text)
    match = _DURATION.match(text)
    if not text or match is None:
        return None
    parts = zip(match.groups(), _DURATION_UNITS, strict=True)
    return sum(int(part or 0) * unit for part, unit in parts)


def _shown(value: Any) -> str:
    """``repr(value)`` for a message, at most 40 characters (never failing on a huge int)."""
    try:
        text = repr(value)
    except ValueError:  # an int beyond Python's int-to-text limit
        return "a number of more than 4,300 digits"
    return text if len(text) <= 40 else text[:37] + "..."


def _duration(value: Any) -> int:
    seconds = parse_duration(value)
    if seconds is None:
        raise ValueError(
            f"{_shown(value)} is not a duration: give whole seconds (86400) or text such as '24h', "
            "'10m', '1d12h'"
        )
    return seconds


#: seconds, written as a number or as ``"24h"``, ``"30m"``, ``"1d12h"``, ``"90s"``
Duration = Annotated[int, BeforeValidator(_duration, json_schema_input_type=int | str)]


def _count_or_none(value: Any) -> int:
    if isinstance(value, str) and value.strip().lower() == "none":
        return 0
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 65_535:
        raise ValueError(f"{value!r} is not a number of transfers: 0-65535, or 'none'")
    return value


def _count_or_unlimited(value: Any) -> int | str:
    if isinstance(value, str) and value.strip().lower() == "unlimited":
        return "unlimited"
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{value!r} is not a number of transfers: 0 or more, or 'unlimited'")
    return value


#: a number of transfers (0 or more), or ``"unlimited"``
RemainingCount = Annotated[
    int | Literal["unlimited"],
    BeforeValidator(_count_or_unlimited, json_schema_input_type=int | Literal["unlimited"]),
]


def _tier(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 4:
        raise ValueError(
            f"{value!r} is not a KYC tier: 1 retail, 2 professional, 3 institution, "
            "4 issuer treasury"
        )
    return value


#: a KYC tier, 1-4
Tier = Annotated[int, Field(ge=1, le=4), BeforeValidator(_tier)]


def _time_of_day(value: Any) -> str:
    text = value.strip() if isinstance(value, str) else ""
    if not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?", text):
        raise ValueError(
            f"{value!r} is not a UTC time of day: write HH:MM or HH:MM:SS, 00:00 to 23:59:59 "
            "(quote it in YAML)"
        )
    return text


#: a UTC time of day, ``"HH:MM"`` or ``"HH:MM:SS"``
TimeOfDay = Annotated[str, BeforeValidator(_time_of_day)]


#: a number of transfers (16 bits), ``"none"`` or 0 for no limit
TransferCount = Annotated[
    int,
    Field(ge=0, le=65_535),
    BeforeValidator(_count_or_none, json_schema_input_type=int | Literal["none"]),
]


def _payload_hash(value: Any) -> str:
    if not isinstance(value, str) or not re.fullmatch(r"0x[0-9a-fA-F]{64}", value.strip()):
        raise ValueError(f"{value!r} is not a payload hash: 0x followed by 64 hex digits")
    return value.strip().lower()


#: a keccak256 hash, ``0x`` + 64 hex digits
PayloadHash = Annotated[str, BeforeValidator(_payload_hash)]
#: an actor declared under ``actors`` or a role holder (``minter``, ``compliance_officer``, ...)
ActorName = Annotated[str, Field(min_length=1, pattern=r"^[A-Za-z_][A-Za-z0-9_-]*$")]


def _reference(value: Any) -> str:
    """Text of 1-32 UTF-8 bytes (the chain stores a reference as ``bytes32``)."""
    if not isinstance(value, str):
        return value  # pydantic's own type error follows
    try:
        size = len(value.encode("utf-8"))
    except UnicodeEncodeError:
        raise ValueError(f"{_shown(value)} holds a lone surrogate: not UTF-8 text") from None
    if size > 32:
        raise ValueError(
            f"{_shown(value)} is {size} bytes in UTF-8: a reference holds at most 32 bytes "
            "(shorten it; non-ASCII characters take 2-4 bytes each)"
        )
    return value


#: a reference (order, redemption, payment): text of 1-32 UTF-8 bytes, stored as ``bytes32``
Reference = Annotated[str, Field(min_length=1, max_length=32), AfterValidator(_reference)]


class Model(BaseModel):
    """Base of every scenario model: unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Kyc(Model):
    """A KYC record given to an actor during setup."""

    tier: int = Field(default=1, ge=1, le=4, strict=True)
    """1 retail, 2 professional, 3 institution, 4 issuer treasury."""
    jurisdiction: Jurisdiction = 840
    """ISO 3166-1 numeric country code (840 US, 344 HK, 702 SG, 276 DE)."""
    expires_in_days: int = Field(default=365, ge=1, strict=True)


class Setup(Model):
    """State before the first step: an attestation, then balances minted by ``minter``."""

    reserves: Amount | None = None
    """Reserves attested (now) by ``attestor`` before minting."""
    balances: dict[ActorName, Amount] = Field(default_factory=dict)


class Revert(Model):
    """The step must revert with this custom error (``args``: a subset, by name)."""

    revert: Annotated[str, Field(min_length=1)]
    args: dict[str, Any] = Field(default_factory=dict)
    """Strings are actor names or token amounts; integers and booleans are compared as-is."""


class EventCheck(Model):
    """An event the step must emit, with a subset of its arguments."""

    name: Annotated[str, Field(min_length=1)]
    args: dict[str, Any] = Field(default_factory=dict)


class Coverage(Model):
    """``reserveCoverage()`` after the step (any subset)."""

    reserves: Amount | None = None
    supply: Amount | None = None
    headroom: Amount | None = None
    coverage_bps: StrictInt | None = None
    fresh: bool | None = None


class RemainingLimits(Model):
    """``remainingLimits(account)``: what the account may still send now (any subset)."""

    volume: RemainingAmount | None = None
    """Token units under the rolling volume limit, or ``unlimited``."""
    transfers: RemainingCount | None = None
    """Transfers under the count limit, or ``unlimited``."""


class Commitment(Model):
    """A travel-rule commitment for (from, to, amount) and whether it is still pending."""

    from_: ActorName = Field(alias="from")
    to: ActorName
    amount: Amount
    pending: bool = True
    """True: registered and not yet consumed or cancelled."""


class Check(Model):
    """State after a step; every field given must hold."""

    balances: dict[ActorName, Amount] = Field(default_factory=dict)
    frozen_balances: dict[ActorName, Amount] = Field(default_factory=dict)
    """``frozenBalanceOf`` (partial freezes)."""
    frozen: dict[ActorName, bool] = Field(default_factory=dict)
    verified: dict[ActorName, bool] = Field(default_factory=dict)
    sanctioned: dict[ActorName, bool] = Field(default_factory=dict)
    """On the deployed SanctionsList (``isSanctioned``)."""
    limit_exempt: dict[ActorName, bool] = Field(default_factory=dict)
    """``isLimitExempt``."""
    remaining_limits: dict[ActorName, RemainingLimits] = Field(default_factory=dict)
    """``remainingLimits``: volume and transfers the account may still send now."""
    commitments: list[Commitment] = Field(default_factory=list)
    """Travel-rule commitments pending (or not) in the registry."""
    total_supply: Amount | None = None
    coverage: Coverage | None = None
    paused: bool | None = None
    events: list[Annotated[str, Field(min_length=1)] | EventCheck] = Field(default_factory=list)
    """Events the step must emit (names, or ``{name, args}``)."""
    no_events: list[str] = Field(default_factory=list)
    """Events the step must not emit."""

    #: fields mapping actor names to expected values
    BY_ACTOR: ClassVar[tuple[str, ...]] = (
        "balances",
        "frozen_balances",
        "frozen",
        "verified",
        "sanctioned",
        "limit_exempt",
        "remaining_limits",
    )

    def actor_fields(self) -> dict[str, list[str]]:
        """Actor names this check refers to, by field (mappings keyed by actor)."""
        return {name: list(getattr(self, name)) for name in self.BY_ACTOR}

    def actor_refs(self) -> list[tuple[tuple[str | int, ...], str]]:
        """``(location in the check, actor name)`` for every actor this check names."""
        refs: list[tuple[tuple[str | int, ...], str]] = [
            ((field, name), name) for field, names in self.actor_fields().items() for name in names
        ]
        for index, commitment in enumerate(self.commitments):
            refs.append((("commitments", index, "from"), commitment.from_))
            refs.append((("commitments", index, "to"), commitment.to))
        return refs


class StepBase(Model):
    """Fields every step has."""

    #: fields naming actors (checked by the loader)
    ACTORS: ClassVar[tuple[str, ...]] = ()
    #: the role that signs when ``by`` is not given (None: the action sends nothing)
    SIGNER: ClassVar[str | None] = None

    note: str | None = None
    """Free text shown in the report."""
    by: ActorName | None = None
    """Who signs (default: the role holder for the action, or the sending holder)."""
    expect: Literal["success"] | Revert = "success"
    check: Check | None = None

    def signer(self) -> str | None:
        """The actor who sends this step's transaction."""
        return self.by or self.SIGNER

    def actors(self) -> dict[str, str]:
        """``field -> actor name`` for every single actor field this step names."""
        named = {f: getattr(self, f) for f in self.ACTORS if isinstance(getattr(self, f), str)}
        if self.by is not None:
            named["by"] = self.by
        return named

    def actor_refs(self) -> list[tuple[tuple[str | int, ...], str]]:
        """``(location in the step, actor name)`` for every actor this step names (list fields
        too), ``from_`` written as in the file (``from``)."""
        refs: list[tuple[tuple[str | int, ...], str]] = []
        for field in (*self.ACTORS, "by"):
            value = getattr(self, field)
            key = field.rstrip("_")
            if isinstance(value, str):
                refs.append(((key,), value))
            elif isinstance(value, list):
                refs.extend(((key, i), name) for i, name in enumerate(value))
        return refs


class Transfer(StepBase):
    action: Literal["transfer"]
    ACTORS = ("from_", "to")
    from_: ActorName = Field(alias="from")
    to: ActorName
    amount: Amount

    def signer(self) -> str | None:
        return self.by or self.from_


class TransferFrom(StepBase):
    action: Literal["transfer_from"]
    ACTORS = ("spender", "from_", "to")
    spender: ActorName
    from_: ActorName = Field(alias="from")
    to: ActorName
    amount: Amount

    def signer(self) -> str | None:
        return self.by or self.spender


class Approve(StepBase):
    action: Literal["approve"]
    ACTORS = ("owner", "spender")
    owner: ActorName
    spender: ActorName
    amount: Amount

    def signer(self) -> str | None:
        return self.by or self.owner


class Permit(StepBase):
    """EIP-2612 ``permit``: ``owner`` signs off-chain (EIP-712, nonce ``nonces(owner)``) an
    approval of ``amount`` for ``spender``, valid for ``expires_in``; the spender (or ``by``, a
    relayer) sends it, so the owner pays no gas. ``signed_by`` signs instead of the owner (a
    forged permit); ``replay: true`` sends again the last permit signed for this owner and
    spender."""

    action: Literal["permit"]
    ACTORS = ("owner", "spender", "signed_by")
    owner: ActorName
    spender: ActorName
    amount: Amount | None = None
    """Required unless ``replay``."""
    expires_in: Duration = 3_600
    """The deadline, from now (``"1h"``; ``0``: the signature is already stale when mined)."""
    nonce: int | None = Field(default=None, ge=0, strict=True)
    """The nonce signed (default: the owner's current ``nonces``)."""
    signed_by: ActorName | None = None
    """Who signs the permit (default: the owner)."""
    replay: bool = False

    def signer(self) -> str | None:
        return self.by or self.spender

    @model_validator(mode="after")
    def _amount_or_replay(self) -> Permit:
        if self.replay:
            given = [f for f in ("amount", "nonce", "signed_by") if getattr(self, f) is not None]
            if "expires_in" in self.model_fields_set:
                given.append("expires_in")
            if given:
                raise ValueError(
                    f"replay sends the last permit as it was signed: leave out {', '.join(given)}"
                )
        elif self.amount is None:
            raise ValueError("missing field 'amount' (or replay: true)")
        return self


class Mint(StepBase):
    action: Literal["mint"]
    ACTORS = ("to",)
    SIGNER = "minter"
    to: ActorName
    amount: Amount


class Burn(StepBase):
    action: Literal["burn"]
    SIGNER = "minter"
    amount: Amount


class Redeem(StepBase):
    action: Literal["redeem"]
    ACTORS = ("holder",)
    holder: ActorName
    amount: Amount
    ref: Reference = "redemption"

    def signer(self) -> str | None:
        return self.by or self.holder


class FulfillRedemption(StepBase):
    action: Literal["fulfill_redemption"]
    SIGNER = "treasury"
    id: int = Field(ge=0, strict=True)
    ref: Reference = "payment"


class Freeze(StepBase):
    action: Literal["freeze"]
    ACTORS = ("account",)
    SIGNER = "compliance_officer"
    account: ActorName
    order: Reference


class Unfreeze(Freeze):
    action: Literal["unfreeze"]  # type: ignore[assignment]


class FreezeTokens(StepBase):
    action: Literal["freeze_tokens"]
    ACTORS = ("account",)
    SIGNER = "compliance_officer"
    account: ActorName
    amount: Amount
    order: Reference


class UnfreezeTokens(FreezeTokens):
    action: Literal["unfreeze_tokens"]  # type: ignore[assignment]


class Seize(FreezeTokens):
    action: Literal["seize"]  # type: ignore[assignment]


class BurnFrozen(FreezeTokens):
    action: Literal["burn_frozen"]  # type: ignore[assignment]


class KycApprove(StepBase):
    action: Literal["kyc_approve"]
    ACTORS = ("account",)
    SIGNER = "kyc_operator"
    account: ActorName
    tier: int = Field(default=1, ge=0, le=255, strict=True)
    jurisdiction: int = Field(default=840, ge=0, le=65_535, strict=True)
    expires_in_days: int = Field(default=365, ge=0, strict=True)


class KycRevoke(StepBase):
    action: Literal["kyc_revoke"]
    ACTORS = ("account",)
    SIGNER = "kyc_operator"
    account: ActorName


class Pause(StepBase):
    action: Literal["pause"]
    SIGNER = "pauser"


class Unpause(Pause):
    action: Literal["unpause"]  # type: ignore[assignment]


class ConfigureMinter(StepBase):
    """``configureMinter`` by the master minter: ``minter`` may mint ``allowance`` more (0 halts
    its minting without taking the role away)."""

    action: Literal["configure_minter"]
    ACTORS = ("minter",)
    SIGNER = "master_minter"
    minter: ActorName = "minter"
    allowance: Amount


class RemoveMinter(StepBase):
    """``removeMinter`` by the master minter: ``minter`` may no longer mint."""

    action: Literal["remove_minter"]
    ACTORS = ("minter",)
    SIGNER = "master_minter"
    minter: ActorName = "minter"


class Attest(StepBase):
    action: Literal["attest"]
    SIGNER = "attestor"
    reserves: Amount
    days_ago: int = Field(default=0, ge=0, strict=True)
    """How old the attested figure is (``asOf`` = now - days)."""
    report: Reference = "reserve report"


class SetMargin(StepBase):
    action: Literal["set_margin"]
    SIGNER = "admin"
    mode: Literal["none", "percentage", "absolute"]
    value: str = "0"
    """Basis points (percentage, may be negative) or token units (absolute, may be negative)."""


class AdvanceTime(StepBase):
    """Move the chain's clock forward: by ``days``/``hours``/``minutes``/``seconds``, or
    ``until`` the next UTC time of day. The next transaction lands one second later (its block's
    timestamp)."""

    action: Literal["advance_time"]
    days: int = Field(default=0, ge=0, strict=True)
    hours: int = Field(default=0, ge=0, strict=True)
    minutes: int = Field(default=0, ge=0, strict=True)
    seconds: int = Field(default=0, ge=0, strict=True)
    until: TimeOfDay | None = None
    """The next moment the UTC clock shows ``HH:MM`` (or ``HH:MM:SS``), e.g. ``"23:00"``."""

    @model_validator(mode="after")
    def _moves(self) -> AdvanceTime:
        if self.until is not None and self.total_seconds:
            raise ValueError("give either until or days/hours/minutes/seconds, not both")
        if self.until is None and self.total_seconds == 0:
            raise ValueError("give days, hours, minutes or seconds (more than 0), or until")
        if self.expect != "success":
            raise ValueError("advance_time cannot revert: leave out expect")
        return self

    @property
    def total_seconds(self) -> int:
        return self.days * 86_400 + self.hours * 3_600 + self.minutes * 60 + self.seconds

    def seconds_from(self, now: int) -> int:
        """Seconds to move from the unix time ``now`` (``until``: to the next such time of day,
        a full day if it is that time now)."""
        if self.until is None:
            return self.total_seconds
        parts = [int(p) for p in self.until.split(":")]
        target = parts[0] * 3_600 + parts[1] * 60 + (parts[2] if len(parts) > 2 else 0)
        return (target - now % 86_400) % 86_400 or 86_400


class Preflight(StepBase):
    """``detectTransferRestriction(from, to, amount)`` must return ``code``."""

    action: Literal["preflight"]
    ACTORS = ("from_", "to")
    from_: ActorName = Field(alias="from")
    to: ActorName
    amount: Amount
    code: int = Field(ge=0, le=255, strict=True)

    @model_validator(mode="after")
    def _no_revert(self) -> Preflight:
        if self.expect != "success":
            raise ValueError("preflight cannot revert: give the expected restriction as code")
        return self


# --- AML transfer rules -----------------------------------------------------------------------


class RegisterTravelRule(StepBase):
    """The VASP commits to the off-chain IVMS101 payload of a transfer: ``keccak256(payload)``
    bound to (token, from, to, amount), consumed once by that transfer."""

    action: Literal["register_travel_rule"]
    ACTORS = ("from_", "to")
    SIGNER = "vasp"
    from_: ActorName = Field(alias="from")
    to: ActorName
    amount: Amount
    payload: Annotated[str, Field(min_length=1)] | None = None
    """The IVMS101 payload text (hashed with keccak256); default: one naming from, to, amount."""
    payload_hash: PayloadHash | None = None
    """Or the hash itself (``0x`` + 64 hex digits; all zeros is refused by the registry)."""

    @model_validator(mode="after")
    def _one_payload(self) -> RegisterTravelRule:
        if self.payload is not None and self.payload_hash is not None:
            raise ValueError("give payload or payload_hash, not both")
        return self


class CancelTravelRule(StepBase):
    """The VASP withdraws a pending commitment (the payment was called off)."""

    action: Literal["cancel_travel_rule"]
    ACTORS = ("from_", "to")
    SIGNER = "vasp"
    from_: ActorName = Field(alias="from")
    to: ActorName
    amount: Amount


class Sanction(StepBase):
    """Add ``accounts`` to the deployed SanctionsList (its owner: the compliance officer)."""

    action: Literal["sanction"]
    ACTORS = ("accounts",)
    SIGNER = "compliance_officer"
    accounts: list[ActorName] = Field(min_length=1)


class Unsanction(Sanction):
    """Remove ``accounts`` from the deployed SanctionsList."""

    action: Literal["unsanction"]  # type: ignore[assignment]


class SetTierLimits(StepBase):
    """``setTierLimits``: a KYC tier's outgoing limits; a field left out keeps its value."""

    action: Literal["set_tier_limits"]
    SIGNER = "compliance_officer"
    tier: Tier
    """1 retail, 2 professional, 3 institution, 4 issuer treasury."""
    transfer_cap: LimitAmount | None = None
    """Most one transfer may move (token units, or ``none``)."""
    volume_limit: LimitAmount | None = None
    """Most that may leave an account per rolling window (token units, or ``none``)."""
    window: Duration | None = None
    """The rolling window of the volume and count limits (``"24h"``, 86400)."""
    max_transfers: TransferCount | None = None
    """Most outgoing transfers per rolling window (or ``none``)."""


class SetTravelRule(StepBase):
    """``setTravelRule``: switch the travel rule on or off."""

    action: Literal["set_travel_rule"]
    SIGNER = "compliance_officer"
    enabled: bool


class SetTravelRuleAggregation(StepBase):
    """``setTravelRuleAggregation``: apply the travel-rule threshold to each sender's rolling
    volume too (payments below it that add up to it need a commitment), or not."""

    action: Literal["set_travel_rule_aggregation"]
    SIGNER = "compliance_officer"
    enabled: bool


class SetTravelRuleThreshold(StepBase):
    """``setTravelRuleThreshold``: transfers of ``amount`` or more need a commitment (``0``:
    every transfer; ``none``: no threshold of its own, or none at all for the home
    jurisdiction)."""

    action: Literal["set_travel_rule_threshold"]
    SIGNER = "compliance_officer"
    jurisdiction: Jurisdiction
    amount: LimitAmount


class SetCorridor(StepBase):
    """``setCorridor``: one direction between two jurisdictions."""

    action: Literal["set_corridor"]
    SIGNER = "compliance_officer"
    from_: Jurisdiction = Field(alias="from")
    to: Jurisdiction
    status: Literal["allow", "deny", "unset"]
    """``unset`` follows the default of ``set_corridor_rules``."""


class SetCorridorRules(StepBase):
    """``setCorridorRules``: enforce corridors, and what a cross-border pair without an entry
    does (``default: allow``, a deny list; ``deny``, an allow list)."""

    action: Literal["set_corridor_rules"]
    SIGNER = "compliance_officer"
    enabled: bool = True
    default: Literal["allow", "deny"]


class BlockJurisdiction(StepBase):
    """``setJurisdictionBlocked(j, true)``: every transfer to, from or inside it is refused
    (while corridors are enforced)."""

    action: Literal["block_jurisdiction"]
    SIGNER = "compliance_officer"
    jurisdiction: Jurisdiction


class UnblockJurisdiction(BlockJurisdiction):
    action: Literal["unblock_jurisdiction"]  # type: ignore[assignment]


class SetLimitExemption(StepBase):
    """``setLimitExemption``: exempt an account from its tier's cap, volume and count limits."""

    action: Literal["set_limit_exemption"]
    ACTORS = ("account",)
    SIGNER = "compliance_officer"
    account: ActorName
    exempt: bool = True


class SetSanctionsScreening(StepBase):
    """``setSanctionsScreening`` with the deployed oracle; a field left out keeps its value."""

    action: Literal["set_sanctions_screening"]
    SIGNER = "compliance_officer"
    on_mint: bool | None = None
    on_redeem: bool | None = None
    on_transfer: bool | None = None
    fail_open: bool | None = None


Step = Annotated[
    Transfer
    | TransferFrom
    | Approve
    | Permit
    | Mint
    | Burn
    | Redeem
    | FulfillRedemption
    | Freeze
    | Unfreeze
    | FreezeTokens
    | UnfreezeTokens
    | Seize
    | BurnFrozen
    | KycApprove
    | KycRevoke
    | Pause
    | Unpause
    | ConfigureMinter
    | RemoveMinter
    | Attest
    | SetMargin
    | AdvanceTime
    | Preflight
    | RegisterTravelRule
    | CancelTravelRule
    | Sanction
    | Unsanction
    | SetTierLimits
    | SetTravelRule
    | SetTravelRuleAggregation
    | SetTravelRuleThreshold
    | SetCorridor
    | SetCorridorRules
    | BlockJurisdiction
    | UnblockJurisdiction
    | SetLimitExemption
    | SetSanctionsScreening,
    Field(discriminator="action"),
]
#: every action name
ACTIONS: tuple[str, ...] = tuple(
    get_args(cls.model_fields["action"].annotation)[0] for cls in get_args(get_args(Step)[0])
)


class Scenario(Model):
    """One scenario file."""

    name: Annotated[str, Field(min_length=1)]
    description: str = ""
    profile: Annotated[str, Field(min_length=1)] = "us"
    """A bundled profile (``us``, ``eu``, ``hk``, ``sg``, ``fatf``) or a profile file path
    (relative to the scenario file)."""
    actors: dict[ActorName, Kyc | None] = Field(default_factory=dict)
    """Name -> KYC record, or null for an unverified wallet. Role holders are predefined
    (``vasp`` is the ``kyc_provider`` account); declaring one gives it a KYC record."""
    setup: Setup = Field(default_factory=Setup)
    steps: list[Step] = Field(min_length=1)


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a scenario file."""
    return Scenario.model_json_schema(by_alias=True)
