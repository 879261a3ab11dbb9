"""Model names, offline loading and the errors a user sees when a model is not there."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from briefing.errors import ModelError
from briefing.models import PRESETS, load_seq2seq, resolve


def test_presets_resolve_to_hub_ids_without_network() -> None:
    ref = resolve("opus-mt-ko-en", "translation")
    assert ref.hub_id == "Helsinki-NLP/opus-mt-ko-en"
    assert ref.folder is None  # not in the (empty, isolated) cache
    assert (
        PRESETS["nllb-200-distilled-600m"].licence_note
        and "non-commercial" in PRESETS["nllb-200-distilled-600m"].licence_note
    )


def test_preset_of_the_wrong_role_is_refused() -> None:
    with pytest.raises(ModelError, match="summarization model"):
        resolve("distilbart-cnn-12-6", "translation")


@pytest.mark.parametrize("name", ["opus-mt-ko-en", "someone/some-model"])
def test_uncached_hub_model_fails_at_once_with_the_fix(name: str) -> None:
    with pytest.raises(ModelError) as info:
        load_seq2seq(name, "translation")
    message = str(info.value)
    assert f"briefing models pull {name}" in message
    assert "--mt-model PATH" in message
    assert "\n" not in message


def test_unknown_name_is_neither_preset_nor_id_nor_folder() -> None:
    with pytest.raises(ModelError, match="neither a preset"):
        load_seq2seq("./no/such/folder", "translation")


def test_folder_without_safetensors_is_refused(tmp_path: Path, tiny_marian_dir: Path) -> None:
    folder = tmp_path / "m"
    shutil.copytree(tiny_marian_dir, folder)
    (folder / "model.safetensors").rename(folder / "pytorch_model.bin")
    with pytest.raises(ModelError, match=r"no \.safetensors weights \(only pickled \.bin"):
        load_seq2seq(str(folder), "translation")
    with pytest.raises(ModelError, match=r"no config\.json"):
        load_seq2seq(str(tmp_path), "translation")


def test_cached_hub_snapshot_loads_offline_with_its_revision(tmp_path: Path, tiny_marian_dir: Path) -> None:
    """A model in the HF cache layout (what `models pull` leaves) loads by hub id, offline."""
    import os

    revision = "0123456789abcdef0123456789abcdef01234567"
    repo = Path(os.environ["HF_HUB_CACHE"]) / "models--Helsinki-NLP--opus-mt-ko-en"
    shutil.copytree(tiny_marian_dir, repo / "snapshots" / revision)
    (repo / "refs").mkdir()
    (repo / "refs" / "main").write_text(revision)
    engine = load_seq2seq("opus-mt-ko-en", "translation", device="cpu")
    assert engine.info.revision == revision
    assert engine.info.resolved == "Helsinki-NLP/opus-mt-ko-en"
    assert engine.generate(["중국 은행"], max_new_tokens=5, min_new_tokens=5)


def test_int8_quantized_model_generates(tiny_marian_dir: Path) -> None:
    engine = load_seq2seq(str(tiny_marian_dir), "translation", device="cpu", quantize="int8")
    assert engine.info.backend == "transformers-int8"
    [out] = engine.generate(["중국 금융기관"], max_new_tokens=6, min_new_tokens=6)
    assert out


def test_pull_refuses_when_offline() -> None:
    from briefing.models import pull

    with pytest.raises(ModelError, match="HF_HUB_OFFLINE"):
        pull("opus-mt-ko-en")
