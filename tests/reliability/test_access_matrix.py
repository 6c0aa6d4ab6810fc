"""Access control of every contract the kit deploys, generated from the compiled ABIs.

Each contract has a table classifying every state-changing function of its ABI: ``PUBLIC``
(anyone may call it; other rules may still refuse), the role it needs, ``OWNER`` (``Ownable``) or
the pending default admin / owner of a two-step handover. The token's table is the hand-kept
``ACCESS`` of tests/contracts/test_roles.py (imported, not copied); the extension the token
forwards to is classified by the same table. From the tables and the deployed system
(``SystemConfig.for_dev_accounts``: every role on its own dev account, plus alice, bob, mallory):

* a function in an ABI but in no table fails (so does a table entry the ABI no longer has), and a
  contract of ``contracts/`` with no table at all fails;
* every privileged function x every named account without the authority is simulated from that
  account (``eth_call``, nothing mined) and must revert with the access error --
  ``AccessControlUnauthorizedAccount(account, neededRole)``, ``OwnableUnauthorizedAccount(account)``
  or ``AccessControlInvalidDefaultAdmin(account)`` -- carrying exactly that account and role;
* the authorised account is not refused on access grounds (any other refusal is fine);
* public functions refuse nobody on access grounds;
* the extension, called directly at its own address rather than through the token, refuses every
  account: its roles belong to the token contract alone.

Arguments are generated from the ABI types (1 for integers, so enums stay in range; a role id
whose admin is DEFAULT_ADMIN_ROLE for ``bytes32``): the access checks come first in every
function, before anything looks at the arguments.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pytest
from contracts.test_roles import ACCESS as TOKEN_ACCESS
from contracts.test_roles import PENDING_ADMIN, PUBLIC
from eth_utils import keccak, to_checksum_address

from compliance_kit.admin.values import ROLE_IDS
from compliance_kit.chain.abi import canonical_type
from compliance_kit.contracts import Contract, ContractFunction
from compliance_kit.exceptions import CustomErrorRevert, Reverted
from reliability.helpers import chain_state, named_accounts

if TYPE_CHECKING:
    from compliance_kit.build import ArtifactSet
    from compliance_kit.chain.base import Chain
    from compliance_kit.pytest_plugin import Actors
    from compliance_kit.system import DeployedSystem

OWNER = "owner"
PENDING_OWNER = "pending owner"
#: who may call a function besides the holder of a role
NOT_A_ROLE = (PUBLIC, PENDING_ADMIN, PENDING_OWNER, OWNER)

#: every state-changing function of the ComplianceStablecoin (its extension's included), from
#: tests/contracts/test_roles.py
TOKEN: dict[str, str] = {signature: access.who for signature, access in TOKEN_ACCESS.items()}

ATTESTOR: dict[str, str] = {
    "attest(uint256,uint40,bytes32,string,(bytes32,uint256)[])": "ATTESTOR_ROLE",
    # anyone submits an auditor's signed attestation (tests/reliability/test_signature_schemes.py)
    "attestSigned(uint256,uint40,bytes32,string,(bytes32,uint256)[],uint256,uint256,bytes)": PUBLIC,
    "setMargin(uint8,int256)": "DEFAULT_ADMIN_ROLE",
    "setMaxAge(uint32)": "DEFAULT_ADMIN_ROLE",
    "setAuditor(address,bool)": "DEFAULT_ADMIN_ROLE",
    "setFeed(address)": "DEFAULT_ADMIN_ROLE",
    # AccessControl: the admin of every role is DEFAULT_ADMIN_ROLE; renouncing needs no role
    "grantRole(bytes32,address)": "DEFAULT_ADMIN_ROLE",
    "revokeRole(bytes32,address)": "DEFAULT_ADMIN_ROLE",
    "renounceRole(bytes32,address)": PUBLIC,
}

TRAVEL_RULE_REGISTRY: dict[str, str] = {
    "register(address,address,address,uint256,bytes32)": "VASP_ROLE",
    "cancel(address,address,address,uint256)": "VASP_ROLE",
    # a VASP's signed commitment, submitted by anyone
    "registerWithSig((address,address,address,uint256,bytes32,uint256,uint256),bytes)": PUBLIC,
    # keyed by msg.sender: a caller only ever consumes its own (the token's) commitments
    "consume(address,address,uint256)": PUBLIC,
    # AccessControlDefaultAdminRules
    "grantRole(bytes32,address)": "DEFAULT_ADMIN_ROLE",
    "revokeRole(bytes32,address)": "DEFAULT_ADMIN_ROLE",
    "renounceRole(bytes32,address)": PUBLIC,
    "beginDefaultAdminTransfer(address)": "DEFAULT_ADMIN_ROLE",
    "cancelDefaultAdminTransfer()": "DEFAULT_ADMIN_ROLE",
    "changeDefaultAdminDelay(uint48)": "DEFAULT_ADMIN_ROLE",
    "rollbackDefaultAdminDelay()": "DEFAULT_ADMIN_ROLE",
    "acceptDefaultAdminTransfer()": PENDING_ADMIN,
}

SANCTIONS_LIST: dict[str, str] = {
    "addToSanctionsList(address[])": OWNER,
    "removeFromSanctionsList(address[])": OWNER,
    "transferOwnership(address)": OWNER,
    "renounceOwnership()": OWNER,
    "acceptOwnership()": PENDING_OWNER,
}

#: contracts of contracts/ the kit never deploys in a system, and why they need no table
OUT_OF_SCOPE = {
    "PlainERC20": "gas-benchmark baseline (contracts/bench), never part of a system",
    "PlainERC20Mintable": "gas-benchmark baseline (contracts/bench), never part of a system",
    "PlainERC20Permit": "gas-benchmark baseline (contracts/bench), never part of a system",
}

#: a role id nobody holds; its admin role is DEFAULT_ADMIN_ROLE on every contract
SAMPLE_WORD = keccak(text="compliance-kit reliability")
SAMPLE_ADDRESS = to_checksum_address("0x000000000000000000000000000000000000dead")
#: the account every two-step handover is started towards
SUCCESSOR = "bob"


@dataclass(frozen=True)
class Surface:
    """One contract: its artifact, where it lives in the system, its table and the role holders."""

    key: str
    artifact: str
    access: Mapping[str, str]
    holders: Mapping[str, str] = field(default_factory=dict)
    """``who`` (a role, ``OWNER``) -> the named account holding it."""
    deployed: bool = True
    """Part of every system (the Chainlink adapter is deployed only for a proof-of-reserve feed)."""
    classified_by_token: bool = False
    """The extension: its functions run as the token's, so the token's table classifies them."""

    def roles(self) -> set[str]:
        return {who for who in self.access.values() if who not in NOT_A_ROLE}

    def __str__(self) -> str:
        return self.key


TOKEN_HOLDERS = {
    "DEFAULT_ADMIN_ROLE": "admin",
    "MASTER_MINTER_ROLE": "master_minter",
    "MINTER_ROLE": "minter",
    "KYC_OPERATOR_ROLE": "kyc_operator",
    "COMPLIANCE_OFFICER_ROLE": "compliance_officer",
    "PAUSER_ROLE": "pauser",
    "TREASURY_ROLE": "treasury",
}

SURFACES = (
    Surface("token", "ComplianceStablecoin", TOKEN, TOKEN_HOLDERS),
    # no named account holds a role on the extension itself: its DEFAULT_ADMIN_ROLE is the token's
    Surface("extension", "ComplianceStablecoinExtension", TOKEN, classified_by_token=True),
    Surface(
        "attestor",
        "ReserveAttestor",
        ATTESTOR,
        {"DEFAULT_ADMIN_ROLE": "admin", "ATTESTOR_ROLE": "attestor"},
    ),
    Surface(
        "travel_rule_registry",
        "TravelRuleRegistry",
        TRAVEL_RULE_REGISTRY,
        {"DEFAULT_ADMIN_ROLE": "admin", "VASP_ROLE": "kyc_provider"},
    ),
    Surface("sanctions_oracle", "SanctionsList", SANCTIONS_LIST, {OWNER: "compliance_officer"}),
    # a stateless reader of a Chainlink feed: no state-changing function at all
    Surface("chainlink_adapter", "ChainlinkReserveAdapter", {}, deployed=False),
)
DEPLOYED = [s for s in SURFACES if s.deployed]


def _signature(entry: Mapping[str, Any]) -> str:
    return f"{entry['name']}({','.join(canonical_type(i) for i in entry['inputs'])})"


def state_changing(abi: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Signature -> ABI entry of every function that is neither ``view`` nor ``pure``."""
    return {
        _signature(e): e
        for e in abi
        if e.get("type") == "function" and e["stateMutability"] not in ("view", "pure")
    }


