"""Briefing -> Markdown / JSON. Pure functions: no I/O, no models.

Article text is untrusted: a scraped page can say anything. Everything taken from an article
(headline, source, summary, translation, glossary terms) goes through ``escape_markdown`` or
``escape_inline`` so it reads the same when rendered but cannot become a heading, link, image,
list, table, code block or HTML tag, nor close the ``<details>`` block it sits in.
"""

from __future__ import annotations

import json
import re
from datetime import date as _date
from typing import Any
from urllib.parse import quote, urlsplit

from briefing.records import Article, Briefing, ModelInfo, Summary, TermUse

__all__ = [
    "escape_inline",
    "escape_markdown",
    "format_date",
    "safe_url",
    "to_dict",
    "to_json",
    "to_markdown",
]

_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

# HTML-significant characters become entities; Markdown-significant ones get a backslash.
# `<` and `>` as entities also rule out HTML blocks, autolinks and block quotes.
_ESCAPES = {
    **{ord(c): f"&{name};" for c, name in (("&", "amp"), ("<", "lt"), (">", "gt"))},
    **{ord(c): "\\" + c for c in "\\`*_[]#!|~"},
}
# Characters that only matter at the start of a line: bullets (`-`, `+`), setext underlines
# and thematic breaks (`=`, `-`), ordered-list markers (`1.` / `1)`).
_LINE_START = re.compile(r"^(?:[-+=]|\d+[.)])")
# GFM renderers (GitHub) turn bare `http://...` and `www.` into links on their own; a
# backslash before `:` / `.` stops that and renders as nothing.
_AUTOLINK = re.compile(r"(?i)(?<=\w)(:)(?=//)|(?<![\w.])(www)(\.)")
_NEWLINES = re.compile(r"\r\n|\r|\n")


def escape_inline(text: str | None, *, line_start: bool = True) -> str:
    """Escape untrusted text for one Markdown line (a heading, link text, a list item).

    Runs of whitespace, newlines included, become one space, so the text cannot start a
    new block. Pass ``line_start=False`` for text that never begins a line, to spare it
    escapes such as ``1\\.`` that only matter there.
    """
    return _escape_line(" ".join((text or "").split()), line_start=line_start)


def escape_markdown(text: str | None) -> str:
    """Escape untrusted text as Markdown paragraphs that render as the same characters.

    Paragraphs (separated by blank lines) and line breaks inside them are kept; leading and
    trailing whitespace on each line is dropped, so nothing becomes an indented code block
    or a hard line break.
    """
    return "\n\n".join("\n".join(_escape_line(line) for line in para) for para in _paragraphs(text))


def _inline(text: str | None) -> str:
    return escape_inline(text, line_start=False)


def _paragraphs(text: str | None) -> list[list[str]]:
    """Stripped lines grouped into paragraphs; a line of only whitespace separates them."""
    paragraphs: list[list[str]] = [[]]
    for line in _NEWLINES.split(text or ""):
        if line := line.strip():
            paragraphs[-1].append(line)
        elif paragraphs[-1]:
            paragraphs.append([])
    return [p for p in paragraphs if p]


def _escape_line(line: str, *, line_start: bool = True) -> str:
    prefix = ""
    if line_start and (m := _LINE_START.match(line)):
        # Escape the marker's last character: `\-`, `\=`, `1\.`.
        prefix, line = line[: m.end() - 1] + "\\" + line[m.end() - 1], line[m.end() :]
    escaped = line.translate(_ESCAPES)
    escaped = _AUTOLINK.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}", escaped)
    return prefix + escaped


def safe_url(url: str | None) -> str | None:
    """The URL as a Markdown link destination, or None unless it is a plain http(s) URL."""
    if not url:
        return None
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    # Percent-encode spaces, controls, quotes, angle brackets, backslashes and non-ASCII;
    # keep what a URL legitimately contains. Parentheses are backslash-escaped instead so the
    # link goes exactly where the article said; `&` becomes an entity so `&copy;` stays text.
    encoded = quote(url, safe="!#$%&'()*+,/:;=?@[]~-._")
    return encoded.replace("&", "&amp;").replace("(", "\\(").replace(")", "\\)")


def format_date(iso: str | None) -> str | None:
    """`2026-11-21` -> `21 November 2026`, independent of locale; other text is returned as is."""
    if not iso:
        return None
    try:
        d = _date.fromisoformat(iso.strip())
    except ValueError:
        return iso
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"


def _anchor(n: int) -> str:
    return f"story-{n}"


def _headline(story: Summary) -> str:
    return story.headline.strip() or (story.translation.title or "").strip() or "(untitled)"


def _source_line(article: Article) -> str | None:
    url = safe_url(article.url)
    source = escape_inline(article.source)
    if url:
        text = source or escape_inline(urlsplit(article.url or "").hostname) or "link"
        source = f"[{text}]({url})"
    when = escape_inline(format_date(article.date))
    parts = [p for p in (source, when) if p]
    return " · ".join(parts) if parts else None


