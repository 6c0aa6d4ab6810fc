"""The jurisdiction :class:`Policy`: every parameter a profile sets, with its allowed range.

Sections and what they drive today:

===================  =========================================================  ==================
section              what                                                       on-chain
===================  =========================================================  ==================
``token``            token decimals                                             constructor
``jurisdictions``    ISO 3166-1 numeric codes covered; the first is the home    token (home)
``kyc``              per-tier AML limits (tiers 1 retail … 4 issuer treasury)   token (tier limits)
``travel_rule``      record threshold (and its aggregation), full-data          token (threshold,
                     threshold, self-hosted proof                               aggregation)
``corridors``        allow/deny between ISO 3166-1 numeric jurisdictions        token (corridors)
``reserves``         attestation cadence, max age, margin                       ReserveAttestor
``redemption``       SLA, fee, fee lock, minimum                                token
``sanctions``        screening, lists, oracle checkpoints, fail mode            token (screening)
``lawful_orders``    freeze / seize / burn capability required?                 escrow check
``yield_allowed``    may holders earn interest                                  (no yield code)
===================  =========================================================  ==================

Amounts are exact ``Decimal`` currency units (see :mod:`compliance_kit.policy.types`); they are
converted to token base units with :func:`compliance_kit.units.to_base_units` only where they
reach the chain (:mod:`compliance_kit.policy.onchain`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import (
    Field,
    StrictBool,
    StrictInt,
    StringConstraints,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from compliance_kit.policy.types import (
    MAX_AMOUNT,
    Amount,
    Jurisdiction,
    StrictModel,
    Threshold,
    decimal_places,
    parse_decimal,
)

if TYPE_CHECKING:
    from compliance_kit.policy.onchain import OnchainParameters

DAY = 86_400
UINT32_MAX = 2**32 - 1
#: the ReserveAttestor's absolute margin limit, in token base units (a signed 53-bit field)
MARGIN_ABSOLUTE_MAX = 2**52 - 1
#: KYC tier numbers, as the token stores them (``TIER_RETAIL`` … ``TIER_ISSUER_TREASURY``)
TIERS = {1: "retail", 2: "professional", 3: "institution", 4: "issuer_treasury"}

Requirement = Literal["required", "recommended", "optional"]
Checkpoint = Literal["mint", "redeem", "transfer"]
ListName = Annotated[str, StringConstraints(strict=True, pattern=r"^[A-Z0-9][A-Z0-9_-]{0,31}$")]


def _duplicates(items: tuple[Any, ...]) -> list[Any]:
    """Items that occur more than once, in order of first repetition."""
    seen: set[Any] = set()
    repeated = []
    for item in items:
        if item in seen:
            repeated.append(item)
        seen.add(item)
    return repeated


class TokenDefaults(StrictModel):
    """Token parameters a deployment takes from the profile."""

    decimals: StrictInt = Field(default=6, ge=0, le=18, description="token decimals")


class AmlLimits(StrictModel):
    """AML limits of one KYC tier (``None`` = no limit), enforced on every outgoing transfer."""

    per_transfer_cap: Amount | None = None
    """Largest single transfer."""
    rolling_volume_cap: Amount | None = None
    """Most an account may send within any rolling ``window_seconds``."""
    max_transfers: StrictInt | None = Field(default=None, ge=1, le=65_535)
    """Most transfers an account may send within any rolling ``window_seconds`` (at most one
    per second of the window)."""
    window_seconds: StrictInt = Field(default=DAY, ge=3_600, le=31 * DAY)
    """Length of the rolling window (24 h unless set)."""

    @model_validator(mode="after")
    def _count_fits_window(self) -> AmlLimits:
        if self.max_transfers is not None and self.max_transfers > self.window_seconds:
            raise _error(
                ("max_transfers",),
                self.max_transfers,
                "count_above_window",
                "exceeds window_seconds ({window}): at most one transfer per second of the window",
                window=self.window_seconds,
            )
        return self

    @model_validator(mode="after")
    def _cap_within_volume(self) -> AmlLimits:
        cap, volume = self.per_transfer_cap, self.rolling_volume_cap
        if cap is not None and volume is not None and cap > volume:
            raise _error(
                ("per_transfer_cap",),
                cap,
                "cap_above_volume",
                "exceeds rolling_volume_cap ({volume}): a single transfer could never reach it",
                volume=str(volume),
            )
        return self


class KycTiers(StrictModel):
    """Per-tier AML limits, one table per KYC tier the token knows."""

    retail: AmlLimits = AmlLimits()
    """Tier 1."""
    professional: AmlLimits = AmlLimits()
    """Tier 2."""
    institution: AmlLimits = AmlLimits()
    """Tier 3."""
    issuer_treasury: AmlLimits = AmlLimits()
    """Tier 4."""

    def for_tier(self, tier: int) -> AmlLimits:
        """The limits of tier number ``tier`` (1..4)."""
        if tier not in TIERS:
            raise ValueError(f"unknown KYC tier {tier}: tiers are {sorted(TIERS)}")
        limits: AmlLimits = getattr(self, TIERS[tier])
        return limits


class TravelRule(StrictModel):
    """FATF R.16 travel rule: when a transfer needs an originator/beneficiary record.

    On-chain, ``threshold`` is enforced: a transfer at or above it needs a VASP's commitment in
    the TravelRuleRegistry; with ``aggregate``, so does a smaller one once the sender's rolling
    volume reaches it. The other thresholds concern the off-chain payload.
    """

    threshold: Threshold
    """A travel-rule record is needed from here (``0`` = every transfer)."""
    full_data_threshold: Threshold
    """Full originator and beneficiary data is needed from here."""
    self_hosted_proof_threshold: Threshold | None = None
    """Ownership of a self-hosted wallet must be proven from here (``None``: never)."""
    aggregate: StrictBool = Field(
        default=False,
        description="apply the threshold to each sender's rolling volume too (structuring)",
    )
    """Apply ``threshold`` to the sender's rolling volume too (what its tier's
    ``rolling_volume_cap`` counts as sent in the window, this payment included): payments each
    below the threshold that add up to it need a record (structuring). Senders exempt from limits
    and tiers without a volume cap stay per payment. The issuer's control, not a statutory
    figure."""

    @model_validator(mode="after")
    def _full_data_not_below_threshold(self) -> TravelRule:
        if self.full_data_threshold.is_stricter_than(self.threshold):
            raise _error(
                ("full_data_threshold",),
                str(self.full_data_threshold),
                "full_data_below_threshold",
                "applies below the record threshold ({threshold}): full data is only asked "
                "of transfers that need a record",
                threshold=str(self.threshold),
            )
        return self


class CorridorRule(StrictModel):
    """Allow or deny transfers from ``origin`` to ``destination`` (omitted = any jurisdiction)."""

    origin: Jurisdiction | None = None
    destination: Jurisdiction | None = None
    action: Literal["allow", "deny"]

    @model_validator(mode="after")
    def _names_a_jurisdiction(self) -> CorridorRule:
        if self.origin is None and self.destination is None:
            raise _error(
                ("origin",),
                None,
                "corridor_unbounded",
                "set origin, destination or both (a rule for every pair is the default)",
            )
        return self

    def matches(self, origin: int, destination: int) -> bool:
        """Whether the rule covers a transfer from ``origin`` to ``destination``."""
        return self.origin in (None, origin) and self.destination in (None, destination)


class Corridors(StrictModel):
    """Which jurisdiction pairs may transact (cross-border payment corridors).

    A transfer is denied when any matching rule denies it, allowed when a matching rule allows it,
    and otherwise gets ``default``. Rules are directional (origin → destination). A transfer inside
    one jurisdiction is not a corridor: only a rule denying that jurisdiction refuses it.
    """

    default: Literal["allow", "deny"] = "allow"
    rules: tuple[CorridorRule, ...] = ()

    @field_validator("rules")
    @classmethod
    def _no_contradiction(cls, rules: tuple[CorridorRule, ...]) -> tuple[CorridorRule, ...]:
        pairs = [(r.origin, r.destination) for r in rules]
        twice = _duplicates(tuple(pairs))
        if twice:
            origin, destination = twice[0]
            raise PydanticCustomError(
                "corridor_duplicate",
                "two rules for origin {origin} → destination {destination}: keep one",
                {"origin": origin or "any", "destination": destination or "any"},
            )
        return rules

    def decision(self, origin: int, destination: int) -> Literal["allow", "deny"]:
        """``"allow"`` or ``"deny"`` for a transfer from ``origin`` to ``destination``."""
        actions = {r.action for r in self.rules if r.matches(origin, destination)}
        if "deny" in actions:
            return "deny"
        if origin == destination:
            return "allow"
        return "allow" if actions else self.default

    def allows(self, origin: int, destination: int) -> bool:
        """Whether a transfer from ``origin`` to ``destination`` is allowed."""
        return self.decision(origin, destination) == "allow"


class Margin(StrictModel):
    """Secure-mint margin: how the attested reserves are adjusted before the supply check.

    ``none``: as attested (``value`` 0). ``percentage``: ``value`` basis points in
    (-10,000, 10,000]. ``absolute``: ``value`` currency units. Negative values demand a buffer
    above the supply, positive ones allow over-issuance.
    """

    mode: Literal["none", "percentage", "absolute"] = "none"
    value: Decimal = Decimal(0)

    @field_validator("value", mode="before")
    @classmethod
    def _exact(cls, value: Any) -> Decimal:
        return parse_decimal(value)

    @field_validator("value")
    @classmethod
    def _in_range(cls, value: Decimal, info: ValidationInfo) -> Decimal:
        mode = info.data.get("mode")
        if mode == "none" and value != 0:
            raise PydanticCustomError("margin_none", "must be 0 when mode is 'none'")
        if mode == "percentage" and (decimal_places(value) or not -10_000 < value <= 10_000):
            raise PydanticCustomError(
                "margin_percentage",
                "must be whole basis points from -9999 to 10000 when mode is 'percentage'",
            )
        if mode == "absolute" and abs(value) > MAX_AMOUNT:
            raise PydanticCustomError(
                "margin_absolute",
                "must be between -1_000_000_000_000_000 and 1_000_000_000_000_000 currency "
                "units when mode is 'absolute'",
            )
        return value


class Reserves(StrictModel):
    """Reserve attestation: how often, how old it may get before minting stops, the margin."""

    attestation_cadence_seconds: StrictInt = Field(ge=0, le=UINT32_MAX)
    """How often a new attestation is expected (0 = no cadence set). Informational."""
    max_age_seconds: StrictInt = Field(ge=0, le=UINT32_MAX)
    """Oldest attestation a mint accepts (0 = no limit): the attestor's ``maxAge``."""
    margin: Margin = Margin()

    @model_validator(mode="after")
    def _grace_after_cadence(self) -> Reserves:
        cadence, max_age = self.attestation_cadence_seconds, self.max_age_seconds
        if cadence and max_age and max_age < cadence:
            raise _error(
                ("max_age_seconds",),
                max_age,
                "max_age_below_cadence",
                "is shorter than attestation_cadence_seconds ({cadence}): minting would stop "
                "before the next attestation is due",
                cadence=cadence,
            )
        return self


