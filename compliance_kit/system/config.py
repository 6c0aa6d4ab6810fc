"""Who holds which role, and which profile to deploy: :class:`SystemConfig`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from eth_utils import keccak
from pydantic import (
    AfterValidator,
    Field,
    StrictInt,
    StringConstraints,
    field_validator,
)

from compliance_kit.exceptions import InputError
from compliance_kit.policy.types import Amount, Jurisdiction, StrictModel
from compliance_kit.units import Address

if TYPE_CHECKING:
    from compliance_kit.chain.base import Chain


ZERO_ADDRESS = "0x" + "00" * 20
ROLE_NAMES = (
    "MASTER_MINTER_ROLE",
    "KYC_OPERATOR_ROLE",
    "COMPLIANCE_OFFICER_ROLE",
    "PAUSER_ROLE",
    "TREASURY_ROLE",
    "ATTESTOR_ROLE",
    "VASP_ROLE",
)
#: role name -> bytes32 id (``keccak256(name)``; DEFAULT_ADMIN_ROLE is zero)
ROLES: dict[str, bytes] = {name: keccak(text=name) for name in ROLE_NAMES} | {
    "DEFAULT_ADMIN_ROLE": b"\0" * 32
}
#: dev-account index of each role in :meth:`SystemConfig.for_dev_accounts` (10 accounts)
DEV_ROLE_ORDER = (
    "admin",  # 0: deploys and signs the configuration; DEFAULT_ADMIN_ROLE on both contracts
    "master_minter",  # 1
    "minter",  # 2: the one configured minter
    "kyc_operator",  # 3
    "compliance_officer",  # 4
    "pauser",  # 5
    "treasury",  # 6
    "attestor",  # 7: ATTESTOR_ROLE, also the one trusted (signing) auditor
    "kyc_provider",  # 8: trusted signer of KYC credentials; the one VASP (travel-rule commitments)
    "seizure_escrow",  # 9
)


def _nonzero(address: str) -> str:
    if address == ZERO_ADDRESS:
        raise ValueError("the zero address cannot hold a role")
    return address


#: a checksummed address other than 0x0
RoleAddress = Annotated[Address, AfterValidator(_nonzero)]


def _unique(items: tuple[Any, ...], what: str) -> tuple[Any, ...]:
    keys = [getattr(item, "address", item) for item in items]
    twice = sorted({k for k in keys if keys.count(k) > 1})
    if twice:
        raise ValueError(f"{what} {twice[0]} is listed twice")
    return items


class Minter(StrictModel):
    """A minter and how much it may mint (token units, e.g. ``"5_000_000"``)."""

    address: RoleAddress
    allowance: Amount


class RoleHolders(StrictModel):
    """Who holds each role of a deployed system (one account per role, lists where several)."""

    admin: RoleAddress
    """DEFAULT_ADMIN_ROLE on both contracts; deploys and configures them."""
    master_minter: RoleAddress
    minters: tuple[Minter, ...] = ()
    kyc_operator: RoleAddress
    compliance_officer: RoleAddress
    pauser: RoleAddress
    treasury: RoleAddress
    attestor: RoleAddress
    """ATTESTOR_ROLE on the ReserveAttestor (posts attestations directly)."""
    auditors: tuple[RoleAddress, ...] = ()
    """Trusted signers of EIP-712 reserve attestations."""
    kyc_providers: tuple[RoleAddress, ...] = ()
    """Trusted signers of EIP-712 KYC credentials."""
    seizure_escrow: RoleAddress | None = None
    """Where seized funds go (required when the profile requires seizure)."""
    vasps: tuple[RoleAddress, ...] = ()
    """VASP_ROLE on the TravelRuleRegistry: register travel-rule commitments."""

    @field_validator("minters", "auditors", "kyc_providers", "vasps")
    @classmethod
    def _no_repeats(cls, items: tuple[Any, ...]) -> tuple[Any, ...]:
        return _unique(items, "address")


class SystemConfig(RoleHolders):
    """Everything :func:`deploy_system` needs: token identity, profile, role holders."""

    name: Annotated[str, StringConstraints(strict=True, min_length=1, max_length=64)]
    symbol: Annotated[str, StringConstraints(strict=True, pattern=r"^\S{1,11}$")]
    profile: Annotated[str, StringConstraints(strict=True, min_length=1)] = "us"
    """A bundled profile name (``fatf``, ``us``, ``eu``, ``hk``, ``sg``) or a TOML/YAML path."""
    overrides: dict[str, Any] = Field(default_factory=dict)
    """Merged into the profile before validation (see ``load_profile``)."""
    admin_transfer_delay: StrictInt = Field(default=2 * 86_400, ge=0, le=2**48 - 1)
    """Seconds a new admin waits before accepting DEFAULT_ADMIN_ROLE on the token."""
    home_jurisdiction: Jurisdiction | None = None
    """The issuer's ISO 3166-1 numeric jurisdiction (default: the profile's first)."""
    counterpart_profiles: tuple[str, ...] | None = None
    """Profiles whose jurisdictions' travel-rule thresholds the token learns (cross-border
    transfers use the lower of both sides); default: every bundled profile but this one."""
    sanctions_oracle: Address | None = None
    """An existing oracle with the Chainalysis interface (e.g. Chainalysis's own on mainnet);
    default: a SanctionsList deployed with the system, owned by the compliance officer."""

    @classmethod
    def for_dev_accounts(
        cls,
        chain: Chain,
        profile: str = "us",
        *,
        name: str = "Dev Stablecoin",
        symbol: str = "DEVS",
        minter_allowance: str = "1_000_000_000",
        **changes: Any,
    ) -> SystemConfig:
        """The chain's first 10 accounts in the roles of ``DEV_ROLE_ORDER``.

        Account 0 admin, 1 master minter, 2 minter (``minter_allowance`` token units),
        3 KYC operator, 4 compliance officer, 5 pauser, 6 treasury, 7 attestor and trusted
        auditor, 8 trusted KYC provider and VASP, 9 seizure escrow. ``changes`` set any other
        field.
        """
        accounts = chain.accounts
        if len(accounts) < len(DEV_ROLE_ORDER):
            raise InputError(
                "chain",
                f"needs {len(DEV_ROLE_ORDER)} accounts for the dev roles, the chain has "
                f"{len(accounts)}",
            )
        at = {role: accounts[i].address for i, role in enumerate(DEV_ROLE_ORDER)}
        fields: dict[str, Any] = {
            "name": name,
            "symbol": symbol,
            "profile": profile,
            **{r: at[r] for r in DEV_ROLE_ORDER if r not in ("minter", "kyc_provider")},
            "minters": [{"address": at["minter"], "allowance": minter_allowance}],
            "auditors": [at["attestor"]],
            "kyc_providers": [at["kyc_provider"]],
            "vasps": [at["kyc_provider"]],
        }
        return cls.model_validate(fields | changes)
