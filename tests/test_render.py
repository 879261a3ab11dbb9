"""render: Briefing -> Markdown / JSON, and Markdown that article text cannot subvert."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from html.parser import HTMLParser

import pytest

from briefing.records import Article, Briefing, ModelInfo, Summary, TermUse, Translation
from briefing.render import escape_inline, escape_markdown, format_date, safe_url, to_dict, to_json, to_markdown

markdown_it = pytest.importorskip("markdown_it")

HOSTILE = "\n".join(
    [
        "# Heading",
        "[x](http://evil) and ![img](http://evil/img.png)",
        "<script>alert(1)</script>",
        "</details>",
        "<!--",
        "===",
        "---",
        "- bullet",
        "+ plus",
        "1. ordered",
        "2) ordered",
        "> quote",
        "```",
        "`code` | a | b |",
        "|---|---|",
        "~~~",
        "*em* _em_ ~~strike~~ **strong**",
        "<http://evil> https://evil.example www.evil.example",
        "[ref]: http://evil",
        "[ref]",
        "&lt;script&gt; &amp; &copy;",
        "trailing backslash \\",
        "",
        "    indented code",
        "\u00a0",
        "<div>raw block</div>",
        "<img src=x onerror=alert(1)>",
        "",
        "Setext heading",
        "===",
    ]
)


class Tags(HTMLParser):
    """Every start tag in an HTML fragment, with its attributes."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def count(self, tag: str) -> int:
        return sum(1 for t, _ in self.tags if t == tag)

    def attrs(self, tag: str, name: str) -> list[str | None]:
        return [a.get(name) for t, a in self.tags if t == tag]


def html_of(md: str) -> str:
    return markdown_it.MarkdownIt("commonmark").render(md)


def story(
    headline: str = "Wang Yi visits Seoul",
    summary: str = "Wang Yi met officials in Seoul.",
    translation: str = "First paragraph.\n\nSecond paragraph.",
    terms: tuple[TermUse, ...] = (),
    **article: str | None,
) -> Summary:
    fields: dict = {"text": "원문", "date": "2026-11-21", "source": "더지엠뉴스", "url": None, **article}
    return Summary(
        translation=Translation(article=Article(**fields), text=translation, terms=terms),
        text=summary,
        headline=headline,
    )


def briefing(stories: list[Summary], **kw) -> Briefing:
    defaults: dict = {
        "date": "2026-11-21",
        "models": [
            ModelInfo("translation", "opus-mt-ko-en", "Helsinki-NLP/opus-mt-ko-en", "ab" * 20),
            ModelInfo(
                "summarization",
                "bart",
                "/models/bart",
                backend="ctranslate2",
                licence_note="CC-BY-NC 4.0: not for commercial use",
            ),
        ],
        "glossary_sha256": "0123456789abcdef" * 4,
        "glossary_entries": 42,
        "tool_version": "0.1.0",
        "seconds": 12.345,
        "stats": {"articles": len(stories), "characters": 12345, "segments": 40, "cached_segments": 12},
    }
    return Briefing(stories=stories, **{**defaults, **kw})


# --- structure ---------------------------------------------------------------------------------


def test_title_line_has_the_briefing_date_spelled_out():
    md = to_markdown(briefing([story()], date="2026-11-01"))
    assert md.splitlines()[0] == "# Daily Briefing — 1 November 2026"


@pytest.mark.parametrize(
    ("iso", "text"),
    [("2026-01-05", "5 January 2026"), ("2026-12-31", "31 December 2026"), ("not a date", "not a date")],
)
def test_format_date(iso, text):
    assert format_date(iso) == text
    assert format_date(None) is None


def test_one_h2_section_per_story_in_order_with_working_anchors():
    heads = ["Alpha", "베타 news", "Gamma"]
    md = to_markdown(briefing([story(headline=h) for h in heads]))
    tags = Tags(html_of(md))
    # "Top stories" plus one per story.
    assert tags.count("h2") == 1 + len(heads)
    assert re.findall(r"^## (.+)$", md, flags=re.M) == ["Top stories", *heads]
    ids = [i for i in tags.attrs("a", "id") if i]
    assert ids == ["story-1", "story-2", "story-3"]
    hrefs = [h for h in tags.attrs("a", "href") if h and h.startswith("#")]
    assert hrefs == ["#story-1", "#story-2", "#story-3"]
    # Each anchor sits right before its story's heading.
    for n, head in enumerate(heads, 1):
        assert f'<a id="story-{n}"></a>\n\n## {head}\n' in md
    # The top-stories list links with the headline as the text.
    assert "1. [Alpha](#story-1)\n2. [베타 news](#story-2)\n3. [Gamma](#story-3)" in md


