"""The plumbing every admin area shares: inputs, who signs, and the one way a transaction is sent.

An action is *planned* first (inputs validated, the signer that holds the needed role found), then
*sent*: simulated as a call from that signer (a refusal surfaces before anything is sent, on either
backend) and submitted through the system's :class:`~compliance_kit.chain.tx.Transactor`. Batches
plan every transaction before sending the first, and report exactly what went through if one fails.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Self

from compliance_kit.admin.errors import BatchFailed, MissingRole
from compliance_kit.admin.results import BatchResult, EventRecord, TxResult
from compliance_kit.admin.values import ROLE_IDS
from compliance_kit.exceptions import ComplianceKitError, CustomErrorRevert, Reverted
from compliance_kit.units import format_units, to_address, to_base_units

if TYPE_CHECKING:
    import os

    from eth_account.signers.local import LocalAccount

    from compliance_kit.chain.base import Chain, Receipt
    from compliance_kit.contracts import Contract, ContractFunction
    from compliance_kit.system import DeployedSystem

#: the manifest field naming the holder of each role (``minters`` holds several)
_HOLDER_FIELDS = {
    "DEFAULT_ADMIN_ROLE": "admin",
    "MASTER_MINTER_ROLE": "master_minter",
    "KYC_OPERATOR_ROLE": "kyc_operator",
    "COMPLIANCE_OFFICER_ROLE": "compliance_officer",
    "PAUSER_ROLE": "pauser",
    "TREASURY_ROLE": "treasury",
    "ATTESTOR_ROLE": "attestor",
}
#: how each contract is named in messages
CONTRACT_TITLES = {
    "token": "token",
    "attestor": "reserve attestor",
    "travel_rule_registry": "travel-rule registry",
    "sanctions_oracle": "sanctions list",
}


@dataclass(frozen=True)
class PlannedTx:
    """A transaction ready to send: what it does, the bound call, and who signs it."""

    action: str
    function: ContractFunction
    signer: LocalAccount


class AdminBase:
    """A deployed system and the keys that may sign for it.

    ``signers`` default to the chain's own accounts (the dev accounts on the embedded chain and on
    anvil). Each action is signed by the first signer that holds the role it needs.
    """

    def __init__(
        self, system: DeployedSystem, signers: Sequence[LocalAccount] | None = None
    ) -> None:
        self.system = system
        self.signers: tuple[LocalAccount, ...] = tuple(
            system.chain.accounts if signers is None else signers
        )

    @classmethod
    def from_manifest(
        cls,
        manifest: str | os.PathLike[str],
        chain: Chain,
        signers: Sequence[LocalAccount] | None = None,
    ) -> Self:
        """The admin of the system a manifest describes (checked against ``chain``)."""
        from compliance_kit.system import load_system

        return cls(load_system(manifest, chain), signers)

    def __repr__(self) -> str:  # addresses only: never a key
        return (
            f"<{type(self).__name__} {self.symbol} on chain {self.chain.chain_id}: "
            f"token {self.token.address}, {len(self.signers)} signer(s)>"
        )

    # --- the system ---------------------------------------------------------------------
    @property
    def chain(self) -> Chain:
        return self.system.chain

    @property
    def token(self) -> Contract:
        return self.system.token

    @property
    def attestor(self) -> Contract:
        return self.system.attestor

    @property
    def decimals(self) -> int:
        return self.system.manifest.token.decimals

    @property
    def symbol(self) -> str:
        return self.system.manifest.token.symbol

    @property
    def registry(self) -> Contract:
        """The TravelRuleRegistry deployed with the system."""
        return self.system.travel_rule_registry

    def contract(self, key: str) -> Contract:
        """``"token"``, ``"attestor"``, ``"travel_rule_registry"`` or ``"sanctions_oracle"``
        (the SanctionsList deployed with the system, if there is one)."""
        if key == "token":
            return self.token
        if key == "attestor":
            return self.attestor
        if key in ("travel_rule_registry", "registry"):
            return self.registry
        if key in ("sanctions_oracle", "sanctions_list") and self.system.sanctions_oracle:
            return self.system.sanctions_oracle
        from compliance_kit.exceptions import InputError

        raise InputError(
            "contract",
            f"{key!r} is not a contract of the system: "
            + ", ".join(k for k, _ in self._contracts()),
        )

    def _contracts(self) -> list[tuple[str, Contract]]:
        """Every contract of the system, by key (the sanctions list only if one was deployed)."""
        found = [
            ("token", self.token),
            ("attestor", self.attestor),
            ("travel_rule_registry", self.registry),
        ]
        if self.system.sanctions_oracle is not None:
            found.append(("sanctions_oracle", self.system.sanctions_oracle))
        return found

    # --- inputs -------------------------------------------------------------------------
    @staticmethod
    def _address(value: Any, field: str) -> str:
        return to_address(value, field)

    def _amount(self, value: Any, field: str = "amount") -> int:
        return to_base_units(value, self.decimals, field)

    def show(self, base_units: int) -> str:
        """Base units as a readable amount with the symbol: ``1,250.5 DEVS``."""
        return f"{format_units(base_units, self.decimals)} {self.symbol}"

    # --- authority ----------------------------------------------------------------------
    def _holders(self, role: str) -> list[str]:
        """Who the manifest says holds ``role`` (a hint; the chain decides)."""
        roles = self.system.manifest.roles
        if role == "MINTER_ROLE":
            return [m.address for m in roles.minters]
        name = _HOLDER_FIELDS.get(role)
        holder = getattr(roles, name) if name else None
        return [holder] if holder else []

    def _signer_with(self, action: str, contract_key: str, role: str) -> LocalAccount:
        """The first signer holding ``role`` on the contract, else :class:`MissingRole`."""
        contract = self.contract(contract_key)
        holders = self._holders(role)
        ordered = sorted(self.signers, key=lambda a: a.address not in holders)
        for account in ordered:
            if contract.fn.hasRole(ROLE_IDS[role], account.address).call():
                return account
        raise MissingRole(
            action,
            role,
            CONTRACT_TITLES[contract_key],
            [a.address for a in self.signers],
            holders,
        )

    def _signer_owning(self, action: str, contract_key: str) -> LocalAccount:
        """The signer that owns the (``Ownable``) contract, else :class:`MissingRole`."""
        contract = self.contract(contract_key)
        owner = contract.fn.owner().call()
        for account in self.signers:
            if account.address == owner:
                return account
        raise MissingRole(
            action,
            "ownership",
            CONTRACT_TITLES[contract_key],
            [a.address for a in self.signers],
            [owner],
            source="the chain",
            fix="sign with the owner's key, or have the owner hand the list over (two-step)",
        )

    def _signer_at(self, action: str, address: str, what: str) -> LocalAccount:
        """The signer whose address is ``address`` (e.g. the pending admin)."""
        for account in self.signers:
            if account.address == address:
                return account
        from compliance_kit.admin.errors import AccessDenied

        raise AccessDenied(
            f"{action} must be signed by {what} {address}, whose key is not among the signers; "
            "nothing was sent"
        )

    # --- sending ------------------------------------------------------------------------
    def _plan(
        self, action: str, contract_key: str, role: str | None, function: ContractFunction
    ) -> PlannedTx:
        signer = self._signer_with(action, contract_key, role) if role else self._any_signer(action)
        return PlannedTx(action, function, signer)

    def _any_signer(self, action: str) -> LocalAccount:
        if not self.signers:
            from compliance_kit.admin.errors import AccessDenied

            raise AccessDenied(f"{action} needs a signing key, and none is configured")
        return self.signers[0]

    def _send(self, planned: PlannedTx) -> TxResult:
        """Simulate ``planned`` from its signer, then send it; a refusal sends nothing."""
        try:
            planned.function.call(planned.signer.address)
            receipt = planned.function.transact(planned.signer)
        except Reverted as exc:
            self._explain(exc, planned)
            raise
        return self._result(planned, receipt)

    def _explain(self, exc: Reverted, planned: PlannedTx) -> None:
        """Attach the refusal in words, and the transfer rule it is (if it is one)."""
        from compliance_kit.admin.explain import annotate
        from compliance_kit.admin.preflight import rule_of_refusal

        rule = None
        if isinstance(exc, CustomErrorRevert):
            try:
                rule = rule_of_refusal(self, exc, planned.signer.address)
            except ComplianceKitError:  # the facts could not be read: the error still stands
                rule = None
        annotate(exc, self.decimals, sent=exc.mined, rule=rule)

    def _send_all(self, plans: Sequence[PlannedTx]) -> BatchResult:
        """Send ``plans`` in order; on a failure raise :class:`BatchFailed` with what went
        through and what was not sent."""
        done: list[TxResult] = []
        for index, planned in enumerate(plans):
            try:
                done.append(self._send(planned))
            except ComplianceKitError as exc:
                raise BatchFailed(
                    done, planned.action, exc, [p.action for p in plans[index + 1 :]]
                ) from exc
        return BatchResult(tuple(done))

    def _result(self, planned: PlannedTx, receipt: Receipt) -> TxResult:
        from compliance_kit.admin.events import event_summary, named_args

        events = []
        for key, contract in self._contracts():
            for e in contract.events(receipt):
                args = named_args(contract, e)
                summary = event_summary(e.name, args, self.decimals)
                events.append(EventRecord(key, e.name, args, e.log_index, summary))
        return TxResult(
            action=planned.action,
            signer=planned.signer.address,
            tx_hash=receipt.tx_hash,
            block_number=receipt.block_number,
            gas_used=receipt.gas_used,
            events=tuple(sorted(events, key=lambda e: e.log_index)),
        )


__all__ = ["CONTRACT_TITLES", "AdminBase", "PlannedTx"]
