"""Helpers of the reliability suites: hypothesis budgets, chain state, the named accounts."""

from __future__ import annotations

import os
from dataclasses import fields
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from eth_account.signers.local import LocalAccount

    from compliance_kit.chain.base import Chain
    from compliance_kit.pytest_plugin import Actors

#: ``CK_DEEP=1``: the deep profile (more hypothesis examples), as in tests/properties
DEEP = os.environ.get("CK_DEEP") == "1"


def examples(quick: int, deep: int | None = None) -> int:
    """Hypothesis ``max_examples``: ``quick`` by default, ``deep`` (10x) under ``CK_DEEP=1``."""
    return (deep if deep is not None else 10 * quick) if DEEP else quick


def chain_state(chain: Chain) -> tuple[int, tuple[int, ...]]:
    """The latest block number and the nonce of every account the chain signs for."""
    return chain.block_number(), tuple(chain.get_nonce(a.address) for a in chain.accounts)


def named_accounts(actors: Actors) -> list[tuple[str, LocalAccount]]:
    """Every named account of the ``ck_`` fixtures: the ten role holders, alice, bob, mallory."""
    return [(f.name, getattr(actors, f.name)) for f in fields(actors)]
