"""EIP-712 signatures the token verifies: EIP-2612 permits (v,r,s and bytes forms, EOAs and an
ERC-1271 smart wallet) and signed KYC credentials (self-onboarding).

Signatures come from ``compliance_kit.signatures``. When a signature is valid but made over the
wrong message (another chain, a replayed nonce, a tampered field), the contract recovers *some*
other address; the tests compute that address from the digest the contract builds, so every
``ERC2612InvalidSigner`` / ``UntrustedKycProvider`` is asserted with its exact arguments.
"""

# Foundry-style names keep the Solidity function's camelCase: test_<fn>_reverts_when_<cond>
# ruff: noqa: N802

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest
from behaviors.asserts import assert_events, reverts
from behaviors.stablecoin import NAME, UINT256_MAX
from eth_abi import encode
from eth_keys import keys
from eth_utils import keccak

from compliance_kit.signatures import Signature, sign_kyc_credential, sign_permit

if TYPE_CHECKING:
    from behaviors.stablecoin import Actors, StablecoinEnv
    from eth_account.signers.local import LocalAccount

    from compliance_kit.chain import Embedded
    from compliance_kit.contracts import Contract, ContractFunction

Clock = Callable[[], int]
Warp = Callable[[int], None]

#: order of secp256k1
SECP256K1_N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141
PERMIT_TYPEHASH = keccak(
    text="Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)"
)
CREDENTIAL_TYPEHASH = keccak(
    text="KycCredential(address account,uint8 tier,uint16 jurisdiction,uint40 expiry,"
    "uint256 nonce,uint256 deadline)"
)
ORDER = keccak(text="order 7")
VALUE = 1_234_000


# --- helpers --------------------------------------------------------------------------------


def _digest(token: Contract, struct_hash: bytes) -> bytes:
    """The EIP-712 digest the token computes (its own domain separator)."""
    return keccak(b"\x19\x01" + token.fn.DOMAIN_SEPARATOR().call() + struct_hash)


def _permit_digest(
    token: Contract, owner: str, spender: str, value: int, nonce: int, deadline: int
) -> bytes:
    types = ["bytes32", "address", "address", "uint256", "uint256", "uint256"]
    values = [PERMIT_TYPEHASH, owner, spender, value, nonce, deadline]
    return _digest(token, keccak(encode(types, values)))


def _credential_digest(token: Contract, credential: tuple[int | str, ...]) -> bytes:
    types = ["bytes32", "address", "uint8", "uint16", "uint40", "uint256", "uint256"]
    return _digest(token, keccak(encode(types, [CREDENTIAL_TYPEHASH, *credential])))


def _recover(digest: bytes, sig: Signature) -> str:
    """The address ``ecrecover(digest, sig)`` gives, as the contract's ECDSA.recover does."""
    vrs = (sig.v - 27, int.from_bytes(sig.r, "big"), int.from_bytes(sig.s, "big"))
    return keys.Signature(vrs=vrs).recover_public_key_from_msg_hash(digest).to_checksum_address()


def _sign_digest(account: LocalAccount, digest: bytes) -> Signature:
    """``account``'s raw signature over ``digest`` (no prefix), v in {27, 28}."""
    raw = keys.PrivateKey(account.key).sign_msg_hash(digest)
    r, s, v = raw.r.to_bytes(32, "big"), raw.s.to_bytes(32, "big"), raw.v + 27
    return Signature(v, r, s, r + s + bytes([v]))


def _malleable(sig: Signature) -> Signature:
    """The same signature with ``s`` flipped to ``n - s`` (and ``v`` to the other parity): valid
    for raw ecrecover, refused by OpenZeppelin's ECDSA (EIP-2)."""
    s = (SECP256K1_N - int.from_bytes(sig.s, "big")).to_bytes(32, "big")
    v = 55 - sig.v
    return Signature(v, sig.r, s, sig.r + s + bytes([v]))


def _vrs(sig: Signature) -> tuple[int, bytes, bytes]:
    return sig.v, sig.r, sig.s


# --- permit ---------------------------------------------------------------------------------


