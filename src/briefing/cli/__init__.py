"""The ``briefing`` command line: a thin layer over the library.

Each command group lives in its own module and registers itself on ``app``. Only this
package prints for the user or exits; the library raises ``BriefingError``s, which
``cli_main`` turns into one ``Error: ...`` line and an exit code.
"""

from __future__ import annotations

import os
import sys

import typer

from briefing import __version__
from briefing.errors import BriefingError

app = typer.Typer(
    name="briefing",
    help="Turn Korean news into a daily English briefing (open MT + summarization, offline-friendly).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        print(f"briefing {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version."),
) -> None:
    """Turn Korean news into a daily English briefing."""


def _register() -> None:
    # Imported here, not at module top, only to keep the registration order in one place;
    # none of these modules imports torch or transformers at import time.
    from briefing.cli import cache, glossary, ingest, models, run

    for module in (run, ingest, glossary, models, cache):
        module.register(app)


_register()


def _debug() -> bool:
    return os.environ.get("BRIEFING_DEBUG", "") not in ("", "0")


def cli_main(argv: list[str] | None = None) -> int:
    """Run the CLI and return its exit code (tests call this; ``main`` exits with it)."""
    import click

    from briefing.cli._common import err, say

    command = typer.main.get_command(app)
    try:
        result = command.main(args=argv, prog_name="briefing", standalone_mode=False)
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except (click.exceptions.Abort, KeyboardInterrupt):
        err.print("Interrupted; nothing was left half-written.")
        return 130
    except BriefingError as exc:
        if _debug():
            raise
        say("Error:", str(exc), "bold red")
        return exc.exit_code
    except BrokenPipeError:
        # The reader of our stdout went away (`briefing translate | head`): not an error.
        sys.stderr.close()
        return 0
    except Exception as exc:
        if _debug() or "PYTEST_CURRENT_TEST" in os.environ:
            raise
        say(
            "Error:",
            f"unexpected {type(exc).__name__}: {exc} "
            "(run again with BRIEFING_DEBUG=1 for the traceback, and please report it)",
            "bold red",
        )
        return 1
    return result if isinstance(result, int) else 0


def main() -> None:
    sys.exit(cli_main())
