"""Access-control matrix of the ComplianceStablecoin, kept complete by its ABI.

``ACCESS`` classifies every state-changing function: public (anyone may call it; other rules
may still refuse), the role it needs, or the pending default admin. From it:

* every privileged function x every named actor without its role reverts
  ``AccessControlUnauthorizedAccount(actor, neededRole)`` (minter-only functions: the same error
  with ``MINTER_ROLE``);
* the holder of the role is not refused by access control (so the table's role is the right one);
* public functions refuse nobody on access grounds;
* a state-changing function in the ABI that is missing from the table (or a table entry the ABI
  no longer has) fails ``test_every_state_changing_function_is_classified``.

Calls are simulated from each actor (``eth_call``), so the matrix mines nothing.
"""

# Foundry-style names keep the Solidity function's camelCase: test_<fn>_reverts_when_<cond>
# ruff: noqa: N802

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pytest
from behaviors.asserts import reverts
from behaviors.stablecoin import ROLES, StablecoinEnv
from eth_utils import keccak

from compliance_kit.chain.abi import canonical_type
from compliance_kit.exceptions import Reverted, revert_error

if TYPE_CHECKING:
    from compliance_kit.contracts import Contract

PUBLIC = "public"
PENDING_ADMIN = "pending default admin"
ORDER = keccak(text="order 1")
FAR = 2**32 - 1  # the latest KYC expiry (32-bit time in the account word)
NO_SIGNATURE = (0, 27, b"\x00" * 32, b"\x00" * 32)

Args = Callable[[StablecoinEnv], tuple[Any, ...]]


@dataclass(frozen=True)
class Access:
    who: str  # PUBLIC, PENDING_ADMIN or a role name
    args: Args


def _a(name: str) -> Callable[[StablecoinEnv], str]:
    return lambda env: env.actors.by_name(name).address


def _args(*values: Any) -> Args:
    """Arguments for a call; an actor name given through ``_a`` resolves per env."""
    return lambda env: tuple(v(env) if callable(v) else v for v in values)


