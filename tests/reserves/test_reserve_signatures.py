"""Signed attestations: ``sign_reserve_attestation`` and ``ReserveAttestor.attestSigned``.

The EIP-712 digest is rebuilt here from the spec (string as keccak256, the ``Bucket[]`` as
keccak256 of the concatenated bucket struct hashes, the referenced type appended to the type
string), independently of both eth-account and the contract. When a signature is valid but made
over other data (another chain, another attestor, a tampered field), the contract recovers *some*
unrelated address; the tests compute it from the digest the contract builds, so every
``UntrustedAuditor`` is asserted with its exact argument.
"""

# Foundry-style names keep the Solidity function's camelCase: test_<fn>_reverts_when_<cond>
# ruff: noqa: N802

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import pytest
from behaviors.asserts import assert_events, reverts
from eth_abi import encode
from eth_account import Account
from eth_keys import keys
from eth_utils import keccak

from compliance_kit.chain.dev_accounts import dev_accounts
from compliance_kit.signatures import Signature, sign_reserve_attestation
from reserves.world import DAY, DEPOSITS, MAX_AGE, REPORT, REPORT_URI, T_BILLS, UNIT

if TYPE_CHECKING:
    from eth_account.signers.local import LocalAccount

    from compliance_kit.chain import Embedded
    from compliance_kit.contracts import Contract
    from reserves.world import Actors

Clock = Callable[[], int]
Warp = Callable[[int], None]

#: order of secp256k1
SECP256K1_N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141
DOMAIN_TYPEHASH = keccak(
    text="EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"
)
BUCKET_TYPEHASH = keccak(text="Bucket(bytes32 asset,uint256 amount)")
ATTESTATION_TYPEHASH = keccak(
    text="ReserveAttestation(uint256 reserves,uint40 asOf,bytes32 reportHash,string reportUri,"
    "Bucket[] composition,uint256 nonce,uint256 deadline)Bucket(bytes32 asset,uint256 amount)"
)
RESERVES = 8_000_000 * UNIT
COMPOSITION = [(T_BILLS, 5_000_000 * UNIT), (DEPOSITS, 3_000_000 * UNIT)]


@dataclass(frozen=True)
class Message:
    """The fields of a ``ReserveAttestation``."""

    reserves: int
    as_of: int
    report_hash: bytes
    report_uri: str
    composition: list[tuple[bytes, int]]
    nonce: int
    deadline: int

    def args(self) -> tuple[Any, ...]:
        """``attestSigned``'s arguments before the signature."""
        return (
            self.reserves,
            self.as_of,
            self.report_hash,
            self.report_uri,
            self.composition,
            self.nonce,
            self.deadline,
        )


# --- helpers --------------------------------------------------------------------------------


def _struct_hash(m: Message) -> bytes:
    buckets = b"".join(
        keccak(encode(["bytes32", "bytes32", "uint256"], [BUCKET_TYPEHASH, a, amount]))
        for a, amount in m.composition
    )
    types = ["bytes32", "uint256", "uint40", "bytes32", "bytes32", "bytes32", "uint256", "uint256"]
    values = [
        ATTESTATION_TYPEHASH,
        m.reserves,
        m.as_of,
        m.report_hash,
        keccak(text=m.report_uri),
        keccak(buckets),
        m.nonce,
        m.deadline,
    ]
    return keccak(encode(types, values))


def _domain_separator(chain_id: int, attestor: str) -> bytes:
    types = ["bytes32", "bytes32", "bytes32", "uint256", "address"]
    name, version = keccak(text="ReserveAttestor"), keccak(text="1")
    return keccak(encode(types, [DOMAIN_TYPEHASH, name, version, chain_id, attestor]))


def _digest(chain_id: int, attestor: str, m: Message) -> bytes:
    return keccak(b"\x19\x01" + _domain_separator(chain_id, attestor) + _struct_hash(m))


def _recover(digest: bytes, sig: Signature) -> str:
    """The address ``ecrecover(digest, sig)`` gives, as the contract's ECDSA.recover does."""
    vrs = (sig.v - 27, int.from_bytes(sig.r, "big"), int.from_bytes(sig.s, "big"))
    return keys.Signature(vrs=vrs).recover_public_key_from_msg_hash(digest).to_checksum_address()


