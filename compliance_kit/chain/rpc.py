"""Any JSON-RPC node (anvil, hardhat, a testnet, mainnet) behind the :class:`Chain` interface.

Built on web3.py's ``HTTPProvider`` with no middleware: transactions are signed locally by the
:class:`~compliance_kit.chain.tx.Transactor`, so the node only executes, answers reads and (on
a dev node) travels in time. Every failure leaves this module as a
:mod:`compliance_kit.exceptions` error: transport problems as ``NodeUnreachable``, a revert as
``UnknownRevert`` carrying the raw revert bytes (the transaction layer names it), a refused
transaction as ``TransactionRejected``.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import urlsplit

from compliance_kit.chain.base import CallRequest, Chain, Log, Receipt
from compliance_kit.chain.dev_accounts import dev_accounts
from compliance_kit.exceptions import (
    ChainError,
    ChainIdMismatch,
    InputError,
    NodeUnreachable,
    SnapshotError,
    TransactionRejected,
    TransactionTimeout,
    UnknownRevert,
)

if TYPE_CHECKING:
    from eth_account.signers.local import LocalAccount
    from web3 import Web3
    from web3.types import BlockIdentifier, TxParams

#: ``web3_clientVersion`` prefixes of the dev nodes whose test controls we use, and their
#: method namespace (``anvil_mine``, ``hardhat_getAutomine`` ...)
DEV_NODES = {"anvil": "anvil", "hardhatnetwork": "hardhat"}
#: priority fee offered when the node cannot suggest one (1 gwei)
DEFAULT_PRIORITY_FEE = 10**9
#: error messages that mean "the execution failed" rather than "the request was wrong"
_EXECUTION_FAILURES = (
    "revert",
    "evm error",
    "out of gas",
    "gas required exceeds",
    "invalid opcode",
)


class Rpc(Chain):
    """A chain behind a JSON-RPC endpoint.

    ``accounts`` are the keys the kit may sign with; by default the dev-mnemonic accounts the
    node reports as its own on anvil or hardhat, and none elsewhere. ``expected_chain_id``
    guards against pointing a deployment at the wrong network.
    """

    def __init__(
        self,
        url: str,
        *,
        accounts: list[LocalAccount] | None = None,
        expected_chain_id: int | None = None,
        timeout: float = 10,
    ) -> None:
        import requests
        from web3 import HTTPProvider, Web3

        self.url = _check_url(url)
        self.timeout = float(timeout)
        self._session = requests.Session()
        provider = HTTPProvider(
            self.url,
            request_kwargs={"timeout": self.timeout},
            session=self._session,
            exception_retry_configuration=None,  # fail fast; the caller decides to retry
        )
        provider.global_ccip_read_enabled = False  # never let a revert trigger HTTP lookups
        self._w3 = Web3(provider, middleware=[])

        self._snapshots: dict[int, str] = {}
        self._next_snapshot = 1
        try:
            self.client_version = self._client_version()
            self.chain_id = int(self._request("eth_chainId"), 16)
            if expected_chain_id is not None and expected_chain_id != self.chain_id:
                raise ChainIdMismatch(
                    expected_chain_id, self.chain_id, where=f"the node at {self.url}"
                )
            name = self.client_version.split("/", 1)[0].lower()
            #: namespace of the dev-node controls (``"anvil"``, ``"hardhat"``); None elsewhere
            self.dev_namespace: str | None = DEV_NODES.get(name)
            self._accounts = list(accounts) if accounts is not None else self._node_dev_accounts()
        except BaseException:
            self._session.close()
            raise

    # --- accounts ------------------------------------------------------------------------
    @property
    def accounts(self) -> list[LocalAccount]:
        return list(self._accounts)

    def _node_dev_accounts(self) -> list[LocalAccount]:
        """The dev-mnemonic accounts the node holds (none unless it is a dev node)."""
        if self.dev_namespace is None:
            return []
        held = {a.lower() for a in self._request("eth_accounts") or []}
        if not held:
            return []
        return [a for a in dev_accounts(len(held)) if a.address.lower() in held]

    # --- reads ---------------------------------------------------------------------------
    def block_number(self) -> int:
        return int(self._request("eth_blockNumber"), 16)

    def timestamp(self) -> int:
        return int(self._latest_block()["timestamp"], 16)

    def get_nonce(self, address: str) -> int:
        return int(self._request("eth_getTransactionCount", address, "pending"), 16)

    def get_balance(self, address: str) -> int:
        return int(self._request("eth_getBalance", address, "latest"), 16)

    def get_code(self, address: str) -> bytes:
        return _bytes(self._request("eth_getCode", address, "latest"))

    def call(self, request: CallRequest, block: int | str = "latest") -> bytes:
        from web3.exceptions import ContractLogicError

        try:
            with self._transport("eth_call"):
                return bytes(self._w3.eth.call(_tx_params(request), cast("BlockIdentifier", block)))
        except ContractLogicError as exc:  # web3 recognised a revert
            raise UnknownRevert(revert_payload(exc.data)) from None
        except RpcError as exc:  # any other error response: a halt, or a bad request
            raise exc.execution_failure() or exc from None

    def estimate_gas(self, request: CallRequest) -> int:
        from web3.exceptions import ContractLogicError

        try:
            with self._transport("eth_estimateGas"):
                return int(self._w3.eth.estimate_gas(_tx_params(request)))
        except ContractLogicError as exc:
            raise UnknownRevert(revert_payload(exc.data)) from None
        except RpcError as exc:  # e.g. insufficient funds for the value or the gas
            raise exc.execution_failure() or TransactionRejected(
                f"the node at {self.url} cannot estimate gas for the transaction: {exc.message}"
            ) from None

    def get_logs(
        self, from_block: int, to_block: int, address: str | list[str] | None = None
    ) -> list[tuple[int, str, Log]]:
        query: dict[str, Any] = {"fromBlock": hex(from_block), "toBlock": hex(to_block)}
        if address is not None:
            query["address"] = address
        return [
            (int(raw["blockNumber"], 16), raw["transactionHash"], _log(raw))
            for raw in self._request("eth_getLogs", query)
            if not raw.get("removed")
        ]

    # --- writes --------------------------------------------------------------------------
    def fees(self) -> tuple[int, int]:
        base = self._latest_block().get("baseFeePerGas")
        try:
            tip = int(self._request("eth_maxPriorityFeePerGas"), 16)
        except RpcError:  # not every node implements it: derive from the gas price
            gas_price = int(self._request("eth_gasPrice"), 16)
            tip = gas_price - int(base, 16) if base is not None else gas_price
            tip = max(tip, DEFAULT_PRIORITY_FEE)
        if base is None:  # no EIP-1559 base fee reported: offer the tip as the whole price
            return tip, tip
        return int(base, 16) * 2 + tip, tip

    def send_raw_transaction(self, raw: bytes) -> str:
        try:
            return str(self._request("eth_sendRawTransaction", "0x" + bytes(raw).hex()))
        except RpcError as exc:
            raise TransactionRejected(
                f"the node at {self.url} refused the transaction: {exc.message}"
            ) from None

    def wait_for_receipt(self, tx_hash: str, timeout: float = 120.0) -> Receipt:
        deadline = time.monotonic() + timeout
        delay = 0.005
        while True:
            try:
                raw = self._request("eth_getTransactionReceipt", tx_hash)
            except RpcError as exc:  # geth answers so while it (re)indexes: not there yet
                if "indexing is in progress" not in exc.message.lower():
                    raise
                raw = None
            if raw is not None:
                return _receipt(raw)
            if time.monotonic() + delay > deadline:
                raise TransactionTimeout(tx_hash, timeout)
            time.sleep(delay)
            delay = min(delay * 2, 0.5)

    # --- dev-chain controls --------------------------------------------------------------
    def snapshot(self) -> int:
        node_id = self._dev_request("evm_snapshot")
        snapshot_id = self._next_snapshot
        self._next_snapshot += 1
        self._snapshots[snapshot_id] = node_id
        return snapshot_id

    def revert(self, snapshot_id: int) -> None:
        """Return to ``snapshot_id``, which stays usable; pending transactions are dropped.

        Dev nodes consume a snapshot when reverting to it, so a fresh one is taken at once to
        keep the id valid, as on the embedded chain.
        """
        node_id = self._snapshots.get(snapshot_id)
        if node_id is None:
            raise SnapshotError(
                f"no snapshot {snapshot_id} on this chain (unknown, or discarded by an "
                "earlier revert to an older snapshot)"
            )
        reverted = self._dev_request("evm_revert", node_id)
        for later in [s for s in self._snapshots if s >= snapshot_id]:
            del self._snapshots[later]
        if not reverted:
            raise SnapshotError(f"the node at {self.url} no longer has snapshot {snapshot_id}")
        if self.dev_namespace == "anvil":  # anvil keeps its mempool across a revert
            self._dev_request("anvil_dropAllTransactions")
        self._snapshots[snapshot_id] = self._dev_request("evm_snapshot")

    def mine(self, blocks: int = 1) -> None:
        if blocks < 1:
            raise ValueError("blocks must be at least 1")
        if blocks == 1:
            self._dev_request("evm_mine")
        else:
            self._dev_request(f"{self.dev_namespace}_mine", hex(blocks))

    def advance_time(self, seconds: int) -> int:
        """Mine a block stamped exactly ``seconds`` after the latest one (at least 1)."""
        if seconds < 0:
            raise ValueError("time only moves forward: seconds must be >= 0")
        target = self.timestamp() + max(int(seconds), 1)
        # evm_increaseTime counts from the wall clock, so the step could be off by a second
        self._dev_request("evm_setNextBlockTimestamp", target)
        self._dev_request("evm_mine")
        return self.timestamp()

    @property
    def automine(self) -> bool:
        return bool(self._dev_request(f"{self.dev_namespace}_getAutomine"))

    @automine.setter
    def automine(self, enabled: bool) -> None:
        self._dev_request("evm_setAutomine", bool(enabled))

    # --- escape hatch --------------------------------------------------------------------
    @property
    def w3(self) -> Web3:
        """web3.py on the same node (no middleware: results are plain dicts)."""
        return self._w3

    def close(self) -> None:
        self._session.close()

    def __repr__(self) -> str:
        return f"Rpc({self.url!r}, chain_id={self.chain_id}, client={self.client_version!r})"

    # --- JSON-RPC plumbing ---------------------------------------------------------------
    def _request(self, method: str, *params: Any) -> Any:
        """One JSON-RPC request; an error response raises :class:`RpcError`."""
        from web3.types import RPCEndpoint

        with self._transport(method):
            return self._w3.manager.request_blocking(RPCEndpoint(method), list(params))

    def _dev_request(self, method: str, *params: Any) -> Any:
        """A dev-node control (``evm_*``, ``anvil_*``); ``ChainError`` elsewhere."""
        if self.dev_namespace is None:
            raise ChainError(
                f"the node at {self.url} ({self.client_version}) does not support {method}: "
                "snapshots, mining and time travel need a dev node (anvil or hardhat)"
            )
        return self._request(method, *params)

    def _latest_block(self) -> dict[str, Any]:
        return dict(self._request("eth_getBlockByNumber", "latest", False))

    def _client_version(self) -> str:
        """First contact: the node's name, or "unknown" if it does not say."""
        try:
            return str(self._request("web3_clientVersion"))
        except RpcError:
            return "unknown"

    @contextmanager
    def _transport(self, method: str) -> Iterator[None]:
        """Map web3/requests failures: transport ones (refused, timed out, not JSON-RPC) to
        ``NodeUnreachable``, error responses to :class:`RpcError`. web3's own revert errors
        (``ContractLogicError``) pass through for the caller to unpack."""
        import requests
        from web3.exceptions import (
            BadResponseFormat,
            ContractLogicError,
            Web3Exception,
            Web3RPCError,
        )

        try:
            yield
        except ContractLogicError:
            raise
        except Web3RPCError as exc:
            raise RpcError(method, self.url, exc) from None
        except requests.Timeout:
            raise NodeUnreachable(
                f"the node at {self.url} did not answer {method} within {self.timeout:g}s: "
                "check that it is running and not overloaded, or raise the timeout"
            ) from None
        except requests.HTTPError as exc:
            status = exc.response.status_code if exc.response is not None else "an error"
            raise NodeUnreachable(
                f"{self.url} answered HTTP {status} to {method}: check the RPC URL "
                "(path, API key) and that it serves JSON-RPC"
            ) from None
        except requests.RequestException:
            raise NodeUnreachable(
                f"no JSON-RPC node answers at {self.url}: start one (`compliance-kit node`, "
                "or anvil) or fix --rpc-url"
            ) from None
        except (BadResponseFormat, json.JSONDecodeError, UnicodeDecodeError):
            raise NodeUnreachable(
                f"{self.url} did not answer {method} with JSON-RPC: "
                "check that the URL points at an Ethereum node"
            ) from None
        except Web3Exception as exc:
            raise ChainError(f"{method} failed on {self.url}: {exc}") from None


