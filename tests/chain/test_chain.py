"""The Chain interface on both backends: reads, snapshots, time, mining, nonces, events."""

from __future__ import annotations

import subprocess
import sys
from typing import TYPE_CHECKING, Any

import pytest
from eth_account import Account

from compliance_kit.chain import (
    AnvilProcess,
    CallRequest,
    Chain,
    Embedded,
    Rpc,
    Transactor,
    connect,
)
from compliance_kit.chain.dev_accounts import dev_accounts
from compliance_kit.contracts import Contract, deploy
from compliance_kit.exceptions import SnapshotError, TransactionRejected, revert_error

if TYPE_CHECKING:
    from conftest import Deployment
    from eth_account.signers.local import LocalAccount

    from compliance_kit.build import ArtifactSet


# --- reads -------------------------------------------------------------------------------------
def test_reads(chain: Chain, deployment: Deployment, accounts: list[LocalAccount]) -> None:
    assert len(accounts) == 10
    assert accounts[0].address == "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"  # anvil's #0
    assert chain.block_number() == deployment.block
    assert chain.get_balance(accounts[1].address) > 10**18
    assert chain.get_code(accounts[1].address) == b""
    assert len(chain.get_code(deployment.probe.address)) > 100
    assert chain.timestamp() > 1_600_000_000
    max_fee, tip = chain.fees()
    assert max_fee > tip > 0


def test_w3_is_on_the_same_chain(chain: Chain, backend: str) -> None:
    assert chain.w3.eth.chain_id == chain.chain_id
    if backend == "anvil":
        assert chain.chain_id == 31337
    assert chain.w3.eth.block_number == chain.block_number()


# --- snapshots ---------------------------------------------------------------------------------
def test_revert_undoes_state_changes(
    chain: Chain, probe: Contract, accounts: list[LocalAccount]
) -> None:
    snapshot = chain.snapshot()
    block = chain.block_number()
    probe.fn.setValue(42).transact(accounts[0])
    assert probe.fn.value().call() == 42

    chain.revert(snapshot)

    assert probe.fn.value().call() == 0
    assert chain.block_number() == block


def test_nested_snapshots(chain: Chain, probe: Contract, accounts: list[LocalAccount]) -> None:
    outer = chain.snapshot()
    probe.fn.setValue(1).transact(accounts[0])
    inner = chain.snapshot()
    probe.fn.setValue(2).transact(accounts[0])

    chain.revert(inner)
    assert probe.fn.value().call() == 1
    chain.revert(inner)  # a snapshot stays usable after reverting to it
    assert probe.fn.value().call() == 1

    chain.revert(outer)
    assert probe.fn.value().call() == 0
    with pytest.raises(SnapshotError, match="discarded"):
        chain.revert(inner)  # reverting to an older snapshot discards the later ones

    probe.fn.setValue(3).transact(accounts[0])
    chain.revert(outer)
    assert probe.fn.value().call() == 0


def test_unknown_snapshot_id(chain: Chain) -> None:
    with pytest.raises(SnapshotError, match="no snapshot 987654"):
        chain.revert(987_654)


def _assert_pristine(deployment: Deployment, accounts: list[LocalAccount]) -> None:
    chain, probe = deployment.chain, deployment.probe
    assert chain.block_number() == deployment.block
    assert probe.fn.value().call() == 0
    assert probe.fn.ticks().call() == 0
    assert chain.get_nonce(accounts[0].address) == 1  # it deployed the probe, nothing else
    assert deployment.token.fn.balanceOf(accounts[1].address).call() == 0


def _wait_for_not_before(deployment: Deployment) -> None:
    chain = deployment.chain
    chain.advance_time(deployment.probe.fn.notBefore().call() - chain.timestamp())


# The next two tests would collide if isolation failed: each expects the untouched deployment
# and leaves changes behind (value, ticks, nonces, a token withdrawal, time).
def test_isolation_first(deployment: Deployment, accounts: list[LocalAccount]) -> None:
    _assert_pristine(deployment, accounts)
    deployment.probe.fn.setValue(11).transact(accounts[0])
    deployment.probe.fn.withdrawToken(10).transact(accounts[1])
    _wait_for_not_before(deployment)
    deployment.probe.fn.tick().transact(accounts[0])


def test_isolation_second(deployment: Deployment, accounts: list[LocalAccount]) -> None:
    _assert_pristine(deployment, accounts)
    deployment.probe.fn.setValue(22).transact(accounts[0])
    deployment.probe.fn.withdrawToken(20).transact(accounts[1])
    _wait_for_not_before(deployment)
    deployment.probe.fn.tick().transact(accounts[0])


