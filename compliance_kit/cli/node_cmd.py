"""``compliance-kit node``: a local anvil on 127.0.0.1 that keeps its state across restarts."""

from __future__ import annotations

import signal
import time
from pathlib import Path
from typing import Annotated, Any

import typer

from compliance_kit.cli.app import app


@app.command("node")
def node(
    port: Annotated[int, typer.Option(min=1, max=65_535, help="Port on 127.0.0.1.")] = 8545,
    state: Annotated[
        Path | None,
        typer.Option(
            "--state", help="Load the chain from FILE if it exists; write it there on exit."
        ),
    ] = None,
    chain_id: Annotated[int | None, typer.Option(help="Chain id (default: anvil's 31337).")] = None,
    block_time: Annotated[
        float | None, typer.Option(min=0, help="Mine every N seconds (default: on each tx).")
    ] = None,
) -> None:
    """Run anvil (from the pinned npm package) until Ctrl-C, for admin sessions across commands.

    Its dev accounts (anvil's well-known test keys, never for real value) take the roles when
    `deploy` has no role holders, and sign admin commands when no key is configured.
    """
    from compliance_kit.chain.anvil import AnvilProcess

    anvil = AnvilProcess(port=port, state_file=state, chain_id=chain_id, block_time=block_time)
    # Ctrl-C and SIGTERM both stop it (SIGINT is set explicitly: a background job ignores it)
    previous = {sig: signal.signal(sig, _interrupt) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        anvil.start()
        kept = f"; state in {state} (written on exit)" if state else ""
        typer.echo(f"anvil listening on {anvil.url}{kept}", err=True)
        typer.echo(f"use: --rpc-url {anvil.url}   (Ctrl-C to stop)", err=True)
        while anvil.running:
            time.sleep(0.2)
        typer.secho("anvil stopped by itself", err=True, fg=typer.colors.RED)
        raise typer.Exit(3)
    except KeyboardInterrupt:
        typer.echo("stopping anvil…", err=True)
    finally:
        anvil.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt
