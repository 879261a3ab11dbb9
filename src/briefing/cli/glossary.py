"""`briefing glossary`: list, add, remove, check, suggest and validate glossary terms.

Each command parses options, calls a plain function in ``briefing.glossary`` and prints what
it returns: results to stdout, messages to stderr. Nothing here imports torch.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from briefing.cli._common import err, glossary_overrides, report_ingest

if TYPE_CHECKING:
    from briefing.glossary import Glossary, Match
    from briefing.records import Article

glossary_app = typer.Typer(
    name="glossary",
    help="Terms that must come out as fixed English: list, edit, check against articles, validate.",
    no_args_is_help=True,
)

GLOSSARY = typer.Option(None, "--glossary", "-g", help="Extra glossary file (TSV/CSV); repeatable; later wins.")
FILE = typer.Option(None, "--file", "-f", help="Glossary file to edit [default: your user glossary].")
VERBOSE = typer.Option(False, "--verbose", "-v", help="Report entries that a later file overrides.")
PATHS = typer.Argument(..., help="Article files, folders, or - for stdin.", show_default=False)


def _load(extra: list[Path] | None, verbose: bool) -> Glossary:
    from briefing.glossary import load_glossary

    return load_glossary(list(extra or []), on_override=glossary_overrides(verbose))


def _articles(paths: list[str]) -> list[Article]:
    from briefing.ingest import load

    result = load(paths, stdin=sys.stdin)
    report_ingest(result, verbose=False)
    return list(result.articles)


@glossary_app.command("list")
def list_(
    grep: str = typer.Option(None, "--grep", help="Only entries whose fields contain TEXT (any case)."),
    glossary: list[Path] = GLOSSARY,
    verbose: bool = VERBOSE,
) -> None:
    """Print the effective glossary as TSV (itself a valid glossary file)."""
    from briefing.glossary import DEFAULT_HEADER, list_entries

    gl = _load(glossary, verbose)
    rows = list_entries(gl, grep)
    print(DEFAULT_HEADER)
    for e in rows:
        print("\t".join((e.korean, e.english, e.note, "|".join(e.context))).rstrip("\t"))
    err.print(f"{len(rows)} of {len(gl)} entries from {len(gl.files)} files")


@glossary_app.command("add")
def add(
    korean: str = typer.Argument(..., help="Korean headword, as it appears in articles."),
    english: str = typer.Argument(..., help="English that must appear in the translation."),
    note: str = typer.Option("", "--note", help="Free text for readers of the glossary."),
    context: str = typer.Option(
        "", "--context", help="Cues separated by '|': apply only to articles containing one of them."
    ),
    file: Path = FILE,
    force: bool = typer.Option(False, "--force", help="Replace a headword that already maps elsewhere."),
) -> None:
    """Add a term (to your user glossary unless --file is given)."""
    from briefing.glossary import add_entry, split_cues

    res = add_entry(korean, english, note=note, context=split_cues(context), path=file, force=force)
    if res.action == "unchanged":
        err.print(f"{res.entry.korean} → {res.entry.english} is already in {res.path}")
    elif res.previous is not None:
        err.print(
            f"{res.action} {res.entry.korean} → {res.entry.english} in {res.path} "
            f"(was {res.previous.english}, {res.previous.origin})",
        )
    else:
        err.print(f"added {res.entry.korean} → {res.entry.english} to {res.path}")


@glossary_app.command("remove")
def remove(
    korean: str = typer.Argument(..., help="Korean headword to remove."),
    file: Path = FILE,
) -> None:
    """Remove a term (from your user glossary unless --file is given)."""
    from briefing.glossary import remove_entry

    path, entry = remove_entry(korean, path=file)
    err.print(f"removed {entry.korean} → {entry.english} from {path}")


@glossary_app.command("check")
def check(
    paths: list[str] = PATHS,
    glossary: list[Path] = GLOSSARY,
    as_json: bool = typer.Option(False, "--json", help="Print a JSON array of matches."),
    verbose: bool = VERBOSE,
) -> None:
    """Show the glossary terms matched in each article (offsets index the article's text)."""
    from briefing.glossary import check_articles

    gl = _load(glossary, verbose)
    articles = _articles(paths)
    found = check_articles(gl, articles)
    if as_json:
        print(json.dumps([m.as_json() for m in found], ensure_ascii=False, indent=2))
        return
    by_article: dict[int, list[Match]] = {}
    for hit in found:
        by_article.setdefault(hit.article, []).append(hit.match)
    for i, article in enumerate(articles):
        matches = by_article.get(i, [])
        print(f"article {i} ({article.origin}): {len(matches)} terms")
        for m in matches:
            print(f"  {m.start}-{m.end}\t{article.text[m.start : m.end]}\t{m.english}")
    err.print(f"{len(found)} matches in {len(articles)} articles")


@glossary_app.command("suggest")
def suggest(
    paths: list[str] = PATHS,
    apply: bool = typer.Option(False, "--apply", help="Append the suggestions to your user glossary."),
    file: Path = FILE,
    glossary: list[Path] = GLOSSARY,
) -> None:
    """Propose entries from 한글(漢字, Latin) and 한글(Latin) parentheticals the glossary lacks."""
    from briefing.glossary import apply_suggestions
    from briefing.glossary import suggest as mine

    gl = _load(glossary, False)
    found = mine(_articles(paths), gl)
    print("korean\tenglish\tnote")
    for s in found:
        print(f"{s.korean}\t{s.english}\tseen {s.count}x, first in {s.origin}")
    if apply:
        added = apply_suggestions(found, file)
        target = file or (added[0].path if added else "your glossary")
        err.print(f"appended {len(added)} entries to {target}")
    else:
        err.print(f"{len(found)} suggestions; review them, then run again with --apply")


@glossary_app.command("validate")
def validate(
    files: list[Path] = typer.Argument(None, help="Files to check [default: every file a run loads]."),
) -> None:
    """Report duplicates, conflicts, empty fields, wrong column counts and bad encoding."""
    from briefing.glossary import effective_files
    from briefing.glossary import validate as run_validate

    targets = list(files or effective_files())
    problems = run_validate(targets)
    for p in problems:
        print(p)
    if problems:
        err.print(f"{len(problems)} problem(s) in {len(targets)} file(s)")
        raise typer.Exit(1)
    err.print(f"{len(targets)} file(s) OK")


def register(app: typer.Typer) -> None:
    app.add_typer(glossary_app, name="glossary")
