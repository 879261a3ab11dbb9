"""Model names, where their files are, and loading them.

A model NAME is a preset (``opus-mt-ko-en``), a Hugging Face hub id, or a local folder.
Loading never downloads: a hub id must already be in the Hugging Face cache
(``briefing models pull NAME`` puts it there), so a run on a machine without network
fails at once with a message that says what to do, instead of retrying for minutes.
torch and transformers are imported inside the functions that need them.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from briefing.errors import MissingDependencyError, ModelError
from briefing.records import ModelInfo

Role = Literal["translation", "summarization"]

# Files a model folder needs; `pull` downloads only these (safetensors weights, never pickles).
PULL_PATTERNS = ["*.json", "*.safetensors", "*.spm", "*.model", "*.txt", "*.tiktoken", "README.md"]


@dataclass(frozen=True)
class Preset:
    name: str
    hub_id: str
    role: Role
    licence_note: str | None = None
    src_lang: str | None = None  # NLLB-style language codes
    tgt_lang: str | None = None
    # briefing loads safetensors only. Some older repos have them only in the pull request
    # Hugging Face's SFconvertbot opened (the same weights, converted): pin that revision.
    revision: str | None = None


PRESETS: dict[str, Preset] = {
    p.name: p
    for p in (
        Preset("opus-mt-ko-en", "Helsinki-NLP/opus-mt-ko-en", "translation"),
        Preset("opus-mt-tc-big-ko-en", "Helsinki-NLP/opus-mt-tc-big-ko-en", "translation"),
        Preset(
            "nllb-200-distilled-600m",
            "facebook/nllb-200-distilled-600M",
            "translation",
            licence_note="CC-BY-NC-4.0: non-commercial use only",
            src_lang="kor_Hang",
            tgt_lang="eng_Latn",
            revision="refs/pr/39",
        ),
        Preset("distilbart-cnn-12-6", "sshleifer/distilbart-cnn-12-6", "summarization", revision="refs/pr/18"),
        Preset("distilbart-cnn-6-6", "sshleifer/distilbart-cnn-6-6", "summarization", revision="refs/pr/2"),
        Preset("bart-large-cnn", "facebook/bart-large-cnn", "summarization"),
    )
}


@dataclass(frozen=True)
class ModelRef:
    """A resolved model name: either a local folder or a hub id (maybe cached)."""

    name: str  # as the user wrote it
    role: Role
    hub_id: str | None  # None for a plain local folder
    folder: Path | None  # local folder with the files, when there is one
    revision: str | None = None  # hub commit of the cached snapshot
    preset: Preset | None = None
    wanted: str | None = None  # the branch, tag, PR ref or commit asked for (None: main)

    @property
    def resolved(self) -> str:
        return str(self.folder) if self.hub_id is None and self.folder else (self.hub_id or self.name)

    def info(self, backend: str = "transformers") -> ModelInfo:
        return ModelInfo(
            role=self.role,
            name=self.name,
            resolved=self.resolved,
            revision=self.revision,
            backend=backend,
            licence_note=self.preset.licence_note if self.preset else None,
        )


def file_stamps(folder: Path) -> str:
    """Names, sizes and modification times of a model folder's files: cheap to read, and any
    re-training, re-download or conversion input change alters it (hashing gigabytes of
    weights on every run would cost seconds)."""
    stamps = []
    for p in sorted(folder.iterdir()):
        if p.is_file():
            st = p.stat()
            stamps.append(f"{p.name}:{st.st_size}:{st.st_mtime_ns};")
    return "".join(stamps)


def _looks_like_path(name: str) -> bool:
    """Names written as paths are never sent to the hub as ids."""
    return name.startswith((".", "/", "~")) or "\\" in name


def hub_cache_dir() -> str | None:
    """The Hugging Face cache as the environment says *now* (huggingface_hub reads it once, at import)."""
    if os.environ.get("HF_HUB_CACHE"):
        return os.environ["HF_HUB_CACHE"]
    if os.environ.get("HF_HOME"):
        return str(Path(os.environ["HF_HOME"]) / "hub")
    return None  # the library's default, ~/.cache/huggingface/hub


def cached_snapshot(hub_id: str, revision: str | None = None) -> Path | None:
    """The folder of ``hub_id`` in the Hugging Face cache, or None. Never touches the network."""
    from huggingface_hub import snapshot_download
    from huggingface_hub.errors import HFValidationError, LocalEntryNotFoundError

    try:
        return Path(snapshot_download(hub_id, revision=revision, local_files_only=True, cache_dir=hub_cache_dir()))
    except (LocalEntryNotFoundError, HFValidationError, FileNotFoundError, OSError):
        return None


def resolve(name: str, role: Role) -> ModelRef:
    """Turn a preset, hub id or folder into a ModelRef; does not check the files."""
    preset = PRESETS.get(name)
    if preset is not None:
        if preset.role != role:
            raise ModelError(f"'{name}' is a {preset.role} model, not a {role} model")
        folder = cached_snapshot(preset.hub_id, preset.revision)
        return ModelRef(name, role, preset.hub_id, folder, folder.name if folder else None, preset, preset.revision)
    path = Path(name).expanduser()
    if path.is_dir():
        return ModelRef(name, role, None, path.resolve())
    hub_id, at, wanted = name.partition("@")  # owner/name@revision
    if _looks_like_path(name) or hub_id.count("/") != 1 or (at and not wanted):
        raise ModelError(
            f"model '{name}' is neither a preset ({', '.join(p for p in PRESETS if PRESETS[p].role == role)}), "
            "a hub id like owner/name, nor an existing folder"
        )
    folder = cached_snapshot(hub_id, wanted or None)
    return ModelRef(name, role, hub_id, folder, folder.name if folder else None, None, wanted or None)


def _flag(role: Role) -> str:
    return "--mt-model" if role == "translation" else "--summarizer"


def check_files(ref: ModelRef) -> Path:
    """The folder to load from, or a ModelError that says how to get one."""
    if ref.folder is None:
        offline = os.environ.get("HF_HUB_OFFLINE", "") not in ("", "0")
        how = "with HF_HUB_OFFLINE=1 only a filled cache works" if offline else "nothing is downloaded during a run"
        raise ModelError(
            f"{ref.role} model '{ref.name}' ({ref.hub_id}) is not in the Hugging Face cache ({how}): "
            f"run `briefing models pull {ref.name}` where the hub is reachable, "
            f"or pass {_flag(ref.role)} PATH to a local model folder"
        )
    where = f"model folder {ref.folder}"
    if not (ref.folder / "config.json").is_file():
        raise ModelError(f"{where} has no config.json: it is not a transformers model folder")
    if not any(ref.folder.glob("*.safetensors")):
        extra = " (only pickled .bin weights, which briefing does not load)" if any(ref.folder.glob("*.bin")) else ""
        hint = (
            f"many older hub repos have them in an open 'Adding safetensors' pull request: try {ref.hub_id}@refs/pr/N"
            if ref.hub_id
            else "convert it with `model.save_pretrained(folder)` in transformers, or pick another model"
        )
        raise ModelError(f"{where} has no .safetensors weights{extra}: {hint}")
    return ref.folder


@dataclass
class Seq2Seq:
    """A seq2seq model and its tokenizer, with what generation needs to know.

    The weights load on first use (``model``), so a run whose every segment is already in
    the translation memory needs only the tokenizer.
    """

    ref: ModelRef
    tokenizer: Any
    device: str
    window: int  # longest source the model accepts, in its own tokens
    loader: Callable[[], Any]  # builds the model; called once, on first generate
    generate_kwargs: dict[str, Any] = field(default_factory=dict)  # e.g. forced_bos_token_id for NLLB
    backend: str = "transformers"
    _model: Any = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def model_loaded(self) -> bool:
        return self._model is not None

    @property
    def model(self) -> Any:
        if self._model is None:
            self._model = self.loader()
        return self._model

    @property
    def info(self) -> ModelInfo:
        return self.ref.info(self.backend)

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        """Source length of each text in model tokens (with the special tokens it adds)."""
        if not texts:
            return []
        enc = self.tokenizer(list(texts), add_special_tokens=True)
        return [len(ids) for ids in enc["input_ids"]]

    def generate(
        self,
        texts: Sequence[str],
        *,
        beams: int = 1,
        max_new_tokens: int = 256,
        min_new_tokens: int | None = None,
        logits_processor: Any = None,
        **extra: Any,
    ) -> list[str]:
        """One batched ``model.generate`` call; returns decoded strings in input order."""
        import torch

        enc = self.tokenizer(list(texts), return_tensors="pt", padding=True, truncation=False, add_special_tokens=True)
        if enc["input_ids"].shape[1] > self.window:
            # Callers chunk to fit; this is a bug guard, never a silent truncation.
            raise ValueError(f"batch has {enc['input_ids'].shape[1]} tokens, window is {self.window}")
        enc = {k: v.to(self.device) for k, v in enc.items()}
        # The decoder has the same position limit as the encoder (its start token takes one).
        max_new_tokens = min(max_new_tokens, self.window - 1)
        if min_new_tokens is not None:
            min_new_tokens = min(min_new_tokens, max_new_tokens)
        kwargs: dict[str, Any] = {
            **self.generate_kwargs,
            "num_beams": beams,
            "do_sample": False,
            "max_new_tokens": max_new_tokens,
            **extra,
        }
        if min_new_tokens is not None:
            kwargs["min_new_tokens"] = min_new_tokens
        if logits_processor is not None:
            from transformers import LogitsProcessorList

            kwargs["logits_processor"] = LogitsProcessorList(
                logits_processor if isinstance(logits_processor, list) else [logits_processor]
            )
        with self._lock, torch.inference_mode():
            out = self.model.generate(**enc, **kwargs)
        return [s.strip() for s in self.tokenizer.batch_decode(out, skip_special_tokens=True)]

    def target_ids(self, text: str) -> list[int]:
        """Token ids of ``text`` as the decoder would write it (no special tokens)."""
        ids = self.tokenizer(text_target=text, add_special_tokens=False)["input_ids"]
        return list(ids)

    def decode(self, ids: Sequence[int]) -> str:
        return str(self.tokenizer.decode(list(ids), skip_special_tokens=True)).strip()


def pick_device(device: str = "auto") -> str:
    import torch

    if device == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if device == "cuda" and not torch.cuda.is_available():
        raise ModelError("--device cuda was asked for, but torch sees no CUDA GPU: use --device cpu or auto")
    if device not in ("cpu", "cuda"):
        raise ModelError(f"unknown device '{device}': use auto, cpu or cuda")
    return device


def _quiet_transformers() -> None:
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    hf_logging.set_verbosity_error()


def _window(tokenizer: Any, config: Any) -> int:
    limits = [getattr(config, "max_position_embeddings", None), getattr(tokenizer, "model_max_length", None)]
    usable = [int(x) for x in limits if isinstance(x, int) and 0 < x < 100_000]
    return min(usable) if usable else 512


def _import_transformers() -> Any:
    try:
        import transformers
    except ImportError as exc:  # pragma: no cover - transformers is a hard dependency
        raise MissingDependencyError("transformers is not installed: pip install transformers") from exc
    return transformers


def load_seq2seq(
    name: str,
    role: Role,
    *,
    device: str = "auto",
    quantize: str | None = None,
    ref: ModelRef | None = None,
) -> Seq2Seq:
    """Load a seq2seq model for ``role`` from a local folder or the hub cache (never the network).

    ``ref``: ``resolve(name, role)`` when the caller has it already (a cache lookup saved)."""
    ref = ref or resolve(name, role)
    folder = check_files(ref)
    transformers = _import_transformers()
    _quiet_transformers()
    dev = pick_device(device)
    if quantize not in (None, "none", "int8"):
        raise ModelError(f"unknown --quantize '{quantize}': use int8 or none")
    if quantize == "int8" and dev != "cpu":
        raise ModelError("--quantize int8 is a CPU optimisation; on a GPU leave it off")
    tok_kwargs: dict[str, Any] = {}
    if ref.preset and ref.preset.src_lang:
        tok_kwargs["src_lang"] = ref.preset.src_lang
    try:
        tokenizer = transformers.AutoTokenizer.from_pretrained(str(folder), local_files_only=True, **tok_kwargs)
        config = transformers.AutoConfig.from_pretrained(str(folder), local_files_only=True)
    except (OSError, ValueError, TypeError, KeyError) as exc:
        raise ModelError(f"could not load {role} model '{name}' from {folder}: {_first_line(exc)}") from exc
    if not getattr(config, "is_encoder_decoder", False):
        raise ModelError(f"'{name}' is not an encoder-decoder (seq2seq) model; briefing needs one for {role}")

    def load_model() -> Any:
        try:
            model = transformers.AutoModelForSeq2SeqLM.from_pretrained(
                str(folder), local_files_only=True, use_safetensors=True
            )
        except (OSError, ValueError, TypeError, KeyError, RuntimeError) as exc:
            raise ModelError(f"could not load {role} model '{name}' from {folder}: {_first_line(exc)}") from exc
        model.eval()
        if quantize == "int8":
            import warnings

            import torch

            with warnings.catch_warnings():  # torch 2.13 warns quantize_dynamic is deprecated; it works
                warnings.simplefilter("ignore")
                model = torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)
        return model.to(dev)

    gen: dict[str, Any] = {}
    if ref.preset and ref.preset.tgt_lang:
        gen["forced_bos_token_id"] = tokenizer.convert_tokens_to_ids(ref.preset.tgt_lang)
    backend = "transformers-int8" if quantize == "int8" else "transformers"
    return Seq2Seq(ref, tokenizer, dev, _window(tokenizer, config), load_model, gen, backend)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def set_threads() -> None:
    """Use every core we were given (torch defaults to physical cores, which can be fewer)."""
    import torch

    n = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    if torch.get_num_threads() != n:
        torch.set_num_threads(n)


# ----------------------------------------------------------------------------- listing and pulling


@dataclass(frozen=True)
class ModelStatus:
    name: str
    role: Role
    hub_id: str | None
    present: bool
    folder: Path | None
    bytes: int
    revision: str | None
    note: str | None = None


def _folder_bytes(folder: Path) -> int:
    # Cache snapshots hold symlinks into blobs/; count what they point at.
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def model_status(names: Sequence[tuple[str, Role]]) -> list[ModelStatus]:
    out = []
    for name, role in names:
        try:
            ref = resolve(name, role)
        except ModelError as exc:
            out.append(ModelStatus(name, role, None, False, None, 0, None, str(exc)))
            continue
        note = ref.preset.licence_note if ref.preset else None
        present = ref.folder is not None and any(ref.folder.glob("*.safetensors"))
        size = _folder_bytes(ref.folder) if ref.folder else 0
        out.append(ModelStatus(name, role, ref.hub_id, present, ref.folder, size, ref.revision, note))
    return out


def pull(name: str, role: Role | None = None, progress: Callable[[str], None] | None = None) -> ModelStatus:
    """Download a preset or hub id into the Hugging Face cache (safetensors and tokenizer files only)."""
    preset = PRESETS.get(name)
    hub_id, _, wanted = (preset.hub_id, "@", preset.revision or "") if preset else name.partition("@")
    role = preset.role if preset else (role or "translation")
    if Path(name).expanduser().is_dir():
        raise ModelError(f"'{name}' is a local folder already; nothing to pull")
    if hub_id.count("/") != 1:
        raise ModelError(f"'{name}' is not a preset nor a hub id like owner/name")
    if os.environ.get("HF_HUB_OFFLINE", "") not in ("", "0"):
        raise ModelError("HF_HUB_OFFLINE is set, so nothing can be downloaded: unset it to pull models")
    from huggingface_hub import snapshot_download
    from huggingface_hub.errors import (
        GatedRepoError,
        LocalEntryNotFoundError,
        RepositoryNotFoundError,
        RevisionNotFoundError,
    )

    if progress:
        progress(f"Downloading {hub_id} into the Hugging Face cache")
    try:
        folder = Path(
            snapshot_download(hub_id, revision=wanted or None, allow_patterns=PULL_PATTERNS, cache_dir=hub_cache_dir())
        )
    except RepositoryNotFoundError as exc:
        raise ModelError(f"no model '{hub_id}' on the hub (or it is private): check the id") from exc
    except GatedRepoError as exc:
        raise ModelError(f"'{hub_id}' is gated: accept its terms on the hub and log in first") from exc
    except RevisionNotFoundError as exc:
        raise ModelError(f"'{hub_id}' has no such revision") from exc
    except (LocalEntryNotFoundError, OSError) as exc:
        cause = exc.__cause__ or exc.__context__
        why = f" ({type(cause).__name__}: {_first_line(cause)})" if cause else ""
        raise ModelError(
            f"could not download '{hub_id}': the Hugging Face hub is not reachable from here{why}. "
            f"Pull on a machine with network and copy the folder, then pass it with {_flag(role)} PATH"
        ) from exc
    status = model_status([(name, role)])[0]
    if not status.present:
        raise ModelError(
            f"'{hub_id}' was downloaded to {folder} but has no .safetensors weights, which briefing requires"
        )
    return replace(status, folder=folder)


def device_summary() -> str:
    """One line about the compute we run on, for the footer of a verbose run."""
    import torch

    if torch.cuda.is_available():
        return f"cuda ({torch.cuda.get_device_name(0)})"
    return f"cpu ({torch.get_num_threads()} threads)"
