"""Assertions shared by the contract suites: exact reverts and exact event lists."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from compliance_kit.pytest_plugin import RevertExpectation
from compliance_kit.pytest_plugin import reverts as ck_reverts

if TYPE_CHECKING:
    from compliance_kit.chain.base import Receipt
    from compliance_kit.contracts import Contract


@contextmanager
def reverts(name: str, **expected: Any) -> Iterator[RevertExpectation]:
    """Expect the custom error ``name`` with exactly the arguments ``expected`` (all of them).

    The plugin's ``ck_reverts`` (the same matching and failure messages users get), made strict
    for the contract suites: an argument left unnamed fails too.
    ``with reverts("ERC20InsufficientBalance", sender=a, balance=5, needed=7): ...``
    """
    with ck_reverts(name, **expected) as caught:
        yield caught
    unnamed = sorted(set(caught.value.args_by_name) - set(expected))  # type: ignore[attr-defined]
    assert not unnamed, f"{name}: name every argument (also {', '.join(unnamed)})"


def assert_events(
    contract: Contract, receipt: Receipt, expected: list[tuple[str, dict[str, Any]]]
) -> None:
    """``contract`` emitted exactly ``expected`` in ``receipt``: names, order, every field."""
    actual = [(event.name, event.args) for event in contract.events(receipt)]
    assert actual == expected, f"events emitted:\n  {actual}\nexpected:\n  {expected}"
