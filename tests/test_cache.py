"""Translation memory: hits and misses, keys, broken files, concurrent runs, and the CLI."""

from __future__ import annotations

import json
import multiprocessing
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from briefing.cache import (
    FILENAME,
    TranslationMemory,
    cache_info,
    clear_cache,
    default_path,
    model_key,
    settings_key,
)

MODEL = model_key("Helsinki-NLP/opus-mt-ko-en", "abc123")
SETTINGS = settings_key({"num_beams": 4, "max_new_tokens": 256})


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "tm" / FILENAME


def test_default_path_follows_briefing_cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRIEFING_CACHE_DIR", str(tmp_path / "elsewhere"))
    assert default_path() == tmp_path / "elsewhere" / FILENAME


def test_hits_and_misses(db: Path) -> None:
    with TranslationMemory.open(db) as tm:
        assert tm.enabled and tm.warning is None
        assert tm.get_many(MODEL, SETTINGS, ["가", "나"]) == {}
        tm.put_many(MODEL, SETTINGS, [("가", "A"), ("나", "B")])
        assert tm.get_many(MODEL, SETTINGS, ["가", "다", "나", "가"]) == {"가": "A", "나": "B"}
        tm.put_many(MODEL, SETTINGS, [("가", "A2")])  # a retranslation replaces the old one
        assert tm.get_many(MODEL, SETTINGS, ["가"]) == {"가": "A2"}
    with TranslationMemory.open(db) as tm:  # it persists
        assert tm.get_many(MODEL, SETTINGS, ["나"]) == {"나": "B"}
        assert tm.info().entries == 2


def test_many_segments_in_one_lookup(db: Path) -> None:
    pairs = [(f"문장 {i}", f"sentence {i}") for i in range(2500)]  # more than SQLite's old 999-parameter limit
    with TranslationMemory.open(db) as tm:
        tm.put_many(MODEL, SETTINGS, pairs)
        assert tm.get_many(MODEL, SETTINGS, [s for s, _ in pairs]) == dict(pairs)


def test_keys_differ_by_model_revision_and_settings(db: Path) -> None:
    other_revision = model_key("Helsinki-NLP/opus-mt-ko-en", "def456")
    other_settings = settings_key({"num_beams": 1, "max_new_tokens": 256})
    with TranslationMemory.open(db) as tm:
        tm.put_many(MODEL, SETTINGS, [("가", "A")])
        assert tm.get_many(other_revision, SETTINGS, ["가"]) == {}
        assert tm.get_many(MODEL, other_settings, ["가"]) == {}
        assert tm.get_many(model_key("other/model"), SETTINGS, ["가"]) == {}
        tm.put_many(MODEL, other_settings, [("가", "A-greedy")])
        assert tm.get_many(MODEL, SETTINGS, ["가"]) == {"가": "A"}
        assert tm.get_many(MODEL, other_settings, ["가"]) == {"가": "A-greedy"}


def test_settings_key_is_order_independent() -> None:
    assert settings_key({"a": 1, "b": [1, 2]}) == settings_key({"b": [1, 2], "a": 1})
    assert settings_key({"a": 1}) != settings_key({"a": 2})


def _assert_uncached(tm: TranslationMemory) -> None:
    assert not tm.enabled
    tm.put_many(MODEL, SETTINGS, [("가", "A")])  # a no-op, not an error
    assert tm.get_many(MODEL, SETTINGS, ["가"]) == {}
    assert tm.info().entries == 0


def test_corrupt_file_warns_once_and_runs_uncached(db: Path) -> None:
    db.parent.mkdir(parents=True)
    garbage = b"this is not sqlite at all \x00\xff" * 200
    db.write_bytes(garbage)
    seen: list[str] = []
    tm = TranslationMemory.open(db, on_warning=seen.append)
    assert tm.problem == "corrupt"
    assert tm.warning is not None and "\n" not in tm.warning and "briefing cache clear" in tm.warning
    assert seen == [tm.warning]
    _assert_uncached(tm)
    assert seen == [tm.warning]  # one warning per run, however often it is used
    assert db.read_bytes() == garbage  # a run never destroys the file; `cache clear` does
    tm.close()


def test_clear_removes_a_corrupt_file(db: Path) -> None:
    db.parent.mkdir(parents=True)
    db.write_bytes(b"\x00garbage" * 100)
    assert clear_cache(db) == 0
    assert not db.exists()
    with TranslationMemory.open(db) as tm:
        assert tm.enabled


