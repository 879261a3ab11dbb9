"""Runs the stages and returns data; prints nothing.

ingest (done by the caller) -> glossary -> translate -> summarize -> Briefing. Models load
only when some work needs them: a run answered entirely by the translation memory never
loads translation weights.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from briefing import __version__, config
from briefing.records import Article, Briefing, ModelInfo, Summary, Translation
from briefing.summarize import SummaryOptions, summarize_texts, summarize_translations
from briefing.translate import Progress, TranslateOptions, translate_articles

Warn = Callable[[str], None]


@dataclass(frozen=True)
class RunOptions:
    mt_model: str | None = None  # None: BRIEFING_MT_MODEL or the default preset
    summarizer: str | None = None
    beams: int = 4
    device: str = "auto"
    quantize: str | None = None
    backend: str = "auto"  # auto, transformers or ctranslate2 (see briefing.backends)
    use_cache: bool = True
    glossary_files: Sequence[Path] = ()
    use_glossary: bool = True
    translate: TranslateOptions | None = None  # overrides beams when given
    summary: SummaryOptions = field(default_factory=SummaryOptions)

    def translate_options(self) -> TranslateOptions:
        return self.translate or TranslateOptions(beams=self.beams)


def load_glossary(options: RunOptions, on_override: Callable[[Any, Any], None] | None = None) -> Any:
    if not options.use_glossary:
        return None
    from briefing.glossary import load_glossary as _load

    return _load(list(options.glossary_files), on_override=on_override)


def _load_engine(name: str, role: Literal["translation", "summarization"], options: RunOptions) -> Any:
    from briefing import backends, models

    models.set_threads()
    return backends.load_engine(name, role, backend=options.backend, device=options.device, quantize=options.quantize)


def load_translator(options: RunOptions) -> Any:
    return _load_engine(config.mt_model_name(options.mt_model), "translation", options)


def load_summarizer(options: RunOptions) -> Any:
    return _load_engine(config.summarizer_name(options.summarizer), "summarization", options)


def model_key(engine: Any) -> str:
    """Identity of the weights for the translation memory: hub revision, or a fingerprint of
    a local folder's files (so a re-trained folder at the same path is a new model)."""
    info: ModelInfo = engine.info
    if info.revision:
        return f"{info.resolved}@{info.revision}|{info.backend}"
    from briefing.models import file_stamps

    digest = hashlib.sha256(file_stamps(Path(info.resolved)).encode()).hexdigest()[:16]
    return f"{info.resolved}@{digest}|{info.backend}"


def open_memory(options: RunOptions, warn: Warn | None) -> Any:
    if not options.use_cache:
        return None
    from briefing.cache import TranslationMemory

    memory = TranslationMemory.open()
    if memory.warning and warn:
        warn(memory.warning)
    return memory


def translate(
    articles: Sequence[Article],
    options: RunOptions,
    *,
    progress: Progress | None = None,
    warn: Warn | None = None,
    glossary: Any = None,
    engine: Any = None,
) -> tuple[list[Translation], ModelInfo]:
    engine = engine or load_translator(options)
    memory = open_memory(options, warn)
    try:
        out = translate_articles(
            articles,
            engine,
            glossary=glossary,
            options=options.translate_options(),
            memory=memory,
            model_key=model_key(engine),
            progress=progress,
        )
    finally:
        if memory is not None:
            memory.close()
    return out, engine.info


def summarize(texts: Sequence[str], options: RunOptions, progress: Progress | None = None) -> list[str]:
    return summarize_texts(texts, load_summarizer(options), options.summary, progress)


def build_briefing(
    articles: Sequence[Article],
    options: RunOptions,
    *,
    date: str | None = None,
    progress: Progress | None = None,
    warn: Warn | None = None,
    on_override: Callable[[Any, Any], None] | None = None,
) -> Briefing:
    """The whole job: translate, summarize and collect provenance for a briefing."""
    started = time.perf_counter()
    date = date or dt.date.today().isoformat()
    glossary = load_glossary(options, on_override)
    # Both engines before any work (their weights load lazily, so this is cheap): a missing
    # model fails in seconds, not after minutes of translation.
    translator = load_translator(options)
    summarizer = load_summarizer(options)
    translations, mt_info = translate(
        articles, options, progress=progress, warn=warn, glossary=glossary, engine=translator
    )
    stories: list[Summary] = summarize_translations(translations, summarizer, options.summary, progress)
    seconds = time.perf_counter() - started
    return Briefing(
        date=date,
        stories=stories,
        models=[mt_info, summarizer.info],
        glossary_sha256=getattr(glossary, "sha256", None),
        glossary_entries=len(glossary) if glossary is not None else 0,
        tool_version=__version__,
        seconds=seconds,
        stats={
            "articles": len(articles),
            "characters": sum(len(a.text) + len(a.title or "") for a in articles),
            "segments": sum(t.segments for t in translations),
            "cached_segments": sum(t.cached for t in translations),
            "seconds": round(seconds, 2),
        },
    )


def output_paths(out_dir: Path, date: str, json_too: bool) -> list[Path]:
    base = Path(out_dir) / f"briefing-{date}"
    return [base.with_suffix(".md")] + ([base.with_suffix(".json")] if json_too else [])


def write_briefing(briefing: Briefing, out_dir: Path, json_too: bool = False) -> list[Path]:
    """Render and write atomically; both files are rendered before either is written."""
    from briefing import render
    from briefing.fsutil import atomic_write_text

    paths = output_paths(out_dir, briefing.date, json_too)
    texts = [render.to_markdown(briefing)] + ([render.to_json(briefing)] if json_too else [])
    for path, text in zip(paths, texts, strict=True):
        atomic_write_text(path, text)
    return paths
