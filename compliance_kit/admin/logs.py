"""Reading a long-lived chain's logs in pages of blocks, and the blocks' times.

Nodes cap ``eth_getLogs`` (by block range or by result count); a page the node refuses is split in
halves until it answers, so a scan from the deployment block works on any RPC node.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from compliance_kit.exceptions import ChainError, InputError, NodeUnreachable

if TYPE_CHECKING:
    from compliance_kit.chain.base import Chain, Log

#: blocks per ``eth_getLogs`` request unless told otherwise
PAGE_SIZE = 2_000


def scan_logs(
    chain: Chain,
    addresses: Sequence[str],
    from_block: int,
    to_block: int | None = None,
    page_size: int = PAGE_SIZE,
) -> Iterator[tuple[int, str, Log]]:
    """Every log of ``addresses`` in ``[from_block, to_block]`` (default: the latest block), in
    chain order, as ``(block, tx_hash, log)``, fetched ``page_size`` blocks at a time."""
    if isinstance(page_size, bool) or not isinstance(page_size, int) or page_size < 1:
        raise InputError("page_size", f"{page_size!r}: must be a whole number of blocks, 1 or more")
    if from_block < 0:
        raise InputError("from_block", f"{from_block} is not a block number")
    latest = chain.block_number()
    end = latest if to_block is None else min(to_block, latest)
    if to_block is not None and to_block < from_block:
        raise InputError("to_block", f"{to_block} is before from_block {from_block}")
    start = from_block
    while start <= end:
        stop = min(start + page_size - 1, end)
        yield from _page(chain, list(addresses), start, stop)
        start = stop + 1


def _page(chain: Chain, addresses: list[str], start: int, stop: int) -> list[tuple[int, str, Log]]:
    try:
        found = chain.get_logs(start, stop, addresses)
    except NodeUnreachable:
        raise
    except ChainError:
        if stop == start:
            raise
        middle = (start + stop) // 2  # the node refused the range or the result size: split
        return _page(chain, addresses, start, middle) + _page(chain, addresses, middle + 1, stop)
    return sorted(found, key=lambda item: (item[0], item[2].log_index))


class BlockTimes:
    """Block number → timestamp, fetched once per block."""

    def __init__(self, chain: Chain) -> None:
        self.chain = chain
        self._known: dict[int, int] = {}

    def __call__(self, number: int) -> int:
        if number not in self._known:
            self._known[number] = self._fetch(number)
        return self._known[number]

    def _fetch(self, number: int) -> int:
        try:
            block = self.chain.w3.eth.get_block(number)
        except NodeUnreachable:
            raise
        except Exception as exc:  # web3 / transport errors leave as the kit's errors
            if isinstance(exc, ConnectionError | OSError) or "connect" in str(exc).lower():
                raise NodeUnreachable(f"could not read block {number}: {exc}") from None
            raise ChainError(f"could not read block {number}: {exc}") from None
        return int(block["timestamp"])


__all__ = ["PAGE_SIZE", "BlockTimes", "scan_logs"]
