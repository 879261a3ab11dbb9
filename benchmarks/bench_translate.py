"""How fast is briefing's translation, against the way people usually write it?

    python benchmarks/bench_translate.py [--quick] [--models DIR] [--beams N]

Random-weight models of the real shapes (tests/modelfactory.py: opus-mt-ko-en and
distilbart-cnn-12-6) translate the sample articles (../shared/samples/*.txt, else examples/):

  (a) naive: transformers, article by article, one segment per ``model.generate`` call;
  (b) briefing's ``translate_articles`` in each backend: transformers fp32 (batched, sorted by
      length), torch dynamic int8, CTranslate2 int8.

Work is identical in every variant: the same segments (briefing's own segmentation; naive
sends them one per call), the same beams, and every segment generates exactly F tokens
(``min_new_tokens = max_new_tokens``), since random weights would otherwise never stop. Each
variant runs in its own process, so peak RSS (ru_maxrss) is that variant's alone, and the
timed part starts after the weights are loaded. Ratios are tokens/s based.

Random weights make speed and memory real and quality meaningless; the glossary is off in the
table (random output never contains a term, so every segment would be repaired).
The last line is machine-readable: ``speedup_fp32=X speedup_best=Y warm_vs_cold=Z briefing_s=W``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))  # modelfactory
sys.path.insert(0, str(REPO / "src"))

MT_DIR = "opus-mt-ko-en-shape"
SUM_DIR = "distilbart-cnn-12-6-shape"
OUTPUT_RATIO = 1.2  # English tokens per Korean source token (40 -> 48 in the shared measurements)
SUMMARY_TOKENS = 110  # SummaryOptions.max_new_tokens: what random weights always run to


# ----------------------------------------------------------------------------- helpers


def sample_files() -> list[Path]:
    shared = REPO.parent / "shared" / "samples"
    files = sorted(shared.glob("*.txt")) if shared.is_dir() else []
    return files or sorted((REPO / "examples").glob("*.txt"))


def load_articles() -> list[Any]:
    from briefing.ingest import load

    return list(load([str(p) for p in sample_files()]).articles)


def peak_rss_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2  # KiB on Linux


def ensure_models(root: Path) -> tuple[Path, Path]:
    """Build the real-shape models once; later runs reuse them."""
    from modelfactory import distilbart_cnn_12_6_shape, opus_mt_ko_en_shape

    out = []
    for name, build in ((MT_DIR, opus_mt_ko_en_shape), (SUM_DIR, distilbart_cnn_12_6_shape)):
        folder = root / name
        if not (folder / "model.safetensors").is_file():
            t0 = time.perf_counter()
            tmp = root / f".{name}.tmp"
            build(tmp)
            tmp.rename(folder)
            print(f"built {folder} in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
        out.append(folder)
    return out[0], out[1]


def warm_kiwi() -> None:
    """Kiwi's first build and split cost ~3.5 s: pay them before any timing starts."""
    from briefing.translate import sentence_spans

    sentence_spans("중국 금융기관들이 불량 자산의 정리 속도를 높이고 있다. 시장은 상승했다.")


# ----------------------------------------------------------------------------- children (one per variant)


def child_plan(spec: dict[str, Any]) -> dict[str, Any]:
    """Briefing's segmentation of the samples, with the forced output length derived from it."""
    from briefing import models
    from briefing.translate import TranslateOptions, plan_segments

    engine = models.load_seq2seq(spec["mt"], "translation")
    articles = load_articles()
    segments = plan_segments(articles, engine, None, TranslateOptions())
    sources = [s.source for s in segments]
    per_article = [sum(1 for s in segments if s.article == i) for i in range(len(articles))]
    lengths = engine.count_tokens(sources)
    forced = round(OUTPUT_RATIO * sum(lengths) / len(lengths))
    return {
        "segments": sources,
        "lengths": lengths,
        "unique": len(set(sources)),
        "forced": forced,
        "per_article": per_article,
    }