def test_no_stories():
    md = to_markdown(briefing([]))
    assert "No stories today." in md
    assert Tags(html_of(md)).count("h2") == 1


def test_source_line_links_http_urls_only():
    md = to_markdown(briefing([story(url="https://example.com/a?x=1&y=(2)")]))
    assert "[더지엠뉴스](https://example.com/a?x=1&amp;y=\\(2\\)) · 21 November 2026" in md
    assert "https://example.com/a?x=1&y=(2)" in Tags(html_of(md)).attrs("a", "href")

    md = to_markdown(briefing([story(url="javascript:alert(1)")]))
    assert "javascript" not in md
    assert "더지엠뉴스 · 21 November 2026" in md

    md = to_markdown(briefing([story(source=None, url="http://news.example.kr/1")]))
    assert "[news.example.kr](http://news.example.kr/1) · 21 November 2026" in md

    md = to_markdown(briefing([story(source=None, date=None)]))
    assert "## Wang Yi visits Seoul\n\nWang Yi met officials" in md


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://a.example/x y", "https://a.example/x%20y"),
        ('http://a.example/"><script>', "http://a.example/%22%3E%3Cscript%3E"),
        ("http://a.example/\\)", "http://a.example/%5C\\)"),
        ("HTTPS://a.example/뉴스", "HTTPS://a.example/%EB%89%B4%EC%8A%A4"),
        ("ftp://a.example/", None),
        ("data:text/html,x", None),
        ("http:///nohost", None),
        ("", None),
    ],
)
def test_safe_url(url, expected):
    assert safe_url(url) == expected


def test_terms_line():
    terms = (TermUse("왕이", "Wang Yi", "kept"), TermUse("알리윈", "Alibaba Cloud", "repaired", 2))
    md = to_markdown(briefing([story(terms=terms), story()]))
    lines = [ln for ln in md.splitlines() if ln.startswith("Terms: ")]
    assert lines == [
        "Terms: 왕이 → Wang Yi (kept), 알리윈 → Alibaba Cloud (repaired ×2)",
        "Terms: none",
    ]


def test_translation_in_details_with_paragraphs():
    md = to_markdown(briefing([story(translation="One.\nStill one.\n\n\n  Two.  \r\n\r\nThree.")]))
    assert ("<details><summary>Full translation</summary>\n\nOne.\nStill one.\n\nTwo.\n\nThree.\n\n</details>\n") in md
    html = html_of(md)
    details = html[html.index("<details>") : html.index("</details>")]
    assert details.count("<p>") == 3


def test_footer():
    md = to_markdown(briefing([story(), story()]))
    footer = md[md.rindex("\n---\n") :]
    assert "Generated by briefing 0.1.0" in footer
    assert "Translation model: opus-mt-ko-en → Helsinki-NLP/opus-mt-ko-en @ abababababab (transformers)" in footer
    assert "Summarization model: bart → /models/bart (ctranslate2); licence: CC-BY-NC 4.0: not for" in footer
    assert "Glossary: sha256 0123456789ab, 42 entries" in footer
    assert "Counts: 2 articles, 12,345 characters in, 40 segments, 12 cached" in footer
    assert "Time: 12.3 s" in footer
    assert Tags(html_of(md)).count("hr") == 1


def test_footer_skips_missing_stats_and_glossary():
    md = to_markdown(briefing([story()], stats={"articles": 1}, glossary_sha256=None, glossary_entries=0))
    assert "Counts: 1 article\n" in md
    assert "Glossary: none" in md
    md = to_markdown(briefing([story()], stats={}))
    assert "Counts:" not in md


# --- JSON --------------------------------------------------------------------------------------


def test_json_shape_and_round_trip():
    terms = (TermUse("왕이", "Wang Yi", "repaired", 3),)
    hostile = story(headline="<b>x</b> & *y*", translation=HOSTILE, terms=terms, url="http://e.example/")
    b = briefing([story(), hostile], stats={"articles": 2, "segments": 9})
    text = to_json(b)
    assert '"더지엠뉴스"' in text  # ensure_ascii=False
    assert text.startswith('{\n  "date"')  # indent 2
    data = json.loads(text)
    assert data == to_dict(b)
    assert set(data) == {"date", "articles", "models", "glossary", "tool_version", "stats"}
    assert data["date"] == "2026-11-21"
    assert data["tool_version"] == "0.1.0"
    assert data["glossary"] == {"sha256": "0123456789abcdef" * 4, "entries": 42}
    assert data["stats"] == {"articles": 2, "segments": 9, "seconds": 12.345}
    assert set(data["models"]) == {"translation", "summarization"}
    assert data["models"]["translation"] == {
        "name": "opus-mt-ko-en",
        "resolved": "Helsinki-NLP/opus-mt-ko-en",
        "revision": "ab" * 20,
        "backend": "transformers",
        "licence_note": None,
    }
    a = data["articles"][1]
    assert set(a) == {"headline", "source", "date", "url", "title", "summary", "translation", "terms"}
    # Raw text in JSON: no Markdown or HTML escaping.
    assert a["headline"] == "<b>x</b> & *y*"
    assert a["translation"] == HOSTILE
    assert a["url"] == "http://e.example/"
    assert a["terms"] == [{"korean": "왕이", "english": "Wang Yi", "status": "repaired", "count": 3}]


