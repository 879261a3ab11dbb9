"""Glossary: Korean-aware matching, loading and overriding, edits that keep files intact, the CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from briefing import glossary as gl
from briefing.errors import GlossaryError
from briefing.glossary import Entry, Glossary, load_glossary
from briefing.records import Article

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The user's glossary lives in a temp dir; no env glossary; stable output."""
    config = tmp_path / "config"
    monkeypatch.setenv("BRIEFING_CONFIG_DIR", str(config))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.delenv("BRIEFING_GLOSSARY", raising=False)
    monkeypatch.delenv("BRIEFING_GLOSSARY_DIR", raising=False)
    monkeypatch.delenv("BRIEFING_DEBUG", raising=False)
    return config


@pytest.fixture
def default() -> Glossary:
    return load_glossary()


def make(*rows: tuple[str, ...]) -> Glossary:
    entries = {}
    for row in rows:
        korean, english, *rest = row
        context = tuple(rest[0].split("|")) if rest else ()
        entries[korean] = Entry(korean, english, context=context)
    return Glossary(entries)


def spans(g: Glossary, text: str) -> list[tuple[str, str]]:
    return [(text[m.start : m.end], m.english) for m in g.match(text)]


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    from briefing.cli import cli_main

    code = cli_main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# ---------------------------------------------------------------------------------------------
# Matching
# ---------------------------------------------------------------------------------------------

SMALL = make(
    ("한국", "South Korea"),
    ("한국은행", "Bank of Korea"),
    ("리창", "Li Qiang"),
    ("이란", "Iran"),
    ("샤오미", "Xiaomi"),
    ("서울", "Seoul"),
    ("바이트댄스", "ByteDance"),
    ("알리바바", "Alibaba"),
    ("텐센트", "Tencent"),
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("리창 총리", [("리창", "Li Qiang")]),
        ("리창이 말했다", [("리창", "Li Qiang")]),  # consonant-final: 이
        ("리창은", [("리창", "Li Qiang")]),
        ("리창을", [("리창", "Li Qiang")]),
        ("리창과", [("리창", "Li Qiang")]),
        ("리창의", [("리창", "Li Qiang")]),
        ("리창에게", [("리창", "Li Qiang")]),
        ("리창으로부터의", [("리창", "Li Qiang")]),  # stacked: 으로부터 + 의
        ("리창이다", [("리창", "Li Qiang")]),  # copula
        ("리창이며", [("리창", "Li Qiang")]),
        ("리창이라는", [("리창", "Li Qiang")]),
        ("샤오미가", [("샤오미", "Xiaomi")]),  # vowel-final: 가
        ("샤오미는", [("샤오미", "Xiaomi")]),
        ("샤오미를", [("샤오미", "Xiaomi")]),
        ("샤오미와", [("샤오미", "Xiaomi")]),
        ("샤오미로", [("샤오미", "Xiaomi")]),
        ("샤오미다.", [("샤오미", "Xiaomi")]),  # copula 이 dropped after a vowel
        ("샤오미였다", [("샤오미", "Xiaomi")]),
        ("샤오미에서도", [("샤오미", "Xiaomi")]),
        ("샤오미까지", [("샤오미", "Xiaomi")]),
        ("샤오미부터", [("샤오미", "Xiaomi")]),
        ("샤오미만", [("샤오미", "Xiaomi")]),
        ("서울로", [("서울", "Seoul")]),  # ㄹ-final takes 로, not 으로
        ("한국에서는", [("한국", "South Korea")]),
        ("이란과의 협상", [("이란", "Iran")]),
    ],
)
def test_particles_and_copula(text: str, expected: list[tuple[str, str]]) -> None:
    assert spans(SMALL, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "리창가",  # 가 only follows a vowel
        "리창를",
        "샤오미이",  # 이 only follows a consonant
        "샤오미은",
        "서울으로",
        "한국인",  # a Chinese/Korean person, not Korea + ending
        "한국산",
        "한국측",
        "리창호",  # more Hangul that is no ending
    ],
)
def test_wrong_allomorph_or_suffix_is_no_match(text: str) -> None:
    assert SMALL.match(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "유리창이 깨졌다",  # 리창 inside a word
        "인공지능이란 무엇인가",  # 이란 inside a word
        "그는 왕이 되었다",  # context not met
        "선전 활동을 강화했다",  # context not met
    ],
)
def test_named_negatives_in_default_glossary(default: Glossary, text: str) -> None:
    assert default.match(text) == []