@pytest.fixture
def deadline(now: Clock) -> int:
    return now() + 3_600


@pytest.fixture
def permit_sig(token: Contract, chain: Embedded, actors: Actors, deadline: int) -> Signature:
    """alice's permit letting carol spend VALUE until ``deadline`` (nonce 0)."""
    return sign_permit(
        actors.alice,
        token_name=NAME,
        token_address=token.address,
        chain_id=chain.chain_id,
        spender=actors.carol.address,
        value=VALUE,
        nonce=0,
        deadline=deadline,
    )


def _submit_permit(
    token: Contract, form: str, owner: str, spender: str, value: int, deadline: int, sig: Signature
) -> ContractFunction:
    """The permit call in ``form`` ("vrs" or "bytes")."""
    if form == "vrs":
        return token.fn.permit(owner, spender, value, deadline, *_vrs(sig))
    return token.fn.permit(owner, spender, value, deadline, sig.signature)


FORMS = ["vrs", "bytes"]


@pytest.mark.parametrize("form", FORMS)
def test_permit_sets_the_allowance_emits_approval_and_uses_the_nonce(
    token: Contract, actors: Actors, deadline: int, permit_sig: Signature, form: str
) -> None:
    alice, carol = actors.alice.address, actors.carol.address
    bound = _submit_permit(token, form, alice, carol, VALUE, deadline, permit_sig)

    receipt = bound.transact(actors.mallory)  # anyone may submit

    assert token.fn.allowance(alice, carol).call() == VALUE
    assert token.fn.nonces(alice).call() == 1
    assert_events(
        token, receipt, [("Approval", {"owner": alice, "spender": carol, "value": VALUE})]
    )


def test_permit_allowance_can_be_spent(
    token: Contract, actors: Actors, deadline: int, permit_sig: Signature
) -> None:
    alice, carol = actors.alice.address, actors.carol.address
    token.fn.permit(alice, carol, VALUE, deadline, *_vrs(permit_sig)).transact(actors.carol)

    token.fn.transferFrom(alice, actors.bob.address, VALUE).transact(actors.carol)

    assert token.fn.allowance(alice, carol).call() == 0


def test_permit_is_valid_exactly_at_its_deadline(
    token: Contract, actors: Actors, deadline: int, permit_sig: Signature, warp: Warp
) -> None:
    warp(deadline)
    token.fn.permit(
        actors.alice.address, actors.carol.address, VALUE, deadline, *_vrs(permit_sig)
    ).transact(actors.carol)
    assert token.fn.nonces(actors.alice.address).call() == 1


@pytest.mark.parametrize("form", FORMS)
def test_permit_reverts_when_replayed(
    token: Contract, actors: Actors, deadline: int, permit_sig: Signature, form: str
) -> None:
    alice, carol = actors.alice.address, actors.carol.address
    _submit_permit(token, form, alice, carol, VALUE, deadline, permit_sig).transact(actors.carol)
    token.fn.approve(carol, 0).transact(actors.alice)
    # the nonce moved on: the same signature now recovers to an unrelated address
    signer = _recover(_permit_digest(token, alice, carol, VALUE, 1, deadline), permit_sig)

    with reverts("ERC2612InvalidSigner", signer=signer, owner=alice):
        _submit_permit(token, form, alice, carol, VALUE, deadline, permit_sig).transact(
            actors.carol
        )
    assert token.fn.allowance(alice, carol).call() == 0


@pytest.mark.parametrize("form", FORMS)
def test_permit_reverts_when_deadline_has_passed(
    token: Contract, actors: Actors, deadline: int, permit_sig: Signature, warp: Warp, form: str
) -> None:
    warp(deadline + 1)
    with reverts("ERC2612ExpiredSignature", deadline=deadline):
        _submit_permit(
            token, form, actors.alice.address, actors.carol.address, VALUE, deadline, permit_sig
        ).transact(actors.carol)
    assert token.fn.nonces(actors.alice.address).call() == 0


