"""Glossary: load, validate, edit and match Korean terms that must come out as fixed English.

Names are where open MT models fail most, so a term the glossary matches is enforced in the
translation (``translate`` substitutes and verifies ``Match.english``). That makes precision
matter more than recall here: a wrong match inserts a wrong name, a missed one only leaves
the model to its own devices. Matching therefore

* only starts a term at a word start (never inside a Hangul word: 유리창 holds no 리창),
* only ends it where the word ends or where a noun particle / copula ending follows (see
  ``PARTICLES``), checked with the phonology of the term's last syllable (리창이, 샤오미가),
* prefers the longest headword (한국은행 over 한국), falling back to shorter ones,
* applies an entry with ``context`` only to a text that contains one of its cues,
* swallows a hanja / romanization parenthetical after the term (왕이(王毅, Wang Yi)).

Nothing here imports torch, transformers or kiwipiepy: the particle list is data.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from briefing import config
from briefing.errors import GlossaryError
from briefing.fsutil import atomic_write_text

if TYPE_CHECKING:
    from briefing.records import Article

REQUIRED_COLUMNS = ("korean", "english")
COLUMNS = ("korean", "english", "note", "context")
DEFAULT_HEADER = "\t".join(COLUMNS)
GLOSSARY_SUFFIXES = (".tsv", ".csv")


@dataclass(frozen=True)
class Entry:
    korean: str
    english: str
    note: str = ""
    context: tuple[str, ...] = ()  # cues: the entry applies only to a text containing one of them
    origin: str = ""  # "file:line", for messages and `--verbose`


@dataclass(frozen=True)
class Match:
    start: int  # char offsets into the text; the span covers the headword and a hanja /
    end: int  # romanization parenthetical right after it, never the particle
    korean: str  # the headword
    english: str


# --------------------------------------------------------------------------------------------
# Particles and copula endings
#
# Where the list comes from: the morpheme table of kiwipiepy 0.24.1 (its `cong` model),
# every standard (non-dialect) form tagged JKS JKC JKG JKO JKB JKQ JX JC (case, auxiliary and
# conjunctive particles) and VCP (the copula 이), enumerated with `Kiwi().morpheme(i)`. Kiwi's
# table also holds dialect and colloquial spellings it does not flag (루, 보담, 맹키로, 까정,
# 헌테 ...); those were dropped by checking each form against the particle entries of the
# 표준국어대사전 (Standard Korean Language Dictionary). `tests/test_glossary_particles.py`
# re-checks with Kiwi that every form below is in its J*/VCP inventory and that Kiwi parses
# 중국+ending / 샤오미+ending as a proper noun followed by particles or copula + ending.
#
# Also absent: bare 커녕 and 치고, which Kiwi does not parse as particles after a noun.
# Deliberately absent: the vocative (JKV, 아/야/여: never after a name in news), the plural
# 들 (kiwi tags it JX, but 기업들 is a different noun phrase), and copula forms that start
# with 인/일/임 other than 인데/인지/인가, because 중국인 (a Chinese person), 미국인 and
# 한국일보 (a newspaper) must not count as 중국/미국/한국 + ending.
#
# Each form carries the condition on the syllable before it (Korean allomorphy):
#   "C" after a final consonant (은, 이, 을, 과)     "V" after a vowel (는, 가, 를, 와)
#   "N" after a consonant other than ㄹ (으로)       "L" after a vowel or ㄹ (로: 서울로)
#   "*" anywhere (의, 에, 도, 만, 까지)
# After a non-Hangul character (a Latin or digit headword, a closing parenthesis) the
# pronunciation is unknown, so every form is allowed there.
# --------------------------------------------------------------------------------------------

PARTICLES: dict[str, str] = {
    # JKS / JKC: subject and complement
    "이": "C", "가": "V", "께서": "*",
    # JKG: genitive
    "의": "*",
    # JKO: object
    "을": "C", "를": "V",
    # JKB: adverbial
    "에": "*", "에서": "*", "에게": "*", "에게서": "*", "께": "*", "한테": "*", "한테서": "*",
    "더러": "*", "에다": "*", "에다가": "*", "에서부터": "*",
    "으로": "N", "로": "L", "으로서": "N", "로서": "L", "으로써": "N", "로써": "L",
    "으로부터": "N", "로부터": "L",
    "과": "C", "와": "V", "처럼": "*", "같이": "*", "보다": "*", "만큼": "*", "대로": "*",
    "하고": "*", "이랑": "C", "랑": "V",
    # JKQ: quotative after a noun ('샤오미'라고)
    "이라고": "C", "라고": "V",
    # JX: auxiliary
    "은": "C", "는": "V", "도": "*", "만": "*", "까지": "*", "부터": "*", "마저": "*",
    "조차": "*", "마다": "*", "밖에": "*", "뿐": "*", "은커녕": "C", "는커녕": "V",
    "이나": "C", "나": "V", "이나마": "C", "나마": "V", "이라도": "C", "라도": "V",
    "이야": "C", "야": "V", "이야말로": "C", "야말로": "V", "이든": "C", "든": "V",
    "이든지": "C", "든지": "V", "이란": "C", "란": "V",
    # JC: conjunctive
    "이며": "C", "며": "V",
}  # fmt: skip

# VCP 이 + ending. The full forms are standard after any noun (샤오미이다); after a vowel the
# 이 usually drops (샤오미다, 샤오미였다), which the "V" forms cover. Short dropped forms
# (고, 자, 면, 니) are left out: too often the start of an unrelated word.
COPULA_ENDINGS: dict[str, str] = {
    "이다": "*", "이며": "*", "이고": "*", "이자": "*", "이지만": "*", "이지": "*", "이죠": "*",
    "이라는": "*", "이라며": "*", "이라고": "*", "이라서": "*", "이라면": "*", "이란": "*",
    "이었다": "*", "이었고": "*", "이었으며": "*", "이었던": "*", "이었지만": "*", "이었다고": "*",
    "이던": "*", "이면": "*", "이므로": "*", "이어서": "*", "이어야": "*", "입니다": "*",
    "인데": "*", "인지": "*", "인가": "*",
    "다": "V", "였다": "V", "였고": "V", "였으며": "V", "였던": "V", "였지만": "V", "였다고": "V",
    "라는": "V", "라며": "V", "라서": "V", "라면": "V", "지만": "V", "므로": "V", "여서": "V",
}  # fmt: skip

_MAX_PARTICLES = 3  # 에서+는, 으로부터+의, 만+이+라도: three is plenty, and it bounds the search
_MAX_ENDING = 12  # a Hangul tail longer than this is never particles alone
_MAX_PARENTHETICAL = 120

_HANGUL_FIRST, _HANGUL_LAST = 0xAC00, 0xD7A3


def _is_hangul(ch: str) -> bool:
    o = ord(ch)
    return _HANGUL_FIRST <= o <= _HANGUL_LAST or 0x1100 <= o <= 0x11FF or 0x3130 <= o <= 0x318F


def _allowed_after(prev: str, condition: str) -> bool:
    """Does an ending with ``condition`` fit after the syllable ``prev``?"""
    if condition == "*":
        return True
    o = ord(prev)
    if not _HANGUL_FIRST <= o <= _HANGUL_LAST:
        return True  # Latin, digits, ')': we cannot tell how it is read
    final = (o - _HANGUL_FIRST) % 28  # 0: no final consonant, 8: ㄹ
    if condition == "C":
        return final != 0
    if condition == "V":
        return final == 0
    if condition == "N":
        return final not in (0, 8)
    return final in (0, 8)  # "L"


def is_ending(tail: str, prev: str) -> bool:
    """Is ``tail`` (Hangul right after a noun ending in ``prev``) only particles and a copula ending?"""
    if not tail:
        return True
    if len(tail) > _MAX_ENDING:
        return False
    return _ending(tail, prev, _MAX_PARTICLES)


def _ending(tail: str, prev: str, budget: int) -> bool:
    for form, cond in COPULA_ENDINGS.items():
        if tail == form and _allowed_after(prev, cond):
            return True
    if budget == 0:
        return False
    for size in range(min(len(tail), 5), 0, -1):
        form = tail[:size]
        where = PARTICLES.get(form)
        if where is None or not _allowed_after(prev, where):
            continue
        if size == len(tail) or _ending(tail[size:], form[-1], budget - 1):
            return True
    return False


# A hanja or romanization parenthetical: no Hangul, at least one CJK ideograph or Latin letter.
_PAREN_CLOSE = {"(": ")", "（": "）"}
_CJK_OR_LATIN = re.compile(r"[\u3400-\u9fff\uf900-\ufaffA-Za-z\u00c0-\u024f]")


def _parenthetical_end(text: str, pos: int) -> int | None:
    """If a hanja / romanization parenthetical starts at ``pos``, the offset just after it."""
    if pos >= len(text) or text[pos] not in _PAREN_CLOSE:
        return None
    close = text.find(_PAREN_CLOSE[text[pos]], pos + 1, pos + 1 + _MAX_PARENTHETICAL)
    if close < 0:
        return None
    inner = text[pos + 1 : close]
    if any(_is_hangul(ch) or ch in "()（）\n" for ch in inner) or not _CJK_OR_LATIN.search(inner):
        return None
    return close + 1


def _right_boundary(text: str, end: int, prev: str) -> bool:
    """Does the word end at ``end``, or continue only with particles / a copula ending?"""
    if end >= len(text):
        return True
    nxt = text[end]
    if not _is_hangul(nxt):
        # Punctuation, space, or a change of script (샤오미15, 창정-2D); but a Latin or digit
        # headword must not stop inside a Latin word (G20 in G200).
        return _is_hangul(prev) or not (nxt.isalnum() or nxt == "_")
    stop = end
    while stop < len(text) and _is_hangul(text[stop]) and stop - end <= _MAX_ENDING:
        stop += 1
    return is_ending(text[end:stop], prev)


# --------------------------------------------------------------------------------------------
# The glossary
# --------------------------------------------------------------------------------------------


def _trie_pattern(words: Iterable[str]) -> str:
    """A regex alternation shaped as a trie: one pass in C, longest headword tried first."""
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        terminal = "" in node
        alts = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if terminal:
            return ("(?:" + body + ")?") if len(alts) == 1 else body + "?"
        return body

    return build(trie)


class Glossary:
    """The effective entries (later files already applied over earlier ones) and a matcher."""

    def __init__(self, entries: dict[str, Entry], files: Sequence[Path] = ()) -> None:
        self.entries: dict[str, Entry] = dict(entries)
        self.files: list[Path] = list(files)
        self.sha256: str = entries_sha256(self.entries.values())
        self._regex: re.Pattern[str] | None = None
        self._lengths: list[int] = []

    def __len__(self) -> int:
        return len(self.entries)

    def __repr__(self) -> str:
        return f"Glossary({len(self)} entries, sha256={self.sha256[:12]})"

    def _compiled(self) -> re.Pattern[str]:
        if self._regex is None:
            words = [w for w in self.entries if w]
            # (?<!\w): a term starts at the start of text or after a non-word character
            # (space, punctuation, brackets, quotes, a middle dot), never inside a word.
            body = _trie_pattern(words) if words else "(?!)"
            self._regex = re.compile(r"(?<!\w)" + body)
            self._lengths = sorted({len(w) for w in words}, reverse=True)
        return self._regex

    def match(self, text: str) -> list[Match]:
        """Non-overlapping matches sorted by start; context cues are looked up in all of ``text``."""
        regex = self._compiled()
        cues: dict[str, bool] = {}
        out: list[Match] = []
        pos = 0
        while True:
            found = regex.search(text, pos)
            if found is None:
                return out
            hit = self._accept(text, found.start(), found.end(), cues)
            if hit is None:
                pos = found.start() + 1
            else:
                out.append(hit)
                pos = hit.end

    def _accept(self, text: str, start: int, longest: int, cues: dict[str, bool]) -> Match | None:
        for length in self._lengths:
            if length > longest - start:
                continue
            word = text[start : start + length]
            entry = self.entries.get(word)
            if entry is None or not self._applies(entry, text, cues):
                continue
            end = start + length
            paren = _parenthetical_end(text, end)
            if paren is not None:
                if _right_boundary(text, paren, text[paren - 1]):
                    return Match(start, paren, entry.korean, entry.english)
                continue  # 베이징톈탄(北京天坛)병원: the name goes on after the parenthesis
            if _right_boundary(text, end, word[-1]):
                return Match(start, end, entry.korean, entry.english)
        return None

    @staticmethod
    def _applies(entry: Entry, text: str, cache: dict[str, bool]) -> bool:
        if not entry.context:
            return True
        for cue in entry.context:
            if cue not in cache:
                cache[cue] = cue in text
            if cache[cue]:
                return True
        return False


def entries_sha256(entries: Iterable[Entry]) -> str:
    """Hash what changes a translation (headword, English, cues), not notes or file locations."""
    rows = sorted((e.korean, e.english, list(e.context)) for e in entries)
    blob = json.dumps(rows, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


# --------------------------------------------------------------------------------------------
# Reading files
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a glossary file; ``fatal`` ones stop loading, all fail ``validate``."""

    path: Path
    line: int
    message: str
    fatal: bool = True

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else str(self.path)
        return f"{where}: {self.message}"