def test_longest_match_wins() -> None:
    assert spans(SMALL, "한국은행이 금리를") == [("한국은행", "Bank of Korea")]
    assert spans(SMALL, "한국은 행복") == [("한국", "South Korea")]
    # 한국은행 followed by non-ending Hangul falls back to nothing, not to 한국 + 은행...
    assert spans(SMALL, "한국은행권") == []


def test_middle_dot_brackets_quotes_are_boundaries() -> None:
    text = "바이트댄스·알리바바·텐센트"
    assert [e for _, e in spans(SMALL, text)] == ["ByteDance", "Alibaba", "Tencent"]
    assert [e for _, e in spans(SMALL, "[서울]‘리창’이 “샤오미”를 (한국)")] == [
        "Seoul",
        "Li Qiang",
        "Xiaomi",
        "South Korea",
    ]


def test_offsets_index_the_text() -> None:
    text = "17일 리창 총리와 샤오미가"
    got = SMALL.match(text)
    assert [(m.start, m.end, m.korean) for m in got] == [(4, 6, "리창"), (11, 14, "샤오미")]
    assert all(text[m.start : m.end] == m.korean for m in got)
    assert got == sorted(got, key=lambda m: m.start)


def test_context_cues() -> None:
    g = make(("왕이", "Wang Yi", "외교|부장|王毅"), ("선전", "Shenzhen", "홍콩|광둥"))
    assert spans(g, "왕이 외교부장은") == [("왕이", "Wang Yi")]
    assert spans(g, "그는 결국 왕이 되었다.") == []
    # A cue anywhere in the article is enough: callers pass the whole article.
    assert spans(g, "왕이 되었다. 외교 문제는 나중이다.") == [("왕이", "Wang Yi")]
    assert spans(g, "선전에 본사를 둔 기업이 홍콩에 상장") == [("선전", "Shenzhen")]
    assert spans(g, "북한의 선전 활동") == []


def test_default_glossary_named_cases(default: Glossary) -> None:
    assert spans(default, "왕이(王毅, Wang Yi) 외교부장은") == [("왕이(王毅, Wang Yi)", "Wang Yi")]
    text = "닝더스다이(宁德时代, Ningde Shidai, CATL)가 홍콩 증시에"
    assert spans(default, text)[0] == ("닝더스다이(宁德时代, Ningde Shidai, CATL)", "CATL")
    assert spans(default, "한국은행이") == [("한국은행", "Bank of Korea")]
    assert spans(default, "선전은 광둥성의 도시다") == [("선전", "Shenzhen"), ("광둥성", "Guangdong")]
    assert spans(default, "시진핑 주석과 리창 총리") == [("시진핑", "Xi Jinping"), ("리창", "Li Qiang")]


def test_parenthetical_is_part_of_the_match_not_the_particle() -> None:
    text = "리창(李强)은 샤오미(小米, Xiaomi)가 알리바바（阿里巴巴）를"
    got = SMALL.match(text)
    assert [text[m.start : m.end] for m in got] == ["리창(李强)", "샤오미(小米, Xiaomi)", "알리바바（阿里巴巴）"]
    assert text[got[0].end] == "은"


def test_parenthetical_with_hangul_or_digits_is_not_swallowed() -> None:
    assert spans(SMALL, "리창(중국 총리)은") == [("리창", "Li Qiang")]
    assert spans(SMALL, "샤오미(2010)는") == [("샤오미", "Xiaomi")]


