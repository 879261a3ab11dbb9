"""Ingest as a library: ``briefing.ingest.load`` on the page shapes people really paste.

The fixtures in tests/fixtures/ingest imitate real pages (written for these tests, not copied).
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from briefing.errors import InputError
from briefing.ingest import Dropped, IngestResult, load
from briefing.ingest.rules import date_line, line_rule, split_outlet_tag
from briefing.records import Article

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ingest"
REPO = Path(__file__).resolve().parents[1]
SHARED_SAMPLES = REPO.parent / "shared" / "samples"


@pytest.fixture(autouse=True)
def _stable_output(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "120")


def one(result: IngestResult) -> Article:
    assert len(result.articles) == 1, [a.title for a in result.articles]
    return result.articles[0]


def assert_no_boilerplate(text: str, boilerplate: list[str]) -> None:
    leaked = [b for b in boilerplate if b in text]
    assert not leaked, f"boilerplate left in the text: {leaked}"


def rules_of(result: IngestResult) -> set[str]:
    return {d.rule for d in result.dropped}


# --- a copied article page ---------------------------------------------------------------------

SCRAPED_BOILERPLATE = [
    "북마크", "비트코인", "이더리움", "143,250,000", "+1.25%", "변동률", "입력", "수정 2026",
    "기사 듣기", "00:00", "가장작게", "작게", "크게", "▲", "사진=", "좋아요", "화나요", "슬퍼요",
    "추가취재", "주요 뉴스", "테슬라 제쳐", "두 번째 데이터센터", "코스피", "나스닥", "현재가",
    "[예시뉴스]", "리튬 가격 반등 속 원가 절감 노려",
]  # fmt: skip


def test_scraped_page_keeps_prose_quotes_and_subheadings() -> None:
    result = load([FIXTURES / "scraped_article.txt"])
    article = one(result)
    assert article.title == '닝더스다이, 나트륨이온 배터리 양산…"영하 20도에서도 성능 유지"'
    assert article.date == "2026-01-28"  # the 입력 date, not the 수정 one
    assert article.source == "예시뉴스"
    paragraphs = article.text.split("\n\n")
    assert len(paragraphs) == 5
    assert paragraphs[0].startswith("중국 배터리 업체 닝더스다이가")
    assert paragraphs[2] == '"원가 경쟁이 관건"'  # an in-text subheading stays
    assert '"리튬 공급이 흔들려도' in article.text  # quotes stay
    assert paragraphs[-1].endswith('서둘러야 한다"고 말했다.')
    assert_no_boilerplate(article.text, SCRAPED_BOILERPLATE)
    assert article.origin.endswith("scraped_article.txt:12")  # the title line


def test_scraped_page_names_the_rule_for_every_dropped_line() -> None:
    result = load([FIXTURES / "scraped_article.txt"])
    expected = {
        "bookmark", "ticker", "number-only", "ticker-row", "ticker-note", "date", "audio-player",
        "font-size", "subtitle", "caption", "reaction", "top-news", "ticker-header",
    }  # fmt: skip
    assert expected <= rules_of(result)
    by_line = {d.origin.rsplit(":", 1)[1]: d for d in result.dropped}
    assert by_line["17"] == Dropped(by_line["17"].origin, "• 가장작게", "font-size")
    assert by_line["24"].rule == "caption"  # the second caption in a row
    assert by_line["35"].rule == "top-news"


# --- a list page -------------------------------------------------------------------------------

LIST_TITLES = [
    "비야디, 1분기 해외 판매 3배…유럽·동남아 공략 가속",
    "알리윈, 생성형 AI 요금 최대 50% 인하",
    '왕이 외교부장 "한중 관계, 실용적 협력으로 풀어야"',
]


def test_list_page_gives_one_article_per_item() -> None:
    result = load([FIXTURES / "list_page.txt"])
    assert [a.title for a in result.articles] == LIST_TITLES
    assert [a.date for a in result.articles] == ["2025-04-08", "2025-04-08", "2025-04-07"]
    for article in result.articles:
        assert "\n" not in article.text  # one body paragraph each
        assert_no_boilerplate(article.text, ["최신기사", "2025-04-0", ":06:28", "1 2 3", "다음"])
    assert result.articles[1].text.endswith('목표"라고 말했다.')
    assert {"list-heading", "separator", "date", "number-only", "navigation"} <= rules_of(result)


def test_list_page_without_separators_splits_at_timestamps(tmp_path: Path) -> None:
    text = (FIXTURES / "list_page.txt").read_text(encoding="utf-8")
    page = tmp_path / "list.txt"
    page.write_text("\n".join(line for line in text.split("\n") if line != "-"), encoding="utf-8")
    result = load([page])
    assert [a.title for a in result.articles] == LIST_TITLES
    assert [a.date for a in result.articles] == ["2025-04-08", "2025-04-08", "2025-04-07"]


# --- a portal page -----------------------------------------------------------------------------


def test_portal_page_skips_related_stories_and_cookie_banner() -> None:
    result = load([FIXTURES / "portal_page.txt"])
    article = one(result)
    assert article.title == '왕이 "한중 공급망 대화 정례화…반도체·배터리 협력 확대"'
    assert article.date == "2025-11-03"
    assert len(article.text.split("\n\n")) == 3
    assert article.text.endswith("차관급 전략대화를 열기로 했다고 밝혔다.")
    assert_no_boilerplate(
        article.text,
        ["관련 기사", "AI에 의해", "경주 APEC", "보급형 차종", "Wang Yi", "쿠키", "수락", "거부", "오후 3:12"],
    )
    assert {"related", "machine-note", "no-hangul", "cookie-banner"} <= rules_of(result)


def test_machine_written_blurbs_go_even_without_a_related_heading(tmp_path: Path) -> None:
    text = (FIXTURES / "portal_page.txt").read_text(encoding="utf-8").replace("관련 기사\n", "")
    page = tmp_path / "portal.txt"
    page.write_text(text, encoding="utf-8")
    result = load([page])
    article = one(result)
    assert len(article.text.split("\n\n")) == 3
    assert_no_boilerplate(article.text, ["경주 APEC", "AI에 의해", "보급형 차종", "쿠키"])
    blurbs = [d.line for d in result.dropped if d.rule == "ai-blurb"]
    assert blurbs[0] == "시진핑, 경주 APEC 참석 후 첫 한중 정상회담"  # the headline above the marker


# --- one article per line ----------------------------------------------------------------------


def test_outlet_tags_become_the_source() -> None:
    result = load([FIXTURES / "tagged_lines.txt"])
    assert len(result.articles) == 3
    assert {a.source for a in result.articles} == {"예시통신"}
    assert result.articles[0].text.startswith("시진핑 중국 국가주석이")
    # "[서울=예시통신] 김예시 기자 = ..." : the dateline and byline go, the prose stays.
    assert result.articles[1].text.startswith("비야디가 한국 승용차 시장에서")
    assert [a.origin.rsplit(":", 1)[1] for a in result.articles] == ["1", "2", "3"]


def test_examples_load_as_tagged_articles() -> None:
    result = load([REPO / "examples" / "articles.txt"])
    assert len(result.articles) == 4
    assert {a.source for a in result.articles} == {"예시뉴스"}
    text = " ".join(a.text for a in result.articles)
    for name in ("시진핑", "왕이", "알리윈", "닝더스다이", "비야디"):
        assert name in text
    assert all(300 <= len(a.text) <= 620 for a in result.articles)


def test_shared_samples_load_as_ten_articles() -> None:
    if not SHARED_SAMPLES.is_dir():
        pytest.skip(f"{SHARED_SAMPLES} is not in this checkout")
    files = sorted(SHARED_SAMPLES.glob("*.txt"))
    assert files, f"{SHARED_SAMPLES} has no .txt files"
    result = load(files)
    assert len(result.articles) == 10
    assert {a.source for a in result.articles} == {"더지엠뉴스"}
    assert not any(a.text.startswith("[") for a in result.articles)
    assert result.problems == []


def test_long_untagged_lines_without_blank_lines_are_one_article_each(tmp_path: Path) -> None:
    lines = [a.text for a in load([REPO / "examples" / "articles.txt"]).articles]
    feed = tmp_path / "feed.txt"
    feed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert [a.text for a in load([feed]).articles] == lines
    # The same lines with blank lines between them are the paragraphs of one article.
    story = tmp_path / "story.txt"
    story.write_text("\n\n".join(lines) + "\n", encoding="utf-8")
    article = one(load([story]))
    assert article.text == "\n\n".join(lines)
    assert article.title is None


def test_one_article_per_file_with_title_and_blank_line_paragraphs(tmp_path: Path) -> None:
    story = tmp_path / "story.txt"
    story.write_text(
        "비야디, 한국 판매 목표 두 배로\n\n"
        "중국 전기차 기업 비야디가 한국 판매 목표를 두 배로 높였다.\n\n"
        "비야디코리아는 올해 판매량이 지난해 전체를 넘어섰다고 밝혔다.\n",
        encoding="utf-8",
    )
    article = one(load([story]))
    assert article.title == "비야디, 한국 판매 목표 두 배로"
    assert article.text.split("\n\n") == [
        "중국 전기차 기업 비야디가 한국 판매 목표를 두 배로 높였다.",
        "비야디코리아는 올해 판매량이 지난해 전체를 넘어섰다고 밝혔다.",
    ]


def test_markdown_article_joins_wrapped_lines() -> None:
    article = one(load([FIXTURES / "article.md"]))
    assert article.title == "알리윈, 서울에 두 번째 데이터센터 연다"
    assert article.date == "2025-11-21"
    paragraphs = article.text.split("\n\n")
    assert len(paragraphs) == 4
    assert paragraphs[0].startswith("알리바바그룹의 클라우드 자회사 알리윈이 한국에 두 번째 데이터센터를 세운다.")
    assert paragraphs[2] == "국내 업체와 가격 경쟁 예상"  # "## ..." subheading, without the hashes
    assert "#" not in article.text


# --- HTML --------------------------------------------------------------------------------------

HTML_BOILERPLATE = ["비트코인", "많이 본 뉴스", "Copyright", "무단전재", "공유하기", "인쇄", "대표전화", "▲", "홈"]


def check_html_article(article: Article) -> None:
    assert article.title == "알리윈, 서울에 두 번째 데이터센터 연다"
    assert article.date == "2025-11-21"
    assert article.source == "예시뉴스"
    assert article.url == "https://news.example.com/articles/20251121-aliyun"
    assert article.text.startswith("알리바바그룹의 클라우드 자회사 알리윈이")
    assert "국내 업체와 가격 경쟁 예상" in article.text.split("\n\n")
    assert article.text.endswith('"이라고 내다봤다.')
    assert_no_boilerplate(article.text, HTML_BOILERPLATE)


def test_html_page_gives_title_date_and_text() -> None:
    check_html_article(one(load([FIXTURES / "page.html"])))


def test_html_in_euc_kr_with_meta_charset(tmp_path: Path) -> None:
    html = (FIXTURES / "page.html").read_text(encoding="utf-8")
    page = tmp_path / "page.htm"
    page.write_bytes(html.replace('charset="utf-8"', 'charset="euc-kr"').replace("©", "ⓒ").encode("euc-kr"))
    check_html_article(one(load([page])))


def test_page_saved_as_txt_is_read_as_html(tmp_path: Path) -> None:
    saved = tmp_path / "saved.txt"
    saved.write_bytes((FIXTURES / "page.html").read_bytes())
    check_html_article(one(load([saved])))


# --- encodings ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "newline"),
    [("utf-8", "\n"), ("utf-8-sig", "\n"), ("utf-8", "\r\n"), ("cp949", "\n"), ("euc-kr", "\r\n"), ("utf-16", "\n")],
)
@pytest.mark.parametrize("fixture", ["scraped_article.txt", "list_page.txt", "portal_page.txt"])
def test_encodings_and_line_ends_read_the_same(tmp_path: Path, fixture: str, encoding: str, newline: str) -> None:
    # "•" has no EUC-KR code; Korean sites in legacy encodings use "·" for the same bullets.
    text = (FIXTURES / fixture).read_text(encoding="utf-8").replace("•", "·")
    reference = tmp_path / "reference.txt"
    reference.write_text(text, encoding="utf-8")
    variant = tmp_path / f"variant-{encoding}.txt"
    variant.write_bytes(text.replace("\n", newline).encode(encoding))
    expected = load([reference]).articles
    got = load([variant]).articles
    assert [(a.title, a.date, a.source, a.text) for a in got] == [(a.title, a.date, a.source, a.text) for a in expected]
    assert all("\r" not in a.text and "\ufeff" not in a.text for a in got)


def test_cp949_only_syllables_are_detected(tmp_path: Path) -> None:
    # 똠, 햏, 쀍 are in CP949 but not in EUC-KR: a strict EUC-KR decoder fails on them.
    text = "[예시뉴스]똠방각하로 불린 햏 씨가 쀍 소리를 냈다는 제보가 이어졌다고 예시뉴스가 28일 보도했다.\n"
    file = tmp_path / "legacy.txt"
    file.write_bytes(text.encode("cp949"))
    assert one(load([file])).text == text.strip().removeprefix("[예시뉴스]")


# --- JSON Lines --------------------------------------------------------------------------------


def test_jsonl_fields() -> None:
    result = load([FIXTURES / "articles.jsonl"])
    first, second, third = result.articles
    assert first == Article(
        text="왕이 중국 외교부장이 한중 공급망 대화를 정례화하자고 제안했다.\n\n"
        "왕이는 반도체와 배터리 협력을 강조했다.",
        title="왕이, 한중 공급망 대화 정례화 제안",
        date="2025-11-03",
        source="예시뉴스",
        url="https://news.example.com/a/1",
        origin=f"{FIXTURES / 'articles.jsonl'}:1",
    )
    assert (second.date, second.source, second.title) == ("2025-11-21", "예시통신", None)
    assert second.text.startswith("알리윈이")
    assert (third.title, third.date) == ("비야디 한국 판매 목표 상향", None)


def test_jsonl_bad_line_is_named_and_the_rest_loads(tmp_path: Path) -> None:
    file = tmp_path / "export.jsonl"
    good = json.dumps({"text": "비야디가 한국 판매 목표를 두 배로 높였다."}, ensure_ascii=True)
    file.write_text(f'{good}\n{{"text": "왕이가 말했다" \n{good}\n', encoding="utf-8")
    result = load([file])
    assert len(result.articles) == 2
    assert len(result.problems) == 1
    assert result.problems[0].startswith(f"{file}:2: not valid JSON")


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"text": "왕이가 말했다"', "not valid JSON"),
        ('["왕이가 말했다"]', "JSON object"),
        ('{"title": "왕이"}', '"text"'),
        ('{"text": "왕이가 말했다.", "date": 20251103}', '"date" must be a string'),
        ('{"text": "왕이가 말했다.", "date": "어제"}', "is not a date"),
    ],
)
def test_jsonl_with_only_bad_lines_fails_naming_file_and_line(tmp_path: Path, line: str, message: str) -> None:
    file = tmp_path / "bad.jsonl"
    file.write_text(f"\n{line}\n", encoding="utf-8")
    with pytest.raises(InputError, match=message) as info:
        load([file])
    assert f"{file}:2:" in str(info.value)
    assert "\n" not in str(info.value)


# --- bad input ---------------------------------------------------------------------------------

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10" + bytes(range(256))


def bad_inputs(tmp_path: Path) -> dict[str, Path]:
    """One of each kind of unusable input, by the phrase its problem line contains."""
    (tmp_path / "photo.txt").write_bytes(PNG)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.md").write_text("\n  \n\t\n", encoding="utf-8")
    (tmp_path / "english.txt").write_text("Xi Jinping met Wang Yi in Beijing.\n", encoding="utf-8")
    (tmp_path / "furniture.txt").write_text("기사 듣기\n가장작게\n좋아요0\n", encoding="utf-8")
    (tmp_path / "nothing").mkdir()
    (tmp_path / "nothing" / "report.pdf").write_bytes(b"%PDF-1.4\n")
    return {
        "binary": tmp_path / "photo.txt",
        "empty file": tmp_path / "empty.txt",
        "empty file ": tmp_path / "blank.md",
        "no Korean text": tmp_path / "english.txt",
        "no article text left": tmp_path / "furniture.txt",
        "no readable files": tmp_path / "nothing",
        "no such file": tmp_path / "missing.txt",
    }


def test_each_bad_input_is_one_problem_and_the_rest_still_loads(tmp_path: Path) -> None:
    bad = bad_inputs(tmp_path)
    result = load([*bad.values(), FIXTURES / "tagged_lines.txt"])
    assert len(result.articles) == 3
    assert len(result.problems) == len(bad)
    for (phrase, path), problem in zip(bad.items(), result.problems, strict=True):
        assert problem.startswith(f"{path}: "), problem
        assert phrase.strip() in problem
        assert "\n" not in problem


def test_nothing_usable_raises_one_line_naming_the_file(tmp_path: Path) -> None:
    for phrase, path in bad_inputs(tmp_path).items():
        with pytest.raises(InputError) as info:
            load([path])
        message = str(info.value)
        assert message.startswith(f"{path}: ") and phrase.strip() in message
        assert "\n" not in message


def test_several_failures_are_summarised_in_one_line(tmp_path: Path) -> None:
    bad = bad_inputs(tmp_path)
    with pytest.raises(InputError) as info:
        load(list(bad.values()))
    message = str(info.value)
    assert message.startswith(f"no usable articles in {len(bad)} inputs: ")
    assert str(bad["binary"]) in message and "and 4 more" in message
    assert "\n" not in message


def test_folder_with_only_bad_files_lists_each(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_bytes(b"")
    (folder / "b.txt").write_bytes(PNG)
    (folder / "c.txt").write_text("[예시뉴스]비야디가 판매 목표를 높였다.", encoding="utf-8")
    result = load([folder])
    assert len(result.articles) == 1
    assert [p.split(":")[0] for p in result.problems] == [str(folder / "a.txt"), str(folder / "b.txt")]


# --- standard input ----------------------------------------------------------------------------


def test_stdin_is_read_like_a_txt_file() -> None:
    text = (FIXTURES / "tagged_lines.txt").read_text(encoding="utf-8")
    for inputs in ([], ["-"]):
        result = load(inputs, stdin=io.StringIO(text))
        assert len(result.articles) == 3
        assert result.articles[0].origin == "<stdin>:1"


def test_stdin_bytes_in_cp949_are_detected() -> None:
    text = (FIXTURES / "portal_page.txt").read_text(encoding="utf-8")
    stream = io.TextIOWrapper(io.BytesIO(text.encode("cp949")), encoding="utf-8")
    assert one(load(["-"], stdin=stream)).date == "2025-11-03"


@pytest.mark.parametrize("content", ["", "\n\n  \n"])
def test_empty_stdin_is_an_input_error(content: str) -> None:
    with pytest.raises(InputError, match=r"^no articles on standard input"):
        load([], stdin=io.StringIO(content))


# --- order -------------------------------------------------------------------------------------


def test_order_is_inputs_as_given_and_folders_sorted_by_path(tmp_path: Path) -> None:
    folder = tmp_path / "news"
    (folder / "b").mkdir(parents=True)
    (folder / ".hidden").mkdir()
    for rel, word in [
        ("c.txt", "셋째"),
        ("a.md", "첫째"),
        ("b/z.txt", "둘째"),
        (".hidden/x.txt", "숨김"),
        ("notes.csv", "표"),
    ]:
        (folder / rel).write_text(f"[예시뉴스]{word} 기사가 나왔다.\n", encoding="utf-8")
    single = tmp_path / "single.txt"
    single.write_text("[예시뉴스]맨 앞 기사가 나왔다.\n", encoding="utf-8")
    result = load([single, folder])
    assert [a.text.split()[0] for a in result.articles] == ["맨", "첫째", "둘째", "셋째"]
    assert result.articles[2].origin == f"{folder / 'b' / 'z.txt'}:1"
    assert load([single, folder]).articles == result.articles


# --- rules: keep prose when unsure --------------------------------------------------------------


def test_prose_that_resembles_boilerplate_is_kept(tmp_path: Path) -> None:
    story = tmp_path / "story.txt"
    lines = [
        "관련 기사",  # above the story: only the heading goes, not the story under it
        "쿠키 규제 강화된다",
        "방송통신위원회는 웹사이트가 쿠키를 사용할 때 이용자의 동의를 더 분명하게 받도록 하는 지침을 내놓았다.",
        "▲반도체 ▲배터리 ▲바이오 등 세 분야의 기업이 먼저 점검을 받는다.",
        "위원회는 관련 기사와 광고를 구분해 표시하도록 하는 방안도 함께 검토하고 있다고 밝혔다.",
    ]
    story.write_text("\n".join(lines) + "\n", encoding="utf-8")
    article = one(load([story]))
    assert article.title == "쿠키 규제 강화된다"
    assert article.text.split("\n\n") == lines[2:]


@pytest.mark.parametrize(
    ("line", "day"),
    [
        ("입력 2026-01-28 16:49", "2026-01-28"),
        ("입력 2026.01.28 16:49 | 수정 2026.01.29 09:00", "2026-01-28"),
        ("수정 2026-01-29 09:00", "2026-01-29"),
        ("2025.11.03. 오후 3:12", "2025-11-03"),
        ("2025-04-08 08:06:28", "2025-04-08"),
        ("기사입력 : 2026년 1월 28일 16:49", "2026-01-28"),
        ("등록 2026-01-28(수) 16:49", "2026-01-28"),
    ],
)
def test_date_lines(line: str, day: str) -> None:
    parsed = date_line(line)
    assert parsed is not None and parsed.date == day


@pytest.mark.parametrize("line", ["2026년 1월 28일 시진핑 주석이 방한했다.", "2026-13-40 16:49", "입력"])
def test_not_date_lines(line: str) -> None:
    assert date_line(line) is None


@pytest.mark.parametrize(
    ("line", "outlet", "rest"),
    [
        ("[더지엠뉴스]중국 금융기관들이", "더지엠뉴스", "중국 금융기관들이"),
        ("[베이징=예시통신] 김예시 특파원 = 왕이 부장이", "예시통신", "왕이 부장이"),
        ("[속보] 비야디 한국 진출", None, "[속보] 비야디 한국 진출"),
        ("[종합2보] 알리윈 데이터센터", None, "[종합2보] 알리윈 데이터센터"),
    ],
)
def test_outlet_tags(line: str, outlet: str | None, rest: str) -> None:
    assert split_outlet_tag(line) == (outlet, rest)


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("  • 가장작게", "font-size"),
        ("추가취재 원해요0", "reaction"),
        ("00:00 / 03:12", "audio-player"),
        ("▲ 왕이 외교부장이 3일 발언하고 있다. (사진=예시뉴스)", "caption"),
        ("ⓒ 예시뉴스 무단전재 및 재배포 금지", "copyright"),
        ("홈 > 국제 > 중국", "breadcrumb"),
        ("비트코인 143,250,000 +1.25%", "ticker-row"),
        ("AI에 의해 생성된 이미지", "machine-note"),
        ("Photo: Xinhua", "no-hangul"),
        ("닝더스다이가 나트륨이온 배터리를 공개했다.", None),
        ("크게 늘었다", None),
        ("카카오, 북마크 기능 개편", None),
    ],
)
def test_line_rules(line: str, rule: str | None) -> None:
    assert line_rule(line.strip()) == rule


def test_sentence_lines_without_blank_lines_are_one_article_each(tmp_path: Path) -> None:
    f = tmp_path / "feed.txt"
    f.write_text("중국 은행이 자산을 팔았다.\n비야디는 새 공장을 열었다.\n", encoding="utf-8")
    result = load([f])
    assert [a.text for a in result.articles] == ["중국 은행이 자산을 팔았다.", "비야디는 새 공장을 열었다."]
    assert all(a.title is None for a in result.articles)


def test_a_title_line_keeps_a_page_without_blank_lines_together(tmp_path: Path) -> None:
    f = tmp_path / "page.txt"
    f.write_text(
        "비야디 헝가리 공장 가동\n비야디는 헝가리에서 새 공장을 가동했다.\n회사는 판매를 늘린다고 밝혔다.\n",
        encoding="utf-8",
    )
    [article] = load([f]).articles
    assert article.title == "비야디 헝가리 공장 가동"
