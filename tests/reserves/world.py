"""The reserve test world: one embedded chain, the reserve contracts deployed once, named actors.

The reserve contracts (``contracts/reserves``) and their test helpers (``solidity/``: a mock
Chainlink feed and a gas probe) are compiled on their own, so these suites do not depend on the
rest of the kit. ``build_env()`` deploys the world once per session (the ``reserve_env`` fixture);
every test runs between a ``snapshot()`` and a ``revert()`` (``conftest.py``).

Setup state: the ReserveAttestor with ``MAX_AGE`` and no margin, ``attestor`` holding
ATTESTOR_ROLE, ``auditor`` and ``auditor2`` trusted to sign, no attestation posted yet, no feed
set; a MockAggregator (``DECIMALS``, answer ``FEED_ANSWER`` updated at setup) behind a
ChainlinkReserveAdapter with ``MAX_STALENESS``. The clock is deterministic: every block is stamped
one second after its parent, so ``now()`` is exactly the ``block.timestamp`` of the next
transaction or call, and ``warp(t)`` makes it ``t``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from eth_utils import keccak

from compliance_kit.chain import Embedded, Transactor
from compliance_kit.contracts import Contract, deploy

if TYPE_CHECKING:
    from eth_account.signers.local import LocalAccount

    from compliance_kit.build import ArtifactSet

RESERVE_CONTRACTS = Path(__file__).resolve().parents[2] / "contracts" / "reserves"
HELPER_CONTRACTS = Path(__file__).parent / "solidity"

DAY = 86_400
DECIMALS = 6
UNIT = 10**DECIMALS
#: GENIUS Act: monthly examinations, a few days of slack
MAX_AGE = 38 * DAY
MAX_STALENESS = DAY
FEED_ANSWER = 12_000_000 * UNIT
UINT128_MAX = 2**128 - 1
UINT256_MAX = 2**256 - 1
ZERO_ADDRESS = "0x0000000000000000000000000000000000000000"
DEFAULT_ADMIN_ROLE = b"\x00" * 32
ATTESTOR_ROLE = keccak(text="ATTESTOR_ROLE")

#: dev-account index of each named actor
ACTOR_INDEX = {
    "admin": 0,  # DEFAULT_ADMIN_ROLE
    "attestor": 1,  # ATTESTOR_ROLE
    "auditor": 2,  # trusted signer, no role
    "auditor2": 3,  # trusted signer, no role
    "outsider": 4,  # no role, not trusted
}


@dataclass(frozen=True)
class Actors:
    admin: LocalAccount
    attestor: LocalAccount
    auditor: LocalAccount
    auditor2: LocalAccount
    outsider: LocalAccount

    def by_name(self, name: str) -> LocalAccount:
        return getattr(self, name)


@dataclass(frozen=True)
class ReserveEnv:
    """Everything the reserve tests need, as it stands right after setup."""

    chain: Embedded
    transactor: Transactor
    artifacts: ArtifactSet
    attestor: Contract
    aggregator: Contract
    adapter: Contract
    probe: Contract
    actors: Actors
    #: the aggregator's updatedAt at setup
    feed_updated_at: int


def next_timestamp(chain: Embedded) -> int:
    """``block.timestamp`` the next transaction (or call) sees."""
    return chain.timestamp() + 1


def warp_to(chain: Embedded, timestamp: int) -> None:
    """Make the next transaction (and calls until then) run at exactly ``timestamp``."""
    now = chain.timestamp()
    if timestamp - 1 < now:
        raise ValueError(f"cannot warp back in time to {timestamp} (latest block is {now})")
    if timestamp - 1 > now:
        chain.advance_time(timestamp - 1 - now)


def compile_reserves() -> ArtifactSet:
    """``contracts/reserves`` and the test helpers, compiled together (cached on disk)."""
    from compliance_kit.build import compile_contracts

    return compile_contracts([RESERVE_CONTRACTS, HELPER_CONTRACTS])


@functools.cache
def build_env() -> ReserveEnv:
    artifacts = compile_reserves()
    chain = Embedded(accounts=len(ACTOR_INDEX))
    chain.advance_time(DAY)  # ahead of the wall clock: block times are now parent + 1
    transactor = Transactor(chain, artifacts.abis())
    actors = Actors(**{name: chain.accounts[i] for name, i in ACTOR_INDEX.items()})
    admin = actors.admin

    attestor = deploy(
        transactor, artifacts["ReserveAttestor"], admin.address, MAX_AGE, sender=admin
    )
    attestor.fn.grantRole(ATTESTOR_ROLE, actors.attestor.address).transact(admin)
    attestor.fn.setAuditor(actors.auditor.address, True).transact(admin)
    attestor.fn.setAuditor(actors.auditor2.address, True).transact(admin)

    updated_at = next_timestamp(chain)
    aggregator = deploy(
        transactor, artifacts["MockAggregator"], DECIMALS, FEED_ANSWER, updated_at, sender=admin
    )
    adapter = deploy(
        transactor,
        artifacts["ChainlinkReserveAdapter"],
        aggregator.address,
        DECIMALS,
        MAX_STALENESS,
        sender=admin,
    )
    probe = deploy(transactor, artifacts["ReserveGasProbe"], sender=admin)
    return ReserveEnv(
        chain=chain,
        transactor=transactor,
        artifacts=artifacts,
        attestor=attestor,
        aggregator=aggregator,
        adapter=adapter,
        probe=probe,
        actors=actors,
        feed_updated_at=updated_at,
    )


#: a report hash and URI for attestations whose report does not matter to the test
REPORT = keccak(text="reserve report 2026-01")
REPORT_URI = "ipfs://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi"


def asset(label: str) -> bytes:
    """A bucket id: the label, UTF-8, right-padded to 32 bytes."""
    return label.encode().ljust(32, b"\x00")


T_BILLS = asset("US-TBILL-93D")
DEPOSITS = asset("BANK-DEPOSITS")
REPO = asset("TREASURY-REPO")
