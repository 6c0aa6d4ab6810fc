"""Printing results: JSON for machines, short lines and rich tables for people."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import typer


def emit_json(data: Any) -> None:
    """``data`` as one JSON document on stdout."""
    typer.echo(json.dumps(data, indent=2, default=str))


def tx(result: Any, as_json: bool) -> None:
    """A ``TxResult``: its action, hash and events."""
    if as_json:
        emit_json(result.to_dict())
        return
    typer.echo(f"✓ {result.action}")
    typer.echo(f"  tx {result.tx_hash} (block {result.block_number}, gas {result.gas_used:,})")
    for event in result.events:
        typer.echo(f"  {event.summary or event.name}")


def batch(result: Any, as_json: bool) -> None:
    """A ``BatchResult``: each transaction."""
    if as_json:
        emit_json(result.to_dict())
        return
    for item in result:
        tx(item, False)
    typer.echo(f"{len(result)} transaction(s) went through")


def date(moment: int) -> str:
    """A unix time as ``YYYY-MM-DD HH:MM UTC``."""
    return datetime.fromtimestamp(moment, UTC).strftime("%Y-%m-%d %H:%M UTC")


def table(title: str, columns: list[str] | None, rows: list[list[str]]) -> None:
    """A rich table on stdout (``columns`` None: two columns without a header)."""
    from rich.console import Console
    from rich.table import Table

    grid = Table(title=title, show_header=columns is not None)
    columns = columns if columns is not None else ["", ""]
    for column in columns:
        grid.add_column(column)
    for row in rows:
        grid.add_row(*row)
    Console().print(grid)


__all__ = ["batch", "date", "emit_json", "table", "tx"]
