"""End to end through the command line, on the sample articles and tiny random models."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import Result


@pytest.fixture
def models_env(monkeypatch: pytest.MonkeyPatch, tiny_marian_dir: Path, tiny_bart_dir: Path) -> None:
    monkeypatch.setenv("BRIEFING_MT_MODEL", str(tiny_marian_dir))
    monkeypatch.setenv("BRIEFING_SUMMARIZER", str(tiny_bart_dir))


def _sections(markdown: str) -> list[str]:
    return [line for line in markdown.splitlines() if line.startswith("## ") and line != "## Top stories"]


def test_run_writes_a_briefing_for_the_ten_samples(cli, models_env, samples_file: Path, tmp_path: Path) -> None:
    articles = [line for line in samples_file.read_text(encoding="utf-8").splitlines() if line.strip()]
    out = tmp_path / "out"
    r: Result = cli("run", samples_file, "--out", out, "--date", "2026-11-21", "--json", "--beams", "1")
    assert r.code == 0, r.stderr
    md_path, json_path = out / "briefing-2026-11-21.md", out / "briefing-2026-11-21.json"
    assert r.stdout.split() == [str(md_path), str(json_path)]
    markdown = md_path.read_text(encoding="utf-8")
    assert markdown.startswith("# Daily Briefing — 21 November 2026")
    assert len(_sections(markdown)) == len(articles)
    assert markdown.count("<details>") == len(articles)
    data = json.loads(json_path.read_text(encoding="utf-8"))
    assert len(data["articles"]) == len(articles)
    for item in data["articles"]:
        assert item["headline"] and item["summary"] and item["translation"]
    if samples_file.parent.name == "samples":  # the shared feed: every line carries its outlet tag
        assert {a["source"] for a in data["articles"]} == {"더지엠뉴스"}
    assert data["models"]["translation"]["resolved"].endswith("tiny-marian")
    assert data["stats"]["articles"] == len(articles)
    assert "articles" in r.stderr and "seconds" in r.stderr  # the closing table

    again = cli("run", samples_file, "--out", out, "--date", "2026-11-21")
    assert again.code == 0
    assert "cached" in again.stderr
    stats = json.loads(json_path.read_text(encoding="utf-8"))["stats"]
    assert stats["segments"] > 0


def test_translate_reads_stdin_and_prints_one_block_per_line(cli, models_env) -> None:
    r = cli("translate", stdin="[예시]중국 금융기관들이 자산을 매각했다.\n\n[예시]비야디는 새 공장을 열었다.\n")
    assert r.code == 0, r.stderr
    blocks = r.stdout.strip().split("\n\n")
    assert len(blocks) == 2 and all(b.strip() for b in blocks)


def test_translate_json_with_summary(cli, models_env, tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text("[예시]왕이 외교부장은 베이징에서 회담했다.\n[예시]알리윈은 데이터센터를 열었다.\n", encoding="utf-8")
    r = cli("translate", f, "--json", "--summary")
    assert r.code == 0, r.stderr
    items = json.loads(r.stdout)
    assert len(items) == 2
    assert all(i["translation"] and i["summary"] for i in items)
    # The shipped glossary applies: 왕이 near 외교 is Wang Yi, and it is in the English.
    assert "Wang Yi" in items[0]["translation"]
    assert any(t["english"] == "Wang Yi" for t in items[0]["terms"])


def test_empty_stdin_is_a_clear_error(cli, models_env) -> None:
    r = cli("translate", stdin="")
    assert r.code != 0
    assert r.stderr.startswith("Error:") and len(r.stderr.strip().splitlines()) == 1


def test_missing_model_exits_2_and_keeps_the_existing_briefing(cli, samples_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    existing = out / "briefing-2026-11-21.md"
    existing.write_text("yesterday's careful work\n", encoding="utf-8")
    r = cli("run", samples_file, "--out", out, "--date", "2026-11-21")
    assert r.code == 2
    assert "briefing models pull opus-mt-ko-en" in r.stderr and "Traceback" not in r.stderr
    assert existing.read_text(encoding="utf-8") == "yesterday's careful work\n"
    assert sorted(p.name for p in out.iterdir()) == ["briefing-2026-11-21.md"]  # no temp files left


def test_failing_write_leaves_the_old_briefing(
    cli, models_env, samples_file: Path, tmp_path: Path, monkeypatch
) -> None:
    from briefing import render

    out = tmp_path / "out"
    out.mkdir()
    existing = out / "briefing-2026-11-21.md"
    existing.write_text("old\n", encoding="utf-8")

    def broken(_b):  # type: ignore[no-untyped-def]
        raise OSError("disk full")

    monkeypatch.setattr(render, "to_json", broken)
    with pytest.raises(OSError):
        cli("run", samples_file, "--out", out, "--date", "2026-11-21", "--json", "--beams", "1")
    assert existing.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in out.iterdir()) == ["briefing-2026-11-21.md"]


def test_bad_date_is_one_line(cli, samples_file: Path) -> None:
    r = cli("run", samples_file, "--date", "21/11/2026")
    assert r.code == 1 and "YYYY-MM-DD" in r.stderr


def test_models_list_shows_presets_without_loading_torch(tmp_path: Path) -> None:
    code = (
        "import sys; from briefing.cli import cli_main; rc = cli_main(['models', 'list']); "
        "assert 'torch' not in sys.modules and 'transformers' not in sys.modules, 'heavy import'; sys.exit(rc)"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert "opus-mt-ko-en" in r.stdout and "nllb-200-distilled-600m" in r.stdout and "non-commercial" in r.stdout


@pytest.mark.parametrize("args", [["--help"], ["run", "--help"], ["translate", "--help"], ["ingest", "--help"]])
def test_help_imports_no_torch(args: list[str]) -> None:
    code = (
        "import sys; from briefing.cli import cli_main; rc = cli_main(sys.argv[1:]); "
        "heavy = [m for m in ('torch', 'transformers', 'ctranslate2') if m in sys.modules]; "
        "assert not heavy, heavy; sys.exit(rc)"
    )
    r = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert "Usage" in r.stdout


def test_translate_treats_each_sentence_line_as_an_article(cli, models_env) -> None:
    r = cli(
        "translate",
        "--json",
        stdin="중국 은행이 자산을 팔았다.\n비야디는 새 공장을 열었다.\n샤오미가 신차를 공개했다.\n",
    )
    assert r.code == 0, r.stderr
    assert len(json.loads(r.stdout)) == 3


def test_piped_single_article_with_a_title_stays_one_article(cli, models_env) -> None:
    page = "비야디 헝가리 공장 가동\n\n비야디는 헝가리에서 새 공장을 가동했다. 연간 20만 대를 만든다.\n\n회사는 유럽 판매를 늘린다고 밝혔다.\n"
    r = cli("translate", "--json", stdin=page)
    assert r.code == 0, r.stderr
    [item] = json.loads(r.stdout)
    assert item["title"] and len(item["translation"].split("\n\n")) == 2


def test_models_list_marks_configured_local_models_present(cli, models_env, tiny_marian_dir: Path) -> None:
    r = cli("models", "list", "--json")
    assert r.code == 0, r.stderr
    rows = {(row["name"], row["role"]): row for row in json.loads(r.stdout)}
    mine = rows[(str(tiny_marian_dir), "translation")]
    assert mine["in_use"] and mine["present"] and mine["bytes"] > 10_000
    assert mine["folder"] == str(tiny_marian_dir)
    big = rows[("opus-mt-tc-big-ko-en", "translation")]
    assert not big["present"] and big["hub_id"] == "Helsinki-NLP/opus-mt-tc-big-ko-en"


def test_summarize_reads_english_from_stdin_or_files(cli, models_env, tmp_path: Path) -> None:
    text = "Chinese banks are selling bad loans at deep discounts. Some debts sell below 1% of face value. " * 3
    r = cli("summarize", stdin=text)
    assert r.code == 0, r.stderr
    assert r.stdout.strip()
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(text, encoding="utf-8")
    b.write_text("BYD opened a plant in Hungary. It will build 200,000 cars a year.", encoding="utf-8")
    two = cli("summarize", a, b)
    assert two.code == 0, two.stderr
    assert len([p for p in two.stdout.split("\n\n") if p.strip()]) == 2


def test_summarize_empty_input_names_it(cli, models_env, tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n", encoding="utf-8")
    r = cli("summarize", empty)
    assert r.code == 1 and str(empty) in r.stderr and "no text" in r.stderr
    missing = cli("summarize", tmp_path / "nope.txt")
    assert missing.code == 1 and "nope.txt" in missing.stderr


def test_brackets_in_paths_and_titles_print_as_written(cli, tmp_path: Path) -> None:
    """File names and article text reach the terminal verbatim, never as Rich markup."""
    bad = tmp_path / "notes[b]x[i].txt"
    bad.write_text("", encoding="utf-8")
    good = tmp_path / "page.txt"
    good.write_text(
        "[단독] 비야디 [/b]공장 가동\n\n비야디는 헝가리에서 새 공장을 가동했다고 밝혔다.\n", encoding="utf-8"
    )
    listed = cli("ingest", bad, good)
    assert listed.code == 0, listed.stderr
    assert "[/b]공장" in listed.stdout.replace("\n", "")
    r = cli("translate", bad, good)  # no model here: exits 2 after reporting what it skipped
    assert r.code == 2
    assert "Skipped: " in r.stderr and "notes[b]x[i].txt" in r.stderr
    missing = cli("translate", tmp_path / "[x]" / "a.txt")
    assert missing.code == 1 and "[x]/a.txt" in missing.stderr
