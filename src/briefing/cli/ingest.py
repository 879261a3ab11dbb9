"""`briefing ingest`: show the articles the tool would translate, without loading any model."""

from __future__ import annotations

import json

import typer

from briefing.cli._common import err, report_ingest
from briefing.records import Article


def register(app: typer.Typer) -> None:
    app.command("ingest")(ingest)


def ingest(
    paths: list[str] | None = typer.Argument(
        None,
        metavar="PATH...",
        help="Files or folders (.txt, .md, .html, .jsonl; folders recursively). '-' or none: standard input.",
        show_default=False,
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the articles as a JSON array."),
    verbose: bool = typer.Option(
        False, "--verbose", "-v", help="List every dropped line and the rule that dropped it (on stderr)."
    ),
) -> None:
    """Show the articles the tool would translate (the same ingest as run, translate, glossary check)."""
    from briefing.ingest import load

    result = load(paths or [])
    report_ingest(result, verbose)
    if as_json:
        print(json.dumps([_as_json(article) for article in result.articles], ensure_ascii=False, indent=2))
    else:
        _print_table(result.articles)
    hint = "" if verbose or not result.dropped else " (--verbose lists them)"
    err.print(
        f"{_count(len(result.articles), 'article')}; {_count(len(result.dropped), 'line')} dropped{hint}",
        soft_wrap=True,
    )


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _as_json(article: Article) -> dict[str, str | None]:
    return {
        "title": article.title,
        "date": article.date,
        "source": article.source,
        "url": article.url,
        "text": article.text,
    }


def _print_table(articles: list[Article]) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(box=None, header_style="bold")
    table.add_column("#", justify="right")
    table.add_column("source")
    table.add_column("date", no_wrap=True)
    table.add_column("title", overflow="fold")
    table.add_column("chars", justify="right")
    for index, article in enumerate(articles, 1):
        # Text(), not str: titles like "[속보] ..." must not be read as rich markup.
        table.add_row(
            str(index),
            Text(article.source or "-"),
            article.date or "-",
            Text(article.title or "-"),
            str(len(article.text)),
        )
    Console(highlight=False, markup=False).print(table)  # titles like "[단독] ..." print as written
