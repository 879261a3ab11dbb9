"""Glossary matching speed on real Korean news: ``python benchmarks/bench_glossary.py [MB]``.

The target is >= 1 MB/s (UTF-8 bytes of article text) against the full default glossary.
The text repeats /work/shared/samples/*.txt (or BRIEFING_BENCH_SAMPLES) up to the size
asked for; one line is one article, matched separately as ``translate`` does.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from briefing.glossary import load_glossary

SAMPLES = Path(os.environ.get("BRIEFING_BENCH_SAMPLES", "/work/shared/samples"))


def articles(megabytes: float) -> list[str]:
    lines = [
        ln.strip()
        for path in sorted(SAMPLES.glob("*.txt"))
        for ln in path.read_text(encoding="utf-8").splitlines()
        if ln.strip()
    ]
    if not lines:
        sys.exit(f"no sample text in {SAMPLES}")
    out: list[str] = []
    size = 0
    while size < megabytes * 1_000_000:
        for line in lines:
            out.append(line)
            size += len(line.encode("utf-8"))
    return out


def main() -> None:
    megabytes = float(sys.argv[1]) if len(sys.argv) > 1 else 5.0
    t0 = time.perf_counter()
    glossary = load_glossary()
    glossary.match("")  # compile the pattern outside the timed loop
    load_s = time.perf_counter() - t0
    texts = articles(megabytes)
    nbytes = sum(len(t.encode("utf-8")) for t in texts)
    nchars = sum(len(t) for t in texts)
    best = float("inf")
    matches = 0
    for _ in range(3):
        t0 = time.perf_counter()
        matches = sum(len(glossary.match(t)) for t in texts)
        best = min(best, time.perf_counter() - t0)
    print(f"glossary: {len(glossary)} entries from {len(glossary.files)} files, loaded in {load_s * 1000:.0f} ms")
    print(f"text: {len(texts)} articles, {nbytes / 1e6:.2f} MB UTF-8, {nchars / 1e6:.2f} M chars")
    print(f"matches: {matches} ({matches / len(texts):.1f} per article)")
    print(f"speed: {nbytes / 1e6 / best:.2f} MB/s ({nchars / 1e6 / best:.2f} M chars/s), best of 3: {best:.3f} s")


if __name__ == "__main__":
    main()
