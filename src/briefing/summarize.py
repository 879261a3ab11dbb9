"""English translations -> short abstractive summaries and headlines.

A translation longer than the summarizer's window is cut at sentence ends into chunks that
fit, each chunk is summarized, and the joined chunk summaries are summarized again, until
the text fits: nothing is truncated away.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from briefing.records import Summary, Translation
from briefing.translate import Engine, Progress, pack_groups

# Sentence ends in English MT output: ., ! or ? (optionally closing quotes/brackets) before a
# space and a capital, digit or quote. Good enough for news prose; no download needed.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+(?=[A-Z0-9\"“'‘(\[])")


def split_english(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text.strip()) if s.strip()]


@dataclass(frozen=True)
class SummaryOptions:
    beams: int = 2
    min_new_tokens: int = 30
    max_new_tokens: int = 110
    max_sentences: int = 4
    batch_size: int = 4
    forced_new_tokens: int | None = None  # benchmarks: exactly this many tokens per summary


def _pack(pieces: Sequence[str], lengths: Sequence[int], budget: int) -> list[str]:
    return [" ".join(group) for group in pack_groups(pieces, lengths, budget)]


def _split_word(word: str, engine: Engine, budget: int) -> list[str]:
    """A "word" longer than the window (a long URL, unspaced CJK text) is halved until it fits."""
    if len(word) < 2 or engine.count_tokens([word])[0] <= budget:
        return [word]
    mid = len(word) // 2
    return _split_word(word[:mid], engine, budget) + _split_word(word[mid:], engine, budget)


def _chunks(text: str, engine: Engine, budget: int) -> list[str]:
    """Consecutive sentences packed into pieces of at most ``budget`` tokens."""
    sentences = split_english(text) or [text]
    pieces: list[str] = []
    lengths: list[int] = []
    for sentence, n in zip(sentences, engine.count_tokens(sentences), strict=True):
        if n <= budget:
            pieces.append(sentence)
            lengths.append(n)
            continue
        # A run-on "sentence": cut between words. Word counts include the special tokens each
        # call adds, so their sum over-estimates the joined length: the pieces still fit.
        words = [piece for word in sentence.split() for piece in _split_word(word, engine, budget)]
        for part in _pack(words, engine.count_tokens(words), budget):
            pieces.append(part)
            lengths.append(engine.count_tokens([part])[0])
    return _pack(pieces, lengths, budget)


def _generate(engine: Engine, texts: list[str], options: SummaryOptions) -> list[str]:
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]), reverse=True)
    out: list[str] = [""] * len(texts)
    kwargs: dict[str, Any] = {"beams": options.beams, "no_repeat_ngram_size": 3}
    if options.forced_new_tokens is not None:
        kwargs.update(min_new_tokens=options.forced_new_tokens, max_new_tokens=options.forced_new_tokens)
    else:
        # A summary at most a third of the window makes every summarize-the-summaries round
        # shrink the text at least threefold, so long inputs converge in a few rounds.
        most = min(options.max_new_tokens, max(8, engine.window // 3))
        kwargs.update(min_new_tokens=min(options.min_new_tokens, most // 2), max_new_tokens=most)
    for i in range(0, len(order), options.batch_size):
        idx = order[i : i + options.batch_size]
        for j, text in zip(idx, engine.generate([texts[j] for j in idx], **kwargs), strict=True):
            out[j] = text
    return out


def summarize_texts(
    texts: Sequence[str], engine: Engine, options: SummaryOptions | None = None, progress: Progress | None = None
) -> list[str]:
    """One summary per text, each at most ``max_sentences`` sentences."""
    options = options or SummaryOptions()
    budget = engine.window - 2
    current = [t.strip() for t in texts]
    final: list[str | None] = [None] * len(current)
    if progress:
        progress("summarize", 0, len(current))
    for _round in range(8):  # each round shrinks a long text ~10x; 8 rounds is far beyond any article
        pending = [i for i, f in enumerate(final) if f is None]
        if not pending:
            break
        jobs: list[tuple[int, str]] = []
        for i in pending:
            if not current[i]:
                final[i] = ""
                continue
            for chunk in _chunks(current[i], engine, budget):
                jobs.append((i, chunk))
        summaries = _generate(engine, [c for _, c in jobs], options)
        grouped: dict[int, list[str]] = {}
        for (i, _), summary in zip(jobs, summaries, strict=True):
            grouped.setdefault(i, []).append(summary)
        for i, parts in grouped.items():
            if len(parts) == 1:
                final[i] = _tidy(parts[0], options.max_sentences)
            else:
                current[i] = " ".join(parts)  # summarize the summaries next round
        if progress:
            progress("summarize", sum(f is not None for f in final), len(final))
    return [f if f is not None else _tidy(current[i], options.max_sentences) for i, f in enumerate(final)]


def _tidy(summary: str, max_sentences: int) -> str:
    sentences = split_english(summary)
    return " ".join(sentences[:max_sentences]) if sentences else summary.strip()


def derive_headline(summary: str, max_words: int = 14) -> str:
    """A short headline from a summary: its first sentence, cut at a word boundary."""
    first = (split_english(summary) or [summary.strip()])[0].rstrip(".")
    words = first.split()
    if len(words) <= max_words:
        return first
    return " ".join(words[:max_words]).rstrip(",;:") + "…"


def summarize_translations(
    translations: Sequence[Translation],
    engine: Engine,
    options: SummaryOptions | None = None,
    progress: Progress | None = None,
) -> list[Summary]:
    """Summaries of the (glossary-enforced) translations, so they carry the glossary spellings."""
    texts = summarize_texts([t.text for t in translations], engine, options, progress)
    out = []
    for translation, text in zip(translations, texts, strict=True):
        headline = (translation.title or "").strip() or derive_headline(text or translation.text)
        out.append(Summary(translation, text, headline or "(untitled)"))
    return out
