"""Plain dataclasses that flow one way through the pipeline:

Article (ingest) -> Translation (translate) -> Summary (summarize) -> Briefing (pipeline) -> render.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal


@dataclass(frozen=True)
class Article:
    """One Korean article as ingest found it."""

    text: str  # the prose; paragraphs joined by one blank line
    title: str | None = None
    date: str | None = None  # YYYY-MM-DD
    source: str | None = None  # outlet, e.g. "더지엠뉴스"
    url: str | None = None
    origin: str = "<stdin>"  # where it came from ("file.txt:3"), for messages


@dataclass(frozen=True)
class TermUse:
    """A glossary term matched in an article and how the English came to contain it."""

    korean: str
    english: str
    status: Literal["kept", "repaired"]  # kept: the model produced it; repaired: we forced it
    count: int = 1  # times the headword occurs in the article


@dataclass(frozen=True)
class Translation:
    article: Article
    text: str  # English, paragraphs joined by one blank line
    title: str | None = None  # translated title, when the article has one
    terms: tuple[TermUse, ...] = ()
    segments: int = 0  # model inputs this article was cut into
    cached: int = 0  # of which answered by the translation memory


@dataclass(frozen=True)
class Summary:
    translation: Translation
    text: str  # 2-4 English sentences
    headline: str  # translated title, or derived from the summary


@dataclass(frozen=True)
class ModelInfo:
    role: Literal["translation", "summarization"]
    name: str  # what the user asked for: preset, hub id or folder
    resolved: str  # hub id or absolute folder
    revision: str | None = None  # commit hash when loaded from the hub cache
    backend: str = "transformers"
    licence_note: str | None = None


@dataclass
class Briefing:
    date: str  # YYYY-MM-DD
    stories: list[Summary]
    models: list[ModelInfo] = field(default_factory=list)
    glossary_sha256: str | None = None
    glossary_entries: int = 0
    tool_version: str = ""
    seconds: float = 0.0
    stats: dict[str, float | int] = field(default_factory=dict)
