"""The daily redemption run: list the open requests, pay them out, record each payment.

    python scripts/redemption_run.py

Holders redeem on-chain (tokens burned at once, a request recorded with its due time); the
treasury pays in fiat and records each payment's reference. Requests past their SLA show as
overdue; a late fulfilment emits ``RedemptionFulfilledLate``.
"""

from __future__ import annotations

from eth_utils import keccak

from compliance_kit import Embedded, SystemConfig, deploy_system
from compliance_kit.admin import IssuerAdmin

DAY = 86_400


def main() -> None:
    chain = Embedded(accounts=13)
    admin = IssuerAdmin(deploy_system(SystemConfig.for_dev_accounts(chain, profile="hk"), chain))
    holders = chain.accounts[10:13]
    admin.approve_accounts([(h.address, "retail", 344, "2099-12-31") for h in holders])
    admin.attest("1_000_000", "reserve report")
    admin.mint_many([(h.address, "5_000") for h in holders])

    # holders asked to redeem (their own transactions, not the issuer's): one yesterday morning,
    # two in the evening; under HK the issuer has one business day (24 h here) to pay
    ask = admin.token.fn.redeem
    ask(500 * 10**6, keccak(text="alice's bank account")).transact(holders[0])
    chain.advance_time(12 * 3_600)
    ask(1_250 * 10**6, keccak(text="bob's bank account")).transact(holders[1])
    ask(4_000 * 10**6, keccak(text="carol's bank account")).transact(holders[2])
    chain.advance_time(13 * 3_600)  # the run starts: the morning request is overdue

    queue = admin.pending_redemptions()
    total = sum(r.amount - r.fee for r in queue)
    print(f"{len(queue)} open request(s), {total:,} to pay:")
    for r in queue:
        print(f"  #{r.id} {r.redeemer} {r.amount - r.fee:,} ({r.status})")

    # pay each one (off-chain), then record the payments: planned first, sent in order
    payments = {r.id: f"HK-FPS-{r.id:06d}" for r in queue}
    for result in admin.fulfil_redemptions(payments):
        late = any(e.name == "RedemptionFulfilledLate" for e in result.events)
        print(f"  {result.action}: {'late' if late else 'on time'}")
    print(f"open after the run: {len(admin.pending_redemptions())}")


if __name__ == "__main__":
    main()