def child_naive(spec: dict[str, Any]) -> dict[str, Any]:
    """The tutorial way: one sentence per generate call, batch size 1, fp32."""
    import torch
    from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

    torch.set_num_threads(len(os.sched_getaffinity(0)))
    t0 = time.perf_counter()
    tokenizer = AutoTokenizer.from_pretrained(spec["mt"])
    model = AutoModelForSeq2SeqLM.from_pretrained(spec["mt"]).eval()
    load_s = time.perf_counter() - t0
    segments = json.loads(Path(spec["segments_file"]).read_text(encoding="utf-8"))[: spec.get("limit") or None]
    forced = spec["forced"]
    t0 = time.perf_counter()
    for text in segments:
        inputs = tokenizer(text, return_tensors="pt")
        out = model.generate(
            **inputs, num_beams=spec["beams"], do_sample=False, max_new_tokens=forced, min_new_tokens=forced
        )
        tokenizer.decode(out[0], skip_special_tokens=True)
    wall = time.perf_counter() - t0
    return {"tokens": forced * len(segments), "wall": wall, "load_s": load_s, "segments": len(segments)}


def _engine(spec: dict[str, Any], role: str = "translation") -> Any:
    from briefing import backends, models

    models.set_threads()
    path = spec["mt"] if role == "translation" else spec["sum"]
    return backends.load_engine(path, role, backend=spec["backend"], quantize=spec.get("quantize"))


def _load_weights(engine: Any) -> float:
    """Load (and for CTranslate2, convert if needed) before timing: one tiny generate."""
    t0 = time.perf_counter()
    engine.generate(["시장은 상승했다."], beams=1, max_new_tokens=2)
    return time.perf_counter() - t0


def child_pipeline(spec: dict[str, Any]) -> dict[str, Any]:
    """briefing's translate_articles: dedup, sort by length, batch across articles."""
    from dataclasses import replace

    from briefing.translate import TranslateOptions, translate_articles

    warm_kiwi()
    articles = load_articles()
    engine = _engine(spec)
    load_s = _load_weights(engine)
    options = TranslateOptions(beams=spec["beams"], forced_new_tokens=spec["forced"])
    if spec.get("batch"):
        options = replace(options, batch_size=spec["batch"])
    t0 = time.perf_counter()
    translations = translate_articles(articles, engine, options=options)
    wall = time.perf_counter() - t0
    out = {"tokens": spec["forced"] * spec["unique"], "wall": wall, "load_s": load_s, "backend": engine.info.backend}
    if spec.get("save"):
        Path(spec["save"]).write_text(json.dumps([t.text for t in translations]), encoding="utf-8")
    return out


def child_memory(spec: dict[str, Any]) -> dict[str, Any]:
    """Cold then warm run of ``pipeline.translate`` (fresh engine each time, one memory file)."""
    from briefing import config, pipeline
    from briefing.translate import TranslateOptions

    for p in config.cache_dir().glob("translations.sqlite3*"):
        p.unlink()
    warm_kiwi()
    articles = load_articles()
    options = pipeline.RunOptions(
        mt_model=spec["mt"],
        backend=spec["backend"],
        use_glossary=False,
        translate=TranslateOptions(beams=spec["beams"], forced_new_tokens=spec["forced"]),
    )
    times, loaded = [], []
    for _ in range(2):
        engine = pipeline.load_translator(options)
        memory = pipeline.open_memory(options, None)
        t0 = time.perf_counter()
        from briefing.translate import translate_articles

        translate_articles(
            articles, engine, options=options.translate_options(), memory=memory, model_key=pipeline.model_key(engine)
        )
        memory.close()
        times.append(time.perf_counter() - t0)
        loaded.append(engine.model_loaded)
    return {"cold": times[0], "warm": times[1], "warm_model_loaded": loaded[1], "cold_model_loaded": loaded[0]}


def stand_in_english(n_articles: int, tokens_each: list[int]) -> list[str]:
    """English news prose as long as each translation would be.

    Random Marian weights write ``<filler_N>`` strings, not English; a summarizer fed those
    would measure nothing real, so it gets the factory's English sentences, cycled.
    """
    from modelfactory import ENGLISH_CORPUS

    sentences = [line for line in ENGLISH_CORPUS.splitlines() if line.endswith(".")]
    out = []
    for i in range(n_articles):
        words: list[str] = []
        k = i
        while len(words) < tokens_each[i] * 0.75:  # ~0.75 English words per subword token
            words.extend(sentences[k % len(sentences)].split())
            k += 1
        out.append(" ".join(words))
    return out


def child_summarize(spec: dict[str, Any]) -> dict[str, Any]:
    from briefing.summarize import SummaryOptions, summarize_texts

    texts = spec["texts"]
    engine = _engine(spec, "summarization")
    load_s = _load_weights(engine)
    t0 = time.perf_counter()
    summarize_texts(texts, engine, SummaryOptions(forced_new_tokens=SUMMARY_TOKENS))
    wall = time.perf_counter() - t0
    n_in = sum(engine.count_tokens(texts))
    return {"wall": wall, "load_s": load_s, "backend": engine.info.backend, "input_tokens": n_in}


