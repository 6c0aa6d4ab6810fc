"""Small helpers of the AML transfer-rule suites: constants, limits, transfer checks, signing.

``passes`` and ``refused`` tie every transfer to the ERC-1404 preflight: before the transfer is
sent, ``detectTransferRestriction`` must predict its outcome (0, or the refusal's code), and a
refusal must carry exactly the custom error's arguments.
"""

from __future__ import annotations

from dataclasses import astuple, dataclass
from typing import TYPE_CHECKING, Any

from behaviors.asserts import reverts
from behaviors.stablecoin import UINT256_MAX, UNIT
from eth_utils import keccak

from compliance_kit.exceptions import Reverted, revert_error

if TYPE_CHECKING:
    from eth_account.signers.local import LocalAccount

    from compliance_kit.chain import Embedded
    from compliance_kit.chain.base import Receipt
    from compliance_kit.contracts import Contract, ContractFunction

MINUTE = 60
HOUR = 3_600
DAY = 86_400

#: ISO 3166-1 numeric codes of the jurisdictions the suites use
HK, SG, US, IR = 344, 702, 840, 364

#: most a window may last (2^25 - 1 seconds, ~388 days) and least (a minute)
MIN_WINDOW = 60
MAX_WINDOW = 2**25 - 1
#: rule amounts are 64-bit in rule units; 2^64 - 1 means "no threshold"
MAX_RULE_UNITS = 2**64 - 2
NO_LIMIT = UINT256_MAX

#: CorridorStatus
UNSET, ALLOWED, DENIED = 0, 1, 2

SUCCESS = 0
SENDER_FROZEN = 2
SENDER_NOT_VERIFIED = 4
SENDER_SANCTIONED = 11
RECIPIENT_SANCTIONED = 12
SANCTIONS_SCREENING_UNAVAILABLE = 13
CORRIDOR_CLOSED = 14
TRANSFER_CAP_EXCEEDED = 15
VOLUME_LIMIT_EXCEEDED = 16
VELOCITY_LIMIT_EXCEEDED = 17
TRAVEL_RULE_COMMITMENT_MISSING = 18

#: the messages of the AML restriction codes, as a wallet would show them
AML_MESSAGES = {
    SENDER_SANCTIONED: "Sender is on the sanctions list",
    RECIPIENT_SANCTIONED: "Recipient is on the sanctions list",
    SANCTIONS_SCREENING_UNAVAILABLE: "Sanctions screening is unavailable",
    CORRIDOR_CLOSED: "Corridor between the jurisdictions is closed",
    TRANSFER_CAP_EXCEEDED: "Amount exceeds the sender's per-transfer cap",
    VOLUME_LIMIT_EXCEEDED: "Amount exceeds the sender's rolling volume limit",
    VELOCITY_LIMIT_EXCEEDED: "Sender made too many transfers in the window",
    TRAVEL_RULE_COMMITMENT_MISSING: "Travel-rule commitment missing",
}


def usd(amount: int | str) -> int:
    """``usd("2950.5")`` -> base units of the 6-decimal token (exact, no float)."""
    whole, _, fraction = str(amount).partition(".")
    return int(whole) * UNIT + int((fraction + "000000")[:6])


def address(who: LocalAccount | str) -> str:
    return who if isinstance(who, str) else who.address


def limits(
    cap: int = 0, volume: int = 0, window: int = 0, max_transfers: int = 0
) -> tuple[int, int, int, int]:
    """A ``TierLimits`` struct (transferCap, volumeLimit, window, maxTransfers); 0 = off."""
    return (cap, volume, window, max_transfers)


def payload_hash(text: str) -> bytes:
    """The commitment to an (off-chain) IVMS101 payload: only its hash goes on-chain."""
    return keccak(text=text)


# --- transfers, predicted by the ERC-1404 preflight ----------------------------------------------


def detect(token: Contract, sender: LocalAccount | str, to: LocalAccount | str, value: int) -> int:
    return token.fn.detectTransferRestriction(address(sender), address(to), value).call()


def passes(token: Contract, sender: LocalAccount, to: LocalAccount | str, value: int) -> Receipt:
    """The preflight predicts no restriction, and the transfer goes through."""
    assert detect(token, sender, to, value) == SUCCESS, "preflight predicts a refusal"
    return token.fn.transfer(address(to), value).transact(sender)


def refused(
    token: Contract,
    sender: LocalAccount,
    to: LocalAccount | str,
    value: int,
    code: int,
    error: str,
    /,
    **args: Any,
) -> None:
    """The preflight predicts ``code``, and the transfer reverts with exactly ``error(args)``."""
    assert detect(token, sender, to, value) == code, "preflight code"
    with reverts(error, **args):
        token.fn.transfer(address(to), value).transact(sender)


