"""The root command: global options, and errors turned into messages and exit codes.

Every error escaping a command is printed (``error: ...`` plus any explanation) and ends the
process with its family's exit code (:mod:`compliance_kit.cli.errors`); ``--debug`` re-raises it
with the traceback instead. The exit is a :class:`CommandFailed` (a ``SystemExit`` carrying the
message), so Typer's ``CliRunner`` sees the code and the text alike.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from compliance_kit import __version__
from compliance_kit.cli.errors import EXIT_CODES, error_lines, exit_code

_state = {"debug": False}


class CommandFailed(SystemExit):
    """A command failed: ``code`` is the exit code, ``str()`` the message printed."""

    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.code = code


class KitGroup(TyperGroup):
    """Typer's group, turning kit errors into one message and a family exit code."""

    def invoke(self, ctx: Any) -> Any:  # typer's (vendored click) Context
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort, typer.TyperException, SystemExit, KeyboardInterrupt):
            raise
        except Exception as exc:
            if _state["debug"]:
                raise
            lines = error_lines(exc)
            for line in lines:
                typer.secho(line, err=True, fg=typer.colors.RED if line is lines[0] else None)
            raise CommandFailed("\n".join(lines), exit_code(exc)) from exc


_EPILOG = "Exit codes: " + " · ".join(f"{code} {name}" for code, (name, _) in EXIT_CODES.items())

app = typer.Typer(
    name="compliance-kit",
    cls=KitGroup,
    help="Programmable compliance for stablecoins: compile, deploy, test and administer.",
    epilog=_EPILOG,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"compliance-kit {__version__}")
        raise typer.Exit


@app.callback()
def _root(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show version.")
    ] = False,
) -> None:
    _state["debug"] = debug


__all__ = ["CommandFailed", "KitGroup", "app"]
