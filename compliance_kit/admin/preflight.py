"""``check_transfer``: the token's ERC-1404 preflight, explained in words with the numbers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from compliance_kit.admin.base import AdminBase
from compliance_kit.admin.restrictions import RESTRICTIONS, TransferContext
from compliance_kit.admin.values import units_text
from compliance_kit.exceptions import CustomErrorRevert


@dataclass(frozen=True)
class TransferCheck:
    """What ``detectTransferRestriction`` predicts for a transfer, and why.

    ``code`` is the ERC-1404 code (0 passes), ``rule`` its name (``"sender_kyc_expired"``),
    ``message`` the contract's own text, ``explanation`` the rule with the numbers, ``remedy``
    what would make it pass (None when it passes), ``facts`` everything read from the chain.
    """

    from_: str
    to: str
    amount: str
    code: int
    rule: str
    message: str
    explanation: str
    remedy: str | None
    facts: dict[str, Any] = field(default_factory=dict)

    @property
    def passes(self) -> bool:
        return self.code == 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "from": self.from_,
            "to": self.to,
            "amount": self.amount,
            "passes": self.passes,
            "code": self.code,
            "rule": self.rule,
            "message": self.message,
            "explanation": self.explanation,
            "remedy": self.remedy,
            "facts": self.facts,
        }


class PreflightAdmin(AdminBase):
    """ERC-1404 preflight in words."""

    def check_transfer(self, from_: str, to: str, amount: Any) -> TransferCheck:
        """Would ``from_`` → ``to`` of ``amount`` (token units) go through now? Which rule stops
        it, with which numbers, and what would make it pass. Reads only; sends nothing."""
        sender = self._address(from_, "from")
        recipient = self._address(to, "to")
        value = self._amount(amount)
        code = int(self.token.fn.detectTransferRestriction(sender, recipient, value).call())
        message = str(self.token.fn.messageForTransferRestriction(code).call())
        ctx = TransferContext(
            self.token,
            sender,
            recipient,
            value,
            self.decimals,
            self.symbol,
            registry=self.registry,
        )
        entry = RESTRICTIONS.get(code)
        if entry is None:
            rule, explanation, remedy = f"code_{code}", message, None
        else:
            rule = entry.rule
            explanation = entry.explain(ctx)
            remedy = entry.remedy(ctx) if entry.remedy and code else None
        return TransferCheck(
            from_=sender,
            to=recipient,
            amount=units_text(value, self.decimals),
            code=code,
            rule=rule,
            message=message,
            explanation=explanation,
            remedy=remedy,
            facts=ctx.facts(),
        )


#: custom errors that are ERC-1404 transfer rules: name -> (code if the account sends,
#: code if it receives, the argument naming the account)
TRANSFER_RULES: dict[str, tuple[int, int, str | None]] = {
    "EnforcedPause": (1, 1, None),
    "AccountFrozen": (2, 3, "account"),
    "AccountNotVerified": (4, 5, "account"),
    "KycExpired": (6, 7, "account"),
    "ERC20InsufficientBalance": (8, 8, "sender"),
    "InsufficientUnfrozenBalance": (9, 9, "account"),
    "ERC20InvalidReceiver": (10, 10, None),
    "AccountSanctioned": (11, 12, "account"),
    "SanctionsScreeningUnavailable": (13, 13, "account"),
}
ZERO_ADDRESS = "0x" + "00" * 20


def rule_of_refusal(admin: AdminBase, exc: CustomErrorRevert, signer: str) -> str | None:
    """A transfer-like refusal (mint to an unverified account, burn beyond the balance, ...) as
    the ERC-1404 rule it is, with the chain's numbers; None for other errors."""
    known = TRANSFER_RULES.get(exc.name)
    if known is None:
        return None
    as_sender, as_recipient, key = known
    account = exc.args_by_name.get(key) if key else None
    sends = as_sender == as_recipient or account == signer
    code = as_sender if sends else as_recipient
    entry = RESTRICTIONS.get(code)
    if entry is None:
        return None
    amount = int(exc.args_by_name.get("needed", 0))
    from_ = account if sends and account else signer
    to = ZERO_ADDRESS if sends else str(account)
    ctx = TransferContext(
        admin.token,
        from_,
        to,
        amount,
        admin.decimals,
        admin.symbol,
        registry=admin.system.travel_rule_registry,
        refusal=exc,
    )
    return f"ERC-1404 rule {code} ({entry.rule}): {entry.explain(ctx)}"


__all__ = ["TRANSFER_RULES", "PreflightAdmin", "TransferCheck", "rule_of_refusal"]
