"""Console and helpers shared by the command modules."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.text import Text

if TYPE_CHECKING:
    from briefing.ingest import IngestResult

# Results go to stdout (plain print); progress, warnings and hints go here, so pipes stay clean.
# Markup is off: messages carry file names and article text, and "[더지엠뉴스]" or "[/b]" in
# them must print as written, not be read (or fail) as Rich markup. Styled labels use ``say``.
err = Console(stderr=True, markup=False, highlight=False)


def say(label: str, text: str, style: str = "yellow") -> None:
    """One stderr line: a styled label, then ``text`` exactly as it is."""
    err.print(Text.assemble((label, style), " ", text), soft_wrap=True)


def report_ingest(result: IngestResult, verbose: bool) -> None:
    """What ingest skipped (always) and dropped (with --verbose), for every command that ingests."""
    for problem in result.problems:
        say("Skipped:", problem)
    if verbose:
        for dropped in result.dropped:
            err.print(f"dropped {dropped.origin} [{dropped.rule}] {dropped.line}", soft_wrap=True)


def glossary_overrides(verbose: bool) -> Callable[[Any, Any], None] | None:
    """With --verbose, report each glossary entry a later file overrides."""
    if not verbose:
        return None

    def show(old: Any, new: Any) -> None:
        err.print(
            f"glossary: {new.korean} → {new.english} ({new.origin}) overrides {old.english} ({old.origin})",
            soft_wrap=True,
        )

    return show