class RpcError(ChainError):
    """The node answered a request with a JSON-RPC error (``code``, ``message``, ``data``)."""

    def __init__(self, method: str, url: str, exc: Exception) -> None:
        response = getattr(exc, "rpc_response", None) or {}
        error = response.get("error") if isinstance(response, dict) else None
        error = error if isinstance(error, dict) else {}
        self.method = method
        self.code: int | None = error.get("code")
        self.message = str(error.get("message") or getattr(exc, "message", None) or exc)
        self.data: Any = error.get("data")
        super().__init__(f"{method} failed on {url}: {self.message}")

    def execution_failure(self) -> UnknownRevert | None:
        """The revert this error reports (web3 classifies only some), or None if it is none:
        revert data, code 3, or a halt such as out-of-gas."""
        data = revert_payload(self.data)
        message = self.message.lower()
        if data or self.code == 3 or any(m in message for m in _EXECUTION_FAILURES):
            return UnknownRevert(data)
        return None


# --- helpers -----------------------------------------------------------------------------


def _check_url(url: str) -> str:
    """``url`` if it is an http(s) URL with a host, else ``InputError(field="rpc_url")``."""
    if not isinstance(url, str) or not url.strip():
        raise InputError(
            "rpc_url", "empty: give the node's http(s) URL, e.g. http://127.0.0.1:8545"
        )
    url = url.strip()
    try:
        parts = urlsplit(url)
        port = parts.port  # validates the port
    except ValueError as exc:
        raise InputError("rpc_url", f"{url!r} is not a valid URL ({exc})") from None
    if parts.scheme not in ("http", "https"):
        hint = " (websocket endpoints are not supported)" if parts.scheme in ("ws", "wss") else ""
        raise InputError(
            "rpc_url",
            f"{url!r} must start with http:// or https://{hint}, e.g. http://127.0.0.1:8545",
        )
    if not parts.hostname:
        raise InputError("rpc_url", f"{url!r} has no host, e.g. http://127.0.0.1:8545")
    if port is None and parts.netloc.endswith(":"):
        raise InputError("rpc_url", f"{url!r} has an empty port, e.g. http://127.0.0.1:8545")
    return url