def _functions(surface: Surface, artifacts: ArtifactSet) -> dict[str, dict[str, Any]]:
    return state_changing(artifacts[surface.artifact].abi)


def _cases(kinds: tuple[str, ...] | None) -> list[Any]:
    """``(surface, signature)`` for each table entry of a deployed contract whose ``who`` is in
    ``kinds`` (``None``: the role-gated ones). The extension has its own test (its table is the
    token's, its functions those of its own ABI)."""
    return [
        pytest.param(surface, signature, id=f"{surface.key}-{signature.split('(')[0]}")
        for surface in DEPLOYED
        if not surface.classified_by_token
        for signature, who in surface.access.items()
        if (who not in NOT_A_ROLE if kinds is None else who in kinds)
    ]


def _sample(param: Mapping[str, Any]) -> Any:
    """An argument of the ABI ``param``'s type: in range, non-zero, the same for every call."""
    kind = str(param["type"])
    if kind.endswith("]"):
        inner = {**param, "type": kind[: kind.rindex("[")]}
        size = kind[kind.rindex("[") + 1 : -1]
        return [_sample(inner)] * (int(size) if size else 1)
    if kind == "tuple":
        return tuple(_sample(c) for c in param["components"])
    if kind == "address":
        return SAMPLE_ADDRESS
    if kind == "bool":
        return True
    if kind == "string":
        return "reliability"
    if kind == "bytes":
        return b"\x01" * 65
    if kind.startswith("bytes"):
        return SAMPLE_WORD[: int(kind[5:])]
    if kind.startswith(("uint", "int")):
        return 1
    raise AssertionError(f"no sample argument for the ABI type {kind}")


