"""Roles: who holds what on the token, the attestor and the travel-rule registry (read back from
the chain's role events), grant, revoke, and the token's two-step default-admin handover
(``beginDefaultAdminTransfer`` → wait → accept)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from compliance_kit.admin.base import CONTRACT_TITLES, AdminBase, PlannedTx
from compliance_kit.admin.logs import scan_logs
from compliance_kit.admin.results import TxResult
from compliance_kit.admin.values import ROLE_BY_ID, ROLE_IDS, decimal_text, role_name, to_units
from compliance_kit.exceptions import InputError

ZERO_ADDRESS = "0x" + "00" * 20
#: the roles each contract has
CONTRACT_ROLES = {
    "token": (
        "DEFAULT_ADMIN_ROLE",
        "MASTER_MINTER_ROLE",
        "MINTER_ROLE",
        "KYC_OPERATOR_ROLE",
        "COMPLIANCE_OFFICER_ROLE",
        "PAUSER_ROLE",
        "TREASURY_ROLE",
    ),
    "attestor": ("DEFAULT_ADMIN_ROLE", "ATTESTOR_ROLE"),
    "travel_rule_registry": ("DEFAULT_ADMIN_ROLE", "VASP_ROLE"),
}
#: where a role lives when no contract is named
DEFAULT_CONTRACT = {"ATTESTOR_ROLE": "attestor", "VASP_ROLE": "travel_rule_registry"}


@dataclass(frozen=True)
class AdminHandover:
    """The token's default admin and any handover under way (``accept_after``: unix time)."""

    admin: str
    delay: int
    pending_admin: str | None
    accept_after: int | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "admin": self.admin,
            "delay_seconds": self.delay,
            "pending_admin": self.pending_admin,
            "accept_after": self.accept_after,
        }


@dataclass(frozen=True)
class RolesReport:
    """Every role holder of the token, the attestor and the travel-rule registry (its VASPs),
    minters with their allowances, the admin handover, the sanctions list's owner."""

    holders: dict[str, dict[str, list[str]]]
    """contract (``token``/``attestor``/``travel_rule_registry``) → role → holders."""
    minters: dict[str, Decimal]
    """minter → allowance left, in token units."""
    handover: AdminHandover
    kyc_providers: list[str] = field(default_factory=list)
    auditors: list[str] = field(default_factory=list)
    sanctions_list_owner: str | None = None
    """The owner of the SanctionsList deployed with the system (None: no such list)."""

    @property
    def vasps(self) -> list[str]:
        """The trusted VASPs: ``VASP_ROLE`` on the travel-rule registry."""
        return self.holders.get("travel_rule_registry", {}).get("VASP_ROLE", [])

    def to_dict(self) -> dict[str, Any]:
        return {
            "holders": self.holders,
            "minters": {k: decimal_text(v) for k, v in self.minters.items()},
            "admin_handover": self.handover.to_dict(),
            "kyc_providers": self.kyc_providers,
            "auditors": self.auditors,
            "vasps": self.vasps,
            "sanctions_list_owner": self.sanctions_list_owner,
        }


