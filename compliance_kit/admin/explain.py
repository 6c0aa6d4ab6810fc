"""Reverts in words: what each custom error means, what would fix it, and its family.

One entry per Solidity error name in :data:`ERRORS` (add one per new error). The templates name
the error's arguments; amounts, times and durations are formatted as ``display.show_arg`` reads
them, role ids as role names. The family decides the CLI's exit code:

``compliance``  the token's rules refused (KYC, freeze, pause, balance, reserves, allowance, ...)
``access``      the signer lacks the role or authority
``refused``     anything else the contract refused (wrong state, bad argument)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from compliance_kit.admin.values import ROLE_BY_ID
from compliance_kit.display import show_arg
from compliance_kit.exceptions import CustomErrorRevert, Reverted

COMPLIANCE = "compliance"
ACCESS = "access"
REFUSED = "refused"


#: a sentence from the error's arguments: ``(raw, shown) -> text``
Words = Callable[[dict[str, Any], dict[str, str]], str]


@dataclass(frozen=True)
class ErrorInfo:
    """How to read one custom error: its family, a sentence and a remedy: templates over its
    argument names (``"{account} is frozen"``), or functions of ``(raw, shown)`` arguments."""

    family: str
    words: str | Words
    remedy: str | None = None


@dataclass(frozen=True)
class Explanation:
    """A decoded revert in words."""

    error: str
    family: str
    words: str
    remedy: str | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "error": self.error,
            "family": self.family,
            "explanation": self.words,
            "remedy": self.remedy,
        }


_KYC_FIX = "approve it with `kyc approve` (KYC_OPERATOR_ROLE)"
ERRORS: dict[str, ErrorInfo] = {
    # --- transfer rules (ERC-1404) ---------------------------------------------------------
    "ERC20InvalidReceiver": ErrorInfo(COMPLIANCE, "the recipient is the zero address"),
    "EnforcedPause": ErrorInfo(
        COMPLIANCE, "the token is paused", "unpause it with `unpause` (PAUSER_ROLE)"
    ),
    "AccountFrozen": ErrorInfo(
        COMPLIANCE,
        "{account} is frozen under a lawful order",
        "lift the freeze with `unfreeze` (COMPLIANCE_OFFICER_ROLE) when the order allows",
    ),
    "AccountNotVerified": ErrorInfo(COMPLIANCE, "{account} is not on the KYC allowlist", _KYC_FIX),
    "KycExpired": ErrorInfo(
        COMPLIANCE,
        "the KYC verification of {account} expired at {expiredAt} (chain time {currentTime})",
        "renew it with `kyc approve` and a later expiry (KYC_OPERATOR_ROLE)",
    ),
    "ERC20InsufficientBalance": ErrorInfo(
        COMPLIANCE, "{sender} holds {balance}, and {needed} is needed", "move at most {balance}"
    ),
    "InsufficientUnfrozenBalance": ErrorInfo(
        COMPLIANCE,
        "{account} has {available} unfrozen, and {needed} is needed (the rest is frozen)",
        "move at most {available}, or release tokens with `unfreeze --amount` under the order",
    ),
    # --- minting, reserves, redemption -----------------------------------------------------
    "JurisdictionBlocked": ErrorInfo(
        COMPLIANCE,
        "{account} is KYC'd in jurisdiction {jurisdiction}, which is blocked: no tokens are "
        "issued into it",
        "mint to an account elsewhere; lift the block (`corridor unblock {jurisdiction}`) only "
        "if it no longer applies",
    ),
    "StaleReserveAnswer": ErrorInfo(
        COMPLIANCE,
        "the proof-of-reserve feed last answered at {updatedAt}, longer ago than its maximum "
        "staleness {maxStaleness} (chain time {currentTime}): minting waits for a fresh answer",
        "wait for the feed to update, or check the feed's health with its operator",
    ),
    "IncompleteRound": ErrorInfo(
        COMPLIANCE,
        "the proof-of-reserve feed's round {roundId} is not complete: minting waits for it",
        "retry once the round completes",
    ),
    "InvalidReserveAnswer": ErrorInfo(
        COMPLIANCE,
        "the proof-of-reserve feed answered {answer}: reserves must be positive, so nothing is "
        "minted against it",
        "check the feed with its operator",
    ),
    "FeedDecimalsMismatch": ErrorInfo(
        REFUSED,
        "the reserve feed reports {feedDecimals} decimals and the token has {tokenDecimals}: "
        "they must match",
        "use a feed with the token's decimals",
    ),
    "MinterAllowanceExceeded": ErrorInfo(
        COMPLIANCE,
        "minter {minter} may mint {allowance} more, and {needed} was asked",
        "raise its allowance with `minter configure` (MASTER_MINTER_ROLE)",
    ),
    "InsufficientReserves": ErrorInfo(
        COMPLIANCE,
        "minting {amount} onto a supply of {supply} would exceed the attested reserves after "
        "the margin, {reserves}",
        "post an attestation that covers it (`attest`), or mint less",
    ),
    "ReservesStale": ErrorInfo(
        COMPLIANCE,
        lambda raw, shown: (
            "no reserves have been attested yet: minting waits for the first attestation"
            if not raw["asOf"]
            else f"the reserve attestation as of {shown['asOf']} is older than its maximum age "
            f"of {shown['maxAge']} (chain time {shown['currentTime']}): minting stops until a "
            "fresh one"
        ),
        "post a fresh attestation with `attest` (ATTESTOR_ROLE)",
    ),
    "SupplyCapExceeded": ErrorInfo(
        COMPLIANCE, "minting {needed} onto {supply} would pass the supply cap {cap}"
    ),
    "RedemptionBelowMinimum": ErrorInfo(
        COMPLIANCE, "a redemption of {amount} is below the minimum of {minimum}"
    ),
    "InvalidReserveSource": ErrorInfo(
        REFUSED, "the reserve source {source} did not answer mintableReserves()"
    ),
    "UnknownRedemption": ErrorInfo(
        REFUSED, "there is no redemption request {id}", "list them with `redeem list`"
    ),
    "RedemptionAlreadyFulfilled": ErrorInfo(
        REFUSED, "redemption {id} was already fulfilled at {fulfilledAt}"
    ),
    "RedemptionFeeFixed": ErrorInfo(REFUSED, "the redemption fee is locked at {feeBps} bps"),
    "InvalidRedemptionFee": ErrorInfo(REFUSED, "a fee of {feeBps} bps exceeds {maxBps} bps"),
    # --- lawful orders ---------------------------------------------------------------------
    "InsufficientFrozenBalance": ErrorInfo(
        COMPLIANCE,
        "{account} has {frozen} frozen, and the order asks for {requested}: only frozen funds "
        "can be seized, burned or released",
        "freeze the account (`freeze`) or the tokens (`freeze --amount`) first",
    ),
    "FreezeExceedsBalance": ErrorInfo(
        COMPLIANCE,
        "{account} holds {balance}, {frozen} already frozen: {requested} more cannot be frozen",
    ),
    "MissingOrderReference": ErrorInfo(REFUSED, "a lawful order needs its reference"),
    "SeizureEscrowNotSet": ErrorInfo(
        REFUSED,
        "no seizure escrow is set",
        "set one with `set_seizure_escrow` (DEFAULT_ADMIN_ROLE)",
    ),
    # --- KYC input -------------------------------------------------------------------------
    "UntrustedKycProvider": ErrorInfo(
        ACCESS,
        "{signer} is not a trusted KYC provider",
        "have the admin trust it (`kyc provider ADDR`), or have a trusted provider sign",
    ),
    "CredentialExpired": ErrorInfo(
        REFUSED,
        "the signed KYC credential could be submitted until {deadline} (chain time {currentTime})",
        "have the KYC provider sign a new credential",
    ),
    "InvalidCredentialNonce": ErrorInfo(
        REFUSED,
        "the KYC credential for {account} carries nonce {given}, and {expected} is next (each "
        "credential is used once)",
        "have the KYC provider sign a credential with nonce {expected}",
    ),
    "InvalidKycTier": ErrorInfo(REFUSED, "{tier} is not a KYC tier (1-4)"),
    "InvalidJurisdiction": ErrorInfo(REFUSED, "{jurisdiction} is not an ISO 3166-1 code"),
    "InvalidKycExpiry": ErrorInfo(
        REFUSED, "a KYC expiry of {expiry} is not after the chain time {currentTime}"
    ),
    "ZeroAddress": ErrorInfo(REFUSED, "the zero address is not allowed here"),
    # --- roles -----------------------------------------------------------------------------
    "AccessControlUnauthorizedAccount": ErrorInfo(
        ACCESS,
        "{account} does not hold {neededRole}",
        "have the admin grant it (`roles grant`), or sign with a key that holds it",
    ),
    "AccessControlBadConfirmation": ErrorInfo(ACCESS, "only an account can renounce its role"),
    "AccessControlEnforcedDefaultAdminRules": ErrorInfo(
        ACCESS,
        "the default admin changes only through the two-step handover",
        "use `roles transfer-admin NEW` then, after the delay, `roles accept-admin`",
    ),
    "AccessControlInvalidDefaultAdmin": ErrorInfo(
        ACCESS, "{defaultAdmin} is not the pending default admin"
    ),
    "AccessControlEnforcedDefaultAdminDelay": ErrorInfo(
        REFUSED, "the admin handover cannot complete before {schedule}"
    ),
    "UseMinterConfiguration": ErrorInfo(
        REFUSED, "minters are managed with `minter configure` and `minter remove`"
    ),
    # --- reserve attestor ------------------------------------------------------------------
    "AttestationSignatureExpired": ErrorInfo(
        REFUSED,
        "the signed attestation could be submitted until {deadline} (chain time {currentTime})",
        "have the auditor sign it again with a later deadline",
    ),
    "AttestationIndexOutOfRange": ErrorInfo(
        REFUSED, "there is no attestation {index}: {count} are on record (numbered from 0)"
    ),
    "AttestationFromFuture": ErrorInfo(
        REFUSED, "an attestation as of {asOf} lies after the chain time {currentTime}"
    ),
    "AttestationOutdated": ErrorInfo(
        REFUSED, "an attestation as of {asOf} is older than the latest one, as of {latestAsOf}"
    ),
    "AttestationUndated": ErrorInfo(REFUSED, "an attestation needs an as-of time"),
    "ReservesExceedLimit": ErrorInfo(REFUSED, "reserves of {reserves} exceed the limit {limit}"),
    "CompositionMismatch": ErrorInfo(
        REFUSED, "the composition adds up to {sum}, not to the reserves {reserves}"
    ),
    "MarginOutOfRange": ErrorInfo(REFUSED, "margin {value} is outside [{min}, {max}]"),
    "UntrustedAuditor": ErrorInfo(ACCESS, "{signer} is not a trusted auditor"),
    "InvalidAuditorNonce": ErrorInfo(
        REFUSED, "auditor {auditor} must use nonce {expected}, not {given}"
    ),
    "NoAttestation": ErrorInfo(REFUSED, "no attestation has been posted yet"),
    "FeedNotContract": ErrorInfo(REFUSED, "{feed} has no code"),
    # --- AML transfer rules (token) --------------------------------------------------------
    "AccountSanctioned": ErrorInfo(
        COMPLIANCE,
        "{account} is on the sanctions list of the oracle {oracle}: a listed account can neither "
        "send nor receive",
        "none while it is listed; if listed in error, take it off the list (`sanctions remove`, "
        "the list's owner) or ask the oracle's operator",
    ),
    "SanctionsScreeningUnavailable": ErrorInfo(
        COMPLIANCE,
        "the sanctions oracle {oracle} did not answer for {account}, and screening fails closed",
        "repair or replace the oracle (`sanctions screening --oracle ADDR`), or let screening "
        "fail open (`sanctions screening --fail-open`) (COMPLIANCE_OFFICER_ROLE)",
    ),
    "CorridorClosed": ErrorInfo(
        COMPLIANCE,
        "transfers from jurisdiction {fromJurisdiction} to {toJurisdiction} are refused: a side "
        "is blocked, or the corridor is denied or not allowed",
        "see `corridor show {fromJurisdiction} {toJurisdiction}`; allow it with `corridor set "
        "{fromJurisdiction} {toJurisdiction} allow` or unblock the jurisdiction "
        "(COMPLIANCE_OFFICER_ROLE)",
    ),
    "TransferCapExceeded": ErrorInfo(
        COMPLIANCE,
        lambda raw, shown: (
            f"{shown['account']} ({_tier(raw['tier'])}) may send at most {shown['cap']} per "
            f"transfer, and {shown['attempted']} was asked"
        ),
        "send at most {cap}, or raise the tier's cap (`limits set --tier {tier} --cap X`) or "
        "exempt the sender (`limits exempt`) (COMPLIANCE_OFFICER_ROLE)",
    ),
    "VolumeLimitExceeded": ErrorInfo(
        COMPLIANCE,
        "{account} may send {limit} per rolling {window}: {available} is available now, and "
        "{attempted} was asked",
        "send at most {available} now, or wait while the window recovers; or raise the tier's "
        "volume limit or exempt the sender (`limits`, COMPLIANCE_OFFICER_ROLE)",
    ),
    "VelocityLimitExceeded": ErrorInfo(
        COMPLIANCE,
        "{account} may make {maxTransfers} transfers per rolling {window}: the next may go at "
        "{retryAt}",
        "wait until {retryAt}, or raise the tier's count limit or exempt the sender (`limits`, "
        "COMPLIANCE_OFFICER_ROLE)",
    ),
    "TravelRuleCommitmentMissing": ErrorInfo(
        COMPLIANCE,
        "a transfer of {amount} from {from} to {to} is at or above the travel-rule threshold "
        "{threshold}, and no VASP registered a commitment for it",
        "have the originating VASP register one for exactly this transfer (`travel-rule "
        "register`, VASP_ROLE)",
    ),
    "TravelRuleAggregateCommitmentMissing": ErrorInfo(
        COMPLIANCE,
        "a payment of {amount} from {from} to {to} is below the travel-rule threshold "
        "{threshold}, but the sender's rolling volume with it, {rollingVolume}, reaches the "
        "threshold (travel-rule aggregation), and no VASP registered a commitment for it",
        "have the originating VASP register a commitment for exactly this payment (`travel-rule "
        "register`, VASP_ROLE), or wait for the sender's rolling volume to fall below {threshold}",
    ),
    "InvalidRuleAmount": ErrorInfo(
        REFUSED,
        "{amount} is not a rule amount: caps, limits and thresholds are multiples of {unit} (at "
        "most 6 decimals), up to {maxAmount}",
    ),
    "InvalidLimitWindow": ErrorInfo(
        REFUSED,
        "a limit window of {window} is not allowed: a volume or count limit needs one from "
        "{minWindow} to {maxWindow}, and at least a second per transfer ({maxTransfers})",
    ),
    "HomeJurisdictionBlocked": ErrorInfo(
        REFUSED,
        "jurisdiction {jurisdiction} cannot be both the home jurisdiction and blocked",
        "pause the token instead of blocking the home jurisdiction; to move home to a blocked "
        "jurisdiction, unblock it first (`corridor unblock {jurisdiction}`)",
    ),
    "NotAContract": ErrorInfo(
        REFUSED,
        lambda raw, shown: (
            "the zero address is not a contract: sanctions screening needs an oracle (or every "
            "switch off), and the travel rule a registry"
            if int(str(raw["target"]), 16) == 0
            else f"{shown['target']} has no code: a contract is required here"
        ),
        "check the address: the travel-rule registry or the sanctions oracle",
    ),
    "TravelRuleRegistryNotSet": ErrorInfo(
        REFUSED,
        "the travel rule needs a commitment registry, and none is set",
        "set one with `set_travel_rule_registry` (DEFAULT_ADMIN_ROLE)",
    ),
    # --- travel-rule registry --------------------------------------------------------------
    "CommitmentAlreadyPending": ErrorInfo(
        REFUSED,
        "a commitment ({payloadHash}) is already pending for {from} → {to}, {amount}",
        "let the transfer consume it, or have the VASP that registered it cancel it first "
        "(`travel-rule cancel`)",
    ),
    "NotCommitmentRegistrant": ErrorInfo(
        ACCESS,
        "{account} did not register this commitment: only {registrant}, the VASP that did, may "
        "cancel it",
        "sign with {registrant}'s key, or ask that VASP to cancel it",
    ),
    "UnknownCommitment": ErrorInfo(REFUSED, "no commitment is pending for {from} → {to}, {amount}"),
    "InvalidPayloadHash": ErrorInfo(REFUSED, "the payload hash may not be zero"),
    "CommitmentSignatureExpired": ErrorInfo(
        REFUSED,
        "the signed commitment could be submitted until {deadline} (chain time {currentTime})",
        "have the VASP sign it again with a later deadline",
    ),
    "UntrustedVasp": ErrorInfo(
        ACCESS,
        "{signer} is not a trusted VASP (VASP_ROLE on the travel-rule registry)",
        "have the registry's admin grant it (`roles grant vasp ADDR`), or sign with a VASP's key",
    ),
    "CommitmentNonceUsed": ErrorInfo(
        REFUSED,
        "VASP {vasp} already used signature nonce {nonce}",
        "sign the commitment again with a fresh nonce",
    ),
    # --- sanctions list (Ownable2Step) -----------------------------------------------------
    "OwnableUnauthorizedAccount": ErrorInfo(
        ACCESS,
        "{account} is not the owner",
        "sign with the owner's key (the sanctions list's owner is the compliance officer)",
    ),
    "OwnableInvalidOwner": ErrorInfo(REFUSED, "{owner} cannot own the contract"),
    # --- ERC-20, EIP-2612 and signatures ---------------------------------------------------
    "ERC20InsufficientAllowance": ErrorInfo(
        COMPLIANCE,
        "{spender} may spend {allowance} of the owner's tokens, and {needed} is needed",
        "have the owner approve more (`approve` or a signed `permit`)",
    ),
    "ERC20InvalidApprover": ErrorInfo(REFUSED, "the approver may not be the zero address"),
    "ERC20InvalidSender": ErrorInfo(REFUSED, "the sender may not be the zero address"),
    "ERC20InvalidSpender": ErrorInfo(REFUSED, "the spender may not be the zero address"),
    "ERC2612ExpiredSignature": ErrorInfo(
        REFUSED, "the permit could be used until {deadline}", "sign a new permit"
    ),
    "ERC2612InvalidSigner": ErrorInfo(
        ACCESS,
        "the permit was signed by {signer}, not by the owner {owner}",
        "have the owner sign it (with the current nonce, this token's domain and chain)",
    ),
    "InvalidSmartWalletSignature": ErrorInfo(
        ACCESS,
        "the smart wallet {owner} (ERC-1271) did not accept the permit signature",
        "sign with a key the wallet accepts",
    ),
    "AccountWordPermitNonceExhausted": ErrorInfo(
        REFUSED,
        "this account has used every permit nonce it can hold (2^30)",
        "use `approve` from the account instead",
    ),
    "ECDSAInvalidSignature": ErrorInfo(REFUSED, "the signature recovers to no signer"),
    "ECDSAInvalidSignatureLength": ErrorInfo(
        REFUSED,
        lambda raw, shown: f"a signature is 65 bytes, and this one is {raw['length']}",
    ),
    "ECDSAInvalidSignatureS": ErrorInfo(
        REFUSED,
        "the signature's s value is in the upper half of the curve order (a malleable form)",
        "sign again with a standard library: they produce the low-s form",
    ),
    # --- construction and plumbing ---------------------------------------------------------
    "ExpectedPause": ErrorInfo(REFUSED, "the token is not paused: there is nothing to unpause"),
    "InvalidDecimals": ErrorInfo(
        REFUSED, "{decimals} decimals are not supported (at most {maxDecimals})"
    ),
    "InvalidShortString": ErrorInfo(REFUSED, "a name is not a valid short string"),
    "StringTooLong": ErrorInfo(
        REFUSED, lambda raw, shown: f"the text is too long for its field ({len(raw['str'])} chars)"
    ),
    "SafeCastOverflowedUintDowncast": ErrorInfo(
        REFUSED,
        lambda raw, shown: f"the value {raw['value']} does not fit in {raw['bits']} bits",
    ),
}


def _tier(tier: int) -> str:
    from compliance_kit.admin.values import TIER_NAMES

    return f"tier {tier} ({TIER_NAMES.get(tier, 'unverified')})"


#: time arguments the display module does not know by name
_EXTRA_TIMES = frozenset({"schedule", "latestAsOf", "updatedAt"})


def show_args(args: dict[str, Any], decimals: int) -> dict[str, str]:
    """Each argument as a person reads it (amounts in token units, times as dates, roles by
    name)."""
    shown: dict[str, str] = {}
    for key, value in args.items():
        if isinstance(value, bytes) and value in ROLE_BY_ID:
            shown[key] = ROLE_BY_ID[value]
        elif isinstance(value, str):
            shown[key] = value
        elif key in _EXTRA_TIMES and isinstance(value, int):
            shown[key] = show_arg("asOf", value, decimals)
        else:
            shown[key] = show_arg(key, value, decimals)
    return shown


def explain(exc: Reverted, decimals: int) -> Explanation | None:
    """``exc`` in words, or None when it is not a custom error the table knows."""
    if not isinstance(exc, CustomErrorRevert):
        return None
    info = ERRORS.get(exc.name)
    if info is None:
        return None
    shown = show_args(exc.args_by_name, decimals)
    try:
        words = (
            info.words.format(**shown)
            if isinstance(info.words, str)
            else info.words(exc.args_by_name, shown)
        )
        remedy = info.remedy.format(**shown) if info.remedy else None
    except (KeyError, IndexError):  # the error's arguments changed: fall back to the raw form
        return Explanation(exc.name, info.family, str(exc.reason), None)
    return Explanation(exc.name, info.family, words, remedy)


def family(exc: BaseException) -> str | None:
    """``compliance``, ``access`` or ``refused`` for a revert; None for anything else."""
    if not isinstance(exc, Reverted):
        return None
    if isinstance(exc, CustomErrorRevert):
        info = ERRORS.get(exc.name)
        if info is not None:
            return info.family
        if exc.name.startswith("AccessControl"):
            return ACCESS
    return REFUSED


def annotate(exc: Reverted, decimals: int, *, sent: bool, rule: str | None = None) -> None:
    """Attach the explanation to ``exc`` (``exc.explanation``, and notes shown with it);
    ``rule`` is the ERC-1404 rule a transfer-like refusal broke, in words."""
    if getattr(exc, "explanation", None) is not None:
        return
    explanation = explain(exc, decimals)
    exc.explanation = explanation  # type: ignore[attr-defined]
    if explanation is not None:
        exc.add_note(f"why: {explanation.words}")
        if rule:
            exc.add_note(f"preflight: {rule}")
        if explanation.remedy:
            exc.add_note(f"to fix: {explanation.remedy}")
    exc.add_note(
        f"the transaction was mined and reverted (tx {exc.tx_hash})"
        if sent
        else "nothing was sent: the chain refused it in simulation"
    )


__all__ = ["ACCESS", "COMPLIANCE", "ERRORS", "REFUSED", "ErrorInfo", "Explanation", "annotate"]
