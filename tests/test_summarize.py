"""Summaries on the tiny random BART: long inputs are chunked and re-summarized, never cut."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from briefing.models import Seq2Seq, load_seq2seq
from briefing.records import Article, Translation
from briefing.summarize import derive_headline, split_english, summarize_texts, summarize_translations


@pytest.fixture(scope="module")
def bart(tiny_bart_dir: Path) -> Seq2Seq:
    return load_seq2seq(str(tiny_bart_dir), "summarization", device="cpu")


class SpyEngine:
    """The real tiny BART, recording every text it is asked to summarize."""

    def __init__(self, real: Seq2Seq) -> None:
        self.real = real
        self.window = real.window
        self.seen: list[str] = []

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        return self.real.count_tokens(texts)

    def target_ids(self, text: str) -> list[int]:
        return self.real.target_ids(text)

    def generate(self, texts: Sequence[str], **kwargs: Any) -> list[str]:
        self.seen.extend(texts)
        return self.real.generate(texts, **kwargs)


def test_split_english() -> None:
    text = 'Wang Yi met Li Qiang. "It went well," he said. Shares rose 3.5% on Monday! Why? U.S. firms'
    assert split_english(text) == [
        "Wang Yi met Li Qiang.",
        '"It went well," he said.',
        "Shares rose 3.5% on Monday!",
        "Why?",
        "U.S. firms",
    ]


def test_derive_headline_takes_the_first_sentence_and_cuts_long_ones() -> None:
    assert derive_headline("BYD opens a plant in Hungary. It employs 1,000.") == "BYD opens a plant in Hungary"
    long = " ".join(f"word{i}" for i in range(30)) + "."
    assert derive_headline(long).endswith("…")
    assert len(derive_headline(long).split()) == 14


def test_input_longer_than_the_window_is_summarized_in_chunks_then_again(bart: Seq2Seq) -> None:
    spy = SpyEngine(bart)
    sentences = [f"The bank sold {i} billion yuan of bad loans to investors in Shanghai." for i in range(60)]
    text = " ".join(sentences)
    assert bart.count_tokens([text])[0] > 5 * bart.window
    [summary] = summarize_texts([text], spy)
    assert summary.strip()
    assert len(split_english(summary)) <= 4
    # Every sentence reached the model in some first-round chunk: nothing was cut away.
    first_round = " ".join(spy.seen)
    assert all(s in first_round for s in sentences)
    assert all(n <= bart.window for n in bart.count_tokens(spy.seen))
    assert len(spy.seen) > 5  # chunks, then a second round over their summaries


def test_summaries_and_headlines_per_translation(bart: Seq2Seq) -> None:
    a = Translation(Article(text="x", title="t"), "Xi Jinping met Wang Yi. They talked.", title="Xi meets Wang")
    b = Translation(Article(text="y"), "BYD opened a plant. It is big.")
    sa, sb = summarize_translations([a, b], bart)
    assert sa.headline == "Xi meets Wang"  # a translated title wins
    assert sb.headline and sb.headline == derive_headline(sb.text)
    assert sa.text.strip() and sb.text.strip()


def test_a_single_word_longer_than_the_window_is_split_not_fatal(bart: Seq2Seq) -> None:
    spy = SpyEngine(bart)
    url = "https://example.com/" + "x7q" * 400  # one "word" of ~1,200 characters
    assert bart.count_tokens([url])[0] > bart.window
    [summary] = summarize_texts([f"See {url} for details. Shares rose."], spy)
    assert summary.strip()
    assert all(n <= bart.window for n in bart.count_tokens(spy.seen))