def test_a_name_going_on_after_its_parenthetical_is_no_match() -> None:
    g = make(("베이징톈탄", "Beijing Tiantan"))
    assert g.match("베이징톈탄(北京天坛, Tiantan)병원이") == []
    assert spans(g, "베이징톈탄(北京天坛, Tiantan)에서") == [("베이징톈탄(北京天坛, Tiantan)", "Beijing Tiantan")]


def test_script_change_and_punctuation_end_a_word() -> None:
    g = make(("창정", "Long March"), ("G20", "G20"))
    assert spans(g, "창정-2D 로켓") == [("창정", "Long March")]
    assert spans(g, "창정2호") == [("창정", "Long March")]
    assert spans(g, "G20 정상회의, G20에서") == [("G20", "G20"), ("G20", "G20")]
    assert g.match("G200") == []


def test_no_overlaps_and_empty_glossary() -> None:
    assert Glossary({}).match("리창") == []
    g = make(("리창", "Li Qiang"), ("창정", "Long March"))
    assert spans(g, "리창정") == []  # neither: 리창+정 is no ending, 창정 starts mid-word


def test_is_ending_allomorphy() -> None:
    assert gl.is_ending("에서는", "국")
    assert gl.is_ending("으로", "국") and not gl.is_ending("으로", "울") and gl.is_ending("로", "울")
    assert not gl.is_ending("들", "국")
    assert gl.is_ending("가", "D")  # after Latin: the reading is unknown, accept both forms


# ---------------------------------------------------------------------------------------------
# Default glossary
# ---------------------------------------------------------------------------------------------


def test_default_glossary_is_valid_and_big_enough(default: Glossary) -> None:
    assert len(default) >= 300
    assert gl.validate(gl.default_files()) == []
    for e in default.entries.values():
        assert e.english == e.english.strip() and e.korean == e.korean.strip()
    assert default.entries["왕이"].context and default.entries["선전"].context


def test_default_files_do_not_repeat_headwords() -> None:
    seen: dict[str, str] = {}
    for path in gl.default_files():
        for _, e in gl.read_file(path).entries:
            assert e.korean not in seen, f"{e.korean} in {seen.get(e.korean)} and {path.name}"
            seen[e.korean] = path.name


# ---------------------------------------------------------------------------------------------
# Loading: formats, order, overrides, errors
# ---------------------------------------------------------------------------------------------


def test_header_in_any_order_comments_and_blank_lines(tmp_path: Path) -> None:
    f = write(tmp_path / "a.tsv", "# comment\n\ncontext\tenglish\tkorean\n외교|부장\tWang Yi\t왕이\n\n# end\n")
    g = load_glossary([f], include_default=False)
    assert g.entries["왕이"] == Entry("왕이", "Wang Yi", "", ("외교", "부장"), f"{f}:4")


def test_headerless_two_column_and_csv(tmp_path: Path) -> None:
    deepl = write(tmp_path / "deepl.tsv", "리창\tLi Qiang\n샤오미\tXiaomi\n")
    csv_file = write(tmp_path / "b.csv", 'korean,english,note\n왕이,"Wang Yi","foreign minister, China"\n')
    g = load_glossary([deepl, csv_file], include_default=False)
    assert g.entries["리창"].english == "Li Qiang"
    assert g.entries["왕이"].note == "foreign minister, China"


