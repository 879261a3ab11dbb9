"""Plain text (a .txt/.md file, standard input, or what trafilatura got out of a page) -> articles.

Which layout a text has is decided once per text, in this order:

1. **One article per line** when every non-blank line starts with an outlet tag
   (``[더지엠뉴스]중국 ...``), or when there are two or more lines, no blank line among them,
   and every line is a whole article: at least ``ARTICLE_LINE_MIN`` characters, or Korean
   text that ends a sentence. (``briefing translate`` promises one article per input line;
   a copied page keeps together because its title and button lines end no sentence.)
2. **A list page** when lines holding only ``-`` split the text into two or more blocks with
   prose (a run of ``─``/``—`` counts when two blocks carry a date line too), or when bare
   timestamps (``2025-04-08 08:06:28``) close two or more blocks of prose. Each block is one article.
3. Otherwise **one article**. The short lines above the first sentence hold the title (the
   first of them with ``TITLE_MIN`` characters or more; shorter ones above it are site chrome)
   and the deck under it, which is dropped (rule ``subtitle``) because the body says it again.
   A ``입력 ...`` line gives the date. Every kept line from the first sentence on is a paragraph,
   including in-text subheadings; in ``.md`` files hard-wrapped lines are joined first.

Every line the rules in ``rules.py`` drop is kept with its rule name for ``--verbose``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from briefing.ingest.result import Dropped
from briefing.ingest.rules import (
    TICKER_HEADING,
    TICKER_NAME_MAX,
    TICKER_RULES,
    date_line,
    ends_sentence,
    has_hangul,
    is_body_line,
    is_prose,
    line_rule,
    section_start,
    split_outlet_tag,
)
from briefing.records import Article

ARTICLE_LINE_MIN = 280  # a line this long, with others like it and no blank lines, is a whole article
TITLE_MIN = 10  # shorter lines above the title are site chrome ("국제", "예시뉴스")
_MD_HEADING = re.compile(r"^#{1,6}\s+(.*?)(?:\s+#+)?$")
_MD_BLOCK = re.compile(r"^(?:#{1,6}\s|[-*+]\s|\d+[.)]\s|>|```|\|)")


@dataclass
class _Line:
    no: int  # 1-based line number in the input, for origins
    text: str  # stripped
    rule: str | None = None  # why it was dropped; None while kept

    @property
    def kept(self) -> bool:
        return self.rule is None and bool(self.text)


def parse_text(
    text: str, name: str, *, markdown: bool = False, page: bool = False
) -> tuple[list[Article], list[Dropped]]:
    """Split ``text`` into articles; ``name`` prefixes every origin ("name:line").

    ``page``: the text is known to be one article (extracted from an HTML page), so layouts
    1 and 2 are not tried.
    """
    lines = _lines(text, markdown=markdown)
    if not page and _one_per_line(lines):
        return _per_line(lines, name)
    for line in lines:
        if line.text:
            line.rule = line_rule(line.text)
    _drop_sections(lines)
    blocks, listing = ([lines], False) if page else _blocks(lines)
    articles = [article for block in blocks if (article := _article(block, name, listing=listing))]
    dropped = [Dropped(f"{name}:{line.no}", line.text, line.rule) for line in lines if line.rule]
    return articles, dropped


def _lines(text: str, *, markdown: bool) -> list[_Line]:
    lines = [_Line(no, raw.strip()) for no, raw in enumerate(text.split("\n"), 1)]
    if markdown:
        lines = _join_wrapped(lines)
    for line in lines:
        if heading := _MD_HEADING.match(line.text):
            line.text = heading.group(1)
    return lines


def _join_wrapped(lines: list[_Line]) -> list[_Line]:
    """Markdown wraps paragraphs at a fixed width; join such runs back into one line each.

    Only runs that look wrapped (similar lengths, lines not ending sentences) are joined, so a
    page copied into a .md file keeps one line per paragraph.
    """
    out: list[_Line] = []
    run: list[_Line] = []

    def flush() -> None:
        if _looks_wrapped([line.text for line in run]):
            out.append(_Line(run[0].no, " ".join(line.text for line in run)))
        else:
            out.extend(run)
        run.clear()

    for line in lines:
        if line.text and not _MD_BLOCK.match(line.text):
            run.append(line)
            continue
        flush()
        out.append(line)
    flush()
    return out


def _looks_wrapped(texts: list[str]) -> bool:
    if len(texts) < 2 or not all(has_hangul(t) for t in texts):
        return False
    widest = max(len(t) for t in texts)
    inner = texts[:-1]
    return (
        widest <= 120
        and all(len(t) >= widest // 2 for t in inner)
        and sum(not ends_sentence(t) for t in inner) * 2 >= len(inner)
    )


# --- layout 1: one article per line ---------------------------------------------------------


def _one_per_line(lines: list[_Line]) -> bool:
    content = [line for line in lines if line.text]
    if not content:
        return False
    if all(split_outlet_tag(line.text)[0] for line in content):
        return True
    no_blank_between = content[-1].no - content[0].no + 1 == len(content)
    return len(content) >= 2 and no_blank_between and all(_whole_article_line(line.text) for line in content)


def _whole_article_line(text: str) -> bool:
    return len(text) >= ARTICLE_LINE_MIN or (has_hangul(text) and ends_sentence(text))


def _per_line(lines: list[_Line], name: str) -> tuple[list[Article], list[Dropped]]:
    articles: list[Article] = []
    dropped: list[Dropped] = []
    for line in lines:
        if not line.text:
            continue
        source, rest = split_outlet_tag(line.text)
        rest = rest.strip()
        if has_hangul(rest):
            articles.append(Article(text=rest, source=source, origin=f"{name}:{line.no}"))
        else:
            dropped.append(Dropped(f"{name}:{line.no}", line.text, "no-hangul"))
    return articles, dropped


# --- sections and list pages ------------------------------------------------------------------


def _drop_sections(lines: list[_Line]) -> None:
    """Apply ``rules.SECTIONS``: related stories, top-news lists, cookie banners."""
    body_seen = False
    i = 0
    while i < len(lines):
        line = lines[i]
        section = section_start(line.text) if line.kept else None
        if section is None:
            body_seen = body_seen or (line.kept and is_prose(line.text))
            i += 1
            continue
        stop = i + 1  # by default the heading alone
        if section.end is not None:
            window = range(i + 1, min(len(lines), i + 1 + section.within))
            end = next((j for j in window if lines[j].text and section.end(lines[j].text)), None)
            if end is None:  # no end marker: not the section after all, keep the line
                body_seen = body_seen or is_prose(line.text)
                i += 1
                continue
            stop = end + 1
            while stop < len(lines) and (not lines[stop].text or section.end(lines[stop].text)):
                stop += 1
        elif body_seen or not section.after_body:
            # To the end of the text; a later section heading takes over, so --verbose names it.
            later = (j for j in range(i + 1, len(lines)) if lines[j].kept and section_start(lines[j].text))
            stop = next(later, len(lines))
            above = next((lines[j] for j in range(i - 1, -1, -1) if lines[j].text), None)
            if section.headline_above and above is not None and above.kept and not is_body_line(above.text):
                above.rule = section.name
        for dropped in lines[i:stop]:
            if dropped.kept:
                dropped.rule = section.name
        i = stop


def _has_prose(block: list[_Line]) -> bool:
    return any(line.kept and is_prose(line.text) for line in block)


def _blocks(lines: list[_Line]) -> tuple[list[list[_Line]], bool]:
    """Split a list page into its items; ``(blocks, True)``, or ``([lines], False)``."""
    seps = [i for i, line in enumerate(lines) if line.rule == "separator"]
    if seps:
        blocks = [lines[a + 1 : b] for a, b in zip([-1, *seps], [*seps, len(lines)], strict=True)]
        prose = [block for block in blocks if _has_prose(block)]
        dated = [block for block in prose if any(line.rule == "date" for line in block)]
        single_dash = any(lines[i].text == "-" for i in seps)
        if len(prose) >= 2 and (single_dash or len(dated) >= 2):
            return blocks, True
    # No separators: bare timestamps that close each item (headline, body, timestamp).
    stamps = [i for i, line in enumerate(lines) if line.rule == "date" and not _labelled(line)]
    if len(stamps) >= 2:
        chunks = [lines[a + 1 : b + 1] for a, b in zip([-1, *stamps[:-1]], stamps, strict=True)]
        tail = lines[stamps[-1] + 1 :]
        if sum(map(_has_prose, chunks)) >= 2 and not _has_prose(tail):
            return [*chunks, tail], True
    return [lines], False


def _labelled(line: _Line) -> bool:
    parsed = date_line(line.text)
    return parsed is not None and parsed.labelled


# --- one block -> one article -----------------------------------------------------------------


def _article(block: list[_Line], name: str, *, listing: bool) -> Article | None:
    _drop_tickers(block)
    kept = [line for line in block if line.kept]
    if not kept:
        return None
    body_at = next((k for k, line in enumerate(kept) if is_body_line(line.text)), None)
    if body_at is None:
        if listing:  # a list page's heading or footer block: no story in it
            for line in kept:
                line.rule = "list-fragment"
            return None
        # Only short lines: a headline over a line or two, or one short note; keep them all.
        title = kept[0] if len(kept) > 1 else None
        body = kept[1:] if title else kept
    else:
        title = _title(kept[:body_at], listing=listing)
        body = kept[body_at:]
        _drop_trailing(body)
        body = [line for line in body if line.kept]

    source = None
    title_text = None
    if title is not None:
        source, title_text = split_outlet_tag(title.text)
    tag, first = split_outlet_tag(body[0].text)
    if tag:
        source = source or tag
        body[0].text = first.strip()
    text = "\n\n".join(_paragraphs(block, body))
    if not has_hangul(text):
        return None
    return Article(
        text=text,
        title=title_text.strip() if title_text else None,
        date=_date(block),
        source=source,
        origin=f"{name}:{(title or body[0]).no}",
    )


def _priced(line: _Line) -> bool:
    """A price, a change, or a ticker line already marked ("143,250,000", "98,000 USD")."""
    if line.rule in TICKER_RULES:
        return True
    return line.rule == "no-hangul" and len(line.text) <= 30 and any(c.isdigit() for c in line.text)


def _drop_tickers(block: list[_Line]) -> None:
    """A short name above a price line is a ticker row ("비트코인" / "143,250,000" / "+1.25%");
    a market heading above a ticker ("가상자산 시세") goes with it. Bottom-up, so a heading
    sees the names below it already marked."""
    content = [line for line in block if line.text]
    for line, below in reversed(list(pairwise(content))):
        if not line.kept or not _priced(below):
            continue
        short = len(line.text) <= TICKER_NAME_MAX and not is_body_line(line.text)
        if short and (below.rule != "ticker" or TICKER_HEADING.search(line.text)):
            line.rule = "ticker"


def _title(head: list[_Line], *, listing: bool) -> _Line | None:
    """Pick the title among the short lines above the first sentence; drop the others.

    On a list page the headline sits right above its body. On an article page the title is the
    first line long enough to be one; shorter lines above it are site chrome, lines below it
    the deck (a subheading summary that the body repeats).
    """
    if not head:
        return None
    title = head[-1] if listing else next((line for line in head if len(line.text) >= TITLE_MIN), head[0])
    for line in head:
        if line is not title:
            if line.no < title.no:
                line.rule = "list-heading" if listing else "before-title"
            else:
                line.rule = "subtitle"
    return title


def _drop_trailing(body: list[_Line]) -> None:
    """Short lines after the last sentence are page furniture, not subheadings: a subheading
    always has prose under it."""
    last = max(k for k, line in enumerate(body) if is_body_line(line.text))
    for line in body[last + 1 :]:
        line.rule = "trailing-fragment"


def _paragraphs(block: list[_Line], body: list[_Line]) -> list[str]:
    """Each kept line is a paragraph (page copies put one paragraph per line)."""
    wanted = {line.no for line in body}
    return [line.text for line in block if line.no in wanted and line.text]


def _date(block: list[_Line]) -> str | None:
    """The publication date: the first "입력" date, else the first date of any kind."""
    found = [parsed for line in block if line.rule == "date" and (parsed := date_line(line.text))]
    if not found:
        return None
    return next((parsed for parsed in found if not parsed.modified), found[0]).date
