"""The KYC allowlist: approve, update, revoke (one, many, a CSV file); trusted KYC providers."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from compliance_kit.admin.base import AdminBase, PlannedTx
from compliance_kit.admin.kyc_csv import KycEntry, read_kyc_csv
from compliance_kit.admin.results import BatchResult, TxResult
from compliance_kit.admin.values import (
    KYC_EXPIRY_MAX,
    TIER_NAMES,
    duration,
    jurisdiction,
    kyc_tier,
    timestamp,
)
from compliance_kit.exceptions import InputError

#: accounts per ``approveAccounts`` / ``revokeAccounts`` transaction (about 27k gas each)
KYC_CHUNK = 100


@dataclass(frozen=True)
class KycRecord:
    """An account's KYC record on the token (``valid``: verified and not expired now)."""

    account: str
    verified: bool
    tier: int
    jurisdiction: int
    expiry: int
    valid: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "account": self.account,
            "verified": self.verified,
            "valid": self.valid,
            "tier": self.tier,
            "tier_name": TIER_NAMES.get(self.tier),
            "jurisdiction": self.jurisdiction,
            "expiry": self.expiry,
        }


class KycAdmin(AdminBase):
    """The KYC allowlist (``KYC_OPERATOR_ROLE``) and trusted KYC providers (admin)."""

    # --- reads --------------------------------------------------------------------------
    def kyc_of(self, account: str) -> KycRecord:
        """The KYC record of ``account``."""
        address = self._address(account, "account")
        verified, tier, country, expiry = self.token.fn.kycOf(address).call()
        valid = bool(self.token.fn.isVerified(address).call())
        return KycRecord(address, verified, tier, country, expiry, valid)

    def is_kyc_provider(self, provider: str) -> bool:
        """Whether ``provider`` may sign KYC credentials."""
        return bool(self.token.fn.isKycProvider(self._address(provider, "provider")).call())

    # --- one account --------------------------------------------------------------------
    def approve_account(
        self, account: str, tier: int | str, jurisdiction: int | str, expiry: Any
    ) -> TxResult:
        """Approve (or update) ``account``: tier 1-4 or its name, ISO 3166-1 numeric code,
        expiry as a date, aware datetime, unix seconds (after the chain's time) or a
        ``timedelta`` from the chain's time (``timedelta(days=365)``)."""
        entry = self._entry(account, tier, jurisdiction, expiry)
        action = f"KYC approve {entry.account} (tier {entry.tier}, {entry.jurisdiction})"
        fn = self.token.fn.approveAccount(*entry.as_tuple())
        return self._send(self._plan(action, "token", "KYC_OPERATOR_ROLE", fn))

    def revoke_account(self, account: str) -> TxResult:
        """Take ``account`` off the allowlist (its balance stays, but cannot move)."""
        address = self._address(account, "account")
        fn = self.token.fn.revokeAccount(address)
        return self._send(self._plan(f"KYC revoke {address}", "token", "KYC_OPERATOR_ROLE", fn))

    # --- many ---------------------------------------------------------------------------
    def approve_accounts(
        self,
        entries: Iterable[KycEntry | Mapping[str, Any] | Sequence[Any]],
        *,
        chunk_size: int = KYC_CHUNK,
    ) -> BatchResult:
        """Approve many accounts, ``chunk_size`` per transaction (each chunk all or nothing).

        Entries are :class:`KycEntry`, mappings with ``account``, ``tier``, ``jurisdiction``,
        ``expiry``, or 4-tuples in that order; all are validated before the first is sent.
        """
        checked = [self._coerce(i, e) for i, e in enumerate(entries)]
        return self._approve_chunks(checked, list(range(len(checked))), "entry", chunk_size)

    def revoke_accounts(
        self, accounts: Iterable[str], *, chunk_size: int = KYC_CHUNK
    ) -> BatchResult:
        """Take many accounts off the allowlist, ``chunk_size`` per transaction."""
        addresses = [self._address(a, f"accounts[{i}]") for i, a in enumerate(accounts)]
        _require_some(addresses, "accounts")
        size = _chunk(chunk_size)
        plans = []
        for start in range(0, len(addresses), size):
            part = addresses[start : start + size]
            action = f"KYC revoke {len(part)} account(s): {', '.join(part)}"
            fn = self.token.fn.revokeAccounts(part)
            plans.append(self._plan(action, "token", "KYC_OPERATOR_ROLE", fn))
        return self._send_all(plans)

    def import_kyc_csv(
        self, path: str | os.PathLike[str], *, chunk_size: int = KYC_CHUNK
    ) -> BatchResult:
        """Approve every account of a CSV file (``address,tier,jurisdiction,expiry``).

        Every row is validated first; one bad row (reported with its row number) sends nothing.
        """
        rows = read_kyc_csv(path, now=self.chain.timestamp())
        return self._approve_chunks(
            [r.entry for r in rows], [r.row for r in rows], "row", chunk_size
        )

    # --- providers ----------------------------------------------------------------------
    def set_kyc_provider(self, provider: str, trusted: bool = True) -> TxResult:
        """Trust (or stop trusting) ``provider`` to sign KYC credentials (DEFAULT_ADMIN_ROLE)."""
        address = self._address(provider, "provider")
        action = f"{'trust' if trusted else 'distrust'} KYC provider {address}"
        fn = self.token.fn.setKycProvider(address, bool(trusted))
        return self._send(self._plan(action, "token", "DEFAULT_ADMIN_ROLE", fn))

    # --- helpers ------------------------------------------------------------------------
    def _entry(
        self, account: Any, tier: Any, country: Any, expiry: Any, where: str = ""
    ) -> KycEntry:
        now = self.chain.timestamp()
        if isinstance(expiry, timedelta):
            expiry = now + duration(expiry, f"{where}expiry", maximum=max(0, KYC_EXPIRY_MAX - now))
        entry = KycEntry(
            account=self._address(account, f"{where}account"),
            tier=kyc_tier(tier, f"{where}tier"),
            jurisdiction=jurisdiction(country, f"{where}jurisdiction"),
            expiry=timestamp(expiry, f"{where}expiry", maximum=KYC_EXPIRY_MAX),
        )
        if entry.expiry <= now:
            raise InputError(
                f"{where}expiry",
                f"{entry.expiry} is not after the chain's time {now}: a KYC expiry lies ahead",
            )
        return entry

    def _coerce(self, index: int, item: KycEntry | Mapping[str, Any] | Sequence[Any]) -> KycEntry:
        where = f"entries[{index}]."
        if isinstance(item, KycEntry):
            fields: tuple[Any, ...] = item.as_tuple()
        elif isinstance(item, Mapping):
            try:
                fields = tuple(item[k] for k in ("account", "tier", "jurisdiction", "expiry"))
            except KeyError as exc:
                raise InputError(f"{where}{exc.args[0]}", "missing") from None
        elif isinstance(item, Sequence) and not isinstance(item, str) and len(item) == 4:
            fields = tuple(item)
        else:
            raise InputError(f"entries[{index}]", "expected (account, tier, jurisdiction, expiry)")
        account, tier, country, expiry = fields
        return self._entry(account, tier, country, expiry, where=where)

    def _approve_chunks(
        self, entries: list[KycEntry], numbers: list[int], noun: str, chunk_size: int
    ) -> BatchResult:
        """One ``approveAccounts`` per chunk; ``numbers`` say where each entry came from."""
        _require_some(entries, "entries")
        size = _chunk(chunk_size)
        plans: list[PlannedTx] = []
        for start in range(0, len(entries), size):
            part = entries[start : start + size]
            first, last = numbers[start], numbers[start + len(part) - 1]
            span = f"{noun} {first}" if first == last else f"{noun} {first}-{last}"
            action = f"KYC approve {len(part)} account(s) ({span})"
            fn = self.token.fn.approveAccounts([e.as_tuple() for e in part])
            plans.append(self._plan(action, "token", "KYC_OPERATOR_ROLE", fn))
        return self._send_all(plans)


def _chunk(size: int) -> int:
    if isinstance(size, bool) or not isinstance(size, int) or size < 1:
        raise InputError("chunk_size", f"{size!r}: must be a whole number of 1 or more")
    return size


def _require_some(items: Sequence[Any], field: str) -> None:
    if not items:
        raise InputError(field, "empty: nothing to do")


__all__ = ["KYC_CHUNK", "KycAdmin", "KycRecord"]
