"""One admin session across separate CLI invocations, on a real anvil started by ``node``.

``compliance-kit node --state FILE`` runs in a child process on 127.0.0.1; each command below is a
separate invocation that finds the deployment through its manifest. The node is then stopped
(Ctrl-C writes the state file) and started again from that file: the deployment is still there.
Skipped only when the anvil binary is not installed.
"""

from __future__ import annotations

import csv
import json
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from eth_utils import keccak

from compliance_kit.admin import IssuerAdmin
from compliance_kit.chain import Rpc
from compliance_kit.chain.dev_accounts import dev_accounts
from compliance_kit.cli import (
    EXIT_ACCESS,
    EXIT_CONFIG,
    EXIT_ENVIRONMENT,
    EXIT_INPUT,
    EXIT_REFUSED,
)
from compliance_kit.exceptions import NodeToolchainMissing

pytestmark = pytest.mark.rpc

ORDER = "HK-HCMP-2026-0042"
#: dev accounts 10-12: customers (anvil funds and holds only accounts 0-9, the role holders)
ALICE, BOB, MALLORY = dev_accounts(13)[10:13]


@dataclass
class Node:
    """``compliance-kit node`` in a child process."""

    process: subprocess.Popen[bytes]
    url: str

    def stop(self) -> None:
        self.process.send_signal(signal.SIGINT)  # as Ctrl-C: anvil writes its state
        self.process.wait(timeout=20)


@pytest.fixture
def start_node(tmp_path: Path) -> Iterator[object]:
    from compliance_kit.build.toolchain import anvil_binary

    try:
        anvil_binary()
    except NodeToolchainMissing as exc:
        pytest.skip(f"anvil is not installed: {exc}")
    started: list[Node] = []

    def start(state: Path) -> Node:
        port = _free_port()
        process = subprocess.Popen(
            [sys.executable, "-m", "compliance_kit", "node", "--port", str(port), "--state", state],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=(tmp_path / f"node-{port}.log").open("wb"),
        )
        node = Node(process, f"http://127.0.0.1:{port}")
        started.append(node)
        _wait_until_answering(node)
        return node

    yield start
    for node in started:
        if node.process.poll() is None:
            node.stop()


