"""Every signature scheme the contracts verify, against every classic attack, in one table.

Schemes (signed with ``compliance_kit.signatures``, submitted by someone other than the signer):

* ``permit`` / ``permit-vrs``: EIP-2612 permits of an EOA (alice lets bob spend), packed
  ``bytes`` and ``(v, r, s)`` forms -- ``ComplianceStablecoin.permit``;
* ``kyc-credential``: the KYC provider's credential onboarding mallory --
  ``ComplianceStablecoin.onboardWithCredential``;
* ``travel-rule``: the VASP's signed commitment -- ``TravelRuleRegistry.registerWithSig``;
* ``reserve-attestation``: the trusted auditor's attestation -- ``ReserveAttestor.attestSigned``.

Attacks, each refused with the exact error and arguments:

* ``replay``: the same signature (same nonce) submitted again after it went through;
* ``expired``: a signature whose deadline has passed;
* ``cross-chain``: signed for another chain id;
* ``other-contract``: signed for another verifying contract (another deployment of the same name);
* ``malleable``: ``s`` flipped to ``n - s`` and ``v`` to the other parity -- still valid for plain
  ``ecrecover``, refused by OpenZeppelin's ECDSA with ``ECDSAInvalidSignatureS(s)`` (EIP-2);
* ``wrong-signer``: signed by mallory, who is neither the owner nor trusted.

A signature over another domain or message recovers to an unrelated address; the expected
address is recovered here from the digest the contract builds (its own ``DOMAIN_SEPARATOR()``
and type hashes, not the helpers'), so every refusal is asserted with its exact arguments, and
the ``valid`` row proves the helpers sign what the contracts verify. Everything but the first
submission of ``replay`` is simulated (``eth_call``).

The per-contract suites test most of these cells too, on their own deployments
(tests/contracts/test_signatures.py: ``test_permit_reverts_when_replayed``,
``..._when_deadline_has_passed``, ``..._when_signed_for_another_chain``,
``..._when_signature_is_malleable``, ``..._when_signed_by_someone_else`` and the
``test_onboardWithCredential_reverts_when_*`` counterparts; tests/aml/test_travel_rule_registry.py:
``test_registerWithSig_reverts_when_*``; tests/reserves/test_reserve_signatures.py:
``test_attestSigned_reverts_when_*`` and ``..._on_a_high_s_signature``). Nothing there signs a
permit or a KYC credential for another verifying contract: those two cells exist only here. The
whole table runs here anyway, on the deployed system, so one place shows every scheme x attack.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

import pytest
from eth_abi import encode
from eth_keys import keys
from eth_utils import keccak

from compliance_kit.contracts import ContractFunction
from compliance_kit.exceptions import CustomErrorRevert, Reverted
from compliance_kit.signatures import (
    Signature,
    sign_kyc_credential,
    sign_permit,
    sign_reserve_attestation,
    sign_travel_rule_commitment,
)
from reliability.helpers import chain_state

if TYPE_CHECKING:
    from eth_account.signers.local import LocalAccount

    from compliance_kit.chain.base import Chain
    from compliance_kit.contracts import Contract
    from compliance_kit.pytest_plugin import Actors
    from compliance_kit.system import DeployedSystem

#: order of secp256k1
SECP256K1_N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141
PERMIT_TYPEHASH = keccak(
    text="Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)"
)
HOUR = 3_600
YEAR = 365 * 86_400


@dataclass
class Ctx:
    """What a scheme needs: the system, the named accounts, the chain's clock."""

    system: DeployedSystem
    actors: Actors
    chain: Chain

    @property
    def now(self) -> int:
        """The latest block's timestamp (a call or the next block runs at this time or later)."""
        return self.chain.timestamp()


def _digest(contract: Contract, struct_hash: bytes) -> bytes:
    """The EIP-712 digest ``contract`` computes: its own domain separator."""
    return keccak(b"\x19\x01" + contract.fn.DOMAIN_SEPARATOR().call() + struct_hash)


def recover(digest: bytes, sig: Signature) -> str:
    """What plain ``ecrecover(digest, v, r, s)`` gives (no EIP-2 check)."""
    vrs = (sig.v - 27, int.from_bytes(sig.r, "big"), int.from_bytes(sig.s, "big"))
    return keys.Signature(vrs=vrs).recover_public_key_from_msg_hash(digest).to_checksum_address()