@dataclass
class GlossaryFile:
    """A file as lines, so edits keep comments, blank lines and order."""

    path: Path
    lines: list[str] = field(default_factory=list)  # without line endings
    newline: str = "\n"
    columns: list[str] | None = None  # header order; None: headerless two-column file
    header_line: int = 0  # 1-based, 0 when there is none
    entries: list[tuple[int, Entry]] = field(default_factory=list)  # (1-based line, entry)
    problems: list[Problem] = field(default_factory=list)

    @property
    def is_csv(self) -> bool:
        return self.path.suffix.lower() == ".csv"

    def find(self, korean: str) -> list[tuple[int, Entry]]:
        """(0-based index into ``lines``, entry) for each row of ``korean``."""
        return [(line - 1, e) for line, e in self.entries if e.korean == korean]

    def text(self) -> str:
        body = self.newline.join(self.lines)
        return body + self.newline if self.lines else ""


def _norm(cell: str) -> str:
    return unicodedata.normalize("NFC", cell.strip())


def split_cues(cell: str) -> tuple[str, ...]:
    return tuple(c for c in (_norm(p) for p in cell.split("|")) if c)


def _decode(path: Path, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        hint = "re-save it as UTF-8"
        try:
            data.decode("cp949")
            hint = "it looks like CP949/EUC-KR; convert it with `iconv -f cp949 -t utf-8`"
        except UnicodeDecodeError:
            pass
        raise GlossaryError(f"{path}:{line}: not UTF-8 (byte 0x{data[exc.start]:02x}); {hint}") from None


def _cells(line: str, is_csv: bool) -> list[str]:
    if is_csv:
        return next(csv.reader(io.StringIO(line), strict=True), [])
    return line.split("\t")


def parse_text(path: Path, text: str) -> GlossaryFile:
    """Parse glossary text; every problem is collected, none raised."""
    gf = GlossaryFile(path=path, newline="\r\n" if "\r\n" in text else "\n")
    gf.lines = text.split("\n")
    if gf.lines and gf.lines[-1] == "":
        gf.lines.pop()
    gf.lines = [ln[:-1] if ln.endswith("\r") else ln for ln in gf.lines]
    seen: dict[str, tuple[int, Entry]] = {}
    first_row = True
    for number, line in enumerate(gf.lines, start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue

        def problem(message: str, fatal: bool = True, number: int = number) -> None:
            gf.problems.append(Problem(path, number, message, fatal))

        try:
            cells = [c.strip() for c in _cells(line, gf.is_csv)]
        except csv.Error as exc:
            problem(f"malformed CSV ({exc})")
            continue
        if first_row:
            first_row = False
            names = [c.lower() for c in cells]
            if "korean" in names or "english" in names:
                gf.header_line = number
                if not _header_ok(names, problem):
                    gf.columns = list(names)
                    return gf  # rows cannot be read against a broken header
                gf.columns = names
                continue
        cols = gf.columns or ["korean", "english"]
        if (
            len(cells) > len(cols)
            or len(cells) < len(REQUIRED_COLUMNS)
            or (gf.columns is not None and len(cells) <= max(cols.index(c) for c in REQUIRED_COLUMNS))
        ):
            sep = "comma" if gf.is_csv else "tab"
            what = ", ".join(cols)
            if gf.columns is None:
                what += "; or add a header row naming the columns"
            problem(f"expected {len(cols)} {sep}-separated columns ({what}), found {len(cells)}")
            continue
        row = dict(zip(cols, cells, strict=False))  # optional trailing columns may be absent
        korean, english = _norm(row.get("korean", "")), _norm(row.get("english", ""))
        if not korean:
            problem("empty headword (the korean column)")
            continue
        if not english:
            problem(f"empty English for {korean!r}")
            continue
        raw_context = row.get("context", "")
        context = split_cues(raw_context)
        if raw_context and len(context) != len(raw_context.split("|")):
            problem(f"empty cue in context {raw_context!r} (cues are separated by one '|')", fatal=False)
        entry = Entry(korean, english, _norm(row.get("note", "")), context, f"{path}:{number}")
        if korean in seen:
            first_line, first = seen[korean]
            if (first.english, first.context) == (entry.english, entry.context):
                problem(f"duplicate of line {first_line} ({korean!r})", fatal=False)
            else:
                problem(
                    f"{korean!r} maps to {english!r} here but to {first.english!r} on line {first_line}"
                    + ("" if first.english != english else " with other context")
                    + "; keep one"
                )
            continue
        seen[korean] = (number, entry)
        gf.entries.append((number, entry))
    return gf


def _header_ok(names: list[str], problem: Callable[[str], None]) -> bool:
    ok = True
    for name in names:
        if name not in COLUMNS:
            problem(f"unknown column {name!r} in the header (columns: {', '.join(COLUMNS)})")
            ok = False
    for name in set(names):
        if names.count(name) > 1:
            problem(f"column {name!r} appears twice in the header")
            ok = False
    for name in REQUIRED_COLUMNS:
        if name not in names:
            problem(f"the header lacks the required column {name!r}")
            ok = False
    return ok


def read_file(path: Path) -> GlossaryFile:
    """Read and parse one glossary file; unreadable or non-UTF-8 files raise ``GlossaryError``."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise GlossaryError(f"{path}: no such glossary file") from None
    except OSError as exc:
        raise GlossaryError(f"{path}: cannot read ({exc.strerror})") from None
    return parse_text(path, _decode(path, data))


def default_files() -> list[Path]:
    """The shipped glossary files, in name order."""
    folder = config.default_glossary_dir()
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in GLOSSARY_SUFFIXES and p.is_file())


def effective_files(extra: Sequence[Path] = (), *, include_default: bool = True) -> list[Path]:
    """Every file a load reads, earliest (most overridden) first."""
    files = default_files() if include_default else []
    user = config.user_glossary_path()
    if user.is_file():
        files.append(user)
    files.extend(config.extra_glossary_files())
    files.extend(Path(p) for p in extra)
    return files


def load_glossary(
    extra: Sequence[Path] = (),
    *,
    include_default: bool = True,
    on_override: Callable[[Entry, Entry], None] | None = None,
) -> Glossary:
    """Load the default glossary, the user's file, ``BRIEFING_GLOSSARY`` and ``extra``, in that order.

    A later file's entry replaces an earlier one; ``on_override(old, new)`` hears of each
    replacement that changes the English or the context. The first fatal problem raises.
    """
    files = effective_files(extra, include_default=include_default)
    entries: dict[str, Entry] = {}
    for path in files:
        gf = read_file(path)
        fatal = [p for p in gf.problems if p.fatal]
        if fatal:
            more = f" (and {len(fatal) - 1} more; see `briefing glossary validate {path}`)" if len(fatal) > 1 else ""
            raise GlossaryError(f"{fatal[0]}{more}")
        for _, entry in gf.entries:
            old = entries.get(entry.korean)
            changed = old is not None and (old.english, old.context) != (entry.english, entry.context)
            if changed and old is not None and on_override is not None:
                on_override(old, entry)
            entries[entry.korean] = entry
    return Glossary(entries, files)


def validate(paths: Sequence[Path] = ()) -> list[Problem]:
    """Every problem in ``paths`` (default: every file a load would read)."""
    problems: list[Problem] = []
    for path in paths or effective_files():
        try:
            problems.extend(read_file(Path(path)).problems)
        except GlossaryError as exc:
            location, _, message = str(exc).partition(": ")
            file_part, _, line = location.rpartition(":")
            if line.isdigit():
                problems.append(Problem(Path(file_part), int(line), message))
            else:
                problems.append(Problem(Path(path), 0, str(exc).removeprefix(f"{path}: ")))
    return problems


# --------------------------------------------------------------------------------------------
# Editing
# --------------------------------------------------------------------------------------------


def _format_row(gf: GlossaryFile, entry: Entry) -> str:
    values = {
        "korean": entry.korean,
        "english": entry.english,
        "note": entry.note,
        "context": "|".join(entry.context),
    }
    cols = gf.columns or ["korean", "english"]
    if gf.columns is None and (entry.note or entry.context):
        raise GlossaryError(
            f"{gf.path}: has no header row, so it cannot hold a note or context; "
            f"add the header line `{DEFAULT_HEADER}` first"
        )
    cells = [values[c] for c in cols]
    if gf.is_csv:
        buf = io.StringIO()
        csv.writer(buf, lineterminator="").writerow(cells)
        return buf.getvalue()
    for c in cells:
        if "\t" in c or "\n" in c or "\r" in c:
            raise GlossaryError(f"{gf.path}: a tab or line break cannot go into a TSV cell: {c!r}")
    while cells and not cells[-1] and len(cells) > 2:
        cells.pop()  # no trailing empty optional columns
    return "\t".join(cells)


def _open_for_edit(path: Path, create: bool) -> GlossaryFile:
    if not path.exists():
        if not create:
            raise GlossaryError(f"{path}: no such glossary file")
        header = "korean,english,note,context" if path.suffix.lower() == ".csv" else DEFAULT_HEADER
        return parse_text(path, f"# briefing glossary: later files override earlier ones\n{header}\n")
    gf = read_file(path)
    fatal = [p for p in gf.problems if p.fatal]
    if fatal:
        raise GlossaryError(f"{fatal[0]} (fix the file before editing it)")
    return gf


@dataclass(frozen=True)
class AddResult:
    path: Path
    entry: Entry
    action: str  # "added", "replaced" (in this file), "overridden" (another file's entry), "unchanged"
    previous: Entry | None = None


def add_entry(
    korean: str,
    english: str,
    *,
    note: str = "",
    context: Sequence[str] = (),
    path: Path | None = None,
    force: bool = False,
) -> AddResult:
    """Add (or with ``force`` replace) an entry in ``path`` (default: the user's glossary).

    A headword that the effective glossary already maps to other English is refused without
    ``force``, so a typo cannot silently shadow a shipped name.
    """
    korean, english = _norm(korean), _norm(english)
    if not korean:
        raise GlossaryError("empty headword: give the Korean term to add")
    if not english:
        raise GlossaryError(f"empty English for {korean!r}")
    target = Path(path) if path is not None else config.user_glossary_path()
    gf = _open_for_edit(target, create=True)
    entry = Entry(korean, english, _norm(note), tuple(_norm(c) for c in context if _norm(c)))
    existing = [index for index, _ in gf.find(korean)]
    previous = gf.find(korean)[0][1] if existing else None
    if previous is None and not force:
        others = load_glossary(extra=[target] if path is not None and target.exists() else [])
        previous = others.entries.get(korean)
    if previous is not None:
        unchanged = (previous.english, previous.context, previous.note) == (entry.english, entry.context, entry.note)
        if unchanged and existing:
            return AddResult(target, entry, "unchanged", previous)
        if previous.english != entry.english and not force:
            raise GlossaryError(
                f"{korean!r} already maps to {previous.english!r} ({previous.origin}); add --force to replace it"
            )
    row = _format_row(gf, entry)
    if existing:
        gf.lines[existing[0]] = row
        for extra_line in reversed(existing[1:]):
            del gf.lines[extra_line]
        action = "replaced"
    else:
        gf.lines.append(row)
        action = "added" if previous is None else "overridden"  # the other file keeps its entry
    atomic_write_text(target, gf.text())
    return AddResult(target, entry, action, previous)


def remove_entry(korean: str, *, path: Path | None = None) -> tuple[Path, Entry]:
    """Delete ``korean`` from ``path`` (default: the user's glossary); comments and order stay."""
    korean = _norm(korean)
    target = Path(path) if path is not None else config.user_glossary_path()
    gf = _open_for_edit(target, create=False) if target.exists() or path is not None else None
    rows = gf.find(korean) if gf is not None else []
    if gf is None or not rows:
        where = ""
        if path is None:
            other = load_glossary().entries.get(korean)
            if other is not None:
                where = (
                    f"; it comes from {other.origin}: remove it there with --file, or override it "
                    f"with `briefing glossary add {korean} ENGLISH --force`"
                )
        raise GlossaryError(f"{target}: no entry for {korean!r}{where}")
    for index, _ in reversed(rows):
        del gf.lines[index]
    atomic_write_text(target, gf.text())
    return target, rows[0][1]


# --------------------------------------------------------------------------------------------
# Listing, checking articles, mining suggestions
# --------------------------------------------------------------------------------------------


def list_entries(glossary: Glossary, grep: str | None = None) -> list[Entry]:
    """Entries in headword order, optionally only those whose fields contain ``grep``."""
    rows = sorted(glossary.entries.values(), key=lambda e: e.korean)
    if grep:
        needle = unicodedata.normalize("NFC", grep).casefold()
        rows = [e for e in rows if needle in f"{e.korean}\t{e.english}\t{e.note}\t{'|'.join(e.context)}".casefold()]
    return rows


@dataclass(frozen=True)
class ArticleMatch:
    article: int  # index in ingest order
    match: Match

    def as_json(self) -> dict[str, object]:
        m = self.match
        return {"article": self.article, "term": m.korean, "english": m.english, "start": m.start, "end": m.end}


def check_articles(glossary: Glossary, articles: Sequence[Article]) -> list[ArticleMatch]:
    """Matches in each article's ``text`` (the offsets ``briefing ingest --json`` shows)."""
    return [ArticleMatch(i, m) for i, a in enumerate(articles) for m in glossary.match(a.text)]


@dataclass(frozen=True)
class Suggestion:
    korean: str
    english: str
    origin: str  # where it was first seen
    count: int = 1


# 한글(漢字, Latin) / 한글(Latin): a Hangul word (hyphens allowed: 뇌-기계), up to 3 words before.
_SUGGEST = re.compile(r"((?:[가-힣][가-힣\-]*[ \u00a0]){0,3}[가-힣][가-힣\-]*)[(（]([^()（）\n]{1,120})[)）]")
_HANJA = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")


def _suggestion(words: list[str], inner: str) -> tuple[str, str] | None:
    parts = [p.strip() for p in re.split(r"[,，;]", inner) if p.strip()]
    if any(_is_hangul(ch) for ch in inner):
        return None
    latin = [p for p in parts if _LATIN.search(p) and not _HANJA.search(p)]
    if not latin:
        return None
    has_hanja = any(_HANJA.search(p) for p in parts)
    if has_hanja:
        # 간쑤성(甘肃, Gansu), 닝더스다이(宁德时代, Ningde Shidai, CATL): a transliterated
        # name, one Korean word; the last Latin part is the name English readers know.
        return words[-1], latin[-1]
    english = latin[0]
    # 뇌-기계 인터페이스(Brain-Computer Interface, BCI): as many Korean words as English ones.
    n = max(1, min(len(words), len(english.split())))
    return " ".join(words[-n:]), english


def suggest(articles: Sequence[Article], glossary: Glossary) -> list[Suggestion]:
    """Entries the glossary lacks, mined from parentheticals, in order of first appearance."""
    found: dict[str, Suggestion] = {}
    for i, article in enumerate(articles):
        for m in _SUGGEST.finditer(article.text):
            start = m.start()
            if start > 0 and _is_hangul(article.text[start - 1]):
                continue  # the regex began mid-word: the word is longer than we can see
            got = _suggestion(m.group(1).split(), m.group(2))
            if got is None:
                continue
            korean, english = _norm(got[0]), _norm(got[1])
            if korean in glossary.entries or english.isdigit():
                continue
            if korean in found:
                s = found[korean]
                found[korean] = Suggestion(s.korean, s.english, s.origin, s.count + 1)
            else:
                found[korean] = Suggestion(korean, english, f"{article.origin or i}")
    return list(found.values())


def apply_suggestions(suggestions: Sequence[Suggestion], path: Path | None = None) -> list[AddResult]:
    """Append suggestions to ``path`` (default: the user's glossary) in one atomic write."""
    target = Path(path) if path is not None else config.user_glossary_path()
    gf = _open_for_edit(target, create=True)
    present = {e.korean for _, e in gf.entries}
    results = []
    for s in suggestions:
        if s.korean in present:
            continue
        entry = Entry(s.korean, s.english, f"suggested from {s.origin}" if gf.columns else "")
        gf.lines.append(_format_row(gf, entry))
        present.add(s.korean)
        results.append(AddResult(target, entry, "added"))
    if results:
        atomic_write_text(target, gf.text())
    return results
