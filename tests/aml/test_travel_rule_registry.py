"""TravelRuleRegistry: VASPs register commitments to IVMS101 payloads, tokens consume them.

Direct registration needs VASP_ROLE; a signed registration (EIP-712 ``SignedCommitment``, domain
"TravelRuleRegistry" / "1" / chain id / registry address) may be submitted by anyone, once per
(VASP, nonce), until its deadline. Only the token a commitment names can consume it.
"""

# Foundry-style names keep the Solidity function's camelCase: test_<fn>_reverts_when_<cond>
# ruff: noqa: N802

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest
from behaviors.asserts import assert_events, reverts
from behaviors.stablecoin import ZERO_ADDRESS
from eth_abi import encode
from eth_utils import keccak

from aml.conftest import VASP_ROLE
from aml.helpers import (
    HK,
    TRAVEL_RULE_COMMITMENT_MISSING,
    Commitment,
    detect,
    malleable,
    passes,
    payload_hash,
    recover_commitment_signer,
    sign_commitment,
    usd,
)
from compliance_kit.contracts import Contract, deploy

if TYPE_CHECKING:
    from eth_account.signers.local import LocalAccount

    from aml.conftest import AmlWorld

Clock = Callable[[], int]

AMOUNT = usd(12_500)
PAYLOAD = payload_hash("IVMS101: alice (HK) -> henry (HK), USDX 12,500, ref 2026-0042")
OTHER_PAYLOAD = payload_hash("IVMS101: alice (HK) -> henry (HK), USDX 12,500, ref 2026-0043")
NO_PAYLOAD = b"\x00" * 32
NONCE = 0xC0FFEE


@pytest.fixture
def travel(world: AmlWorld) -> AmlWorld:
    """The token's travel rule on, every transfer of 1,000 or more needing a commitment."""
    world.officer("setTravelRuleThreshold", HK, usd(1_000))
    world.officer("setTravelRule", True)
    return world


def _commitment(
    world: AmlWorld, deadline: int, *, nonce: int = NONCE, **changes: object
) -> Commitment:
    fields: dict[str, object] = {
        "token": world.token.address,
        "from_": world.actors.alice.address,
        "to": world.henry.address,
        "amount": AMOUNT,
        "payload_hash": PAYLOAD,
        "nonce": nonce,
        "deadline": deadline,
    }
    return Commitment(**(fields | changes))  # type: ignore[arg-type]


def _sign(world: AmlWorld, signer: LocalAccount, c: Commitment, registry: str = "") -> bytes:
    return sign_commitment(
        signer, c, registry=registry or world.registry.address, chain_id=world.chain.chain_id
    )


def _pending(world: AmlWorld, c: Commitment) -> bytes:
    return world.registry.fn.commitmentOf(c.token, c.from_, c.to, c.amount).call()


def _registered(c: Commitment, vasp: str) -> tuple[str, dict[str, object]]:
    return (
        "CommitmentRegistered",
        {
            "token": c.token,
            "from": c.from_,
            "to": c.to,
            "amount": c.amount,
            "payloadHash": c.payload_hash,
            "vasp": vasp,
        },
    )


# --- direct registration ------------------------------------------------------------------------


def test_register_records_the_commitment(world: AmlWorld, now: Clock) -> None:
    c = _commitment(world, now())
    receipt = world.commit(c.from_, c.to, c.amount, c.payload_hash)
    assert_events(world.registry, receipt, [_registered(c, world.vasp.address)])
    assert _pending(world, c) == PAYLOAD


def test_register_reverts_when_caller_is_not_a_VASP(world: AmlWorld) -> None:
    rogue = world.rogue_vasp
    with reverts("AccessControlUnauthorizedAccount", account=rogue.address, neededRole=VASP_ROLE):
        world.registry.fn.register(
            world.token.address, world.actors.alice.address, world.henry.address, AMOUNT, PAYLOAD
        ).transact(rogue)


def test_register_reverts_when_the_commitment_is_already_pending(
    world: AmlWorld, now: Clock
) -> None:
    c = _commitment(world, now())
    world.commit(c.from_, c.to, c.amount, PAYLOAD)
    with reverts(
        "CommitmentAlreadyPending", token=c.token, **{"from": c.from_}, to=c.to, amount=AMOUNT,
        payloadHash=PAYLOAD,
    ):  # fmt: skip
        world.commit(c.from_, c.to, c.amount, OTHER_PAYLOAD)
    assert _pending(world, c) == PAYLOAD