def sign_digest(account: LocalAccount, digest: bytes) -> Signature:
    """``account``'s raw signature of ``digest`` (no prefix), ``v`` in {27, 28}."""
    raw = keys.PrivateKey(account.key).sign_msg_hash(digest)
    r, s, v = raw.r.to_bytes(32, "big"), raw.s.to_bytes(32, "big"), raw.v + 27
    return Signature(v, r, s, r + s + bytes([v]))


def malleable(sig: Signature) -> Signature:
    """The twin signature: ``s`` -> ``n - s``, ``v`` -> the other parity."""
    s = (SECP256K1_N - int.from_bytes(sig.s, "big")).to_bytes(32, "big")
    v = 55 - sig.v
    return Signature(v, sig.r, s, sig.r + s + bytes([v]))


class Scheme:
    """One signature scheme: the message, how it is signed, bound and refused."""

    name: ClassVar[str]
    #: the custom error (and its argument naming the recovered signer) for an untrusted signer
    untrusted: ClassVar[tuple[str, str]]

    def contract(self, ctx: Ctx) -> Contract:
        raise NotImplementedError

    def signer(self, ctx: Ctx) -> LocalAccount:
        """Whose signature the contract accepts."""
        raise NotImplementedError

    def message(self, ctx: Ctx, deadline: int) -> dict[str, Any]:
        raise NotImplementedError

    def sign(
        self, ctx: Ctx, msg: dict[str, Any], by: LocalAccount, chain_id: int, verifying: str
    ) -> Signature:
        raise NotImplementedError

    def bind(self, ctx: Ctx, msg: dict[str, Any], sig: Signature) -> ContractFunction:
        raise NotImplementedError

    def struct_hash(self, ctx: Ctx, msg: dict[str, Any]) -> bytes:
        raise NotImplementedError

    def replayed(self, ctx: Ctx, msg: dict[str, Any], sig: Signature) -> tuple[str, dict]:
        """The error of a second submission of the same signature."""
        raise NotImplementedError

    def forge(self, ctx: Ctx, msg: dict[str, Any], by: LocalAccount) -> Signature:
        """``by``'s signature of exactly ``msg``, in the contract's own domain."""
        return self.sign(ctx, msg, by, ctx.chain.chain_id, self.contract(ctx).address)

    expired_error: ClassVar[str]

    def refused_signer(self, ctx: Ctx, msg: dict[str, Any], signer: str) -> tuple[str, dict]:
        """The error for a signature that recovers to ``signer`` (not the trusted one)."""
        error, arg = self.untrusted
        return error, {arg: signer}

    def digest(self, ctx: Ctx, msg: dict[str, Any]) -> bytes:
        return _digest(self.contract(ctx), self.struct_hash(ctx, msg))

    def __str__(self) -> str:
        return self.name


class Permit(Scheme):
    """alice's EIP-2612 permit for bob, packed-``bytes`` form (EOA path)."""

    name = "permit"
    expired_error = "ERC2612ExpiredSignature"
    untrusted = ("ERC2612InvalidSigner", "signer")

    def contract(self, ctx: Ctx) -> Contract:
        return ctx.system.token

    def signer(self, ctx: Ctx) -> LocalAccount:
        return ctx.actors.alice

    def message(self, ctx: Ctx, deadline: int) -> dict[str, Any]:
        owner = ctx.actors.alice.address
        nonce = ctx.system.token.fn.nonces(owner).call()
        return {
            "owner": owner,
            "spender": ctx.actors.bob.address,
            "value": 1_250_000,
            "nonce": nonce,
            "deadline": deadline,
        }

    def sign(
        self, ctx: Ctx, msg: dict[str, Any], by: LocalAccount, chain_id: int, verifying: str
    ) -> Signature:
        return sign_permit(
            by,
            token_name=ctx.system.token.fn.name().call(),
            token_address=verifying,
            chain_id=chain_id,
            spender=msg["spender"],
            value=msg["value"],
            nonce=msg["nonce"],
            deadline=msg["deadline"],
        )

    def bind(self, ctx: Ctx, msg: dict[str, Any], sig: Signature) -> ContractFunction:
        return ctx.system.token.fn.permit(
            msg["owner"], msg["spender"], msg["value"], msg["deadline"], sig.signature
        )

    def struct_hash(self, ctx: Ctx, msg: dict[str, Any]) -> bytes:
        types = ["bytes32", "address", "address", "uint256", "uint256", "uint256"]
        fields = [msg[k] for k in ("owner", "spender", "value", "nonce", "deadline")]
        return keccak(encode(types, [PERMIT_TYPEHASH, *fields]))

    def refused_signer(self, ctx: Ctx, msg: dict[str, Any], signer: str) -> tuple[str, dict]:
        return "ERC2612InvalidSigner", {"signer": signer, "owner": msg["owner"]}

    def forge(self, ctx: Ctx, msg: dict[str, Any], by: LocalAccount) -> Signature:
        # sign_permit always signs as the owner: sign alice's permit digest with another key
        return sign_digest(by, self.digest(ctx, msg))

    def replayed(self, ctx: Ctx, msg: dict[str, Any], sig: Signature) -> tuple[str, dict]:
        # the owner's nonce moved on: the same signature recovers to an unrelated address
        moved = {**msg, "nonce": msg["nonce"] + 1}
        return self.refused_signer(ctx, msg, recover(self.digest(ctx, moved), sig))


