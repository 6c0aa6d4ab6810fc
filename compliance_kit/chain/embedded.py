"""In-process chain: eth-tester's py-evm backend, driven directly for speed.

The kit's transactions skip web3's middleware and eth-tester's normalisers: a signed transaction
is applied to py-evm's pending block, which hands back the receipt *and* the EVM computation, so
revert data is read straight from the execution instead of replaying it. With ``automine`` off,
many transactions share one block and each still gets its own receipt immediately.

``chain.w3`` gives a web3.py instance on the very same chain for anything else.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, Any

from compliance_kit.chain.base import CallRequest, Chain, Log, Receipt
from compliance_kit.chain.dev_accounts import DEV_MNEMONIC, dev_accounts
from compliance_kit.exceptions import (
    ChainError,
    SnapshotError,
    TransactionRejected,
    UnknownRevert,
)

if TYPE_CHECKING:
    from eth_account.signers.local import LocalAccount
    from web3 import Web3

#: block gas limit of the embedded chain: high enough that a batch of steps fits in one block
EMBEDDED_BLOCK_GAS_LIMIT = 2_000_000_000
#: ether given to each test account
EMBEDDED_ACCOUNT_BALANCE = 10**6 * 10**18
#: gas limit of a kit transaction that sets none (EIP-7825's per-transaction cap)
TX_GAS_LIMIT = 2**24
#: gas given to calls and estimates that do not name their own
CALL_GAS_LIMIT = 50_000_000


class Embedded(Chain):
    """A fresh in-process chain with ``accounts`` funded test accounts (the anvil dev keys)."""

    def __init__(self, accounts: int = 10, *, mnemonic: str = DEV_MNEMONIC) -> None:
        from eth_tester import EthereumTester, PyEVMBackend

        self._accounts = dev_accounts(accounts, mnemonic)
        from eth_keys import keys

        params = PyEVMBackend.generate_genesis_params(
            overrides={"gas_limit": EMBEDDED_BLOCK_GAS_LIMIT}
        )
        state = {
            bytes.fromhex(a.address[2:]): {
                "balance": EMBEDDED_ACCOUNT_BALANCE,
                "nonce": 0,
                "code": b"",
                "storage": {},
            }
            for a in self._accounts
        }
        self._backend = PyEVMBackend(genesis_parameters=params, genesis_state=state)
        # let eth-tester (and so ``chain.w3``) sign for the same accounts
        self._backend.account_keys = tuple(keys.PrivateKey(a.key) for a in self._accounts)
        self._tester = EthereumTester(self._backend, auto_mine_transactions=True)
        self._automine = True
        self._receipts: dict[str, Receipt] = {}
        self._snapshots: dict[int, Any] = {}
        self._next_snapshot = 1
        self._pending: _PendingBlock | None = None
        self.chain_id = int(self._backend.chain.chain_id)

    # --- accounts ------------------------------------------------------------------------
    @property
    def accounts(self) -> list[LocalAccount]:
        return list(self._accounts)

    # --- internals -----------------------------------------------------------------------
    @property
    def _evm(self) -> Any:
        return self._backend.chain

    def _latest_header(self) -> Any:
        return self._evm.get_canonical_head()

    def _state(self) -> Any:
        """State including transactions applied to the pending block."""
        if self._pending is not None:
            return self._pending.vm.state
        return self._evm.get_vm().state

    # --- reads ---------------------------------------------------------------------------
    def block_number(self) -> int:
        return int(self._latest_header().block_number)

    def timestamp(self) -> int:
        return int(self._latest_header().timestamp)

    def get_nonce(self, address: str) -> int:
        return int(self._state().get_nonce(_raw(address)))

    def get_balance(self, address: str) -> int:
        return int(self._state().get_balance(_raw(address)))

    def get_code(self, address: str) -> bytes:
        return bytes(self._state().get_code(_raw(address)))

    def call(self, request: CallRequest, block: int | str = "latest") -> bytes:
        computation = self._execute_without_commit(request, block)
        if computation.is_error:
            raise _revert_from(computation)
        return bytes(computation.output)

    def estimate_gas(self, request: CallRequest) -> int:
        computation = self._execute_without_commit(request)
        if computation.is_error:
            raise _revert_from(computation)
        from eth.exceptions import VMError

        try:
            return int(self._evm.estimate_gas(self._spoof(request), self._evm.header))
        except VMError:  # passes with the full gas limit but not below it (63/64 rule)
            raise _revert_from(computation) from None

    def get_logs(
        self, from_block: int, to_block: int, address: str | list[str] | None = None
    ) -> list[tuple[int, str, Log]]:
        wanted = None
        if address is not None:
            wanted = {a.lower() for a in ([address] if isinstance(address, str) else address)}
        out: list[tuple[int, str, Log]] = []
        last = min(to_block, self.block_number())
        for number in range(max(from_block, 0), last + 1):
            block = self._evm.get_canonical_block_by_number(number)
            receipts = block.get_receipts(self._evm.chaindb)
            index = 0
            for tx, receipt in zip(block.transactions, receipts, strict=True):
                for log in _logs(receipt, start_index=index):
                    index += 1
                    if wanted is None or log.address.lower() in wanted:
                        out.append((number, "0x" + tx.hash.hex(), log))
        return out

    # --- writes --------------------------------------------------------------------------
    def send_raw_transaction(self, raw: bytes) -> str:
        from eth.exceptions import PyEVMError
        from eth_utils import ValidationError

        block = self._pending_block()
        try:
            tx = block.vm.get_transaction_builder().decode(raw)
            if tx.gas < tx.intrinsic_gas:  # py-evm would bump the nonce before refusing it
                raise ValidationError(f"intrinsic gas too low: {tx.gas} < {tx.intrinsic_gas}")
            if block.transactions and block.header.gas_used + tx.gas > block.header.gas_limit:
                self.mine()  # the pending block is full: start the next one
                block = self._pending_block()
            receipt, computation = block.apply(tx)
        except (ValidationError, PyEVMError, ValueError) as exc:
            raise TransactionRejected(f"embedded chain refused the transaction: {exc}") from None
        tx_hash = "0x" + tx.hash.hex()
        succeeded = not computation.is_error
        created = None
        if not tx.to and succeeded:
            from eth_utils import to_checksum_address

            created = to_checksum_address(computation.msg.storage_address)
        first_log = sum(len(r.logs) for r in block.receipts[:-1])
        self._receipts[tx_hash] = Receipt(
            tx_hash=tx_hash,
            status=1 if succeeded else 0,
            gas_used=block.last_gas_used,
            block_number=int(block.header.block_number),
            contract_address=created,
            logs=tuple(_logs(receipt, start_index=first_log)),
            revert_data=None if succeeded else bytes(computation.output),
        )
        if self._automine:
            self.mine()
        return tx_hash

    def _pending_block(self) -> _PendingBlock:
        if self._pending is None:
            self._pending = _PendingBlock(self._evm.get_vm())
        return self._pending

    def wait_for_receipt(self, tx_hash: str, timeout: float = 120.0) -> Receipt:
        receipt = self._receipts.pop(tx_hash, None)
        if receipt is not None:
            return receipt
        return self._receipt_from_tester(tx_hash)

    def _receipt_from_tester(self, tx_hash: str) -> Receipt:
        from eth_tester.exceptions import TransactionNotFound

        try:
            r = self._tester.get_transaction_receipt(tx_hash)
        except TransactionNotFound:
            raise ChainError(f"transaction {tx_hash} is not known to the embedded chain") from None
        return Receipt(
            tx_hash=tx_hash,
            status=int(r["status"]),
            gas_used=int(r["gas_used"]),
            block_number=r["block_number"],
            contract_address=r["contract_address"],
            logs=tuple(
                Log(
                    address=lg["address"],
                    topics=tuple(_hex_bytes(t) for t in lg["topics"]),
                    data=_hex_bytes(lg["data"]),
                    log_index=int(lg["log_index"]),
                )
                for lg in r["logs"]
            ),
        )

    # --- dev-chain controls --------------------------------------------------------------
    def snapshot(self) -> int:
        self.mine_pending()
        snapshot_id = self._next_snapshot
        self._next_snapshot += 1
        self._snapshots[snapshot_id] = self._tester.take_snapshot()
        return snapshot_id

    def revert(self, snapshot_id: int) -> None:
        if snapshot_id not in self._snapshots:
            raise SnapshotError(
                f"no snapshot {snapshot_id} on this chain (unknown, or discarded by an "
                "earlier revert to an older snapshot)"
            )
        self._pending = None
        self._tester.revert_to_snapshot(self._snapshots[snapshot_id])
        for later in [s for s in self._snapshots if s > snapshot_id]:
            del self._snapshots[later]
        self._receipts.clear()

    def mine(self, blocks: int = 1) -> None:
        if blocks < 1:
            raise ValueError("blocks must be at least 1")
        if self._pending is not None:
            self._evm.header = self._pending.seal()
            self._pending = None
        self._tester.mine_blocks(blocks)

    def mine_pending(self) -> None:
        """Mine the pending block if it holds transactions (no-op otherwise)."""
        if self._pending is not None and self._pending.transactions:
            self.mine()
        else:  # empty (every transaction sent to it was refused): drop it, mine nothing
            self._pending = None

    def advance_time(self, seconds: int) -> int:
        if seconds < 0:
            raise ValueError("time only moves forward: seconds must be >= 0")
        self.mine_pending()
        target = self.timestamp() + max(int(seconds), 1)
        self._evm.header = self._evm.header.copy(timestamp=target)
        self._tester.mine_blocks(1)
        return self.timestamp()

    @property
    def automine(self) -> bool:
        return self._automine

    @automine.setter
    def automine(self, enabled: bool) -> None:
        if enabled and not self._automine:
            self.mine_pending()
        self._automine = enabled

    def fees(self) -> tuple[int, int]:
        tip = 10**9
        return int(self._evm.header.base_fee_per_gas) * 2 + tip, tip

    def gas_limit_for(self, request: CallRequest) -> int:
        return TX_GAS_LIMIT

    # --- escape hatch --------------------------------------------------------------------
    @cached_property
    def w3(self) -> Web3:
        from web3 import EthereumTesterProvider, Web3

        return Web3(EthereumTesterProvider(self._tester))

    def __repr__(self) -> str:
        return f"Embedded(chain_id={self.chain_id}, block={self.block_number()})"

    # --- helpers -------------------------------------------------------------------------
    def _call_vm(self, block: int | str = "latest") -> Any:
        """A VM on the state after ``block`` ("latest"/"pending": including unmined
        transactions) whose header charges no base fee, so calls need no ether, as on a node."""
        if isinstance(block, int):
            header = self._evm.get_canonical_block_header_by_number(block)
        elif self._pending is not None:
            header = self._pending.persisted_header()
        else:
            header = self._evm.header
        return self._evm.get_vm(header.copy(base_fee_per_gas=0))

    def _spoof(self, request: CallRequest, vm: Any = None) -> Any:
        """An unsigned transaction from ``request.sender`` the VM accepts without a signature."""
        from eth.vm.spoof import SpoofTransaction

        vm = vm or self._call_vm()
        unsigned = vm.create_unsigned_transaction(
            nonce=vm.state.get_nonce(_raw(request.sender)),
            gas_price=0,
            gas=request.gas or CALL_GAS_LIMIT,
            to=_raw(request.to) if request.to else b"",
            value=request.value,
            data=request.data,
        )
        return SpoofTransaction(unsigned, from_=_raw(request.sender))

    def _execute_without_commit(self, request: CallRequest, block: int | str = "latest") -> Any:
        vm = self._call_vm(block)
        return vm.state.apply_transaction(self._spoof(request, vm))


class _PendingBlock:
    """Transactions applied to the next block but not mined yet.

    Executing into one VM and building the block once at the end keeps a batch linear in its
    size (py-evm's ``MiningChain.apply_transaction`` rebuilds the block's tries on every call).
    """

    def __init__(self, vm: Any) -> None:
        self.vm = vm
        self.header = vm.get_header()
        self.transactions: list[Any] = []
        self.receipts: list[Any] = []
        self.last_gas_used = 0

    def apply(self, tx: Any) -> tuple[Any, Any]:
        gas_before = self.header.gas_used
        receipt, computation = self.vm.apply_transaction(self.header, tx)
        self.header = self.vm.increment_blob_gas_used(
            self.vm.add_receipt_to_header(self.header, receipt), tx
        )
        self.transactions.append(tx)
        self.receipts.append(receipt)
        self.last_gas_used = int(self.header.gas_used - gas_before)
        return receipt, computation

    def persisted_header(self) -> Any:
        """The pending header with the state root of everything applied so far."""
        self.vm.state.persist()
        return self.header.copy(state_root=self.vm.state.state_root)

    def seal(self) -> Any:
        """Header of the filled block, ready for the chain to mine."""
        block = self.vm.set_block_transactions_and_withdrawals(
            self.vm.get_block(), self.persisted_header(), self.transactions, self.receipts
        )
        return block.header


def _raw(address: str) -> bytes:
    return bytes.fromhex(address[2:] if address.startswith("0x") else address)


def _hex_bytes(value: str | bytes) -> bytes:
    """eth-tester hands logs out as hex strings; py-evm as bytes."""
    return bytes.fromhex(value[2:]) if isinstance(value, str) else bytes(value)


def _logs(receipt: Any, start_index: int = 0) -> list[Log]:
    from eth_utils import to_checksum_address

    return [
        Log(
            address=to_checksum_address(log.address),
            topics=tuple(t.to_bytes(32, "big") for t in log.topics),
            data=bytes(log.data),
            log_index=start_index + i,
        )
        for i, log in enumerate(receipt.logs)
    ]


def _revert_from(computation: Any) -> UnknownRevert:
    """The raw revert, undecoded: the transaction layer names it from the ABIs."""
    return UnknownRevert(bytes(computation.output) if computation.is_error else b"")