def test_an_admin_session_across_commands_and_restarts(
    start_node, cli, cli_json, tmp_path, monkeypatch
):
    state, manifest = tmp_path / "chain-state.json", tmp_path / "deployment.json"
    node = start_node(state)
    monkeypatch.setenv("COMPLIANCE_KIT_RPC_URL", node.url)
    monkeypatch.setenv("COMPLIANCE_KIT_MANIFEST", str(manifest))

    # deploy, and refuse to overwrite the record
    deployed = cli_json("deploy", "--profile", "us", "--name", "US Dollar", "--symbol", "USDX")
    assert deployed["manifest"] == str(manifest)
    assert deployed["chain_id"] == 31337
    assert cli("deploy", "--profile", "us").exit_code == EXIT_CONFIG

    # onboard a customer book
    book = tmp_path / "customers.csv"
    _write_book(book, [(ALICE.address, "retail"), (BOB.address, "professional")])
    imported = cli_json("kyc", "import", str(book))
    assert len(imported["sent"]) == 1
    assert cli_json("kyc", "show", BOB.address)["kyc_tier"] == "professional"

    # no attestation yet: the mint is refused, explained, and nothing is sent
    block = _block(cli_json)
    refused = cli("mint", ALICE.address, "100")
    assert refused.exit_code == EXIT_REFUSED, refused.output
    assert "ReservesStale" in refused.stderr
    assert "why: no reserves have been attested yet" in refused.stderr
    assert "nothing was sent" in refused.stderr

    # bad inputs: named, exit 2, nothing sent
    for amount, fragment in [
        ("-5", "negative"),
        ("1.0000001", "decimal places"),
        ("9" * 80, "too large"),
    ]:
        result = cli("mint", ALICE.address, "--", amount)  # "--": "-5" is no option
        assert result.exit_code == EXIT_INPUT, result.output
        assert result.stderr.startswith("error: amount: ")
        assert fragment in result.stderr
    assert _block(cli_json) == block

    # the monthly attestation, then mints
    report = tmp_path / "report.pdf"
    report.write_bytes(b"reserve report")
    attested = cli_json(
        "attest",
        "--reserves", "1_000_000",
        "--report-file", str(report),
        "--bucket", "DEPOSITS=400_000",
        "--bucket", "T-BILLS=600_000",
        "--uri", "https://issuer.example/2026-11",
    )  # fmt: skip
    assert attested["events"][0]["args"]["reportHash"] == "0x" + keccak(b"reserve report").hex()
    minted = cli_json("mint", ALICE.address, "1_250.50")
    assert minted["events"][0]["args"]["value"] == 1_250_500_000

    # the preflight, in words; exit 5 when a rule refuses
    passes = cli_json("check-transfer", ALICE.address, BOB.address, "10")
    assert (passes["passes"], passes["code"]) == (True, 0)
    refusal = cli_json("check-transfer", ALICE.address, MALLORY.address, "10", code=EXIT_REFUSED)
    assert refusal["rule"] == "recipient_not_verified"
    assert "kyc approve" in refusal["remedy"]

    # a court order: partial freeze, then seize to the escrow
    frozen = cli_json("freeze", ALICE.address, "--order", ORDER, "--amount", "250")
    seized = cli_json("seize", ALICE.address, "100", "--order", ORDER)
    assert [e["event"] for e in seized["events"]] == ["Transfer", "Seized"]

    # a key without the role: exit 6, nothing sent
    stranger = "0x" + "5a" * 32
    result = cli("pause", env={"COMPLIANCE_KIT_PRIVATE_KEY": stranger})
    assert result.exit_code == EXIT_ACCESS, result.output
    assert "PAUSER_ROLE" in result.stderr
    assert "nothing was sent" in result.stderr
    assert stranger[2:] not in result.output

    # a holder redeems (through the Python API on the same node); the treasury pays out
    with Rpc(node.url) as chain:
        admin = IssuerAdmin.from_manifest(manifest, chain)  # the manifest round trip, over RPC
        admin.system.transactor.transact(chain.accounts[0], ALICE.address, value=10**18)
        admin.token.fn.redeem(200 * 10**6, keccak(text="alice's bank")).transact(ALICE)
    queue = cli_json("redeem", "list")
    assert [(r["id"], r["amount"], r["status"]) for r in queue] == [(0, "200", "pending")]
    cli_json("redeem", "fulfil", "0", "--payment-ref", "HK-FPS-0001")
    assert cli_json("redeem", "list") == []

    status = cli_json("status")
    assert (status["supply"], status["attested_reserves"], status["fresh"]) == (
        "1050.5",
        "1000000",
        True,
    )
    roles = cli_json("roles", "show")
    assert roles["holders"]["token"]["COMPLIANCE_OFFICER_ROLE"] == [frozen["signer"]]

    # the audit export matches what the commands emitted
    exported = tmp_path / "audit.json"
    result = cli("audit", "export", "--json", "--output", str(exported))
    assert result.exit_code == 0, result.output
    records = json.loads(exported.read_text())
    for sent in (attested, minted, frozen, seized):
        mine = [(r["log_index"], r["event"]) for r in records if r["tx_hash"] == sent["tx_hash"]]
        assert mine == [(e["log_index"], e["event"]) for e in sent["events"]]
    seizure = next(r for r in records if r["event"] == "Seized")
    assert seizure["amounts"] == {"amount": "100"}
    assert ORDER in seizure["summary"]
    as_csv = cli("audit", "export", "--format", "csv", "--event", "Seized")
    rows = list(csv.DictReader(as_csv.stdout.splitlines()))
    assert [r["tx_hash"] for r in rows] == [seized["tx_hash"]]

    # stop the node (state written), start it again from the file: the session goes on
    node.stop()
    assert state.is_file()
    down = cli("status")
    assert down.exit_code == EXIT_ENVIRONMENT
    assert "no JSON-RPC node answers" in down.stderr
    again = start_node(state)
    monkeypatch.setenv("COMPLIANCE_KIT_RPC_URL", again.url)
    assert cli_json("status")["supply"] == "1050.5"
    assert cli_json("kyc", "show", ALICE.address)["frozen_tokens"] == "150"
    cli_json(
        "kyc", "approve", MALLORY.address, "--tier", "1", "--jurisdiction", "840", "--days", "30"
    )
    assert cli_json("check-transfer", ALICE.address, MALLORY.address, "10")["passes"]


def _write_book(path: Path, customers: list[tuple[str, str]]) -> None:
    lines = ["address,tier,jurisdiction,expiry"]
    lines += [f"{address},{tier},840,2099-12-31" for address, tier in customers]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _block(cli_json) -> int:
    return int(cli_json("status")["block"])


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_until_answering(node: Node, timeout: float = 30) -> None:
    body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "eth_chainId", "params": []}).encode()
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if node.process.poll() is not None:
            raise AssertionError(f"`compliance-kit node` exited with {node.process.returncode}")
        request = urllib.request.Request(
            node.url, data=body, headers={"Content-Type": "application/json"}
        )
        try:
            with opener.open(request, timeout=1) as response:
                if json.loads(response.read()).get("result"):
                    return
        except (OSError, ValueError):
            time.sleep(0.1)
    raise AssertionError(f"`compliance-kit node` did not answer on {node.url}")
