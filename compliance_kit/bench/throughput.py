"""``compliance-kit bench throughput``: the kit's transaction path against web3.py defaults.

All runs use the same compiled OpenZeppelin ERC-20 (``PlainERC20``) and the same number of
``transfer`` transactions, each on a fresh embedded chain:

- ``naive``: web3.py defaults on EthereumTesterProvider without coincurve (see ``naive.py``);
- ``kit``: the kit's default path (local signing, no middleware, py-evm driven directly,
  one block per transaction, every receipt checked);
- ``kit_batched``: the same path with automine off, many transactions per block, every
  transaction's receipt still checked individually (how scenario steps can run).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from compliance_kit.build import Artifact, compile_contracts
from compliance_kit.chain.embedded import Embedded
from compliance_kit.chain.tx import Transactor
from compliance_kit.contracts import deploy

BENCH_CONTRACT = "PlainERC20"


@dataclass(frozen=True)
class ThroughputResult:
    transfers: int
    naive_tx_per_s: float
    kit_tx_per_s: float
    ratio: float
    kit_batched_tx_per_s: float
    batched_ratio: float


def kit_tx_per_s(artifact: Artifact, transfers: int, *, batched: bool) -> float:
    """Transfers per second through the kit's Transactor on a fresh embedded chain."""
    chain = Embedded()
    transactor = Transactor(chain, [artifact.abi])
    alice, bob = chain.accounts[:2]
    token = deploy(transactor, artifact, "Plain", "PLN", 10**30, sender=alice)
    started = time.perf_counter()
    if batched:
        chain.automine = False
        pending = [token.fn.transfer(bob.address, 1).send(alice) for _ in range(transfers)]
        for tx in pending:
            transactor.confirm(tx)  # each step's own receipt and status
        chain.mine_pending()
    else:
        for _ in range(transfers):
            token.fn.transfer(bob.address, 1).transact(alice)
    elapsed = time.perf_counter() - started
    if token.fn.balanceOf(bob.address).call() != transfers:
        raise RuntimeError("benchmark transfers did not all land")
    return transfers / elapsed


def naive_tx_per_s(artifact: Artifact, transfers: int) -> float:
    """Transfers per second with web3.py defaults, in a process without coincurve signing."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "artifact.json"
        path.write_text(json.dumps({"abi": artifact.abi, "bytecode": artifact.bytecode.hex()}))
        env = {**os.environ, "ECC_BACKEND_CLASS": "eth_keys.backends.NativeECCBackend"}
        out = subprocess.run(
            [sys.executable, "-m", "compliance_kit.bench.naive", str(path), str(transfers)],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
    return float(json.loads(out.stdout.strip().splitlines()[-1])["tx_per_s"])


def run(transfers: int = 300) -> ThroughputResult:
    artifact = compile_contracts()[BENCH_CONTRACT]
    naive = naive_tx_per_s(artifact, transfers)
    kit = kit_tx_per_s(artifact, transfers, batched=False)
    batched = kit_tx_per_s(artifact, transfers, batched=True)
    return ThroughputResult(
        transfers=transfers,
        naive_tx_per_s=round(naive, 1),
        kit_tx_per_s=round(kit, 1),
        ratio=round(kit / naive, 2),
        kit_batched_tx_per_s=round(batched, 1),
        batched_ratio=round(batched / naive, 2),
    )


def as_json(result: ThroughputResult) -> str:
    return json.dumps(asdict(result))