def _sign(
    signer: LocalAccount, attestor: str, chain_id: int, m: Message, *, name: str = "ReserveAttestor"
) -> Signature:
    return sign_reserve_attestation(
        signer,
        attestor_address=attestor,
        chain_id=chain_id,
        reserves=m.reserves,
        as_of=m.as_of,
        report_hash=m.report_hash,
        report_uri=m.report_uri,
        composition=m.composition,
        nonce=m.nonce,
        deadline=m.deadline,
        name=name,
    )


def _malleable(sig: Signature) -> Signature:
    """The same signature with ``s`` flipped to ``n - s`` (and ``v`` to the other parity): valid
    for raw ecrecover, refused by OpenZeppelin's ECDSA (EIP-2)."""
    s = (SECP256K1_N - int.from_bytes(sig.s, "big")).to_bytes(32, "big")
    v = 55 - sig.v
    return Signature(v, sig.r, s, sig.r + s + bytes([v]))


@pytest.fixture
def message(now: Clock) -> Message:
    """A nonce-0 attestation as of yesterday, submittable for an hour."""
    return Message(RESERVES, now() - DAY, REPORT, REPORT_URI, COMPOSITION, 0, now() + 3_600)


def _submit(attestor: Contract, m: Message, sig: Signature, sender: LocalAccount) -> Any:
    return attestor.fn.attestSigned(*m.args(), sig.signature).transact(sender)


# --- the Python helper, without a chain -----------------------------------------------------


@pytest.mark.parametrize(
    "composition", [COMPOSITION, [], [(T_BILLS, 1)]], ids=["two", "empty", "one"]
)
@pytest.mark.parametrize("uri", [REPORT_URI, ""], ids=["uri", "no-uri"])
def test_sign_reserve_attestation_signs_the_spec_digest(
    composition: list[tuple[bytes, int]], uri: str
) -> None:
    (auditor,) = dev_accounts(1)
    attestor = "0x5FbDB2315678afecb367f032d93F642f64180aa3"
    m = Message(RESERVES, 1_700_000_000, REPORT, uri, composition, 3, 2**40)
    sig = _sign(auditor, attestor, 31337, m)

    digest = _digest(31337, attestor, m)
    assert _recover(digest, sig) == auditor.address
    assert Account._recover_hash(digest, signature=sig.signature) == auditor.address
    assert sig.signature == sig.r + sig.s + bytes([sig.v])
    assert sig.v in (27, 28)
    assert int.from_bytes(sig.s, "big") <= SECP256K1_N // 2  # low-s, as OpenZeppelin requires


def test_sign_reserve_attestation_domain_name_and_version_are_parameters() -> None:
    (auditor,) = dev_accounts(1)
    attestor = "0x5FbDB2315678afecb367f032d93F642f64180aa3"
    m = Message(RESERVES, 1, REPORT, "", [], 0, 1)
    default = _sign(auditor, attestor, 1, m)
    other = _sign(auditor, attestor, 1, m, name="Other")
    assert default.signature != other.signature


# --- attestSigned ---------------------------------------------------------------------------


def test_attestSigned_records_the_signer_as_auditor_and_uses_its_nonce(
    attestor: Contract, chain: Embedded, actors: Actors, message: Message, now: Clock
) -> None:
    sig = _sign(actors.auditor, attestor.address, chain.chain_id, message)
    posted_at = now()
    call = attestor.fn.attestSigned(*message.args(), sig.signature)
    assert call.call(actors.outsider.address) == 0  # the index it returns

    receipt = call.transact(actors.outsider)  # anyone may submit

    auditor = actors.auditor.address
    assert_events(
        attestor,
        receipt,
        [
            (
                "ReservesAttested",
                {
                    "index": 0,
                    "reserves": RESERVES,
                    "asOf": message.as_of,
                    "reportHash": REPORT,
                    "auditor": auditor,
                    "reportUri": REPORT_URI,
                },
            )
        ],
    )
    assert attestor.fn.latestAttestation().call() == (
        RESERVES,
        message.as_of,
        REPORT,
        REPORT_URI,
        tuple(COMPOSITION),
        auditor,
        posted_at,
    )
    assert attestor.fn.auditorNonces(auditor).call() == 1
    assert attestor.fn.auditorNonces(actors.outsider.address).call() == 0
    assert attestor.fn.mintableReserves().call() == (RESERVES, message.as_of, MAX_AGE)


