"""The ERC-20 behaviour suite (``tests/behaviors/erc20.py``) run against the kit's tokens.

It runs against OpenZeppelin's plain ERC20 too: the same suite passing on the reference
implementation shows that its expectations are EIP-20 + OpenZeppelin 5 semantics, not quirks of
the ComplianceStablecoin.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from behaviors.erc20 import ERC20Behaviour, ERC20Subject
from behaviors.stablecoin import DECIMALS, NAME, SYMBOL

if TYPE_CHECKING:
    from behaviors.stablecoin import StablecoinEnv


class TestComplianceStablecoinIsAnERC20(ERC20Behaviour):
    @pytest.fixture
    def erc20(self, env: StablecoinEnv) -> ERC20Subject:
        # alice is funded; bob (funded) and carol (no balance) are verified, nobody is frozen
        a = env.actors
        return ERC20Subject(env.token, env.chain, NAME, SYMBOL, DECIMALS, a.alice, a.bob, a.carol)


class TestPlainERC20IsAnERC20(ERC20Behaviour):
    @pytest.fixture
    def erc20(self, env: StablecoinEnv) -> ERC20Subject:
        a = env.actors
        return ERC20Subject(
            env.plain_erc20, env.chain, "Plain USD", "PUSD", 18, a.alice, a.bob, a.carol
        )
