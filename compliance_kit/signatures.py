"""EIP-712 signatures the token verifies: EIP-2612 permits and signed KYC credentials.

Both are signed locally with eth-account over the token's domain
(``name`` = token name, ``version`` = "1", ``chainId``, ``verifyingContract`` = token address).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from eth_account.signers.local import LocalAccount

_DOMAIN_TYPE = [
    {"name": "name", "type": "string"},
    {"name": "version", "type": "string"},
    {"name": "chainId", "type": "uint256"},
    {"name": "verifyingContract", "type": "address"},
]
_PERMIT_TYPE = [
    {"name": "owner", "type": "address"},
    {"name": "spender", "type": "address"},
    {"name": "value", "type": "uint256"},
    {"name": "nonce", "type": "uint256"},
    {"name": "deadline", "type": "uint256"},
]
_KYC_CREDENTIAL_TYPE = [
    {"name": "account", "type": "address"},
    {"name": "tier", "type": "uint8"},
    {"name": "jurisdiction", "type": "uint16"},
    {"name": "expiry", "type": "uint40"},
    {"name": "nonce", "type": "uint256"},
    {"name": "deadline", "type": "uint256"},
]


@dataclass(frozen=True)
class Signature:
    """An ECDSA signature: ``v`` (27/28), ``r`` and ``s`` (32 bytes each), and the 65-byte
    ``signature`` (``r ‖ s ‖ v``) for functions that take ``bytes``."""

    v: int
    r: bytes
    s: bytes
    signature: bytes


def _sign(
    signer: LocalAccount,
    *,
    primary_type: str,
    fields: list[dict[str, str]],
    domain: dict[str, Any],
    message: dict[str, Any],
    struct_types: dict[str, list[dict[str, str]]] | None = None,
) -> Signature:
    """``message`` of ``primary_type`` (``fields``; nested structs in ``struct_types``) signed
    by ``signer`` as EIP-712 typed data under ``domain``."""
    from eth_account.messages import encode_typed_data

    typed = {
        "types": {"EIP712Domain": _DOMAIN_TYPE, primary_type: fields, **(struct_types or {})},
        "primaryType": primary_type,
        "domain": domain,
        "message": message,
    }
    signed = signer.sign_message(encode_typed_data(full_message=typed))
    return Signature(
        v=int(signed.v),
        r=int(signed.r).to_bytes(32, "big"),
        s=int(signed.s).to_bytes(32, "big"),
        signature=bytes(signed.signature),
    )


def _domain(token_name: str, version: str, chain_id: int, token_address: str) -> dict[str, Any]:
    return {
        "name": token_name,
        "version": version,
        "chainId": chain_id,
        "verifyingContract": token_address,
    }


def sign_permit(
    owner: LocalAccount,
    *,
    token_name: str,
    token_address: str,
    chain_id: int,
    spender: str,
    value: int,
    nonce: int,
    deadline: int,
    version: str = "1",
) -> Signature:
    """``owner``'s EIP-2612 ``Permit`` letting ``spender`` spend ``value`` until ``deadline``."""
    return _sign(
        owner,
        primary_type="Permit",
        fields=_PERMIT_TYPE,
        domain=_domain(token_name, version, chain_id, token_address),
        message={
            "owner": owner.address,
            "spender": spender,
            "value": value,
            "nonce": nonce,
            "deadline": deadline,
        },
    )


def sign_kyc_credential(
    provider: LocalAccount,
    *,
    token_name: str,
    token_address: str,
    chain_id: int,
    account: str,
    tier: int,
    jurisdiction: int,
    expiry: int,
    nonce: int,
    deadline: int,
    version: str = "1",
) -> Signature:
    """A ``KycCredential`` for ``account``, signed by the KYC ``provider``, for
    ``onboardWithCredential``."""
    return _sign(
        provider,
        primary_type="KycCredential",
        fields=_KYC_CREDENTIAL_TYPE,
        domain=_domain(token_name, version, chain_id, token_address),
        message={
            "account": account,
            "tier": tier,
            "jurisdiction": jurisdiction,
            "expiry": expiry,
            "nonce": nonce,
            "deadline": deadline,
        },
    )


