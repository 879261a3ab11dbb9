"""The CTranslate2 backend: converted once, same output as transformers, glossary repair intact.

All on the tiny random models from conftest (a conversion takes well under a second).
Parity tolerance: on these models CTranslate2 gives exactly the transformers text, greedy and
beam 2, in float32 and in int8 (int8 rounding does not flip a single argmax here). On the
full-size random opus-mt-ko-en shape, greedy with 24 forced tokens, float32 and int8 were also
identical to transformers fp32 on 32 of 32 benchmark segments (measured 2026-11-22). Trained
weights can still differ in a token here and there under int8; `--quantize none` gives float32.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

pytest.importorskip("ctranslate2")

from briefing import backends, config, models
from briefing.cache import TranslationMemory
from briefing.records import Article
from briefing.translate import TermMatch, TranslateOptions, translate_articles

TEXTS = [
    "중국 금융기관들이 불량 자산의 정리 속도를 크게 높이고 있다.",
    "왕이 중국 외교부장은 베이징에서 한국 외교부 장관과 회담을 가졌다.",
    "이번 조치는 다음 달 1일부터 시행된다.",
    "배터리 업체 CATL과 전기차 업체 BYD는 유럽 공장 건설 계획을 발표했다.",
]


def _ct2(folder: Path, role: str = "translation", quantize: str | None = None) -> backends.CT2Seq2Seq:
    engine = backends.load_engine(str(folder), role, backend="ctranslate2", quantize=quantize)
    assert isinstance(engine, backends.CT2Seq2Seq)
    return engine


def _ct2_dirs() -> list[Path]:
    root = config.cache_dir() / "ct2"
    return sorted(root.iterdir()) if root.is_dir() else []


def test_conversion_happens_once_and_is_reused(tiny_marian_dir: Path) -> None:
    first = _ct2(tiny_marian_dir)
    assert not first.model_loaded and _ct2_dirs() == []  # loading converts nothing
    first.generate(TEXTS[:1], max_new_tokens=5)
    assert first.converted_now and first.model_loaded
    second = _ct2(tiny_marian_dir)
    second.generate(TEXTS[:1], max_new_tokens=5)
    assert not second.converted_now
    dirs = _ct2_dirs()
    assert len(dirs) == 1 and not any(d.name.startswith(".") for d in dirs)  # no temp folder left behind
    assert (dirs[0] / "model.bin").is_file()


@pytest.mark.parametrize("quantize", ["none", "int8"])
@pytest.mark.parametrize("beams", [1, 2])
def test_parity_with_transformers_marian(tiny_marian_dir: Path, quantize: str, beams: int) -> None:
    hf = models.load_seq2seq(str(tiny_marian_dir), "translation")
    ct = _ct2(tiny_marian_dir, quantize=quantize)
    for kwargs in ({"max_new_tokens": 20}, {"max_new_tokens": 12, "min_new_tokens": 12}):
        assert ct.generate(TEXTS, beams=beams, **kwargs) == hf.generate(TEXTS, beams=beams, **kwargs)


def test_parity_with_transformers_bart(tiny_bart_dir: Path) -> None:
    """BART's forced ``<s>`` and no_repeat_ngram_size map onto CTranslate2 options."""
    hf = models.load_seq2seq(str(tiny_bart_dir), "summarization")
    ct = _ct2(tiny_bart_dir, "summarization", quantize="none")
    texts = ["The yuan strengthened against the dollar and stocks closed higher. Exports beat expectations."]
    kwargs = {"beams": 2, "max_new_tokens": 20, "min_new_tokens": 5, "no_repeat_ngram_size": 3}
    assert ct.generate(texts, **kwargs) == hf.generate(texts, **kwargs)


@dataclass
class _Match:
    start: int
    end: int
    korean: str
    english: str


class _Glossary:
    """The Matcher protocol for one term; the real glossary is tested elsewhere."""

    def match(self, text: str) -> Sequence[TermMatch]:
        i = text.find("왕이")
        return [_Match(i, i + 2, "왕이", "Wang Yi")] if i >= 0 else []


def test_glossary_repair_runs_inside_ctranslate2(tiny_marian_dir: Path) -> None:
    ct = _ct2(tiny_marian_dir)
    article = Article(text=TEXTS[1] + " " + TEXTS[2])
    [out] = translate_articles([article], ct, glossary=_Glossary(), options=TranslateOptions(beams=2))
    assert "Wang Yi" in out.text
    assert [t.status for t in out.terms] == ["repaired"]  # random weights never write it unaided
    assert not ct.base.model_loaded  # forced decoding ran natively: the torch weights never loaded


