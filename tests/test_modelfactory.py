"""The offline model factory gives models that load, generate and tokenize like the real ones."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

NAMES = ["Wang Yi", "Alibaba Cloud", "CATL", "BYD", "Xi Jinping", "Zhang Wei-ming (CEO), 3.5% of $12bn"]


@pytest.fixture(scope="module")
def marian(tiny_marian_dir: Path):
    from transformers import MarianMTModel, MarianTokenizer

    return MarianTokenizer.from_pretrained(tiny_marian_dir), MarianMTModel.from_pretrained(tiny_marian_dir)


@pytest.fixture(scope="module")
def bart(tiny_bart_dir: Path):
    from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

    return AutoTokenizer.from_pretrained(tiny_bart_dir), AutoModelForSeq2SeqLM.from_pretrained(tiny_bart_dir)


def test_marian_folder_has_the_hub_layout(tiny_marian_dir: Path) -> None:
    names = {p.name for p in tiny_marian_dir.iterdir()}
    assert {"config.json", "generation_config.json", "model.safetensors", "source.spm", "target.spm"} <= names
    assert {"vocab.json", "tokenizer_config.json"} <= names


def test_marian_ids_are_consistent(marian, tiny_marian_dir: Path) -> None:
    tok, model = marian
    vocab = json.loads((tiny_marian_dir / "vocab.json").read_text(encoding="utf-8"))
    # opus-mt layout: </s> 0, <unk> 1, <pad> last and also the decoder start.
    assert vocab["</s>"] == tok.eos_token_id == model.config.eos_token_id == 0
    assert vocab["<unk>"] == tok.unk_token_id == 1
    assert vocab["<pad>"] == tok.pad_token_id == model.config.pad_token_id == len(vocab) - 1
    assert model.config.decoder_start_token_id == tok.pad_token_id
    assert model.config.vocab_size == len(tok) == len(vocab)
    assert tok.model_max_length == model.config.max_position_embeddings == 64
    assert model.generation_config.num_beams == 1


def test_auto_tokenizer_gives_marian(tiny_marian_dir: Path) -> None:
    from transformers import AutoTokenizer

    assert type(AutoTokenizer.from_pretrained(tiny_marian_dir)).__name__ == "MarianTokenizer"


def test_marian_generates_forced_lengths(marian) -> None:
    import torch

    tok, model = marian
    batch = tok(["중국 금융기관들이 불량 자산을 매각했다.", "왕이 외교부장"], return_tensors="pt", padding=True)
    with torch.no_grad():
        out = model.generate(**batch, min_new_tokens=7, max_new_tokens=7)
    assert out.shape == (2, 8)  # decoder start + 7
    assert all(isinstance(s, str) for s in tok.batch_decode(out, skip_special_tokens=True))


@pytest.mark.parametrize("name", NAMES)
def test_target_vocab_spells_any_name(marian, name: str) -> None:
    tok, _ = marian
    ids = tok(text_target=name).input_ids
    assert tok.unk_token_id not in ids
    assert tok.decode(ids, skip_special_tokens=True) == name


def test_korean_samples_tokenize_without_unk(marian, samples_file: Path) -> None:
    tok, _ = marian
    text = samples_file.read_text(encoding="utf-8")[:4000]
    ids = tok(text).input_ids
    assert ids.count(tok.unk_token_id) <= len(ids) // 100
    # Hangul syllables are pieces of their own, not three byte-fallback tokens each.
    assert len(ids) < len(text) * 1.2


def test_same_seed_same_weights(tmp_path: Path) -> None:
    from modelfactory import tiny_marian

    a = tiny_marian(tmp_path / "a", seed=3)
    b = tiny_marian(tmp_path / "b", seed=3)
    assert (a / "model.safetensors").read_bytes() == (b / "model.safetensors").read_bytes()
    assert (a / "vocab.json").read_text() == (b / "vocab.json").read_text()


def test_marian_vocab_pads_to_real_size(tmp_path: Path) -> None:
    from modelfactory import build_marian

    folder = build_marian(
        tmp_path / "m",
        d_model=8,
        encoder_layers=1,
        decoder_layers=1,
        heads=1,
        ffn_dim=8,
        vocab_size=65001,
        max_position_embeddings=32,
    )
    from transformers import MarianConfig, MarianTokenizer

    assert MarianConfig.from_pretrained(folder).vocab_size == 65001
    tok = MarianTokenizer.from_pretrained(folder)
    assert len(tok) == 65001 and tok.pad_token_id == 65000


def test_bart_tokenizer_and_ids(bart) -> None:
    tok, model = bart
    assert (tok.bos_token, tok.pad_token, tok.eos_token, tok.unk_token) == ("<s>", "<pad>", "</s>", "<unk>")
    assert (tok.bos_token_id, tok.pad_token_id, tok.eos_token_id, tok.unk_token_id) == (0, 1, 2, 3)
    assert tok.mask_token_id == len(tok) - 1 == model.config.vocab_size - 1
    assert tok.model_max_length == model.config.max_position_embeddings == 128
    text = "Alibaba Cloud unveiled a new model. Experts said growth slowed."
    ids = tok(text).input_ids
    assert ids[0] == 0 and ids[-1] == 2
    assert tok.decode(ids, skip_special_tokens=True) == text


def test_bart_generates_forced_lengths(bart) -> None:
    import torch

    tok, model = bart
    texts = ["The yuan strengthened.", "Exports beat expectations, but imports fell."]
    batch = tok(texts, return_tensors="pt", padding=True)
    with torch.no_grad():
        out = model.generate(**batch, min_new_tokens=6, max_new_tokens=6)
    assert out.shape == (2, 7)
    assert all(isinstance(s, str) for s in tok.batch_decode(out, skip_special_tokens=True))
