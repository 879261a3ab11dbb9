"""`briefing ingest` end to end: JSON, table, --verbose, problems, exit codes, no model imports."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from briefing.cli import cli_main

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ingest"
KEYS = ["title", "date", "source", "url", "text"]


@pytest.fixture(autouse=True)
def _stable_output(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.delenv("BRIEFING_DEBUG", raising=False)


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    capsys.readouterr()
    code = cli_main(["ingest", *map(str, args)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_json_lists_every_article_with_the_documented_keys(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, FIXTURES / "list_page.txt", FIXTURES / "page.html", "--json")
    assert code == 0
    articles = json.loads(out)
    assert [list(a) for a in articles] == [KEYS] * 4
    assert [a["date"] for a in articles] == ["2025-04-08", "2025-04-08", "2025-04-07", "2025-11-21"]
    assert articles[3]["url"] == "https://news.example.com/articles/20251121-aliyun"
    assert articles[0]["source"] is None and articles[3]["source"] == "예시뉴스"


def test_table_shows_index_source_date_title_and_size(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, FIXTURES / "scraped_article.txt", FIXTURES / "tagged_lines.txt")
    assert code == 0
    assert "source" in out and "date" in out and "title" in out and "chars" in out
    assert "닝더스다이, 나트륨이온 배터리" in out and "2026-01-28" in out and "예시통신" in out
    assert "4 articles" in err and "--verbose" in err


def test_verbose_lists_each_dropped_line_with_its_rule_on_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, FIXTURES / "portal_page.txt", "--json", "--verbose")
    assert code == 0
    assert len(json.loads(out)) == 1  # stdout stays clean JSON
    dropped = [line for line in err.splitlines() if line.startswith("dropped ")]
    assert f"dropped {FIXTURES / 'portal_page.txt'}:6 [related] 관련 기사" in dropped
    assert any("[cookie-banner] 거부" in line for line in dropped)
    assert any("[no-hangul] Chinese Foreign Minister" in line for line in dropped)
    assert len(dropped) == 14  # line 2 (the date) and lines 6-18


def test_bad_files_are_one_line_each_and_the_rest_loads(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    binary = tmp_path / "scan.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    empty = tmp_path / "empty.md"
    empty.write_bytes(b"")
    code, out, err = run(capsys, binary, FIXTURES / "tagged_lines.txt", empty, "--json")
    assert code == 0
    assert len(json.loads(out)) == 3
    problems = [line for line in err.splitlines() if line.startswith("Skipped: ")]
    assert problems == [f"Skipped: {binary}: looks like a binary file, not text", f"Skipped: {empty}: empty file"]


def test_nothing_usable_exits_1_with_one_error_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    english = tmp_path / "english.txt"
    english.write_text("Xi Jinping met Wang Yi.\n", encoding="utf-8")
    code, out, err = run(capsys, english)
    assert code == 1
    assert out == ""
    assert err.strip().splitlines() == [f"Error: {english}: no Korean text in it (briefing translates Korean news)"]


def test_missing_file_exits_1(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, tmp_path / "nope.txt")
    assert code == 1
    assert err.strip() == f"Error: {tmp_path / 'nope.txt'}: no such file or folder"


@pytest.mark.parametrize("args", [[], ["-"]])
def test_standard_input(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, args: list[str]) -> None:
    text = (FIXTURES / "tagged_lines.txt").read_text(encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode("cp949")), "utf-8"))
    code, out, _ = run(capsys, *args, "--json")
    assert code == 0
    assert [a["source"] for a in json.loads(out)] == ["예시통신"] * 3


def test_empty_standard_input_is_one_error_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    code, _, err = run(capsys)
    assert code == 1
    assert err.startswith("Error: no articles on standard input")
    assert len(err.strip().splitlines()) == 1


def test_titles_with_brackets_are_not_rich_markup(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    story = tmp_path / "story.txt"
    story.write_text("[속보] 비야디 [bold]한국[/bold] 진출\n\n비야디가 한국에 진출했다고 밝혔다.\n", encoding="utf-8")
    code, out, _ = run(capsys, story)
    assert code == 0
    assert "[속보] 비야디 [bold]한국[/bold] 진출" in out


def test_ingest_loads_no_model_libraries() -> None:
    """`briefing ingest` must stay fast: neither torch nor transformers may be imported."""
    script = (
        "import sys\n"
        "from briefing.cli import cli_main\n"
        f"code = cli_main(['ingest', {str(FIXTURES / 'scraped_article.txt')!r}, {str(FIXTURES / 'page.html')!r}])\n"
        "heavy = sorted(m for m in ('torch', 'transformers') if m in sys.modules)\n"
        "print('HEAVY', heavy, 'CODE', code)\n"
    )
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "120"}
    env.pop("PYTEST_CURRENT_TEST", None)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "HEAVY [] CODE 0" in done.stdout
