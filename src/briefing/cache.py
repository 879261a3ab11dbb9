"""Translation memory: a SQLite file of segments already translated, so reruns cost nothing.

Rows are keyed by a hash of (model id + revision, generation settings, source segment after
glossary handling); the source text is stored too, to rule out hash collisions and to make the
file inspectable with the ``sqlite3`` shell. WAL mode plus ``BEGIN IMMEDIATE`` lets several runs
share one file safely.

The cache must never cost a user their briefing: if the file is corrupt, locked for too long or
cannot be written, the memory turns itself off for the rest of the run and keeps one warning in
``.warning`` (and hands it to ``on_warning``). This module prints nothing; the CLI shows it.
Only the standard library is imported, so ``briefing cache ...`` stays fast.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import sqlite3
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from briefing.errors import BriefingError

FILENAME = "translations.sqlite3"
SCHEMA_VERSION = 1
DEFAULT_TIMEOUT = 2.0  # seconds; a run waits this long for another run's write, then goes uncached
_CHUNK = 500  # host parameters per query, well below SQLite's limit on old builds (999)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS translations (
    key BLOB PRIMARY KEY,
    model TEXT NOT NULL,
    settings TEXT NOT NULL,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    created REAL NOT NULL
) WITHOUT ROWID
"""

Warn = Callable[[str], None]


def default_path() -> Path:
    """``<cache dir>/translations.sqlite3``; read from the environment on every call."""
    from briefing.config import cache_dir

    return cache_dir() / FILENAME