def _term(t: TermUse) -> str:
    how = t.status if t.count <= 1 else f"{t.status} ×{t.count}"
    return f"{_inline(t.korean)} → {_inline(t.english)} ({_inline(how)})"


def _terms_line(terms: tuple[TermUse, ...]) -> str:
    return "Terms: " + (", ".join(_term(t) for t in terms) if terms else "none")


def _model_line(m: ModelInfo) -> str:
    role = m.role.capitalize()
    text = f"{role} model: {_inline(m.name)}"
    if m.resolved and m.resolved != m.name:
        text += f" → {_inline(m.resolved)}"
    if m.revision:
        rev = m.revision
        if re.fullmatch(r"[0-9a-f]{40,64}", rev):
            rev = rev[:12]
        text += f" @ {_inline(rev)}"
    text += f" ({_inline(m.backend)})"
    if m.licence_note:
        text += f"; licence: {_inline(m.licence_note)}"
    return text


def _count(value: float | int) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}"


def _counts_line(stats: dict[str, Any]) -> str | None:
    parts = []
    for key, one, many in (
        ("articles", "article", "articles"),
        ("characters", "character in", "characters in"),
        ("segments", "segment", "segments"),
        ("cached_segments", "cached", "cached"),
    ):
        value = stats.get(key)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            parts.append(f"{_count(value)} {one if value == 1 else many}")
    return "Counts: " + ", ".join(parts) if parts else None


def _footer(b: Briefing) -> list[str]:
    version = _inline(b.tool_version) or "(unknown version)"
    lines = [f"Generated by briefing {version}"]
    lines += [_model_line(m) for m in b.models]
    if b.glossary_sha256:
        lines.append(
            f"Glossary: sha256 {_inline(b.glossary_sha256[:12])}, "
            f"{b.glossary_entries} {'entry' if b.glossary_entries == 1 else 'entries'}"
        )
    else:
        lines.append("Glossary: none")
    if counts := _counts_line(b.stats):
        lines.append(counts)
    lines.append(f"Time: {b.seconds:.1f} s")
    return ["---", "", *(f"- {line}" for line in lines)]


def to_markdown(b: Briefing) -> str:
    """The briefing as GitHub-flavoured Markdown."""
    when = _inline(format_date(b.date)) or "(undated)"
    out = [f"# Daily Briefing — {when}", ""]
    out += ["## Top stories", ""]
    if b.stories:
        for n, story in enumerate(b.stories, 1):
            out.append(f"{n}. [{_inline(_headline(story))}](#{_anchor(n)})")
    else:
        out.append("No stories today.")
    out.append("")
    for n, story in enumerate(b.stories, 1):
        article = story.translation.article
        # An explicit anchor: auto-generated ones differ between renderers for Korean text.
        out += [f'<a id="{_anchor(n)}"></a>', "", f"## {_inline(_headline(story))}", ""]
        if source := _source_line(article):
            out += [source, ""]
        if summary := escape_markdown(story.text):
            out += [summary, ""]
        out += [_terms_line(story.translation.terms), ""]
        # The blank lines end the HTML blocks, so the translation is parsed as (escaped)
        # Markdown and cannot contain a blank line, an HTML block start or `</details>`.
        out += ["<details><summary>Full translation</summary>", ""]
        if translation := escape_markdown(story.translation.text):
            out += [translation, ""]
        out += ["</details>", ""]
    out += _footer(b)
    return "\n".join(out) + "\n"


def _model_dict(m: ModelInfo) -> dict[str, Any]:
    return {
        "name": m.name,
        "resolved": m.resolved,
        "revision": m.revision,
        "backend": m.backend,
        "licence_note": m.licence_note,
    }


def _story_dict(s: Summary) -> dict[str, Any]:
    article = s.translation.article
    return {
        "headline": s.headline,
        "source": article.source,
        "date": article.date,
        "url": article.url,
        "title": article.title,  # the original (Korean) title
        "summary": s.text,
        "translation": s.translation.text,
        "terms": [
            {"korean": t.korean, "english": t.english, "status": t.status, "count": t.count}
            for t in s.translation.terms
        ],
    }


def to_dict(b: Briefing) -> dict[str, Any]:
    """The briefing as plain JSON-ready data; text is raw (unescaped)."""
    return {
        "date": b.date,
        "articles": [_story_dict(s) for s in b.stories],
        "models": {m.role: _model_dict(m) for m in b.models},
        "glossary": {"sha256": b.glossary_sha256, "entries": b.glossary_entries},
        "tool_version": b.tool_version,
        "stats": {**b.stats, "seconds": round(b.seconds, 3)},
    }


def to_json(b: Briefing) -> str:
    return json.dumps(to_dict(b), indent=2, ensure_ascii=False) + "\n"
