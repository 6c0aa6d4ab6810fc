"""Turn raw revert data into named exceptions, using the ABIs of every compiled contract.

``ErrorRegistry.decode(data)`` returns (does not raise) the right :class:`Reverted` subclass:

- a custom error declared in any registered ABI → the per-name subclass of ``CustomErrorRevert``
  (``revert_error("ERC20InsufficientBalance")``), arguments decoded by name;
- ``Panic(uint256)`` → ``PanicRevert`` with the code and its meaning;
- ``Error(string)`` → ``ReasonRevert``;
- anything else (empty data, unknown selector, undecodable payload) → ``UnknownRevert`` with the
  raw bytes kept.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from eth_abi import decode as abi_decode
from eth_abi.exceptions import DecodingError
from eth_utils import keccak

from compliance_kit.chain.abi import canonical_type, normalize_values
from compliance_kit.exceptions import (
    PanicRevert,
    ReasonRevert,
    Reverted,
    UnknownRevert,
    revert_error,
)

ERROR_STRING_SELECTOR = bytes.fromhex("08c379a0")  # Error(string)
PANIC_SELECTOR = bytes.fromhex("4e487b71")  # Panic(uint256)

#: Solidity's panic codes (docs: "Panic via assert and Error via require")
PANIC_CODES: dict[int, str] = {
    0x00: "generic compiler-inserted panic",
    0x01: "assert() failed",
    0x11: "arithmetic overflow or underflow",
    0x12: "division or modulo by zero",
    0x21: "conversion to an invalid enum value",
    0x22: "incorrectly encoded storage byte array",
    0x31: "pop() on an empty array",
    0x32: "array index out of bounds",
    0x41: "too much memory allocated or array too large",
    0x51: "call to a zero-initialized internal function variable",
}


@dataclass(frozen=True)
class ErrorAbi:
    """One ``type: error`` entry of an ABI, ready to decode."""

    signature: str
    names: tuple[str, ...]
    types: tuple[str, ...]

    @property
    def selector(self) -> bytes:
        return keccak(text=self.signature)[:4]

    @classmethod
    def from_abi(cls, entry: dict[str, Any]) -> ErrorAbi:
        inputs = entry.get("inputs", [])
        types = tuple(canonical_type(i) for i in inputs)
        names = tuple(i.get("name") or f"arg{n}" for n, i in enumerate(inputs))
        return cls(f"{entry['name']}({','.join(types)})", names, types)


class ErrorRegistry:
    """Selector → custom error, gathered from any number of ABIs."""

    def __init__(self, abis: Iterable[list[dict[str, Any]]] = ()) -> None:
        self._errors: dict[bytes, ErrorAbi] = {}
        for abi in abis:
            self.add_abi(abi)

    def add_abi(self, abi: list[dict[str, Any]]) -> None:
        for entry in abi:
            if entry.get("type") == "error":
                error = ErrorAbi.from_abi(entry)
                self._errors.setdefault(error.selector, error)

    def __contains__(self, name: str) -> bool:
        return any(e.signature.split("(")[0] == name for e in self._errors.values())

    def __len__(self) -> int:
        return len(self._errors)

    def decode(self, data: bytes, **context: Any) -> Reverted:
        """The exception for revert ``data``; ``context`` (tx_hash, gas_used, contract,
        function) is attached to it."""
        data = bytes(data)
        selector, payload = data[:4], data[4:]
        try:
            if selector == ERROR_STRING_SELECTOR:
                (reason,) = abi_decode(["string"], payload)
                return ReasonRevert(reason, data=data, **context)
            if selector == PANIC_SELECTOR:
                (code,) = abi_decode(["uint256"], payload)
                meaning = PANIC_CODES.get(code, "unknown panic code")
                return PanicRevert(code, meaning, data=data, **context)
            error = self._errors.get(selector)
            if error is not None:
                values = normalize_values(error.types, abi_decode(list(error.types), payload))
                cls = revert_error(error.signature.split("(")[0])
                return cls(
                    error.signature,
                    dict(zip(error.names, values, strict=True)),
                    data=data,
                    **context,
                )
        except (DecodingError, OverflowError, ValueError):
            pass  # malformed payload under a known selector: keep the raw bytes
        return UnknownRevert(data, **context)


__all__ = ["PANIC_CODES", "ErrorAbi", "ErrorRegistry"]
