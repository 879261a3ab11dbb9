"""HTML pages -> one article, with trafilatura finding the main text, title, date and site.

trafilatura drops navigation, sidebars and footers; its text then goes through the same line
rules as a copied page, because captions and ticker widgets sometimes sit inside the article
element. Line numbers in origins count lines of that extracted text, not of the HTML file.
"""

from __future__ import annotations

from typing import Any

from briefing.ingest.result import Dropped
from briefing.ingest.rules import has_hangul, parse_date
from briefing.ingest.text import parse_text
from briefing.records import Article


class PageProblem(ValueError):
    """The page cannot give an article; the message says why, without the file name."""


def parse_html(html: str, name: str) -> tuple[list[Article], list[Dropped]]:
    meta = _extract(html)
    text = meta.get("text") or ""
    if not has_hangul(text):
        raise PageProblem("no Korean article text found in this page")
    title = (meta.get("title") or "").strip() or None
    # The title goes first so the page rules pick it as the title and drop a repeat of it.
    articles, dropped = parse_text(f"{title}\n{text}" if title else text, name, page=True)
    found = [
        Article(
            text=article.text,
            title=title or article.title,
            date=parse_date(meta.get("date") or "") or article.date,
            source=(meta.get("sitename") or "").strip() or article.source,
            url=(meta.get("url") or "").strip() or None,
            origin=article.origin,
        )
        for article in articles
    ]
    return found, dropped


def _extract(html: str) -> dict[str, Any]:
    try:
        import trafilatura
    except ImportError as exc:  # a broken install (lxml without lxml_html_clean, say)
        raise PageProblem(
            f"reading HTML needs trafilatura, which failed to import ({exc}); "
            "reinstall briefing with its dependencies: pip install -e ."
        ) from exc
    document = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        include_links=False,
    )
    if document is None:
        raise PageProblem("no article text found in this page")
    return document.as_dict() if hasattr(document, "as_dict") else dict(document)