# --- time --------------------------------------------------------------------------------------
def test_advance_time_moves_the_clock_exactly(chain: Chain, probe: Contract) -> None:
    before = chain.timestamp()
    block = chain.block_number()

    now = chain.advance_time(3600)

    assert now == before + 3600 == chain.timestamp()
    assert chain.block_number() == block + 1
    assert now <= probe.fn.currentTime().call() <= now + 1  # the contract sees the new time
    assert chain.advance_time(0) == now + 1  # blocks cannot share a timestamp: at least 1s
    with pytest.raises(ValueError, match="forward"):
        chain.advance_time(-1)


def test_contract_sees_time_travel(
    chain: Chain, probe: Contract, accounts: list[LocalAccount]
) -> None:
    not_before = probe.fn.notBefore().call()
    with pytest.raises(revert_error("TooEarly")) as caught:
        probe.fn.tick().transact(accounts[0])
    assert caught.value["notBefore"] == not_before
    assert caught.value["current"] < not_before

    chain.advance_time(not_before - chain.timestamp())
    receipt = probe.fn.tick().transact(accounts[0])

    (ticked,) = probe.events(receipt, "Ticked")
    assert ticked["count"] == 1
    assert ticked["at"] >= not_before
    assert probe.fn.ticks().call() == 1


# --- mining ------------------------------------------------------------------------------------
def test_manual_mining_batches_transactions_into_one_block(
    chain: Chain, probe: Contract, transactor: Transactor, accounts: list[LocalAccount]
) -> None:
    alice, bob = accounts[0], accounts[1]
    block = chain.block_number()
    nonce = chain.get_nonce(alice.address)
    chain.automine = False
    assert chain.automine is False

    sent = [
        probe.fn.store(1, "one").send(alice),
        probe.fn.store(2, "two").send(bob),
        probe.fn.store(3, "three").send(alice),
    ]
    assert chain.get_nonce(alice.address) == nonce + 2  # pending transactions count
    chain.mine()
    receipts = [transactor.confirm(p) for p in sent]

    assert chain.block_number() == block + 1
    assert {r.block_number for r in receipts} == {block + 1}
    assert all(r.status == 1 for r in receipts)
    assert len({r.tx_hash for r in receipts}) == 3
    events = [probe.events(r, "Stored")[0] for r in receipts]
    assert [(e["by"], e["value"], e["note"]) for e in events] == [
        (alice.address, 1, "one"),
        (bob.address, 2, "two"),
        (alice.address, 3, "three"),
    ]
    assert [e.log_index for e in events] == [0, 1, 2]  # indexes count across the block
    assert probe.fn.value().call() == 3

    chain.automine = True
    assert chain.automine is True
    assert probe.fn.setValue(4).transact(alice).block_number == block + 2


def test_mine_several_blocks(chain: Chain) -> None:
    block = chain.block_number()
    chain.mine()
    chain.mine(3)
    assert chain.block_number() == block + 4
    with pytest.raises(ValueError, match="at least 1"):
        chain.mine(0)


# --- nonces ------------------------------------------------------------------------------------
def test_nonces_follow_snapshots(
    chain: Chain, probe: Contract, accounts: list[LocalAccount]
) -> None:
    alice = accounts[0]
    nonce = chain.get_nonce(alice.address)
    snapshot = chain.snapshot()
    probe.fn.setValue(1).transact(alice)
    probe.fn.setValue(2).transact(alice)
    assert chain.get_nonce(alice.address) == nonce + 2

    chain.revert(snapshot)
    assert chain.get_nonce(alice.address) == nonce
    assert probe.fn.setValue(3).transact(alice).succeeded  # the reused nonce is accepted

    chain.revert(snapshot)  # unmined transactions are dropped too
    chain.automine = False
    probe.fn.setValue(4).send(alice)
    assert chain.get_nonce(alice.address) == nonce + 1
    chain.revert(snapshot)
    chain.automine = True
    assert chain.get_nonce(alice.address) == nonce
    assert probe.fn.setValue(5).transact(alice).succeeded
    assert probe.fn.value().call() == 5


