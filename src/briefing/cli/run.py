"""`briefing run`, `briefing translate` and `briefing summarize`: parse, call the library, print."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import typer

from briefing import pipeline
from briefing.cli._common import err, glossary_overrides, report_ingest, say
from briefing.errors import InputError
from briefing.pipeline import RunOptions
from briefing.records import Article, ModelInfo

MT_MODEL = typer.Option(
    None,
    "--mt-model",
    help="Translation model: preset, hub id or folder [env: BRIEFING_MT_MODEL; default opus-mt-ko-en]",
)
SUMMARIZER = typer.Option(
    None,
    "--summarizer",
    help="Summarization model: preset, hub id or folder [env: BRIEFING_SUMMARIZER; default distilbart-cnn-12-6]",
)
GLOSSARY = typer.Option(None, "--glossary", "-g", help="Extra glossary file (TSV/CSV); repeatable; later wins.")
NO_GLOSSARY = typer.Option(False, "--no-glossary", help="Translate without any glossary.")
BEAMS = typer.Option(4, "--beams", min=1, max=16, help="Beam size for translation (1 = greedy, fastest).")
NO_CACHE = typer.Option(False, "--no-cache", help="Neither read nor write the translation memory.")
DEVICE = typer.Option("auto", "--device", help="auto, cpu or cuda.")
QUANTIZE = typer.Option(
    None,
    "--quantize",
    help="int8 or none. transformers: int8 = torch dynamic int8 on CPU. ctranslate2: int8 by default on CPU, "
    "none = float32.",
)
BACKEND = typer.Option(
    "auto",
    "--backend",
    help="auto, transformers or ctranslate2. auto = CTranslate2 when installed (converted once into the cache; "
    "int8 on CPU, float16 on GPU), else transformers.",
)
VERBOSE = typer.Option(False, "--verbose", "-v", help="Show dropped input lines and glossary overrides.")


@contextmanager
def progress_bars(enabled: bool = True) -> Iterator[Callable[[str, int, int], None] | None]:
    """Rich progress bars on stderr, one per stage, fed by the library's progress callback."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

    if not enabled:
        yield None
        return
    bars = Progress(
        TextColumn("{task.description:<10}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=False,
    )
    tasks: dict[str, TaskID] = {}

    def update(stage: str, done: int, total: int) -> None:
        if stage not in tasks:
            tasks[stage] = bars.add_task(stage, total=total)
        bars.update(tasks[stage], completed=done, total=total)

    with bars:
        yield update


def _options(
    *,
    mt_model: str | None = None,
    summarizer: str | None = None,
    beams: int = 4,
    glossary: list[Path] | None = None,
    no_glossary: bool = False,
    no_cache: bool = False,
    device: str = "auto",
    quantize: str | None = None,
    backend: str = "auto",
) -> RunOptions:
    from briefing.backends import BACKENDS

    if backend not in BACKENDS:
        raise InputError(f"--backend '{backend}' is not one of {', '.join(BACKENDS)}")
    return RunOptions(
        mt_model=mt_model,
        summarizer=summarizer,
        beams=beams,
        device=device,
        quantize=quantize,
        backend=backend,
        use_cache=not no_cache,
        glossary_files=list(glossary or []),
        use_glossary=not no_glossary,
    )


def _ingest(inputs: list[str] | None, verbose: bool) -> list[Article]:
    from briefing.ingest import load

    if not inputs and sys.stdin is not None and sys.stdin.isatty():
        raise InputError("no input: pass article files or folders, or pipe text in (cat a.txt | briefing translate)")
    result = load(inputs or ["-"], stdin=sys.stdin)
    report_ingest(result, verbose)
    return result.articles


def _warn(message: str) -> None:
    say("Warning:", message)


def _licence_notes(models: list[ModelInfo]) -> None:
    for m in models:
        if m.licence_note:
            say("Licence:", f"{m.name}: {m.licence_note}")


def _check_date(date: str | None) -> str:
    if date is None:
        return dt.date.today().isoformat()
    try:
        return dt.date.fromisoformat(date).isoformat()
    except ValueError:
        raise InputError(f"--date '{date}' is not a date in YYYY-MM-DD form") from None


def run(
    inputs: list[str] = typer.Argument(None, help="Article files, folders, or - for stdin.", show_default=False),
    out: Path = typer.Option(Path("outputs"), "--out", "-o", help="Folder for the briefing."),
    date: str = typer.Option(None, "--date", help="Briefing date, YYYY-MM-DD [default: today]."),
    glossary: list[Path] = GLOSSARY,
    no_glossary: bool = NO_GLOSSARY,
    mt_model: str = MT_MODEL,
    summarizer: str = SUMMARIZER,
    beams: int = BEAMS,
    as_json: bool = typer.Option(False, "--json", help="Also write briefing-DATE.json."),
    no_cache: bool = NO_CACHE,
    device: str = DEVICE,
    quantize: str = QUANTIZE,
    backend: str = BACKEND,
    verbose: bool = VERBOSE,
) -> None:
    """Write the daily briefing: OUT/briefing-DATE.md (and .json with --json)."""
    from rich.table import Table

    day = _check_date(date)
    articles = _ingest(inputs, verbose)
    options = _options(
        mt_model=mt_model,
        summarizer=summarizer,
        beams=beams,
        glossary=glossary,
        no_glossary=no_glossary,
        no_cache=no_cache,
        device=device,
        quantize=quantize,
        backend=backend,
    )
    err.print(f"Briefing {len(articles)} article(s) for {day}…")
    with progress_bars() as update:
        briefing = pipeline.build_briefing(
            articles,
            options,
            date=day,
            progress=update,
            warn=_warn,
            on_override=glossary_overrides(verbose),
        )
    _licence_notes(briefing.models)
    paths = pipeline.write_briefing(briefing, out, as_json)
    table = Table(show_header=True, header_style="bold")
    for column in ("articles", "characters", "segments", "cached", "seconds"):
        table.add_column(column, justify="right")
    s = briefing.stats
    table.add_row(
        str(s["articles"]), f"{s['characters']:,}", str(s["segments"]), str(s["cached_segments"]), f"{s['seconds']:.1f}"
    )
    err.print(table)
    for path in paths:
        print(path)


def translate(
    inputs: list[str] = typer.Argument(None, help="Article file(s), or - / nothing for stdin.", show_default=False),
    glossary: list[Path] = GLOSSARY,
    no_glossary: bool = NO_GLOSSARY,
    mt_model: str = MT_MODEL,
    summarizer: str = SUMMARIZER,
    summary: bool = typer.Option(False, "--summary", help="Also summarize each translation."),
    as_json: bool = typer.Option(False, "--json", help="Print a JSON array instead of text."),
    beams: int = BEAMS,
    no_cache: bool = NO_CACHE,
    device: str = DEVICE,
    quantize: str = QUANTIZE,
    backend: str = BACKEND,
    verbose: bool = VERBOSE,
) -> None:
    """Translate articles to English on stdout (one per input line or file), blank line between."""
    articles = _ingest(inputs, verbose)
    options = _options(
        mt_model=mt_model,
        summarizer=summarizer,
        beams=beams,
        glossary=glossary,
        no_glossary=no_glossary,
        no_cache=no_cache,
        device=device,
        quantize=quantize,
        backend=backend,
    )
    with progress_bars(len(articles) > 1) as update:
        summarizer_engine = pipeline.load_summarizer(options) if summary else None  # fail fast
        g = pipeline.load_glossary(options, glossary_overrides(verbose))
        translations, mt_info = pipeline.translate(articles, options, progress=update, warn=_warn, glossary=g)
        summaries = None
        if summarizer_engine is not None:
            from briefing.summarize import summarize_translations

            summaries = summarize_translations(translations, summarizer_engine, options.summary, update)
    _licence_notes([mt_info])
    if as_json:
        items = []
        for i, t in enumerate(translations):
            item: dict[str, object] = {
                "title": t.title,
                "source": t.article.source,
                "date": t.article.date,
                "translation": t.text,
                "terms": [
                    {"korean": u.korean, "english": u.english, "status": u.status, "count": u.count} for u in t.terms
                ],
            }
            if summaries is not None:
                item["summary"] = summaries[i].text
                item["headline"] = summaries[i].headline
            items.append(item)
        print(json.dumps(items, ensure_ascii=False, indent=2))
        return
    blocks = []
    for i, t in enumerate(translations):
        parts = [t.title] if t.title else []
        parts.append(t.text)
        if summaries is not None:
            parts.append("Summary: " + summaries[i].text)
        blocks.append("\n\n".join(parts))
    print("\n\n".join(blocks))


def summarize(
    inputs: list[str] = typer.Argument(
        None, help="English text file(s), or - / nothing for stdin.", show_default=False
    ),
    summarizer: str = SUMMARIZER,
    device: str = DEVICE,
    backend: str = BACKEND,
) -> None:
    """Summarize English text: each file (or all of stdin) is one document."""
    texts = []
    for name in inputs or ["-"]:
        if name == "-":
            texts.append(sys.stdin.read())
            origin = "standard input"
        else:
            try:
                texts.append(Path(name).read_text(encoding="utf-8-sig"))
            except (OSError, UnicodeDecodeError) as exc:
                raise InputError(f"{name}: cannot read it as UTF-8 text ({exc.__class__.__name__})") from None
            origin = name
        if not texts[-1].strip():
            raise InputError(f"{origin}: no text to summarize")
    options = _options(
        summarizer=summarizer, glossary=None, no_glossary=True, no_cache=True, device=device, backend=backend
    )
    print("\n\n".join(pipeline.summarize(texts, options)))


def register(app: typer.Typer) -> None:
    app.command("run")(run)
    app.command("translate")(translate)
    app.command("summarize")(summarize)