_BUCKET_TYPE = [
    {"name": "asset", "type": "bytes32"},
    {"name": "amount", "type": "uint256"},
]
_RESERVE_ATTESTATION_TYPE = [
    {"name": "reserves", "type": "uint256"},
    {"name": "asOf", "type": "uint40"},
    {"name": "reportHash", "type": "bytes32"},
    {"name": "reportUri", "type": "string"},
    {"name": "composition", "type": "Bucket[]"},
    {"name": "nonce", "type": "uint256"},
    {"name": "deadline", "type": "uint256"},
]


def sign_reserve_attestation(
    auditor: LocalAccount,
    *,
    attestor_address: str,
    chain_id: int,
    reserves: int,
    as_of: int,
    report_hash: bytes,
    report_uri: str,
    composition: list[tuple[bytes, int]],
    nonce: int,
    deadline: int,
    name: str = "ReserveAttestor",
    version: str = "1",
) -> Signature:
    """A ``ReserveAttestation`` signed by ``auditor`` for ``ReserveAttestor.attestSigned``.

    ``composition`` lists ``(asset, amount)`` buckets (``asset`` 32 bytes, ``amount`` in token base
    units); ``nonce`` is the auditor's ``auditorNonces`` value. The domain is the attestor's
    (``name`` "ReserveAttestor", ``version`` "1", ``chainId``, ``verifyingContract``).
    """
    return _sign(
        auditor,
        primary_type="ReserveAttestation",
        fields=_RESERVE_ATTESTATION_TYPE,
        struct_types={"Bucket": _BUCKET_TYPE},
        domain=_domain(name, version, chain_id, attestor_address),
        message={
            "reserves": reserves,
            "asOf": as_of,
            "reportHash": report_hash,
            "reportUri": report_uri,
            "composition": [{"asset": asset, "amount": amount} for asset, amount in composition],
            "nonce": nonce,
            "deadline": deadline,
        },
    )


_SIGNED_COMMITMENT_TYPE = [
    {"name": "token", "type": "address"},
    {"name": "from", "type": "address"},
    {"name": "to", "type": "address"},
    {"name": "amount", "type": "uint256"},
    {"name": "payloadHash", "type": "bytes32"},
    {"name": "nonce", "type": "uint256"},
    {"name": "deadline", "type": "uint256"},
]


def sign_travel_rule_commitment(
    vasp: LocalAccount,
    *,
    registry_address: str,
    chain_id: int,
    token: str,
    from_: str,
    to: str,
    amount: int,
    payload_hash: bytes,
    nonce: int,
    deadline: int,
    name: str = "TravelRuleRegistry",
    version: str = "1",
) -> Signature:
    """A travel-rule ``SignedCommitment`` signed by ``vasp`` for
    ``TravelRuleRegistry.registerWithSig``: ``keccak256(IVMS101 payload)`` (``payload_hash``, 32
    bytes) bound to ``token``'s transfer of ``amount`` base units from ``from_`` to ``to``.

    ``nonce`` is any value the VASP has not used yet (the registry's nonces are unordered:
    ``isNonceUsed``); ``deadline`` the last unix time it may be submitted. The domain is the
    registry's (``name`` "TravelRuleRegistry", ``version`` "1", ``chainId``,
    ``verifyingContract``).
    """
    return _sign(
        vasp,
        primary_type="SignedCommitment",
        fields=_SIGNED_COMMITMENT_TYPE,
        domain=_domain(name, version, chain_id, registry_address),
        message={
            "token": token,
            "from": from_,
            "to": to,
            "amount": amount,
            "payloadHash": payload_hash,
            "nonce": nonce,
            "deadline": deadline,
        },
    )
