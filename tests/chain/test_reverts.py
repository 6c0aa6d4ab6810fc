"""Revert decoding, end to end, on both backends: every kind of failure comes back named.

Each failure is checked three ways: as a call (simulated, nothing mined), as a plain
``transact()`` (the embedded chain mines it and reads the revert from the execution; on RPC
the gas estimate catches it first) and as a ``transact(gas=...)`` that skips the estimate, so
the transaction is mined with ``status == 0`` and the revert data is recovered afterwards (on
anvil by replaying the call at the parent block).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from eth_abi import encode
from eth_utils import keccak

from compliance_kit.chain import Chain, ErrorRegistry, Transactor
from compliance_kit.chain.dev_accounts import dev_accounts
from compliance_kit.contracts import Contract
from compliance_kit.exceptions import (
    CustomErrorRevert,
    PanicRevert,
    ReasonRevert,
    Reverted,
    TransactionRejected,
    UnknownRevert,
    revert_error,
)

if TYPE_CHECKING:
    from eth_account.signers.local import LocalAccount

#: gas for transactions that must be mined and fail (enough for every probe function)
MINED_GAS = 300_000
BOB = dev_accounts(2)[1].address
TAG = bytes(range(32))
UINT_MAX = 2**256 - 1

# (function, args, error name, decoded arguments)
CUSTOM_ERRORS = [
    pytest.param("failBare", (), "Bare", {}, id="no-args"),
    pytest.param("failNotAllowed", (BOB,), "NotAllowed", {"account": BOB}, id="address"),
    pytest.param("setValue", (101,), "TooLarge", {"amount": 101, "max": 100}, id="uint256"),
    pytest.param("failBadTag", (TAG,), "BadTag", {"tag": TAG}, id="bytes32"),
    pytest.param(
        "failDenied", ("sanctioned: OFAC SDN",), "Denied", {"reason": "sanctioned: OFAC SDN"},
        id="string",
    ),
    pytest.param(
        "failLimit", (BOB, 5_000, TAG, 7_500), "LimitBreached",
        {"limit": (BOB, 5_000, TAG), "attempted": 7_500}, id="struct",
    ),
    pytest.param(
        "failUnnamed", (BOB, UINT_MAX), "Unnamed", {"arg0": BOB, "arg1": UINT_MAX}, id="unnamed",
    ),
]  # fmt: skip

# (function, args, panic code)
PANICS = [
    pytest.param("divide", (1, 0), 0x12, id="division-by-zero"),
    pytest.param("add", (UINT_MAX, 1), 0x11, id="overflow"),
    pytest.param("itemAt", (3,), 0x32, id="array-index"),
    pytest.param("failAssert", (), 0x01, id="assert"),
]


def _fail(probe: Contract, how: str, function: str, args: tuple[Any, ...]) -> Reverted:
    """Run ``function(*args)`` on the probe ``how`` ("call", "transact", "mined"); return the
    revert it raises."""
    bound = getattr(probe.fn, function)(*args)
    sender = probe.transactor.chain.accounts[0]
    run = {
        "call": lambda: bound.call(),
        "transact": lambda: bound.transact(sender),
        "mined": lambda: bound.transact(sender, gas=MINED_GAS),
    }[how]
    with pytest.raises(Reverted) as caught:
        run()
    return caught.value


def _check_where(exc: Reverted, how: str, backend: str, chain: Chain) -> None:
    """``mined`` and the on-chain facts match how the failure was produced."""
    # a plain transact: the embedded chain sends without estimating; RPC's estimate catches it
    expected = {"call": False, "transact": backend == "embedded", "mined": True}[how]
    assert exc.mined is expected
    if not exc.mined:
        assert exc.tx_hash is None
        assert exc.gas_used is None
    else:
        assert exc.tx_hash is not None
        assert exc.gas_used is not None
        assert exc.gas_used > 21_000
        receipt = chain.wait_for_receipt(exc.tx_hash)
        assert receipt.status == 0
        assert receipt.gas_used == exc.gas_used
        if backend == "anvil":
            assert receipt.revert_data is None  # so the data came from the replay


@pytest.mark.parametrize("how", ["call", "transact", "mined"])
@pytest.mark.parametrize(("function", "args", "name", "expected"), CUSTOM_ERRORS)
def test_custom_errors_decode_with_their_arguments(
    probe: Contract,
    chain: Chain,
    backend: str,
    how: str,
    function: str,
    args: tuple[Any, ...],
    name: str,
    expected: dict[str, Any],
) -> None:
    exc = _fail(probe, how, function, args)

    assert type(exc) is revert_error(name)
    assert isinstance(exc, CustomErrorRevert)
    assert exc.name == name
    assert exc.args_by_name == expected
    for key, value in expected.items():
        assert exc[key] == value
    assert exc.contract == "RevertProbe"
    assert exc.function == function
    assert exc.data[:4] == keccak(text=exc.signature)[:4]
    _check_where(exc, how, backend, chain)


def test_status_zero_transaction_is_mined_and_decoded(
    probe: Contract, chain: Chain, backend: str, accounts: list[LocalAccount]
) -> None:
    """The explicit status == 0 case: gas given, so nothing estimates; the failure is on-chain."""
    sender = accounts[0]
    nonce = chain.get_nonce(sender.address)
    block = chain.block_number()

    with pytest.raises(revert_error("TooLarge")) as caught:
        probe.fn.setValue(500).transact(sender, gas=MINED_GAS)

    exc = caught.value
    assert exc.mined
    assert exc.args_by_name == {"amount": 500, "max": 100}
    assert "TooLarge(amount=500, max=100)" in str(exc)
    assert exc.tx_hash is not None
    assert exc.tx_hash in str(exc)
    receipt = chain.wait_for_receipt(exc.tx_hash)
    assert (receipt.status, receipt.block_number) == (0, block + 1)
    assert exc.gas_used is not None
    assert 21_000 < receipt.gas_used == exc.gas_used < MINED_GAS
    assert chain.get_nonce(sender.address) == nonce + 1  # the failed transaction used the nonce
    assert probe.fn.value().call() == 0


@pytest.mark.parametrize("how", ["call", "transact", "mined"])
@pytest.mark.parametrize(("function", "args", "code"), PANICS)
def test_panics_decode_with_code_and_meaning(
    probe: Contract,
    chain: Chain,
    backend: str,
    how: str,
    function: str,
    args: tuple[Any, ...],
    code: int,
) -> None:
    exc = _fail(probe, how, function, args)

    assert type(exc) is PanicRevert
    assert exc.code == code
    expected_meaning = {
        0x01: "assert() failed",
        0x11: "arithmetic overflow or underflow",
        0x12: "division or modulo by zero",
        0x32: "array index out of bounds",
    }[code]
    assert exc.meaning == expected_meaning
    assert f"Panic(0x{code:02x})" in str(exc)
    _check_where(exc, how, backend, chain)


@pytest.mark.parametrize("how", ["call", "transact", "mined"])
def test_reason_strings_decode(probe: Contract, chain: Chain, backend: str, how: str) -> None:
    exc = _fail(probe, how, "guarded", (0,))

    assert type(exc) is ReasonRevert
    assert exc.reason_text == "x must be positive"
    assert "Error('x must be positive')" in str(exc)
    _check_where(exc, how, backend, chain)


@pytest.mark.parametrize("how", ["call", "transact", "mined"])
def test_bare_revert_has_no_data(probe: Contract, chain: Chain, backend: str, how: str) -> None:
    exc = _fail(probe, how, "failPlain", ())

    assert type(exc) is UnknownRevert
    assert exc.data == b""
    assert "no revert data" in str(exc)
    _check_where(exc, how, backend, chain)


@pytest.mark.parametrize("how", ["call", "mined"])
@pytest.mark.parametrize(
    "payload",
    [
        pytest.param(bytes.fromhex("deadbeef") + encode(["uint256"], [42]), id="unknown-selector"),
        pytest.param(keccak(text="TooLarge(uint256,uint256)")[:4] + b"\x01", id="malformed-args"),
        pytest.param(b"\x01\x02", id="shorter-than-a-selector"),
    ],
)
def test_undecodable_reverts_keep_the_raw_data(
    probe: Contract, chain: Chain, backend: str, how: str, payload: bytes
) -> None:
    exc = _fail(probe, how, "failRaw", (payload,))

    assert type(exc) is UnknownRevert
    assert exc.data == payload
    assert payload[:4].hex() in str(exc)
    _check_where(exc, how, backend, chain)


@pytest.mark.parametrize("how", ["call", "transact", "mined"])
def test_error_raised_in_another_contract_is_named(
    probe: Contract, chain: Chain, backend: str, how: str
) -> None:
    """ProbeToken (OpenZeppelin ERC20) reverts inside the probe's call; the error bubbles up."""
    exc = _fail(probe, how, "withdrawToken", (5_000,))

    assert type(exc) is revert_error("ERC20InsufficientBalance")
    assert exc.args_by_name == {"sender": probe.address, "balance": 1_000, "needed": 5_000}
    _check_where(exc, how, backend, chain)