class PermitVrs(Permit):
    """The same permit, ``(v, r, s)`` form (``ECDSA.recover(digest, v, r, s)``)."""

    name = "permit-vrs"

    def bind(self, ctx: Ctx, msg: dict[str, Any], sig: Signature) -> ContractFunction:
        return ctx.system.token.fn.permit(
            msg["owner"], msg["spender"], msg["value"], msg["deadline"], sig.v, sig.r, sig.s
        )


class KycCredential(Scheme):
    """The trusted KYC provider's credential for mallory (never verified)."""

    name = "kyc-credential"
    expired_error = "CredentialExpired"
    untrusted = ("UntrustedKycProvider", "signer")
    FIELDS = ("account", "tier", "jurisdiction", "expiry", "nonce", "deadline")

    def contract(self, ctx: Ctx) -> Contract:
        return ctx.system.token

    def signer(self, ctx: Ctx) -> LocalAccount:
        return ctx.actors.kyc_provider

    def message(self, ctx: Ctx, deadline: int) -> dict[str, Any]:
        account = ctx.actors.mallory.address
        return {
            "account": account,
            "tier": 2,
            "jurisdiction": 840,
            "expiry": ctx.now + YEAR,
            "nonce": ctx.system.token.fn.credentialNonces(account).call(),
            "deadline": deadline,
        }

    def sign(
        self, ctx: Ctx, msg: dict[str, Any], by: LocalAccount, chain_id: int, verifying: str
    ) -> Signature:
        return sign_kyc_credential(
            by,
            token_name=ctx.system.token.fn.name().call(),
            token_address=verifying,
            chain_id=chain_id,
            account=msg["account"],
            tier=msg["tier"],
            jurisdiction=msg["jurisdiction"],
            expiry=msg["expiry"],
            nonce=msg["nonce"],
            deadline=msg["deadline"],
        )

    def bind(self, ctx: Ctx, msg: dict[str, Any], sig: Signature) -> ContractFunction:
        credential = tuple(msg[k] for k in self.FIELDS)
        return ctx.system.token.fn.onboardWithCredential(credential, sig.signature)

    def struct_hash(self, ctx: Ctx, msg: dict[str, Any]) -> bytes:
        typehash = ctx.system.token.fn.KYC_CREDENTIAL_TYPEHASH().call()
        types = ["bytes32", "address", "uint8", "uint16", "uint40", "uint256", "uint256"]
        return keccak(encode(types, [typehash, *(msg[k] for k in self.FIELDS)]))

    def replayed(self, ctx: Ctx, msg: dict[str, Any], sig: Signature) -> tuple[str, dict]:
        given = msg["nonce"]
        return "InvalidCredentialNonce", {
            "account": msg["account"],
            "expected": given + 1,
            "given": given,
        }


