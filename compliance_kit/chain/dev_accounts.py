"""The well-known development accounts shared by the embedded chain and anvil.

Both backends derive their funded accounts from the same public test mnemonic and BIP-44 path,
so account ``i`` has the same address and key everywhere. These keys are public: never send
real value to them.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from eth_account.signers.local import LocalAccount

#: anvil's and hardhat's default test mnemonic
DEV_MNEMONIC = "test test test test test test test test test test test junk"
#: BIP-44 Ethereum path; account ``i`` is ``f"{DEV_HD_PATH}/{i}"``
DEV_HD_PATH = "m/44'/60'/0'/0"


@lru_cache(maxsize=8)
def _derive(count: int, mnemonic: str) -> tuple[LocalAccount, ...]:
    from eth_account import Account
    from eth_account.hdaccount import key_from_seed, seed_from_mnemonic

    seed = seed_from_mnemonic(mnemonic, "")
    return tuple(Account.from_key(key_from_seed(seed, f"{DEV_HD_PATH}/{i}")) for i in range(count))


def dev_accounts(count: int = 10, mnemonic: str = DEV_MNEMONIC) -> list[LocalAccount]:
    """The first ``count`` accounts of ``mnemonic`` (anvil's defaults unless told otherwise)."""
    if count < 1:
        raise ValueError("count must be at least 1")
    return list(_derive(count, mnemonic))
