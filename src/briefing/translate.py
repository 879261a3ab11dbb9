"""Korean articles -> English translations, with glossary terms enforced.

The path of one run:
1. each article (title, then paragraphs) is cut into sentences with Kiwi, and sentences
   are packed into segments that fit the model's window, counted in the model's own
   tokens; a sentence longer than that is cut at clause boundaries. Nothing is truncated.
2. glossary matches are replaced in the source by their English (Marian copies Latin
   names through), and each segment remembers which English terms it must contain.
3. identical segments are translated once; the translation memory answers what it can;
   the rest are sorted by length and batched across all articles.
4. every segment whose output lacks a required term is decoded again with those terms
   forced in (``ForcePhrases``); transformers 5 no longer ships constrained beam search
   offline, so we force tokens with a logits processor.
5. outputs are put back in order: segments -> paragraphs -> articles.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Protocol, TypeVar

from briefing.records import Article, TermUse, Translation

Progress = Callable[[str, int, int], None]  # (stage, done, total)
T = TypeVar("T")


class TermMatch(Protocol):
    start: int
    end: int
    korean: str
    english: str


class Matcher(Protocol):
    def match(self, text: str) -> Sequence[TermMatch]: ...


class Engine(Protocol):
    """What translation needs from a model (see ``models.Seq2Seq``)."""

    window: int

    def count_tokens(self, texts: Sequence[str]) -> list[int]: ...

    def generate(self, texts: Sequence[str], **kwargs: Any) -> list[str]: ...

    def target_ids(self, text: str) -> list[int]: ...


class Memory(Protocol):
    def get_many(self, model_key: str, settings_key: str, segments: Sequence[str]) -> dict[str, str]: ...

    def put_many(self, model_key: str, settings_key: str, pairs: Sequence[tuple[str, str]]) -> None: ...


@dataclass(frozen=True)
class TranslateOptions:
    beams: int = 4
    # Segments per generate call, capped at 64 hypotheses (segments x beams). Measured on the
    # opus-mt-ko-en shape, 2 cores: greedy 32 vs 16 is +42% tok/s (fp32) and +42% (CTranslate2
    # int8); at beam 4, 32 segments gained nothing over 16 and took 0.45 GB more.
    batch_size: int = 32
    max_batch_hypotheses: int = 64
    # Marian was trained on sentence pairs; long multi-sentence inputs make it drop sentences.
    # Packing up to ~128 tokens keeps segments to one to three news sentences.
    max_segment_tokens: int = 128
    forced_new_tokens: int | None = None  # benchmarks: every segment generates exactly this many tokens

    @property
    def settings_key(self) -> str:
        return f"v1;beams={self.beams};seg={self.max_segment_tokens};forced={self.forced_new_tokens}"


@dataclass
class Segment:
    article: int
    paragraph: int  # index into the article's units; unit 0 is the title when there is one
    source: str  # what the model sees (glossary English substituted)
    terms: tuple[str, ...] = ()  # English terms the output must contain
    term_heads: tuple[str, ...] = ()  # the Korean headwords behind ``terms``

    @property
    def key(self) -> str:
        # The memory key: the same source with other required terms is another job.
        return self.source if not self.terms else self.source + "\x1f" + "\x1f".join(self.terms)


@dataclass
class _Result:
    text: str = ""
    repaired: set[str] = field(default_factory=set)
    cached: bool = False


# ----------------------------------------------------------------------------- sentence splitting


@lru_cache(maxsize=1)
def kiwi() -> Any:
    """One Kiwi per process: building it costs about 1.5 s, its first split about 2 s."""
    from kiwipiepy import Kiwi

    return Kiwi()


def split_sentences(text: str) -> list[str]:
    """Korean sentences of ``text`` (Kiwi keeps quotes and brackets together)."""
    return [text[a:b] for a, b in sentence_spans(text)]


Span = tuple[int, int]


def sentence_spans(text: str) -> list[Span]:
    """(start, end) of each sentence in ``text``, whitespace trimmed."""
    if not text.strip():
        return []
    return [_trim(text, s.start, s.end) for s in kiwi().split_into_sents(text) if text[s.start : s.end].strip()]


def _trim(text: str, start: int, end: int) -> Span:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


_CLAUSE_TAGS = {"EC", "SP", "SC"}  # connective endings, commas and colons: safe places to cut


def split_long(text: str, span: Span, fits: Callable[[str], bool]) -> list[Span]:
    """Cut a sentence that does not fit the window at the clause boundary nearest its middle,
    then at a space, then anywhere; recursively, until every piece fits."""
    start, end = span
    piece = text[start:end]
    if end - start < 2 or fits(piece):
        return [span]
    mid = (end - start) / 2
    cuts = [t.start + t.len for t in kiwi().tokenize(piece) if t.tag in _CLAUSE_TAGS]
    cuts = [c for c in cuts if 0 < c < len(piece)]
    if not cuts:
        cuts = [m.start() for m in re.finditer(r"\s+", piece) if 0 < m.start() < len(piece)]
    cut = min(cuts, key=lambda c: abs(c - mid)) if cuts else int(mid)
    left, right = _trim(text, start, start + cut), _trim(text, start + cut, end)
    if left[0] == left[1] or right[0] == right[1]:
        left, right = (start, start + int(mid)), (start + int(mid), end)
    return split_long(text, left, fits) + split_long(text, right, fits)


def pack_groups(items: Sequence[T], lengths: Sequence[int], budget: int) -> list[list[T]]:
    """Greedy packing of consecutive items into groups of at most ``budget`` tokens (an item
    longer than the budget stands alone; callers cut those first)."""
    groups: list[list[T]] = []
    used = 0
    for item, n in zip(items, lengths, strict=True):
        if groups and groups[-1] and used + n <= budget:
            groups[-1].append(item)
            used += n
        else:
            groups.append([item])
            used = n
    return groups


def pack(spans: Sequence[Span], lengths: Sequence[int], budget: int) -> list[Span]:
    """Consecutive sentence spans packed into segment spans of at most ``budget`` tokens."""
    return [(group[0][0], group[-1][1]) for group in pack_groups(spans, lengths, budget)]


# ----------------------------------------------------------------------------- planning


def article_units(article: Article) -> list[str]:
    """Title (when present) then paragraphs: the units translated and reassembled."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", article.text) if p.strip()]
    return ([article.title.strip()] if article.title and article.title.strip() else []) + paragraphs


