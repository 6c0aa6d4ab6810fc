"""ERC-1404 preflight: ``detectTransferRestriction`` predicts exactly what a transfer does.

Each restriction code is produced by a real state (pause, freeze, revocation, expiry, balance,
partial freeze), and for each the actual ``transfer`` and ``transferFrom`` revert with the error
the spec maps to that code. ``test_restrictions_are_checked_in_the_documented_order`` walks one
transfer through every code by lifting one restriction at a time.
"""

# Foundry-style names keep the Solidity function's camelCase: test_<fn>_reverts_when_<cond>
# ruff: noqa: N802

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pytest
from behaviors.asserts import reverts
from behaviors.stablecoin import (
    ALICE_FUNDS,
    UINT256_MAX,
    UNIT,
    ZERO_ADDRESS,
    StablecoinEnv,
    next_timestamp,
    warp_to,
)
from eth_utils import keccak

if TYPE_CHECKING:
    from eth_account.signers.local import LocalAccount

ORDER = keccak(text="order 1404")

SUCCESS = 0
PAUSED = 1
SENDER_FROZEN = 2
RECIPIENT_FROZEN = 3
SENDER_NOT_VERIFIED = 4
RECIPIENT_NOT_VERIFIED = 5
SENDER_KYC_EXPIRED = 6
RECIPIENT_KYC_EXPIRED = 7
INSUFFICIENT_BALANCE = 8
INSUFFICIENT_UNFROZEN_BALANCE = 9
INVALID_RECEIVER = 10
CODES = range(11)


@dataclass(frozen=True)
class Case:
    """A transfer of ``value`` from ``sender`` to ``to`` and what it must hit."""

    sender: LocalAccount
    to: str
    value: int
    code: int
    error: str | None = None
    args: dict[str, Any] = field(default_factory=dict)


def _officer(env: StablecoinEnv, function: str, *args: Any) -> None:
    getattr(env.token.fn, function)(*args).transact(env.actors.compliance_officer)


def success(env: StablecoinEnv) -> Case:
    a = env.actors
    return Case(a.alice, a.bob.address, 100 * UNIT, SUCCESS)


def invalid_receiver(env: StablecoinEnv) -> Case:
    return Case(
        env.actors.alice, ZERO_ADDRESS, 1, INVALID_RECEIVER, "ERC20InvalidReceiver",
        {"receiver": ZERO_ADDRESS},
    )  # fmt: skip


def paused(env: StablecoinEnv) -> Case:
    env.token.fn.pause().transact(env.actors.pauser)
    return Case(env.actors.alice, env.actors.bob.address, 1, PAUSED, "EnforcedPause")


def sender_frozen(env: StablecoinEnv) -> Case:
    a = env.actors
    _officer(env, "freeze", a.alice.address, ORDER)
    return Case(
        a.alice, a.bob.address, 1, SENDER_FROZEN, "AccountFrozen", {"account": a.alice.address}
    )


def recipient_frozen(env: StablecoinEnv) -> Case:
    a = env.actors
    _officer(env, "freeze", a.bob.address, ORDER)
    return Case(
        a.alice, a.bob.address, 1, RECIPIENT_FROZEN, "AccountFrozen", {"account": a.bob.address}
    )


def sender_revoked(env: StablecoinEnv) -> Case:
    a = env.actors
    env.token.fn.revokeAccount(a.alice.address).transact(a.kyc_operator)
    return Case(
        a.alice, a.bob.address, 1, SENDER_NOT_VERIFIED, "AccountNotVerified",
        {"account": a.alice.address},
    )  # fmt: skip


def sender_never_verified(env: StablecoinEnv) -> Case:
    a = env.actors
    return Case(
        a.mallory, a.bob.address, 1, SENDER_NOT_VERIFIED, "AccountNotVerified",
        {"account": a.mallory.address},
    )  # fmt: skip


def sender_kyc_expired(env: StablecoinEnv) -> Case:
    a, expiry = env.actors, env.kyc["bob"].expiry
    warp_to(env.chain, expiry)
    return Case(
        a.bob, a.alice.address, 1, SENDER_KYC_EXPIRED, "KycExpired",
        {"account": a.bob.address, "expiredAt": expiry, "currentTime": expiry},
    )  # fmt: skip