@pytest.mark.parametrize("form", FORMS)
def test_permit_reverts_when_signed_for_another_chain(
    token: Contract, chain: Embedded, actors: Actors, deadline: int, form: str
) -> None:
    alice, carol = actors.alice.address, actors.carol.address
    sig = sign_permit(
        actors.alice,
        token_name=NAME,
        token_address=token.address,
        chain_id=chain.chain_id + 1,
        spender=carol,
        value=VALUE,
        nonce=0,
        deadline=deadline,
    )
    signer = _recover(_permit_digest(token, alice, carol, VALUE, 0, deadline), sig)
    assert signer != alice

    with reverts("ERC2612InvalidSigner", signer=signer, owner=alice):
        _submit_permit(token, form, alice, carol, VALUE, deadline, sig).transact(actors.carol)


@pytest.mark.parametrize("form", FORMS)
def test_permit_reverts_when_signed_by_someone_else(
    token: Contract, actors: Actors, deadline: int, form: str
) -> None:
    alice, carol = actors.alice.address, actors.carol.address
    sig = _sign_digest(actors.mallory, _permit_digest(token, alice, carol, VALUE, 0, deadline))

    with reverts("ERC2612InvalidSigner", signer=actors.mallory.address, owner=alice):
        _submit_permit(token, form, alice, carol, VALUE, deadline, sig).transact(actors.mallory)


@pytest.mark.parametrize("form", FORMS)
def test_permit_reverts_when_a_field_was_changed(
    token: Contract, actors: Actors, deadline: int, permit_sig: Signature, form: str
) -> None:
    alice, carol = actors.alice.address, actors.carol.address
    signer = _recover(_permit_digest(token, alice, carol, UINT256_MAX, 0, deadline), permit_sig)

    with reverts("ERC2612InvalidSigner", signer=signer, owner=alice):
        _submit_permit(token, form, alice, carol, UINT256_MAX, deadline, permit_sig).transact(
            actors.carol
        )


@pytest.mark.parametrize("form", FORMS)
def test_permit_reverts_when_signature_is_malleable(
    token: Contract, actors: Actors, deadline: int, permit_sig: Signature, form: str
) -> None:
    flipped = _malleable(permit_sig)
    alice, carol = actors.alice.address, actors.carol.address
    # the flipped signature still recovers alice with plain ecrecover: only EIP-2 stops it
    digest = _permit_digest(token, alice, carol, VALUE, 0, deadline)
    assert _recover(digest, flipped) == alice

    with reverts("ECDSAInvalidSignatureS", s=flipped.s):
        _submit_permit(token, form, alice, carol, VALUE, deadline, flipped).transact(actors.carol)


def test_permit_reverts_when_v_is_invalid(
    token: Contract, actors: Actors, deadline: int, permit_sig: Signature
) -> None:
    with reverts("ECDSAInvalidSignature"):
        token.fn.permit(
            actors.alice.address,
            actors.carol.address,
            VALUE,
            deadline,
            29,
            permit_sig.r,
            permit_sig.s,
        ).transact(actors.carol)


@pytest.mark.parametrize("length", [0, 64, 66])
def test_permit_reverts_when_signature_length_is_wrong(
    token: Contract, actors: Actors, deadline: int, permit_sig: Signature, length: int
) -> None:
    signature = (permit_sig.signature + b"\x00")[:length]
    with reverts("ECDSAInvalidSignatureLength", length=length):
        token.fn.permit(
            actors.alice.address, actors.carol.address, VALUE, deadline, signature
        ).transact(actors.carol)


def test_permit_is_allowed_while_paused(
    token: Contract, actors: Actors, deadline: int, permit_sig: Signature
) -> None:
    token.fn.pause().transact(actors.pauser)
    token.fn.permit(
        actors.alice.address, actors.carol.address, VALUE, deadline, *_vrs(permit_sig)
    ).transact(actors.carol)
    assert token.fn.allowance(actors.alice.address, actors.carol.address).call() == VALUE


