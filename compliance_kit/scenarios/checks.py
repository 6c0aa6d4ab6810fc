"""Judging a step: its expectation (success or a named revert) and the state checks after it."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from eth_utils import keccak

from compliance_kit.display import show_arg
from compliance_kit.exceptions import InputError
from compliance_kit.scenarios import schema as s
from compliance_kit.system.config import ROLES
from compliance_kit.units import format_units, to_base_units

if TYPE_CHECKING:
    from eth_account.signers.local import LocalAccount

    from compliance_kit.scenarios.runner import StepResult
    from compliance_kit.system import DeployedSystem


#: role id -> name (``VASP_ROLE`` ...), to read AccessControl errors
_ROLE_NAMES = {role_id: name for name, role_id in ROLES.items()} | {
    keccak(text="MINTER_ROLE"): "MINTER_ROLE"
}


@dataclass
class Context:
    """A running scenario: the system, the actors' accounts and the token's decimals."""

    system: DeployedSystem
    accounts: dict[str, LocalAccount]
    decimals: int
    contracts: dict[str, str] = field(default_factory=dict)
    """Names of the system's contracts (``token``, ``sanctions_list`` ...) -> address."""
    block: str = "pending"
    """The block views read: the next one, whose timestamp the next transaction sees (what
    ``latest`` means on the embedded chain; a JSON-RPC node reads ``latest`` at the last mined
    block)."""
    permits: dict[tuple[str, str], tuple[Any, ...]] = field(default_factory=dict)
    """The last permit signed per (owner, spender): its ``permit`` arguments, for a replay."""

    @classmethod
    def create(
        cls,
        system: DeployedSystem,
        scenario: s.Scenario,
        available: Sequence[LocalAccount] | None = None,
    ) -> Context:
        """Role holders on accounts 0-9 (aliases on theirs), declared actors on the next
        accounts in order (of ``available``, default the chain's)."""
        chain_accounts = list(available) if available is not None else system.chain.accounts
        # aliases first: an address reads as ``vasp`` rather than ``kyc_provider``
        accounts = {
            alias: chain_accounts[s.ROLE_ACTORS.index(role)]
            for alias, role in s.ROLE_ALIASES.items()
        }
        accounts |= {role: chain_accounts[i] for i, role in enumerate(s.ROLE_ACTORS)}
        others = [name for name in scenario.actors if name not in accounts]
        if len(chain_accounts) < len(s.ROLE_ACTORS) + len(others):
            raise InputError(
                "actors",
                f"the scenario needs {len(s.ROLE_ACTORS) + len(others)} accounts (the roles and "
                f"its actors); the chain offers {len(chain_accounts)}",
            )
        for offset, name in enumerate(others):
            accounts[name] = chain_accounts[len(s.ROLE_ACTORS) + offset]
        contracts = {
            "token": system.token.address,
            "attestor": system.attestor.address,
            "travel_rule_registry": system.travel_rule_registry.address,
        }
        if system.sanctions_oracle is not None:
            contracts["sanctions_list"] = system.sanctions_oracle.address
        return cls(system, accounts, system.policy.onchain_parameters().decimals, contracts)

    def account(self, name: str) -> LocalAccount:
        return self.accounts[name]

    def address(self, name: str) -> str:
        return str(self.accounts[name].address)

    def units(self, amount: str, field: str = "amount") -> int:
        """Token units -> base units (exact; too many decimals is an error)."""
        return to_base_units(amount, self.decimals, field)

    def name_of(self, value: Any) -> str | None:
        """The actor (or contract) name of an address, if it is one."""
        if isinstance(value, str):
            for name, account in self.accounts.items():
                if account.address.lower() == value.lower():
                    return name
            for name, address in self.contracts.items():
                if address.lower() == value.lower():
                    return name
        return None

    def show(self, value: Any, key: str = "") -> str:
        """An address as its actor name, a role id as its name; anything else as
        ``display.show_arg`` reads it."""
        name = self.name_of(value)
        if name is not None:
            return name
        if isinstance(value, tuple | list):
            return "(" + ", ".join(self.show(v) for v in value) + ")"
        if isinstance(value, bytes) and key in ("role", "neededRole") and value in _ROLE_NAMES:
            return _ROLE_NAMES[value]
        return show_arg(key, value, self.decimals)


