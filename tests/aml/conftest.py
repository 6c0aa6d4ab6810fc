"""The AML world: the session's stablecoin world plus a travel-rule registry, sanctions oracles
and a few more customers, one per jurisdiction the corridor tests need.

Built once for this package on the session chain (``behaviors.stablecoin.session_env``) after a
snapshot, and reverted to that snapshot when the package is done, so the other suites see the
session world exactly as they would without this one. Every test runs between its own snapshot
and revert on top of it.

Setup state, beyond the stablecoin world's (alice: retail HK, bob: professional SG, carol:
institution US, minter: issuer treasury US):

- home jurisdiction Hong Kong (344); no tier limits, travel rule off, corridors off, no
  screening (each test switches on what it covers);
- a TravelRuleRegistry wired into the token; ``vasp`` holds its VASP_ROLE, ``rogue_vasp`` not;
- a SanctionsList owned by the compliance officer, and a misbehaving oracle double;
- more verified retail customers: henry (HK), sam (SG), ursula (US), reza and ramin (IR);
- balances: alice 100,000, bob 50,000, carol 50,000, reza 10,000 (USDX, 6 decimals).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from behaviors.stablecoin import ALICE_FUNDS, BOB_FUNDS, next_timestamp, session_env, warp_to
from eth_account import Account
from eth_utils import keccak

from aml.helpers import DAY, HK, IR, SG, US, usd
from compliance_kit.contracts import Contract, deploy

if TYPE_CHECKING:
    from behaviors.stablecoin import Actors, StablecoinEnv
    from eth_account.signers.local import LocalAccount

    from compliance_kit.chain import Embedded
    from compliance_kit.chain.base import Receipt

FIXTURE_CONTRACTS = Path(__file__).parents[1] / "fixtures" / "contracts"
VASP_ROLE = keccak(text="VASP_ROLE")
COMPLIANCE_OFFICER_ROLE = keccak(text="COMPLIANCE_OFFICER_ROLE")

#: token balances at setup
ALICE_BALANCE = usd(100_000)
BOB_BALANCE = usd(50_000)
CAROL_BALANCE = usd(50_000)
REZA_BALANCE = usd(10_000)

#: customers added for these suites: name -> (KYC tier, jurisdiction)
CUSTOMERS = {
    "henry": (1, HK),
    "sam": (1, SG),
    "ursula": (1, US),
    "reza": (1, IR),
    "ramin": (1, IR),
}


@dataclass(frozen=True)
class AmlWorld:
    env: StablecoinEnv
    registry: Contract
    sanctions_list: Contract
    #: SanctionsOracleDouble: answers no / yes / reverts / malformed data, per account
    oracle: Contract
    vasp: LocalAccount
    rogue_vasp: LocalAccount
    henry: LocalAccount
    sam: LocalAccount
    ursula: LocalAccount
    reza: LocalAccount
    ramin: LocalAccount

    @property
    def chain(self) -> Embedded:
        return self.env.chain

    @property
    def token(self) -> Contract:
        return self.env.token

    @property
    def actors(self) -> Actors:
        return self.env.actors

    def officer(self, function: str, *args: Any) -> Receipt:
        """Call a configuration function on the token as the compliance officer."""
        return getattr(self.token.fn, function)(*args).transact(self.actors.compliance_officer)

    def sanction(self, *accounts: LocalAccount | str) -> None:
        """Put ``accounts`` on the SanctionsList."""
        listed = [a if isinstance(a, str) else a.address for a in accounts]
        self.sanctions_list.fn.addToSanctionsList(listed).transact(self.actors.compliance_officer)

    def screen(
        self,
        oracle: Contract | str,
        *,
        on_mint: bool = False,
        on_redeem: bool = False,
        on_transfer: bool = False,
        fail_open: bool = False,
    ) -> Receipt:
        """``setSanctionsScreening`` with ``oracle`` (a contract or an address)."""
        where = oracle if isinstance(oracle, str) else oracle.address
        return self.officer(
            "setSanctionsScreening", (where, on_mint, on_redeem, on_transfer, fail_open)
        )

    def commit(self, sender: str, to: str, amount: int, payload: bytes) -> Receipt:
        """The VASP registers a travel-rule commitment for the token's transfer."""
        return self.registry.fn.register(self.token.address, sender, to, amount, payload).transact(
            self.vasp
        )


def _funded_account(env: StablecoinEnv, name: str) -> LocalAccount:
    """A deterministic account (key = keccak(name)) with ether for gas."""
    account: LocalAccount = Account.from_key(keccak(text=f"compliance-kit aml {name}"))
    env.transactor.transact(env.actors.admin, account.address, b"", value=10**20)
    return account


def _build(env: StablecoinEnv) -> AmlWorld:
    from compliance_kit.build import compile_contracts

    doubles = compile_contracts([FIXTURE_CONTRACTS])
    a = env.actors
    token = env.token
    accounts = {name: _funded_account(env, name) for name in (*CUSTOMERS, "vasp", "rogue_vasp")}
    expiry = env.chain.timestamp() + 365 * DAY
    for name, (tier, jurisdiction) in CUSTOMERS.items():
        token.fn.approveAccount(accounts[name].address, tier, jurisdiction, expiry).transact(
            a.kyc_operator
        )
    for who, funds in (
        (a.alice.address, ALICE_BALANCE - ALICE_FUNDS),
        (a.bob.address, BOB_BALANCE - BOB_FUNDS),
        (a.carol.address, CAROL_BALANCE),
        (accounts["reza"].address, REZA_BALANCE),
    ):
        token.fn.mint(who, funds).transact(a.minter)

    registry = deploy(
        env.transactor, env.artifacts["TravelRuleRegistry"], a.admin.address, 0, sender=a.admin
    )
    registry.fn.grantRole(VASP_ROLE, accounts["vasp"].address).transact(a.admin)
    token.fn.setTravelRuleRegistry(registry.address).transact(a.admin)
    token.fn.setHomeJurisdiction(HK).transact(a.compliance_officer)
    sanctions_list = deploy(
        env.transactor,
        env.artifacts["SanctionsList"],
        a.compliance_officer.address,
        sender=a.admin,
    )
    oracle = deploy(env.transactor, doubles["SanctionsOracleDouble"], sender=a.admin)
    return AmlWorld(
        env=env, registry=registry, sanctions_list=sanctions_list, oracle=oracle, **accounts
    )


@pytest.fixture(scope="package")
def aml_world() -> Iterator[AmlWorld]:
    """Built once for the package on the session chain; undone when the package is done."""
    env = session_env()
    with env.chain.isolated():
        yield _build(env)


@pytest.fixture
def world(aml_world: AmlWorld) -> Iterator[AmlWorld]:
    """The AML world, isolated: snapshot before the test, revert after."""
    with aml_world.chain.isolated():
        yield aml_world


@pytest.fixture
def token(world: AmlWorld) -> Contract:
    return world.token


@pytest.fixture
def chain(world: AmlWorld) -> Embedded:
    return world.chain


@pytest.fixture
def actors(world: AmlWorld) -> Actors:
    return world.actors


@pytest.fixture
def registry(world: AmlWorld) -> Contract:
    return world.registry


@pytest.fixture
def now(chain: Embedded) -> Callable[[], int]:
    """``now()``: the ``block.timestamp`` the next transaction or call will see."""
    return lambda: next_timestamp(chain)


@pytest.fixture
def warp(chain: Embedded) -> Callable[[int], None]:
    """``warp(t)``: make the next transaction (and calls until then) run at exactly ``t``."""
    return lambda timestamp: warp_to(chain, timestamp)