@pytest.mark.parametrize("frozen", ["owner", "spender"])
@pytest.mark.parametrize("form", FORMS)
def test_permit_reverts_when_owner_or_spender_is_frozen(
    token: Contract,
    actors: Actors,
    deadline: int,
    permit_sig: Signature,
    form: str,
    frozen: str,
) -> None:
    alice, carol = actors.alice.address, actors.carol.address
    account = alice if frozen == "owner" else carol
    token.fn.freeze(account, ORDER).transact(actors.compliance_officer)

    with reverts("AccountFrozen", account=account):
        _submit_permit(token, form, alice, carol, VALUE, deadline, permit_sig).transact(actors.bob)
    assert token.fn.nonces(alice).call() == 0
    assert token.fn.allowance(alice, carol).call() == 0


# --- permit for an ERC-1271 smart wallet ----------------------------------------------------


def test_permit_for_a_smart_wallet_checks_erc1271(
    token: Contract, env: StablecoinEnv, actors: Actors, deadline: int
) -> None:
    wallet, carol = env.wallet.address, actors.carol.address
    sig = _sign_digest(actors.alice, _permit_digest(token, wallet, carol, VALUE, 0, deadline))

    receipt = token.fn.permit(wallet, carol, VALUE, deadline, sig.signature).transact(actors.bob)

    assert token.fn.allowance(wallet, carol).call() == VALUE
    assert token.fn.nonces(wallet).call() == 1
    assert_events(
        token, receipt, [("Approval", {"owner": wallet, "spender": carol, "value": VALUE})]
    )


def test_permit_reverts_when_the_smart_wallet_refuses_the_signature(
    token: Contract, env: StablecoinEnv, actors: Actors, deadline: int
) -> None:
    wallet, carol = env.wallet.address, actors.carol.address
    sig = _sign_digest(actors.mallory, _permit_digest(token, wallet, carol, VALUE, 0, deadline))

    with reverts("InvalidSmartWalletSignature", owner=wallet):
        token.fn.permit(wallet, carol, VALUE, deadline, sig.signature).transact(actors.bob)


def test_permit_vrs_form_reverts_for_a_smart_wallet(
    token: Contract, env: StablecoinEnv, actors: Actors, deadline: int
) -> None:
    """The (v, r, s) form is EOA-only: the owner's key would have to be the wallet's address."""
    wallet, carol = env.wallet.address, actors.carol.address
    sig = _sign_digest(actors.alice, _permit_digest(token, wallet, carol, VALUE, 0, deadline))

    with reverts("ERC2612InvalidSigner", signer=actors.alice.address, owner=wallet):
        token.fn.permit(wallet, carol, VALUE, deadline, *_vrs(sig)).transact(actors.bob)


# --- signed KYC credentials -----------------------------------------------------------------


@pytest.fixture
def credential(actors: Actors, now: Clock) -> tuple[str, int, int, int, int, int]:
    """dave's credential: (account, tier, jurisdiction, expiry, nonce, deadline)."""
    t = now()
    return (actors.dave.address, 2, 702, t + 365 * 86_400, 0, t + 3_600)


def _sign_credential(
    signer: LocalAccount,
    token: Contract,
    chain_id: int,
    credential: tuple[str, int, int, int, int, int],
) -> Signature:
    account, tier, jurisdiction, expiry, nonce, deadline = credential
    return sign_kyc_credential(
        signer,
        token_name=NAME,
        token_address=token.address,
        chain_id=chain_id,
        account=account,
        tier=tier,
        jurisdiction=jurisdiction,
        expiry=expiry,
        nonce=nonce,
        deadline=deadline,
    )


@pytest.fixture
def credential_sig(
    token: Contract,
    chain: Embedded,
    actors: Actors,
    credential: tuple[str, int, int, int, int, int],
) -> Signature:
    return _sign_credential(actors.kyc_provider, token, chain.chain_id, credential)


