"""Ingest: files, folders, standard input and scraped pages -> ``list[Article]``. No ML here.

``load`` is the one entry point; ``briefing ingest``, ``run``, ``translate`` and ``glossary
check`` all call it, so article order and origins agree across commands. Order is the order of
the inputs, and inside a folder its files sorted by path.

What each kind of input goes through:

- ``.txt`` / ``.md`` / standard input / files with another extension: ``text.parse_text``
  (layout detection and the page rules in ``rules.py``); text that is really HTML or JSON Lines
  is recognised by its content.
- ``.html`` / ``.htm``: trafilatura, then the same line rules (``htmlpage.py``).
- ``.jsonl``: one JSON object per line (``jsonl.py``).

A file that gives nothing (binary, empty, no Korean, nothing left after the rules) becomes one
line in ``IngestResult.problems`` and the others still load; ``InputError`` only when no article
is left at all. Heavy helpers (trafilatura, charset-normalizer) are imported on first use.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from briefing.errors import InputError
from briefing.ingest.decode import NotText, declared_charset, decode, normalize
from briefing.ingest.htmlpage import PageProblem, parse_html
from briefing.ingest.jsonl import parse_jsonl
from briefing.ingest.result import Dropped, IngestResult
from briefing.ingest.rules import has_hangul
from briefing.ingest.text import parse_text
from briefing.records import Article

__all__ = ["SUPPORTED", "Dropped", "IngestResult", "load"]

# Extensions read from folders (named files are read whatever their extension).
SUPPORTED: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}
STDIN_NAME = "<stdin>"
_HTML_START = re.compile(r"^\s*(?:<!doctype html|<html|<head|<body|<\?xml[^>]*>\s*<html)", re.IGNORECASE)
_NOTHING_LEFT = (
    "no article text left after dropping page furniture "
    "(briefing ingest --verbose {name} lists each dropped line and why)"
)


class _Skip(Exception):
    """A file that gives no article; the message is the whole problem line."""


def load(inputs: Sequence[str | Path], *, stdin: TextIO | None = None) -> IngestResult:
    """Read every input; ``"-"`` (or no inputs at all) reads ``stdin`` (default ``sys.stdin``).

    Raises ``InputError`` when no article is left; otherwise bad inputs are in ``problems``.
    """
    result = IngestResult()
    for item in list(inputs) or ["-"]:
        try:
            if str(item) == "-":
                _load_stdin(stdin if stdin is not None else sys.stdin, result)
            else:
                _load_path(Path(item), str(item), result)
        except _Skip as exc:
            result.problems.append(str(exc))
    if not result.articles:
        raise InputError(_summary(result.problems))
    return result


def _summary(problems: list[str]) -> str:
    if not problems:
        return "no articles found in the input"
    if len(problems) == 1:
        return problems[0]
    shown = "; ".join(problems[:3])
    more = f"; and {len(problems) - 3} more" if len(problems) > 3 else ""
    return f"no usable articles in {len(problems)} inputs: {shown}{more}"


def _load_stdin(stream: TextIO, result: IngestResult) -> None:
    empty = _Skip(
        "no articles on standard input (pipe text in, e.g. `briefing ingest < news.txt`, "
        "or name files: briefing ingest FILE...)"
    )
    try:
        interactive = stream.isatty()
    except (AttributeError, ValueError, OSError):
        interactive = False
    if interactive:  # nothing piped in: waiting for typed input would look like a hang
        raise empty
    # Bytes when we can get them, so a CP949 pipe is detected like a CP949 file.
    buffer = getattr(stream, "buffer", None)
    data: bytes | str = buffer.read() if buffer is not None else stream.read()
    if not data.strip():
        raise empty
    _add(result, data, STDIN_NAME, None)


def _load_path(path: Path, name: str, result: IngestResult) -> None:
    if path.is_dir():
        files = _folder_files(path)
        if not files:
            kinds = ", ".join(sorted(SUPPORTED))
            raise _Skip(f"{name}: no readable files in this folder (looked for {kinds})")
        for file in files:
            try:
                _load_file(file, str(Path(name, file.relative_to(path))), result)
            except _Skip as exc:
                result.problems.append(str(exc))
    elif path.exists():
        _load_file(path, name, result)
    else:
        raise _Skip(f"{name}: no such file or folder")


def _folder_files(folder: Path) -> list[Path]:
    """Supported files under ``folder``, recursively, sorted by path; hidden ones skipped."""
    found: list[Path] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found.extend(Path(root, f) for f in files if not f.startswith(".") and Path(f).suffix.lower() in SUPPORTED)
    return sorted(found, key=lambda p: p.relative_to(folder).parts)


def _load_file(path: Path, name: str, result: IngestResult) -> None:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _Skip(f"{name}: cannot read it ({exc.strerror or exc})") from exc
    if not data.strip():
        raise _Skip(f"{name}: empty file")
    _add(result, data, name, SUPPORTED.get(path.suffix.lower()))


def _add(result: IngestResult, data: bytes | str, name: str, kind: str | None) -> None:
    """Decode, parse by kind and add to ``result``; ``kind`` None: tell by the content."""
    try:
        if isinstance(data, bytes):
            text = decode(data, declared=declared_charset(data) if kind in ("html", None) else None)
        else:
            text = normalize(data)
    except NotText as exc:
        raise _Skip(f"{name}: {exc}") from exc
    if not text.strip():
        raise _Skip(f"{name}: empty file")
    kind = _sniff(text, kind)

    articles: list[Article]
    bad: list[str] = []
    if kind == "jsonl":
        articles, dropped, bad = parse_jsonl(text, name)
        if not articles and not bad and all(d.rule == "no-hangul" for d in dropped):
            raise _Skip(f"{name}: no Korean text in any record (briefing translates Korean news)")
    elif kind == "html":
        try:
            articles, dropped = parse_html(text, name)
        except PageProblem as exc:
            raise _Skip(f"{name}: {exc}") from exc
    else:
        if not has_hangul(text):
            raise _Skip(f"{name}: no Korean text in it (briefing translates Korean news)")
        articles, dropped = parse_text(text, name, markdown=kind == "markdown")

    if bad:
        more = f" (and {len(bad) - 1} more bad lines)" if len(bad) > 1 else ""
        result.problems.append(f"{bad[0]}{more}; those lines were skipped")
    elif not articles:
        raise _Skip(f"{name}: " + _NOTHING_LEFT.format(name=name))
    result.articles.extend(articles)
    result.dropped.extend(dropped)


def _sniff(text: str, kind: str | None) -> str:
    """Trust the extension, except for text that is plainly HTML (a page saved as .txt);
    with no known extension, JSON Lines is every line starting with "{"."""
    if kind in ("html", "jsonl", "markdown"):
        return kind
    if _HTML_START.match(text):
        return "html"
    if kind is None:
        lines = [line for line in text.split("\n") if line.strip()]
        if lines and all(line.lstrip().startswith("{") for line in lines):
            return "jsonl"
    return kind or "text"
