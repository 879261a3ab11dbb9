"""JSON Lines exports -> articles: one object per line with ``text`` and optional ``title``,
``date``, ``source`` and ``url``.

Exports are already clean, so no page rules run; paragraphs are normalised and a leading
outlet tag still becomes ``source``. A bad line is reported by ``file:line`` and skipped,
so one broken record does not hide a thousand good ones.
"""

from __future__ import annotations

import json
from typing import Any

from briefing.ingest.result import Dropped
from briefing.ingest.rules import has_hangul, parse_date, split_outlet_tag
from briefing.records import Article

OPTIONAL = ("title", "date", "source", "url")


def parse_jsonl(text: str, name: str) -> tuple[list[Article], list[Dropped], list[str]]:
    """Return the articles, the records without Korean, and one message per bad line."""
    articles: list[Article] = []
    dropped: list[Dropped] = []
    bad: list[str] = []
    for no, raw in enumerate(text.split("\n"), 1):
        if not raw.strip():
            continue
        origin = f"{name}:{no}"
        try:
            article = _article(json.loads(raw), origin)
        except json.JSONDecodeError as exc:
            bad.append(f"{origin}: not valid JSON ({exc.msg}, column {exc.colno})")
        except ValueError as exc:
            bad.append(f"{origin}: {exc}")
        else:
            if has_hangul(article.text):
                articles.append(article)
            else:
                dropped.append(Dropped(origin, article.text[:80], "no-hangul"))
    return articles, dropped, bad


def _article(record: Any, origin: str) -> Article:
    if not isinstance(record, dict):
        raise ValueError('each line must be a JSON object like {"text": "..."}')
    body = record.get("text")
    if not isinstance(body, str) or not body.strip():
        raise ValueError('needs a non-empty "text" string')
    fields: dict[str, str | None] = {}
    for key in OPTIONAL:
        value = record.get(key)
        if value is not None and not isinstance(value, str):
            raise ValueError(f'"{key}" must be a string or null, not {type(value).__name__}')
        fields[key] = (value.strip() or None) if isinstance(value, str) else None
    if fields["date"] is not None:
        day = parse_date(fields["date"])
        if day is None:
            raise ValueError(f'"date" {fields["date"]!r} is not a date (use YYYY-MM-DD)')
        fields["date"] = day
    paragraphs = [line.strip() for line in body.split("\n") if line.strip()]
    tag, first = split_outlet_tag(paragraphs[0])
    if tag:
        paragraphs[0] = first.strip()
    return Article(
        text="\n\n".join(p for p in paragraphs if p),
        title=fields["title"],
        date=fields["date"],
        source=fields["source"] or tag,
        url=fields["url"],
        origin=origin,
    )
