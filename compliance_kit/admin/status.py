"""``status()``: the system at a glance: supply, reserves, coverage, attestation, redemptions,
and the AML settings (home jurisdiction, travel rule and its aggregation, corridors, sanctions
screening)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from compliance_kit.admin.aml import read_transfer_rules
from compliance_kit.admin.base import AdminBase
from compliance_kit.admin.restrictions import AccountFacts, read_account
from compliance_kit.admin.values import decimal_text, to_units

MARGIN_MODE_NAMES = ("none", "percentage", "absolute")
UINT256_MAX = 2**256 - 1


@dataclass(frozen=True)
class SystemStatus:
    """Supply against reserves, the attestation's freshness, the redemption queue, pause, and a
    summary of the AML settings.

    Amounts are in token units; times in unix seconds of the chain's clock. ``reserves`` is what
    minting may reach (after the margin); ``attested_reserves`` what the auditor attested.
    """

    name: str
    symbol: str
    decimals: int
    profile: str
    chain_id: int
    block: int
    chain_time: int
    token: str
    attestor: str
    paused: bool
    supply: Decimal
    reserves: Decimal
    attested_reserves: Decimal
    headroom: Decimal
    coverage_bps: int | None
    """reserves / supply in basis points (None while the supply is 0)."""
    margin: tuple[str, int]
    as_of: int | None
    attestation_age: int | None
    max_age: int
    fresh: bool
    stale_at: int | None
    """When minting stops unless a new attestation arrives (None: no maximum age)."""
    redemptions_open: int
    redemptions_open_amount: Decimal
    redemptions_overdue: int
    home_jurisdiction: int | None = None
    """The AML settings: the home jurisdiction (ISO 3166-1 numeric)."""
    travel_rule: bool = False
    travel_rule_threshold: Decimal | None = None
    """The home jurisdiction's travel-rule threshold (the default; None: none)."""
    travel_rule_aggregation: bool = False
    """Whether the threshold also applies to each sender's rolling volume (structuring)."""
    corridors: str = "off"
    """``off``, ``open by default`` (a deny list) or ``closed by default`` (an allow list)."""
    sanctions_screening: str = "off"
    """Where the oracle screens (``mint, redeem, transfer; fails closed``) or ``off``."""
    sanctions_oracle: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for key, value in self.__dict__.items():
            data[key] = decimal_text(value) if isinstance(value, Decimal) else value
        data["margin"] = {"mode": self.margin[0], "value": self.margin[1]}
        return data


class StatusAdmin(AdminBase):
    """Reads of the system as a whole and of single accounts."""

    def status(self) -> SystemStatus:
        """The system now (reads only)."""
        token, attestor, d = self.token, self.attestor, self.decimals
        reserves, supply, headroom, coverage, as_of, fresh = token.fn.reserveCoverage().call()
        attested, _ = attestor.fn.latestReserves().call()
        mode, value = attestor.fn.margin().call()
        max_age = int(attestor.fn.maxAge().call())
        now = self.chain.timestamp()
        open_count, open_amount, overdue = self._queue(now)
        manifest = self.system.manifest
        rules = read_transfer_rules(self)
        return SystemStatus(
            name=manifest.token.name,
            symbol=manifest.token.symbol,
            decimals=d,
            profile=manifest.profile_id,
            chain_id=self.chain.chain_id,
            block=self.chain.block_number(),
            chain_time=now,
            token=token.address,
            attestor=attestor.address,
            paused=bool(token.fn.paused().call()),
            supply=to_units(supply, d),
            reserves=to_units(reserves, d),
            attested_reserves=to_units(attested, d),
            headroom=to_units(headroom, d),
            coverage_bps=None if coverage == UINT256_MAX else int(coverage),
            margin=(MARGIN_MODE_NAMES[mode], int(value)),
            as_of=int(as_of) or None,
            attestation_age=now - as_of if as_of else None,
            max_age=max_age,
            fresh=bool(fresh),
            stale_at=as_of + max_age if as_of and max_age else None,
            redemptions_open=open_count,
            redemptions_open_amount=to_units(open_amount, d),
            redemptions_overdue=overdue,
            home_jurisdiction=rules.home_jurisdiction,
            travel_rule=rules.travel_rule,
            travel_rule_threshold=rules.home_threshold,
            travel_rule_aggregation=rules.travel_rule_aggregation,
            corridors=rules.corridors_mode,
            sanctions_screening=rules.screening.summary(),
            sanctions_oracle=rules.screening.oracle,
        )

    def account(self, address: str) -> AccountFacts:
        """What the token holds about ``address``: balance, freeze state, KYC record."""
        return read_account(self.token, self._address(address, "account"))

    def _queue(self, now: int) -> tuple[int, int, int]:
        """(open requests, their amount in base units, overdue requests)."""
        count = open_amount = overdue = 0
        for request_id in range(int(self.token.fn.redemptionCount().call())):
            _, amount, _, _, due, fulfilled = self.token.fn.redemption(request_id).call()
            if not fulfilled:
                count += 1
                open_amount += amount
                overdue += int(now > due)
        return count, open_amount, overdue


__all__ = ["StatusAdmin", "SystemStatus"]