def settings_key(settings: Mapping[str, object]) -> str:
    """A stable string for generation settings: changing any of them must miss the cache."""
    return json.dumps(dict(settings), sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def model_key(name: str, revision: str | None = None) -> str:
    """``hub-id@revision``; a new revision of the weights must not reuse old translations."""
    return f"{name}@{revision}" if revision else name


def _key(model: str, settings: str, source: str) -> bytes:
    return hashlib.sha256("\x1f".join((model, settings, source)).encode("utf-8")).digest()


def _files(path: Path) -> list[Path]:
    return [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in _files(path) if p.is_file())


def _explain(path: Path, exc: BaseException) -> tuple[str, str]:
    """The kind of failure (locked, corrupt, unwritable) and one line saying what to do."""
    text = str(exc) or type(exc).__name__
    low = text.lower()
    if "locked" in low or "busy" in low:
        return "locked", f"translation memory {path} is locked by another run ({text}); continuing without it"
    if "not a database" in low or "malformed" in low or "corrupt" in low or "newer" in low:
        return "corrupt", (
            f"translation memory {path} is unreadable ({text}); continuing without it "
            "(`briefing cache clear` resets it)"
        )
    return "unwritable", (
        f"translation memory {path} cannot be written ({text}); continuing without it "
        "(check permissions, set BRIEFING_CACHE_DIR, or pass --no-cache)"
    )


@dataclass(frozen=True)
class CacheInfo:
    path: Path
    entries: int
    bytes: int
    problem: str | None = None  # why the file is unusable, when it is


class TranslationMemory:
    """Look up and store translated segments. Use :meth:`open`; never raises after that."""

    def __init__(self, path: Path, conn: sqlite3.Connection | None, on_warning: Warn | None = None) -> None:
        self.path = path
        self._conn = conn
        self._on_warning = on_warning
        self.warning: str | None = None
        self.problem: str | None = None  # "locked", "corrupt" or "unwritable" once disabled
        self.detail: str | None = None  # SQLite's or the OS's own words

    # -- opening -------------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: str | Path | None = None,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        on_warning: Warn | None = None,
    ) -> TranslationMemory:
        """Open (creating if needed) the memory at ``path`` or the default location.

        On any failure this returns a disabled memory with ``.warning`` set instead of raising.
        """
        resolved = Path(path) if path is not None else default_path()
        tm = cls(resolved, None, on_warning)
        try:
            tm._conn = _connect(resolved, timeout)
        except (sqlite3.Error, OSError) as exc:
            tm._disable(exc)
        return tm

    @classmethod
    def disabled(cls, path: str | Path | None = None) -> TranslationMemory:
        """A memory that remembers nothing, for ``--no-cache``; it touches no file."""
        return cls(Path(path) if path is not None else Path(FILENAME), None)

    @property
    def enabled(self) -> bool:
        return self._conn is not None

    def _disable(self, exc: BaseException) -> None:
        if self._conn is not None:
            with contextlib.suppress(sqlite3.Error):
                self._conn.close()
            self._conn = None
        if self.warning is None:
            self.problem, self.warning = _explain(self.path, exc)
            self.detail = str(exc) or type(exc).__name__
            if self._on_warning is not None:
                self._on_warning(self.warning)

    # -- lookups -------------------------------------------------------------------------------

    def get_many(self, model_key: str, settings_key: str, segments: Sequence[str]) -> dict[str, str]:
        """The cached translations of ``segments`` that exist: ``{source: target}``."""
        if self._conn is None or not segments:
            return {}
        wanted = {_key(model_key, settings_key, s): s for s in dict.fromkeys(segments)}
        keys = list(wanted)
        found: dict[str, str] = {}
        try:
            for i in range(0, len(keys), _CHUNK):
                chunk = keys[i : i + _CHUNK]
                rows = self._conn.execute(
                    f"SELECT key, source, target FROM translations WHERE key IN ({','.join('?' * len(chunk))})",
                    chunk,
                ).fetchall()
                for key, source, target in rows:
                    if wanted.get(key) == source:  # a hash collision would be a miss, not a wrong answer
                        found[source] = target
        except sqlite3.Error as exc:
            self._disable(exc)
            return {}
        return found

    def put_many(self, model_key: str, settings_key: str, pairs: Iterable[tuple[str, str]]) -> None:
        """Remember ``(source, target)`` pairs, all in one short write transaction."""
        if self._conn is None:
            return
        now = time.time()
        rows = [
            (_key(model_key, settings_key, source), model_key, settings_key, source, target, now)
            for source, target in pairs
        ]
        if not rows:
            return
        try:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                self._conn.executemany("INSERT OR REPLACE INTO translations VALUES (?, ?, ?, ?, ?, ?)", rows)
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")
        except sqlite3.Error as exc:
            self._disable(exc)

    # -- housekeeping --------------------------------------------------------------------------

    def info(self) -> CacheInfo:
        """Entries and bytes on disk (database plus WAL files)."""
        size = _size(self.path)
        if self._conn is None:
            return CacheInfo(self.path, 0, size, self.warning)
        try:
            (entries,) = self._conn.execute("SELECT COUNT(*) FROM translations").fetchone()
        except sqlite3.Error as exc:
            self._disable(exc)
            return CacheInfo(self.path, 0, size, self.warning)
        return CacheInfo(self.path, int(entries), size)

    def clear(self) -> int:
        """Forget everything; returns how many entries there were.

        A healthy file is emptied in place, since another run may have it open; a corrupt one is
        deleted, which is how a user recovers from it. A locked or unwritable one is left alone
        and ``.warning`` says why.
        """
        if self._conn is None:
            if self.problem == "corrupt":
                for file in _files(self.path):
                    file.unlink(missing_ok=True)
            return 0
        try:
            self._conn.execute("BEGIN IMMEDIATE")
            removed = self._conn.execute("DELETE FROM translations").rowcount
            self._conn.execute("COMMIT")
        except sqlite3.Error as exc:
            self._disable(exc)
            return 0
        with contextlib.suppress(sqlite3.Error):  # give the space back; fine to skip if another run is busy
            self._conn.execute("VACUUM")
        return max(removed, 0)

    def close(self) -> None:
        if self._conn is not None:
            try:
                self._conn.close()
            finally:
                self._conn = None

    def __enter__(self) -> TranslationMemory:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def _connect(path: Path, timeout: float) -> sqlite3.Connection:
    path.parent.mkdir(parents=True, exist_ok=True)
    # Autocommit mode: transactions are explicit, and writes start with BEGIN IMMEDIATE so a
    # second writer waits on the busy timeout instead of failing on a read-to-write upgrade.
    conn = sqlite3.connect(path, timeout=timeout, isolation_level=None)
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
        version = conn.execute("PRAGMA user_version").fetchone()[0]  # fails on a file that is not SQLite
        if version > SCHEMA_VERSION:
            raise sqlite3.DatabaseError(f"made by a newer briefing (schema {version})")
        if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
            _switch_to_wal(conn, timeout)
        conn.execute("PRAGMA synchronous = NORMAL")  # safe with WAL; losing the last write is harmless
        if version < SCHEMA_VERSION:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute(_SCHEMA)
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            conn.execute("COMMIT")
        else:
            conn.execute("SELECT 1 FROM translations LIMIT 0")
    except BaseException:
        conn.close()
        raise
    return conn


def _switch_to_wal(conn: sqlite3.Connection, timeout: float) -> None:
    """SQLite answers BUSY at once, without its busy handler, when two runs switch a new file
    to WAL at the same moment; retry within the busy timeout like any other lock wait."""
    deadline = time.monotonic() + timeout
    delay = 0.005
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() + delay > deadline:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 0.1)


def cache_info(path: str | Path | None = None) -> CacheInfo:
    """What ``briefing cache info`` shows; does not create the file when there is none yet."""
    resolved = Path(path) if path is not None else default_path()
    if not resolved.exists():
        return CacheInfo(resolved, 0, 0)
    with TranslationMemory.open(resolved) as tm:
        return tm.info()


def clear_cache(path: str | Path | None = None) -> int:
    """What ``briefing cache clear`` does; returns the number of entries removed.

    Unlike a translation run, clearing is what the user asked for, so failing to clear raises.
    """
    resolved = Path(path) if path is not None else default_path()
    if not resolved.exists():
        return 0
    with TranslationMemory.open(resolved) as tm:
        removed = tm.clear()
        if tm.problem in ("locked", "unwritable"):
            hint = "wait for the other run to finish" if tm.problem == "locked" else "check its permissions"
            raise BriefingError(f"cannot clear the translation memory {resolved}: {tm.detail}; {hint}")
    return removed
