"""Invariants the runner checks on every scenario without being asked.

**ERC-1404 predictions equal actual outcomes.** Before each ``transfer`` and ``transfer_from``
step the runner reads ``detectTransferRestriction(from, to, amount)`` (on the state the
transaction will meet); once the step has run, :func:`erc1404_mismatch` compares the code with
what happened:

- code 0 ⇔ the transfer succeeded;
- code ``c`` > 0 ⇔ it was refused with the custom error of rule ``c`` (:data:`RULE_ERRORS`,
  or one of :data:`OTHER_RULE_ERRORS`: code 18 with travel-rule aggregation refuses with
  ``TravelRuleAggregateCommitmentMissing``), naming the party the rule is about (code 5:
  ``AccountNotVerified(account=to)``).

A ``transfer_from`` is also judged on its spender, which the preflight does not see (ERC-1404 asks
about ``from``, ``to`` and ``amount`` only): a refusal naming the spender (frozen, sanctioned,
screening unavailable) is outside the prediction and is not compared, and a refusal for the
allowance (``ERC20InsufficientAllowance``, checked after every transfer rule) must come with
code 0. A step that could not run at all (``outcome == "error"``) has no outcome to compare.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

#: ERC-1404 code -> (the rule in words, the custom error, the argument naming the party)
RULE_ERRORS: dict[int, tuple[str, str, str | None]] = {
    1: ("token paused", "EnforcedPause", None),
    2: ("sender frozen", "AccountFrozen", "account"),
    3: ("recipient frozen", "AccountFrozen", "account"),
    4: ("sender not KYC-verified", "AccountNotVerified", "account"),
    5: ("recipient not KYC-verified", "AccountNotVerified", "account"),
    6: ("sender's KYC expired", "KycExpired", "account"),
    7: ("recipient's KYC expired", "KycExpired", "account"),
    8: ("balance too low", "ERC20InsufficientBalance", "sender"),
    9: ("unfrozen balance too low", "InsufficientUnfrozenBalance", "account"),
    10: ("recipient is the zero address", "ERC20InvalidReceiver", "receiver"),
    11: ("sender sanctioned", "AccountSanctioned", "account"),
    12: ("recipient sanctioned", "AccountSanctioned", "account"),
    13: ("sanctions screening unavailable", "SanctionsScreeningUnavailable", "account"),
    14: ("corridor closed", "CorridorClosed", None),
    15: ("per-transfer cap", "TransferCapExceeded", "account"),
    16: ("rolling volume limit", "VolumeLimitExceeded", "account"),
    17: ("transfer-count (velocity) limit", "VelocityLimitExceeded", "account"),
    18: ("travel-rule commitment missing", "TravelRuleCommitmentMissing", "from"),
}
#: further errors a rule refuses with: code 18 below the threshold, reached by the sender's
#: rolling volume (travel-rule aggregation)
OTHER_RULE_ERRORS: dict[int, tuple[str, ...]] = {18: ("TravelRuleAggregateCommitmentMissing",)}
#: codes whose error names the recipient (the others name the sender, or nobody)
_RECIPIENT_CODES = {3, 5, 7, 10, 12}
#: errors a ``transferFrom`` raises about its spender before any transfer rule
_SPENDER_ERRORS = {"AccountFrozen", "AccountSanctioned", "SanctionsScreeningUnavailable"}


@dataclass(frozen=True)
class Transfer:
    """The transfer a step made: the token's ``from`` (the sender of a ``transfer``), ``to``,
    and the spender of a ``transfer_from`` (None for a ``transfer``)."""

    from_: str
    to: str
    spender: str | None = None


def rule_name(code: int) -> str:
    """``"5 (recipient not KYC-verified)"``."""
    entry = RULE_ERRORS.get(code)
    if code == 0:
        return "0 (no restriction)"
    return f"{code} ({entry[0]})" if entry else f"{code} (unknown code)"


def _same(a: Any, b: str) -> bool:
    return isinstance(a, str) and a.lower() == b.lower()


def _describe(error: str | None, args: Mapping[str, Any], show: Callable[[Any, str], str]) -> str:
    shown = ", ".join(f"{k}={show(v, k)}" for k, v in args.items())
    return f"{error}({shown})"


def erc1404_mismatch(
    code: int,
    outcome: str,
    error: str | None,
    error_args: Mapping[str, Any],
    transfer: Transfer,
    show: Callable[[Any, str], str] = lambda value, key: str(value),
) -> str | None:
    """Why the step's outcome contradicts the preflight ``code``; None when they agree (or when
    the outcome is outside what ERC-1404 predicts, see the module docstring).

    ``outcome`` is the step's (``ok``, ``refused``, ``error``), ``error`` and ``error_args`` its
    decoded refusal; ``show(value, key)`` names an address in the message.
    """
    if outcome not in ("ok", "refused"):
        return None
    predicted = rule_name(code)
    if outcome == "ok":
        if code == 0:
            return None
        return f"ERC-1404 preflight returned code {predicted}, but the transfer succeeded"
    refusal = _describe(error, error_args, show)
    spender = transfer.spender
    if spender is not None and error in _SPENDER_ERRORS:
        named = [v for k, v in error_args.items() if k == "account" and _same(v, spender)]
        if named and not (_same(spender, transfer.from_) or _same(spender, transfer.to)):
            return None  # the spender's own refusal: the preflight does not judge the spender
    if spender is not None and error == "ERC20InsufficientAllowance":
        if code == 0:
            return None  # the allowance is checked after every transfer rule passed
        return (
            f"ERC-1404 preflight returned code {predicted}, but the transfer passed that rule "
            f"and was refused for the allowance: {refusal}"
        )
    if code == 0:
        return (
            f"ERC-1404 preflight returned code {predicted}, but the transfer reverted with "
            f"{refusal}"
        )
    entry = RULE_ERRORS.get(code)
    if entry is None:
        return f"ERC-1404 preflight returned code {predicted}; the transfer reverted with {refusal}"
    _, expected, key = entry
    party = transfer.to if code in _RECIPIENT_CODES else transfer.from_
    if error != expected and error not in OTHER_RULE_ERRORS.get(code, ()):
        return (
            f"ERC-1404 preflight returned code {predicted}, which refuses with {expected}, but "
            f"the transfer reverted with {refusal}"
        )
    if key is not None and code != 13:
        got = error_args.get(key)
        if got is not None and not _same(got, party):
            return (
                f"ERC-1404 preflight returned code {predicted} about {show(party, key)}, but the "
                f"transfer reverted with {refusal}"
            )
    if code == 13:
        got = error_args.get("account")
        if got is not None and not (_same(got, transfer.from_) or _same(got, transfer.to)):
            return (
                f"ERC-1404 preflight returned code {predicted} for the parties, but the transfer "
                f"reverted with {refusal}"
            )
    return None


__all__ = ["OTHER_RULE_ERRORS", "RULE_ERRORS", "Transfer", "erc1404_mismatch", "rule_name"]
