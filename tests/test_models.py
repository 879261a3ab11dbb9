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


def _cache_snapshot(model_dir: Path, hub_id: str, ref: str, sha: str) -> Path:
    """Put a model folder into the isolated HF cache the way a download at ``ref`` leaves it."""
    import os

    repo = Path(os.environ["HF_HUB_CACHE"]) / ("models--" + hub_id.replace("/", "--"))
    snapshot = repo / "snapshots" / sha
    shutil.copytree(model_dir, snapshot)
    ref_file = repo / "refs" / ref
    ref_file.parent.mkdir(parents=True, exist_ok=True)
    ref_file.write_text(sha)
    return snapshot


def test_default_summarizer_loads_from_its_safetensors_pull_request(tiny_bart_dir: Path) -> None:
    """distilbart-cnn-12-6 has safetensors only in the hub's refs/pr/18: the preset pins it."""
    preset = PRESETS["distilbart-cnn-12-6"]
    assert preset.revision == "refs/pr/18"
    sha = "6c1a5ba" + "0" * 33
    _cache_snapshot(tiny_bart_dir, preset.hub_id, preset.revision, sha)
    engine = load_seq2seq("distilbart-cnn-12-6", "summarization", device="cpu")
    assert engine.info.revision == sha
    with pytest.raises(ModelError, match="not in the Hugging Face cache"):  # main is not cached
        load_seq2seq("sshleifer/distilbart-cnn-12-6", "summarization")


def test_hub_id_with_a_revision(tiny_marian_dir: Path) -> None:
    sha = "f" * 40
    _cache_snapshot(tiny_marian_dir, "someone/ko-en", "v2", sha)
    ref = resolve("someone/ko-en@v2", "translation")
    assert (ref.hub_id, ref.wanted, ref.revision) == ("someone/ko-en", "v2", sha)
    with pytest.raises(ModelError, match="neither a preset"):
        resolve("someone/ko-en@", "translation")


def test_hub_snapshot_with_only_pickles_points_at_the_safetensors_pull_request(
    tiny_marian_dir: Path, tmp_path: Path
) -> None:
    pickled = tmp_path / "pickled"
    shutil.copytree(tiny_marian_dir, pickled)
    (pickled / "model.safetensors").rename(pickled / "pytorch_model.bin")
    _cache_snapshot(pickled, "someone/old-model", "main", "e" * 40)
    with pytest.raises(ModelError, match=r"try someone/old-model@refs/pr/N"):
        load_seq2seq("someone/old-model", "translation")
