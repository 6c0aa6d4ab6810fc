"""Onboard a customer book from CSV and mint each customer's opening balance.

    python scripts/onboard_and_mint.py [scripts/data/customers.csv]

The file has the KYC columns (address,tier,jurisdiction,expiry) and, here, an opening_balance
column the KYC import ignores. Every row is checked before anything is sent; one bad row (named
with its row number) sends nothing. Against a live deployment, replace the first lines with
``admin = IssuerAdmin.from_manifest("deployment.json", Rpc(url), signers=[...])``.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from compliance_kit import Embedded, SystemConfig, deploy_system
from compliance_kit.admin import IssuerAdmin

BOOK = Path(__file__).parent / "data" / "customers.csv"


def main(book: Path = BOOK) -> None:
    chain = Embedded()
    admin = IssuerAdmin(deploy_system(SystemConfig.for_dev_accounts(chain, profile="hk"), chain))

    # 1. KYC: every row validated first, then one approveAccounts transaction per 100 accounts
    onboarded = admin.import_kyc_csv(book)
    print(f"KYC: {len(onboarded)} transaction(s): {', '.join(r.action for r in onboarded)}")

    # 2. secure mint: reserves must be attested (and fresh) before anything is minted
    admin.attest("5_000_000", "opening reserve report", composition={"DEPOSITS": "5_000_000"})

    # 3. opening balances: validated first; if one fails, the error says which went through
    with book.open(newline="", encoding="utf-8") as handle:
        balances = [(row["address"], row["opening_balance"]) for row in csv.DictReader(handle)]
    minted = admin.mint_many([(to, amount) for to, amount in balances if amount.strip("0.")])
    for result in minted:
        print(f"  {result.action}  (tx {result.tx_hash[:12]}…)")

    status = admin.status()
    print(f"supply {status.supply:,} {status.symbol}, headroom {status.headroom:,}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else BOOK)