def test_load_order_and_overrides(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, _env: Path) -> None:
    shipped = tmp_path / "shipped"
    write(shipped / "b.tsv", "korean\tenglish\n리창\tLi Qiang (b)\n")
    write(shipped / "a.tsv", "korean\tenglish\n리창\tLi Qiang (a)\n샤오미\tXiaomi\n")
    write(shipped / "ignored.txt", "not a glossary")
    monkeypatch.setenv("BRIEFING_GLOSSARY_DIR", str(shipped))
    write(_env / "glossary.tsv", "korean\tenglish\n샤오미\tXiaomi (user)\n")
    env_file = write(tmp_path / "env.tsv", "korean\tenglish\n샤오미\tXiaomi (env)\n")
    monkeypatch.setenv("BRIEFING_GLOSSARY", str(env_file))
    flag = write(tmp_path / "flag.tsv", "korean\tenglish\n리창\tLi Qiang (flag)\n")

    overrides: list[tuple[str, str]] = []
    g = load_glossary([flag], on_override=lambda old, new: overrides.append((old.english, new.english)))
    assert [p.name for p in g.files] == ["a.tsv", "b.tsv", "glossary.tsv", "env.tsv", "flag.tsv"]
    assert g.entries["리창"].english == "Li Qiang (flag)"
    assert g.entries["샤오미"].english == "Xiaomi (env)"
    assert overrides == [
        ("Li Qiang (a)", "Li Qiang (b)"),
        ("Xiaomi", "Xiaomi (user)"),
        ("Xiaomi (user)", "Xiaomi (env)"),
        ("Li Qiang (b)", "Li Qiang (flag)"),
    ]
    assert len(load_glossary([flag], include_default=False)) == 2  # user + env + flag, not shipped


def test_sha256_tracks_what_changes_output() -> None:
    a = Glossary({"리창": Entry("리창", "Li Qiang", note="x", origin="a:1")})
    b = Glossary({"리창": Entry("리창", "Li Qiang", note="y", origin="b:9")})
    c = Glossary({"리창": Entry("리창", "Li Qiang", context=("총리",))})
    assert a.sha256 == b.sha256 != c.sha256
    assert len(a.sha256) == 64


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("korean\tenglish\n리창\tLi Qiang\textra\n", "2: expected 2 tab-separated columns"),
        ("korean\tenglish\n\tLi Qiang\n", "2: empty headword"),
        ("korean\tenglish\n리창\t\n", "2: empty English for '리창'"),
        ("korean\tnote\n리창\tpremier\n", "1: the header lacks the required column 'english'"),
        ("korean\tenglish\tsource\n", "1: unknown column 'source'"),
        ("리창\tLi Qiang\t총리\n", "1: expected 2 tab-separated columns"),
        (
            "korean\tenglish\n리창\tLi Qiang\n리창\tLi Keqiang\n",
            "3: '리창' maps to 'Li Keqiang' here but to 'Li Qiang' on line 2",
        ),
    ],
)
def test_bad_input_names_file_and_line(tmp_path: Path, content: str, message: str) -> None:
    f = write(tmp_path / "bad.tsv", content)
    with pytest.raises(GlossaryError) as exc:
        load_glossary([f], include_default=False)
    assert str(exc.value).startswith(f"{f}:")
    assert message in str(exc.value)


def test_cp949_file_is_reported_with_its_line(tmp_path: Path) -> None:
    f = write(tmp_path / "cp949.tsv", "korean\tenglish\n리창\tLi Qiang\n", encoding="cp949")
    with pytest.raises(GlossaryError, match=r"cp949.tsv:2: not UTF-8 .*CP949"):
        load_glossary([f], include_default=False)


def test_missing_extra_file(tmp_path: Path) -> None:
    with pytest.raises(GlossaryError, match="no such glossary file"):
        load_glossary([tmp_path / "nope.tsv"], include_default=False)


def test_utf8_bom_and_crlf_are_fine(tmp_path: Path) -> None:
    f = tmp_path / "bom.tsv"
    f.write_bytes("\ufeffkorean\tenglish\r\n리창\tLi Qiang\r\n".encode())
    assert load_glossary([f], include_default=False).entries["리창"].english == "Li Qiang"


def test_validate_reports_everything(tmp_path: Path) -> None:
    f = write(
        tmp_path / "v.tsv",
        "korean\tenglish\tcontext\n리창\tLi Qiang\n리창\tLi Qiang\n왕이\tWang Yi\t외교||부장\n"
        "\tnobody\n왕이\tNetEase\n한\tHan\tx\ty\n",
    )
    problems = [str(p) for p in gl.validate([f])]
    assert problems == [
        f"{f}:3: duplicate of line 2 ('리창')",
        f"{f}:4: empty cue in context '외교||부장' (cues are separated by one '|')",
        f"{f}:5: empty headword (the korean column)",
        f"{f}:6: '왕이' maps to 'NetEase' here but to 'Wang Yi' on line 4; keep one",
        f"{f}:7: expected 3 tab-separated columns (korean, english, context), found 4",
    ]


