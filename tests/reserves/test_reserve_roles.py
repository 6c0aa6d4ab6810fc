"""Access-control matrix of the ReserveAttestor, kept complete by its ABI.

``ACCESS`` classifies every state-changing function: public, or the role it needs. From it:

* every privileged function x every named actor without its role reverts
  ``AccessControlUnauthorizedAccount(actor, neededRole)``;
* the holder of the role is not refused (the call succeeds with the table's arguments);
* a state-changing function in the ABI missing from the table (or a table entry the ABI no longer
  has) fails ``test_every_state_changing_function_is_classified``.

Calls are simulated from each actor (``eth_call``), so the matrix mines nothing.
"""

# Foundry-style names keep the Solidity function's camelCase: test_<fn>_reverts_when_<cond>
# ruff: noqa: N802

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pytest
from behaviors.asserts import reverts

from reserves.world import (
    ACTOR_INDEX,
    ATTESTOR_ROLE,
    DAY,
    DEFAULT_ADMIN_ROLE,
    REPORT,
    ZERO_ADDRESS,
    ReserveEnv,
)

if TYPE_CHECKING:
    from compliance_kit.contracts import Contract
    from reserves.world import Actors

PUBLIC = "public"
ROLES = {"DEFAULT_ADMIN_ROLE": DEFAULT_ADMIN_ROLE, "ATTESTOR_ROLE": ATTESTOR_ROLE}
#: who holds each role at setup
HOLDERS = {"DEFAULT_ADMIN_ROLE": {"admin"}, "ATTESTOR_ROLE": {"attestor"}}

Args = Callable[[ReserveEnv], tuple[Any, ...]]

#: function -> (who may call it, arguments that succeed for the holder)
ACCESS: dict[str, tuple[str, Args]] = {
    "attest": ("ATTESTOR_ROLE", lambda env: (1, 1, REPORT, "", [])),
    "attestSigned": (PUBLIC, lambda env: ()),
    "setMargin": ("DEFAULT_ADMIN_ROLE", lambda env: (1, 200)),
    "setMaxAge": ("DEFAULT_ADMIN_ROLE", lambda env: (35 * DAY,)),
    "setAuditor": ("DEFAULT_ADMIN_ROLE", lambda env: (env.actors.outsider.address, True)),
    "setFeed": ("DEFAULT_ADMIN_ROLE", lambda env: (env.adapter.address,)),
    "grantRole": ("DEFAULT_ADMIN_ROLE", lambda env: (ATTESTOR_ROLE, env.actors.outsider.address)),
    "revokeRole": ("DEFAULT_ADMIN_ROLE", lambda env: (ATTESTOR_ROLE, env.actors.attestor.address)),
    "renounceRole": (PUBLIC, lambda env: ()),
}

PRIVILEGED = [name for name, (who, _) in ACCESS.items() if who != PUBLIC]
REFUSED = [
    (fn, actor) for fn in PRIVILEGED for actor in ACTOR_INDEX if actor not in HOLDERS[ACCESS[fn][0]]
]


def test_every_state_changing_function_is_classified(attestor: Contract) -> None:
    mutating = {
        e["name"]
        for e in attestor.abi
        if e.get("type") == "function" and e.get("stateMutability") not in ("view", "pure")
    }
    assert mutating == set(ACCESS)


@pytest.mark.parametrize(("fn", "actor"), REFUSED, ids=[f"{f}-{a}" for f, a in REFUSED])
def test_privileged_function_reverts_for_every_actor_without_the_role(
    env: ReserveEnv, fn: str, actor: str
) -> None:
    role, args = ACCESS[fn]
    account = env.actors.by_name(actor).address
    with reverts("AccessControlUnauthorizedAccount", account=account, neededRole=ROLES[role]):
        getattr(env.attestor.fn, fn)(*args(env)).call(account)


@pytest.mark.parametrize("fn", PRIVILEGED)
def test_privileged_function_succeeds_for_the_holder(env: ReserveEnv, fn: str) -> None:
    role, args = ACCESS[fn]
    (holder,) = HOLDERS[role]
    getattr(env.attestor.fn, fn)(*args(env)).transact(env.actors.by_name(holder))


def test_granting_ATTESTOR_ROLE_lets_an_account_attest_and_revoking_stops_it(
    attestor: Contract, actors: Actors
) -> None:
    outsider = actors.outsider
    attestor.fn.grantRole(ATTESTOR_ROLE, outsider.address).transact(actors.admin)
    attestor.fn.attest(1, 1, REPORT, "", []).transact(outsider)
    assert attestor.fn.latestAttestation().call()[5] == outsider.address

    attestor.fn.revokeRole(ATTESTOR_ROLE, outsider.address).transact(actors.admin)
    with reverts(
        "AccessControlUnauthorizedAccount", account=outsider.address, neededRole=ATTESTOR_ROLE
    ):
        attestor.fn.attest(1, 2, REPORT, "", []).transact(outsider)


def test_an_attestor_may_renounce_its_role(attestor: Contract, actors: Actors) -> None:
    account = actors.attestor.address
    attestor.fn.renounceRole(ATTESTOR_ROLE, account).transact(actors.attestor)
    assert not attestor.fn.hasRole(ATTESTOR_ROLE, account).call()
    with reverts("AccessControlBadConfirmation"):
        attestor.fn.renounceRole(ATTESTOR_ROLE, account).transact(actors.admin)


def test_roles_are_administered_by_the_default_admin(attestor: Contract) -> None:
    assert attestor.fn.getRoleAdmin(ATTESTOR_ROLE).call() == DEFAULT_ADMIN_ROLE
    assert attestor.fn.getRoleAdmin(DEFAULT_ADMIN_ROLE).call() == DEFAULT_ADMIN_ROLE


def test_supportsInterface_reports_access_control_and_erc165(attestor: Contract) -> None:
    assert attestor.fn.supportsInterface(bytes.fromhex("7965db0b")).call()  # IAccessControl
    assert attestor.fn.supportsInterface(bytes.fromhex("01ffc9a7")).call()  # IERC165
    assert not attestor.fn.supportsInterface(bytes.fromhex("ffffffff")).call()


def test_setFeed_to_zero_is_admin_only_too(attestor: Contract, actors: Actors) -> None:
    with reverts(
        "AccessControlUnauthorizedAccount",
        account=actors.attestor.address,
        neededRole=DEFAULT_ADMIN_ROLE,
    ):
        attestor.fn.setFeed(ZERO_ADDRESS).call(actors.attestor.address)
