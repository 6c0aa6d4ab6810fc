"""The scenario file format: pydantic models (unknown keys are errors) and its JSON Schema.

A scenario names a profile, declares actors (with or without KYC), sets up reserves and balances,
then plays steps. Each step is one ``action`` with its parameters, an ``expect`` (``success`` or
``{revert: ErrorName, args: {...}}``) and an optional ``check`` of the state afterwards.
Amounts are token units written as strings (``"1_250.50"``) or whole integers; they are converted
exactly when the scenario runs.
"""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, Literal, get_args

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictInt, model_validator

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
#: how many actors a scenario may declare besides the role holders
MAX_ACTORS = 20


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
#: an actor declared under ``actors`` or a role holder (``minter``, ``compliance_officer``, ...)
ActorName = Annotated[str, Field(min_length=1, pattern=r"^[A-Za-z_][A-Za-z0-9_-]*$")]
#: a reference (order, redemption, payment): text up to 32 bytes, stored as ``bytes32``
Reference = Annotated[str, Field(min_length=1, max_length=32)]


class Model(BaseModel):
    """Base of every scenario model: unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Kyc(Model):
    """A KYC record given to an actor during setup."""

    tier: int = Field(default=1, ge=1, le=4, strict=True)
    """1 retail, 2 professional, 3 institution, 4 issuer treasury."""
    jurisdiction: int = Field(default=840, ge=1, le=999, strict=True)
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


class Check(Model):
    """State after a step; every field given must hold."""

    balances: dict[ActorName, Amount] = Field(default_factory=dict)
    frozen_balances: dict[ActorName, Amount] = Field(default_factory=dict)
    """``frozenBalanceOf`` (partial freezes)."""
    frozen: dict[ActorName, bool] = Field(default_factory=dict)
    verified: dict[ActorName, bool] = Field(default_factory=dict)
    total_supply: Amount | None = None
    coverage: Coverage | None = None
    paused: bool | None = None
    events: list[Annotated[str, Field(min_length=1)] | EventCheck] = Field(default_factory=list)
    """Events the step must emit (names, or ``{name, args}``)."""
    no_events: list[str] = Field(default_factory=list)
    """Events the step must not emit."""

    def actor_fields(self) -> dict[str, list[str]]:
        """Actor names this check refers to, by field."""
        return {
            name: list(getattr(self, name))
            for name in ("balances", "frozen_balances", "frozen", "verified")
        }


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
        """``field -> actor name`` for every actor this step names."""
        named = {f: getattr(self, f) for f in self.ACTORS}
        if self.by is not None:
            named["by"] = self.by
        return named


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
    action: Literal["advance_time"]
    days: int = Field(default=0, ge=0, strict=True)
    hours: int = Field(default=0, ge=0, strict=True)
    seconds: int = Field(default=0, ge=0, strict=True)

    @model_validator(mode="after")
    def _moves(self) -> AdvanceTime:
        if self.days == self.hours == self.seconds == 0:
            raise ValueError("give days, hours or seconds (more than 0)")
        if self.expect != "success":
            raise ValueError("advance_time cannot revert: leave out expect")
        return self

    @property
    def total_seconds(self) -> int:
        return self.days * 86_400 + self.hours * 3_600 + self.seconds


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


Step = Annotated[
    Transfer
    | TransferFrom
    | Approve
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
    | Attest
    | SetMargin
    | AdvanceTime
    | Preflight,
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
    """Name -> KYC record, or null for an unverified wallet. Role holders are predefined."""
    setup: Setup = Field(default_factory=Setup)
    steps: list[Step] = Field(min_length=1)


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a scenario file."""
    return Scenario.model_json_schema(by_alias=True)