class RolesAdmin(AdminBase):
    """Grant, revoke, list roles; hand the token's default admin over in two steps."""

    # --- reads --------------------------------------------------------------------------
    def has_role(self, role: str, account: str, contract: str | None = None) -> bool:
        name, key = self._role_on(role, contract)
        address = self._address(account, "account")
        return bool(self.contract(key).fn.hasRole(ROLE_IDS[name], address).call())

    def roles(self, *, page_size: int = 5_000) -> RolesReport:
        """Who holds each role now: replayed from the role events since the deployment, then
        confirmed one by one with ``hasRole`` (the chain decides)."""
        candidates: dict[tuple[str, str], set[str]] = {}
        providers: set[str] = set()
        auditors: set[str] = set()
        wanted = {"RoleGranted", "RoleRevoked", "KycProviderSet", "AuditorSet"}
        for key, event in self._events(wanted, page_size):
            if event.name == "KycProviderSet":
                providers.add(event.args["provider"])
            elif event.name == "AuditorSet":
                auditors.add(event.args["auditor"])
            else:
                role = ROLE_BY_ID.get(event.args["role"], "0x" + event.args["role"].hex())
                candidates.setdefault((key, role), set()).add(event.args["account"])
        holders: dict[str, dict[str, list[str]]] = {}
        for key, names in CONTRACT_ROLES.items():
            fn = self.contract(key).fn
            holders[key] = {
                name: sorted(
                    a
                    for a in candidates.get((key, name), ())
                    if fn.hasRole(ROLE_IDS[name], a).call()
                )
                for name in names
            }
        minters = {
            m: to_units(self.token.fn.minterAllowance(m).call(), self.decimals)
            for m in holders["token"]["MINTER_ROLE"]
        }
        return RolesReport(
            holders=holders,
            minters=minters,
            handover=self.admin_handover(),
            kyc_providers=sorted(p for p in providers if self.token.fn.isKycProvider(p).call()),
            auditors=sorted(a for a in auditors if self.attestor.fn.isTrustedAuditor(a).call()),
            sanctions_list_owner=(
                None
                if self.system.sanctions_oracle is None
                else self.system.sanctions_oracle.fn.owner().call()
            ),
        )

    def admin_handover(self) -> AdminHandover:
        """The token's default admin, its handover delay and any pending handover."""
        pending, schedule = self.token.fn.pendingDefaultAdmin().call()
        return AdminHandover(
            admin=self.token.fn.defaultAdmin().call(),
            delay=int(self.token.fn.defaultAdminDelay().call()),
            pending_admin=None if pending == ZERO_ADDRESS else pending,
            accept_after=int(schedule) or None,
        )

    # --- grant and revoke ---------------------------------------------------------------
    def grant_role(self, role: str, account: str, contract: str | None = None) -> TxResult:
        """Grant ``role`` to ``account`` (signed by a holder of the role's admin role).

        Minters are configured with ``configure_minter``; the token's default admin changes
        with ``begin_admin_transfer``."""
        return self._send(self._role_plan("grantRole", role, account, contract))

    def revoke_role(self, role: str, account: str, contract: str | None = None) -> TxResult:
        """Revoke ``role`` from ``account``."""
        return self._send(self._role_plan("revokeRole", role, account, contract))

    # --- default-admin handover (token) -------------------------------------------------
    def begin_admin_transfer(self, new_admin: str) -> TxResult:
        """Start handing the token's DEFAULT_ADMIN_ROLE to ``new_admin``; it accepts after the
        delay with :meth:`accept_admin_transfer`."""
        address = self._address(new_admin, "new_admin")
        fn = self.token.fn.beginDefaultAdminTransfer(address)
        action = f"begin the default-admin handover to {address}"
        return self._send(self._plan(action, "token", "DEFAULT_ADMIN_ROLE", fn))

    def accept_admin_transfer(self) -> TxResult:
        """Complete the handover, signed by the pending admin once the delay has passed."""
        state = self.admin_handover()
        action = "accept the default-admin handover"
        if state.pending_admin is None:
            raise InputError("handover", "no default-admin handover is under way")
        now = self.chain.timestamp()
        if state.accept_after is not None and now <= state.accept_after:
            raise InputError(
                "handover",
                f"the handover to {state.pending_admin} can be accepted after {state.accept_after} "
                f"(chain time {now}, {state.accept_after - now} s to go); nothing was sent",
            )
        signer = self._signer_at(action, state.pending_admin, "the pending admin")
        return self._send(PlannedTx(action, self.token.fn.acceptDefaultAdminTransfer(), signer))

    def cancel_admin_transfer(self) -> TxResult:
        """Cancel a pending handover."""
        fn = self.token.fn.cancelDefaultAdminTransfer()
        action = "cancel the default-admin handover"
        return self._send(self._plan(action, "token", "DEFAULT_ADMIN_ROLE", fn))

    # --- helpers ------------------------------------------------------------------------
    def _role_on(self, role: str, contract: str | None) -> tuple[str, str]:
        name = role_name(role)
        key = contract or DEFAULT_CONTRACT.get(name, "token")
        key = "travel_rule_registry" if key == "registry" else key
        self.contract(key)  # validates the name
        if key not in CONTRACT_ROLES:
            raise InputError("contract", f"the {CONTRACT_TITLES[key]} has no roles")
        if name not in CONTRACT_ROLES[key]:
            raise InputError(
                "role",
                f"the {CONTRACT_TITLES[key]} has no {name}: {', '.join(CONTRACT_ROLES[key])}",
            )
        return name, key

    def _role_plan(self, function: str, role: str, account: str, contract: str | None) -> PlannedTx:
        name, key = self._role_on(role, contract)
        address = self._address(account, "account")
        if function == "grantRole" and address == ZERO_ADDRESS:
            raise InputError(
                "account",
                "the zero address cannot hold a role (no key signs for it): give the holder's "
                "address",
            )
        if key == "token" and name == "MINTER_ROLE":
            raise InputError(
                "role", "minters are managed with configure_minter / remove_minter (`minter ...`)"
            )
        if key == "token" and name == "DEFAULT_ADMIN_ROLE":
            raise InputError(
                "role",
                "the token's default admin changes only through the two-step handover: "
                "begin_admin_transfer, then accept_admin_transfer (`roles transfer-admin`)",
            )
        if key == "travel_rule_registry" and name == "DEFAULT_ADMIN_ROLE":
            raise InputError(
                "role",
                "the registry's default admin changes only through its own two-step handover "
                "(beginDefaultAdminTransfer on the registry)",
            )
        target = self.contract(key)
        admin_role = ROLE_BY_ID.get(bytes(target.fn.getRoleAdmin(ROLE_IDS[name]).call()))
        verb = "grant" if function == "grantRole" else "revoke"
        action = f"{verb} {name} {'to' if verb == 'grant' else 'from'} {address} on the {key}"
        fn = getattr(target.fn, function)(ROLE_IDS[name], address)
        return self._plan(action, key, admin_role or "DEFAULT_ADMIN_ROLE", fn)

    def _events(self, names: set[str], page_size: int) -> Any:
        by_address = {c.address: (k, c) for k, c in self._contracts() if k in CONTRACT_ROLES}
        for _block, _tx, log in scan_logs(
            self.chain, list(by_address), self._first_block(), None, page_size
        ):
            key, contract = by_address[log.address]
            event = contract.decode_log(log)
            if event is not None and event.name in names:
                yield key, event

    def _first_block(self) -> int:
        blocks = [r.block_number for _, r in self.system.manifest.contracts.items()]
        known = [b for b in blocks if b is not None]
        return min(known) if known else 0


__all__ = ["CONTRACT_ROLES", "DEFAULT_CONTRACT", "AdminHandover", "RolesAdmin", "RolesReport"]