def _tx_params(request: CallRequest) -> TxParams:
    params: dict[str, Any] = {"from": request.sender, "data": bytes(request.data)}
    if request.to:
        params["to"] = request.to
    if request.value:
        params["value"] = request.value
    if request.gas is not None:
        params["gas"] = request.gas
    return cast("TxParams", params)


def revert_payload(data: Any) -> bytes:
    """Raw revert bytes from whatever a node put in an error's ``data``.

    Handles a hex string (anvil, hardhat, geth), geth's old ``"Reverted 0x..."`` form, and the
    nested objects of ganache-style nodes (``{"data": ...}`` or ``{"<hash>": {"return": ...}}``).
    Anything else, including web3's ``"no data"`` placeholder, is an empty payload.
    """
    if isinstance(data, bytes | bytearray):
        return bytes(data)
    if isinstance(data, str):
        text = data.strip()
        if text.startswith("Reverted "):
            text = text[len("Reverted ") :].strip()
        if text.startswith(("0x", "0X")):
            try:
                return bytes.fromhex(text[2:])
            except ValueError:
                return b""
        return b""
    if isinstance(data, dict):
        for key in ("data", "return", "result"):
            if key in data:
                return revert_payload(data[key])
        for value in data.values():
            if isinstance(value, dict):
                found = revert_payload(value)
                if found:
                    return found
    return b""


def _bytes(value: str | None) -> bytes:
    return bytes.fromhex(value[2:]) if value else b""


def _checksum(address: str | None) -> str | None:
    if not address:
        return None
    from eth_utils import to_checksum_address

    return to_checksum_address(address)


def _log(raw: dict[str, Any]) -> Log:
    return Log(
        address=str(_checksum(raw["address"])),
        topics=tuple(_bytes(t) for t in raw.get("topics", ())),
        data=_bytes(raw.get("data")),
        log_index=int(raw.get("logIndex") or "0x0", 16),
    )


def _receipt(raw: dict[str, Any]) -> Receipt:
    block = raw.get("blockNumber")
    return Receipt(
        tx_hash=str(raw["transactionHash"]),
        status=int(raw.get("status") or "0x1", 16),
        gas_used=int(raw["gasUsed"], 16),
        block_number=int(block, 16) if block is not None else None,
        contract_address=_checksum(raw.get("contractAddress")),
        logs=tuple(_log(lg) for lg in raw.get("logs", ())),
        revert_data=None,
    )


__all__ = ["Rpc", "RpcError", "revert_payload"]