def test_cache_dir_under_a_file_is_unwritable(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    tm = TranslationMemory.open(blocker / "sub" / FILENAME)
    assert tm.problem == "unwritable" and tm.warning and "BRIEFING_CACHE_DIR" in tm.warning
    _assert_uncached(tm)


def test_read_only_cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What sqlite says for a folder we may not write to. (Injected rather than chmod-ed:
    tests run as root in CI, and root ignores file permissions.)"""
    import briefing.cache as cache_module

    def refuse(*_args: object, **_kwargs: object) -> sqlite3.Connection:
        raise sqlite3.OperationalError("unable to open database file")

    monkeypatch.setattr(cache_module.sqlite3, "connect", refuse)
    tm = TranslationMemory.open(tmp_path / FILENAME)
    assert tm.warning is not None and str(tmp_path) in tm.warning
    _assert_uncached(tm)


def test_locked_database_warns_and_continues(db: Path) -> None:
    with TranslationMemory.open(db) as tm:
        tm.put_many(MODEL, SETTINGS, [("가", "A")])
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another run in the middle of a write, for longer than our timeout
    try:
        seen: list[str] = []
        tm = TranslationMemory.open(db, timeout=0.1, on_warning=seen.append)
        assert tm.get_many(MODEL, SETTINGS, ["가"]) == {"가": "A"}  # WAL: readers are not blocked
        tm.put_many(MODEL, SETTINGS, [("나", "B")])
        assert tm.problem == "locked" and len(seen) == 1
        _assert_uncached(tm)
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_disabled_memory_touches_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    tm = TranslationMemory.disabled()
    _assert_uncached(tm)
    assert tm.warning is None
    assert list(tmp_path.iterdir()) == []


def test_opening_creates_no_file_until_asked(tmp_path: Path) -> None:
    info = cache_info(tmp_path / "none" / FILENAME)
    assert (info.entries, info.bytes) == (0, 0)
    assert not (tmp_path / "none").exists()


def _writer(path: str, worker: int, rounds: int, barrier: multiprocessing.synchronize.Barrier) -> None:
    barrier.wait()  # both processes create and write the new file at the same moment
    tm = TranslationMemory.open(path, timeout=10)
    for r in range(rounds):
        shared = [(f"공통 {r}", f"common {r}")]  # both write these: upserts, not duplicates
        own = [(f"작업자 {worker} 문장 {r} {i}", f"worker {worker} sentence {r} {i}") for i in range(10)]
        tm.put_many(MODEL, SETTINGS, shared + own)
        tm.get_many(MODEL, SETTINGS, [s for s, _ in own])
    if tm.warning is not None:
        raise SystemExit(f"worker {worker}: {tm.warning}")
    tm.close()


def test_two_processes_writing_at_once(db: Path) -> None:
    rounds = 100
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(2)
    procs = [ctx.Process(target=_writer, args=(str(db), w, rounds, barrier)) for w in (1, 2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=120)
    assert [p.exitcode for p in procs] == [0, 0]
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT COUNT(*) FROM translations").fetchone()[0] == rounds * (1 + 2 * 10)
    finally:
        conn.close()


# -- CLI ------------------------------------------------------------------------------------


def test_cli_info_and_clear(cli, isolated_env: Path) -> None:
    result = cli("cache", "info")
    assert result.code == 0, result.stderr
    assert f"path:    {isolated_env / 'cache' / FILENAME}" in result.stdout
    assert "entries: 0" in result.stdout

    with TranslationMemory.open() as tm:
        tm.put_many(MODEL, SETTINGS, [("가", "A"), ("나", "B"), ("다", "C")])
    result = cli("cache", "info", "--json")
    data = json.loads(result.stdout)
    assert data["entries"] == 3 and data["bytes"] > 0 and data["problem"] is None

    result = cli("cache", "clear")
    assert result.code == 0
    assert "Removed 3 cached segments" in result.stdout
    assert "entries: 0" in cli("cache", "info").stdout


def test_cli_info_on_a_corrupt_cache(cli, isolated_env: Path) -> None:
    path = isolated_env / "cache" / FILENAME
    path.parent.mkdir(parents=True)
    path.write_bytes(b"garbage" * 100)
    result = cli("cache", "info")
    assert result.code == 0
    assert "entries: 0" in result.stdout
    assert result.stderr.count("\n") == 1 and "briefing cache clear" in result.stderr
    assert cli("cache", "clear").code == 0
    assert not path.exists()


def test_cache_commands_do_not_import_torch(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from briefing.cli import cli_main\n"
        "assert cli_main(['cache', 'info']) == 0\n"
        "heavy = [m for m in ('torch', 'transformers', 'sentencepiece') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    env = {**os.environ, "BRIEFING_CACHE_DIR": str(tmp_path)}
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
