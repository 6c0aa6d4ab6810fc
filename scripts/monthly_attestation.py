"""The monthly reserve attestation: post it, check freshness, and see minting stop without it.

    python scripts/monthly_attestation.py

The auditor's report is hashed (keccak-256 of the file) and recorded with its URI and the
composition of the reserves; every mint is checked against the latest attestation after the
profile's margin, and refused once it is older than the maximum age (38 days under HK).
"""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime
from pathlib import Path

from compliance_kit import Embedded, SystemConfig, deploy_system
from compliance_kit.admin import IssuerAdmin
from compliance_kit.exceptions import Reverted

DAY = 86_400


def attest_month(admin: IssuerAdmin, month: str, bills: int, folder: Path) -> None:
    """Post the month's attestation: 3,000,000 in deposits plus ``bills`` in T-bills."""
    report = folder / f"reserve-report-{month}.pdf"
    report.write_bytes(f"reserve report {month}".encode())  # the accountant's PDF
    admin.attest(
        3_000_000 + bills,
        report,  # a Path: its keccak-256 is recorded
        report_uri=f"https://issuer.example/reserves/{month}.pdf",
        composition={"DEPOSITS": 3_000_000, "T-BILLS-93D": bills},  # must add up
    )
    latest = admin.latest_attestation()
    assert latest is not None
    as_of = datetime.fromtimestamp(latest.as_of, UTC).date()
    print(f"{month}: {latest.reserves:,} attested as of {as_of}, report {latest.report_hash[:14]}…")


def main() -> None:
    chain = Embedded(accounts=11)
    admin = IssuerAdmin(deploy_system(SystemConfig.for_dev_accounts(chain, profile="hk"), chain))
    customer = chain.accounts[10].address
    admin.approve_account(customer, "institution", 344, "2099-12-31")

    with tempfile.TemporaryDirectory() as folder:
        attest_month(admin, "2026-10", 7_000_000, Path(folder))
        admin.mint(customer, "8_000_000")
        status = admin.status()
        print(f"coverage {status.coverage_bps / 100:.2f} %, headroom {status.headroom:,}")

        chain.advance_time(40 * DAY)  # the November report is late
        status = admin.status()
        print(f"after 40 days: fresh={status.fresh}, age {status.attestation_age // DAY} days")
        try:
            admin.mint(customer, "1")
        except Reverted as refused:  # explained, and nothing was sent
            print(f"mint refused: {refused.explanation.words}")

        attest_month(admin, "2026-11", 7_500_000, Path(folder))
        print(f"fresh again: {admin.status().fresh}; {admin.mint(customer, '1000').action}")


if __name__ == "__main__":
    main()
