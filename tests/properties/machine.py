"""The common ground of the stateful tests: a rule-based state machine on the session chain."""

from __future__ import annotations

from contextlib import ExitStack
from typing import TYPE_CHECKING, ClassVar

from behaviors.stablecoin import next_timestamp
from hypothesis.stateful import RuleBasedStateMachine

if TYPE_CHECKING:
    from compliance_kit.chain import Embedded


class ChainMachine(RuleBasedStateMachine):
    """Every example starts from a snapshot of ``chain`` and is reverted to it afterwards;
    ``stats`` (each machine class its own) counts what happened across the examples."""

    stats: ClassVar[dict[str, int]]

    def __init__(self, chain: Embedded) -> None:
        super().__init__()
        self.chain = chain
        self._undo = ExitStack()
        self._undo.enter_context(chain.isolated())
        self._count("examples")

    def teardown(self) -> None:
        self._undo.close()

    @classmethod
    def _count(cls, key: str, n: int = 1) -> None:
        cls.stats[key] = cls.stats.get(key, 0) + n

    def _now(self) -> int:
        """The ``block.timestamp`` the next transaction will see."""
        return next_timestamp(self.chain)