@dataclass(frozen=True)
class _Local:
    start: int
    end: int
    korean: str
    english: str


def _substitute(text: str, matches: Sequence[_Local]) -> str:
    out, pos = [], 0
    for m in matches:
        before = text[pos : m.start]
        out.append(before)
        # A space before a Latin term glued to the previous Hangul keeps it a separate word.
        prev = before[-1:] or (out[-2][-1:] if len(out) > 1 and out[-2] else "")
        if prev and not prev.isspace() and prev not in "([“\"'·":
            out.append(" ")
        out.append(m.english)
        pos = m.end
    out.append(text[pos:])
    return "".join(out)


def plan_segments(
    articles: Sequence[Article], engine: Engine, glossary: Matcher | None, options: TranslateOptions
) -> list[Segment]:
    """Cut every article into model-sized segments, glossary terms substituted and recorded."""
    budget = max(8, min(options.max_segment_tokens, engine.window - 2))

    def fits(text: str) -> bool:
        return engine.count_tokens([text])[0] <= budget

    segments: list[Segment] = []
    for a_idx, article in enumerate(articles):
        units = article_units(article)
        whole = "\n\n".join(units)  # context cues are judged against the whole article
        matches = sorted(glossary.match(whole), key=lambda m: m.start) if glossary is not None else []
        unit_start = 0
        for u_idx, unit in enumerate(units):
            spans: list[Span] = []
            for span in sentence_spans(unit):
                spans.extend(split_long(unit, span, fits))
            lengths = engine.count_tokens([unit[a:b] for a, b in spans])
            for start, end in pack(spans, lengths, budget):
                lo, hi = unit_start + start, unit_start + end
                inside = [m for m in matches if lo <= m.start < hi]
                # A match cut by a segment edge is still required, but only a whole one is replaced.
                local = [_Local(m.start - lo, m.end - lo, m.korean, m.english) for m in inside if m.end <= hi]
                piece = unit[start:end]
                source = _substitute(piece, local) if local else piece
                if local and not fits(source):  # English can be longer than Hangul; never overflow
                    source = piece
                segments.append(
                    Segment(
                        a_idx,
                        u_idx,
                        source,
                        tuple(m.english for m in inside),
                        tuple(m.korean for m in inside),
                    )
                )
            unit_start += len(unit) + 2
    return segments


# ----------------------------------------------------------------------------- forced terms


def contains_run(seq: Sequence[Any], run: Sequence[Any]) -> bool:
    """Whether ``run`` occurs in ``seq`` as consecutive items (token ids or token strings)."""
    n = len(run)
    return any(list(seq[i : i + n]) == list(run) for i in range(len(seq) - n + 1))


