"""What the RPC backend and the anvil process manager do when things go wrong."""

from __future__ import annotations

import http.server
import os
import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from compliance_kit.build.toolchain import EVM_VERSION
from compliance_kit.chain import AnvilProcess, Rpc
from compliance_kit.chain.anvil import AnvilStartError
from compliance_kit.chain.rpc import revert_payload
from compliance_kit.exceptions import (
    ChainError,
    ChainIdMismatch,
    InputError,
    NodeUnreachable,
    TransactionTimeout,
)

pytestmark = pytest.mark.rpc


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# --- connecting --------------------------------------------------------------------------------
def test_unreachable_node_fails_fast_with_an_actionable_message() -> None:
    url = f"http://127.0.0.1:{_closed_port()}"
    started = time.monotonic()

    with pytest.raises(NodeUnreachable) as caught:
        Rpc(url)

    assert time.monotonic() - started < 5  # refused at once, not the 10 s timeout
    message = str(caught.value)
    assert url in message
    assert "compliance-kit node" in message
    assert "\n" not in message
    assert isinstance(caught.value, ConnectionError)


@pytest.mark.parametrize(
    "url",
    [
        "",
        "127.0.0.1:8545",
        "localhost:8545",
        "ftp://127.0.0.1:8545",
        "ws://127.0.0.1:8545",
        "http://",
        "http://127.0.0.1:notaport",
        "http://127.0.0.1:99999",
    ],
)
def test_malformed_url_is_an_input_error(url: str) -> None:
    with pytest.raises(InputError) as caught:
        Rpc(url)
    assert caught.value.field == "rpc_url"
    assert str(caught.value).startswith("rpc_url: ")


def test_chain_id_mismatch(anvil: AnvilProcess) -> None:
    with pytest.raises(ChainIdMismatch) as caught:
        Rpc(anvil.url, expected_chain_id=1)
    assert (caught.value.expected, caught.value.actual) == (1, 31337)
    assert anvil.url in str(caught.value)
    Rpc(anvil.url, expected_chain_id=31337).close()


def test_node_that_never_answers_times_out() -> None:
    with socket.socket() as listener:  # accepts connections (backlog), never replies
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        url = f"http://127.0.0.1:{listener.getsockname()[1]}"
        started = time.monotonic()
        with pytest.raises(NodeUnreachable, match=r"did not answer web3_clientVersion within"):
            Rpc(url, timeout=0.3)
        assert time.monotonic() - started < 5  # the 0.3 s asked for, not the 10 s default


class _NotJsonRpc(http.server.BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        status = 404 if self.path == "/missing" else 200
        body = b"<html>hello</html>"
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def web_server() -> Iterator[str]:
    """An HTTP server that is not a JSON-RPC node."""
    server = http.server.HTTPServer(("127.0.0.1", 0), _NotJsonRpc)
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_http_error_and_non_json_answers(web_server: str) -> None:
    with pytest.raises(NodeUnreachable, match=r"answered HTTP 404"):
        Rpc(f"{web_server}/missing")
    with pytest.raises(NodeUnreachable, match=r"did not answer web3_clientVersion with JSON-RPC"):
        Rpc(web_server)


# --- mid-session failures ----------------------------------------------------------------------
def test_node_killed_mid_session() -> None:
    node = AnvilProcess(chain_id=4242).start()
    try:
        chain = Rpc(node.url, expected_chain_id=4242)
        alice = chain.accounts[0]
        assert chain.block_number() == 0
        pid = node.pid
        assert pid is not None
    finally:
        node.stop()

    assert not node.running
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)  # reaped, not a zombie
    started = time.monotonic()
    with pytest.raises(NodeUnreachable, match=re.escape(node.url)):
        chain.block_number()
    with pytest.raises(NodeUnreachable):
        chain.get_nonce(alice.address)
    with pytest.raises(NodeUnreachable):
        chain.wait_for_receipt("0x" + "00" * 32, timeout=1)
    assert time.monotonic() - started < 5  # refused at once, not retried until the 10 s timeout
    chain.close()


def test_receipt_timeout(anvil: AnvilProcess) -> None:
    with Rpc(anvil.url) as chain:
        started = time.monotonic()
        with pytest.raises(TransactionTimeout) as caught:
            chain.wait_for_receipt("0x" + "ab" * 32, timeout=0.2)
        assert 0.1 < time.monotonic() - started < 5  # the 0.2 s asked for, not the 120 s default
        assert caught.value.tx_hash == "0x" + "ab" * 32


def test_dev_controls_need_a_dev_node(anvil: AnvilProcess) -> None:
    with Rpc(anvil.url, accounts=[]) as chain:
        assert chain.accounts == []
        chain.dev_namespace = None  # what Rpc concludes for a node that is not anvil/hardhat
        for control in (chain.snapshot, chain.mine, lambda: chain.advance_time(1)):
            with pytest.raises(ChainError, match="does not support"):
                control()
        with pytest.raises(ChainError, match="does not support"):
            _ = chain.automine
        assert chain.block_number() >= 0  # plain reads still work


# --- revert payloads in the shapes nodes use ---------------------------------------------------
@pytest.mark.parametrize(
    ("data", "expected"),
    [
        pytest.param("0x08c379a0", bytes.fromhex("08c379a0"), id="hex"),
        pytest.param("0x", b"", id="empty-hex"),
        pytest.param("Reverted 0xdeadbeef", bytes.fromhex("deadbeef"), id="geth-reverted-prefix"),
        pytest.param({"message": "revert", "data": "0xbeef"}, bytes.fromhex("beef"), id="dict"),
        pytest.param(
            {"0xabc": {"error": "revert", "return": "0x1234"}, "name": "c"},
            bytes.fromhex("1234"),
            id="ganache-by-tx-hash",
        ),
        pytest.param("no data", b"", id="web3-placeholder"),
        pytest.param(None, b"", id="none"),
        pytest.param("0xnothex", b"", id="garbage"),
    ],
)  # fmt: skip
def test_revert_payload_shapes(data: Any, expected: bytes) -> None:
    assert revert_payload(data) == expected


# --- the anvil process -------------------------------------------------------------------------
def test_anvil_start_failure_quotes_its_output() -> None:
    node = AnvilProcess(extra_args=["--no-such-option"])
    with pytest.raises(AnvilStartError, match=r"exited with code \d+.*\n.*no-such-option"):
        node.start()
    assert not node.running


def test_anvil_refuses_a_port_in_use() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        node = AnvilProcess(port=busy.getsockname()[1])
        with pytest.raises(AnvilStartError, match="already in use"):
            node.start()
    assert node.pid is None


def test_anvil_state_file_survives_a_restart(tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    with AnvilProcess(state_file=state) as node, Rpc(node.url) as chain:
        chain.mine(5)
    assert state.is_file()  # written when anvil stops

    with AnvilProcess(state_file=state) as node, Rpc(node.url) as chain:
        assert chain.block_number() == 5


def test_anvil_command_line() -> None:
    node = AnvilProcess(chain_id=7, block_time=2, silent=False, hardfork="cancun", port=9999)
    assert node.command() == [
        "--host", "127.0.0.1", "--port", "9999", "--hardfork", "cancun", "--chain-id", "7",
        "--block-time", "2",
    ]  # fmt: skip
    default = AnvilProcess(port=1).command()
    assert default[-3:] == ["--hardfork", EVM_VERSION, "--quiet"]
    with pytest.raises(ChainError, match="not started"):
        _ = AnvilProcess().url
