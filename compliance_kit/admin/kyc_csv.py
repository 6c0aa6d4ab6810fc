"""Read a customer book for KYC import: ``address,tier,jurisdiction,expiry`` per row.

Every row is checked before anything is sent, and every bad row is reported with its row number
(the header is row 1) and the field: an invalid or mixed-case-misspelled address, a tier that is
not 1-4 (or its name), a jurisdiction that is not an ISO 3166-1 numeric code, an expiry that is not
a date or lies in the past, an address listed twice. Other columns (a customer id, say) are
ignored; keep personal data off-chain.

    address,tier,jurisdiction,expiry
    0x70997970C51812dc3A010C7d01b50e0d17dc79C8,retail,344,2027-06-30
    0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC,3,702,1814400000
"""

from __future__ import annotations

import csv
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from compliance_kit.admin.errors import CsvImportError, RowProblem
from compliance_kit.admin.values import KYC_EXPIRY_MAX, jurisdiction, kyc_tier, timestamp
from compliance_kit.exceptions import InputError
from compliance_kit.units import to_address

COLUMNS = ("address", "tier", "jurisdiction", "expiry")
ZERO_ADDRESS = "0x" + "00" * 20


@dataclass(frozen=True)
class KycEntry:
    """One account to approve: checksummed address, tier 1-4, ISO 3166-1 code, expiry (unix s)."""

    account: str
    tier: int
    jurisdiction: int
    expiry: int

    def as_tuple(self) -> tuple[str, int, int, int]:
        """The ``KycRecord`` struct the token's ``approveAccounts`` takes."""
        return (self.account, self.tier, self.jurisdiction, self.expiry)


@dataclass(frozen=True)
class KycRow:
    """A valid row and where it came from."""

    row: int
    entry: KycEntry


def read_kyc_csv(path: str | os.PathLike[str], *, now: int) -> list[KycRow]:
    """Every row of ``path`` as a :class:`KycRow`; :class:`CsvImportError` listing every bad row
    (nothing is returned, so nothing can be sent) when any is wrong. ``now`` is the chain's time:
    expiries must lie after it."""
    source = os.fspath(path)
    try:
        with Path(path).open(newline="", encoding="utf-8-sig") as handle:
            lines = list(csv.reader(handle))
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError("file", f"cannot read {source}: {exc}") from None
    except csv.Error as exc:
        raise CsvImportError(source, [RowProblem(1, "file", f"not valid CSV: {exc}")]) from None
    header = [h.strip().lower() for h in lines[0]] if lines else []
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        found = ",".join(header) or "an empty file"
        raise CsvImportError(
            source,
            [
                RowProblem(
                    1,
                    "header",
                    f"missing column(s) {', '.join(missing)}: the header must name "
                    f"{','.join(COLUMNS)} (found {found})",
                )
            ],
        )
    position = {column: header.index(column) for column in COLUMNS}
    problems: list[RowProblem] = []
    rows: list[KycRow] = []
    first_seen: dict[str, int] = {}
    for number, cells in enumerate(lines[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue  # blank line
        values = {c: cells[i].strip() if i < len(cells) else "" for c, i in position.items()}
        entry = _entry(number, values, now, problems)
        if entry is None:
            continue
        if entry.account == ZERO_ADDRESS:
            problems.append(RowProblem(number, "address", "the zero address cannot be approved"))
            continue
        if entry.account in first_seen:
            problems.append(
                RowProblem(
                    number, "address", f"{entry.account} is also on row {first_seen[entry.account]}"
                )
            )
            continue
        first_seen[entry.account] = number
        rows.append(KycRow(number, entry))
    if problems:
        raise CsvImportError(source, problems)
    if not rows:
        raise CsvImportError(source, [RowProblem(2, "address", "the file lists no accounts")])
    return rows


def _entry(
    number: int, values: dict[str, str], now: int, problems: list[RowProblem]
) -> KycEntry | None:
    """The row's entry, or None after adding each of its problems to ``problems``."""
    parsed: dict[str, int | str] = {}
    checks: dict[str, Callable[[str], int | str]] = {
        "address": lambda v: to_address(v, "address"),
        "tier": lambda v: kyc_tier(v, "tier"),
        "jurisdiction": lambda v: jurisdiction(v, "jurisdiction"),
        "expiry": lambda v: timestamp(v, "expiry", maximum=KYC_EXPIRY_MAX),
    }
    before = len(problems)
    for column, check in checks.items():
        if not values[column]:
            problems.append(RowProblem(number, column, "empty"))
            continue
        try:
            parsed[column] = check(values[column])
        except InputError as exc:
            problems.append(RowProblem(number, column, exc.message))
    expiry = parsed.get("expiry")
    if isinstance(expiry, int) and expiry <= now:
        problems.append(
            RowProblem(number, "expiry", f"{values['expiry']} is not after the chain's time now")
        )
    if len(problems) > before:
        return None
    return KycEntry(
        account=str(parsed["address"]),
        tier=int(parsed["tier"]),
        jurisdiction=int(parsed["jurisdiction"]),
        expiry=int(parsed["expiry"]),
    )


__all__ = ["COLUMNS", "KycEntry", "KycRow", "read_kyc_csv"]