def child_briefing(spec: dict[str, Any]) -> dict[str, Any]:
    """``build_briefing`` step by step (default beams, default glossary, no memory), timed from
    the start of the process's work; the summarizer reads stand-in English (see above)."""
    from dataclasses import replace

    from briefing import pipeline
    from briefing.summarize import SummaryOptions, summarize_translations
    from briefing.translate import TranslateOptions

    t0 = time.perf_counter()
    articles = load_articles()
    options = pipeline.RunOptions(
        mt_model=spec["mt"],
        summarizer=spec["sum"],
        backend=spec["backend"],
        quantize=spec.get("quantize"),
        use_cache=False,
        translate=TranslateOptions(forced_new_tokens=spec["forced"]),
        summary=SummaryOptions(forced_new_tokens=SUMMARY_TOKENS),
    )
    glossary = pipeline.load_glossary(options)
    summarizer = pipeline.load_summarizer(options)
    translations, _ = pipeline.translate(articles, options, glossary=glossary)
    t_translate = time.perf_counter() - t0
    english = spec["texts"]
    translations = [replace(t, text=e) for t, e in zip(translations, english, strict=True)]
    summarize_translations(translations, summarizer, options.summary)
    wall = time.perf_counter() - t0
    repaired = sum(1 for t in translations for u in t.terms if u.status == "repaired")
    terms = sum(len(t.terms) for t in translations)
    return {"wall": wall, "translate_s": t_translate, "repaired_terms": repaired, "terms": terms}


CHILDREN = {
    "plan": child_plan,
    "naive": child_naive,
    "pipeline": child_pipeline,
    "memory": child_memory,
    "summarize": child_summarize,
    "briefing": child_briefing,
}


def run_child(kind: str, spec: dict[str, Any], env: dict[str, str]) -> dict[str, Any]:
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, __file__, "--child", kind, "--spec", json.dumps(spec)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr[-4000:])
        raise SystemExit(f"benchmark child '{kind}' failed ({proc.returncode})")
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    result["process_s"] = time.perf_counter() - t0
    return result


