"""The ComplianceStablecoin test world: one embedded chain, the token deployed once, named actors.

``session_env()`` builds it on first use and hands the same :class:`StablecoinEnv` to every
caller (``tests/contracts`` and ``tests/properties`` both use it), so a test session deploys once.
Tests isolate themselves with ``chain.snapshot()`` / ``chain.revert()``, never by redeploying.

The chain clock is made deterministic: right after the chain starts it is moved one day ahead of
the wall clock, so every later block is stamped exactly one second after its parent. The next
transaction (and every ``call``, which runs on the pending block) therefore sees
``block.timestamp == next_timestamp(chain)``, and ``warp_to(chain, t)`` makes it exactly ``t``.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from eth_abi import decode as abi_decode
from eth_utils import keccak

from compliance_kit.chain import Embedded, Transactor
from compliance_kit.chain.abi import canonical_type, normalize_values
from compliance_kit.contracts import Contract, deploy

if TYPE_CHECKING:
    from eth_account.signers.local import LocalAccount

    from compliance_kit.build import ArtifactSet
    from compliance_kit.contracts import ContractFunction

HELPER_CONTRACTS = Path(__file__).parent / "solidity"

NAME = "Compliance USD"
SYMBOL = "USDX"
DECIMALS = 6
#: no reserve source: these tests cover the token core; reserve gating has its own tests
UNGATED = "0x" + "00" * 20
UNIT = 10**DECIMALS
#: seconds a new DEFAULT_ADMIN_ROLE holder must wait before accepting the role
ADMIN_DELAY = 3 * 86_400
#: what the master minter lets the minter mint at setup
MINTER_ALLOWANCE = 1_000_000 * UNIT
ALICE_FUNDS = 10_000 * UNIT
BOB_FUNDS = 5_000 * UNIT
#: supply cap of the packed balance word
SUPPLY_CAP = 2**104 - 1  # balances are 104-bit in the packed account word
UINT256_MAX = 2**256 - 1
ZERO_ADDRESS = "0x0000000000000000000000000000000000000000"
DAY = 86_400

ROLE_NAMES = (
    "MASTER_MINTER_ROLE",
    "MINTER_ROLE",
    "KYC_OPERATOR_ROLE",
    "COMPLIANCE_OFFICER_ROLE",
    "PAUSER_ROLE",
    "TREASURY_ROLE",
)
DEFAULT_ADMIN_ROLE = b"\x00" * 32
#: role name -> bytes32 (keccak256 of the name; DEFAULT_ADMIN_ROLE is zero)
ROLES: dict[str, bytes] = {"DEFAULT_ADMIN_ROLE": DEFAULT_ADMIN_ROLE} | {
    name: keccak(text=name) for name in ROLE_NAMES
}

#: dev-account index of each named actor (the same keys on every backend)
ACTOR_INDEX = {
    "admin": 0,  # deployer, DEFAULT_ADMIN_ROLE
    "master_minter": 1,
    "minter": 2,  # configured minter, KYC'd as issuer treasury
    "kyc_operator": 3,
    "compliance_officer": 4,
    "pauser": 5,
    "alice": 6,  # verified retail, HK, funded
    "bob": 7,  # verified professional, SG, funded
    "carol": 8,  # verified institution, US, no balance
    "mallory": 9,  # never verified, no role
    "escrow": 10,  # seizure escrow (not verified)
    "kyc_provider": 11,  # trusted signer of KYC credentials
    "new_admin": 12,  # candidate for the admin handover
    "dave": 13,  # unverified, no role: onboards himself in the credential tests
    "treasury": 14,  # TREASURY_ROLE: marks redemptions paid
}


@dataclass(frozen=True)
class KycEntry:
    tier: int
    jurisdiction: int
    expiry: int


@dataclass(frozen=True)
class Actors:
    admin: LocalAccount
    master_minter: LocalAccount
    minter: LocalAccount
    kyc_operator: LocalAccount
    compliance_officer: LocalAccount
    pauser: LocalAccount
    alice: LocalAccount
    bob: LocalAccount
    carol: LocalAccount
    mallory: LocalAccount
    escrow: LocalAccount
    kyc_provider: LocalAccount
    new_admin: LocalAccount
    dave: LocalAccount
    treasury: LocalAccount

    def by_name(self, name: str) -> LocalAccount:
        return getattr(self, name)


@dataclass(frozen=True)
class StablecoinEnv:
    """Everything the token tests need, as it stands right after setup."""

    chain: Embedded
    transactor: Transactor
    artifacts: ArtifactSet
    token: Contract
    actors: Actors
    #: KYC records given at setup, by actor name
    kyc: dict[str, KycEntry]
    #: an OpenZeppelin ERC20 (contracts/bench) held by alice and bob, to prove the ERC-20 suite
    plain_erc20: Contract
    #: a second ComplianceStablecoin with nothing configured (no escrow, no roles but the admin)
    bare_token: Contract
    #: an ERC-1271 wallet owned by alice
    wallet: Contract
    #: batched view calls (``read_many``) for the stateful test's invariants
    lens: Contract
    roles: dict[str, bytes] = field(default_factory=lambda: dict(ROLES))


def next_timestamp(chain: Embedded) -> int:
    """``block.timestamp`` the next transaction (or call) sees (deterministic clock)."""
    return chain.timestamp() + 1


def warp_to(chain: Embedded, timestamp: int) -> None:
    """Make the next transaction (and calls until then) run at exactly ``timestamp``."""
    target = timestamp - 1  # the latest block; the next one is stamped one second later
    now = chain.timestamp()
    if target < now:
        raise ValueError(f"cannot warp back in time to {timestamp} (latest block is {now})")
    if target > now:
        chain.advance_time(target - now)


def _compile() -> tuple[ArtifactSet, ArtifactSet]:
    from compliance_kit.build import compile_contracts

    # the default on-disk cache is keyed by the sources' hash: a warm build takes milliseconds
    return compile_contracts(), compile_contracts([HELPER_CONTRACTS])


def _build() -> StablecoinEnv:
    kit, helpers = _compile()
    chain = Embedded(accounts=len(ACTOR_INDEX))
    chain.advance_time(DAY)  # ahead of the wall clock: block times are now parent + 1
    transactor = Transactor(chain, kit.abis() + helpers.abis())
    accounts = chain.accounts
    actors = Actors(**{name: accounts[i] for name, i in ACTOR_INDEX.items()})
    admin = actors.admin

    token = deploy(
        transactor,
        kit["ComplianceStablecoin"],
        NAME,
        SYMBOL,
        DECIMALS,
        admin.address,
        ADMIN_DELAY,
        UNGATED,
        sender=admin,
    )
    fn = token.fn
    for role, holder in (
        ("MASTER_MINTER_ROLE", actors.master_minter),
        ("KYC_OPERATOR_ROLE", actors.kyc_operator),
        ("COMPLIANCE_OFFICER_ROLE", actors.compliance_officer),
        ("PAUSER_ROLE", actors.pauser),
        ("TREASURY_ROLE", actors.treasury),
    ):
        fn.grantRole(ROLES[role], holder.address).transact(admin)
    fn.setSeizureEscrow(actors.escrow.address).transact(admin)
    fn.setKycProvider(actors.kyc_provider.address, True).transact(admin)
    fn.configureMinter(actors.minter.address, MINTER_ALLOWANCE).transact(actors.master_minter)

    start = chain.timestamp()
    kyc = {
        "alice": KycEntry(1, 344, start + 365 * DAY),  # retail, Hong Kong
        "bob": KycEntry(2, 702, start + 180 * DAY),  # professional, Singapore
        "carol": KycEntry(3, 840, start + 90 * DAY),  # institution, United States
        "minter": KycEntry(4, 840, start + 730 * DAY),  # issuer treasury
    }
    for name, entry in kyc.items():
        fn.approveAccount(
            actors.by_name(name).address, entry.tier, entry.jurisdiction, entry.expiry
        ).transact(actors.kyc_operator)
    fn.mint(actors.alice.address, ALICE_FUNDS).transact(actors.minter)
    fn.mint(actors.bob.address, BOB_FUNDS).transact(actors.minter)

    plain = deploy(
        transactor, kit["PlainERC20"], "Plain USD", "PUSD", 1_000_000 * UNIT, sender=admin
    )
    plain.fn.transfer(actors.alice.address, ALICE_FUNDS).transact(admin)
    plain.fn.transfer(actors.bob.address, BOB_FUNDS).transact(admin)
    bare = deploy(
        transactor,
        kit["ComplianceStablecoin"],
        "Bare USD",
        "BUSD",
        DECIMALS,
        admin.address,
        0,
        UNGATED,
        sender=admin,
    )
    wallet = deploy(transactor, helpers["ERC1271Wallet"], actors.alice.address, sender=admin)
    lens = deploy(transactor, helpers["TokenLens"], sender=admin)
    return StablecoinEnv(
        chain=chain,
        transactor=transactor,
        artifacts=kit,
        token=token,
        actors=actors,
        kyc=kyc,
        plain_erc20=plain,
        bare_token=bare,
        wallet=wallet,
        lens=lens,
    )


@functools.cache
def session_env() -> StablecoinEnv:
    """The one shared test world (built on first use, then reused)."""
    return _build()


def read_many(lens: Contract, calls: Sequence[ContractFunction]) -> list[Any]:
    """Run view ``calls`` (all on one contract) in a single ``eth_call`` through the lens;
    one output comes back bare, several as a tuple (as ``ContractFunction.call`` does)."""
    if not calls:
        return []
    target = calls[0].contract.address
    raw = lens.fn.reads(target, [c.data for c in calls]).call()
    values = []
    for bound, data in zip(calls, raw, strict=True):
        types = [canonical_type(o) for o in bound.abi.get("outputs", [])]
        decoded = normalize_values(types, abi_decode(types, data))
        values.append(decoded[0] if len(decoded) == 1 else decoded)
    return values