@dataclass
class World:
    """The deployed contracts by surface key, and the named accounts."""

    chain: Chain
    contracts: dict[str, Contract]
    actors: Actors
    artifacts: ArtifactSet

    def bind(self, surface: Surface, signature: str) -> ContractFunction:
        contract = self.contracts[surface.key]
        entry = state_changing(contract.abi)[signature]
        return ContractFunction(contract, entry, tuple(_sample(i) for i in entry["inputs"]))

    def address(self, name: str) -> str:
        return str(getattr(self.actors, name).address)


@pytest.fixture
def world(
    system: DeployedSystem, ck_chain: Chain, ck_actors: Actors, ck_artifacts: ArtifactSet
) -> World:
    extension = ck_artifacts["ComplianceStablecoinExtension"]
    assert system.sanctions_oracle is not None, "the us profile deploys a SanctionsList"
    contracts = {
        "token": system.token,
        "extension": Contract(
            system.transactor,
            system.token.fn.extension().call(),
            extension.abi,
            extension.name,
        ),
        "attestor": system.attestor,
        "travel_rule_registry": system.travel_rule_registry,
        "sanctions_oracle": system.sanctions_oracle,
    }
    return World(ck_chain, contracts, ck_actors, ck_artifacts)


# --- the tables are complete -----------------------------------------------------------------