def test_isolated_leaves_nothing_behind(
    chain: Chain, probe: Contract, accounts: list[LocalAccount]
) -> None:
    alice = accounts[0]
    block, nonce, value = (
        chain.block_number(),
        chain.get_nonce(alice.address),
        probe.fn.value().call(),
    )

    def change_then_fail() -> None:
        with chain.isolated():
            probe.fn.setValue(value + 1).transact(alice)
            chain.automine = False
            probe.fn.setValue(value + 2).send(alice)
            raise RuntimeError("undone even when the block raises")

    with pytest.raises(RuntimeError):
        change_then_fail()
    assert chain.automine is True
    assert (chain.block_number(), chain.get_nonce(alice.address)) == (block, nonce)
    assert probe.fn.value().call() == value


def test_stale_nonce_is_rejected(chain: Chain, accounts: list[LocalAccount]) -> None:
    alice = accounts[0]
    max_fee, tip = chain.fees()
    tx: dict[str, Any] = {
        "type": 2,
        "chainId": chain.chain_id,
        "nonce": chain.get_nonce(alice.address) - 1,
        "to": accounts[1].address,
        "value": 1,
        "gas": 21_000,
        "maxFeePerGas": max_fee,
        "maxPriorityFeePerGas": tip,
    }
    with pytest.raises(TransactionRejected, match=r"(?i)nonce"):
        chain.send_raw_transaction(bytes(alice.sign_transaction(tx).raw_transaction))


def test_unfunded_sender_is_rejected(chain: Chain, transactor: Transactor) -> None:
    with pytest.raises(TransactionRejected):
        transactor.transact(Account.create(), chain.accounts[0].address, value=1)


# --- deployment and events ---------------------------------------------------------------------
def test_deploy_and_decode_events(
    chain: Chain, transactor: Transactor, artifacts: ArtifactSet, accounts: list[LocalAccount]
) -> None:
    alice = accounts[2]
    probe = deploy(transactor, artifacts["RevertProbe"], 0, sender=alice)
    assert len(chain.get_code(probe.address)) > 100
    token = Contract(transactor, probe.fn.token().call(), artifacts["ProbeToken"].abi, "ProbeToken")
    assert token.fn.balanceOf(probe.address).call() == 1_000

    receipt = probe.fn.store(7, "hello, chain").transact(alice)

    (stored,) = probe.events(receipt, "Stored")
    assert stored.args == {"by": alice.address, "value": 7, "note": "hello, chain"}
    assert stored.address == probe.address
    logs = chain.get_logs(receipt.block_number or 0, chain.block_number(), probe.address)
    assert logs == [(receipt.block_number, receipt.tx_hash, receipt.logs[0])]
    assert chain.wait_for_receipt(receipt.tx_hash) == receipt  # fetched again, same receipt

    bytecode = artifacts["ProbeToken"].bytecode + (5).to_bytes(32, "big")
    created = transactor.transact(alice, None, bytecode)
    assert created.contract_address is not None
    assert chain.get_code(created.contract_address) != b""
    assert chain.wait_for_receipt(created.tx_hash) == created

    transfer = token.events(probe.fn.withdrawToken(250).transact(alice), "Transfer")
    assert [e.args for e in transfer] == [
        {"from": probe.address, "to": alice.address, "value": 250}
    ]
    assert token.fn.balanceOf(alice.address).call() == 250


def test_get_logs_filters_by_address(chain: Chain, deployment: Deployment) -> None:
    token_mint = chain.get_logs(0, deployment.block, deployment.token.address)
    assert [log.address for _, _, log in token_mint] == [deployment.token.address]
    both = chain.get_logs(0, deployment.block, [deployment.token.address, deployment.probe.address])
    assert len(both) == 1  # the probe emitted nothing while being deployed
    assert chain.get_logs(0, deployment.block, deployment.probe.address) == []


# --- connecting --------------------------------------------------------------------------------
def test_connect_without_url_is_embedded() -> None:
    chain = connect()
    assert isinstance(chain, Embedded)
    assert chain.block_number() == 0


@pytest.mark.rpc
def test_connect_with_url_is_rpc(anvil: AnvilProcess) -> None:
    with connect(anvil.url, expected_chain_id=31337, timeout=5) as chain:
        assert isinstance(chain, Rpc)
        assert chain.chain_id == 31337
        assert chain.dev_namespace == "anvil"
        assert [a.address for a in chain.accounts] == [a.address for a in dev_accounts(10)]
        assert chain.estimate_gas(CallRequest(chain.accounts[0].address, None, b"")) > 0


def test_importing_the_chain_package_stays_light() -> None:
    code = (
        "import sys, compliance_kit.chain; "
        "print(sorted(m for m in ('web3', 'eth_tester', 'eth', 'requests') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"