def test_attestSigned_accepts_an_empty_composition_and_uri(
    attestor: Contract, chain: Embedded, actors: Actors, message: Message
) -> None:
    m = replace(message, report_uri="", composition=[])
    _submit(attestor, m, _sign(actors.auditor, attestor.address, chain.chain_id, m), actors.auditor)
    record = attestor.fn.latestAttestation().call()
    assert (record[3], record[4], record[5]) == ("", (), actors.auditor.address)


def test_attestSigned_nonces_are_per_auditor_and_sequential(
    attestor: Contract, chain: Embedded, actors: Actors, message: Message
) -> None:
    chain_id = chain.chain_id
    first = message
    _submit(
        attestor, first, _sign(actors.auditor, attestor.address, chain_id, first), actors.auditor
    )
    second = replace(message, nonce=1, reserves=RESERVES + 1, composition=[])
    _submit(
        attestor, second, _sign(actors.auditor, attestor.address, chain_id, second), actors.auditor
    )
    other = replace(message, nonce=0, composition=[])  # auditor2 starts at its own nonce 0
    _submit(
        attestor, other, _sign(actors.auditor2, attestor.address, chain_id, other), actors.auditor
    )

    assert attestor.fn.auditorNonces(actors.auditor.address).call() == 2
    assert attestor.fn.auditorNonces(actors.auditor2.address).call() == 1
    assert attestor.fn.attestationCount().call() == 3
    assert attestor.fn.latestAttestation().call()[5] == actors.auditor2.address


def test_attestSigned_is_valid_exactly_at_its_deadline(
    attestor: Contract, chain: Embedded, actors: Actors, message: Message, warp: Warp
) -> None:
    sig = _sign(actors.auditor, attestor.address, chain.chain_id, message)
    warp(message.deadline)
    _submit(attestor, message, sig, actors.outsider)
    assert attestor.fn.attestationCount().call() == 1


def test_attestSigned_reverts_when_replayed(
    attestor: Contract, chain: Embedded, actors: Actors, message: Message
) -> None:
    sig = _sign(actors.auditor, attestor.address, chain.chain_id, message)
    _submit(attestor, message, sig, actors.outsider)
    with reverts("InvalidAuditorNonce", auditor=actors.auditor.address, expected=1, given=0):
        _submit(attestor, message, sig, actors.outsider)
    assert attestor.fn.attestationCount().call() == 1


def test_attestSigned_reverts_when_the_nonce_skips_ahead(
    attestor: Contract, chain: Embedded, actors: Actors, message: Message
) -> None:
    m = replace(message, nonce=1)
    sig = _sign(actors.auditor, attestor.address, chain.chain_id, m)
    with reverts("InvalidAuditorNonce", auditor=actors.auditor.address, expected=0, given=1):
        _submit(attestor, m, sig, actors.outsider)


def test_attestSigned_reverts_when_the_deadline_has_passed(
    attestor: Contract, chain: Embedded, actors: Actors, message: Message, warp: Warp
) -> None:
    sig = _sign(actors.auditor, attestor.address, chain.chain_id, message)
    warp(message.deadline + 1)
    with reverts(
        "AttestationSignatureExpired",
        deadline=message.deadline,
        currentTime=message.deadline + 1,
    ):
        _submit(attestor, message, sig, actors.outsider)
    assert attestor.fn.auditorNonces(actors.auditor.address).call() == 0


def test_attestSigned_reverts_when_the_signer_is_not_a_trusted_auditor(
    attestor: Contract, chain: Embedded, actors: Actors, message: Message
) -> None:
    sig = _sign(actors.outsider, attestor.address, chain.chain_id, message)
    with reverts("UntrustedAuditor", signer=actors.outsider.address):
        _submit(attestor, message, sig, actors.outsider)