def test_every_contract_of_the_kit_has_an_access_table(ck_artifacts: ArtifactSet) -> None:
    """Each contract compiled from contracts/ with code and functions (not an interface or a
    library) has a table, or is listed as out of scope with the reason."""
    kit = {
        a.name
        for a in ck_artifacts.all()
        if a.source.startswith("contracts/")
        and a.bytecode
        and any(e.get("type") == "function" for e in a.abi)
    }
    tabled = {s.artifact for s in SURFACES}
    assert kit - tabled - OUT_OF_SCOPE.keys() == set(), "add an access table for these"
    assert (tabled | OUT_OF_SCOPE.keys()) - kit == set(), "these contracts no longer exist"


@pytest.mark.parametrize("surface", SURFACES, ids=str)
def test_every_state_changing_function_is_classified(
    ck_artifacts: ArtifactSet, surface: Surface
) -> None:
    in_abi = set(_functions(surface, ck_artifacts))
    assert in_abi - surface.access.keys() == set(), f"classify these in the {surface} table"
    if not surface.classified_by_token:
        assert surface.access.keys() - in_abi == set(), f"not in the {surface} ABI any more"


def test_the_token_abi_carries_every_extension_function(ck_artifacts: ArtifactSet) -> None:
    """The kit merges the extension's ABI into the token's artifact: every extension function
    is reachable (and classified) at the token's address."""
    extension = _functions(SURFACES[1], ck_artifacts)
    token = _functions(SURFACES[0], ck_artifacts)
    assert extension.keys() - token.keys() == set()


@pytest.mark.parametrize("surface", DEPLOYED, ids=str)
def test_role_holders_are_the_accounts_the_table_names(world: World, surface: Surface) -> None:
    """Each named account holds exactly the authorities the table gives it on this contract."""
    contract = world.contracts[surface.key]
    held: dict[str, set[str]] = {}
    for name, account in named_accounts(world.actors):
        mine = {
            role
            for role in surface.roles()
            if contract.fn.hasRole(ROLE_IDS[role], account.address).call()
        }
        if OWNER in surface.holders and contract.fn.owner().call() == account.address:
            mine.add(OWNER)
        if mine:
            held[name] = mine
    expected: dict[str, set[str]] = {}
    for who, name in surface.holders.items():
        expected.setdefault(name, set()).add(who)
    assert held == expected


def test_only_the_token_holds_a_role_on_the_extension(world: World) -> None:
    extension, token = world.contracts["extension"], world.contracts["token"]
    admin = ROLE_IDS["DEFAULT_ADMIN_ROLE"]
    assert extension.fn.hasRole(admin, token.address).call() is True
    assert extension.fn.defaultAdmin().call() == token.address


# --- the matrix ------------------------------------------------------------------------------


def _refusal(exc: Reverted, who: str, caller: str) -> str | None:
    """Why ``exc`` is not the access error ``who`` gives ``caller`` (None when it is)."""
    if who in (OWNER, PENDING_OWNER):
        name, args = "OwnableUnauthorizedAccount", {"account": caller}
    elif who == PENDING_ADMIN:
        name, args = "AccessControlInvalidDefaultAdmin", {"defaultAdmin": caller}
    else:
        name = "AccessControlUnauthorizedAccount"
        args = {"account": caller, "neededRole": ROLE_IDS[who]}
    if isinstance(exc, CustomErrorRevert) and exc.name == name and exc.args_by_name == args:
        return None
    return f"expected {name}({args}), got {exc}"


ACCESS_ERRORS = (
    "AccessControlUnauthorizedAccount",
    "OwnableUnauthorizedAccount",
    "AccessControlInvalidDefaultAdmin",
)


def _refused_on_access_grounds(call: ContractFunction, caller: str) -> str | None:
    """The access error ``call`` reverts with from ``caller``, or None (success, or any other
    refusal)."""
    try:
        call.call(caller)
    except CustomErrorRevert as exc:
        return str(exc) if exc.name in ACCESS_ERRORS else None
    except Reverted:
        return None
    return None


