"""Deployed contracts as Python objects: ``token.fn.transfer(bob, 5).transact(alice)``.

A thin layer over eth-abi and :class:`~compliance_kit.chain.tx.Transactor`, so every call and
transaction takes the kit's fast path and every revert arrives decoded.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from eth_abi import decode as abi_decode
from eth_abi import encode as abi_encode

from compliance_kit.chain.abi import canonical_type, event_topic, normalize_values, selector
from compliance_kit.chain.tx import PendingTransaction, Transactor, TxContext
from compliance_kit.exceptions import ComplianceKitError

if TYPE_CHECKING:
    from eth_account.signers.local import LocalAccount

    from compliance_kit.build import Artifact
    from compliance_kit.chain.base import Log, Receipt


@dataclass(frozen=True)
class Event:
    """A decoded event log."""

    name: str
    args: dict[str, Any]
    address: str
    log_index: int

    def __getitem__(self, key: str) -> Any:
        return self.args[key]


class ContractFunction:
    """One ABI function bound to its arguments."""

    def __init__(self, contract: Contract, abi: dict[str, Any], args: tuple[Any, ...]) -> None:
        self.contract = contract
        self.abi = abi
        self.args = args
        self.name = str(abi["name"])

    @property
    def data(self) -> bytes:
        """ABI-encoded calldata."""
        types = [canonical_type(i) for i in self.abi.get("inputs", [])]
        return selector(self.abi) + abi_encode(types, list(self.args))

    def _context(self) -> TxContext:
        return TxContext(self.contract.name, self.name)

    def transact(self, sender: LocalAccount, *, value: int = 0, gas: int | None = None) -> Receipt:
        """Send as a transaction from ``sender`` and wait for success (or a decoded revert)."""
        return self.contract.transactor.transact(
            sender,
            self.contract.address,
            self.data,
            value=value,
            gas=gas,
            context=self._context(),
        )

    def send(
        self, sender: LocalAccount, *, value: int = 0, gas: int | None = None
    ) -> PendingTransaction:
        """Submit without waiting; confirm later with ``contract.transactor.confirm``."""
        return self.contract.transactor.send(
            sender,
            self.contract.address,
            self.data,
            value=value,
            gas=gas,
            context=self._context(),
        )

    def call(self, sender: str | None = None, *, block: int | str = "latest") -> Any:
        """Run as a read-only call; one output is returned bare, several as a tuple."""
        raw = self.contract.transactor.call(
            self.contract.address,
            self.data,
            sender=sender,
            block=block,
            context=self._context(),
        )
        types = [canonical_type(o) for o in self.abi.get("outputs", [])]
        values = normalize_values(types, abi_decode(types, raw))
        return values[0] if len(values) == 1 else values


class _Functions:
    def __init__(self, contract: Contract) -> None:
        self._contract = contract

    def __getattr__(self, name: str) -> Any:
        overloads = self._contract._functions.get(name)
        if not overloads:
            raise AttributeError(
                f"{self._contract.name} has no function {name!r}; it has: "
                f"{', '.join(sorted(self._contract._functions))}"
            )

        def bind(*args: Any) -> ContractFunction:
            matching = [f for f in overloads if len(f.get("inputs", [])) == len(args)]
            if len(matching) != 1:
                raise TypeError(
                    f"{self._contract.name}.{name} takes "
                    f"{' or '.join(str(len(f.get('inputs', []))) for f in overloads)} "
                    f"argument(s), got {len(args)}"
                )
            return ContractFunction(self._contract, matching[0], args)

        return bind

    def __dir__(self) -> list[str]:
        return sorted(self._contract._functions)


class Contract:
    """A contract at ``address`` with ``abi``, transacting through ``transactor``."""

    def __init__(
        self,
        transactor: Transactor,
        address: str,
        abi: list[dict[str, Any]],
        name: str = "contract",
    ) -> None:
        self.transactor = transactor
        self.address = address
        self.abi = abi
        self.name = name
        self._functions: dict[str, list[dict[str, Any]]] = {}
        self._events: dict[bytes, dict[str, Any]] = {}
        for entry in abi:
            if entry.get("type") == "function":
                self._functions.setdefault(entry["name"], []).append(entry)
            elif entry.get("type") == "event" and not entry.get("anonymous"):
                self._events[event_topic(entry)] = entry
        self.fn = _Functions(self)

    def __repr__(self) -> str:
        return f"<{self.name} at {self.address}>"

    def events(self, receipt: Receipt, name: str | None = None) -> list[Event]:
        """This contract's events in ``receipt`` (only those called ``name`` if given)."""
        decoded = [self.decode_log(log) for log in receipt.logs if log.address == self.address]
        return [e for e in decoded if e is not None and (name is None or e.name == name)]

    def decode_log(self, log: Log) -> Event | None:
        """Decode one log with this contract's ABI (``None`` if it declares no such event)."""
        if not log.topics or log.topics[0] not in self._events:
            return None
        entry = self._events[log.topics[0]]
        inputs = entry.get("inputs", [])
        indexed = [i for i in inputs if i.get("indexed")]
        plain = [i for i in inputs if not i.get("indexed")]
        args: dict[str, Any] = {}
        for param, topic in zip(indexed, log.topics[1:], strict=True):
            typ = canonical_type(param)
            if typ in ("string", "bytes") or typ.endswith("]") or typ.startswith("("):
                args[param["name"]] = topic  # dynamic values are indexed by their hash
            else:
                args[param["name"]] = normalize_values([typ], abi_decode([typ], topic))[0]
        types = [canonical_type(p) for p in plain]
        for param, value in zip(
            plain, normalize_values(types, abi_decode(types, log.data)), strict=True
        ):
            args[param["name"]] = value
        ordered = {i["name"]: args[i["name"]] for i in inputs}
        return Event(str(entry["name"]), ordered, log.address, log.log_index)


def deploy(
    transactor: Transactor,
    artifact: Artifact,
    *args: Any,
    sender: LocalAccount,
    gas: int | None = None,
) -> Contract:
    """Deploy ``artifact`` with constructor ``args`` from ``sender``; return the bound contract."""
    ctor: dict[str, Any] = next(
        (e for e in artifact.abi if e.get("type") == "constructor"), {"inputs": []}
    )
    types = [canonical_type(i) for i in ctor.get("inputs", [])]
    if len(types) != len(args):
        raise TypeError(
            f"{artifact.name} constructor takes {len(types)} argument(s), got {len(args)}"
        )
    data = artifact.bytecode + abi_encode(types, list(args))
    receipt = transactor.transact(
        sender, None, data, gas=gas, context=TxContext(artifact.name, "constructor")
    )
    if not receipt.contract_address:
        raise ComplianceKitError(f"deploying {artifact.name} produced no contract address")
    return Contract(transactor, receipt.contract_address, artifact.abi, artifact.name)