class Redemption(StrictModel):
    """Redemption at par: deadline, fee, fee lock, minimum.

    The deadline is given either in business days or in seconds. The token measures it in seconds
    of wall-clock time, so ``sla_business_days = n`` is stored as ``n * 86,400`` s: a business day
    counts as 24 h. That is stricter than the law over weekends and holidays (a request made on a
    Friday with a one-business-day deadline is flagged late on Saturday), so the token never misses
    a breach; set ``sla_seconds`` to choose another figure.
    """

    sla_business_days: StrictInt | None = Field(default=None, ge=1, le=365)
    sla_seconds: StrictInt | None = Field(default=None, ge=1, le=UINT32_MAX)
    fee_bps: StrictInt = Field(default=0, ge=0, le=10_000)
    """Redemption fee in basis points of the amount."""
    fee_locked: StrictBool = False
    """Fix the fee for good after deployment (MiCA Art 49: redemption without a fee)."""
    minimum: Amount = Decimal(0)
    """Smallest redemption (0 = any positive amount)."""

    @model_validator(mode="after")
    def _one_deadline(self) -> Redemption:
        if (self.sla_business_days is None) == (self.sla_seconds is None):
            raise _error(
                ("sla_business_days",),
                self.sla_business_days,
                "sla_choice",
                "set exactly one of sla_business_days and sla_seconds",
            )
        return self

    @property
    def deadline_seconds(self) -> int:
        """The deadline as the token stores it (seconds; a business day counts as 24 h)."""
        if self.sla_seconds is not None:
            return self.sla_seconds
        return (self.sla_business_days or 0) * DAY