# ---------------------------------------------------------------------------------------------
# Edits
# ---------------------------------------------------------------------------------------------

ORIGINAL = "# my names\nkorean\tenglish\tnote\tcontext\n\n리창\tLi Qiang\n# firms\n샤오미\tXiaomi\n"


def test_add_remove_round_trip_keeps_comments_and_order(tmp_path: Path) -> None:
    f = write(tmp_path / "mine.tsv", ORIGINAL)
    gl.add_entry("왕이", "Wang Yi", note="FM", context=["외교", "부장"], path=f)
    assert f.read_text() == ORIGINAL + "왕이\tWang Yi\tFM\t외교|부장\n"
    gl.add_entry("리창", "Li Qiang (premier)", path=f, force=True)  # replaced in place
    assert f.read_text().splitlines()[3] == "리창\tLi Qiang (premier)"
    gl.remove_entry("리창 ", path=f)
    gl.remove_entry("왕이", path=f)
    assert f.read_text() == ORIGINAL.replace("리창\tLi Qiang\n", "")


def test_add_keeps_crlf_and_csv_quoting(tmp_path: Path) -> None:
    crlf = write(tmp_path / "w.tsv", "korean\tenglish\r\n리창\tLi Qiang\r\n")
    gl.add_entry("샤오미", "Xiaomi", path=crlf)
    assert crlf.read_bytes() == "korean\tenglish\r\n리창\tLi Qiang\r\n샤오미\tXiaomi\r\n".encode()
    c = write(tmp_path / "c.csv", "korean,english,note\n")
    gl.add_entry("중신증권", "CITIC Securities", note="broker, China", path=c)
    assert c.read_text() == 'korean,english,note\n중신증권,CITIC Securities,"broker, China"\n'
    assert load_glossary([c], include_default=False).entries["중신증권"].note == "broker, China"


def test_add_refuses_a_headword_mapped_elsewhere(tmp_path: Path, _env: Path) -> None:
    with pytest.raises(GlossaryError, match=r"'왕이' already maps to 'Wang Yi' \(.*people.tsv:\d+\); add --force"):
        gl.add_entry("왕이", "NetEase")
    assert not (_env / "glossary.tsv").exists()  # nothing written
    res = gl.add_entry("왕이", "NetEase", context=["게임"], force=True)
    assert res.path == _env / "glossary.tsv"
    text = res.path.read_text()
    assert text.startswith("# ") and "korean\tenglish\tnote\tcontext\n" in text
    assert load_glossary().entries["왕이"].english == "NetEase"
    assert gl.add_entry("왕이", "NetEase", context=["게임"]).action == "unchanged"


def test_remove_missing_points_at_the_right_file(_env: Path) -> None:
    with pytest.raises(GlossaryError, match=r"no entry for '리창'; it comes from .*people.tsv:\d+"):
        gl.remove_entry("리창")


def test_headerless_file_cannot_take_a_note(tmp_path: Path) -> None:
    f = write(tmp_path / "deepl.tsv", "리창\tLi Qiang\n")
    with pytest.raises(GlossaryError, match="no header row"):
        gl.add_entry("샤오미", "Xiaomi", note="phones", path=f)
    gl.add_entry("샤오미", "Xiaomi", path=f)
    assert f.read_text() == "리창\tLi Qiang\n샤오미\tXiaomi\n"


def test_edit_refuses_a_broken_file_and_writes_nothing(tmp_path: Path) -> None:
    f = write(tmp_path / "bad.tsv", "korean\tenglish\n리창\n")
    before = f.read_bytes()
    with pytest.raises(GlossaryError, match=r"bad\.tsv:2: expected 2"):
        gl.add_entry("샤오미", "Xiaomi", path=f)
    assert f.read_bytes() == before


