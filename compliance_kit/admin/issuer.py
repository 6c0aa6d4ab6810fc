"""``IssuerAdmin``: every admin action of a deployed system, one area per mixin.

Each area is a small class over :class:`~compliance_kit.admin.base.AdminBase` in its own module;
``IssuerAdmin`` combines them. A new area is a new module with a new mixin, added to the bases
below (the AML transfer rules are ``aml.AmlAdmin``).
"""

from __future__ import annotations

from compliance_kit.admin.aml import AmlAdmin
from compliance_kit.admin.audit import AuditAdmin
from compliance_kit.admin.kyc import KycAdmin
from compliance_kit.admin.minting import MintingAdmin
from compliance_kit.admin.orders import OrdersAdmin, PauseAdmin
from compliance_kit.admin.preflight import PreflightAdmin
from compliance_kit.admin.redemptions import RedemptionsAdmin
from compliance_kit.admin.reserves import ReservesAdmin
from compliance_kit.admin.roles import RolesAdmin
from compliance_kit.admin.status import StatusAdmin


class IssuerAdmin(
    KycAdmin,
    MintingAdmin,
    OrdersAdmin,
    PauseAdmin,
    ReservesAdmin,
    RedemptionsAdmin,
    RolesAdmin,
    AmlAdmin,
    StatusAdmin,
    PreflightAdmin,
    AuditAdmin,
):
    """The issuer's toolkit for a deployed system.

        admin = IssuerAdmin(system)                       # signers: the chain's accounts
        admin = IssuerAdmin.from_manifest("deployment.json", Rpc(url), signers=[key])
        admin.approve_account(alice, tier="retail", jurisdiction=344, expiry="2027-06-30")
        admin.mint(alice, "1_250.50")
        admin.check_transfer(alice, bob, "100").explanation
        admin.set_tier_limits("retail", transfer_cap="10_000", window="24h")

    Amounts are token units (``"1250.50"``, ``Decimal`` or ``int``), converted exactly; addresses
    are checked (EIP-55). Each action is signed by the first signer holding the role it needs,
    simulated first (a refusal is explained and nothing is sent), then sent; it returns a
    :class:`~compliance_kit.admin.results.TxResult`. Batches plan everything first and raise
    :class:`~compliance_kit.admin.errors.BatchFailed` with what went through if one fails.
    """


__all__ = ["IssuerAdmin"]