# --- hostile input -----------------------------------------------------------------------------


def assert_inert(md: str, n_stories: int) -> None:
    """Only the structure render.py itself makes survives parsing: nothing from the articles."""
    html = html_of(md)
    tags = Tags(html)
    assert tags.count("h1") == 1
    assert tags.count("h2") == 1 + n_stories
    assert tags.count("details") == n_stories
    assert tags.count("hr") == 1
    for tag in ("script", "img", "h3", "h4", "h5", "h6", "blockquote", "pre", "code", "table", "em",
                "strong", "del", "s", "div", "b"):  # fmt: skip
        assert tags.count(tag) == 0, tag
    assert tags.count("ol") == 1  # the top-stories list
    assert tags.count("ul") == 1  # the footer
    for href in tags.attrs("a", "href"):
        assert href is None or href.startswith("#story-"), href
    assert "<!--" not in html
    assert "evil" not in " ".join(str(a) for _, attrs in tags.tags for a in attrs.values())


@pytest.mark.parametrize("where", ["translation", "summary", "headline", "source", "terms"])
def test_hostile_text_cannot_inject_markup(where):
    kw: dict = {}
    if where == "terms":
        kw["terms"] = (TermUse(HOSTILE, HOSTILE, "kept"),)
    else:
        kw[where] = HOSTILE
    md = to_markdown(briefing([story(**kw), story(headline="After")]))
    assert_inert(md, 2)
    # The story after the hostile one is still its own section, outside any details block.
    html = html_of(md)
    assert html.index("<h2>After</h2>") > html.rindex("</details>", 0, html.rindex("<details>"))


def test_hostile_text_reads_the_same_when_rendered():
    md = to_markdown(briefing([story(translation=HOSTILE)]))
    html = html_of(md)
    details = html[html.index("<summary>Full translation</summary>") : html.rindex("</details>")]
    text = re.sub(r"<[^>]+>", "", details)
    for line in ("# Heading", "[x](http://evil)", "![img](http://evil/img.png)",
                 "&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;/details&gt;", "&lt;!--", "===",
                 "- bullet", "1. ordered", "&gt; quote", "```", "`code` | a | b |", "~~strike~~",
                 "https://evil.example www.evil.example", "&amp;lt;script&amp;gt; &amp;amp; &amp;copy;",
                 "trailing backslash \\", "indented code"):  # fmt: skip
        assert line in text, line


def test_escape_markdown_units():
    assert escape_markdown("a*b_c") == "a\\*b\\_c"
    assert escape_markdown("<b>&") == "&lt;b&gt;&amp;"
    assert escape_markdown("- x\n+ y\n= z\n12. w\n3) v") == "\\- x\n\\+ y\n\\= z\n12\\. w\n3\\) v"
    assert escape_markdown("x - y 1. z") == "x - y 1. z"  # only at line start
    assert escape_markdown("see https://e.example/") == "see https\\://e.example/"
    assert escape_markdown("a\n\n \n\nb") == "a\n\nb"
    assert escape_markdown(None) == ""
    assert escape_inline("  # a\n\nb ") == "\\# a b"
    assert escape_inline("1. a") == "1\\. a"
    assert escape_inline("1. a", line_start=False) == "1. a"


def test_gfm_renderer_makes_no_links_either():
    """GitHub renders with cmark-gfm, which also autolinks bare URLs and `www.`."""
    cmarkgfm = pytest.importorskip("cmarkgfm")
    from cmarkgfm.cmark import Options

    md = to_markdown(briefing([story(translation=HOSTILE, summary=HOSTILE, headline=HOSTILE)]))
    html = cmarkgfm.github_flavored_markdown_to_html(md, options=Options.CMARK_OPT_UNSAFE)
    tags = Tags(html)
    assert tags.count("h2") == 2
    for tag in ("script", "img", "table", "del", "pre", "code", "div"):
        assert tags.count(tag) == 0, tag
    for href in tags.attrs("a", "href"):
        assert href is None or href.startswith("#story-"), href


def test_import_is_light():
    code = "import sys, briefing.render; print(sorted({'torch', 'transformers'} & set(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
