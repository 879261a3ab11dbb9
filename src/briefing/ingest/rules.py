"""Which lines of a copied page are not article text: the rules, kept as data.

To teach ingest another site, add an entry to ``LINE_RULES`` or ``SECTIONS`` (or a label to one
of the sets) and a fixture that shows the page. Three kinds of rule run, in this order:

1. ``LINE_RULES``: one line judged on its own (a font-size button, a reaction counter, a
   photo caption). The first rule that matches names the drop.
2. ``SECTIONS``: a heading that starts a run of lines that are not the article (related
   stories, a cookie banner), up to an end marker or the end of the text.
3. Context rules in ``text.py``: a ticker name above its price, the deck under the title,
   short fragments after the last sentence.

Every rule has a short name; ``briefing ingest --verbose`` prints it beside each dropped line.
When a rule might hit prose, it is bounded by length: keeping a stray line is cheaper than
losing a sentence of the article.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

Matcher = Callable[[str], bool]

HANGUL = re.compile(r"[가-힣]")
# Bullets and list marks that sites put before buttons ("  • 가장작게").
_BULLETS = "•·∙◦▪▫●○■□-*+※"


def has_hangul(text: str) -> bool:
    return HANGUL.search(text) is not None


def _bare(line: str) -> str:
    """The line without bullets and spaces, so "  • 기사 듣기" and "기사듣기" compare equal."""
    return re.sub(r"\s+", "", line.strip().lstrip(_BULLETS))


def labels(*words: str, row: bool = False) -> Matcher:
    """Match a line that is exactly one of ``words`` (ignoring bullets and spaces); with
    ``row``, also several of them on one line ("가장작게 작게 기본 크게 가장크게")."""
    wanted = frozenset(_bare(w) for w in words)
    if not row:
        return lambda line: _bare(line) in wanted
    several = re.compile("(?:" + "|".join(map(re.escape, sorted(wanted, key=len, reverse=True))) + ")+")
    return lambda line: several.fullmatch(re.sub(rf"[\s|/{re.escape(_BULLETS)}]+", "", line)) is not None


def regex(pattern: str, *, max_len: int | None = None) -> Matcher:
    """Match a line the pattern finds something in; ``max_len`` keeps it off long prose."""
    compiled = re.compile(pattern)
    return lambda line: (max_len is None or len(line) <= max_len) and compiled.search(line) is not None


# ---------------------------------------------------------------------------------------------
# Dates: "입력 2026-01-28 16:49", "2025.11.03. 오후 3:12", "2025-04-08 08:06:28", "2026년 1월 28일"
# ---------------------------------------------------------------------------------------------
_DATE_LABEL = (
    r"(?:기사\s*)?(?:입력|등록|작성|게재|발행|송고|승인|수정|최종\s*수정|업데이트)(?:\s*일시|\s*시간)?"
    r"|Posted|Published|Updated"
)
_MODIFIED = re.compile(r"수정|업데이트|Updated")
_DATE = r"(?P<y>(?:19|20)\d{2})\s*[-./년]\s*(?P<m>\d{1,2})\s*[-./월]\s*(?P<d>\d{1,2})(?:\s*[.일])?"
_TIME = r"(?:(?:오전|오후|AM|PM)\s*)?\d{1,2}:\d{2}(?::\d{2})?(?:\s*(?:AM|PM))?"
_DATE_PART = re.compile(
    rf"(?:(?P<label>{_DATE_LABEL})\s*[:：]?\s*)?{_DATE}(?:\s*\(?[월화수목금토일]\)?)?(?:\s*{_TIME})?"
)
_DATE_GAP = " \t|/·,"
_BYLINE = re.compile(r"[가-힣]{2,4}\s*(?:기자|특파원|객원기자)(?![가-힣])|[\w.+-]+@[\w-]+\.[\w.]+")


@dataclass(frozen=True)
class DateLine:
    date: str  # YYYY-MM-DD
    labelled: bool  # "입력 ..." rather than a bare timestamp (list pages end items with bare ones)
    modified: bool  # only "수정 ..." dates: a later edit, not the publication date


def _iso(match: re.Match[str]) -> str | None:
    try:
        return date(int(match["y"]), int(match["m"]), int(match["d"])).isoformat()
    except ValueError:
        return None


def date_line(line: str) -> DateLine | None:
    """Read a line that holds only dates (with 입력/수정 labels and times, perhaps the
    reporter's name and e-mail: "김예시 기자 | 입력 2026-01-28 16:49"); else None."""
    line = _BYLINE.sub("|", line)
    found: list[tuple[str, str | None]] = []
    pos = 0
    for match in _DATE_PART.finditer(line):
        if line[pos : match.start()].strip(_DATE_GAP):
            return None
        value = _iso(match)
        if value is None:
            return None
        found.append((value, match["label"]))
        pos = match.end()
    if not found or line[pos:].strip(_DATE_GAP):
        return None
    published = [value for value, label in found if not (label and _MODIFIED.search(label))]
    return DateLine(
        date=(published or [found[0][0]])[0],
        labelled=any(label for _, label in found),
        modified=not published,
    )


def parse_date(value: str) -> str | None:
    """The first date in ``value`` as YYYY-MM-DD ("2025-05-17T08:00:00+09:00" -> "2025-05-17")."""
    match = _DATE_PART.search(value)
    return _iso(match) if match else None


# ---------------------------------------------------------------------------------------------
# Outlet tags: "[더지엠뉴스]중국 ...", "[서울=예시통신] 김예시 기자 = ..."
# ---------------------------------------------------------------------------------------------
_TAG = re.compile(r"^\s*\[(?P<tag>[^\[\]\n]{1,30})\]\s*")
# Bracketed labels that mark the kind of story, not who published it: they stay in the text.
# fmt: off
NOT_OUTLETS = frozenset({
    "속보", "단독", "종합", "사진", "포토", "영상", "인터뷰", "기획", "칼럼", "사설", "오피니언", "해설", "특집",
    "르포", "팩트체크", "이슈", "분석", "논평", "기고", "공지", "알림", "광고", "AD", "긴급", "업데이트", "카드뉴스",
})
# fmt: on
_BYLINE_PREFIX = re.compile(r"^[가-힣]{2,4}\s*(?:기자|특파원)\s*=\s*")


def split_outlet_tag(line: str) -> tuple[str | None, str]:
    """Split a leading outlet tag off a line: ``(outlet, rest)``, or ``(None, line)``."""
    match = _TAG.match(line)
    if not match:
        return None, line
    tag = match["tag"].strip()
    if "=" in tag:  # "[서울=예시통신]": a dateline, the outlet follows the "="
        tag = tag.rsplit("=", 1)[1].strip()
    if not tag or tag in NOT_OUTLETS or re.search(r"\d", tag):
        return None, line
    return tag, _BYLINE_PREFIX.sub("", line[match.end() :], count=1)


# ---------------------------------------------------------------------------------------------
# Tickers: stock and cryptocurrency tables that page copies drag along
# ---------------------------------------------------------------------------------------------
_NUMBER_ONLY = re.compile(r"^[\s\d,.%+\-−▲▼△▽↑↓|/()원$₩]*\d[\s\d,.%+\-−▲▼△▽↑↓|/()원$₩]*$")
_TICKER_ROW = re.compile(
    r"^(?P<name>[^\d\s][^\d]{0,19}?)\s*[\t|]?\s*[\d,.]+(?:\s*[\t|]?\s*[+\-−▲▼△▽]?\s*[\d,.]+%?)*"
    r"\s*[\t|]?\s*\(?[+\-−▲▼△▽]?\s*[\d.]+%\)?$"
)
_TICKER_HEADER_WORDS = ("종목", "현재가", "등락률", "전일대비", "전일비", "시가총액", "거래량", "변동률")
# Words that mark a short line as the heading of a ticker table ("가상자산 시세").
TICKER_HEADING = re.compile(r"시세|증시|지수|코인|가상자산|가상화폐|암호화폐|환율|마켓")
TICKER_NAME_MAX = 15
_PHOTO_WORDS = re.compile(r"사진|제공|출처|캡처|촬영|이미지|그래픽")


def _ticker_row(line: str) -> bool:
    """ "코스피 2,650.12 ▲12.30 +0.47%": a name, numbers, and a percentage at the end."""
    return len(line) <= 60 and _TICKER_ROW.match(line.strip()) is not None


def _ticker_header(line: str) -> bool:
    return len(line) <= 60 and sum(word in line for word in _TICKER_HEADER_WORDS) >= 2


def _caption(line: str) -> bool:
    """ "▲ 닝더스다이가 공개한 배터리 팩. (사진=예시뉴스)". Several ▲ in one line are a list in the
    body ("▲반도체 ▲배터리"), and a long one is more likely prose: both are kept."""
    line = line.strip()
    if not line.startswith(("▲", "△")) or line.count("▲") + line.count("△") > 1 or not has_hangul(line):
        return False
    return len(line) <= 150 or _PHOTO_WORDS.search(line) is not None


def _no_hangul(line: str) -> bool:
    return not has_hangul(line)


@dataclass(frozen=True)
class LineRule:
    """A named test for one line that is not article text."""

    name: str
    matches: Matcher


# Word lists are laid out by hand for reading; the formatter would put one word per line.
# fmt: off
LINE_RULES: tuple[LineRule, ...] = (
    # Lines of "-" separate the items of a list page (text.py splits on them).
    LineRule("separator", regex(r"^\s*[-–—―─━]+\s*$")),
    LineRule("date", lambda line: date_line(line) is not None),
    LineRule(
        "bookmark",
        regex(r"북마크.{0,20}(?:되었습니다|했습니다|합니다|됩니다|해제|추가|이용|저장)", max_len=60),
    ),
    LineRule("audio-player", labels("기사 듣기", "음성으로 듣기", "오디오 듣기", "기사 읽어주기", "음성 재생")),
    LineRule("audio-player", regex(r"^(?:기사\s*듣기\s*)?\d{1,2}:\d{2}\s*/\s*(?:\d{1,2}:\d{2})?$")),  # 00:00 /
    LineRule("audio-player", regex(r"^[0-2](?:\.\d{1,2})?x$")),  # playback speed, "1.0x"
    LineRule("font-size", labels("가장작게", "작게", "기본", "크게", "가장크게", "글자크기", "글씨크기", row=True)),
    LineRule(
        "share",
        labels(
            "공유", "공유하기", "기사공유", "페이스북", "트위터", "카카오톡", "카카오스토리", "네이버 블로그",
            "밴드", "링크 복사", "URL 복사", "주소 복사", "인쇄", "프린트", "이메일", "메일 보내기",
            "댓글", "스크랩", "구독", "구독하기", "기사 저장", "북마크",
            row=True,
        ),
    ),
    LineRule(
        "navigation",
        labels("홈", "이전", "다음", "목록", "더보기", "맨위로", "TOP", "이전 기사", "다음 기사", "전체메뉴", "로그인"),
    ),
    LineRule("breadcrumb", regex(r"^[^>›\n]{1,15}(?:\s*[>›]\s*[^>›\n]{1,15}){1,5}$", max_len=80)),
    LineRule("caption", _caption),
    LineRule("photo-credit", regex(r"^\(?(?:사진|그래픽|자료|영상|출처)\s*[=:：]\s*[^()]{1,40}\)?$")),
    LineRule(
        "reaction",
        labels(
            "좋아요", "싫어요", "화나요", "슬퍼요", "훈훈해요", "후속기사 원해요", "추가취재 원해요",
            "놀랐어요", "응원해요", "추천해요", "최고예요", "기뻐요",
        ),
    ),
    LineRule("reaction", regex(r"^(?:[가-힣 ]{1,10}요\s*\d+\s*)+$")),
    LineRule("copyright", regex(r"무단\s*전재|재배포\s*금지|All rights reserved|^\s*(?:ⓒ|©|Copyright)", max_len=150)),
    LineRule("byline", regex(r"^[가-힣]{2,4}\s*(?:기자|특파원|객원기자)$|[\w.+-]+@[\w-]+\.[\w.]+", max_len=60)),
    LineRule("machine-note", regex(r"^AI\s*에\s*의해\s*생성된\s*이미지", max_len=40)),
    LineRule("ticker-note", regex(r"변동률\s*기준|시세\s*제공|지연\s*시세", max_len=40)),
    LineRule("ticker-header", _ticker_header),
    LineRule("ticker-row", _ticker_row),
    LineRule("number-only", lambda line: _NUMBER_ONLY.match(line) is not None),
    LineRule(
        "list-heading",
        labels("최신기사", "최신 뉴스", "전체기사", "실시간 뉴스", "뉴스 목록", "기사 목록", "오늘의 뉴스"),
    ),
    LineRule("markdown-image", regex(r"^!\[[^\]]*\]\([^)]*\)$")),
    # English photo captions, URLs, stray markup: briefing translates Korean.
    LineRule("no-hangul", _no_hangul),
)
# fmt: on

TICKER_RULES = frozenset({"ticker-row", "number-only", "ticker"})


def line_rule(line: str) -> str | None:
    """The name of the first rule that drops ``line``, or None to keep it."""
    for rule in LINE_RULES:
        if rule.matches(line):
            return rule.name
    return None


# ---------------------------------------------------------------------------------------------
# Sections: a heading, then lines that belong to the page, not the article
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Section:
    """A heading that starts lines to drop.

    ``end`` given: drop through the first line it matches (and the end lines right after it,
    a row of buttons), if one comes within ``within`` lines; with no end marker in reach the
    heading is taken for prose and kept. ``end`` None: drop to the end of the text, but only once
    article prose has been seen (``after_body``); before that the heading alone is dropped,
    so a "관련 기사" box above the story cannot swallow it.
    """

    name: str
    start: Matcher
    end: Matcher | None = None
    after_body: bool = True
    within: int = 12
    headline_above: bool = False  # the short line above the heading belongs to it (a story's headline)


# fmt: off
SECTIONS: tuple[Section, ...] = (
    Section(
        "cookie-banner",
        start=regex(r"쿠키.{0,12}(?:사용|허용|동의|설정)|uses? cookies", max_len=60),
        end=labels(
            "거부", "모두 거부", "수락", "모두 수락", "동의", "모두 동의", "허용", "모두 허용", "확인", "닫기",
            "쿠키 설정", "필수 쿠키만 허용", "Reject", "Accept", "Reject all", "Accept all",
        ),
        after_body=False,
    ),
    Section(
        "related",
        labels("관련 기사", "관련 뉴스", "연관 기사", "함께 보면 좋은 기사", "추천 기사", "이 시각 관련 기사"),
    ),
    Section(
        "top-news",
        labels(
            "주요 뉴스", "많이 본 뉴스", "많이 본 기사", "인기 기사", "실시간 인기 기사", "오늘의 주요 뉴스",
            "헤드라인", "랭킹 뉴스", "HOT 뉴스", "이 시각 주요 뉴스",
        ),
    ),
    # Portals put machine-written blurbs of other stories under the article: a headline, this
    # marker, then the blurb. Even without a "관련 기사" heading the marker starts them.
    Section(
        "ai-blurb",
        regex(r"^AI\s*에\s*의해\s*(?:보고됨|작성됨?|요약됨?)$", max_len=40),
        headline_above=True,
    ),
)
# fmt: on


def section_start(line: str) -> Section | None:
    for section in SECTIONS:
        if section.start(line):
            return section
    return None


# ---------------------------------------------------------------------------------------------
# Shapes of lines: sentence, title, prose
# ---------------------------------------------------------------------------------------------
TITLE_MAX = 120  # longer lines are paragraphs, never titles
_CLOSERS = re.escape("\"'”’」』)]")
_PERIOD_END = re.compile(rf"[.。][{_CLOSERS}]*$")
_MARK_END = re.compile(rf"[?!][{_CLOSERS}]*$")


def ends_sentence(line: str) -> bool:
    return bool(_PERIOD_END.search(line) or _MARK_END.search(line))


def is_body_line(line: str) -> bool:
    """Looks like article prose: long, or ends a sentence (a short question is a headline)."""
    if len(line) > TITLE_MAX or _PERIOD_END.search(line):
        return True
    return len(line) >= 60 and _MARK_END.search(line) is not None


def is_prose(line: str) -> bool:
    """Clearly article prose: a real sentence with Korean in it."""
    return len(line) >= 40 and is_body_line(line) and has_hangul(line)
