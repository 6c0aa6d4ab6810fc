"""The audit log: every event of the system's contracts, decoded, timed and exportable.

The token, the reserve attestor, the travel-rule registry (this token's commitments; a registry
may serve several tokens) and the sanctions list deployed with the system, if any. Records are
read in pages of blocks (see :mod:`compliance_kit.admin.logs`), so a log from the deployment block
works on a long-lived RPC chain. Each :class:`AuditRecord` keeps the raw decoded arguments
(structs as dicts by field name), the token amounts among them in token units (:data:`AMOUNT_ARGS`,
one entry per event, in :mod:`compliance_kit.admin.events`), and a one-line summary.
``export_csv`` / ``export_json`` write them for auditors.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from compliance_kit.admin.base import AdminBase
from compliance_kit.admin.events import AMOUNT_ARGS, event_amounts, event_summary, named_args
from compliance_kit.admin.logs import PAGE_SIZE, BlockTimes, scan_logs
from compliance_kit.admin.values import jsonable
from compliance_kit.display import show_time

CSV_COLUMNS = (
    "block",
    "time",
    "tx_hash",
    "log_index",
    "contract",
    "event",
    "summary",
    "args",
    "amounts",
)


@dataclass(frozen=True)
class AuditRecord:
    """One event: where and when it happened, its decoded arguments and its amounts."""

    block: int
    timestamp: int
    tx_hash: str
    log_index: int
    contract: str
    event: str
    args: dict[str, Any]
    amounts: dict[str, str]
    """Token amounts among ``args``, in token units (exact text)."""
    summary: str

    @property
    def time(self) -> str:
        """The block time, ISO 8601 UTC."""
        return show_time(self.timestamp, "%Y-%m-%dT%H:%M:%SZ")

    def to_dict(self) -> dict[str, Any]:
        return {
            "block": self.block,
            "timestamp": self.timestamp,
            "time": self.time,
            "tx_hash": self.tx_hash,
            "log_index": self.log_index,
            "contract": self.contract,
            "event": self.event,
            "args": jsonable(self.args),
            "amounts": self.amounts,
            "summary": self.summary,
        }


class AuditAdmin(AdminBase):
    """The compliance record of the system, read from the chain."""

    def audit_log(
        self,
        from_block: int | None = None,
        to_block: int | None = None,
        *,
        page_size: int = PAGE_SIZE,
        events: Iterable[str] | None = None,
    ) -> list[AuditRecord]:
        """Every event of the system's contracts (token, attestor, travel-rule registry,
        sanctions list) in ``[from_block, to_block]`` (default: from the deployment to the latest
        block), oldest first; only ``events`` if given."""
        return list(self.iter_audit_log(from_block, to_block, page_size=page_size, events=events))

    def iter_audit_log(
        self,
        from_block: int | None = None,
        to_block: int | None = None,
        *,
        page_size: int = PAGE_SIZE,
        events: Iterable[str] | None = None,
    ) -> Iterator[AuditRecord]:
        """:meth:`audit_log`, one record at a time (a page of blocks is read at a time)."""
        wanted = set(events) if events is not None else None
        contracts = {c.address: (key, c) for key, c in self._contracts()}
        times = BlockTimes(self.chain)
        start = self._deployment_block() if from_block is None else from_block
        for block, tx_hash, log in scan_logs(
            self.chain, list(contracts), start, to_block, page_size
        ):
            key, contract = contracts[log.address]
            event = contract.decode_log(log)
            if event is None or (wanted is not None and event.name not in wanted):
                continue
            if key == "travel_rule_registry" and event.args.get("token", self.token.address) != (
                self.token.address
            ):
                continue  # another token's commitment on a shared registry
            args = named_args(contract, event)
            yield AuditRecord(
                block=block,
                timestamp=times(block),
                tx_hash=tx_hash,
                log_index=log.log_index,
                contract=key,
                event=event.name,
                args=args,
                amounts=event_amounts(event.name, args, self.decimals),
                summary=event_summary(event.name, args, self.decimals),
            )

    def _deployment_block(self) -> int:
        blocks = [r.block_number for _, r in self.system.manifest.contracts.items()]
        known = [b for b in blocks if b is not None]
        return min(known) if known else 0


def export_json(records: Iterable[AuditRecord], target: str | os.PathLike[str] | IO[str]) -> None:
    """Write ``records`` as a JSON array (to a path or an open text file)."""
    data = [r.to_dict() for r in records]
    with _writing(target) as handle:
        json.dump(data, handle, indent=2)
        handle.write("\n")


def export_csv(records: Iterable[AuditRecord], target: str | os.PathLike[str] | IO[str]) -> None:
    """Write ``records`` as CSV (:data:`CSV_COLUMNS`; ``args`` and ``amounts`` as JSON)."""
    with _writing(target) as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(CSV_COLUMNS)
        for r in records:
            writer.writerow(
                [
                    r.block,
                    r.time,
                    r.tx_hash,
                    r.log_index,
                    r.contract,
                    r.event,
                    r.summary,
                    json.dumps(jsonable(r.args), separators=(",", ":")),
                    json.dumps(r.amounts, separators=(",", ":")),
                ]
            )


@contextmanager
def _writing(target: str | os.PathLike[str] | IO[str]) -> Iterator[IO[str]]:
    """A path opened for writing (and closed after), or an open file (left open)."""
    if isinstance(target, str | os.PathLike):
        with Path(target).open("w", encoding="utf-8", newline="") as handle:
            yield handle
    else:
        yield target


__all__ = ["AMOUNT_ARGS", "CSV_COLUMNS", "AuditAdmin", "AuditRecord", "export_csv", "export_json"]