def test_onboardWithCredential_verifies_emits_and_uses_the_nonce(
    token: Contract, actors: Actors, credential: tuple, credential_sig: Signature
) -> None:
    dave, tier, jurisdiction, expiry, nonce, _ = credential

    receipt = token.fn.onboardWithCredential(credential, credential_sig.signature).transact(
        actors.mallory  # anyone may submit it
    )

    assert token.fn.kycOf(dave).call() == (True, tier, jurisdiction, expiry)
    assert token.fn.isVerified(dave).call() is True
    assert token.fn.credentialNonces(dave).call() == 1
    assert_events(
        token,
        receipt,
        [
            (
                "AccountVerified",
                {"account": dave, "tier": tier, "jurisdiction": jurisdiction, "expiry": expiry},
            ),
            (
                "CredentialAccepted",
                {"account": dave, "provider": actors.kyc_provider.address, "nonce": nonce},
            ),
        ],
    )


def test_onboarded_account_can_receive(
    token: Contract, actors: Actors, credential: tuple, credential_sig: Signature
) -> None:
    token.fn.onboardWithCredential(credential, credential_sig.signature).transact(actors.dave)
    token.fn.transfer(actors.dave.address, 10).transact(actors.alice)
    assert token.fn.balanceOf(actors.dave.address).call() == 10


def test_onboardWithCredential_renews_with_the_next_nonce(
    token: Contract, chain: Embedded, actors: Actors, credential: tuple, credential_sig: Signature
) -> None:
    token.fn.onboardWithCredential(credential, credential_sig.signature).transact(actors.dave)
    renewal = (*credential[:1], 3, 840, credential[3] + 86_400, 1, credential[5])
    sig = _sign_credential(actors.kyc_provider, token, chain.chain_id, renewal)

    token.fn.onboardWithCredential(renewal, sig.signature).transact(actors.dave)

    assert token.fn.kycOf(actors.dave.address).call() == (True, 3, 840, credential[3] + 86_400)
    assert token.fn.credentialNonces(actors.dave.address).call() == 2


def test_onboardWithCredential_is_valid_exactly_at_its_deadline(
    token: Contract, actors: Actors, credential: tuple, credential_sig: Signature, warp: Warp
) -> None:
    warp(credential[5])
    token.fn.onboardWithCredential(credential, credential_sig.signature).transact(actors.dave)
    assert token.fn.credentialNonces(actors.dave.address).call() == 1


def test_onboardWithCredential_reverts_when_replayed(
    token: Contract, actors: Actors, credential: tuple, credential_sig: Signature
) -> None:
    token.fn.onboardWithCredential(credential, credential_sig.signature).transact(actors.dave)
    token.fn.revokeAccount(actors.dave.address).transact(actors.kyc_operator)

    with reverts("InvalidCredentialNonce", account=actors.dave.address, expected=1, given=0):
        token.fn.onboardWithCredential(credential, credential_sig.signature).transact(actors.dave)
    assert token.fn.isVerified(actors.dave.address).call() is False


def test_onboardWithCredential_reverts_when_deadline_has_passed(
    token: Contract, actors: Actors, credential: tuple, credential_sig: Signature, warp: Warp
) -> None:
    deadline = credential[5]
    warp(deadline + 1)
    with reverts("CredentialExpired", deadline=deadline, currentTime=deadline + 1):
        token.fn.onboardWithCredential(credential, credential_sig.signature).transact(actors.dave)


def test_onboardWithCredential_reverts_when_signed_for_another_chain(
    token: Contract, chain: Embedded, actors: Actors, credential: tuple
) -> None:
    sig = _sign_credential(actors.kyc_provider, token, chain.chain_id + 1, credential)
    signer = _recover(_credential_digest(token, credential), sig)
    assert signer != actors.kyc_provider.address

    with reverts("UntrustedKycProvider", signer=signer):
        token.fn.onboardWithCredential(credential, sig.signature).transact(actors.dave)


def test_onboardWithCredential_reverts_when_signer_is_not_a_provider(
    token: Contract, chain: Embedded, actors: Actors, credential: tuple
) -> None:
    sig = _sign_credential(actors.mallory, token, chain.chain_id, credential)
    with reverts("UntrustedKycProvider", signer=actors.mallory.address):
        token.fn.onboardWithCredential(credential, sig.signature).transact(actors.dave)