@pytest.mark.parametrize("beams", [1, 3])
@pytest.mark.parametrize("forced", [None, 20])
def test_native_forced_phrases_place_every_term(tiny_marian_dir: Path, beams: int, forced: int | None) -> None:
    from briefing.translate import ForcePhrases

    ct = _ct2(tiny_marian_dir)
    terms = [["Alibaba Cloud", "CATL"], ["Xi Jinping"], []]
    phrases = [[ct.target_ids(t) for t in ex] for ex in terms]
    proc = ForcePhrases(phrases, beams, ct.tokenizer.eos_token_id, 30)
    outs = ct.generate(TEXTS[:3], beams=beams, max_new_tokens=30, min_new_tokens=forced, logits_processor=proc)
    for out, ex in zip(outs, terms, strict=True):
        assert all(t in out for t in ex), (out, ex)
    plain = ct.generate(TEXTS[2:3], beams=beams, max_new_tokens=30, min_new_tokens=forced)
    assert outs[2] == plain[0]  # no terms: the same output as without the processor


def test_full_cache_hit_loads_no_model(tiny_marian_dir: Path, tmp_path: Path) -> None:
    from briefing.pipeline import model_key

    articles = [Article(text=t) for t in TEXTS]
    memory = TranslationMemory.open(tmp_path / "tm.sqlite3")
    cold_engine = _ct2(tiny_marian_dir)
    cold = translate_articles(articles, cold_engine, memory=memory, model_key=model_key(cold_engine))
    assert cold_engine.model_loaded
    warm_engine = _ct2(tiny_marian_dir)
    warm = translate_articles(articles, warm_engine, memory=memory, model_key=model_key(warm_engine))
    memory.close()
    assert [t.text for t in warm] == [t.text for t in cold]
    assert all(t.cached == t.segments for t in warm)
    assert not warm_engine.model_loaded and not warm_engine.base.model_loaded


def test_auto_picks_ctranslate2_and_cache_keys_differ(tiny_marian_dir: Path) -> None:
    from briefing.pipeline import model_key

    auto = backends.load_engine(str(tiny_marian_dir), "translation")
    plain = backends.load_engine(str(tiny_marian_dir), "translation", backend="transformers")
    assert auto.info.backend == "ctranslate2-int8"
    assert plain.info.backend == "transformers"
    assert model_key(auto) != model_key(plain)  # int8 output is not reused for fp32 runs


def test_unknown_backend_is_a_model_error(tiny_marian_dir: Path) -> None:
    from briefing.errors import ModelError

    with pytest.raises(ModelError, match="--backend"):
        backends.load_engine(str(tiny_marian_dir), "translation", backend="onnx")


def test_cli_backend_option(cli, tiny_marian_dir: Path) -> None:  # type: ignore[no-untyped-def]
    args = ("translate", "--mt-model", str(tiny_marian_dir), "--no-glossary", "--beams", "1")
    ct = cli(*args, "--backend", "ctranslate2", stdin=TEXTS[0] + "\n")
    assert ct.code == 0, ct.stderr
    hf = cli(*args, "--backend", "transformers", "--no-cache", stdin=TEXTS[0] + "\n")
    assert hf.code == 0, hf.stderr
    assert ct.stdout.strip() and ct.stdout == hf.stdout  # int8 == fp32 on the tiny model (see module doc)
    assert len(_ct2_dirs()) == 1
    bad = cli(*args, "--backend", "onnx", stdin=TEXTS[0] + "\n")
    assert bad.code != 0 and "--backend" in bad.stderr


def test_help_imports_no_ml_library() -> None:
    code = (
        "import sys\n"
        "from briefing.cli import cli_main\n"
        "cli_main(['--help'])\n"
        "heavy = [m for m in ('torch', 'transformers', 'ctranslate2') if m in sys.modules]\n"
        "print('HEAVY', heavy)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert "HEAVY []" in out.stdout, out.stdout + out.stderr


def test_native_forced_phrases_continue_from_the_unconstrained_output(tiny_marian_dir: Path) -> None:
    """A first-pass output that ended early is kept; the term goes where the model stopped."""
    from briefing.translate import ForcePhrases

    ct = _ct2(tiny_marian_dir)
    terms = [["Alibaba Cloud"], ["Xi Jinping", "CATL"]]
    hints = [ct.target_ids("the bank said"), ct.target_ids("shares rose")]
    proc = ForcePhrases([[ct.target_ids(t) for t in ex] for ex in terms], 2, ct.tokenizer.eos_token_id, 40, hints)
    outs = ct.generate(TEXTS[:2], beams=2, max_new_tokens=40, logits_processor=proc)
    assert outs[0].startswith("the bank said Alibaba Cloud")
    assert outs[1].startswith("shares rose Xi Jinping")
    assert "CATL" in outs[1]
    assert not ct.base.model_loaded