def recipient_not_verified(env: StablecoinEnv) -> Case:
    a = env.actors
    return Case(
        a.alice, a.mallory.address, 1, RECIPIENT_NOT_VERIFIED, "AccountNotVerified",
        {"account": a.mallory.address},
    )  # fmt: skip


def recipient_kyc_expired(env: StablecoinEnv) -> Case:
    a, expiry = env.actors, env.kyc["carol"].expiry
    warp_to(env.chain, expiry + 86_400)
    return Case(
        a.alice, a.carol.address, 1, RECIPIENT_KYC_EXPIRED, "KycExpired",
        {"account": a.carol.address, "expiredAt": expiry, "currentTime": expiry + 86_400},
    )  # fmt: skip


def insufficient_balance(env: StablecoinEnv) -> Case:
    a = env.actors
    return Case(
        a.alice, a.bob.address, ALICE_FUNDS + 1, INSUFFICIENT_BALANCE, "ERC20InsufficientBalance",
        {"sender": a.alice.address, "balance": ALICE_FUNDS, "needed": ALICE_FUNDS + 1},
    )  # fmt: skip


def insufficient_unfrozen_balance(env: StablecoinEnv) -> Case:
    a = env.actors
    _officer(env, "freezeTokens", a.alice.address, 3_000 * UNIT, ORDER)
    free = ALICE_FUNDS - 3_000 * UNIT
    return Case(
        a.alice, a.bob.address, free + 1, INSUFFICIENT_UNFROZEN_BALANCE,
        "InsufficientUnfrozenBalance",
        {"account": a.alice.address, "available": free, "needed": free + 1},
    )  # fmt: skip


def unfrozen_part_is_free(env: StablecoinEnv) -> Case:
    a = env.actors
    _officer(env, "freezeTokens", a.alice.address, 3_000 * UNIT, ORDER)
    return Case(a.alice, a.bob.address, ALICE_FUNDS - 3_000 * UNIT, SUCCESS)


def self_transfer_while_frozen(env: StablecoinEnv) -> Case:
    a = env.actors
    _officer(env, "freeze", a.alice.address, ORDER)
    return Case(
        a.alice, a.alice.address, 1, SENDER_FROZEN, "AccountFrozen", {"account": a.alice.address}
    )


def self_transfer_over_unfrozen(env: StablecoinEnv) -> Case:
    a = env.actors
    _officer(env, "freezeTokens", a.alice.address, 1, ORDER)
    return Case(
        a.alice, a.alice.address, ALICE_FUNDS, INSUFFICIENT_UNFROZEN_BALANCE,
        "InsufficientUnfrozenBalance",
        {"account": a.alice.address, "available": ALICE_FUNDS - 1, "needed": ALICE_FUNDS},
    )  # fmt: skip


def paused_beats_frozen_and_unverified(env: StablecoinEnv) -> Case:
    a = env.actors
    _officer(env, "freeze", a.mallory.address, ORDER)
    env.token.fn.pause().transact(a.pauser)
    return Case(a.mallory, a.mallory.address, 1, PAUSED, "EnforcedPause")


def sender_frozen_beats_recipient_frozen(env: StablecoinEnv) -> Case:
    a = env.actors
    _officer(env, "freeze", a.alice.address, ORDER)
    _officer(env, "freeze", a.bob.address, ORDER)
    return Case(
        a.alice, a.bob.address, 1, SENDER_FROZEN, "AccountFrozen", {"account": a.alice.address}
    )


def recipient_frozen_beats_sender_unverified(env: StablecoinEnv) -> Case:
    a = env.actors
    _officer(env, "freeze", a.bob.address, ORDER)
    return Case(
        a.mallory, a.bob.address, 1, RECIPIENT_FROZEN, "AccountFrozen", {"account": a.bob.address}
    )


def sender_expired_beats_recipient_unverified(env: StablecoinEnv) -> Case:
    a, expiry = env.actors, env.kyc["bob"].expiry
    warp_to(env.chain, expiry)
    return Case(
        a.bob, a.mallory.address, 1, SENDER_KYC_EXPIRED, "KycExpired",
        {"account": a.bob.address, "expiredAt": expiry, "currentTime": expiry},
    )  # fmt: skip