#: every state-changing function of ComplianceStablecoin -> who may call it, and sample arguments
ACCESS: dict[str, Access] = {
    # ERC-20 / EIP-2612 / self-onboarding: anyone (compliance rules still apply)
    "transfer(address,uint256)": Access(PUBLIC, _args(_a("bob"), 0)),
    "transferFrom(address,address,uint256)": Access(PUBLIC, _args(_a("alice"), _a("bob"), 0)),
    "approve(address,uint256)": Access(PUBLIC, _args(_a("bob"), 1)),
    "permit(address,address,uint256,uint256,uint8,bytes32,bytes32)": Access(
        PUBLIC, _args(_a("alice"), _a("bob"), 1, FAR, *NO_SIGNATURE[1:])
    ),
    "permit(address,address,uint256,uint256,bytes)": Access(
        PUBLIC, _args(_a("alice"), _a("bob"), 1, FAR, b"\x01" * 65)
    ),
    "onboardWithCredential((address,uint8,uint16,uint40,uint256,uint256),bytes)": Access(
        PUBLIC, lambda env: ((env.actors.dave.address, 1, 840, FAR, 0, FAR), b"\x01" * 65)
    ),
    # AccessControl: renouncing one's own role needs no role
    "renounceRole(bytes32,address)": Access(
        PUBLIC, _args(ROLES["PAUSER_ROLE"], lambda env: env.actors.pauser.address)
    ),
    # AccessControlDefaultAdminRules
    "acceptDefaultAdminTransfer()": Access(PENDING_ADMIN, _args()),
    "beginDefaultAdminTransfer(address)": Access("DEFAULT_ADMIN_ROLE", _args(_a("new_admin"))),
    "cancelDefaultAdminTransfer()": Access("DEFAULT_ADMIN_ROLE", _args()),
    "changeDefaultAdminDelay(uint48)": Access("DEFAULT_ADMIN_ROLE", _args(86_400)),
    "rollbackDefaultAdminDelay()": Access("DEFAULT_ADMIN_ROLE", _args()),
    # role administration (the admin of every role but MINTER_ROLE is DEFAULT_ADMIN_ROLE)
    "grantRole(bytes32,address)": Access(
        "DEFAULT_ADMIN_ROLE", _args(ROLES["PAUSER_ROLE"], _a("dave"))
    ),
    "revokeRole(bytes32,address)": Access(
        "DEFAULT_ADMIN_ROLE", _args(ROLES["PAUSER_ROLE"], _a("pauser"))
    ),
    # issuer configuration
    "setKycProvider(address,bool)": Access("DEFAULT_ADMIN_ROLE", _args(_a("dave"), True)),
    "setSeizureEscrow(address)": Access("DEFAULT_ADMIN_ROLE", _args(_a("dave"))),
    # minting
    "configureMinter(address,uint256)": Access("MASTER_MINTER_ROLE", _args(_a("dave"), 1)),
    "removeMinter(address)": Access("MASTER_MINTER_ROLE", _args(_a("minter"))),
    "mint(address,uint256)": Access("MINTER_ROLE", _args(_a("carol"), 1)),
    "burn(uint256)": Access("MINTER_ROLE", _args(0)),
    # KYC allowlist
    "approveAccount(address,uint8,uint16,uint40)": Access(
        "KYC_OPERATOR_ROLE", _args(_a("dave"), 1, 840, FAR)
    ),
    "approveAccounts((address,uint8,uint16,uint40)[])": Access(
        "KYC_OPERATOR_ROLE", lambda env: ([(env.actors.dave.address, 1, 840, FAR)],)
    ),
    "revokeAccount(address)": Access("KYC_OPERATOR_ROLE", _args(_a("alice"))),
    "revokeAccounts(address[])": Access(
        "KYC_OPERATOR_ROLE", lambda env: ([env.actors.alice.address],)
    ),
    # lawful orders
    "freeze(address,bytes32)": Access("COMPLIANCE_OFFICER_ROLE", _args(_a("alice"), ORDER)),
    "unfreeze(address,bytes32)": Access("COMPLIANCE_OFFICER_ROLE", _args(_a("alice"), ORDER)),
    "freezeTokens(address,uint256,bytes32)": Access(
        "COMPLIANCE_OFFICER_ROLE", _args(_a("alice"), 1, ORDER)
    ),
    "unfreezeTokens(address,uint256,bytes32)": Access(
        "COMPLIANCE_OFFICER_ROLE", _args(_a("alice"), 0, ORDER)
    ),
    "seize(address,uint256,bytes32)": Access(
        "COMPLIANCE_OFFICER_ROLE", _args(_a("alice"), 0, ORDER)
    ),
    "burnFrozen(address,uint256,bytes32)": Access(
        "COMPLIANCE_OFFICER_ROLE", _args(_a("alice"), 0, ORDER)
    ),
    # redemption: holders redeem; the treasury marks requests paid; the admin sets the terms
    "redeem(uint256,bytes32)": Access(PUBLIC, _args(1, ORDER)),
    "fulfillRedemption(uint256,bytes32)": Access("TREASURY_ROLE", _args(0, ORDER)),
    "setMinimumRedemption(uint256)": Access("DEFAULT_ADMIN_ROLE", _args(1)),
    "setRedemptionSla(uint32)": Access("DEFAULT_ADMIN_ROLE", _args(86_400)),
    "setRedemptionFee(uint16)": Access("DEFAULT_ADMIN_ROLE", _args(0)),
    "lockRedemptionFee()": Access("DEFAULT_ADMIN_ROLE", _args()),
    # AML transfer rules: the compliance officer sets every limit; the admin wires the registry
    "setTierLimits(uint8,(uint256,uint256,uint256,uint256))": Access(
        "COMPLIANCE_OFFICER_ROLE", _args(1, (0, 1_000, 86_400, 10))
    ),
    "setLimitExemption(address,bool)": Access("COMPLIANCE_OFFICER_ROLE", _args(_a("alice"), True)),
    "setTravelRule(bool)": Access("COMPLIANCE_OFFICER_ROLE", _args(False)),
    "setTravelRuleAggregation(bool)": Access("COMPLIANCE_OFFICER_ROLE", _args(True)),
    "setTravelRuleRegistry(address)": Access("DEFAULT_ADMIN_ROLE", _args(_a("dave"))),
    "setHomeJurisdiction(uint16)": Access("COMPLIANCE_OFFICER_ROLE", _args(840)),
    "setTravelRuleThreshold(uint16,uint256)": Access("COMPLIANCE_OFFICER_ROLE", _args(840, 1)),
    "setCorridorRules(bool,bool)": Access("COMPLIANCE_OFFICER_ROLE", _args(True, True)),
    "setCorridor(uint16,uint16,uint8)": Access("COMPLIANCE_OFFICER_ROLE", _args(840, 344, 1)),
    "setJurisdictionBlocked(uint16,bool)": Access("COMPLIANCE_OFFICER_ROLE", _args(364, True)),
    "setSanctionsScreening((address,bool,bool,bool,bool))": Access(
        "COMPLIANCE_OFFICER_ROLE", _args(("0x" + "00" * 20, False, False, False, False))
    ),
    # pause
    "pause()": Access("PAUSER_ROLE", _args()),
    "unpause()": Access("PAUSER_ROLE", _args()),
}

