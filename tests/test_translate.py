"""Translation stage on the tiny random Marian: segmentation, no truncation, batching, glossary
enforcement and the translation memory. Random weights make the English nonsense, so the
tests assert structure and the glossary's promise, never wording."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
import torch

from briefing.cache import TranslationMemory
from briefing.glossary import load_glossary
from briefing.models import Seq2Seq, load_seq2seq
from briefing.records import Article
from briefing.translate import (
    ForcePhrases,
    TranslateOptions,
    pack,
    plan_segments,
    sentence_spans,
    split_long,
    translate_articles,
)

SENTENCES = [
    "중국 금융기관들이 불량 자산의 정리 속도를 크게 높이고 있다.",
    "상하이 소재 은행은 전날 신용카드 채권을 시장에 내놨다.",
    "업계에 따르면 평균 회수율은 6.9%로 집계됐다.",
    '연구원은 "부실 자산 처리가 빨라지고 있다"고 말했다.',
]


@pytest.fixture(scope="module")
def marian(tiny_marian_dir: Path) -> Seq2Seq:
    return load_seq2seq(str(tiny_marian_dir), "translation", device="cpu")


class EchoEngine:
    """The real tokenizer and window, but "translation" returns the source unchanged, so a
    test can see exactly which text reached the model and where it came back."""

    def __init__(self, real: Seq2Seq) -> None:
        self.real = real
        self.window = real.window
        self.calls: list[list[str]] = []

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        return self.real.count_tokens(texts)

    def target_ids(self, text: str) -> list[int]:
        return self.real.target_ids(text)

    def generate(self, texts: Sequence[str], **kwargs: Any) -> list[str]:
        assert max(self.count_tokens(texts)) <= self.window
        self.calls.append(list(texts))
        return list(texts)


def test_sentence_spans_are_exact_slices() -> None:
    text = "  " + " ".join(SENTENCES) + "  "
    spans = sentence_spans(text)
    assert [text[a:b] for a, b in spans] == SENTENCES


def test_pack_respects_budget_and_order() -> None:
    spans = [(0, 1), (2, 3), (4, 5), (6, 7)]
    assert pack(spans, [5, 5, 5, 5], budget=10) == [(0, 3), (4, 7)]
    assert pack(spans, [11, 1, 1, 11], budget=10) == [(0, 1), (2, 5), (6, 7)]


def test_overlong_sentence_is_cut_at_clauses_until_every_piece_fits(marian: Seq2Seq) -> None:
    sentence = ", ".join(s.rstrip(".") + "고" for s in SENTENCES * 3) + " 밝혔다."
    budget = 20
    assert marian.count_tokens([sentence])[0] > 3 * budget

    def fits(t: str) -> bool:
        return marian.count_tokens([t])[0] <= budget

    pieces = split_long(sentence, (0, len(sentence)), fits)
    assert len(pieces) > 3
    assert all(fits(sentence[a:b]) for a, b in pieces)
    # Pieces tile the sentence: nothing dropped but the spaces between them.
    joined = "".join(sentence[a:b] for a, b in pieces)
    assert joined == sentence.replace(" ", "")[: len(joined)] or joined.replace(" ", "") == sentence.replace(" ", "")


def test_article_five_times_the_window_is_translated_whole(marian: Seq2Seq) -> None:
    engine = EchoEngine(marian)
    body = " ".join(f"{i}일 {s}" for i, s in enumerate(SENTENCES * 8, start=1))  # all distinct
    assert marian.count_tokens([body])[0] > 5 * marian.window
    article = Article(text=body + "\n\n" + SENTENCES[0])
    [out] = translate_articles([article], engine, options=TranslateOptions(beams=1))
    # Every sentence came back, in order, in the right paragraph; none was truncated.
    first, second = out.text.split("\n\n")
    assert first == body
    assert second == SENTENCES[0]
    assert out.segments == sum(len(c) for c in engine.calls) > 5


def test_real_model_runs_on_long_article_within_window(marian: Seq2Seq) -> None:
    article = Article(text=" ".join(SENTENCES * 6))
    [out] = translate_articles([article], marian, options=TranslateOptions(beams=2, batch_size=4))
    assert out.segments >= 5
    assert out.text.strip()


def test_segments_are_batched_across_articles_longest_first_and_deduplicated(marian: Seq2Seq) -> None:
    engine = EchoEngine(marian)
    articles = [Article(text=s) for s in [*SENTENCES, SENTENCES[0], SENTENCES[1]]]
    outs = translate_articles(articles, engine, options=TranslateOptions(batch_size=3))
    assert [o.text for o in outs] == [*SENTENCES, SENTENCES[0], SENTENCES[1]]
    sent = [t for call in engine.calls for t in call]
    assert sorted(sent) == sorted(SENTENCES)  # duplicates translated once
    lengths = marian.count_tokens(sent)
    assert lengths == sorted(lengths, reverse=True)
    assert [len(c) for c in engine.calls] == [3, 1]


def test_title_is_translated_separately(marian: Seq2Seq) -> None:
    engine = EchoEngine(marian)
    [out] = translate_articles([Article(text=SENTENCES[1], title="중국 은행 불량자산 매각")], engine)
    assert out.title == "중국 은행 불량자산 매각"
    assert out.text == SENTENCES[1]


# ----------------------------------------------------------------------------- glossary


@pytest.fixture
def glossary_file(tmp_path: Path) -> Path:
    path = tmp_path / "terms.tsv"
    path.write_text(
        "korean\tenglish\tcontext\n"
        "왕이\tWang Yi\t외교|부장|王毅\n"
        "알리윈\tAlibaba Cloud\t\n"
        "닝더스다이\tCATL\t\n"
        "리창\tLi Qiang\t\n",
        encoding="utf-8",
    )
    return path


def test_matched_terms_appear_verbatim_even_from_a_random_model(marian: Seq2Seq, glossary_file: Path) -> None:
    glossary = load_glossary([glossary_file], include_default=False)
    articles = [
        Article(text="왕이(王毅) 외교부장은 알리윈의 데이터센터를 방문했다. 닝더스다이는 새 공장을 열었다."),
        Article(text="그는 결국 왕이 되었다. 유리창이 깨졌다."),  # no cue for 왕이; 유리창 is not 리창
    ]
    first, second = translate_articles(articles, marian, glossary=glossary, options=TranslateOptions(beams=2))
    for term in ("Wang Yi", "Alibaba Cloud", "CATL"):
        assert term in first.text
    assert {(u.korean, u.english) for u in first.terms} == {
        ("왕이", "Wang Yi"),
        ("알리윈", "Alibaba Cloud"),
        ("닝더스다이", "CATL"),
    }
    # A random model cannot produce the names by itself: they were repaired, and said so.
    assert {u.status for u in first.terms} == {"repaired"}
    for term in ("Wang Yi", "Li Qiang", "Alibaba Cloud", "CATL"):
        assert term not in second.text
    assert second.terms == ()


def test_terms_are_substituted_into_the_source(marian: Seq2Seq, glossary_file: Path) -> None:
    glossary = load_glossary([glossary_file], include_default=False)
    article = Article(text="왕이(王毅, Wang Yi) 외교부장은 알리윈과 협력했다.")
    [segment] = plan_segments([article], marian, glossary, TranslateOptions())
    assert segment.source == "Wang Yi 외교부장은 Alibaba Cloud과 협력했다."
    assert segment.terms == ("Wang Yi", "Alibaba Cloud")


def test_force_phrases_forces_a_missing_phrase_before_the_end() -> None:
    proc = ForcePhrases([[[7, 8]]], num_beams=1, eos_id=0, max_new_tokens=4)
    scores = torch.zeros(1, 10)
    scores[0, 0] = 5.0  # the model wants to stop
    out = proc(torch.tensor([[1, 3]]), scores.clone())  # start token + one generated; 3 steps left
    assert int(out[0].argmax()) == 7
    out = proc(torch.tensor([[1, 3, 7]]), scores.clone())  # inside the phrase: continue it
    assert int(out[0].argmax()) == 8
    out = proc(torch.tensor([[1, 7, 8]]), scores.clone())  # phrase complete: free again
    assert int(out[0].argmax()) == 0
    ending = proc(torch.tensor([[1]]), scores.clone())  # room left, but the model wants to stop: term here
    assert int(ending[0].argmax()) == 7 and ending[0, 0] == float("-inf")
    talking = torch.zeros(1, 10)
    talking[0, 4] = 5.0  # the model wants to go on: let it, but it may not end yet
    early = proc(torch.tensor([[1]]), talking.clone())
    assert int(early[0].argmax()) == 4 and early[0, 0] == float("-inf")


# ----------------------------------------------------------------------------- translation memory


def test_rerun_is_answered_by_the_memory_without_loading_the_model(tiny_marian_dir: Path, glossary_file: Path) -> None:
    from briefing.pipeline import model_key

    glossary = load_glossary([glossary_file], include_default=False)
    articles = [Article(text="왕이 외교부장은 알리윈을 방문했다. " + " ".join(SENTENCES))]
    first_engine = load_seq2seq(str(tiny_marian_dir), "translation", device="cpu")
    key = model_key(first_engine)
    memory = TranslationMemory.open()
    cold = translate_articles(articles, first_engine, glossary=glossary, memory=memory, model_key=key)
    assert first_engine.model_loaded and cold[0].cached == 0

    second_engine = load_seq2seq(str(tiny_marian_dir), "translation", device="cpu")
    warm = translate_articles(articles, second_engine, glossary=glossary, memory=memory, model_key=key)
    assert not second_engine.model_loaded
    assert warm[0].text == cold[0].text
    assert warm[0].cached == warm[0].segments == cold[0].segments
    assert warm[0].terms == cold[0].terms  # "repaired" survives the round trip through the memory

    other = translate_articles(
        articles, second_engine, glossary=glossary, memory=memory, model_key=key, options=TranslateOptions(beams=1)
    )
    assert other[0].cached == 0  # other generation settings are other entries
    memory.close()
