"""Chains the kit runs on, and the one transaction path over them.

    from compliance_kit.chain import Transactor, connect

    chain = connect()                          # in-process Embedded chain
    chain = connect("http://127.0.0.1:8545")   # any JSON-RPC node (Rpc)

Importing this package stays light: web3, eth-tester and py-evm load on first use.
"""

from __future__ import annotations

from typing import Any

from compliance_kit.chain.anvil import AnvilProcess
from compliance_kit.chain.base import CallRequest, Chain, Log, Receipt
from compliance_kit.chain.embedded import Embedded
from compliance_kit.chain.revert import ErrorRegistry
from compliance_kit.chain.rpc import Rpc
from compliance_kit.chain.tx import Transactor, TxContext


def connect(rpc_url: str | None = None, **kw: Any) -> Chain:
    """A fresh :class:`Embedded` chain without a URL, else :class:`Rpc` on ``rpc_url``.

    ``kw`` goes to the backend (``accounts``, ``expected_chain_id``, ``timeout`` for Rpc;
    ``accounts`` count and ``mnemonic`` for Embedded).
    """
    if rpc_url is None:
        return Embedded(**kw)
    return Rpc(rpc_url, **kw)


__all__ = [
    "AnvilProcess",
    "CallRequest",
    "Chain",
    "Embedded",
    "ErrorRegistry",
    "Log",
    "Receipt",
    "Rpc",
    "Transactor",
    "TxContext",
    "connect",
]