def test_register_reverts_when_the_payload_hash_is_zero(world: AmlWorld) -> None:
    with reverts("InvalidPayloadHash"):
        world.commit(world.actors.alice.address, world.henry.address, AMOUNT, NO_PAYLOAD)


@pytest.mark.parametrize("zero", ["token", "from", "to"])
def test_register_reverts_when_an_address_is_zero(world: AmlWorld, zero: str) -> None:
    parties = {"token": world.token.address, "from": world.actors.alice.address}
    parties["to"] = world.henry.address
    parties[zero] = ZERO_ADDRESS
    with reverts("ZeroAddress"):
        world.registry.fn.register(*parties.values(), AMOUNT, PAYLOAD).transact(world.vasp)


# --- signed registration ------------------------------------------------------------------------


def test_registerWithSig_registers_for_the_signing_VASP(travel: AmlWorld, now: Clock) -> None:
    c = _commitment(travel, now() + 600)
    signature = _sign(travel, travel.vasp, c)
    # anyone may submit it: here the beneficiary, who has no role
    receipt = travel.registry.fn.registerWithSig(c.as_struct(), signature).transact(travel.henry)
    assert_events(travel.registry, receipt, [_registered(c, travel.vasp.address)])
    assert travel.registry.fn.isNonceUsed(travel.vasp.address, NONCE).call() is True
    passes(travel.token, travel.actors.alice, travel.henry, AMOUNT)
    assert _pending(travel, c) == NO_PAYLOAD


def test_registerWithSig_reverts_when_the_nonce_was_used(travel: AmlWorld, now: Clock) -> None:
    registry, vasp = travel.registry, travel.vasp
    c = _commitment(travel, now() + 600)
    signature = _sign(travel, vasp, c)
    registry.fn.registerWithSig(c.as_struct(), signature).transact(travel.henry)
    passes(travel.token, travel.actors.alice, travel.henry, AMOUNT)  # consumed: nothing pending

    with reverts("CommitmentNonceUsed", vasp=vasp.address, nonce=NONCE):
        registry.fn.registerWithSig(c.as_struct(), signature).transact(travel.henry)
    other = _commitment(travel, now() + 600, amount=usd(2_000))  # another commitment, same nonce
    with reverts("CommitmentNonceUsed", vasp=vasp.address, nonce=NONCE):
        registry.fn.registerWithSig(other.as_struct(), _sign(travel, vasp, other)).transact(
            travel.henry
        )
    assert _pending(travel, c) == NO_PAYLOAD


def test_registerWithSig_accepts_nonces_in_any_order(world: AmlWorld, now: Clock) -> None:
    registry = world.registry
    for nonce, amount in ((7, usd(1_000)), (3, usd(2_000)), (2**256 - 1, usd(3_000))):
        c = _commitment(world, now() + 600, nonce=nonce, amount=amount)
        registry.fn.registerWithSig(c.as_struct(), _sign(world, world.vasp, c)).transact(
            world.henry
        )
        assert _pending(world, c) == PAYLOAD
    assert registry.fn.isNonceUsed(world.vasp.address, 4).call() is False


def test_registerWithSig_reverts_when_the_deadline_has_passed(world: AmlWorld, now: Clock) -> None:
    t = now()
    late = _commitment(world, t - 1)
    with reverts("CommitmentSignatureExpired", deadline=t - 1, currentTime=t):
        world.registry.fn.registerWithSig(
            late.as_struct(), _sign(world, world.vasp, late)
        ).transact(world.henry)
    on_time = _commitment(world, now())  # the deadline itself is still in time
    world.registry.fn.registerWithSig(
        on_time.as_struct(), _sign(world, world.vasp, on_time)
    ).transact(world.henry)
    assert _pending(world, on_time) == PAYLOAD


def test_registerWithSig_reverts_when_the_signer_is_not_a_VASP(world: AmlWorld, now: Clock) -> None:
    c = _commitment(world, now() + 600)
    with reverts("UntrustedVasp", signer=world.rogue_vasp.address):
        world.registry.fn.registerWithSig(
            c.as_struct(), _sign(world, world.rogue_vasp, c)
        ).transact(world.henry)
    assert _pending(world, c) == NO_PAYLOAD