def remaining(token: Contract, account: LocalAccount | str) -> tuple[int, int]:
    """``remainingLimits(account)``: (volume, transfers) the account may still send now."""
    return token.fn.remainingLimits(address(account)).call()


def in_one_block(
    chain: Embedded, *transactions: tuple[ContractFunction, LocalAccount]
) -> list[Receipt | Reverted]:
    """Send ``(function, sender)`` pairs into ONE block (same ``block.timestamp``), mine it, and
    return each outcome: its receipt, or the decoded revert."""
    chain.automine = False
    try:
        pending = [function.send(sender) for function, sender in transactions]
        chain.mine()
    finally:
        chain.automine = True
    outcomes: list[Receipt | Reverted] = []
    for sent, (function, _) in zip(pending, transactions, strict=True):
        try:
            outcomes.append(function.contract.transactor.confirm(sent))
        except Reverted as exc:
            outcomes.append(exc)
    return outcomes


def assert_reverted(outcome: Receipt | Reverted, error: str, /, **args: Any) -> None:
    """``outcome`` (from ``in_one_block``) is the custom error ``error`` with exactly ``args``."""
    assert isinstance(outcome, revert_error(error)), f"expected {error}, got {outcome!r}"
    assert outcome.args_by_name == args, f"{error} arguments"


def assert_succeeded(outcome: Receipt | Reverted) -> Receipt:
    assert not isinstance(outcome, Reverted), f"expected success, got {outcome}"
    return outcome


# --- travel-rule commitments, signed by a VASP (EIP-712) -----------------------------------------

_DOMAIN_TYPE = [
    {"name": "name", "type": "string"},
    {"name": "version", "type": "string"},
    {"name": "chainId", "type": "uint256"},
    {"name": "verifyingContract", "type": "address"},
]
_COMMITMENT_TYPE = [
    {"name": "token", "type": "address"},
    {"name": "from", "type": "address"},
    {"name": "to", "type": "address"},
    {"name": "amount", "type": "uint256"},
    {"name": "payloadHash", "type": "bytes32"},
    {"name": "nonce", "type": "uint256"},
    {"name": "deadline", "type": "uint256"},
]
#: order of secp256k1
SECP256K1_N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141


@dataclass(frozen=True)
class Commitment:
    """An ITravelRuleRegistry.SignedCommitment."""

    token: str
    from_: str
    to: str
    amount: int
    payload_hash: bytes
    nonce: int
    deadline: int

    def as_struct(self) -> tuple[Any, ...]:
        return astuple(self)


def _typed_commitment(c: Commitment, registry: str, chain_id: int) -> Any:
    from eth_account.messages import encode_typed_data

    return encode_typed_data(
        full_message={
            "types": {"EIP712Domain": _DOMAIN_TYPE, "SignedCommitment": _COMMITMENT_TYPE},
            "primaryType": "SignedCommitment",
            "domain": {
                "name": "TravelRuleRegistry",
                "version": "1",
                "chainId": chain_id,
                "verifyingContract": registry,
            },
            "message": {
                "token": c.token,
                "from": c.from_,
                "to": c.to,
                "amount": c.amount,
                "payloadHash": c.payload_hash,
                "nonce": c.nonce,
                "deadline": c.deadline,
            },
        }
    )


def sign_commitment(signer: LocalAccount, c: Commitment, *, registry: str, chain_id: int) -> bytes:
    """``signer``'s 65-byte signature (r ‖ s ‖ v) of ``c`` for the registry at ``registry``."""
    return bytes(signer.sign_message(_typed_commitment(c, registry, chain_id)).signature)


def recover_commitment_signer(
    signature: bytes, c: Commitment, *, registry: str, chain_id: int
) -> str:
    """Who ``signature`` recovers to over ``c`` in the given domain (what the registry sees)."""
    from eth_account import Account

    return Account.recover_message(_typed_commitment(c, registry, chain_id), signature=signature)


def malleable(signature: bytes) -> bytes:
    """The same signature with ``s`` flipped to ``n - s`` and ``v`` to the other parity: plain
    ecrecover still accepts it, OpenZeppelin's ECDSA (EIP-2) refuses it."""
    r, s, v = signature[:32], int.from_bytes(signature[32:64], "big"), signature[64]
    return r + (SECP256K1_N - s).to_bytes(32, "big") + bytes([55 - v])
