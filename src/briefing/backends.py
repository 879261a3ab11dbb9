"""Inference backends: plain transformers (``models.Seq2Seq``) or CTranslate2.

CTranslate2 runs the same Marian / BART / NLLB weights 2-3x faster than transformers on a
CPU with int8 weights, in a quarter of the memory. It needs the model in its own format, so
the transformers folder is converted once into ``<cache dir>/ct2/<fingerprint>`` (to a temp
folder first, renamed into place when complete: a crash never leaves half a model there).

Tokens always come from the Hugging Face tokenizer, so segment lengths, windows and glossary
token ids are identical in both backends. CTranslate2 cannot run Python logits processors: the
glossary repair (``ForcePhrases``) is done natively with target prefixes and end tokens
(``_generate_forced``); any other processor is handed to the wrapped transformers model,
whose weights load only if that ever happens.

Nothing heavy is imported at module import time.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import shutil
import threading
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefing.errors import MissingDependencyError, ModelError
from briefing.records import ModelInfo

BACKENDS = ("auto", "transformers", "ctranslate2")
# model_type values CTranslate2's TransformersConverter handles among the models briefing uses.
CT2_MODEL_TYPES = {"marian", "bart", "m2m_100", "mbart", "t5", "mt5"}
# Generation options the CTranslate2 engine maps itself; anything else goes to transformers.
_CT2_EXTRA = {"no_repeat_ngram_size", "length_penalty", "repetition_penalty"}
_MARKER = "briefing-ct2.json"


def ct2_installed() -> bool:
    return importlib.util.find_spec("ctranslate2") is not None


def cpu_threads() -> int:
    """Cores this process may use (the affinity mask, not the machine's count)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def _model_type(folder: Path) -> str | None:
    try:
        return str(json.loads((folder / "config.json").read_text(encoding="utf-8")).get("model_type"))
    except (OSError, ValueError):
        return None


def _generation_config(folder: Path) -> dict[str, Any]:
    try:
        data = json.loads((folder / "generation_config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


# ----------------------------------------------------------------------------- conversion


def fingerprint(folder: Path, quantization: str) -> str:
    """Names, sizes and mtimes of the model's files, the quantization and the CTranslate2 version:
    any change means a new conversion (hashing gigabytes of weights each run would cost seconds)."""
    import ctranslate2

    from briefing.models import file_stamps

    salt = f"{ctranslate2.__version__};{quantization};{folder.resolve()};"
    return hashlib.sha256((salt + file_stamps(folder)).encode()).hexdigest()[:20]


def _converter_class() -> Any:
    from ctranslate2.converters import TransformersConverter

    class Converter(TransformersConverter):  # type: ignore[misc]
        """transformers 5 dropped ``BartConfig.normalize_before``, which CTranslate2 4.8 reads;
        BART is post-norm, so set it (Marian's loader sets it itself)."""

        def load_model(self, model_class: Any, model_name_or_path: str, **kwargs: Any) -> Any:
            config = kwargs.get("config")
            if config is not None and not hasattr(config, "normalize_before"):
                config.normalize_before = False
            kwargs.setdefault("use_safetensors", True)
            return model_class.from_pretrained(model_name_or_path, **kwargs)

    return Converter


def converted_model(folder: Path, quantization: str, cache_root: Path | None = None) -> tuple[Path, bool]:
    """The CTranslate2 copy of ``folder`` (converting it on first use); returns (path, converted now)."""
    from briefing import config

    root = (cache_root or config.cache_dir()) / "ct2"
    dest = root / fingerprint(folder, quantization)
    if (dest / _MARKER).is_file():
        return dest, False
    root.mkdir(parents=True, exist_ok=True)
    tmp = root / f".{dest.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp"
    from briefing.models import _quiet_transformers

    _quiet_transformers()
    try:
        _converter_class()(str(folder)).convert(str(tmp), quantization=quantization, force=True)
    except Exception as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise ModelError(
            f"could not convert {folder} to CTranslate2 ({type(exc).__name__}: {exc}); use --backend transformers"
        ) from exc
    (tmp / _MARKER).write_text(
        json.dumps({"source": str(folder), "quantization": quantization}, indent=2), encoding="utf-8"
    )
    try:
        os.rename(tmp, dest)  # atomic on one filesystem; fails if another run got there first
    except OSError:
        shutil.rmtree(tmp, ignore_errors=True)
        if not (dest / _MARKER).is_file():
            raise
        return dest, False
    return dest, True


# ----------------------------------------------------------------------------- engine


@dataclass
class CT2Seq2Seq:
    """The ``Seq2Seq`` interface on a CTranslate2 translator (which loads on first generate).

    ``base`` is the transformers engine: it supplies tokenizer, window and token ids, and runs
    any call CTranslate2 cannot (a logits processor), loading its weights only then.
    """

    base: Any  # models.Seq2Seq
    folder: Path
    device: str  # "cpu" or "cuda"
    quantization: str  # int8, float16, float32, ...
    threads: int = 1
    cache_root: Path | None = None
    converted_now: bool = False  # set when this engine had to convert (for benchmarks and logs)
    _translator: Any = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _gen: dict[str, Any] = field(default_factory=dict, repr=False)
    window: int = field(init=False)  # longest source, in the tokenizer's tokens (as the base engine)

    def __post_init__(self) -> None:
        self._gen = _generation_config(self.folder)
        self.window = int(self.base.window)

    @property
    def backend(self) -> str:
        return f"ctranslate2-{self.quantization}"

    @property
    def tokenizer(self) -> Any:
        return self.base.tokenizer

    @property
    def info(self) -> ModelInfo:
        info: ModelInfo = self.base.ref.info(self.backend)
        return info

    @property
    def model_loaded(self) -> bool:
        return self._translator is not None or bool(self.base.model_loaded)

    @property
    def translator(self) -> Any:
        with self._lock:
            if self._translator is None:
                import ctranslate2

                path, self.converted_now = converted_model(self.folder, self.quantization, self.cache_root)
                self._translator = ctranslate2.Translator(
                    str(path),
                    device=self.device,
                    compute_type=self.quantization,
                    intra_threads=self.threads if self.device == "cpu" else 0,
                    inter_threads=1,
                )
            return self._translator

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        return list(self.base.count_tokens(texts))

    def target_ids(self, text: str) -> list[int]:
        return list(self.base.target_ids(text))

    def decode(self, ids: Sequence[int]) -> str:
        return str(self.base.decode(ids))

    def _prefix(self) -> list[str] | None:
        """Tokens transformers forces first: NLLB's target language, BART's ``<s>``."""
        forced = self.base.generate_kwargs.get("forced_bos_token_id", self._gen.get("forced_bos_token_id"))
        return None if forced is None else [self.tokenizer.convert_ids_to_tokens(int(forced))]

    def _suppressed(self) -> list[list[str]] | None:
        """``bad_words_ids`` of the generation config, as tokens. Marian's only one is ``<pad>``,
        which the converter drops from the vocabulary, so it cannot be generated anyway."""
        pad = getattr(self.tokenizer, "pad_token_id", None)
        bad = [
            seq
            for seq in self._gen.get("bad_words_ids") or []
            if not (_model_type(self.folder) == "marian" and pad in seq)
        ]
        return [self.tokenizer.convert_ids_to_tokens([int(i) for i in seq]) for seq in bad] or None

    def _source(self, texts: Sequence[str]) -> list[list[str]]:
        ids = self.tokenizer(list(texts), add_special_tokens=True)["input_ids"]
        longest = max(len(x) for x in ids)
        if longest > self.window:
            raise ValueError(f"batch has {longest} tokens, window is {self.window}")
        return [self.tokenizer.convert_ids_to_tokens(x) for x in ids]

    def _options(
        self, beams: int, max_new_tokens: int, min_new_tokens: int | None, extra: dict[str, Any]
    ) -> tuple[dict[str, Any], int]:
        max_new_tokens = min(max_new_tokens, self.window - 1)
        # transformers counts the end token it forces on the last step (forced_eos_token_id);
        # CTranslate2 does not, so it stops one step earlier with the same text.
        limit = max_new_tokens - 1 if self._gen.get("forced_eos_token_id") is not None else max_new_tokens
        limit = max(1, limit)
        kwargs: dict[str, Any] = {
            "beam_size": beams,
            "max_batch_size": 0,
            # A forced first token (the target prefix) counts in both libraries' lengths.
            "max_decoding_length": limit,
            "min_decoding_length": min(min_new_tokens or 0, limit),
            "return_scores": False,
        }
        suppressed = self._suppressed()
        if suppressed:
            kwargs["suppress_sequences"] = suppressed
        for key in _CT2_EXTRA & set(extra):
            kwargs[key] = extra[key]
        return kwargs, limit

    def _text(self, tokens: Sequence[str]) -> str:
        ids = self.tokenizer.convert_tokens_to_ids(list(tokens))
        return str(self.tokenizer.decode(ids, skip_special_tokens=True)).strip()

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
        """Same contract as ``Seq2Seq.generate``; same greedy output on float32 weights."""
        from briefing.translate import ForcePhrases

        if not texts:
            return []
        if isinstance(logits_processor, ForcePhrases) and not set(extra) - _CT2_EXTRA:
            return self._generate_forced(texts, logits_processor, beams, max_new_tokens, min_new_tokens, extra)
        if logits_processor is not None or set(extra) - _CT2_EXTRA:
            return list(
                self.base.generate(
                    texts,
                    beams=beams,
                    max_new_tokens=max_new_tokens,
                    min_new_tokens=min_new_tokens,
                    logits_processor=logits_processor,
                    **extra,
                )
            )
        source = self._source(texts)
        kwargs, _ = self._options(beams, max_new_tokens, min_new_tokens, extra)
        prefix = self._prefix()
        if prefix:
            kwargs["target_prefix"] = [prefix] * len(source)
        results = self.translator.translate_batch(source, **kwargs)
        return [self._text(res.hypotheses[0]) for res in results]

    def _generate_forced(
        self,
        texts: Sequence[str],
        proc: Any,
        beams: int,
        max_new_tokens: int,
        min_new_tokens: int | None,
        extra: dict[str, Any],
    ) -> list[str]:
        """``ForcePhrases`` without Python in CTranslate2's decoding loop.

        Decoding stops where the model ends or starts a missing phrase (both are end tokens
        here); the output so far plus the phrase (its rest, or the whole phrase where the model
        wanted to end) becomes the target prefix, and decoding continues from it. Each round
        places at least one phrase, so it takes about as many rounds as a segment has terms.
        """
        source = self._source(texts)
        kwargs, limit = self._options(beams, max_new_tokens, min_new_tokens, extra)
        eos = str(self.tokenizer.eos_token)
        start = self._prefix() or []
        phrases = [[self.tokenizer.convert_ids_to_tokens(list(p)) for p in ex] for ex in proc.phrases]
        prefix = [list(start) for _ in texts]
        done: list[list[str] | None] = [None] * len(texts)

        def advance(i: int, hyp: list[str], ended: bool, new_from: int) -> None:
            """Decide what follows a (partial) output: finished, a phrase continued, or one placed."""
            missing = _missing_runs(hyp, phrases[i])
            if not missing:
                done[i] = hyp
                return
            # Where the model itself began a missing phrase in what it just wrote, continue it.
            begun = [(j, p) for p in missing for j in range(new_from, len(hyp)) if hyp[j] == p[0]]
            j, p = min(begun, key=lambda jp: jp[0]) if begun else (len(hyp), missing[0])
            if begun and j + len(p) <= limit:
                prefix[i] = hyp[: j + 1] + p[1:]
            elif ended and len(hyp) + len(p) < limit:
                prefix[i] = hyp + p  # the model wanted to stop: the phrase goes there, then it may go on
            else:  # out of room: every missing phrase goes in before the limit
                room = limit - sum(len(q) for q in missing)
                prefix[i] = hyp[: max(len(start), min(len(hyp), room))] + [t for q in missing for t in q]
            if len(prefix[i]) >= limit:
                done[i] = prefix[i]

        if proc.hints is not None:  # the unconstrained output: no need to decode it again
            for i, hint in enumerate(proc.hints):
                hyp = start + self.tokenizer.convert_ids_to_tokens(list(hint))[: limit - len(start)]
                advance(i, hyp, len(hyp) < limit, len(start))
        rounds = 2 + 2 * max((len(ex) for ex in phrases), default=0)
        for _ in range(rounds):
            active = [i for i, d in enumerate(done) if d is None]
            if not active:
                break
            firsts = sorted({p[0] for i in active for p in _missing_runs(prefix[i], phrases[i])} - {eos})
            results = self.translator.translate_batch(
                [source[i] for i in active],
                target_prefix=[prefix[i] or None for i in active],
                end_token=[eos, *firsts],
                return_end_token=True,
                **kwargs,
            )
            for i, res in zip(active, results, strict=True):
                hyp = list(res.hypotheses[0])
                ended = bool(hyp) and hyp[-1] == eos
                advance(i, hyp[:-1] if ended else hyp, ended, len(prefix[i]))
        out = []
        for i, d in enumerate(done):
            tokens = d if d is not None else prefix[i] + [t for p in _missing_runs(prefix[i], phrases[i]) for t in p]
            out.append(self._text(tokens))
        return out


def _missing_runs(tokens: Sequence[str], phrases: Sequence[Sequence[str]]) -> list[list[str]]:
    """The phrases not found as a contiguous run in ``tokens``."""
    from briefing.translate import contains_run

    return [list(p) for p in phrases if not contains_run(list(tokens), list(p))]


# ----------------------------------------------------------------------------- choosing and loading


def _ct2_device(device: str) -> str:
    import ctranslate2

    gpus = ctranslate2.get_cuda_device_count()
    if device == "cuda" and not gpus:
        raise ModelError("--device cuda was asked for, but CTranslate2 sees no CUDA GPU: use --device cpu or auto")
    if device not in ("auto", "cpu", "cuda"):
        raise ModelError(f"unknown device '{device}': use auto, cpu or cuda")
    return "cuda" if device != "cpu" and gpus else "cpu"


def _ct2_quantization(quantize: str | None, device: str) -> str:
    if quantize in (None, ""):
        return "float16" if device == "cuda" else "int8"
    if quantize == "none":
        return "float32"
    if quantize == "int8":
        return "int8_float16" if device == "cuda" else "int8"
    raise ModelError(f"unknown --quantize '{quantize}': use int8 or none")


def choose_backend(backend: str, folder: Path | None) -> str:
    """``auto``: CTranslate2 when it is installed and converts this architecture, else transformers.

    Measured on random weights of the opus-mt-ko-en shape (benchmarks/bench_translate.py, 2 cores,
    default beams 4): CTranslate2 int8 273 tok/s, torch dynamic int8 125, transformers fp32 ~97;
    at greedy torch int8 is level with it (609 vs 585). Float32 CTranslate2 gives exactly the
    transformers text; int8 matched it on the tiny test models.
    """
    if backend not in BACKENDS:
        raise ModelError(f"unknown --backend '{backend}': use {', '.join(BACKENDS)}")
    if backend != "auto":
        return backend
    if folder is not None and ct2_installed() and _model_type(folder) in CT2_MODEL_TYPES:
        return "ctranslate2"
    return "transformers"


def load_engine(
    name: str,
    role: Any,
    *,
    backend: str = "auto",
    device: str = "auto",
    quantize: str | None = None,
    cache_root: Path | None = None,
) -> Any:
    """A ready engine for ``role``: ``models.Seq2Seq`` or ``CT2Seq2Seq``. Loads no weights yet."""
    from briefing import models

    ref = models.resolve(name, role)
    folder = models.check_files(ref) if backend != "transformers" else None
    chosen = choose_backend(backend, folder)
    if chosen == "transformers":
        return models.load_seq2seq(name, role, device=device, quantize=quantize, ref=ref)
    if not ct2_installed():
        raise MissingDependencyError("--backend ctranslate2 needs CTranslate2: pip install ctranslate2")
    assert folder is not None
    if _model_type(folder) not in CT2_MODEL_TYPES:
        raise ModelError(
            f"CTranslate2 cannot convert model type '{_model_type(folder)}' of '{name}': use --backend transformers"
        )
    ct2_device = _ct2_device(device)
    quantization = _ct2_quantization(quantize, ct2_device)
    # Tokenizer, window and ids come from the transformers engine; its weights load only if a
    # call CTranslate2 cannot run (a logits processor other than ForcePhrases) ever comes.
    base = models.load_seq2seq(name, role, device=device, quantize=None, ref=ref)
    return CT2Seq2Seq(base, folder, ct2_device, quantization, cpu_threads(), cache_root)