def test_onboardWithCredential_reverts_when_provider_is_no_longer_trusted(
    token: Contract, actors: Actors, credential: tuple, credential_sig: Signature
) -> None:
    token.fn.setKycProvider(actors.kyc_provider.address, False).transact(actors.admin)
    with reverts("UntrustedKycProvider", signer=actors.kyc_provider.address):
        token.fn.onboardWithCredential(credential, credential_sig.signature).transact(actors.dave)


def test_onboardWithCredential_reverts_when_a_field_was_changed(
    token: Contract, actors: Actors, credential: tuple, credential_sig: Signature
) -> None:
    upgraded = (credential[0], 4, *credential[2:])  # tier 2 signed, tier 4 submitted
    signer = _recover(_credential_digest(token, upgraded), credential_sig)

    with reverts("UntrustedKycProvider", signer=signer):
        token.fn.onboardWithCredential(upgraded, credential_sig.signature).transact(actors.dave)


def test_onboardWithCredential_reverts_when_nonce_is_not_the_next_one(
    token: Contract, chain: Embedded, actors: Actors, credential: tuple
) -> None:
    ahead = (*credential[:4], 5, credential[5])
    sig = _sign_credential(actors.kyc_provider, token, chain.chain_id, ahead)

    with reverts("InvalidCredentialNonce", account=actors.dave.address, expected=0, given=5):
        token.fn.onboardWithCredential(ahead, sig.signature).transact(actors.dave)


def test_onboardWithCredential_reverts_when_signature_is_malleable(
    token: Contract, actors: Actors, credential: tuple, credential_sig: Signature
) -> None:
    flipped = _malleable(credential_sig)
    assert _recover(_credential_digest(token, credential), flipped) == actors.kyc_provider.address

    with reverts("ECDSAInvalidSignatureS", s=flipped.s):
        token.fn.onboardWithCredential(credential, flipped.signature).transact(actors.dave)


def test_onboardWithCredential_reverts_when_signature_length_is_wrong(
    token: Contract, actors: Actors, credential: tuple, credential_sig: Signature
) -> None:
    with reverts("ECDSAInvalidSignatureLength", length=64):
        token.fn.onboardWithCredential(credential, credential_sig.signature[:64]).transact(
            actors.dave
        )


@pytest.mark.parametrize(
    ("field", "value", "error", "args"),
    [
        (1, 0, "InvalidKycTier", {"tier": 0}),
        (2, 1000, "InvalidJurisdiction", {"jurisdiction": 1000}),
    ],
    ids=["tier", "jurisdiction"],
)
def test_onboardWithCredential_reverts_when_a_signed_field_is_invalid(
    token: Contract,
    chain: Embedded,
    actors: Actors,
    credential: tuple,
    field: int,
    value: int,
    error: str,
    args: dict[str, int],
) -> None:
    """A trusted provider's signature does not bypass the allowlist's own validation."""
    bad = tuple(value if i == field else v for i, v in enumerate(credential))
    sig = _sign_credential(actors.kyc_provider, token, chain.chain_id, bad)  # type: ignore[arg-type]

    with reverts(error, **args):
        token.fn.onboardWithCredential(bad, sig.signature).transact(actors.dave)


def test_onboardWithCredential_reverts_when_kyc_expiry_has_passed(
    token: Contract, chain: Embedded, actors: Actors, credential: tuple, now: Clock
) -> None:
    t = now()
    stale = (*credential[:3], t, *credential[4:])
    sig = _sign_credential(actors.kyc_provider, token, chain.chain_id, stale)

    with reverts("InvalidKycExpiry", expiry=t, currentTime=t):
        token.fn.onboardWithCredential(stale, sig.signature).transact(actors.dave)


def test_signature_helpers_match_the_contract(
    token: Contract, chain: Embedded, actors: Actors, deadline: int, permit_sig: Signature
) -> None:
    """The digests rebuilt here are the ones compliance_kit.signatures signs."""
    digest = _permit_digest(token, actors.alice.address, actors.carol.address, VALUE, 0, deadline)
    assert _recover(digest, permit_sig) == actors.alice.address
