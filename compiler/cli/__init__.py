"""The `lawc` command (click): one module per family of commands, each talking only to
`compiler.driver`.

Takes a command line (`lawc COMMAND [OPTIONS] [PATHS]`); gives what the command prints and its
exit code. `main` is the group; a command's module is imported only when that command runs (or `--help`
lists it), so that `lawc check --no-analysis` and `lawc compile` load neither the solver nor the
templates. Exit codes: 0 all well; 1 diagnostics, failed examples, stale output or a file that
cannot be written; 2 a usage mistake; 123 an internal error (the only case that prints a
traceback).
"""

from __future__ import annotations

import importlib
import os
import sys
import traceback
from typing import Any

import click

from compiler import __version__


class _Group(click.Group):
    """The `lawc` commands, by the module that defines each."""

    COMMANDS = {
        "check": ("compiler.cli.check", "check"),
        "list": ("compiler.cli.check", "list_command"),
        "ir": ("compiler.cli.check", "ir"),
        "compile": ("compiler.cli.compile", "compile_command"),
        "test": ("compiler.cli.test", "test"),
        "evaluate": ("compiler.cli.evaluate", "evaluate"),
        "fmt": ("compiler.cli.fmt", "fmt"),
        "diff": ("compiler.cli.diff", "diff"),
        "report": ("compiler.cli.diff", "report"),
        "explain": ("compiler.cli.explain", "explain"),
        "lsp": ("compiler.cli.lsp", "lsp"),
        "schema": ("compiler.cli.schema", "schema"),
        "serve": ("compiler.cli.serve", "serve"),
    }

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(self.COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.COMMANDS:
            return None
        module, name = self.COMMANDS[cmd_name]
        command = getattr(importlib.import_module(module), name)
        assert isinstance(command, click.Command)
        return command

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except SystemExit:
            raise
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            sys.exit(130)
        except BrokenPipeError:  # the reader went away (`lawc list | head`): stop quietly
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())  # no second error when Python flushes stdout
            sys.exit(141)
        except BaseException:  # noqa: BLE001 - anything else is lawc's own fault
            click.echo("error[internal]: lawc failed; this is a bug in lawc, not in your law.",
                       err=True)
            click.echo("Please report it with the traceback below.\n", err=True)
            traceback.print_exc()
            sys.exit(123)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="lawc")
def main() -> None:
    """lawc: compile laws written in .law files into Python decision functions."""