def recipient_expired_beats_balance(env: StablecoinEnv) -> Case:
    a, expiry = env.actors, env.kyc["carol"].expiry
    warp_to(env.chain, expiry)
    return Case(
        a.alice, a.carol.address, ALICE_FUNDS + 1, RECIPIENT_KYC_EXPIRED, "KycExpired",
        {"account": a.carol.address, "expiredAt": expiry, "currentTime": expiry},
    )  # fmt: skip


CASES: list[Callable[[StablecoinEnv], Case]] = [
    success,
    invalid_receiver,
    paused,
    sender_frozen,
    recipient_frozen,
    sender_revoked,
    sender_never_verified,
    sender_kyc_expired,
    recipient_not_verified,
    recipient_kyc_expired,
    insufficient_balance,
    insufficient_unfrozen_balance,
    unfrozen_part_is_free,
    self_transfer_while_frozen,
    self_transfer_over_unfrozen,
    paused_beats_frozen_and_unverified,
    sender_frozen_beats_recipient_frozen,
    recipient_frozen_beats_sender_unverified,
    sender_expired_beats_recipient_unverified,
    recipient_expired_beats_balance,
]
FAILING = [c for c in CASES if c not in (success, unfrozen_part_is_free)]


def _ids(case: Callable[..., Case]) -> str:
    return case.__name__.replace("_", "-")


@pytest.mark.parametrize("make_case", CASES, ids=_ids)
def test_detectTransferRestriction_returns_the_code_of_the_state(
    env: StablecoinEnv, make_case: Callable[[StablecoinEnv], Case]
) -> None:
    case = make_case(env)
    code = env.token.fn.detectTransferRestriction(case.sender.address, case.to, case.value).call()
    assert code == case.code


@pytest.mark.parametrize("make_case", FAILING, ids=_ids)
def test_transfer_reverts_with_the_error_mapped_to_the_code(
    env: StablecoinEnv, make_case: Callable[[StablecoinEnv], Case]
) -> None:
    case = make_case(env)
    token = env.token
    before = token.fn.balanceOf(case.sender.address).call()
    assert case.error is not None

    with reverts(case.error, **case.args):
        token.fn.transfer(case.to, case.value).transact(case.sender)

    assert token.fn.balanceOf(case.sender.address).call() == before


@pytest.mark.parametrize("make_case", FAILING, ids=_ids)
def test_transferFrom_reverts_with_the_error_mapped_to_the_code(
    env: StablecoinEnv, make_case: Callable[[StablecoinEnv], Case]
) -> None:
    """The same rules apply when a spender (dave: unrestricted, not frozen) moves the tokens
    under an allowance given before the restriction arose."""
    token, a = env.token, env.actors
    for owner in (a.alice, a.bob, a.mallory):
        token.fn.approve(a.dave.address, UINT256_MAX).transact(owner)
    case = make_case(env)
    assert case.error is not None

    with reverts(case.error, **case.args):
        token.fn.transferFrom(case.sender.address, case.to, case.value).transact(a.dave)


@pytest.mark.parametrize("make_case", [success, unfrozen_part_is_free], ids=_ids)
def test_transfer_succeeds_when_the_code_is_success(
    env: StablecoinEnv, make_case: Callable[[StablecoinEnv], Case]
) -> None:
    case = make_case(env)
    token = env.token
    before = token.fn.balanceOf(case.to).call()

    token.fn.transfer(case.to, case.value).transact(case.sender)

    assert token.fn.balanceOf(case.to).call() == before + case.value


@pytest.mark.parametrize("code", CODES)
def test_messageForTransferRestriction_describes_every_code(env: StablecoinEnv, code: int) -> None:
    message = env.token.fn.messageForTransferRestriction(code).call()
    assert isinstance(message, str)
    assert message.strip()


def test_messageForTransferRestriction_messages_are_distinct(env: StablecoinEnv) -> None:
    messages = [env.token.fn.messageForTransferRestriction(c).call() for c in CODES]
    assert len(set(messages)) == len(messages)


