"""Judging a step: its expectation (success or a named revert) and the state checks after it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from compliance_kit.display import show_arg
from compliance_kit.scenarios import schema as s
from compliance_kit.units import format_units, to_base_units

if TYPE_CHECKING:
    from eth_account.signers.local import LocalAccount

    from compliance_kit.scenarios.runner import StepResult
    from compliance_kit.system import DeployedSystem


@dataclass
class Context:
    """A running scenario: the system, the actors' accounts and the token's decimals."""

    system: DeployedSystem
    accounts: dict[str, LocalAccount]
    decimals: int

    @classmethod
    def create(cls, system: DeployedSystem, scenario: s.Scenario) -> Context:
        """Role holders on accounts 0-9, declared actors on the next accounts in order."""
        chain_accounts = system.chain.accounts
        accounts = {role: chain_accounts[i] for i, role in enumerate(s.ROLE_ACTORS)}
        others = [name for name in scenario.actors if name not in accounts]
        for offset, name in enumerate(others):
            accounts[name] = chain_accounts[len(s.ROLE_ACTORS) + offset]
        return cls(system, accounts, system.policy.onchain_parameters().decimals)

    def account(self, name: str) -> LocalAccount:
        return self.accounts[name]

    def address(self, name: str) -> str:
        return str(self.accounts[name].address)

    def units(self, amount: str, field: str = "amount") -> int:
        """Token units -> base units (exact; too many decimals is an error)."""
        return to_base_units(amount, self.decimals, field)

    def name_of(self, value: Any) -> str | None:
        """The actor name of an address, if it is one."""
        if isinstance(value, str):
            for name, account in self.accounts.items():
                if account.address.lower() == value.lower():
                    return name
        return None

    def show(self, value: Any, key: str = "") -> str:
        """An address as its actor name; anything else as ``display.show_arg`` reads it."""
        return self.name_of(value) or show_arg(key, value, self.decimals)


def matches(ctx: Context, expected: Any, actual: Any) -> bool:
    """Whether a decoded value equals the value written in the scenario.

    Booleans and integers compare as-is; a string is an actor name (against an address), text
    (against bytes32) or an amount in token units (against an integer).
    """
    if isinstance(expected, bool) or isinstance(actual, bool):
        return expected is actual
    if isinstance(expected, int):
        return expected == actual
    text = str(expected)
    if text in ctx.accounts and isinstance(actual, str):
        return actual.lower() == ctx.address(text).lower()
    if isinstance(actual, bytes):
        return actual.rstrip(b"\0") == text.encode()
    if isinstance(actual, int):
        try:
            return ctx.units(text) == actual
        except ValueError:
            return False
    return text.lower() == str(actual).lower()


def _args_failures(
    ctx: Context, what: str, expected: dict[str, Any], actual: dict[str, Any]
) -> list[str]:
    failures = []
    for key, want in expected.items():
        if key not in actual:
            failures.append(f"{what} has no argument {key!r} (has: {', '.join(actual) or 'none'})")
        elif not matches(ctx, want, actual[key]):
            failures.append(f"{what}.{key}: expected {want}, got {ctx.show(actual[key], key)}")
    return failures


def describe_error(ctx: Context, result: StepResult) -> str:
    """``Name(arg=value, ...)`` of a step's revert."""
    args = ", ".join(f"{k}={ctx.show(v, k)}" for k, v in result.error_args.items())
    return f"{result.error}({args})"


def check_expectation(ctx: Context, expect: str | s.Revert, result: StepResult) -> list[str]:
    """Why the outcome differs from ``expect`` (empty: it held)."""
    if isinstance(expect, str):
        if result.outcome == "refused":
            return [f"expected success, reverted with {describe_error(ctx, result)}"]
        return []
    if result.outcome != "refused":
        return [f"expected revert {expect.revert}, the step succeeded"]
    if result.error != expect.revert:
        return [f"expected revert {expect.revert}, got {describe_error(ctx, result)}"]
    return _args_failures(ctx, str(result.error), expect.args, result.error_args)


def check_state(ctx: Context, check: s.Check, result: StepResult) -> list[str]:
    """Why the state after the step differs from ``check`` (empty: it all holds)."""
    token = ctx.system.token
    failures: list[str] = []

    def amount(what: str, want: str, got: int) -> None:
        if ctx.units(want) != got:
            failures.append(f"{what}: expected {want}, got {format_units(got, ctx.decimals)}")

    def flag(what: str, want: bool, got: bool) -> None:
        if want is not got:
            failures.append(f"{what}: expected {str(want).lower()}, got {str(got).lower()}")

    for name, want in check.balances.items():
        amount(f"balance of {name}", want, token.fn.balanceOf(ctx.address(name)).call())
    for name, want in check.frozen_balances.items():
        amount(
            f"frozen balance of {name}", want, token.fn.frozenBalanceOf(ctx.address(name)).call()
        )
    for name, want_flag in check.frozen.items():
        flag(f"{name} frozen", want_flag, token.fn.isFrozen(ctx.address(name)).call())
    for name, want_flag in check.verified.items():
        flag(f"{name} verified", want_flag, token.fn.isVerified(ctx.address(name)).call())
    if check.total_supply is not None:
        amount("total supply", check.total_supply, token.fn.totalSupply().call())
    if check.paused is not None:
        flag("paused", check.paused, token.fn.paused().call())
    if check.coverage is not None:
        reserves, supply, headroom, bps, _, fresh = token.fn.reserveCoverage().call()
        cov = check.coverage
        for label, want_amount, got in (
            ("coverage.reserves", cov.reserves, reserves),
            ("coverage.supply", cov.supply, supply),
            ("coverage.headroom", cov.headroom, headroom),
        ):
            if want_amount is not None:
                amount(label, want_amount, got)
        if cov.coverage_bps is not None and cov.coverage_bps != bps:
            failures.append(f"coverage.coverage_bps: expected {cov.coverage_bps}, got {bps}")
        if cov.fresh is not None:
            flag("coverage.fresh", cov.fresh, fresh)
    for wanted in check.events:
        name, args = (wanted, {}) if isinstance(wanted, str) else (wanted.name, wanted.args)
        emitted = [a for n, a in result.events if n == name]
        if not emitted:
            shown = ", ".join(n for n, _ in result.events) or "none"
            failures.append(f"event {name} not emitted (emitted: {shown})")
        elif args and not any(not _args_failures(ctx, name, args, a) for a in emitted):
            failures.extend(_args_failures(ctx, name, args, emitted[0]))
    for name in check.no_events:
        if any(n == name for n, _ in result.events):
            failures.append(f"event {name} emitted, expected none")
    return failures