def test_registerWithSig_reverts_when_the_VASP_lost_its_role(world: AmlWorld, now: Clock) -> None:
    registry, vasp = world.registry, world.vasp
    c = _commitment(world, now() + 600)
    signature = _sign(world, vasp, c)
    registry.fn.revokeRole(VASP_ROLE, vasp.address).transact(world.actors.admin)
    with reverts("UntrustedVasp", signer=vasp.address):
        registry.fn.registerWithSig(c.as_struct(), signature).transact(world.henry)


def test_registerWithSig_reverts_when_a_field_was_changed_after_signing(
    world: AmlWorld, now: Clock
) -> None:
    signed = _commitment(world, now() + 600)
    signature = _sign(world, world.vasp, signed)
    submitted = _commitment(world, signed.deadline, amount=AMOUNT + 1)
    recovered = recover_commitment_signer(
        signature, submitted, registry=world.registry.address, chain_id=world.chain.chain_id
    )
    assert recovered != world.vasp.address
    with reverts("UntrustedVasp", signer=recovered):
        world.registry.fn.registerWithSig(submitted.as_struct(), signature).transact(world.henry)


def test_registerWithSig_reverts_when_signed_for_another_chain(world: AmlWorld, now: Clock) -> None:
    c = _commitment(world, now() + 600)
    registry = world.registry.address
    signature = sign_commitment(world.vasp, c, registry=registry, chain_id=world.chain.chain_id + 1)
    recovered = recover_commitment_signer(
        signature, c, registry=registry, chain_id=world.chain.chain_id
    )
    assert recovered != world.vasp.address
    with reverts("UntrustedVasp", signer=recovered):
        world.registry.fn.registerWithSig(c.as_struct(), signature).transact(world.henry)


def test_registerWithSig_reverts_when_signed_for_another_registry(
    world: AmlWorld, now: Clock
) -> None:
    a = world.actors
    other: Contract = deploy(
        world.env.transactor,
        world.env.artifacts["TravelRuleRegistry"],
        a.admin.address,
        0,
        sender=a.admin,
    )
    other.fn.grantRole(VASP_ROLE, world.vasp.address).transact(a.admin)
    c = _commitment(world, now() + 600)
    signature = _sign(world, world.vasp, c, registry=other.address)
    recovered = recover_commitment_signer(
        signature, c, registry=world.registry.address, chain_id=world.chain.chain_id
    )
    with reverts("UntrustedVasp", signer=recovered):
        world.registry.fn.registerWithSig(c.as_struct(), signature).transact(world.henry)
    other.fn.registerWithSig(c.as_struct(), signature).transact(world.henry)  # valid where meant
    assert other.fn.commitmentOf(c.token, c.from_, c.to, c.amount).call() == PAYLOAD


def test_registerWithSig_reverts_when_the_signature_is_malleable(
    world: AmlWorld, now: Clock
) -> None:
    c = _commitment(world, now() + 600)
    flipped = malleable(_sign(world, world.vasp, c))
    # plain ecrecover still gives the VASP: only EIP-2's low-s rule stops the replay
    assert (
        recover_commitment_signer(
            flipped, c, registry=world.registry.address, chain_id=world.chain.chain_id
        )
        == world.vasp.address
    )
    with reverts("ECDSAInvalidSignatureS", s=flipped[32:64]):
        world.registry.fn.registerWithSig(c.as_struct(), flipped).transact(world.henry)


def test_DOMAIN_SEPARATOR_binds_name_version_chain_and_registry(world: AmlWorld) -> None:
    registry = world.registry
    domain_type = keccak(
        text="EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"
    )
    expected = keccak(
        encode(
            ["bytes32", "bytes32", "bytes32", "uint256", "address"],
            [
                domain_type,
                keccak(text="TravelRuleRegistry"),
                keccak(text="1"),
                world.chain.chain_id,
                registry.address,
            ],
        )
    )
    assert registry.fn.DOMAIN_SEPARATOR().call() == expected
    assert registry.fn.COMMITMENT_TYPEHASH().call() == keccak(
        text="SignedCommitment(address token,address from,address to,uint256 amount,"
        "bytes32 payloadHash,uint256 nonce,uint256 deadline)"
    )


# --- cancel and consume -------------------------------------------------------------------------