def matches(ctx: Context, expected: Any, actual: Any) -> bool:
    """Whether a decoded value equals the value written in the scenario.

    Booleans and integers compare as-is; a string is an actor or contract name (against an
    address), text or a ``0x`` hash (against bytes32), a duration such as ``"24h"``, ``"max"``
    (type(uint256).max) or an amount in token units (against an integer); a list is a struct,
    field by field.
    """
    if isinstance(actual, tuple | list):  # a struct: a list written in the same order
        return (
            isinstance(expected, list | tuple)
            and len(expected) == len(actual)
            and all(matches(ctx, e, a) for e, a in zip(expected, actual, strict=True))
        )
    if isinstance(expected, bool) or isinstance(actual, bool):
        return expected is actual
    if isinstance(expected, int):
        return expected == actual
    text = str(expected)
    if isinstance(actual, str):
        if text in ctx.accounts:
            return actual.lower() == ctx.address(text).lower()
        if text in ctx.contracts:
            return actual.lower() == ctx.contracts[text].lower()
    if isinstance(actual, bytes):
        if text in ROLES or text == "MINTER_ROLE":
            return _ROLE_NAMES.get(actual) == text
        if re.fullmatch(r"0x[0-9a-fA-F]{64}", text):
            return actual.hex() == text[2:].lower()
        return actual.rstrip(b"\0") == text.encode()
    if isinstance(actual, int):
        if text.lower() in ("max", "none", "unlimited"):
            return actual == s.UINT256_MAX
        if re.fullmatch(r"\s*(\d+[dhms])+\s*", text.lower()):
            return s.parse_duration(text) == actual
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
        amount(
            f"balance of {name}", want, token.fn.balanceOf(ctx.address(name)).call(block=ctx.block)
        )
    for name, want in check.frozen_balances.items():
        amount(
            f"frozen balance of {name}",
            want,
            token.fn.frozenBalanceOf(ctx.address(name)).call(block=ctx.block),
        )
    for name, want_flag in check.frozen.items():
        flag(
            f"{name} frozen", want_flag, token.fn.isFrozen(ctx.address(name)).call(block=ctx.block)
        )
    for name, want_flag in check.verified.items():
        flag(
            f"{name} verified",
            want_flag,
            token.fn.isVerified(ctx.address(name)).call(block=ctx.block),
        )
    if check.sanctioned:
        oracle = ctx.system.sanctions_oracle
        if oracle is None:
            failures.append("sanctioned: no SanctionsList was deployed (the profile screens none)")
        else:
            for name, want_flag in check.sanctioned.items():
                got = oracle.fn.isSanctioned(ctx.address(name)).call(block=ctx.block)
                flag(f"{name} sanctioned", want_flag, got)
    for name, want_flag in check.limit_exempt.items():
        flag(
            f"{name} limit-exempt",
            want_flag,
            token.fn.isLimitExempt(ctx.address(name)).call(block=ctx.block),
        )
    for name, want_limits in check.remaining_limits.items():
        volume, transfers = token.fn.remainingLimits(ctx.address(name)).call(block=ctx.block)
        failures.extend(_remaining_failures(ctx, name, want_limits, volume, transfers))
    registry = ctx.system.travel_rule_registry
    for commitment in check.commitments:
        payload = registry.fn.commitmentOf(
            token.address,
            ctx.address(commitment.from_),
            ctx.address(commitment.to),
            ctx.units(commitment.amount),
        ).call(block=ctx.block)
        pending = payload != b"\0" * 32
        if pending is not commitment.pending:
            what = f"commitment {commitment.from_} -> {commitment.to} {commitment.amount}"
            want = "pending" if commitment.pending else "none pending"
            got = "pending" if pending else "none pending (never registered, consumed or cancelled)"
            failures.append(f"travel-rule {what}: expected {want}, got {got}")
    if check.total_supply is not None:
        amount("total supply", check.total_supply, token.fn.totalSupply().call(block=ctx.block))
    if check.paused is not None:
        flag("paused", check.paused, token.fn.paused().call(block=ctx.block))
    if check.coverage is not None:
        reserves, supply, headroom, bps, _, fresh = token.fn.reserveCoverage().call(block=ctx.block)
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


def _remaining_failures(
    ctx: Context, name: str, want: s.RemainingLimits, volume: int, transfers: int
) -> list[str]:
    """Why ``remainingLimits`` differs from ``want`` (``unlimited``: type(uint256).max)."""
    failures = []
    if want.volume is not None:
        expected = s.UINT256_MAX if want.volume == "unlimited" else ctx.units(want.volume)
        if volume != expected:
            got = "unlimited" if volume == s.UINT256_MAX else format_units(volume, ctx.decimals)
            failures.append(f"remaining volume of {name}: expected {want.volume}, got {got}")
    if want.transfers is not None:
        expected = s.UINT256_MAX if want.transfers == "unlimited" else want.transfers
        if transfers != expected:
            got = "unlimited" if transfers == s.UINT256_MAX else str(transfers)
            failures.append(f"remaining transfers of {name}: expected {want.transfers}, got {got}")
    return failures
