"""The one chain interface: what the kit needs from any EVM, embedded or behind JSON-RPC.

Backends return plain values (``bytes``, ``int``, :class:`Receipt`) and raise only
:mod:`compliance_kit.exceptions` errors; web3/eth-tester types stay inside the backend modules.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Self

if TYPE_CHECKING:
    from eth_account.signers.local import LocalAccount
    from web3 import Web3


@dataclass(frozen=True)
class Log:
    """One event log, as the EVM emitted it."""

    address: str
    topics: tuple[bytes, ...]
    data: bytes
    log_index: int = 0


@dataclass(frozen=True)
class Receipt:
    """The outcome of one executed transaction.

    ``block_number`` is ``None`` while the transaction sits in a block that is not mined yet
    (embedded chain with automine off). ``revert_data`` is the raw revert payload when the
    backend saw it during execution (embedded); otherwise it is recovered by replaying the call.
    """

    tx_hash: str
    status: int
    gas_used: int
    block_number: int | None
    contract_address: str | None = None
    logs: tuple[Log, ...] = ()
    revert_data: bytes | None = None

    @property
    def succeeded(self) -> bool:
        return self.status == 1


@dataclass(frozen=True)
class CallRequest:
    """A message call or transaction body (addresses checksummed, ``data`` raw bytes)."""

    sender: str
    to: str | None
    data: bytes = b""
    value: int = 0
    gas: int | None = None


class Chain(ABC):
    """An EVM chain the kit can deploy to and transact on.

    Subclasses: :class:`~compliance_kit.chain.embedded.Embedded` (in-process eth-tester/py-evm,
    the default) and :class:`~compliance_kit.chain.rpc.Rpc` (any JSON-RPC node).
    """

    #: chain id reported by the node (EIP-155), used in every signature
    chain_id: int

    # --- accounts ------------------------------------------------------------------------
    @property
    @abstractmethod
    def accounts(self) -> list[LocalAccount]:
        """Funded accounts with their private keys (test accounts on dev chains)."""

    # --- reads ---------------------------------------------------------------------------
    @abstractmethod
    def block_number(self) -> int:
        """Number of the latest mined block."""

    @abstractmethod
    def timestamp(self) -> int:
        """Timestamp of the latest mined block (what ``block.timestamp`` was)."""

    @abstractmethod
    def get_nonce(self, address: str) -> int:
        """Next nonce of ``address``, counting transactions not yet mined."""

    @abstractmethod
    def get_balance(self, address: str) -> int:
        """Ether balance in wei."""

    @abstractmethod
    def get_code(self, address: str) -> bytes:
        """Deployed bytecode at ``address`` (empty for an account without code)."""

    @abstractmethod
    def call(self, request: CallRequest, block: int | str = "latest") -> bytes:
        """Execute a call without a transaction; raises ``Reverted`` with the raw data."""

    @abstractmethod
    def estimate_gas(self, request: CallRequest) -> int:
        """Gas the request needs; raises ``Reverted`` when it would revert."""

    @abstractmethod
    def get_logs(
        self, from_block: int, to_block: int, address: str | list[str] | None = None
    ) -> list[tuple[int, str, Log]]:
        """Logs in the inclusive block range, as ``(block_number, tx_hash, log)``."""

    # --- writes --------------------------------------------------------------------------
    @abstractmethod
    def fees(self) -> tuple[int, int]:
        """``(max_fee_per_gas, max_priority_fee_per_gas)`` to offer for the next transaction."""

    def gas_limit_for(self, request: CallRequest) -> int:
        """Gas limit for a transaction that does not set one.

        Default: estimate (which also surfaces a revert before anything is sent) plus a
        margin. The embedded chain overrides this with a fixed cap: it needs no estimate,
        because it reads revert data straight from the execution.
        """
        estimate = self.estimate_gas(request)
        return estimate + estimate // 5 + 10_000

    @abstractmethod
    def send_raw_transaction(self, raw: bytes) -> str:
        """Submit a signed transaction; return its hash (``0x``-prefixed)."""

    @abstractmethod
    def wait_for_receipt(self, tx_hash: str, timeout: float = 120.0) -> Receipt:
        """Block until ``tx_hash`` is executed and return its receipt."""

    # --- dev-chain controls --------------------------------------------------------------
    @abstractmethod
    def snapshot(self) -> int:
        """Record the current state; pass the id to :meth:`revert` to return to it."""

    @abstractmethod
    def revert(self, snapshot_id: int) -> None:
        """Return to a snapshot; later snapshots are discarded."""

    @contextmanager
    def isolated(self) -> Iterator[None]:
        """Run the ``with`` block on a snapshot and return to it afterwards, automine back on
        (it is not part of a snapshot): whatever the block did leaves nothing behind."""
        snapshot = self.snapshot()
        try:
            yield
        finally:
            self.automine = True
            self.revert(snapshot)

    @abstractmethod
    def mine(self, blocks: int = 1) -> None:
        """Mine ``blocks`` blocks (including any pending transactions in the first)."""

    @abstractmethod
    def advance_time(self, seconds: int) -> int:
        """Move the clock forward and mine a block stamped with it; return the new timestamp."""

    @property
    @abstractmethod
    def automine(self) -> bool:
        """Whether each transaction is mined in its own block as soon as it is sent."""

    @automine.setter
    @abstractmethod
    def automine(self, enabled: bool) -> None: ...

    # --- escape hatch --------------------------------------------------------------------
    @property
    @abstractmethod
    def w3(self) -> Web3:
        """A web3.py instance on the same chain, for anything the kit does not wrap."""

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release resources (connections, processes)."""

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