class TravelRuleCommitment(Scheme):
    """The VASP's signed commitment for alice -> bob (registry nonces are unordered)."""

    name = "travel-rule"
    expired_error = "CommitmentSignatureExpired"
    untrusted = ("UntrustedVasp", "signer")
    FIELDS = ("token", "from", "to", "amount", "payloadHash", "nonce", "deadline")

    def contract(self, ctx: Ctx) -> Contract:
        return ctx.system.travel_rule_registry

    def signer(self, ctx: Ctx) -> LocalAccount:
        return ctx.actors.vasp

    def message(self, ctx: Ctx, deadline: int) -> dict[str, Any]:
        return {
            "token": ctx.system.token.address,
            "from": ctx.actors.alice.address,
            "to": ctx.actors.bob.address,
            "amount": 5_000_000_000,
            "payloadHash": keccak(text="IVMS101 alice -> bob 5000 USD"),
            "nonce": 4_242,
            "deadline": deadline,
        }

    def sign(
        self, ctx: Ctx, msg: dict[str, Any], by: LocalAccount, chain_id: int, verifying: str
    ) -> Signature:
        return sign_travel_rule_commitment(
            by,
            registry_address=verifying,
            chain_id=chain_id,
            token=msg["token"],
            from_=msg["from"],
            to=msg["to"],
            amount=msg["amount"],
            payload_hash=msg["payloadHash"],
            nonce=msg["nonce"],
            deadline=msg["deadline"],
        )

    def bind(self, ctx: Ctx, msg: dict[str, Any], sig: Signature) -> ContractFunction:
        commitment = tuple(msg[k] for k in self.FIELDS)
        return ctx.system.travel_rule_registry.fn.registerWithSig(commitment, sig.signature)

    def struct_hash(self, ctx: Ctx, msg: dict[str, Any]) -> bytes:
        typehash = ctx.system.travel_rule_registry.fn.COMMITMENT_TYPEHASH().call()
        types = [
            "bytes32",
            "address",
            "address",
            "address",
            "uint256",
            "bytes32",
            "uint256",
            "uint256",
        ]
        return keccak(encode(types, [typehash, *(msg[k] for k in self.FIELDS)]))

    def replayed(self, ctx: Ctx, msg: dict[str, Any], sig: Signature) -> tuple[str, dict]:
        return "CommitmentNonceUsed", {"vasp": ctx.actors.vasp.address, "nonce": msg["nonce"]}


class ReserveAttestation(Scheme):
    """The trusted auditor's attestation of 1,000,000 with one bucket, as of now."""

    name = "reserve-attestation"
    expired_error = "AttestationSignatureExpired"
    untrusted = ("UntrustedAuditor", "signer")

    def contract(self, ctx: Ctx) -> Contract:
        return ctx.system.attestor

    def signer(self, ctx: Ctx) -> LocalAccount:
        return ctx.actors.attestor  # the dev configuration's trusted auditor

    def message(self, ctx: Ctx, deadline: int) -> dict[str, Any]:
        reserves = 1_000_000 * 10**6
        auditor = ctx.actors.attestor.address
        return {
            "reserves": reserves,
            "asOf": ctx.now,
            "reportHash": keccak(text="reserve report, reliability suite"),
            "reportUri": "ipfs://reserve-report",
            "composition": [(b"T-BILLS".ljust(32, b"\0"), reserves)],
            "nonce": ctx.system.attestor.fn.auditorNonces(auditor).call(),
            "deadline": deadline,
        }

    def sign(
        self, ctx: Ctx, msg: dict[str, Any], by: LocalAccount, chain_id: int, verifying: str
    ) -> Signature:
        return sign_reserve_attestation(
            by,
            attestor_address=verifying,
            chain_id=chain_id,
            reserves=msg["reserves"],
            as_of=msg["asOf"],
            report_hash=msg["reportHash"],
            report_uri=msg["reportUri"],
            composition=msg["composition"],
            nonce=msg["nonce"],
            deadline=msg["deadline"],
        )

    def bind(self, ctx: Ctx, msg: dict[str, Any], sig: Signature) -> ContractFunction:
        fields = ("reserves", "asOf", "reportHash", "reportUri", "composition", "nonce", "deadline")
        return ctx.system.attestor.fn.attestSigned(*(msg[k] for k in fields), sig.signature)

    def struct_hash(self, ctx: Ctx, msg: dict[str, Any]) -> bytes:
        attestor = ctx.system.attestor.fn
        bucket_typehash = attestor.BUCKET_TYPEHASH().call()
        buckets = b"".join(
            keccak(encode(["bytes32", "bytes32", "uint256"], [bucket_typehash, asset, amount]))
            for asset, amount in msg["composition"]
        )
        types = [
            "bytes32",
            "uint256",
            "uint40",
            "bytes32",
            "bytes32",
            "bytes32",
            "uint256",
            "uint256",
        ]
        values = [
            attestor.RESERVE_ATTESTATION_TYPEHASH().call(),
            msg["reserves"],
            msg["asOf"],
            msg["reportHash"],
            keccak(text=msg["reportUri"]),
            keccak(buckets),
            msg["nonce"],
            msg["deadline"],
        ]
        return keccak(encode(types, values))

    def replayed(self, ctx: Ctx, msg: dict[str, Any], sig: Signature) -> tuple[str, dict]:
        given = msg["nonce"]
        return "InvalidAuditorNonce", {
            "auditor": ctx.actors.attestor.address,
            "expected": given + 1,
            "given": given,
        }


