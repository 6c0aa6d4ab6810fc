"""What an admin action did: one `TxResult` per transaction, one `BatchResult` per batch."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from compliance_kit.admin.values import jsonable


@dataclass(frozen=True)
class EventRecord:
    """A decoded event of a transaction (``contract`` is ``"token"`` or ``"attestor"``)."""

    contract: str
    name: str
    args: Mapping[str, Any]
    log_index: int
    summary: str = ""
    """``Name(arg=value, ...)`` with amounts in token units and times as dates."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "contract": self.contract,
            "event": self.name,
            "log_index": self.log_index,
            "args": {k: jsonable(v) for k, v in self.args.items()},
        }


@dataclass(frozen=True)
class TxResult:
    """One transaction that went through: what it did, who signed, where it landed."""

    action: str
    """What was done, in words (``"mint 1,250.5 to 0x…"``)."""
    signer: str
    tx_hash: str
    block_number: int | None
    gas_used: int
    events: tuple[EventRecord, ...] = ()

    def event(self, name: str) -> EventRecord:
        """The first event called ``name`` (``KeyError`` if none)."""
        for record in self.events:
            if record.name == name:
                return record
        raise KeyError(f"{self.action} emitted no {name} event")

    def to_dict(self) -> dict[str, Any]:
        return {
            "action": self.action,
            "signer": self.signer,
            "tx_hash": self.tx_hash,
            "block": self.block_number,
            "gas_used": self.gas_used,
            "events": [e.to_dict() for e in self.events],
        }


@dataclass(frozen=True)
class BatchResult:
    """Every transaction of a batch, all of which went through."""

    results: tuple[TxResult, ...] = field(default_factory=tuple)

    def __iter__(self) -> Iterator[TxResult]:
        return iter(self.results)

    def __len__(self) -> int:
        return len(self.results)

    def __getitem__(self, index: int) -> TxResult:
        return self.results[index]

    @property
    def tx_hashes(self) -> list[str]:
        return [r.tx_hash for r in self.results]

    def to_dict(self) -> dict[str, Any]:
        return {"sent": [r.to_dict() for r in self.results]}


__all__ = ["BatchResult", "EventRecord", "TxResult"]
