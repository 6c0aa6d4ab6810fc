"""The main job (``make demo`` / ``compliance-kit demo``): deploy on the embedded chain and show it.

It compiles the kit's contracts, starts a fresh in-process chain, deploys the ComplianceStablecoin
with one account per role, and plays a short compliance story with real transactions: onboarding,
minting, a payment, refusals by the KYC gate (predicted by the ERC-1404 preflight), a lawful order
(freeze and seize with an order reference) and a KYC expiry after time travel. Each step is printed
with its outcome, gas, and the events or the decoded Solidity error.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from compliance_kit.display import show_arg
from compliance_kit.exceptions import CustomErrorRevert, Reverted

if TYPE_CHECKING:
    from collections.abc import Callable

    from compliance_kit.chain.base import Receipt
    from compliance_kit.contracts import Contract

#: the demo stablecoin's decimals (the usual for fiat-backed stablecoins)
DECIMALS = 6
#: ISO 3166-1 numeric codes used in the story
HONG_KONG, SINGAPORE = 344, 702
TIER_RETAIL, TIER_INSTITUTION, TIER_TREASURY = 1, 3, 4
DAY = 86_400


@dataclass
class Step:
    """One line of the demo report."""

    action: str
    outcome: str = ""
    gas: int | None = None
    detail: str = ""
    ok: bool = True


def _show(value: object, key: str = "") -> str:
    """Short addresses; everything else as ``display.show_arg`` reads it."""
    if isinstance(value, str) and value.startswith("0x") and len(value) == 42:
        return f"{value[:6]}…{value[-4:]}"
    return show_arg(key, value, DECIMALS)


class Story:
    """Plays steps against the token and records what the chain did."""

    def __init__(self, token: Contract, names: dict[Any, str]) -> None:
        self.token = token
        self.names = names
        self.steps: list[Step] = []

    def _name(self, key: str, value: Any) -> str:
        if isinstance(value, str | bytes) and value in self.names:
            return self.names[value]
        return _show(value, key)

    def play(
        self,
        action: str,
        send: Callable[[], Receipt],
        *,
        preflight: tuple | None = None,
        contract: Contract | None = None,
    ) -> Receipt | None:
        """Run one step; ``contract`` decodes its events (default: the token)."""
        step = Step(action)
        self.steps.append(step)
        prediction = ""
        if preflight is not None:
            code = self.token.fn.detectTransferRestriction(*preflight).call()
            message = self.token.fn.messageForTransferRestriction(code).call()
            prediction = f"preflight: {code} {message!r}. "
        try:
            receipt = send()
        except Reverted as exc:
            step.ok, step.outcome, step.gas = False, "refused", exc.gas_used
            if isinstance(exc, CustomErrorRevert):
                args = ", ".join(f"{k}={self._name(k, v)}" for k, v in exc.args_by_name.items())
                step.detail = f"{prediction}{exc.name}({args})"
            else:
                step.detail = prediction + exc.reason
            return None
        step.outcome, step.gas = "ok", receipt.gas_used
        events = "; ".join(
            f"{e.name}({', '.join(f'{k}={self._name(k, v)}' for k, v in e.args.items())})"
            for e in (contract or self.token).events(receipt)
        )
        step.detail = prediction + events
        return receipt

    def note(self, action: str, detail: str) -> None:
        self.steps.append(Step(action, "ok", detail=detail))


def run_demo() -> list[Step]:
    """Run the demo and print the report; returns the steps (for tests)."""
    from rich.console import Console
    from rich.table import Table

    from compliance_kit.build import compile_contracts
    from compliance_kit.chain.embedded import Embedded
    from compliance_kit.chain.tx import Transactor
    from compliance_kit.contracts import deploy
    from compliance_kit.units import format_units, to_base_units

    console = Console()
    started = time.perf_counter()
    artifacts = compile_contracts()
    console.print(
        f"[bold]compiled[/] {len(artifacts)} contract(s) with solc {artifacts.compiler_version}"
        f"{' (cache hit)' if artifacts.from_cache else ''} in {time.perf_counter() - started:.2f}s"
    )
    chain = Embedded(accounts=12)
    transactor = Transactor(chain, artifacts.abis())
    admin, master, minter, kyc, officer, pauser, alice, bob, mallory, escrow, auditor, treasury = (
        chain.accounts
    )
    names = {
        a.address: n
        for n, a in (
            ("admin", admin),
            ("master-minter", master),
            ("minter", minter),
            ("kyc-desk", kyc),
            ("officer", officer),
            ("pauser", pauser),
            ("alice", alice),
            ("bob", bob),
            ("mallory", mallory),
            ("escrow", escrow),
            ("auditor", auditor),
            ("treasury", treasury),
        )
    }
    console.print(
        f"[bold]embedded chain[/] id {chain.chain_id}, {len(chain.accounts)} funded accounts"
    )

    from eth_utils import keccak

    attestor = deploy(
        transactor, artifacts["ReserveAttestor"], admin.address, 38 * DAY, sender=admin
    )
    attestor.fn.grantRole(keccak(text="ATTESTOR_ROLE"), auditor.address).transact(admin)
    token = deploy(
        transactor,
        artifacts["ComplianceStablecoin"],
        "Demo Dollar",
        "DUSD",
        DECIMALS,
        admin.address,
        2 * DAY,
        attestor.address,
        sender=admin,
    )
    story = Story(token, names)
    story.note(
        f"deploy ReserveAttestor and ComplianceStablecoin DUSD at {_show(token.address)}",
        "mints gated on reserves (max age 38 days); admin handover delay 2 days",
    )
    roles = ("MASTER_MINTER_ROLE", "MINTER_ROLE", "KYC_OPERATOR_ROLE", "COMPLIANCE_OFFICER_ROLE")
    story.names.update({getattr(token.fn, role)().call(): role for role in roles})
    for role, holder in (
        ("MASTER_MINTER_ROLE", master),
        ("KYC_OPERATOR_ROLE", kyc),
        ("COMPLIANCE_OFFICER_ROLE", officer),
        ("PAUSER_ROLE", pauser),
        ("TREASURY_ROLE", treasury),
    ):
        token.fn.grantRole(getattr(token.fn, role)().call(), holder.address).transact(admin)
    token.fn.setSeizureEscrow(escrow.address).transact(admin)
    token.fn.setRedemptionSla(DAY).transact(admin)  # HKMA: redeem within one business day
    story.note(
        "grant roles; set the seizure escrow and a 1-day redemption SLA",
        "master-minter, kyc-desk, officer, pauser, treasury; escrow",
    )

    units = lambda text: to_base_units(text, DECIMALS)  # noqa: E731
    now = chain.timestamp()
    story.play(
        "master-minter allows minter 5,000,000 DUSD",
        lambda: token.fn.configureMinter(minter.address, units("5_000_000")).transact(master),
    )
    story.play(
        "kyc-desk approves alice (retail, HK, 30 days)",
        lambda: token.fn.approveAccount(
            alice.address, TIER_RETAIL, HONG_KONG, now + 30 * DAY
        ).transact(kyc),
    )
    story.play(
        "kyc-desk approves bob (institution, SG, 1 year)",
        lambda: token.fn.approveAccount(
            bob.address, TIER_INSTITUTION, SINGAPORE, now + 365 * DAY
        ).transact(kyc),
    )
    story.play(
        "kyc-desk approves the escrow (issuer treasury)",
        lambda: token.fn.approveAccount(
            escrow.address, TIER_TREASURY, HONG_KONG, now + 365 * DAY
        ).transact(kyc),
    )
    story.play(
        "auditor attests reserves of 12,000 DUSD (monthly report)",
        lambda: attestor.fn.attest(
            units("12_000"), chain.timestamp(), keccak(text="reserve report 2026-11"), "", []
        ).transact(auditor),
        contract=attestor,
    )
    story.play(
        "mint 10,000 DUSD to alice",
        lambda: token.fn.mint(alice.address, units("10_000")).transact(minter),
    )
    story.play(
        "mint 1,000 DUSD to mallory (never verified)",
        lambda: token.fn.mint(mallory.address, units("1_000")).transact(minter),
    )
    story.play(
        "mint 5,000 DUSD to bob (beyond the attested reserves)",
        lambda: token.fn.mint(bob.address, units("5_000")).transact(minter),
    )
    story.play(
        "alice pays bob 1,250.50 DUSD",
        lambda: token.fn.transfer(bob.address, units("1_250.50")).transact(alice),
        preflight=(alice.address, bob.address, units("1_250.50")),
    )
    story.play(
        "alice pays mallory 100 DUSD",
        lambda: token.fn.transfer(mallory.address, units("100")).transact(alice),
        preflight=(alice.address, mallory.address, units("100")),
    )
    order = b"HK-HCMP-2026-0042".ljust(32, b"\0")
    story.play(
        "officer freezes bob (court order HK-HCMP-2026-0042)",
        lambda: token.fn.freeze(bob.address, order).transact(officer),
    )
    story.play(
        "bob pays alice 50 DUSD while frozen",
        lambda: token.fn.transfer(alice.address, units("50")).transact(bob),
        preflight=(bob.address, alice.address, units("50")),
    )
    story.play(
        "officer seizes bob's 1,250.50 DUSD to the escrow",
        lambda: token.fn.seize(bob.address, units("1_250.50"), order).transact(officer),
    )
    story.play(
        "alice redeems 500 DUSD at par (1 business day SLA)",
        lambda: token.fn.redeem(units("500"), b"alice HK bank account".ljust(32, b"\0")).transact(
            alice
        ),
    )
    story.play(
        "treasury pays redemption #0 out",
        lambda: token.fn.fulfillRedemption(0, b"HK-FPS-0001".ljust(32, b"\0")).transact(treasury),
    )
    story.note(
        "advance time 31 days", f"block time → {_show(chain.advance_time(31 * DAY), 'expiry')}"
    )
    story.play(
        "alice pays the escrow 10 DUSD (her KYC expired)",
        lambda: token.fn.transfer(escrow.address, units("10")).transact(alice),
        preflight=(alice.address, escrow.address, units("10")),
    )

    table = Table(title="compliance-kit demo: what the chain did")
    for column in ("#", "step", "outcome", "gas", "events / preflight / decoded error"):
        table.add_column(column, overflow="fold")
    for n, step in enumerate(story.steps, 1):
        style = "green" if step.ok else "yellow"
        table.add_row(
            str(n),
            step.action,
            f"[{style}]{step.outcome}[/]",
            f"{step.gas:,}" if step.gas else "",
            step.detail,
        )
    console.print(table)
    balances = Table(title="balances (DUSD)")
    balances.add_column("account")
    balances.add_column("balance", justify="right")
    balances.add_column("KYC verified now")
    balances.add_column("frozen")
    for account in (alice, bob, mallory, escrow):
        balances.add_row(
            f"{names[account.address]} {_show(account.address)}",
            format_units(token.fn.balanceOf(account.address).call(), DECIMALS),
            "yes" if token.fn.isVerified(account.address).call() else "no",
            "yes" if token.fn.isFrozen(account.address).call() else "no",
        )
    balances.add_row("total supply", format_units(token.fn.totalSupply().call(), DECIMALS), "", "")
    reserves, _, headroom, coverage_bps, _, fresh = token.fn.reserveCoverage().call()
    balances.add_row(
        "attested reserves",
        format_units(reserves, DECIMALS),
        f"coverage {coverage_bps / 100:.1f}%",
        f"headroom {format_units(headroom, DECIMALS)}" + ("" if fresh else " (stale)"),
    )
    console.print(balances)
    console.print(f"done in {time.perf_counter() - started:.2f}s")
    return story.steps
