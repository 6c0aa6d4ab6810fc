"""EIP-712 signatures: the signer is recovered from the typed data, built here independently."""

from __future__ import annotations

from eth_account import Account
from eth_account.messages import encode_typed_data

from compliance_kit.chain.dev_accounts import dev_accounts
from compliance_kit.signatures import sign_kyc_credential, sign_permit

TOKEN = "0x5FbDB2315678afecb367f032d93F642f64180aa3"
CHAIN_ID = 131277322940537


def domain(chain_id: int = CHAIN_ID) -> dict:
    return {
        "name": "Compliance Dollar",
        "version": "1",
        "chainId": chain_id,
        "verifyingContract": TOKEN,
    }


def test_permit_recovers_the_owner() -> None:
    owner, spender = dev_accounts(2)
    sig = sign_permit(
        owner,
        token_name="Compliance Dollar",
        token_address=TOKEN,
        chain_id=CHAIN_ID,
        spender=spender.address,
        value=5,
        nonce=0,
        deadline=2**40,
    )
    types = {
        "Permit": [
            {"name": "owner", "type": "address"},
            {"name": "spender", "type": "address"},
            {"name": "value", "type": "uint256"},
            {"name": "nonce", "type": "uint256"},
            {"name": "deadline", "type": "uint256"},
        ]
    }
    message = {
        "owner": owner.address,
        "spender": spender.address,
        "value": 5,
        "nonce": 0,
        "deadline": 2**40,
    }
    signable = encode_typed_data(domain(), types, message)
    assert Account.recover_message(signable, signature=sig.signature) == owner.address
    assert Account.recover_message(signable, vrs=(sig.v, sig.r, sig.s)) == owner.address
    assert sig.signature == sig.r + sig.s + bytes([sig.v])
    other_chain = encode_typed_data(domain(1), types, message)
    assert Account.recover_message(other_chain, signature=sig.signature) != owner.address


def test_kyc_credential_recovers_the_provider() -> None:
    provider, account = dev_accounts(2)
    fields = {
        "account": account.address,
        "tier": 2,
        "jurisdiction": 702,
        "expiry": 4_102_444_800,
        "nonce": 3,
        "deadline": 4_000_000_000,
    }
    sig = sign_kyc_credential(
        provider, token_name="Compliance Dollar", token_address=TOKEN, chain_id=CHAIN_ID, **fields
    )
    types = {
        "KycCredential": [
            {"name": "account", "type": "address"},
            {"name": "tier", "type": "uint8"},
            {"name": "jurisdiction", "type": "uint16"},
            {"name": "expiry", "type": "uint40"},
            {"name": "nonce", "type": "uint256"},
            {"name": "deadline", "type": "uint256"},
        ]
    }
    signable = encode_typed_data(domain(), types, fields)
    assert Account.recover_message(signable, signature=sig.signature) == provider.address
    assert sig.v in (27, 28)
    assert len(sig.r) == len(sig.s) == 32


def test_travel_rule_commitment_recovers_the_vasp() -> None:
    from eth_utils import keccak

    from compliance_kit.signatures import sign_travel_rule_commitment

    vasp, sender, recipient = dev_accounts(3)
    registry = "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512"
    fields = {
        "token": TOKEN,
        "from": sender.address,
        "to": recipient.address,
        "amount": 3_000 * 10**6,
        "payloadHash": keccak(b"IVMS101 payload"),
        "nonce": 42,
        "deadline": 4_000_000_000,
    }
    sig = sign_travel_rule_commitment(
        vasp,
        registry_address=registry,
        chain_id=CHAIN_ID,
        token=TOKEN,
        from_=sender.address,
        to=recipient.address,
        amount=fields["amount"],
        payload_hash=fields["payloadHash"],
        nonce=42,
        deadline=4_000_000_000,
    )
    types = {
        "SignedCommitment": [
            {"name": "token", "type": "address"},
            {"name": "from", "type": "address"},
            {"name": "to", "type": "address"},
            {"name": "amount", "type": "uint256"},
            {"name": "payloadHash", "type": "bytes32"},
            {"name": "nonce", "type": "uint256"},
            {"name": "deadline", "type": "uint256"},
        ]
    }
    registry_domain = {
        "name": "TravelRuleRegistry",
        "version": "1",
        "chainId": CHAIN_ID,
        "verifyingContract": registry,
    }
    signable = encode_typed_data(registry_domain, types, fields)
    assert Account.recover_message(signable, signature=sig.signature) == vasp.address
    other_amount = encode_typed_data(registry_domain, types, {**fields, "amount": 1})
    assert Account.recover_message(other_amount, signature=sig.signature) != vasp.address