def test_cancel_withdraws_the_pending_commitment(travel: AmlWorld, now: Clock) -> None:
    a, registry = travel.actors, travel.registry
    c = _commitment(travel, now())
    travel.commit(c.from_, c.to, c.amount, PAYLOAD)
    receipt = registry.fn.cancel(c.token, c.from_, c.to, c.amount).transact(travel.vasp)
    assert_events(
        registry,
        receipt,
        [
            (
                "CommitmentCancelled",
                {
                    "token": c.token,
                    "from": c.from_,
                    "to": c.to,
                    "amount": AMOUNT,
                    "payloadHash": PAYLOAD,
                    "vasp": travel.vasp.address,
                },
            )
        ],
    )
    assert _pending(travel, c) == NO_PAYLOAD
    assert detect(travel.token, a.alice, travel.henry, AMOUNT) == TRAVEL_RULE_COMMITMENT_MISSING
    travel.commit(c.from_, c.to, c.amount, OTHER_PAYLOAD)  # may be registered anew
    assert _pending(travel, c) == OTHER_PAYLOAD


def test_cancel_reverts_when_nothing_is_pending(world: AmlWorld, now: Clock) -> None:
    c = _commitment(world, now())
    with reverts("UnknownCommitment", token=c.token, **{"from": c.from_}, to=c.to, amount=AMOUNT):
        world.registry.fn.cancel(c.token, c.from_, c.to, c.amount).transact(world.vasp)


def test_cancel_reverts_when_caller_is_not_a_VASP(world: AmlWorld, now: Clock) -> None:
    c = _commitment(world, now())
    world.commit(c.from_, c.to, c.amount, PAYLOAD)
    rogue = world.rogue_vasp
    with reverts("AccessControlUnauthorizedAccount", account=rogue.address, neededRole=VASP_ROLE):
        world.registry.fn.cancel(c.token, c.from_, c.to, c.amount).transact(rogue)
    assert _pending(world, c) == PAYLOAD


def test_cancel_reverts_when_another_VASP_registered_it(world: AmlWorld, now: Clock) -> None:
    """Trusted VASPs are peers: none can withdraw another's commitment (and so hold up its
    customer's payment)."""
    c = _commitment(world, now())
    world.commit(c.from_, c.to, c.amount, PAYLOAD)
    peer = world.rogue_vasp
    world.registry.fn.grantRole(VASP_ROLE, peer.address).transact(world.actors.admin)
    cancel = world.registry.fn.cancel(c.token, c.from_, c.to, c.amount)
    with reverts("NotCommitmentRegistrant", account=peer.address, registrant=world.vasp.address):
        cancel.transact(peer)
    assert _pending(world, c) == PAYLOAD
    cancel.transact(world.vasp)  # its registrant still may
    assert _pending(world, c) == NO_PAYLOAD


def test_registrantOf_names_the_VASP_until_the_commitment_is_consumed_or_cancelled(
    travel: AmlWorld, now: Clock
) -> None:
    a, registry = travel.actors, travel.registry
    c = _commitment(travel, now() + 3600)
    key = (c.token, c.from_, c.to, c.amount)
    assert registry.fn.registrantOf(*key).call() == ZERO_ADDRESS
    travel.commit(c.from_, c.to, c.amount, PAYLOAD)
    assert registry.fn.registrantOf(*key).call() == travel.vasp.address
    registry.fn.cancel(*key).transact(travel.vasp)
    assert registry.fn.registrantOf(*key).call() == ZERO_ADDRESS
    # signed by the VASP, submitted by a stranger: the registrant is the signer
    submit = registry.fn.registerWithSig(c.as_struct(), _sign(travel, travel.vasp, c))
    submit.transact(a.mallory)
    assert registry.fn.registrantOf(*key).call() == travel.vasp.address
    travel.token.fn.transfer(c.to, c.amount).transact(a.alice)  # consumes it
    assert registry.fn.registrantOf(*key).call() == ZERO_ADDRESS


def test_consume_from_another_address_returns_zero_and_changes_nothing(
    travel: AmlWorld, now: Clock
) -> None:
    a, registry = travel.actors, travel.registry
    c = _commitment(travel, now())
    travel.commit(c.from_, c.to, c.amount, PAYLOAD)
    for caller in (a.mallory, a.alice):  # a stranger, and the sender herself
        consume = registry.fn.consume(c.from_, c.to, c.amount)
        assert consume.call(caller.address) == NO_PAYLOAD
        assert_events(registry, consume.transact(caller), [])
    assert _pending(travel, c) == PAYLOAD
    passes(travel.token, a.alice, travel.henry, AMOUNT)  # still there for the token
