"""`briefing cache` commands: inspect and reset the translation memory.

Imports only ``briefing.cache`` (stdlib sqlite3), so these commands start without torch.
"""

from __future__ import annotations

import json

import typer

from briefing.cli._common import err

cache_app = typer.Typer(
    help="Inspect or reset the translation memory (segments already translated).",
    no_args_is_help=True,
)


def _human(size: int) -> str:
    value = float(size)
    for unit in ("B", "kB", "MB", "GB"):
        if value < 1000 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1000
    raise AssertionError("unreachable")


@cache_app.command("info")
def info_command(
    as_json: bool = typer.Option(False, "--json", help="Print a JSON object instead of text."),
) -> None:
    """Show where the translation memory lives, how many segments it holds and its size."""
    from briefing.cache import cache_info

    info = cache_info()
    if info.problem:
        err.print(f"Warning: {info.problem}", soft_wrap=True)
    if as_json:
        data = {"path": str(info.path), "entries": info.entries, "bytes": info.bytes, "problem": info.problem}
        print(json.dumps(data, ensure_ascii=False))
        return
    print(f"path:    {info.path}")
    print(f"entries: {info.entries}")
    print(f"size:    {_human(info.bytes)}")


@cache_app.command("clear")
def clear_command() -> None:
    """Forget every cached translation (a corrupt cache file is deleted)."""
    from briefing.cache import clear_cache, default_path

    removed = clear_cache()
    print(f"Removed {removed} cached segment{'' if removed == 1 else 's'} from {default_path()}")


def register(app: typer.Typer) -> None:
    app.add_typer(cache_app, name="cache")
