"""The main job (``make demo`` / ``compliance-kit demo``): deploy on the embedded chain and show it.

It compiles the kit's contracts, starts a fresh in-process chain, deploys every contract that
exists, plays a short sequence of real transactions (including a refused one, decoded from the
Solidity custom error) and prints each step with its outcome, gas and events.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from compliance_kit.exceptions import CustomErrorRevert, Reverted

if TYPE_CHECKING:
    from collections.abc import Callable

    from compliance_kit.chain.base import Receipt
    from compliance_kit.contracts import Contract


#: the demo token's decimals (OpenZeppelin's ERC-20 default)
DECIMALS = 18


@dataclass
class Step:
    """One line of the demo report."""

    action: str
    outcome: str = ""
    gas: int | None = None
    detail: str = ""
    ok: bool = True


def _show(value: object, decimals: int) -> str:
    """Short addresses and token amounts, so a report line stays readable."""
    if isinstance(value, str) and value.startswith("0x") and len(value) == 42:
        return f"{value[:6]}…{value[-4:]}"
    if isinstance(value, int) and not isinstance(value, bool):
        from compliance_kit.units import format_units

        return format_units(value, decimals)
    return str(value)


def _play(
    steps: list[Step],
    action: str,
    contract: Contract,
    send: Callable[[], Receipt],
) -> Receipt | None:
    step = Step(action)
    steps.append(step)
    try:
        receipt = send()
    except Reverted as exc:
        step.ok, step.outcome, step.gas = False, "refused", exc.gas_used
        if isinstance(exc, CustomErrorRevert):
            args = ", ".join(f"{k}={_show(v, DECIMALS)}" for k, v in exc.args_by_name.items())
            step.detail = f"{exc.name}({args})"
        else:
            step.detail = exc.reason
        return None
    step.outcome, step.gas = "ok", receipt.gas_used
    step.detail = "; ".join(
        f"{e.name}({', '.join(f'{k}={_show(v, DECIMALS)}' for k, v in e.args.items())})"
        for e in contract.events(receipt)
    )
    return receipt


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
        f"{' (cache hit)' if artifacts.from_cache else ''} "
        f"in {time.perf_counter() - started:.2f}s"
    )
    chain = Embedded()
    transactor = Transactor(chain, artifacts.abis())
    issuer, alice, bob = chain.accounts[:3]
    console.print(
        f"[bold]embedded chain[/] id {chain.chain_id}, block {chain.block_number()}, "
        f"{len(chain.accounts)} funded accounts"
    )

    steps: list[Step] = []
    decimals = DECIMALS
    supply = to_base_units("1_000_000", decimals)

    token = deploy(
        transactor, artifacts["PlainERC20"], "Plain Dollar", "PUSD", supply, sender=issuer
    )
    steps.append(
        Step(
            f"deploy PlainERC20 (OpenZeppelin ERC-20) at {_show(token.address, 0)}",
            "ok",
            detail=f"supply {format_units(supply, decimals)} PUSD to issuer",
        )
    )
    amount = to_base_units("1_250.50", decimals)
    _play(
        steps,
        "issuer → alice 1,250.50 PUSD",
        token,
        lambda: token.fn.transfer(alice.address, amount).transact(issuer),
    )
    _play(
        steps,
        "alice → bob 2,000 PUSD (more than she holds)",
        token,
        lambda: token.fn.transfer(bob.address, to_base_units(2000, decimals)).transact(alice),
    )
    snapshot = chain.snapshot()
    _play(
        steps,
        "alice → bob 250.50 PUSD",
        token,
        lambda: token.fn.transfer(bob.address, to_base_units("250.50", decimals)).transact(alice),
    )
    chain.revert(snapshot)
    bob_balance = format_units(token.fn.balanceOf(bob.address).call(), decimals)
    steps.append(
        Step(
            "revert to snapshot (undo the last transfer)",
            "ok",
            detail=f"bob holds {bob_balance} PUSD",
        )
    )
    before = chain.timestamp()
    after = chain.advance_time(86_400)
    steps.append(Step("advance time 24 h", "ok", detail=f"block time {before} → {after}"))

    table = Table(title="compliance-kit demo: what the chain did")
    for column in ("#", "step", "outcome", "gas", "events / decoded error"):
        table.add_column(column, overflow="fold")
    for n, step in enumerate(steps, 1):
        style = "green" if step.ok else "yellow"
        table.add_row(
            str(n),
            step.action,
            f"[{style}]{step.outcome}[/]",
            f"{step.gas:,}" if step.gas else "",
            step.detail,
        )
    console.print(table)
    balances = Table(title="balances (PUSD)")
    balances.add_column("account")
    balances.add_column("balance", justify="right")
    for name, account in (("issuer", issuer), ("alice", alice), ("bob", bob)):
        balances.add_row(
            f"{name} {account.address}",
            format_units(token.fn.balanceOf(account.address).call(), decimals),
        )
    console.print(balances)
    console.print(f"done in {time.perf_counter() - started:.2f}s")
    return steps
