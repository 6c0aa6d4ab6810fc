"""The baseline a new user writes: web3.py defaults on ``EthereumTesterProvider``.

Run as a separate process (``python -m compliance_kit.bench.naive ARTIFACT.json N``) with
eth-keys' pure-Python signer, as on a machine without coincurve: default middleware, node-side
signing (``eth_sendTransaction``), gas estimated per transaction, one block per transaction.
Prints ``{"tx_per_s": ...}``.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path


def measure(artifact: dict, transfers: int) -> float:
    from web3 import EthereumTesterProvider, Web3

    w3 = Web3(EthereumTesterProvider())
    alice, bob = list(w3.eth.accounts)[:2]
    factory = w3.eth.contract(abi=artifact["abi"], bytecode=artifact["bytecode"])
    tx_hash = factory.constructor("Plain", "PLN", 10**30).transact({"from": alice})
    address = w3.eth.wait_for_transaction_receipt(tx_hash)["contractAddress"]
    token = w3.eth.contract(address=address, abi=artifact["abi"])
    started = time.perf_counter()
    for _ in range(transfers):
        tx_hash = token.functions.transfer(bob, 1).transact({"from": alice})
        w3.eth.wait_for_transaction_receipt(tx_hash)
    elapsed = time.perf_counter() - started
    assert token.functions.balanceOf(bob).call() == transfers
    return transfers / elapsed


def main() -> None:
    artifact = json.loads(Path(sys.argv[1]).read_text())
    print(json.dumps({"tx_per_s": measure(artifact, int(sys.argv[2]))}))


if __name__ == "__main__":
    main()