def _check_matrix(world: World, surface: Surface, signature: str, authorised: str | None) -> int:
    """Simulate ``signature`` from every named account: each one but ``authorised`` must get
    the access error; ``authorised`` must not. Returns how many accounts were refused."""
    who = surface.access[signature]
    call = world.bind(surface, signature)
    problems = []
    refused = 0
    for name, account in named_accounts(world.actors):
        if name == authorised:
            denied = _refused_on_access_grounds(call, account.address)
            if denied is not None:
                problems.append(f"{name} holds {who} and was refused: {denied}")
            continue
        try:
            call.call(account.address)
        except Reverted as exc:
            problem = _refusal(exc, who, account.address)
            if problem is not None:
                problems.append(f"{name}: {problem}")
            refused += 1
        else:
            problems.append(f"{name} lacks {who} and was not refused")
    assert not problems, f"{surface}.{signature}:\n  " + "\n  ".join(problems)
    return refused


@pytest.mark.parametrize(("surface", "signature"), _cases(None) + _cases((OWNER,)))
def test_privileged_function_refuses_every_account_without_the_authority(
    world: World, surface: Surface, signature: str
) -> None:
    """Role- and owner-gated functions: every other named account gets the access error with
    its own address (and the role); the holder gets through the access check."""
    before = chain_state(world.chain)
    authorised = surface.holders.get(surface.access[signature])
    refused = _check_matrix(world, surface, signature, authorised)
    assert refused == len(named_accounts(world.actors)) - (authorised is not None)
    assert chain_state(world.chain) == before, "the matrix is simulated: nothing is mined"


@pytest.mark.parametrize(("surface", "signature"), _cases((PENDING_ADMIN, PENDING_OWNER)))
def test_two_step_handover_is_accepted_only_by_the_pending_account(
    world: World, surface: Surface, signature: str
) -> None:
    """``acceptDefaultAdminTransfer`` / ``acceptOwnership``: with a handover to bob under way
    (started by the current holder), every other account is refused; bob is not refused on
    access grounds (the admin delay may still refuse him)."""
    contract = world.contracts[surface.key]
    starter = {PENDING_ADMIN: ("DEFAULT_ADMIN_ROLE", "beginDefaultAdminTransfer")}.get(
        surface.access[signature], (OWNER, "transferOwnership")
    )
    holder = getattr(world.actors, surface.holders[starter[0]])
    getattr(contract.fn, starter[1])(world.address(SUCCESSOR)).transact(holder)
    before = chain_state(world.chain)
    refused = _check_matrix(world, surface, signature, SUCCESSOR)
    assert refused == len(named_accounts(world.actors)) - 1
    assert chain_state(world.chain) == before


@pytest.mark.parametrize(("surface", "signature"), _cases((PUBLIC,)))
def test_public_function_refuses_nobody_on_access_grounds(
    world: World, surface: Surface, signature: str
) -> None:
    call = world.bind(surface, signature)
    before = chain_state(world.chain)
    gated = {
        name: denied
        for name, account in named_accounts(world.actors)
        if (denied := _refused_on_access_grounds(call, account.address)) is not None
    }
    assert gated == {}, f"{surface}.{signature} is gated"
    assert chain_state(world.chain) == before


def test_the_extension_called_directly_refuses_every_account(world: World) -> None:
    """Reached at its own address instead of through the token's ``delegatecall``, every
    privileged function of the extension refuses every named account (its only admin is the
    token contract, which never calls it); its public functions stay ungated."""
    extension = SURFACES[1]
    functions = state_changing(world.contracts["extension"].abi)
    before = chain_state(world.chain)
    everyone = len(named_accounts(world.actors))
    for signature in functions:
        who = extension.access[signature]
        if who == PUBLIC:
            call = world.bind(extension, signature)
            for name, account in named_accounts(world.actors):
                denied = _refused_on_access_grounds(call, account.address)
                assert denied is None, f"extension.{signature} refused {name}: {denied}"
        else:
            assert _check_matrix(world, extension, signature, None) == everyone
    assert chain_state(world.chain) == before
