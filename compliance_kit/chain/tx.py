"""The one transaction path: build, sign locally, send, wait, check ``status``, decode reverts.

Every state change the kit makes goes through :class:`Transactor`, on either backend:

1. build an EIP-1559 transaction (nonce from the chain's pending state, fees from the chain,
   gas as given or from :meth:`Chain.gas_limit_for` — an estimate on RPC, which surfaces a revert
   before anything is sent; a fixed cap on the embedded chain, which needs no estimate);
2. sign it with the sender's key (eth-account, coincurve-backed) — no node-side signing;
3. send the raw bytes and wait for the receipt;
4. ``status == 0`` → recover the revert data (from the execution on the embedded chain, by
   replaying the call at the parent block on RPC) and raise the decoded exception.

Reverts surface as :class:`~compliance_kit.exceptions.Reverted` subclasses named after the
Solidity custom error, with the arguments decoded (see :mod:`compliance_kit.chain.revert`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from compliance_kit.chain.base import CallRequest, Chain, Receipt
from compliance_kit.chain.revert import ErrorRegistry
from compliance_kit.exceptions import Reverted

if TYPE_CHECKING:
    from eth_account.signers.local import LocalAccount


#: sender of read-only calls when none is given and the chain has no accounts
ZERO_ADDRESS = "0x" + "00" * 20


@dataclass(frozen=True)
class TxContext:
    """What a transaction was for, attached to any error it raises."""

    contract: str | None = None
    function: str | None = None


@dataclass
class PendingTransaction:
    """A sent transaction whose receipt has not been checked yet."""

    tx_hash: str
    request: CallRequest
    context: TxContext


class Transactor:
    """Sends transactions on one chain and decodes their reverts with ``errors``."""

    def __init__(self, chain: Chain, errors: ErrorRegistry | Iterable[list[dict]] = ()) -> None:
        self.chain = chain
        self.errors = errors if isinstance(errors, ErrorRegistry) else ErrorRegistry(errors)

    # --- transactions --------------------------------------------------------------------
    def transact(
        self,
        sender: LocalAccount,
        to: str | None,
        data: bytes = b"",
        *,
        value: int = 0,
        gas: int | None = None,
        context: TxContext | None = None,
    ) -> Receipt:
        """Send and confirm one transaction; raise the decoded revert if it fails."""
        return self.confirm(self.send(sender, to, data, value=value, gas=gas, context=context))

    def send(
        self,
        sender: LocalAccount,
        to: str | None,
        data: bytes = b"",
        *,
        value: int = 0,
        gas: int | None = None,
        context: TxContext | None = None,
    ) -> PendingTransaction:
        """Sign and submit without waiting (use with ``chain.automine = False`` to batch)."""
        context = context or TxContext()
        request = CallRequest(sender=sender.address, to=to, data=data, value=value, gas=gas)
        if gas is None:
            try:
                gas = self.chain.gas_limit_for(request)
            except Reverted as exc:
                raise self._decode(exc.data, context) from None
        max_fee, tip = self.chain.fees()
        tx: dict[str, Any] = {
            "type": 2,
            "chainId": self.chain.chain_id,
            "nonce": self.chain.get_nonce(sender.address),
            "to": to or b"",
            "value": value,
            "data": data,
            "gas": gas,
            "maxFeePerGas": max_fee,
            "maxPriorityFeePerGas": tip,
        }
        if to is None:
            del tx["to"]
        signed = sender.sign_transaction(tx)
        tx_hash = self.chain.send_raw_transaction(bytes(signed.raw_transaction))
        return PendingTransaction(
            tx_hash, CallRequest(request.sender, to, data, value, gas), context
        )

    def confirm(self, pending: PendingTransaction, timeout: float = 120.0) -> Receipt:
        """Wait for ``pending``'s receipt; raise the decoded revert when ``status == 0``."""
        receipt = self.chain.wait_for_receipt(pending.tx_hash, timeout)
        if receipt.succeeded:
            return receipt
        data = receipt.revert_data
        if data is None:
            data = self._replay(pending.request, receipt)
        raise self._decode(
            data, pending.context, tx_hash=receipt.tx_hash, gas_used=receipt.gas_used
        )

    # --- calls ---------------------------------------------------------------------------
    def call(
        self,
        to: str,
        data: bytes,
        *,
        sender: str | None = None,
        value: int = 0,
        block: int | str = "latest",
        context: TxContext | None = None,
    ) -> bytes:
        """Run a read-only call; a revert raises the decoded exception."""
        accounts = self.chain.accounts
        from_ = sender or (accounts[0].address if accounts else ZERO_ADDRESS)
        try:
            return self.chain.call(CallRequest(from_, to, data, value), block)
        except Reverted as exc:
            raise self._decode(exc.data, context or TxContext()) from None

    # --- helpers -------------------------------------------------------------------------
    def _replay(self, request: CallRequest, receipt: Receipt) -> bytes:
        """Re-run a mined, failed transaction as a call on its parent block to get the data."""
        block: int | str = "latest"
        if receipt.block_number:
            block = receipt.block_number - 1
        try:
            self.chain.call(request, block)
        except Reverted as exc:
            return exc.data
        return b""  # the call passes on the parent state: the failure depended on the block

    def _decode(self, data: bytes, context: TxContext, **extra: Any) -> Reverted:
        return self.errors.decode(
            data, contract=context.contract, function=context.function, **extra
        )
