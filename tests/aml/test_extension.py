"""The token's extension: configuration functions reached through the token's fallback.

The token forwards every selector it does not implement to ComplianceStablecoinExtension with
``delegatecall``, so the extension runs in the token's storage: both contracts must lay their
storage out identically. The kit merges the extension's ABI into the token's. Anything neither
implements reverts without data; ether is refused. The extension on its own is inert.
"""

# Foundry-style names keep the Solidity function's camelCase: test_<fn>_reverts_when_<cond>

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pytest
from behaviors.asserts import reverts
from behaviors.stablecoin import ZERO_ADDRESS
from eth_abi import encode

from aml.conftest import COMPLIANCE_OFFICER_ROLE
from aml.helpers import DAY, HK, NO_LIMIT, limits, usd
from compliance_kit.chain.abi import canonical_type, selector
from compliance_kit.contracts import Contract
from compliance_kit.exceptions import UnknownRevert

if TYPE_CHECKING:
    from aml.conftest import AmlWorld
    from compliance_kit.build import Artifact

TOKEN = "ComplianceStablecoin"
EXTENSION = "ComplianceStablecoinExtension"
RETAIL = limits(cap=usd(1_000), volume=usd(10_000), window=DAY, max_transfers=20)


def _artifact(world: AmlWorld, name: str) -> Artifact:
    return world.env.artifacts[name]


def _layout(artifact: Artifact) -> list[tuple[str, str, int, str]]:
    return [
        (entry["label"], entry["slot"], entry["offset"], entry["type"])
        for entry in artifact.storage_layout["storage"]
    ]


def _functions(abi: list[dict[str, Any]]) -> set[str]:
    return {
        f"{e['name']}({','.join(canonical_type(i) for i in e['inputs'])})"
        for e in abi
        if e.get("type") == "function"
    }


def _extension(world: AmlWorld) -> Contract:
    """The extension contract at its own address, with its own ABI."""
    address = world.token.fn.extension().call()
    return Contract(world.env.transactor, address, _artifact(world, EXTENSION).abi, EXTENSION)


def test_storage_layouts_of_token_and_extension_are_identical(world: AmlWorld) -> None:
    token, extension = _layout(_artifact(world, TOKEN)), _layout(_artifact(world, EXTENSION))
    assert token == extension
    labels = [label for label, *_ in token]
    for variable in ("_accounts", "_tierRules", "_jurisdictions", "_corridors", "_sanctions"):
        assert variable in labels
    assert "_travelRuleRegistry" in labels


def test_token_abi_contains_the_extension_functions(world: AmlWorld) -> None:
    token, extension = _artifact(world, TOKEN), _artifact(world, EXTENSION)
    assert token.extension == EXTENSION
    merged = _functions(token.abi)
    assert _functions(extension.abi) <= merged
    for aml_function in (
        "setTierLimits(uint8,(uint256,uint256,uint256,uint256))",
        "setTravelRuleThreshold(uint16,uint256)",
        "setCorridor(uint16,uint16,uint8)",
        "setSanctionsScreening((address,bool,bool,bool,bool))",
        "remainingLimits(address)",
    ):
        assert aml_function in merged
        assert aml_function in token.method_identifiers
    # and the token's own functions are still there
    assert {"transfer(address,uint256)", "detectTransferRestriction(address,address,uint256)"} <= (
        merged
    )


def test_extension_functions_run_in_the_tokens_storage(world: AmlWorld) -> None:
    world.officer("setTierLimits", 1, RETAIL)
    assert world.token.fn.tierLimits(1).call() == RETAIL
    assert world.token.fn.remainingLimits(world.actors.alice.address).call() == (usd(10_000), 20)


@pytest.mark.parametrize("as_transaction", [False, True], ids=["call", "transaction"])
def test_fallback_reverts_without_data_for_an_unknown_selector(
    world: AmlWorld, as_transaction: bool
) -> None:
    data = bytes.fromhex("deadbeef") + encode(["uint256"], [1])
    transactor, token = world.env.transactor, world.token.address
    send: Callable[[], object] = (
        (lambda: transactor.transact(world.actors.alice, token, data))
        if as_transaction
        else (lambda: transactor.call(token, data))
    )
    with pytest.raises(UnknownRevert) as caught:
        send()
    assert caught.value.data == b""
    assert caught.value.mined is as_transaction


@pytest.mark.parametrize(
    "data", [b"", selector({"name": "tierLimits", "inputs": [{"type": "uint8"}]})]
)
def test_token_refuses_ether(world: AmlWorld, data: bytes) -> None:
    if data:
        data += encode(["uint8"], [1])
    with pytest.raises(UnknownRevert) as caught:
        world.env.transactor.transact(world.actors.alice, world.token.address, data, value=10**18)
    assert caught.value.data == b""
    assert world.chain.get_balance(world.token.address) == 0


def test_extension_called_directly_does_not_affect_the_token(world: AmlWorld) -> None:
    a, token = world.actors, world.token
    world.officer("setTierLimits", 1, RETAIL)
    extension = _extension(world)

    # its own storage: the token deployed it and is its only admin
    assert extension.fn.defaultAdmin().call() == token.address
    assert (
        extension.fn.hasRole(COMPLIANCE_OFFICER_ROLE, a.compliance_officer.address).call() is False
    )
    with reverts(
        "AccessControlUnauthorizedAccount",
        account=a.compliance_officer.address,
        neededRole=COMPLIANCE_OFFICER_ROLE,
    ):
        extension.fn.setTierLimits(1, limits()).transact(a.compliance_officer)

    # its views read its own, empty storage, not the token's
    assert extension.fn.tierLimits(1).call() == (0, 0, 0, 0)
    assert extension.fn.remainingLimits(a.alice.address).call() == (NO_LIMIT, NO_LIMIT)
    assert extension.fn.travelRuleRegistry().call() == ZERO_ADDRESS
    assert extension.fn.transferRules().call() == (False, False, False, 0)
    assert token.fn.tierLimits(1).call() == RETAIL
    assert token.fn.travelRuleRegistry().call() == world.registry.address
    assert token.fn.transferRules().call() == (False, False, False, HK)


def test_extension_has_the_tokens_rule_unit(world: AmlWorld) -> None:
    assert _extension(world).fn.ruleUnit().call() == world.token.fn.ruleUnit().call() == 1