SCHEMES = [Permit(), PermitVrs(), KycCredential(), TravelRuleCommitment(), ReserveAttestation()]
ATTACKS = ["replay", "expired", "cross-chain", "other-contract", "malleable", "wrong-signer"]


@contextmanager
def _simulated(ctx: Ctx) -> Iterator[None]:
    """Fails if a block was mined or a nonce moved inside the block."""
    before = chain_state(ctx.chain)
    yield
    assert chain_state(ctx.chain) == before, "a simulated call mined something"


@pytest.fixture
def ctx(system: DeployedSystem, ck_actors: Actors, ck_chain: Chain) -> Ctx:
    return Ctx(system, ck_actors, ck_chain)


def _other_contract(ctx: Ctx, scheme: Scheme) -> str:
    """Another verifying contract: a different contract of the same system."""
    mine = scheme.contract(ctx).address
    return next(
        c.address
        for c in (ctx.system.attestor, ctx.system.travel_rule_registry, ctx.system.token)
        if c.address != mine
    )


def _expect(call: ContractFunction, submitter: str, error: str, args: dict[str, Any]) -> None:
    """``call``, simulated from ``submitter``, reverts with exactly ``error(args)``."""
    with pytest.raises(Reverted) as info:
        call.call(submitter)
    exc = info.value
    assert isinstance(exc, CustomErrorRevert), f"expected {error}, got {exc}"
    assert exc.name == error, f"expected {error}({args}), got {exc}"
    got = exc.args_by_name
    assert {k: got[k] for k in args} == args, f"expected {error}({args}), got {exc}"


@pytest.mark.parametrize("scheme", SCHEMES, ids=str)
def test_valid_signature_is_accepted(ctx: Ctx, scheme: Scheme) -> None:
    """The baseline: what the helper signs is what the contract verifies, whoever submits it;
    the digest rebuilt here recovers the signer too (so the expected addresses below hold)."""
    msg = scheme.message(ctx, deadline=ctx.now + HOUR)
    signer = scheme.signer(ctx)
    sig = scheme.sign(ctx, msg, signer, ctx.chain.chain_id, scheme.contract(ctx).address)
    assert recover(scheme.digest(ctx, msg), sig) == signer.address
    with _simulated(ctx):
        scheme.bind(ctx, msg, sig).call(ctx.actors.mallory.address)


@pytest.mark.parametrize("attack", ATTACKS)
@pytest.mark.parametrize("scheme", SCHEMES, ids=str)
def test_attack_is_refused(ctx: Ctx, scheme: Scheme, attack: str) -> None:
    chain_id = ctx.chain.chain_id
    contract = scheme.contract(ctx)
    signer = scheme.signer(ctx)
    submitter = ctx.actors.mallory.address
    deadline = ctx.now + HOUR
    msg = scheme.message(ctx, deadline)

    if attack == "replay":
        sig = scheme.sign(ctx, msg, signer, chain_id, contract.address)
        scheme.bind(ctx, msg, sig).transact(ctx.actors.mallory)  # the first submission counts
        error, args = scheme.replayed(ctx, msg, sig)
    elif attack == "expired":
        msg = scheme.message(ctx, deadline=ctx.now - 1)
        sig = scheme.sign(ctx, msg, signer, chain_id, contract.address)
        error, args = scheme.expired_error, {"deadline": msg["deadline"]}
    elif attack in ("cross-chain", "other-contract"):
        foreign = (
            (chain_id + 1, contract.address)
            if attack == "cross-chain"
            else (chain_id, _other_contract(ctx, scheme))
        )
        sig = scheme.sign(ctx, msg, signer, *foreign)
        recovered = recover(scheme.digest(ctx, msg), sig)
        assert recovered != signer.address
        error, args = scheme.refused_signer(ctx, msg, recovered)
    elif attack == "malleable":
        sig = malleable(scheme.sign(ctx, msg, signer, chain_id, contract.address))
        # plain ecrecover still yields the signer: only the low-s rule (EIP-2) stops the twin
        assert recover(scheme.digest(ctx, msg), sig) == signer.address
        error, args = "ECDSAInvalidSignatureS", {"s": sig.s}
    else:  # wrong-signer
        sig = scheme.forge(ctx, msg, ctx.actors.mallory)
        error, args = scheme.refused_signer(ctx, msg, ctx.actors.mallory.address)

    with _simulated(ctx):
        _expect(scheme.bind(ctx, msg, sig), submitter, error, args)