class ForcePhrases:
    """A logits processor that makes every hypothesis contain given token sequences.

    Per hypothesis, while a phrase is missing: inside a phrase (its last k tokens are the
    phrase's first k) the next phrase token is forced; where the model wants to end (its best
    token is end-of-sequence) the first token of a missing phrase is put there instead; when the
    steps left are just enough for the missing phrases, one is started; and end-of-sequence is
    never allowed. So the model places a term where it starts it itself, else where it would
    have stopped, and every term fits within the length budget.
    """

    def __init__(
        self,
        phrases: Sequence[Sequence[Sequence[int]]],
        num_beams: int,
        eos_id: int,
        max_new_tokens: int,
        hints: Sequence[Sequence[int]] | None = None,
    ):
        self.phrases = [[list(p) for p in ex if p] for ex in phrases]
        self.num_beams = num_beams
        self.eos_id = eos_id
        self.max_new_tokens = max_new_tokens
        # The unconstrained output, when known: a backend that decodes in rounds (CTranslate2)
        # starts from it instead of decoding the same tokens again.
        self.hints = [list(h) for h in hints] if hints is not None else None

    @staticmethod
    def _progress(seq: list[int], phrase: list[int]) -> int:
        for k in range(min(len(phrase) - 1, len(seq)), 0, -1):
            if seq[-k:] == phrase[:k]:
                return k
        return 0

    def __call__(self, input_ids: Any, scores: Any) -> Any:
        for row in range(input_ids.shape[0]):
            phrases = self.phrases[row // self.num_beams]
            if not phrases:
                continue
            seq = input_ids[row].tolist()[1:]  # drop the decoder start token
            missing = [p for p in phrases if not contains_run(seq, p)]
            if not missing:
                continue
            forced = None
            for p in missing:
                k = self._progress(seq, p)
                if k:
                    forced = p[k]
                    break
            if forced is None:
                steps_left = self.max_new_tokens - len(seq)
                wants_to_end = int(scores[row].argmax()) == self.eos_id
                if wants_to_end or steps_left <= sum(len(p) for p in missing) + 1:
                    forced = missing[0][0]
            if forced is None:
                scores[row, self.eos_id] = float("-inf")
            else:
                value = scores[row, forced].clone()
                scores[row, :] = float("-inf")
                scores[row, forced] = value if bool(value.isfinite()) else 0.0
        return scores


def _missing(text: str, terms: Sequence[str]) -> list[str]:
    return [t for t in terms if t not in text]


# ----------------------------------------------------------------------------- running

# The memory stores text; which terms had to be forced rides along so a rerun reports the same.
_REPAIRED = "\x1e"


def _encode(result: _Result) -> str:
    if not result.repaired:
        return result.text
    return _REPAIRED + "\x1f".join(sorted(result.repaired)) + _REPAIRED + result.text


def _decode(value: str) -> _Result:
    if value.startswith(_REPAIRED):
        terms, _, text = value[1:].partition(_REPAIRED)
        return _Result(text, set(terms.split("\x1f")), cached=True)
    return _Result(value, cached=True)


def _batch_size(options: TranslateOptions) -> int:
    return max(1, min(options.batch_size, options.max_batch_hypotheses // max(1, options.beams)))


def _batches(items: Sequence[Segment], lengths: dict[str, int], size: int) -> list[list[Segment]]:
    ordered = sorted(items, key=lambda s: lengths[s.key], reverse=True)
    return [ordered[i : i + size] for i in range(0, len(ordered), size)]


def _max_new(options: TranslateOptions, src_len: int, extra: int = 0) -> int:
    if options.forced_new_tokens is not None:
        return options.forced_new_tokens
    return min(512, int(src_len * 2) + 16 + extra)


def translate_segments(
    segments: Sequence[Segment],
    engine: Engine,
    options: TranslateOptions,
    *,
    memory: Memory | None = None,
    model_key: str = "",
    progress: Progress | None = None,
) -> dict[str, _Result]:
    """Translate unique segments; returns results by segment key."""
    unique: dict[str, Segment] = {}
    for seg in segments:
        unique.setdefault(seg.key, seg)
    results: dict[str, _Result] = {}
    hits: dict[str, str] = {}
    if memory is not None and unique:
        hits = memory.get_many(model_key, options.settings_key, list(unique))
        for key, value in hits.items():
            results[key] = _decode(value)
    todo = [seg for key, seg in unique.items() if key not in results]
    total = len(todo)
    if progress:
        progress("translate", 0, total)
    if todo:
        lengths = dict(zip([s.key for s in todo], engine.count_tokens([s.source for s in todo]), strict=True))
        done = 0
        for batch in _batches(todo, lengths, _batch_size(options)):
            longest = max(lengths[s.key] for s in batch)
            outputs = engine.generate(
                [s.source for s in batch],
                beams=options.beams,
                max_new_tokens=_max_new(options, longest),
                min_new_tokens=options.forced_new_tokens,
            )
            for seg, text in zip(batch, outputs, strict=True):
                results[seg.key] = _Result(text)
            done += len(batch)
            if progress:
                progress("translate", done, total)
        _repair([s for s in todo if _missing(results[s.key].text, s.terms)], results, engine, options, lengths)
        if memory is not None:
            memory.put_many(model_key, options.settings_key, [(s.key, _encode(results[s.key])) for s in todo])
    return results


def _repair(
    failing: Sequence[Segment],
    results: dict[str, _Result],
    engine: Engine,
    options: TranslateOptions,
    lengths: dict[str, int],
) -> None:
    """Decode segments again with their missing terms forced in; last resort, append them."""
    if not failing:
        return
    eos_id = _eos_id(engine)
    for batch in _batches(failing, lengths, _batch_size(options)):
        phrases = [[engine.target_ids(t) for t in s.terms] for s in batch]
        need = max(sum(len(p) for p in ph) for ph in phrases)
        longest = max(lengths[s.key] for s in batch)
        max_new = min(max(_max_new(options, longest, need), need + 2), engine.window - 1)
        hints = [engine.target_ids(results[s.key].text) for s in batch]
        proc = ForcePhrases(phrases, options.beams, eos_id, max_new, hints)
        outputs = engine.generate(
            [s.source for s in batch],
            beams=options.beams,
            max_new_tokens=max_new,
            min_new_tokens=options.forced_new_tokens,
            logits_processor=proc,
        )
        for seg, text in zip(batch, outputs, strict=True):
            before = _missing(results[seg.key].text, seg.terms)
            still = _missing(text, seg.terms)
            if still:
                # The tokenizer could not spell a term exactly (e.g. a character outside its
                # vocabulary): keep the glossary's promise by adding it in parentheses.
                text = text + " " + " ".join(f"({t})" for t in still)
            results[seg.key] = _Result(text, set(before))


def _eos_id(engine: Engine) -> int:
    tokenizer = getattr(engine, "tokenizer", None)
    eos = getattr(tokenizer, "eos_token_id", None)
    return int(eos) if eos is not None else 0


def assemble(
    articles: Sequence[Article], segments: Sequence[Segment], results: dict[str, _Result]
) -> list[Translation]:
    """Put segment outputs back into paragraphs and articles, with per-article term reports."""
    per_article: list[dict[int, list[str]]] = [{} for _ in articles]
    repaired: list[set[str]] = [set() for _ in articles]
    counts: list[dict[tuple[str, str], int]] = [{} for _ in articles]
    seg_count = [0] * len(articles)
    cached = [0] * len(articles)
    for seg in segments:
        res = results[seg.key]
        per_article[seg.article].setdefault(seg.paragraph, []).append(res.text)
        repaired[seg.article] |= res.repaired
        seg_count[seg.article] += 1
        cached[seg.article] += res.cached
        for head, eng in zip(seg.term_heads, seg.terms, strict=True):
            counts[seg.article][(head, eng)] = counts[seg.article].get((head, eng), 0) + 1
    out = []
    for i, article in enumerate(articles):
        units = per_article[i]
        paragraphs = [" ".join(units[k]).strip() for k in sorted(units)]
        title = None
        if article.title and article.title.strip() and paragraphs:
            title, paragraphs = paragraphs[0], paragraphs[1:]
        terms = tuple(
            TermUse(head, eng, "repaired" if eng in repaired[i] else "kept", n) for (head, eng), n in counts[i].items()
        )
        out.append(Translation(article, "\n\n".join(paragraphs), title, terms, seg_count[i], cached[i]))
    return out


def translate_articles(
    articles: Sequence[Article],
    engine: Engine,
    *,
    glossary: Matcher | None = None,
    options: TranslateOptions | None = None,
    memory: Memory | None = None,
    model_key: str = "",
    progress: Progress | None = None,
) -> list[Translation]:
    """Translate articles; the library entry point for this stage."""
    options = options or TranslateOptions()
    segments = plan_segments(articles, engine, glossary, options)
    results = translate_segments(segments, engine, options, memory=memory, model_key=model_key, progress=progress)
    return assemble(articles, segments, results)
