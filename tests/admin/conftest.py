"""The issuer toolkit on the embedded chain with the kit's contracts (the ``ck_`` fixtures).

``admin`` signs with every dev account (each action picks the one holding its role); ``funded``
adds 10,000,000 of attested reserves and 1,000 tokens minted to alice. Every test runs between
a snapshot and a revert (the pytest plugin), so nothing leaks between tests.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import pytest

from compliance_kit.admin import IssuerAdmin

if TYPE_CHECKING:
    from compliance_kit.chain.base import Chain
    from compliance_kit.pytest_plugin import Actors
    from compliance_kit.system import DeployedSystem


@pytest.fixture
def admin(ck_system: DeployedSystem, ck_chain: Chain) -> IssuerAdmin:
    return IssuerAdmin(ck_system, ck_chain.accounts)


@pytest.fixture
def funded(admin: IssuerAdmin, ck_actors: Actors) -> IssuerAdmin:
    """Reserves of 10,000,000 attested now, 1,000 minted to alice."""
    admin.attest("10_000_000", "reserve report")
    admin.mint(ck_actors.alice.address, "1000")
    return admin


@pytest.fixture
def nothing_sent(ck_chain: Chain) -> Callable[[], object]:
    """``with nothing_sent():`` fails if a block is mined or any dev account's nonce moves."""

    @contextmanager
    def check() -> Iterator[None]:
        before = _chain_state(ck_chain)
        yield
        assert _chain_state(ck_chain) == before, "something was sent"

    return check


def _chain_state(chain: Chain) -> tuple[int, tuple[int, ...]]:
    return chain.block_number(), tuple(chain.get_nonce(a.address) for a in chain.accounts)