def test_restrictions_are_checked_in_the_documented_order(env: StablecoinEnv) -> None:
    """One transfer (dave -> mallory, 10) goes through every code, lifting one restriction at a
    time: to == 0, pause, sender frozen, recipient frozen, sender unverified, sender expired,
    recipient unverified, recipient expired, balance, unfrozen balance, success."""
    token, chain, a = env.token, env.chain, env.actors
    dave, mallory, value = a.dave, a.mallory.address, 10
    officer, kyc = a.compliance_officer, a.kyc_operator
    token.fn.pause().transact(a.pauser)
    token.fn.freeze(dave.address, ORDER).transact(officer)
    token.fn.freeze(mallory, ORDER).transact(officer)

    def expect(to: str, code: int, error: str, **args: Any) -> None:
        assert token.fn.detectTransferRestriction(dave.address, to, value).call() == code
        with reverts(error, **args):
            token.fn.transfer(to, value).transact(dave)

    def approve_briefly(account: str) -> int:
        expiry = next_timestamp(chain) + 5
        token.fn.approveAccount(account, 1, 840, expiry).transact(kyc)
        warp_to(chain, expiry)
        return expiry

    expect(ZERO_ADDRESS, INVALID_RECEIVER, "ERC20InvalidReceiver", receiver=ZERO_ADDRESS)
    expect(mallory, PAUSED, "EnforcedPause")
    token.fn.unpause().transact(a.pauser)
    expect(mallory, SENDER_FROZEN, "AccountFrozen", account=dave.address)
    token.fn.unfreeze(dave.address, ORDER).transact(officer)
    expect(mallory, RECIPIENT_FROZEN, "AccountFrozen", account=mallory)
    token.fn.unfreeze(mallory, ORDER).transact(officer)
    expect(mallory, SENDER_NOT_VERIFIED, "AccountNotVerified", account=dave.address)
    expiry = approve_briefly(dave.address)
    expect(
        mallory, SENDER_KYC_EXPIRED, "KycExpired",
        account=dave.address, expiredAt=expiry, currentTime=expiry,
    )  # fmt: skip
    token.fn.approveAccount(dave.address, 1, 840, 2**32 - 1).transact(kyc)
    expect(mallory, RECIPIENT_NOT_VERIFIED, "AccountNotVerified", account=mallory)
    expiry = approve_briefly(mallory)
    expect(
        mallory, RECIPIENT_KYC_EXPIRED, "KycExpired",
        account=mallory, expiredAt=expiry, currentTime=expiry,
    )  # fmt: skip
    token.fn.approveAccount(mallory, 1, 840, 2**32 - 1).transact(kyc)
    expect(
        mallory, INSUFFICIENT_BALANCE, "ERC20InsufficientBalance",
        sender=dave.address, balance=0, needed=value,
    )  # fmt: skip
    token.fn.mint(dave.address, value).transact(a.minter)
    token.fn.freezeTokens(dave.address, 1, ORDER).transact(officer)
    expect(
        mallory, INSUFFICIENT_UNFROZEN_BALANCE, "InsufficientUnfrozenBalance",
        account=dave.address, available=value - 1, needed=value,
    )  # fmt: skip
    token.fn.unfreezeTokens(dave.address, 1, ORDER).transact(officer)
    assert token.fn.detectTransferRestriction(dave.address, mallory, value).call() == SUCCESS
    token.fn.transfer(mallory, value).transact(dave)
    assert token.fn.balanceOf(mallory).call() == value


def test_restriction_code_constants_match_the_spec(env: StablecoinEnv) -> None:
    expected = {
        "SUCCESS": SUCCESS,
        "PAUSED": PAUSED,
        "SENDER_FROZEN": SENDER_FROZEN,
        "RECIPIENT_FROZEN": RECIPIENT_FROZEN,
        "SENDER_NOT_VERIFIED": SENDER_NOT_VERIFIED,
        "RECIPIENT_NOT_VERIFIED": RECIPIENT_NOT_VERIFIED,
        "SENDER_KYC_EXPIRED": SENDER_KYC_EXPIRED,
        "RECIPIENT_KYC_EXPIRED": RECIPIENT_KYC_EXPIRED,
        "INSUFFICIENT_BALANCE": INSUFFICIENT_BALANCE,
        "INSUFFICIENT_UNFROZEN_BALANCE": INSUFFICIENT_UNFROZEN_BALANCE,
        "INVALID_RECEIVER": INVALID_RECEIVER,
    }
    actual = {name: getattr(env.token.fn, name)().call() for name in expected}
    assert actual == expected
