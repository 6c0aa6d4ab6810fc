"""``compliance-kit``: the command line, thin over the Python API.

Exit codes by family (see :mod:`compliance_kit.cli.errors`): 0 success · 1 failed (a revert for
another reason, a failed check) · 2 usage or bad input · 3 environment (node down, wrong chain,
toolchain) · 4 configuration (no node configured, settings, manifest, key) · 5 compliance refusal
· 6 access (role missing). Errors print ``error: ...`` and, for reverts, why and what to do;
``--debug`` shows the traceback.

One module per command group; heavy libraries (web3, py-evm) are imported inside commands so
``--help`` answers at once.
"""

from __future__ import annotations

from importlib import import_module

from compliance_kit.cli.app import CommandFailed, app
from compliance_kit.cli.errors import (
    EXIT_ACCESS,
    EXIT_CONFIG,
    EXIT_ENVIRONMENT,
    EXIT_FAILED,
    EXIT_INPUT,
    EXIT_OK,
    EXIT_REFUSED,
)

#: modules that register commands on ``app``, in the order ``--help`` lists them
COMMAND_MODULES = (
    "core",
    "deploy_cmd",
    "node_cmd",
    "read_cmds",
    "kyc_cmds",
    "token_cmds",
    "orders_cmds",
    "reserves_cmds",
    "redeem_cmds",
    "roles_cmds",
    "aml_cmds",
    "audit_cmds",
)
for _module in COMMAND_MODULES:
    import_module(f"compliance_kit.cli.{_module}")


def main() -> None:
    """Console-script entry point (errors become messages and exit codes inside ``app``)."""
    app()


__all__ = [
    "EXIT_ACCESS",
    "EXIT_CONFIG",
    "EXIT_ENVIRONMENT",
    "EXIT_FAILED",
    "EXIT_INPUT",
    "EXIT_OK",
    "EXIT_REFUSED",
    "CommandFailed",
    "app",
    "main",
]