#: the named actors and the roles each holds after setup
HOLDS: dict[str, set[str]] = {
    "admin": {"DEFAULT_ADMIN_ROLE"},
    "master_minter": {"MASTER_MINTER_ROLE"},
    "minter": {"MINTER_ROLE"},
    "kyc_operator": {"KYC_OPERATOR_ROLE"},
    "compliance_officer": {"COMPLIANCE_OFFICER_ROLE"},
    "pauser": {"PAUSER_ROLE"},
    "treasury": {"TREASURY_ROLE"},
    "alice": set(),  # a verified, funded holder
    "mallory": set(),  # never verified
}
HOLDER = {role: actor for actor, held in HOLDS.items() for role in held}

PRIVILEGED = {sig: a for sig, a in ACCESS.items() if a.who not in (PUBLIC, PENDING_ADMIN)}
UNAUTHORIZED = [
    pytest.param(sig, actor, id=f"{sig.split('(')[0]}-{actor}")
    for sig, access in PRIVILEGED.items()
    for actor, held in HOLDS.items()
    if access.who not in held
]


def _signature(entry: dict[str, Any]) -> str:
    return f"{entry['name']}({','.join(canonical_type(i) for i in entry['inputs'])})"


def _bind(token: Contract, signature: str, env: StablecoinEnv) -> Any:
    name = signature.split("(")[0]
    return getattr(token.fn, name)(*ACCESS[signature].args(env))


def test_every_state_changing_function_is_classified(token: Contract) -> None:
    in_abi = {
        _signature(e)
        for e in token.abi
        if e.get("type") == "function" and e["stateMutability"] not in ("view", "pure")
    }
    assert in_abi - ACCESS.keys() == set(), "classify these functions in ACCESS"
    assert ACCESS.keys() - in_abi == set(), "these ACCESS entries are not in the ABI"


def test_actors_hold_exactly_the_roles_of_the_table(token: Contract, env: StablecoinEnv) -> None:
    held = {
        actor: {
            role
            for role, role_id in ROLES.items()
            if token.fn.hasRole(role_id, env.actors.by_name(actor).address).call()
        }
        for actor in HOLDS
    }
    assert held == HOLDS


@pytest.mark.parametrize(("signature", "actor"), UNAUTHORIZED)
def test_privileged_function_reverts_when_caller_lacks_the_role(
    token: Contract, env: StablecoinEnv, signature: str, actor: str
) -> None:
    caller = env.actors.by_name(actor).address
    role = PRIVILEGED[signature].who

    with reverts("AccessControlUnauthorizedAccount", account=caller, neededRole=ROLES[role]):
        _bind(token, signature, env).call(caller)


@pytest.mark.parametrize("signature", list(PRIVILEGED), ids=lambda s: s.split("(")[0])
def test_privileged_function_lets_the_role_holder_through(
    token: Contract, env: StablecoinEnv, signature: str
) -> None:
    """The table's role is the one the contract checks (another failure is fine, e.g. unpause
    while not paused)."""
    holder = env.actors.by_name(HOLDER[PRIVILEGED[signature].who]).address
    try:
        _bind(token, signature, env).call(holder)
    except revert_error("AccessControlUnauthorizedAccount"):
        pytest.fail(f"{signature} refused {HOLDER[PRIVILEGED[signature].who]}")
    except Reverted:
        pass


@pytest.mark.parametrize(
    "signature", [s for s, a in ACCESS.items() if a.who == PUBLIC], ids=lambda s: s.split("(")[0]
)
@pytest.mark.parametrize("actor", ["alice", "mallory"])
def test_public_function_refuses_nobody_on_access_grounds(
    token: Contract, env: StablecoinEnv, signature: str, actor: str
) -> None:
    try:
        _bind(token, signature, env).call(env.actors.by_name(actor).address)
    except revert_error("AccessControlUnauthorizedAccount"):
        pytest.fail(f"{signature} is gated by a role")
    except Reverted:
        pass  # refused by a compliance or signature rule, which is fine here


@pytest.mark.parametrize("actor", list(HOLDS))
def test_acceptDefaultAdminTransfer_reverts_when_caller_is_not_the_pending_admin(
    token: Contract, env: StablecoinEnv, actor: str
) -> None:
    token.fn.beginDefaultAdminTransfer(env.actors.new_admin.address).transact(env.actors.admin)
    caller = env.actors.by_name(actor).address

    with reverts("AccessControlInvalidDefaultAdmin", defaultAdmin=caller):
        token.fn.acceptDefaultAdminTransfer().call(caller)
