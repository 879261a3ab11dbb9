"""Bytes -> text: BOMs, UTF-8, legacy Korean encodings (CP949/EUC-KR), and binary files.

Korean sites still serve CP949; Windows tools save UTF-8 with a BOM or UTF-16; copies from a
Mac can hold decomposed Hangul. All of these become the same NFC text with ``\\n`` line ends,
so the rules downstream see one form.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_SPACES = dict.fromkeys(map(ord, "\u00a0\u2007\u202f\u3000"), " ")
# Control characters that never occur in text someone copied from a page.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


class NotText(ValueError):
    """The bytes are not text in any encoding we can tell (a PDF, an image, an archive)."""


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in a ``<meta>`` tag, if any."""
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii").lower() if match else None


def decode(data: bytes, *, declared: str | None = None) -> str:
    """Decode ``data``: a BOM wins, then strict UTF-8, then the declared charset, then a guess.

    UTF-8 goes before the declared charset because pages re-saved as UTF-8 often keep their
    old ``euc-kr`` meta tag, and valid UTF-8 is very rarely an accident.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return normalize(data.decode(encoding, errors="replace"))
    if b"\x00" in data[:8192]:
        raise NotText("looks like a binary file, not text")
    try:
        return normalize(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    if declared:
        try:
            return normalize(data.decode(declared))
        except (LookupError, UnicodeDecodeError):
            pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise NotText("looks like a binary file, not text (no text encoding fits it)")
    text = str(best)
    if len(_CONTROL.findall(text)) > max(2, len(text) // 100):
        raise NotText(f"looks like a binary file, not text (best guess {best.encoding} is full of control codes)")
    return normalize(text)


def normalize(text: str) -> str:
    """One form for every input: NFC Hangul, ``\\n`` line ends, plain spaces, no invisible marks."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.translate(_INVISIBLE).translate(_SPACES)
    return unicodedata.normalize("NFC", text)