class Sanctions(StrictModel):
    """Sanctions screening: the on-chain oracle (Chainalysis interface) on the named operations."""

    screening_required: StrictBool
    lists: tuple[ListName, ...] = ()
    """Sanctions lists screened against (``OFAC-SDN``, ``UN``, ``EU-CFSP``, …)."""
    consult_oracle_on: tuple[Checkpoint, ...] = ()
    """Operations on which the on-chain sanctions oracle is asked."""
    fail_mode: Literal["closed", "open"] = "closed"
    """What happens when the oracle fails: refuse (closed) or let the operation through (open)."""

    @field_validator("lists", "consult_oracle_on")
    @classmethod
    def _unique(cls, items: tuple[str, ...]) -> tuple[str, ...]:
        twice = _duplicates(items)
        if twice:
            raise PydanticCustomError(
                "duplicate", "{item} is listed twice", {"item": repr(twice[0])}
            )
        return items


class LawfulOrders(StrictModel):
    """Whether the issuer must be able to act on lawful orders (the token always can).

    A profile that requires ``seize`` needs a seizure escrow at deployment.
    """

    freeze: Requirement
    seize: Requirement
    burn: Requirement


class Policy(StrictModel):
    """A jurisdiction profile: the compliance parameters one stablecoin deployment follows."""

    id: Annotated[str, StringConstraints(strict=True, pattern=r"^[a-z][a-z0-9_-]{0,31}$")]
    name: Annotated[str, StringConstraints(strict=True, min_length=1, max_length=100)]
    currency: Annotated[str, StringConstraints(strict=True, pattern=r"^[A-Z]{3}$")]
    """ISO 4217 code of the currency every amount in the profile is stated in."""
    jurisdictions: tuple[Jurisdiction, ...] = ()
    """ISO 3166-1 numeric codes the profile covers; the first is the issuer's home (none: a
    baseline, the deployment names the home jurisdiction)."""
    token: TokenDefaults = TokenDefaults()
    kyc: KycTiers = KycTiers()
    travel_rule: TravelRule
    corridors: Corridors = Corridors()
    reserves: Reserves
    redemption: Redemption
    sanctions: Sanctions
    lawful_orders: LawfulOrders
    yield_allowed: StrictBool

    @model_validator(mode="after")
    def _fits_the_token(self) -> Policy:
        decimals = self.token.decimals
        problems = [
            InitErrorDetails(
                type=PydanticCustomError(
                    "amount_precision",
                    "has {places} decimal places; the token has {decimals} (token.decimals)",
                    {"places": decimal_places(value), "decimals": decimals},
                ),
                loc=path,
                input=str(value),
            )
            for path, value in _amounts(self)
            if decimal_places(value) > decimals
        ]
        margin = self.reserves.margin
        if margin.mode == "absolute" and not problems:
            scaled = abs(margin.value).scaleb(decimals)
            if decimal_places(margin.value) > decimals or scaled > MARGIN_ABSOLUTE_MAX:
                problems.append(
                    InitErrorDetails(
                        type=PydanticCustomError(
                            "margin_absolute_units",
                            "needs at most {decimals} decimal places and at most "
                            "{limit} base units ({units} currency units) either way",
                            {
                                "decimals": decimals,
                                "limit": MARGIN_ABSOLUTE_MAX,
                                "units": f"{Decimal(MARGIN_ABSOLUTE_MAX).scaleb(-decimals):f}",
                            },
                        ),
                        loc=("reserves", "margin", "value"),
                        input=str(margin.value),
                    )
                )
        if problems:
            raise ValidationError.from_exception_data("Policy", problems)
        return self

    def onchain_parameters(
        self, *, home_jurisdiction: int | None = None, counterparts: Sequence[Policy] = ()
    ) -> OnchainParameters:
        """What a deployment writes to the contracts, in base units (see ``policy.onchain``)."""
        from compliance_kit.policy.onchain import onchain_parameters

        return onchain_parameters(
            self, home_jurisdiction=home_jurisdiction, counterparts=counterparts
        )

    @field_validator("jurisdictions")
    @classmethod
    def _unique_jurisdictions(cls, items: tuple[int, ...]) -> tuple[int, ...]:
        twice = _duplicates(items)
        if twice:
            raise PydanticCustomError(
                "duplicate", "{item} is listed twice", {"item": repr(twice[0])}
            )
        return items


def _amounts(model: StrictModel, path: tuple[str | int, ...] = ()) -> Iterator[tuple[Any, Decimal]]:
    """Every ``Amount`` in ``model`` with its location (the margin value is checked apart)."""
    for name in type(model).model_fields:
        value = getattr(model, name)
        here = (*path, name)
        if isinstance(value, Decimal) and not isinstance(model, Margin):
            yield here, value
        elif isinstance(value, StrictModel):
            yield from _amounts(value, here)
        elif isinstance(value, tuple):
            for index, item in enumerate(value):
                if isinstance(item, StrictModel):
                    yield from _amounts(item, (*here, index))


def _error(
    loc: tuple[str | int, ...], value: Any, kind: str, template: str, **context: Any
) -> ValidationError:
    """A validation error located at ``loc`` inside the model being validated."""
    return ValidationError.from_exception_data(
        "Policy",
        [InitErrorDetails(type=PydanticCustomError(kind, template, context), loc=loc, input=value)],
    )