# ---------------------------------------------------------------------------------------------
# Suggest
# ---------------------------------------------------------------------------------------------


def test_suggest_mines_parentheticals() -> None:
    text = (
        "지난 14일 간쑤성(甘肃, Gansu) 주취안에서, 중국에서 뇌-기계 인터페이스(Brain-Computer Interface, BCI) "
        "기술을 연구한 왕젠(王健, Wang Jian) 소장. 북뇌 1호(北脑一号)와 시진핑(习近平, Xi Jinping). "
        "알리샤 바르세나 델라푸엔테(Alicia Bárcena Ibarra) 장관. 수치(2025)."
    )
    got = {s.korean: s.english for s in gl.suggest([Article(text=text)], SMALL)}
    assert got == {
        "간쑤성": "Gansu",
        "뇌-기계 인터페이스": "Brain-Computer Interface",
        "왕젠": "Wang Jian",
        "시진핑": "Xi Jinping",
        "알리샤 바르세나 델라푸엔테": "Alicia Bárcena Ibarra",
    }
    assert "시진핑" not in {s.korean for s in gl.suggest([Article(text=text)], load_glossary())}


def test_apply_suggestions_appends_once(_env: Path) -> None:
    sugg = [gl.Suggestion("왕젠", "Wang Jian", "a.txt:1"), gl.Suggestion("간쑤성", "Gansu", "a.txt:1")]
    assert len(gl.apply_suggestions(sugg)) == 2
    assert gl.apply_suggestions(sugg) == []
    assert load_glossary().entries["왕젠"].note == "suggested from a.txt:1"


# ---------------------------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------------------------


def test_cli_list_grep(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "glossary", "list", "--grep", "wang yi")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "korean\tenglish\tnote\tcontext"
    assert any(line.startswith("왕이\tWang Yi\t") for line in lines)
    assert "entries" in err


def test_cli_list_output_is_a_valid_glossary(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, "glossary", "list")
    assert code == 0
    f = write(tmp_path / "all.tsv", out)
    assert load_glossary([f], include_default=False).entries == {
        k: Entry(e.korean, e.english, e.note, e.context, f"{f}:{i}")
        for i, (k, e) in enumerate(sorted(load_glossary().entries.items()), start=2)
    }


def test_cli_add_remove(capsys: pytest.CaptureFixture[str], _env: Path) -> None:
    code, _, err = run(
        capsys, "glossary", "add", "왕젠", "Wang Jian", "--note", "researcher", "--context", "위성|저장성"
    )
    assert code == 0 and "added" in err
    assert load_glossary().entries["왕젠"].context == ("위성", "저장성")
    code, _, err = run(capsys, "glossary", "add", "왕젠", "Wang Jun")
    assert code == 1 and "already maps to 'Wang Jian'" in err and "--force" in err
    assert len(err.strip().splitlines()) == 1
    code, _, err = run(capsys, "glossary", "remove", "왕젠")
    assert code == 0 and "removed" in err
    assert "왕젠" not in load_glossary().entries


