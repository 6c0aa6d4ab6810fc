"""Small ABI helpers on top of eth-abi: canonical types, selectors, value normalisation."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from eth_utils import keccak, to_checksum_address


def canonical_type(param: dict[str, Any]) -> str:
    """The canonical type of an ABI parameter, expanding tuples: ``(address,uint256)[]``."""
    typ = str(param["type"])
    if typ.startswith("tuple"):
        inner = ",".join(canonical_type(c) for c in param.get("components", []))
        return f"({inner}){typ[len('tuple') :]}"
    return typ


def signature(entry: dict[str, Any]) -> str:
    """``name(type,...)`` of a function, event or error ABI entry."""
    return f"{entry['name']}({','.join(canonical_type(i) for i in entry.get('inputs', []))})"


def selector(entry: dict[str, Any]) -> bytes:
    """The 4-byte selector of a function or error ABI entry."""
    return keccak(text=signature(entry))[:4]


def event_topic(entry: dict[str, Any]) -> bytes:
    """topic0 of an event ABI entry."""
    return keccak(text=signature(entry))


def normalize_values(types: Sequence[str], values: Sequence[Any]) -> tuple[Any, ...]:
    """Checksum decoded addresses (eth-abi returns them lower-case), recursively."""
    return tuple(_normalize(t, v) for t, v in zip(types, values, strict=True))


def _normalize(typ: str, value: Any) -> Any:
    if typ.endswith("]"):
        inner = typ[: typ.rindex("[")]
        return tuple(_normalize(inner, v) for v in value)
    if typ.startswith("("):
        return normalize_values(_split_tuple(typ[1:-1]), value)
    if typ == "address":
        return to_checksum_address(value)
    return value


def _split_tuple(inner: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(inner):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(inner[start:i])
            start = i + 1
    if inner:
        parts.append(inner[start:])
    return parts
