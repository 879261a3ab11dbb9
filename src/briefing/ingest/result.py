"""What ingest hands back: the articles, and what it left out and why."""

from __future__ import annotations

from dataclasses import dataclass, field

from briefing.records import Article


@dataclass(frozen=True)
class Dropped:
    """One input line left out of every article, and the rule that left it out."""

    origin: str  # "file:line"
    line: str
    rule: str  # a rule name from briefing.ingest.rules, e.g. "font-size", "related"


@dataclass
class IngestResult:
    articles: list[Article] = field(default_factory=list)
    dropped: list[Dropped] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # one line per bad input, naming it