def test_cli_verbose_reports_overrides(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    f = write(tmp_path / "mine.tsv", "korean\tenglish\n리창\tLi Q.\n")
    code, out, err = run(capsys, "glossary", "list", "-g", str(f), "--grep", "Li Q", "--verbose")
    assert code == 0 and "리창\tLi Q." in out
    assert "리창 → Li Q." in err and "overrides Li Qiang" in err


def test_cli_validate(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    good = write(tmp_path / "good.tsv", "korean\tenglish\n리창\tLi Qiang\n")
    bad = write(tmp_path / "bad.tsv", "korean\tenglish\n\tLi Qiang\n", encoding="utf-8")
    cp = write(tmp_path / "cp.tsv", "korean\tenglish\n리창\tLi Qiang\n", encoding="cp949")
    assert run(capsys, "glossary", "validate", str(good))[0] == 0
    code, out, _ = run(capsys, "glossary", "validate", str(good), str(bad), str(cp))
    assert code == 1
    assert out.splitlines() == [
        f"{bad}:2: empty headword (the korean column)",
        f"{cp}:2: not UTF-8 (byte 0xb8); it looks like CP949/EUC-KR; convert it with `iconv -f cp949 -t utf-8`",
    ]
    assert run(capsys, "glossary", "validate")[0] == 0  # the shipped glossary


def test_cli_bad_glossary_is_one_error_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = write(tmp_path / "bad.tsv", "korean\tenglish\n리창\n")
    code, out, err = run(capsys, "glossary", "list", "-g", str(bad))
    assert code == 1 and out == ""
    assert err.strip().splitlines() == [f"Error: {bad}:2: expected 2 tab-separated columns (korean, english), found 1"]


def test_check_articles_offsets(default: Glossary) -> None:
    articles = [Article(text="시진핑(习近平, Xi Jinping) 주석과 리창 총리"), Article(text="유리창이 깨졌다")]
    got = [m.as_json() for m in gl.check_articles(default, articles)]
    assert got == [
        {"article": 0, "term": "시진핑", "english": "Xi Jinping", "start": 0, "end": 20},
        {"article": 0, "term": "리창", "english": "Li Qiang", "start": 25, "end": 27},
    ]


FIXTURES = Path(__file__).resolve().parent / "fixtures" / "glossary"


def test_cli_check_json_offsets_agree_with_ingest(capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("briefing.ingest", reason="ingest is being written in parallel")
    news = FIXTURES / "news.txt"  # three one-line articles; the third holds only negatives
    code, out, _ = run(capsys, "glossary", "check", str(news), "--json")
    assert code == 0
    got = json.loads(out)
    code, ingest_out, _ = run(capsys, "ingest", str(news), "--json")
    assert code == 0
    texts = [a["text"] for a in json.loads(ingest_out)]
    assert len(texts) == 3
    assert {m["article"] for m in got} == {0, 1}
    for m in got:
        assert set(m) == {"article", "term", "english", "start", "end"}
        assert texts[m["article"]][m["start"] : m["end"]].startswith(m["term"])
    assert {(m["article"], m["term"], m["english"]) for m in got} >= {
        (0, "왕이", "Wang Yi"),
        (1, "왕이", "Wang Yi"),
        (1, "시진핑", "Xi Jinping"),
    }
    wang = next(m for m in got if m["article"] == 1 and m["term"] == "왕이")
    assert texts[1][wang["start"] : wang["end"]] == "왕이(王毅, Wang Yi)"
    code, out, _ = run(capsys, "glossary", "check", str(news))
    assert code == 0 and "article 2" in out and "Wang Yi" in out


def test_cli_suggest(capsys: pytest.CaptureFixture[str], tmp_path: Path, _env: Path) -> None:
    pytest.importorskip("briefing.ingest", reason="ingest is being written in parallel")
    src = write(tmp_path / "news.md", "저장성 연구기관의 왕젠(王健, Wang Jian) 소장은 신화통신을 통해 말했다.\n")
    code, out, _ = run(capsys, "glossary", "suggest", str(src))
    assert code == 0 and "왕젠\tWang Jian" in out
    assert not (_env / "glossary.tsv").exists()
    code, out, _ = run(capsys, "glossary", "suggest", str(src), "--apply")
    assert code == 0 and load_glossary().entries["왕젠"].english == "Wang Jian"


def test_glossary_commands_do_not_import_torch(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from briefing.cli import cli_main\n"
        "rc = cli_main(['glossary', 'list', '--grep', '리창'])\n"
        "heavy = sorted(m for m in ('torch', 'transformers', 'kiwipiepy') if m in sys.modules)\n"
        "print('HEAVY', heavy, rc)\n"
    )
    env = {**os.environ, "BRIEFING_CONFIG_DIR": str(tmp_path), "NO_COLOR": "1"}
    env.pop("PYTEST_CURRENT_TEST", None)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=REPO, check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().splitlines()[-1] == "HEAVY [] 0"
