"""Exit codes by family, and how an error reads on the terminal.

| code | family | when |
|---|---|---|
| 0 | success | |
| 1 | failed | a transaction reverted for another reason, a scenario expectation failed |
| 2 | usage / input | unknown option, invalid address or amount, unknown profile, bad CSV row |
| 3 | environment | node down or unreachable, wrong chain id, toolchain (Node.js, solc, anvil) |
| 4 | configuration | no node configured, settings file, manifest, signing key |
| 5 | compliance refusal | the token's rules refuse it (KYC, freeze, pause, balance, reserves) |
| 6 | access | no signer holds the role the action needs |

Nothing here imports web3: the classes are imported when an error is being classified.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_INPUT = 2
EXIT_ENVIRONMENT = 3
EXIT_CONFIG = 4
EXIT_REFUSED = 5
EXIT_ACCESS = 6

#: code -> (family, when)
EXIT_CODES: dict[int, tuple[str, str]] = {
    EXIT_OK: ("ok", "success"),
    EXIT_FAILED: ("failed", "a transaction reverted for another reason, or a check failed"),
    EXIT_INPUT: ("usage", "bad usage or input (address, amount, profile, CSV row): nothing sent"),
    EXIT_ENVIRONMENT: ("environment", "node down or unreachable, wrong chain, toolchain missing"),
    EXIT_CONFIG: ("configuration", "no node configured, settings file, manifest, signing key"),
    EXIT_REFUSED: ("compliance refusal", "the token's rules refuse it (KYC, freeze, pause, ...)"),
    EXIT_ACCESS: ("access", "no signer holds the role the action needs"),
}


def exit_code(exc: BaseException) -> int:
    """The exit code of an error (see the table above)."""
    from compliance_kit.admin.errors import AccessDenied, BatchFailed
    from compliance_kit.admin.explain import ACCESS, COMPLIANCE, family
    from compliance_kit.exceptions import (
        ChainError,
        ComplianceKitError,
        InputError,
        Reverted,
        ToolchainError,
    )
    from compliance_kit.settings import ConfigError
    from compliance_kit.system import DeploymentFailed, ManifestError

    if isinstance(exc, BatchFailed | DeploymentFailed):
        return exit_code(exc.cause)
    if isinstance(exc, InputError):
        return EXIT_INPUT
    if isinstance(exc, ConfigError | ManifestError):
        return EXIT_CONFIG
    if isinstance(exc, AccessDenied):
        return EXIT_ACCESS
    if isinstance(exc, Reverted):
        kind = family(exc)
        return {COMPLIANCE: EXIT_REFUSED, ACCESS: EXIT_ACCESS}.get(kind or "", EXIT_FAILED)
    if isinstance(exc, ToolchainError | ChainError):
        return EXIT_ENVIRONMENT
    if isinstance(exc, ComplianceKitError):
        return EXIT_FAILED
    return EXIT_FAILED


def error_lines(exc: BaseException) -> list[str]:
    """The message: ``error: ...`` first, then indented explanations (``why``, ``to fix``)."""
    from compliance_kit.exceptions import ComplianceKitError

    if isinstance(exc, ComplianceKitError):
        text = str(exc)
    else:
        text = f"unexpected {type(exc).__name__}: {exc} (run with --debug for the traceback)"
    lines = [f"error: {text}"]
    cause = getattr(exc, "cause", None)
    notes = getattr(cause if isinstance(cause, BaseException) else exc, "__notes__", None) or []
    lines.extend(f"  {note}" for note in notes)
    return lines


__all__ = [
    "EXIT_ACCESS",
    "EXIT_CODES",
    "EXIT_CONFIG",
    "EXIT_ENVIRONMENT",
    "EXIT_FAILED",
    "EXIT_INPUT",
    "EXIT_OK",
    "EXIT_REFUSED",
    "error_lines",
    "exit_code",
]
