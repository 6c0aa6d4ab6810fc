"""Every error compliance-kit raises, in one tree.

Code above the transaction layer never sees web3, eth-tester or py-solc-x exceptions: it sees these.
Each message is written for the person who has to act on it (which field, which rule, what to do).

    ComplianceKitError
    ├── InputError (ValueError)                 bad user input, caught before anything is sent
    │   ├── InvalidAddress
    │   └── InvalidAmount
    ├── ToolchainError                          Node/npm, solc, artifacts
    │   ├── NodeToolchainMissing
    │   ├── CompilerNotFound
    │   └── CompilationError                    each CompilerDiagnostic has file and line
    └── ChainError                              anything between us and the chain
        ├── NodeUnreachable (ConnectionError)
        ├── ChainIdMismatch
        ├── SnapshotError
        └── TransactionError
            ├── TransactionRejected             refused by the node before execution (nonce, funds)
            ├── TransactionTimeout              sent, no receipt in time (it may still be mined)
            └── Reverted                        executed (or simulated) and reverted
                ├── CustomErrorRevert           a Solidity custom error; one subclass per error name
                ├── PanicRevert                 Panic(uint256): overflow, division by zero, ...
                ├── ReasonRevert                Error(string) from require/revert("...")
                └── UnknownRevert               empty data or a selector no compiled ABI declares

Custom-error subclasses are created on first use and shared by name, so
``revert_error("ERC20InsufficientBalance")`` (or ``errors.ERC20InsufficientBalance`` from
``compliance_kit.chain.revert``) is the class to ``except`` or ``pytest.raises``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


class ComplianceKitError(Exception):
    """Root of every error raised by compliance-kit."""


# --- input -----------------------------------------------------------------------------------


class InputError(ComplianceKitError, ValueError):
    """A value supplied by the user is invalid; nothing was sent.

    ``field`` names the input (``"amount"``, ``"to"``, ``"rpc_url"``) so a form, CLI or
    scenario loader can point at it.
    """

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")


class InvalidAddress(InputError):
    """Not a 20-byte hex address, or a mixed-case address whose EIP-55 checksum is wrong."""


class InvalidAmount(InputError):
    """Negative, not a number, more decimals than the token has, or beyond uint256."""


# --- toolchain -------------------------------------------------------------------------------


class ToolchainError(ComplianceKitError):
    """The Solidity toolchain (Node/npm packages, solc) is missing or failed."""


class NodeToolchainMissing(ToolchainError):
    """Node.js, npm or the pinned npm packages are not installed."""


class CompilerNotFound(ToolchainError):
    """No usable solc of the pinned version could be found, installed or adapted.

    ``attempts`` lists each resolution step and why it did not give a compiler.
    """

    def __init__(self, message: str, attempts: list[str] | None = None) -> None:
        self.attempts = list(attempts or [])
        super().__init__(message)


@dataclass(frozen=True)
class CompilerDiagnostic:
    """One error or warning reported by solc, located in a source file."""

    severity: str
    message: str
    file: str | None = None
    line: int | None = None
    column: int | None = None
    error_type: str = "Error"
    formatted: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}: " if self.file and self.line else ""
        return f"{where}{self.error_type}: {self.message}"


class CompilationError(ToolchainError):
    """solc rejected the sources; ``diagnostics`` holds each error with its file and line."""

    def __init__(self, diagnostics: list[CompilerDiagnostic], compiler: str = "solc") -> None:
        self.diagnostics = diagnostics
        self.compiler = compiler
        lines = "\n".join(f"  {d}" for d in diagnostics)
        super().__init__(f"{compiler} reported {len(diagnostics)} error(s):\n{lines}")


# --- chain -----------------------------------------------------------------------------------


class ChainError(ComplianceKitError):
    """Something went wrong between compliance-kit and the chain."""


class NodeUnreachable(ChainError, ConnectionError):
    """The JSON-RPC node did not answer (down, wrong URL, firewall)."""


class ChainIdMismatch(ChainError):
    """The node reports a different chain id than the one configured or recorded."""

    def __init__(self, expected: int, actual: int, where: str = "node") -> None:
        self.expected = expected
        self.actual = actual
        super().__init__(
            f"{where} is on chain id {actual}, expected {expected}: check the RPC URL "
            "or the chain id in your configuration"
        )


class SnapshotError(ChainError):
    """A snapshot could not be taken or reverted to (unknown id, or already consumed)."""


class TransactionError(ChainError):
    """A transaction could not be completed."""


class TransactionRejected(TransactionError):
    """The node refused the transaction before executing it (bad nonce, no funds, gas cap)."""


class TransactionTimeout(TransactionError):
    """The transaction was sent but no receipt arrived in time; it may still be mined."""

    def __init__(self, tx_hash: str, timeout: float) -> None:
        self.tx_hash = tx_hash
        self.timeout = timeout
        super().__init__(
            f"no receipt for {tx_hash} after {timeout:g}s; it may still be mined: "
            "check it before sending again"
        )


class Reverted(TransactionError):
    """The EVM reverted. ``data`` is the raw revert payload; ``tx_hash`` is set when mined.

    ``mined`` tells whether the failure is on-chain (a receipt with ``status == 0``, gas spent)
    or was caught by simulation before anything was sent.
    """

    def __init__(
        self,
        message: str,
        *,
        data: bytes = b"",
        tx_hash: str | None = None,
        gas_used: int | None = None,
        contract: str | None = None,
        function: str | None = None,
    ) -> None:
        self.data = data
        self.tx_hash = tx_hash
        self.gas_used = gas_used
        self.contract = contract
        self.function = function
        self.reason = message
        super().__init__(self._describe(message))

    @property
    def mined(self) -> bool:
        return self.tx_hash is not None

    def _describe(self, message: str) -> str:
        where = ".".join(p for p in (self.contract, self.function) if p)
        prefix = f"{where} reverted" if where else "reverted"
        suffix = f" (tx {self.tx_hash})" if self.tx_hash else ""
        return f"{prefix}: {message}{suffix}"


class CustomErrorRevert(Reverted):
    """A Solidity custom error, decoded from the ABI of the compiled contracts.

    ``name`` is the error name, ``signature`` its canonical signature, ``args`` maps each
    parameter name to its decoded value (``arg0``, ``arg1`` ... for unnamed parameters).
    """

    name: str = ""
    signature: str = ""

    def __init__(self, signature: str, args: dict[str, Any], **kwargs: Any) -> None:
        self.signature = signature
        self.name = signature.split("(", 1)[0]
        self.args_by_name = dict(args)
        shown = ", ".join(f"{k}={format_value(v)}" for k, v in args.items())
        super().__init__(f"{self.name}({shown})", **kwargs)

    def __getitem__(self, key: str) -> Any:
        return self.args_by_name[key]


class PanicRevert(Reverted):
    """A Solidity ``Panic(uint256)``: an assertion, overflow, division by zero, bad index ..."""

    def __init__(self, code: int, meaning: str, **kwargs: Any) -> None:
        self.code = code
        self.meaning = meaning
        super().__init__(f"Panic(0x{code:02x}): {meaning}", **kwargs)


class ReasonRevert(Reverted):
    """A revert with a reason string (``Error(string)``)."""

    def __init__(self, reason_text: str, **kwargs: Any) -> None:
        self.reason_text = reason_text
        super().__init__(f"Error({reason_text!r})", **kwargs)


class UnknownRevert(Reverted):
    """A revert with no data, or with a selector that no compiled contract declares."""

    def __init__(self, data: bytes, **kwargs: Any) -> None:
        message = (
            "no revert data (out of gas, invalid opcode, or a bare revert())"
            if not data
            else f"unknown error selector 0x{data[:4].hex()} (data 0x{data.hex()})"
        )
        super().__init__(message, data=data, **kwargs)


_error_classes: dict[str, type[CustomErrorRevert]] = {}


def revert_error(name: str) -> type[CustomErrorRevert]:
    """The exception class for the Solidity custom error ``name`` (created once, then shared)."""
    if not name.isidentifier():
        raise ValueError(f"not a Solidity error name: {name!r}")
    cls = _error_classes.get(name)
    if cls is None:
        cls = type(name, (CustomErrorRevert,), {"__module__": "compliance_kit.errors"})
        _error_classes[name] = cls
    return cls


def format_value(value: Any) -> str:
    """A decoded ABI value as error messages print it: bytes as 0x-hex, text quoted."""
    if isinstance(value, bytes):
        return "0x" + value.hex()
    return repr(value) if isinstance(value, str) and not value.startswith("0x") else str(value)
