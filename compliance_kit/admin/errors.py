"""Errors of the issuer toolkit, added to the kit's tree (``compliance_kit/exceptions.py``)::

    ComplianceKitError
    ├── InputError (ValueError)
    │   └── CsvImportError          bad rows of a KYC file: each with its row number and field
    ├── AccessDenied (PermissionError)
    │   └── MissingRole             no signing key at hand holds the role an action needs
    └── ChainError
        └── TransactionError
            └── BatchFailed         a batch stopped midway: what went through, what was not sent

Every one is raised before anything is sent, except ``BatchFailed`` (which says exactly what was).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from compliance_kit.exceptions import (
    ComplianceKitError,
    InputError,
    TransactionError,
)

if TYPE_CHECKING:
    from compliance_kit.admin.results import TxResult


@dataclass(frozen=True)
class RowProblem:
    """One problem in one row of an input file (``row`` counts the header as row 1)."""

    row: int
    field: str
    problem: str

    def __str__(self) -> str:
        return f"row {self.row}, {self.field}: {self.problem}"


class CsvImportError(InputError):
    """A CSV file has bad rows; nothing was sent. ``problems`` lists every one found."""

    def __init__(self, source: str, problems: Sequence[RowProblem]) -> None:
        self.source = source
        self.problems = tuple(problems)
        first = self.problems[0]
        if len(self.problems) == 1:
            text = f"{source}: {first}; nothing was sent"
        else:
            listed = "\n".join(f"  - {p}" for p in self.problems)
            text = f"{source}: {len(self.problems)} bad rows, nothing was sent\n{listed}"
        super().__init__(first.field, text)
        self.args = (text,)

    def __str__(self) -> str:
        return str(self.args[0])


class AccessDenied(ComplianceKitError, PermissionError):
    """An action needs an authority that none of the signing keys has; nothing was sent."""


class MissingRole(AccessDenied):
    """None of the signers holds ``role`` on ``contract``; nothing was sent.

    ``signers`` are the addresses that were tried, ``holders`` who the manifest says holds the
    role (a hint; the chain is the authority).
    """

    def __init__(
        self,
        action: str,
        role: str,
        contract: str,
        signers: Sequence[str],
        holders: Sequence[str] = (),
        *,
        source: str = "the manifest",
        fix: str = "sign with a key that holds the role, or have the admin grant it",
    ) -> None:
        self.action = action
        self.role = role
        self.contract = contract
        self.signers = tuple(signers)
        self.holders = tuple(holders)
        tried = ", ".join(self.signers) if self.signers else "no signing key configured"
        hint = f"; {source} lists {', '.join(self.holders)} for it" if self.holders else ""
        super().__init__(
            f"{action} needs {role} on the {contract}, which none of the signers holds "
            f"(tried: {tried}){hint}: {fix}; nothing was sent"
        )


class BatchFailed(TransactionError):
    """A batch stopped at one transaction. Nothing is rolled back; this says what went through.

    ``sent`` holds the :class:`TxResult` of each transaction that went through (with tx hashes),
    ``failed`` describes the one that failed (its error is ``cause`` and ``__cause__``),
    ``not_sent`` describes the ones never sent.
    """

    def __init__(
        self,
        sent: Sequence[TxResult],
        failed: str,
        cause: ComplianceKitError,
        not_sent: Sequence[str],
    ) -> None:
        self.sent = tuple(sent)
        self.failed = failed
        self.cause = cause
        self.not_sent = tuple(not_sent)
        total = len(self.sent) + 1 + len(self.not_sent)
        went = "\n".join(f"  {r.action}  (tx {r.tx_hash})" for r in self.sent) or "  (none)"
        waiting = "\n".join(f"  {d}" for d in self.not_sent) or "  (none)"
        super().__init__(
            f"batch stopped at transaction {len(self.sent) + 1} of {total}, {failed}: {cause}\n"
            f"went through ({len(self.sent)}):\n{went}\n"
            f"not sent ({len(self.not_sent)}):\n{waiting}"
        )

    def to_dict(self) -> dict[str, object]:
        """The report as JSON-ready data."""
        return {
            "sent": [r.to_dict() for r in self.sent],
            "failed": {"action": self.failed, "error": str(self.cause)},
            "not_sent": list(self.not_sent),
        }


__all__ = ["AccessDenied", "BatchFailed", "CsvImportError", "MissingRole", "RowProblem"]
