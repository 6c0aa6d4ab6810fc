"""Reserve attestations on the ReserveAttestor: attest, margin, maximum age, auditors, feed."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from eth_utils import keccak

from compliance_kit.admin.base import AdminBase, PlannedTx
from compliance_kit.admin.results import TxResult
from compliance_kit.admin.values import (
    basis_points,
    decimal_text,
    duration,
    shown,
    timestamp,
    to_units,
    utf8,
)
from compliance_kit.display import show_time
from compliance_kit.exceptions import InputError

if TYPE_CHECKING:
    from eth_account.signers.local import LocalAccount

MARGIN_MODES = ("none", "percentage", "absolute")
_HEX32 = re.compile(r"^0x[0-9a-fA-F]{64}$")
ZERO_ADDRESS = "0x" + "00" * 20


@dataclass(frozen=True)
class Attestation:
    """One posted attestation (amounts in token units)."""

    index: int
    reserves: Decimal
    as_of: int
    report_hash: str
    report_uri: str
    auditor: str
    posted_at: int
    composition: dict[str, Decimal] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "reserves": decimal_text(self.reserves),
            "as_of": self.as_of,
            "report_hash": self.report_hash,
            "report_uri": self.report_uri,
            "auditor": self.auditor,
            "posted_at": self.posted_at,
            "composition": {k: decimal_text(v) for k, v in self.composition.items()},
        }


def report_hash(report: Any) -> bytes:
    """The 32-byte hash recorded for a report: a ``Path`` → keccak-256 of the file's bytes;
    ``0x`` + 64 hex digits or 32 bytes → taken as is; other text → keccak-256 of the text."""
    if isinstance(report, os.PathLike):
        path = Path(report)
        try:
            return keccak(path.read_bytes())
        except OSError as exc:
            raise InputError("report", f"cannot read {path}: {exc}") from None
    if isinstance(report, bytes) and len(report) == 32:
        return report
    if isinstance(report, str) and report.strip():
        text = report.strip()
        return bytes.fromhex(text[2:]) if _HEX32.match(text) else keccak(utf8(text, "report"))
    raise InputError(
        "report", "give the report file (a Path), its 0x-hex hash, or an identifying text"
    )


class ReservesAdmin(AdminBase):
    """Attest reserves (``ATTESTOR_ROLE`` or a trusted auditor's signature); margin, maximum age,
    auditors and feed (admin of the attestor)."""

    # --- reads --------------------------------------------------------------------------
    def attestation_count(self) -> int:
        return int(self.attestor.fn.attestationCount().call())

    def attestation(self, index: int) -> Attestation:
        """Attestation number ``index`` (0 = the first)."""
        return self._attestation(index, self.attestor.fn.attestation(index).call())

    def latest_attestation(self) -> Attestation | None:
        """The latest attestation, or None before the first."""
        count = self.attestation_count()
        return self.attestation(count - 1) if count else None

    def attestations(self, start: int = 0) -> list[Attestation]:
        """Every attestation from ``start`` on, oldest first."""
        return [self.attestation(i) for i in range(start, self.attestation_count())]

    def margin(self) -> tuple[str, int]:
        """``(mode, value)``: value in basis points (percentage) or base units (absolute)."""
        mode, value = self.attestor.fn.margin().call()
        return MARGIN_MODES[mode], int(value)

    def max_age(self) -> int:
        """The oldest acceptable age of the reserves in seconds (0 = no limit)."""
        return int(self.attestor.fn.maxAge().call())

    def is_trusted_auditor(self, auditor: str) -> bool:
        address = self._address(auditor, "auditor")
        return bool(self.attestor.fn.isTrustedAuditor(address).call())

    # --- attest -------------------------------------------------------------------------
    def attest(
        self,
        reserves: Any,
        report: Any,
        *,
        report_uri: str = "",
        as_of: Any = None,
        composition: Mapping[str, Any] | None = None,
    ) -> TxResult:
        """Post an attestation of ``reserves`` (token units) backed by ``report`` (see
        :func:`report_hash`), as of ``as_of`` (default: the chain's time), with an optional
        composition ``{asset label: amount}`` that must add up to the reserves."""
        args = self._attestation_args(reserves, report, report_uri, as_of, composition)
        action = f"attest reserves of {self.show(args[0])} as of {_date(args[1])}"
        fn = self.attestor.fn.attest(*args)
        return self._send(self._plan(action, "attestor", "ATTESTOR_ROLE", fn))

    def attest_signed(
        self,
        auditor: LocalAccount,
        reserves: Any,
        report: Any,
        *,
        report_uri: str = "",
        as_of: Any = None,
        composition: Mapping[str, Any] | None = None,
        valid_for: Any = 3_600,
    ) -> TxResult:
        """Post an attestation signed (EIP-712) by the trusted ``auditor``; any signer submits it.
        The signature may be submitted for ``valid_for`` (seconds or ``"1h"``)."""
        from compliance_kit.signatures import sign_reserve_attestation

        args = self._attestation_args(reserves, report, report_uri, as_of, composition)
        deadline = self.chain.timestamp() + duration(valid_for, "valid_for")
        nonce = int(self.attestor.fn.auditorNonces(auditor.address).call())
        signature = sign_reserve_attestation(
            auditor,
            attestor_address=self.attestor.address,
            chain_id=self.chain.chain_id,
            reserves=args[0],
            as_of=args[1],
            report_hash=args[2],
            report_uri=args[3],
            composition=args[4],
            nonce=nonce,
            deadline=deadline,
        )
        action = (
            f"attest reserves of {self.show(args[0])} as of {_date(args[1])}, "
            f"signed by {auditor.address}"
        )
        fn = self.attestor.fn.attestSigned(*args, nonce, deadline, signature.signature)
        return self._send(PlannedTx(action, fn, self._any_signer(action)))

    # --- settings (DEFAULT_ADMIN_ROLE on the attestor) ----------------------------------
    def set_margin(self, mode: str, value: Any = 0) -> TxResult:
        """Margin on the attested reserves: ``none``; ``percentage`` in basis points
        (-9,999…10,000); ``absolute`` in token units (text such as ``"-50000"``). Negative
        values demand a buffer."""
        name = str(mode).strip().lower()
        if name not in MARGIN_MODES:
            raise InputError("mode", f"{mode!r} is not a margin mode: {', '.join(MARGIN_MODES)}")
        if name == "none":
            raw = 0
        elif name == "percentage":
            raw = basis_points(value, "value", low=-9_999, high=10_000)
        else:
            text = str(value).strip()
            magnitude = self._amount(text.removeprefix("-"), "value")
            raw = -magnitude if text.startswith("-") else magnitude
        fn = self.attestor.fn.setMargin(MARGIN_MODES.index(name), raw)
        return self._send(
            self._plan(f"set the margin to {name} {value}", "attestor", "DEFAULT_ADMIN_ROLE", fn)
        )

    def set_max_age(self, seconds: Any) -> TxResult:
        """The oldest acceptable age of the reserves (seconds, ``timedelta`` or ``"38d"``;
        0 = no limit)."""
        value = duration(seconds, "max_age")
        fn = self.attestor.fn.setMaxAge(value)
        return self._send(
            self._plan(f"set the maximum age to {value} s", "attestor", "DEFAULT_ADMIN_ROLE", fn)
        )

    def set_auditor(self, auditor: str, trusted: bool = True) -> TxResult:
        """Trust (or stop trusting) ``auditor`` to sign attestations."""
        address = self._address(auditor, "auditor")
        fn = self.attestor.fn.setAuditor(address, bool(trusted))
        action = f"{'trust' if trusted else 'distrust'} auditor {address}"
        return self._send(self._plan(action, "attestor", "DEFAULT_ADMIN_ROLE", fn))

    def set_feed(self, feed: str | None) -> TxResult:
        """Read reserves from a proof-of-reserve ``feed`` (None: back to posted attestations)."""
        address = ZERO_ADDRESS if feed is None else self._address(feed, "feed")
        fn = self.attestor.fn.setFeed(address)
        return self._send(
            self._plan(f"set the reserve feed to {address}", "attestor", "DEFAULT_ADMIN_ROLE", fn)
        )

    # --- helpers ------------------------------------------------------------------------
    def _attestation_args(
        self,
        reserves: Any,
        report: Any,
        report_uri: str,
        as_of: Any,
        composition: Mapping[str, Any] | None,
    ) -> tuple[int, int, bytes, str, list[tuple[bytes, int]]]:
        value = self._amount(reserves, "reserves")
        when = self.chain.timestamp() if as_of is None else timestamp(as_of, "as_of")
        if not isinstance(report_uri, str):
            raise InputError("report_uri", "expected text (may be empty)")
        buckets = [
            (_label(name), self._amount(amount, f"composition[{name!r}]"))
            for name, amount in (composition or {}).items()
        ]
        total = sum(amount for _, amount in buckets)
        if buckets and total != value:
            raise InputError(
                "composition",
                f"the buckets add up to {self.show(total)}, not to the reserves {self.show(value)}",
            )
        return value, when, report_hash(report), report_uri, buckets

    def _attestation(self, index: int, raw: Any) -> Attestation:
        reserves, as_of, digest, uri, composition, auditor, posted_at = raw
        return Attestation(
            index=index,
            reserves=to_units(reserves, self.decimals),
            as_of=as_of,
            report_hash="0x" + bytes(digest).hex(),
            report_uri=uri,
            auditor=auditor,
            posted_at=posted_at,
            composition={
                _unlabel(asset): to_units(amount, self.decimals) for asset, amount in composition
            },
        )


def _date(moment: int) -> str:
    """``moment`` as a UTC date, or the raw number beyond year 9999 (never raises)."""
    return show_time(moment, "%Y-%m-%d %H:%M UTC")


def _label(name: str) -> bytes:
    """An asset label as ``bytes32`` (text, left-aligned; or 0x-hex)."""
    text = str(name).strip()
    if _HEX32.match(text):
        return bytes.fromhex(text[2:])
    raw = utf8(text, "composition")
    if not raw or len(raw) > 32:
        raise InputError("composition", f"asset label {shown(name)} must be 1-32 bytes of text")
    return raw.ljust(32, b"\0")


def _unlabel(asset: bytes) -> str:
    text = bytes(asset).rstrip(b"\0")
    if text and all(32 <= b < 127 for b in text):
        return text.decode()
    return "0x" + bytes(asset).hex()


__all__ = ["MARGIN_MODES", "Attestation", "ReservesAdmin", "report_hash"]
