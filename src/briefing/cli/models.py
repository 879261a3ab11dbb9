"""`briefing models list|pull`: which models are here, and fetching them into the HF cache."""

from __future__ import annotations

import typer

from briefing import config
from briefing.cli._common import err, say

models_app = typer.Typer(help="List and download the models briefing uses.", no_args_is_help=True)


def _size(n: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024  # type: ignore[assignment]
    return f"{n} B"


@models_app.command("list")
def list_models(as_json: bool = typer.Option(False, "--json", help="Print a JSON array instead of a table.")) -> None:
    """Show the configured and preset models, whether each is present locally, and its size."""
    from rich.table import Table

    from briefing.models import PRESETS, model_status

    wanted: list[tuple[str, str]] = [
        (config.mt_model_name(), "translation"),
        (config.summarizer_name(), "summarization"),
    ]
    wanted += [(p.name, p.role) for p in PRESETS.values() if (p.name, p.role) not in wanted]
    statuses = model_status(wanted)  # type: ignore[arg-type]
    if as_json:
        import json

        rows = [
            {
                "name": s.name,
                "role": s.role,
                "in_use": i < 2,
                "hub_id": s.hub_id,
                "folder": str(s.folder) if s.folder else None,
                "present": s.present,
                "bytes": s.bytes,
                "revision": s.revision,
                "note": s.note,
            }
            for i, s in enumerate(statuses)
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    table = Table(show_header=True, header_style="bold")
    for col in ("model", "role", "hub id / folder", "present", "size", "note"):
        table.add_column(col, overflow="fold")
    for i, s in enumerate(statuses):
        name = f"{s.name} (in use)" if i < 2 else s.name
        where = str(s.folder) if s.hub_id is None and s.folder else (s.hub_id or "")
        table.add_row(
            name, s.role, where, "yes" if s.present else "no", _size(s.bytes) if s.bytes else "-", s.note or ""
        )
    import sys

    from rich.console import Console

    # Piped output gets rich's 80 columns by default, which would cut the hub ids.
    Console(width=None if sys.stdout.isatty() else 160, markup=False).print(table)


@models_app.command("pull")
def pull(
    name: str = typer.Argument(
        None, help="Preset or hub id [default: the configured translation and summarization models]."
    ),
) -> None:
    """Download models into the Hugging Face cache (safetensors weights and tokenizer files)."""
    from briefing.models import pull as do_pull

    names = [name] if name else [config.mt_model_name(), config.summarizer_name()]
    for n in names:
        status = do_pull(n, progress=lambda msg: err.print(msg))
        if status.note:
            say("Note:", status.note)
        print(f"{n}\t{status.folder}\t{_size(status.bytes)}")


def register(app: typer.Typer) -> None:
    app.add_typer(models_app, name="models")