def test_error_missing_from_the_registry_stays_raw(probe: Contract, chain: Chain) -> None:
    """Decoding only knows the ABIs it was given: without OpenZeppelin's, the selector is raw."""
    probe_only = Transactor(chain, ErrorRegistry([probe.abi]))
    data = probe.fn.withdrawToken(5_000).data

    with pytest.raises(UnknownRevert) as caught:
        probe_only.call(probe.address, data)

    selector = keccak(text="ERC20InsufficientBalance(address,uint256,uint256)")[:4]
    assert caught.value.data[:4] == selector
    assert len(caught.value.data) == 4 + 3 * 32


def test_out_of_gas_is_mined_without_revert_data(
    probe: Contract, chain: Chain, backend: str, accounts: list[LocalAccount]
) -> None:
    """Too little gas for the storage write: mined, status 0, no data (anvil's replay reports
    an EVM halt rather than a revert, which must map to the same empty UnknownRevert)."""
    with pytest.raises(UnknownRevert) as caught:
        probe.fn.setValue(5).transact(accounts[0], gas=21_700)

    exc = caught.value
    assert exc.mined
    assert exc.data == b""
    assert exc.gas_used == 21_700  # all of it
    assert chain.wait_for_receipt(exc.tx_hash or "").status == 0


def test_gas_below_intrinsic_is_rejected_before_execution(
    probe: Contract, chain: Chain, accounts: list[LocalAccount]
) -> None:
    sender = accounts[0]
    nonce = chain.get_nonce(sender.address)
    block = chain.block_number()

    with pytest.raises(TransactionRejected, match="intrinsic gas too low"):
        probe.fn.setValue(5).transact(sender, gas=20_000)

    assert chain.get_nonce(sender.address) == nonce  # nothing was consumed
    assert chain.block_number() == block
    receipt = probe.fn.setValue(5).transact(sender)  # and the chain carries on normally
    assert receipt.block_number == block + 1
    assert chain.get_nonce(sender.address) == nonce + 1


def test_reverts_surface_from_chain_calls_as_raw_bytes(
    probe: Contract, chain: Chain, accounts: list[LocalAccount]
) -> None:
    """Below the transaction layer, ``call`` and ``estimate_gas`` raise undecoded reverts."""
    from compliance_kit.chain import CallRequest

    request = CallRequest(accounts[0].address, probe.address, probe.fn.setValue(101).data)
    expected = keccak(text="TooLarge(uint256,uint256)")[:4] + encode(
        ["uint256", "uint256"], [101, 100]
    )
    for method in (chain.call, chain.estimate_gas):
        with pytest.raises(UnknownRevert) as caught:
            method(request)
        assert caught.value.data == expected

    ok = CallRequest(accounts[0].address, probe.address, probe.fn.setValue(5).data)
    assert chain.call(ok) == b""
    assert 21_000 < chain.estimate_gas(ok) < 100_000