# ----------------------------------------------------------------------------- main


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="naive on a subset of segments; fewer variants")
    ap.add_argument("--models", type=Path, default=Path(tempfile.gettempdir()) / "briefing-bench")
    ap.add_argument("--beams", type=int, default=1, help="beams for the speed table (all variants equal)")
    ap.add_argument("--naive-segments", type=int, default=None, help="naive on the first N segments only")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--spec", help=argparse.SUPPRESS)
    args = ap.parse_args()

    if args.child:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        result = CHILDREN[args.child](json.loads(args.spec))
        result["peak_rss_gb"] = peak_rss_gb()
        print(json.dumps(result))
        return

    started = time.perf_counter()
    root: Path = args.models
    root.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
        "TOKENIZERS_PARALLELISM": "false",
        "BRIEFING_CACHE_DIR": str(root / "cache"),  # CTranslate2 conversions persist between runs
    }
    os.environ.update(env)
    mt, summ = ensure_models(root / "models")
    files = sample_files()
    plan = run_child("plan", {"mt": str(mt)}, env)
    n_seg, forced = len(plan["segments"]), plan["forced"]
    segments_file = root / "segments.json"
    segments_file.write_text(json.dumps(plan["segments"], ensure_ascii=False), encoding="utf-8")
    limit = args.naive_segments or (12 if args.quick else None)
    base = {"mt": str(mt), "sum": str(summ), "beams": args.beams, "forced": forced, "unique": plan["unique"]}
    print(f"samples: {', '.join(p.name for p in files)}")
    print(
        f"segments: {n_seg} ({plan['unique']} unique), source {min(plan['lengths'])}-{max(plan['lengths'])} "
        f"tokens, mean {sum(plan['lengths']) / n_seg:.0f}; every segment generates exactly {forced} tokens; "
        f"{len(os.sched_getaffinity(0))} threads; no glossary in the speed table"
    )

    naive = run_child("naive", {**base, "segments_file": str(segments_file), "limit": limit}, env)
    naive_tps = naive["tokens"] / naive["wall"]
    pipeline_variants: list[tuple[str, dict[str, Any]]] = [
        ("transformers fp32", {"backend": "transformers"}),
        ("torch dynamic int8", {"backend": "transformers", "quantize": "int8"}),
        ("ctranslate2 int8", {"backend": "ctranslate2"}),
    ]
    print()
    print("tokens/s = forced output tokens / wall of the generate phase (weights already loaded); ratios are tok/s")
    header = f"{'variant':<50} {'beams':>5} {'tok/s':>6} {'wall s':>7} {'load s':>6} {'peak RSS':>9} {'vs (a)':>7}"
    print(header)

    def row(label: str, beams: int, r: dict[str, Any]) -> float:
        rate = float(r["tokens"] / r["wall"])
        # A ratio only at equal beams: the naive baseline ran at args.beams.
        ratio = f"{rate / naive_tps:6.1f}x" if beams == args.beams else "    n/a"
        print(
            f"{label:<50} {beams:>5} {rate:6.0f} {r['wall']:7.1f} {r['load_s']:6.1f} {r['peak_rss_gb']:6.2f} GB {ratio}"
        )
        return rate

    row(f"(a) naive transformers fp32, batch 1 [{naive['segments']} segs]", args.beams, naive)
    tps: dict[str, float] = {}
    for label, extra in pipeline_variants:
        tps[label] = row(f"(b) briefing {label}", args.beams, run_child("pipeline", {**base, **extra}, env))
    speedup_fp32 = tps["transformers fp32"] / naive_tps
    speedup_best = max(tps.values()) / naive_tps

    # The backend for the briefing is chosen at the default beams (4), where the ranking can differ.
    default_beams = 4
    at_default: dict[str, float] = {}
    if args.beams != default_beams:
        todo = pipeline_variants if not args.quick else pipeline_variants[1:]
        for label, extra in todo:
            r = run_child("pipeline", {**base, **extra, "beams": default_beams}, env)
            at_default[label] = row(f"(b) briefing {label}", default_beams, r)
    else:
        at_default = tps
    best = max(at_default, key=lambda k: at_default[k])
    best_extra = dict(pipeline_variants)[best]
    print(f"fastest at beams {args.beams}: {max(tps, key=lambda k: tps[k])}; at default beams {default_beams}: {best}")

    mem = run_child("memory", {**base, "backend": "ctranslate2"}, env)
    warm_vs_cold = mem["cold"] / mem["warm"]
    print()
    print("translation memory (ctranslate2; cold and warm in one process, Kiwi warm, a fresh engine each pass):")
    print(
        f"  cold {mem['cold']:.2f} s (model loaded: {mem['cold_model_loaded']}), "
        f"warm {mem['warm']:.3f} s (model loaded: {mem['warm_model_loaded']}): {warm_vs_cold:.0f}x"
    )

    english = stand_in_english(len(plan["per_article"]), [n * forced for n in plan["per_article"]])
    print()
    print(
        f"summarizer (distilbart-cnn-12-6 shape), {len(english)} articles of stand-in English "
        f"({SUMMARY_TOKENS} tokens per summary, beams 2, batch 4):"
    )
    sum_backends = [("ctranslate2", "ctranslate2 int8")]
    if not args.quick:
        sum_backends.insert(0, ("transformers", "transformers fp32"))
    for backend, label in sum_backends:
        r = run_child("summarize", {**base, "backend": backend, "texts": english}, env)
        print(
            f"  {label:<20} {r['wall']:6.1f} s (load {r['load_s']:.1f} s, {r['input_tokens']} input tokens), "
            f"peak RSS {r['peak_rss_gb']:.2f} GB"
        )

    brief = run_child("briefing", {**base, **best_extra, "texts": english}, env)
    print()
    print(
        f"whole briefing ({best}, default beams 4/2, default glossary, {forced}/{SUMMARY_TOKENS} forced tokens): "
        f"{brief['wall']:.1f} s (translate {brief['translate_s']:.1f} s incl. loads), "
        f"{brief['process_s']:.1f} s with interpreter start and imports; peak RSS {brief['peak_rss_gb']:.2f} GB; "
        f"glossary terms {brief['terms']}, repaired {brief['repaired_terms']} (random weights never write them)"
    )
    print(f"benchmark took {time.perf_counter() - started:.0f} s")
    print(
        f"speedup_fp32={speedup_fp32:.1f} speedup_best={speedup_best:.1f} "
        f"warm_vs_cold={warm_vs_cold:.0f} briefing_s={brief['wall']:.1f}"
    )


if __name__ == "__main__":
    main()
