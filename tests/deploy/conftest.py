"""One embedded chain and the kit's contracts for the deployment suites; a snapshot per test."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from compliance_kit.chain import Embedded

if TYPE_CHECKING:
    from compliance_kit.build import ArtifactSet

#: the dev roles take accounts 0-9; 10+ are bystanders
ACCOUNTS = 12


@pytest.fixture(scope="session")
def kit_artifacts() -> ArtifactSet:
    """The kit's contracts (the on-disk cache makes a warm build take milliseconds)."""
    from compliance_kit.build import compile_contracts

    return compile_contracts()


@pytest.fixture(scope="session")
def session_chain() -> Iterator[Embedded]:
    with Embedded(accounts=ACCOUNTS) as chain:
        yield chain


@pytest.fixture
def chain(session_chain: Embedded) -> Iterator[Embedded]:
    """The session chain, isolated: snapshot before the test, revert after."""
    with session_chain.isolated():
        yield session_chain