def test_attestSigned_reverts_when_the_auditor_was_distrusted(
    attestor: Contract, chain: Embedded, actors: Actors, message: Message
) -> None:
    sig = _sign(actors.auditor, attestor.address, chain.chain_id, message)
    attestor.fn.setAuditor(actors.auditor.address, False).transact(actors.admin)
    with reverts("UntrustedAuditor", signer=actors.auditor.address):
        _submit(attestor, message, sig, actors.outsider)


def test_attestSigned_reverts_when_signed_for_another_chain(
    attestor: Contract, chain: Embedded, actors: Actors, message: Message
) -> None:
    sig = _sign(actors.auditor, attestor.address, chain.chain_id + 1, message)
    signer = _recover(_digest(chain.chain_id, attestor.address, message), sig)
    assert signer != actors.auditor.address
    with reverts("UntrustedAuditor", signer=signer):
        _submit(attestor, message, sig, actors.outsider)


def test_attestSigned_reverts_when_signed_for_another_attestor(
    attestor: Contract, chain: Embedded, actors: Actors, message: Message
) -> None:
    other = actors.outsider.address  # any other verifying contract
    sig = _sign(actors.auditor, other, chain.chain_id, message)
    signer = _recover(_digest(chain.chain_id, attestor.address, message), sig)
    with reverts("UntrustedAuditor", signer=signer):
        _submit(attestor, message, sig, actors.outsider)


@pytest.mark.parametrize(
    "field",
    ["reserves", "as_of", "report_hash", "report_uri", "composition", "deadline"],
)
def test_attestSigned_reverts_when_a_field_was_tampered_with(
    attestor: Contract, chain: Embedded, actors: Actors, message: Message, field: str
) -> None:
    sig = _sign(actors.auditor, attestor.address, chain.chain_id, message)
    changes: dict[str, Any] = {
        "reserves": {"reserves": RESERVES + 1, "composition": []},
        "as_of": {"as_of": message.as_of - 1},
        "report_hash": {"report_hash": keccak(text="another report")},
        "report_uri": {"report_uri": REPORT_URI + "x"},
        "composition": {"composition": list(reversed(COMPOSITION))},
        "deadline": {"deadline": message.deadline + 1},
    }
    tampered = replace(message, **changes[field])
    signer = _recover(_digest(chain.chain_id, attestor.address, tampered), sig)
    assert signer != actors.auditor.address
    with reverts("UntrustedAuditor", signer=signer):
        _submit(attestor, tampered, sig, actors.outsider)


def test_attestSigned_reverts_on_a_high_s_signature(
    attestor: Contract, chain: Embedded, actors: Actors, message: Message
) -> None:
    sig = _malleable(_sign(actors.auditor, attestor.address, chain.chain_id, message))
    # the flipped signature is valid for raw ecrecover ...
    digest = _digest(chain.chain_id, attestor.address, message)
    assert _recover(digest, sig) == actors.auditor.address
    # ... and refused by OpenZeppelin's ECDSA
    with reverts("ECDSAInvalidSignatureS", s=sig.s):
        _submit(attestor, message, sig, actors.outsider)


def test_attestSigned_reverts_on_a_signature_of_the_wrong_length(
    attestor: Contract, chain: Embedded, actors: Actors, message: Message
) -> None:
    sig = _sign(actors.auditor, attestor.address, chain.chain_id, message)
    with reverts("ECDSAInvalidSignatureLength", length=64):
        attestor.fn.attestSigned(*message.args(), sig.signature[:64]).transact(actors.outsider)


def test_attestSigned_applies_the_attestation_checks_and_keeps_the_nonce(
    attestor: Contract, chain: Embedded, actors: Actors, message: Message, now: Clock
) -> None:
    chain_id = chain.chain_id
    future = replace(message, as_of=now() + 1)
    with reverts("AttestationFromFuture", asOf=now() + 1, currentTime=now()):
        _submit(
            attestor,
            future,
            _sign(actors.auditor, attestor.address, chain_id, future),
            actors.auditor,
        )
    short = replace(message, composition=[(T_BILLS, 1)])
    with reverts("CompositionMismatch", sum=1, reserves=RESERVES):
        _submit(
            attestor,
            short,
            _sign(actors.auditor, attestor.address, chain_id, short),
            actors.auditor,
        )
    assert attestor.fn.auditorNonces(actors.auditor.address).call() == 0
