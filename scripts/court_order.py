"""A court order: freeze the account, seize part of its funds to the escrow, burn the rest.

    python scripts/court_order.py

Every action carries the order's reference into its event, so the audit log ties them together.
"""

from __future__ import annotations

from compliance_kit import Embedded, SystemConfig, deploy_system
from compliance_kit.admin import IssuerAdmin

ORDER = "HK-HCMP-2026-0042"  # the court's reference (up to 32 bytes, or a 0x-hex hash)


def main() -> None:
    chain = Embedded(accounts=12)
    admin = IssuerAdmin(deploy_system(SystemConfig.for_dev_accounts(chain, profile="hk"), chain))
    suspect, merchant = chain.accounts[10].address, chain.accounts[11].address
    start = chain.block_number() + 1
    admin.approve_accounts([(a, "retail", 344, "2099-12-31") for a in (suspect, merchant)])
    admin.attest("1_000_000", "reserve report")
    admin.mint(suspect, "10_000")

    # freeze and seize 60% in one go: both planned first, then sent in order
    for result in admin.freeze_and_seize(suspect, "6_000", ORDER):
        print(f"{result.action}  (tx {result.tx_hash[:12]}…)")

    check = admin.check_transfer(suspect, merchant, "100")
    print(f"the suspect tries to pay: {check.rule}: {check.explanation}")

    admin.burn_frozen(suspect, "4_000", ORDER)  # the rest, burned for reissue
    escrow = admin.seizure_escrow()
    print(f"escrow holds {admin.balance_of(escrow):,}, supply is now {admin.status().supply:,}")

    print("the order in the audit log:")
    for record in admin.audit_log(start, events=["Frozen", "Seized", "FrozenFundsBurned"]):
        print(f"  block {record.block}  {record.summary}")


if __name__ == "__main__":
    main()
