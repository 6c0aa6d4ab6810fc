"""A local anvil node as a managed child process (tests, and ``compliance-kit node``).

    with AnvilProcess() as node:
        chain = Rpc(node.url)

anvil listens on 127.0.0.1, on a free port unless one is given; its output goes to a log file
(a temporary one unless ``log_path`` is given), whose tail explains a failed start. ``stop()``
terminates it (killing it if it lingers) and reaps it; a node that is garbage collected or
still running at interpreter exit is stopped the same way.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import tempfile
import time
import urllib.request
import weakref
from pathlib import Path
from typing import IO

from compliance_kit.exceptions import ChainError

#: how long to wait for a fresh anvil to answer JSON-RPC
STARTUP_TIMEOUT = 10.0
#: how long ``stop()`` waits after SIGTERM before killing
STOP_TIMEOUT = 5.0


class AnvilStartError(ChainError):
    """anvil could not be started or did not answer in time (the message quotes its output)."""


class AnvilProcess:
    """One anvil child process.

    ``chain_id``, ``block_time`` (interval mining, seconds), ``state_file`` (anvil ``--state``:
    loaded at start if it exists, written on stop), ``silent`` (anvil ``--quiet``), ``hardfork``
    (default: ``EVM_VERSION``, the fork the contracts are compiled for), ``port`` (default: a
    free one) and ``extra_args`` map to anvil's options.
    """

    def __init__(
        self,
        *,
        chain_id: int | None = None,
        block_time: float | None = None,
        state_file: Path | str | None = None,
        silent: bool = True,
        hardfork: str | None = None,
        port: int | None = None,
        host: str = "127.0.0.1",
        log_path: Path | str | None = None,
        extra_args: tuple[str, ...] | list[str] = (),
        binary: Path | None = None,
        startup_timeout: float = STARTUP_TIMEOUT,
    ) -> None:
        self.chain_id = chain_id
        self.block_time = block_time
        self.state_file = Path(state_file) if state_file is not None else None
        self.silent = silent
        self.hardfork = hardfork
        self.host = host
        self.port = port
        self.log_path = Path(log_path) if log_path is not None else None
        self.extra_args = tuple(extra_args)
        self.binary = binary
        self.startup_timeout = startup_timeout
        self._process: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None
        self._finalizer: weakref.finalize[..., AnvilProcess] | None = None

    # --- lifecycle -----------------------------------------------------------------------
    def start(self) -> AnvilProcess:
        """Start anvil and wait until it answers; raises ``AnvilStartError`` if it does not
        (``NodeToolchainMissing`` if there is no anvil binary)."""
        if self.running:
            return self
        binary = self.binary
        if binary is None:
            from compliance_kit.build.toolchain import anvil_binary

            binary = anvil_binary()
        fixed_port = self.port
        if fixed_port is not None and not _port_free(self.host, fixed_port):
            raise AnvilStartError(
                f"port {fixed_port} on {self.host} is already in use: stop what listens there "
                "or choose another port"
            )
        attempts = 1 if fixed_port is not None else 3  # a free port may be taken meanwhile
        for attempt in range(1, attempts + 1):
            self.port = fixed_port if fixed_port is not None else _free_port(self.host)
            self._launch(binary)
            try:
                self._wait_until_ready()
                return self
            except AnvilStartError as exc:
                self.stop()
                if attempt == attempts or "in use" not in str(exc).lower():
                    raise
        return self  # pragma: no cover - the loop returns or raises

    def stop(self, timeout: float = STOP_TIMEOUT) -> None:
        """Terminate anvil (SIGTERM: it writes ``state_file``), kill it after ``timeout``."""
        finalizer, self._finalizer = self._finalizer, None
        self._process = self._log = None
        if finalizer is not None:
            registered = finalizer.detach()
            if registered is not None:
                process, log = registered[2]
                _terminate(process, log, timeout)

    def __enter__(self) -> AnvilProcess:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --- state ---------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    @property
    def url(self) -> str:
        if self.port is None:
            raise ChainError("anvil is not started: call start() or use it as a context manager")
        return f"http://{self.host}:{self.port}"

    def command(self) -> list[str]:
        """anvil's arguments (without the executable)."""
        hardfork = self.hardfork
        if hardfork is None:
            from compliance_kit.build.toolchain import EVM_VERSION

            hardfork = EVM_VERSION
        args = ["--host", self.host, "--port", str(self.port), "--hardfork", hardfork]
        if self.chain_id is not None:
            args += ["--chain-id", str(self.chain_id)]
        if self.block_time is not None:
            args += ["--block-time", f"{self.block_time:g}"]
        if self.state_file is not None:
            args += ["--state", str(self.state_file)]
        if self.silent:
            args.append("--quiet")
        return [*args, *self.extra_args]

    def __repr__(self) -> str:
        status = f"pid {self.pid} at {self.url}" if self.running else "stopped"
        return f"<AnvilProcess {status}>"

    # --- internals -----------------------------------------------------------------------
    def _launch(self, binary: Path) -> None:
        log: IO[bytes]
        if self.log_path is not None:
            self.log_path.parent.mkdir(parents=True, exist_ok=True)
            log = self.log_path.open("ab")
        else:
            log = tempfile.TemporaryFile(prefix="anvil-", suffix=".log")  # noqa: SIM115
        try:
            process = subprocess.Popen(
                [str(binary), *self.command()],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        except OSError as exc:
            log.close()
            raise AnvilStartError(f"could not run {binary}: {exc}") from None
        self._process, self._log = process, log
        self._finalizer = weakref.finalize(self, _terminate, process, log)

    def _wait_until_ready(self) -> None:
        deadline = time.monotonic() + self.startup_timeout
        body = json.dumps(
            {"jsonrpc": "2.0", "id": 1, "method": "web3_clientVersion", "params": []}
        ).encode()
        while True:
            assert self._process is not None
            if self._process.poll() is not None:
                raise AnvilStartError(
                    f"anvil exited with code {self._process.returncode} before answering on "
                    f"{self.url}; its output ends with:\n{self._output_tail()}"
                )
            if _answers(self.url, body):
                return
            if time.monotonic() > deadline:
                raise AnvilStartError(
                    f"anvil did not answer on {self.url} within {self.startup_timeout:g}s; "
                    f"its output ends with:\n{self._output_tail()}"
                )
            time.sleep(0.02)

    def _output_tail(self, lines: int = 20) -> str:
        if self._log is None:
            return ""
        try:
            self._log.flush()
            self._log.seek(0, os.SEEK_END)
            self._log.seek(max(0, self._log.tell() - 8192))
            text = self._log.read().decode(errors="replace")
        except OSError:  # not seekable (log_path is a pipe or terminal)
            return "(output not captured)"
        return "\n".join(text.splitlines()[-lines:]) or "(no output)"


def _terminate(
    process: subprocess.Popen[bytes], log: IO[bytes], timeout: float = STOP_TIMEOUT
) -> None:
    """Stop ``process`` (SIGTERM, then SIGKILL after ``timeout``), reap it, close its log."""
    try:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout)
            except subprocess.TimeoutExpired:
                process.kill()
        process.wait()
    finally:
        log.close()


def _free_port(host: str) -> int:
    """A port the OS considers free right now (bind to port 0, read it, release it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def _port_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as anvil binds
        try:
            sock.bind((host, port))
        except OSError:
            return False
        return True


#: direct connections only: a proxy from the environment must not sit between us and anvil
_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _answers(url: str, body: bytes) -> bool:
    request = urllib.request.Request(
        url, data=body, headers={"Content-Type": "application/json"}, method="POST"
    )
    try:
        with _opener.open(request, timeout=1) as response:
            return bool(json.loads(response.read()).get("result"))
    except (OSError, ValueError):  # URLError is an OSError
        return False


__all__ = ["AnvilProcess", "AnvilStartError"]
