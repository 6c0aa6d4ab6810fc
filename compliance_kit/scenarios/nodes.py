"""Scenarios on a JSON-RPC dev node (anvil; hardhat without exact timing): what the runner needs
from the node, and what a node fault is.

A scenario addresses up to 30 accounts (10 role holders, 20 actors). The embedded chain has them;
anvil funds 10 by default, so the dev mnemonic's next accounts (the same keys the embedded chain
uses, public test keys) are given ether (``anvil_setBalance``) before the first deployment. Only
on a dev node: snapshots and time travel need one anyway, and those keys must never hold real
value.

Time: the embedded chain stamps each block one second after the previous one; anvil stamps them
with the wall clock unless told otherwise, which would make rolling-window numbers depend on how
fast the run is. :func:`prepare_node` sets anvil's block-timestamp interval to one second
(``anvil_setBlockTimestampInterval``), so a story reads the same numbers on both chains.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from compliance_kit.exceptions import (
    ChainError,
    NodeUnreachable,
    TransactionTimeout,
)
from compliance_kit.scenarios import schema as s

if TYPE_CHECKING:
    from eth_account.signers.local import LocalAccount

    from compliance_kit.chain.base import Chain

#: accounts a scenario may address: the role holders, then the declared actors
NEEDED_ACCOUNTS = len(s.ROLE_ACTORS) + s.MAX_ACTORS
#: ether given to each extra dev account on a node (gas for a story's transactions)
FUNDING = 100 * 10**18


def is_node_fault(exc: BaseException) -> bool:
    """Whether ``exc`` means the node stopped answering (down, unreachable, no receipt in
    time), as opposed to an answer the story can judge."""
    return isinstance(exc, NodeUnreachable | TransactionTimeout)


def dev_namespace(chain: Chain) -> str | None:
    """``"anvil"`` / ``"hardhat"`` for a dev node behind JSON-RPC, None otherwise."""
    return getattr(chain, "dev_namespace", None)


def dev_request(chain: Chain, method: str, *params: Any) -> Any:
    """A dev-node control the :class:`~compliance_kit.chain.rpc.Rpc` interface does not wrap
    (``anvil_setBlockTimestampInterval``); a transport failure is ``NodeUnreachable``."""
    from web3.exceptions import Web3RPCError
    from web3.types import RPCEndpoint

    try:
        return chain.w3.manager.request_blocking(RPCEndpoint(method), list(params))
    except Web3RPCError as exc:
        raise ChainError(f"{method} failed: {exc}") from None
    except OSError as exc:  # requests' ConnectionError, Timeout ... are OSErrors
        url = getattr(chain, "url", "the node")
        raise NodeUnreachable(f"no JSON-RPC node answers at {url} ({method}): {exc}") from None


def prepare_node(chain: Chain) -> list[LocalAccount]:
    """Make a JSON-RPC dev node fit for scenarios (once per chain, before any deployment):
    one-second blocks on anvil, and :data:`NEEDED_ACCOUNTS` funded accounts. Returns the
    accounts (role holders first). The embedded chain is returned as it is."""
    accounts = chain.accounts
    namespace = dev_namespace(chain)
    if namespace is None:
        if hasattr(chain, "url"):  # a JSON-RPC node that is no dev node
            raise ChainError(
                f"the node at {getattr(chain, 'url', '?')} is not a dev node (anvil or hardhat): "
                "scenarios need snapshots, time travel and the public test accounts"
            )
        return accounts
    if namespace == "anvil":
        dev_request(chain, "anvil_setBlockTimestampInterval", 1)
    if len(accounts) >= NEEDED_ACCOUNTS:
        return accounts
    from compliance_kit.chain.dev_accounts import dev_accounts

    dev = dev_accounts(NEEDED_ACCOUNTS)
    if [a.address for a in accounts] != [a.address for a in dev[: len(accounts)]] or not accounts:
        raise ChainError(
            f"the scenarios need {NEEDED_ACCOUNTS} accounts of the dev mnemonic; the node "
            f"offers {len(accounts)} others: start anvil with its default mnemonic "
            f"(or --accounts {NEEDED_ACCOUNTS})"
        )
    for account in dev[len(accounts) :]:
        if chain.get_balance(account.address) < FUNDING // 2:
            dev_request(chain, f"{namespace}_setBalance", account.address, hex(FUNDING))
    return dev


def release_node(chain: Chain) -> None:
    """Undo :func:`prepare_node`'s node settings (anvil's timestamp interval)."""
    if dev_namespace(chain) == "anvil":
        dev_request(chain, "anvil_removeBlockTimestampInterval")


__all__ = [
    "FUNDING",
    "NEEDED_ACCOUNTS",
    "dev_namespace",
    "dev_request",
    "is_node_fault",
    "prepare_node",
    "release_node",
]
