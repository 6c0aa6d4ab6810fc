"""Assertions shared by the contract suites: exact reverts and exact event lists."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import pytest

from compliance_kit.exceptions import CustomErrorRevert, revert_error

if TYPE_CHECKING:
    from compliance_kit.chain.base import Receipt
    from compliance_kit.contracts import Contract


@contextmanager
def reverts(name: str, **expected: Any) -> Iterator[pytest.ExceptionInfo[CustomErrorRevert]]:
    """Expect the custom error ``name`` with exactly the arguments ``expected`` (all of them).

    ``with reverts("ERC20InsufficientBalance", sender=a, balance=5, needed=7): ...``
    """
    with pytest.raises(revert_error(name)) as caught:
        yield caught
    assert caught.value.args_by_name == expected, f"{name} arguments"


def assert_events(
    contract: Contract, receipt: Receipt, expected: list[tuple[str, dict[str, Any]]]
) -> None:
    """``contract`` emitted exactly ``expected`` in ``receipt``: names, order, every field."""
    actual = [(event.name, event.args) for event in contract.events(receipt)]
    assert actual == expected, f"events emitted:\n  {actual}\nexpected:\n  {expected}"
