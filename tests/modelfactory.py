"""Build Marian and BART models offline: random weights, tokenizers trained on a few KB of text.

There is no hub access in CI or on the benchmark machines, so tests and benchmarks make their
own models. The tiny presets build in a second or two and exercise every code path (loading,
tokenizing Korean, generate, glossary enforcement); the ``*_shape`` presets have the exact sizes of
the real checkpoints so speed and memory can be measured without the weights. Output is
meaningless by design; only shapes, ids and tokenizers are realistic.

Importable by tests (``from modelfactory import tiny_marian``) and by benchmark scripts after
``sys.path.insert(0, "<repo>/tests")``. Call with ``HF_HUB_OFFLINE=1``; nothing here uses the network.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterable
from pathlib import Path

__all__ = [
    "ENGLISH_CORPUS",
    "KOREAN_CORPUS",
    "build_bart",
    "build_marian",
    "distilbart_cnn_12_6_shape",
    "ksx1001_syllables",
    "opus_mt_ko_en_shape",
    "tiny_bart",
    "tiny_marian",
]

# News-style Korean, written for this file (China business and politics, like the sample feed).
KOREAN_CORPUS = """\
중국 금융기관들이 불량 자산의 정리 속도를 크게 높이고 있다.
17일 업계에 따르면 5월 들어 15개 이상 금융기관이 불량 자산을 매각 시장에 내놓았다.
상하이 소재 은행은 전날 신용카드 채권을 입찰가로 내놨다.
왕이 중국 외교부장은 베이징에서 한국 외교부 장관과 회담을 가졌다.
시진핑 국가주석은 경제 성장과 기술 자립을 강조했다.
알리바바 클라우드는 새로운 인공지능 모델을 공개했다.
배터리 업체 CATL과 전기차 업체 BYD는 유럽 공장 건설 계획을 발표했다.
중국 정부는 소비 진작을 위한 추가 부양책을 검토하고 있다고 밝혔다.
국가통계국은 4월 산업생산이 전년 동월 대비 6.1% 증가했다고 발표했다.
부동산 시장의 침체가 이어지면서 지방 정부의 재정 부담이 커지고 있다.
전문가들은 하반기 경기 회복 속도가 예상보다 느릴 수 있다고 전망했다.
뇌-기계 인터페이스 기술을 임상에 적용하는 시험이 시작됐다.
연구진은 환자의 뇌 신호를 읽어 로봇 팔을 움직이는 데 성공했다.
미국과 중국은 제네바에서 관세 협상을 벌여 90일간 관세를 낮추기로 합의했다.
위안화 환율은 달러 대비 강세를 보였고 증시는 상승 마감했다.
인민은행은 기준금리를 동결하고 유동성 공급을 늘리겠다고 밝혔다.
한중 양국은 공급망 협력과 인적 교류 확대에 뜻을 모았다.
수출은 예상을 웃돌았지만 수입은 감소세를 이어갔다.
청년 실업률이 다시 오르면서 고용 대책에 대한 요구가 커지고 있다.
저장성과 광둥성의 제조업체들은 자동화 설비 투자를 늘리고 있다.
베이징 시 당국은 자율주행 택시의 운행 구역을 확대했다.
중국 최대 전자상거래 기업은 분기 실적이 시장 기대치를 넘었다고 발표했다.
당국은 과잉 생산 문제를 해결하기 위해 업계와 협의하겠다고 말했다.
홍콩 증시에 상장한 기술주들이 일제히 올랐다.
기자회견에서 대변인은 대만 문제에 대한 입장을 되풀이했다.
농촌 지역의 노인 인구가 빠르게 늘어나며 의료 서비스 수요가 급증했다.
반도체 장비의 국산화 비율은 아직 낮은 수준에 머물러 있다.
해외 투자자들은 규제 불확실성을 가장 큰 위험 요인으로 꼽았다.
회사 측은 올해 연구개발 예산을 두 배로 늘릴 계획이라고 설명했다.
정부는 친환경 에너지 전환을 위해 태양광과 풍력 발전을 확대한다.
그는 "협력의 문은 언제나 열려 있다"고 말했다.
이번 조치는 다음 달 1일부터 시행된다.
관계자는 구체적인 내용은 추후 공개하겠다고 덧붙였다.
한국 기업들도 중국 시장에서의 경쟁이 치열해졌다고 토로했다.
올해 1분기 국내총생산은 5.4% 성장한 것으로 집계됐다.
소비자물가는 두 달 연속 하락해 디플레이션 우려가 커졌다.
물류 회사들은 드론 배송 서비스를 시범 운영하고 있다.
교육부는 대학 입시 제도를 개편하겠다고 예고했다.
시장에서는 추가 금리 인하 가능성이 거론된다.
[더지엠뉴스] 기자 = 베이징 특파원이 전했다.
"""

# Enough English for a target vocabulary; names the glossary tests use appear on purpose, and
# the last lines put every printable ASCII character into the corpus so any name can be spelled.
ENGLISH_CORPUS = """\
Chinese financial institutions are sharply speeding up the disposal of bad assets.
According to the industry on the 17th, more than 15 institutions put bad assets up for sale in May.
A Shanghai-based bank offered credit card debt at a bid price of 39 million yuan.
Chinese Foreign Minister Wang Yi held talks with the South Korean foreign minister in Beijing.
President Xi Jinping stressed economic growth and technological self-reliance.
Alibaba Cloud unveiled a new artificial intelligence model on Tuesday.
Battery maker CATL and electric carmaker BYD announced plans to build factories in Europe.
The government said it is considering additional stimulus measures to boost consumption.
The National Bureau of Statistics said industrial output rose 6.1% from a year earlier in April.
As the property slump continues, the fiscal burden on local governments is growing.
Experts expect the recovery in the second half to be slower than forecast.
Clinical trials of brain-computer interface technology have begun.
Researchers succeeded in reading a patient's brain signals to move a robotic arm.
The United States and China agreed in Geneva to cut tariffs for 90 days.
The yuan strengthened against the dollar and stocks closed higher.
The People's Bank of China kept its benchmark rate unchanged and pledged more liquidity.
Korea and China agreed to expand supply chain cooperation and people-to-people exchanges.
Exports beat expectations, but imports kept falling.
Youth unemployment rose again, adding to calls for job measures.
Manufacturers in Zhejiang and Guangdong are investing more in automation.
Beijing authorities expanded the area where self-driving taxis may operate.
China's largest e-commerce company reported quarterly results above market expectations.
Officials said they would consult the industry to tackle overcapacity.
Technology shares listed in Hong Kong rose across the board.
At a press conference, the spokesperson restated the position on Taiwan.
The elderly population in rural areas is growing fast, and demand for health care has surged.
The share of domestically made chip equipment remains low.
Foreign investors named regulatory uncertainty as the biggest risk.
The company said it plans to double its research and development budget this year.
The government will expand solar and wind power for the green energy transition.
"The door to cooperation is always open," he said.
The measure takes effect on the first of next month.
An official added that details would be released later.
Korean companies also complained that competition in the Chinese market has intensified.
Gross domestic product grew 5.4% in the first quarter.
Consumer prices fell for a second month, deepening deflation worries.
Logistics companies are piloting drone delivery services.
The Ministry of Education announced a reform of university admissions.
Markets are discussing the possibility of further rate cuts.
Huawei, Tencent, Xiaomi, ByteDance, JD.com, NIO and SMIC were among the companies mentioned.
Li Qiang, Ding Xuexiang, He Lifeng and Pan Gongsheng attended the meeting in Zhongnanhai.
A B C D E F G H I J K L M N O P Q R S T U V W X Y Z
a b c d e f g h i j k l m n o p q r s t u v w x y z
0 1 2 3 4 5 6 7 8 9 10 100 2025 3.5% $12 (AI) [Q1] "quote" 'single' #1 @home
a&b a*b a+b a=b a/b a|b a\\b a~b a^b a_b a<b>c {x} `x` ; : ! ? - ,
"""


def ksx1001_syllables() -> list[str]:
    """The 2,350 precomposed Hangul syllables of KS X 1001 (the common ones).

    They cover practically all syllables in news text; putting them in the corpus with
    character_coverage=1.0 makes each one a piece, so Korean articles do not turn into <unk>
    or byte soup even though the corpus is tiny.
    """
    out = []
    for code in range(0xAC00, 0xD7A4):
        ch = chr(code)
        # Python's codec spells the other syllables as 8-byte jamo sequences: keep the 2-byte ones.
        if len(ch.encode("euc-kr")) == 2:
            out.append(ch)
    return out


def _korean_training_lines() -> list[str]:
    syllables = ksx1001_syllables()
    lines = KOREAN_CORPUS.splitlines()
    # Spaced out, so the syllable table adds single-syllable pieces, not nonsense words.
    lines += [" ".join(syllables[i : i + 50]) for i in range(0, len(syllables), 50)]
    # Korean news quotes Latin names and numbers too (BCI, AI, 3.5%).
    lines += ENGLISH_CORPUS.splitlines()[-4:]
    return lines


def _train_spm(lines: Iterable[str], model_prefix: Path, vocab_size: int, model_type: str) -> Path:
    """Train a byte-fallback SentencePiece model; byte fallback means nothing becomes <unk>."""
    import sentencepiece as spm

    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(list(lines)),
        model_prefix=str(model_prefix),
        vocab_size=vocab_size,
        model_type=model_type,
        character_coverage=1.0,
        byte_fallback=True,
        hard_vocab_limit=False,  # the corpus is tiny: take what it gives rather than fail
        split_digits=True,
        unk_id=0,
        bos_id=-1,  # Marian uses neither <s> nor </s> from the spm model
        eos_id=-1,
        num_threads=1,  # deterministic
        minloglevel=2,
        input_sentence_size=0,
        shuffle_input_sentence=False,
    )
    return model_prefix.with_suffix(".model")


def _spm_pieces(model_file: Path) -> list[str]:
    import sentencepiece as spm

    sp = spm.SentencePieceProcessor(model_file=str(model_file))
    return [sp.id_to_piece(i) for i in range(sp.get_piece_size()) if not sp.is_control(i) and not sp.is_unknown(i)]


def _marian_vocab(pieces: Iterable[str], vocab_size: int | None) -> dict[str, int]:
    """Joint vocab in the layout of the real opus-mt checkpoints: ``</s>`` 0, ``<unk>`` 1, pieces,
    fillers, ``<pad>`` last (pad doubles as decoder start)."""
    vocab = {"</s>": 0, "<unk>": 1}
    for piece in pieces:
        vocab.setdefault(piece, len(vocab))
    if vocab_size is not None:
        if len(vocab) + 1 > vocab_size:
            raise ValueError(f"vocab_size {vocab_size} is smaller than the {len(vocab) + 1} tokens trained")
        for i in range(vocab_size - 1 - len(vocab)):
            vocab[f"<filler_{i}>"] = len(vocab)
    vocab["<pad>"] = len(vocab)
    return vocab


def _seeded(seed: int) -> None:
    import torch

    torch.manual_seed(seed)


def build_marian(
    out_dir: str | Path,
    *,
    d_model: int,
    encoder_layers: int,
    decoder_layers: int,
    heads: int,
    ffn_dim: int,
    vocab_size: int | None = None,
    max_position_embeddings: int,
    seed: int = 0,
    source_spm_size: int = 4000,
    target_spm_size: int = 1000,
) -> Path:
    """A random-weight Marian ko->en model with trained ``source.spm`` / ``target.spm``.

    ``vocab_size=None`` keeps the vocab as trained (a few thousand); a larger number pads it
    with ``<filler_N>`` tokens so embeddings and the output layer have the real shape.
    """
    from transformers import GenerationConfig, MarianConfig, MarianMTModel, MarianTokenizer

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="spm-") as tmp:
        src = _train_spm(_korean_training_lines(), Path(tmp) / "source", source_spm_size, "unigram")
        tgt = _train_spm(ENGLISH_CORPUS.splitlines(), Path(tmp) / "target", target_spm_size, "unigram")
        vocab = _marian_vocab([*_spm_pieces(src), *_spm_pieces(tgt)], vocab_size)
        vocab_file = Path(tmp) / "vocab.json"
        vocab_file.write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
        tokenizer = MarianTokenizer(
            source_spm=str(src),
            target_spm=str(tgt),
            vocab=str(vocab_file),
            source_lang="ko",
            target_lang="en",
            model_max_length=max_position_embeddings,
        )
        tokenizer.save_pretrained(out)

    pad_id, eos_id = vocab["<pad>"], vocab["</s>"]
    config = MarianConfig(
        vocab_size=len(vocab),
        decoder_vocab_size=len(vocab),
        d_model=d_model,
        encoder_layers=encoder_layers,
        decoder_layers=decoder_layers,
        encoder_attention_heads=heads,
        decoder_attention_heads=heads,
        encoder_ffn_dim=ffn_dim,
        decoder_ffn_dim=ffn_dim,
        max_position_embeddings=max_position_embeddings,
        activation_function="swish",  # as in opus-mt
        scale_embedding=True,
        share_encoder_decoder_embeddings=True,
        pad_token_id=pad_id,
        eos_token_id=eos_id,
        decoder_start_token_id=pad_id,
        forced_eos_token_id=eos_id,
    )
    _seeded(seed)
    model = MarianMTModel(config).eval()
    model.generation_config = GenerationConfig(
        max_length=max_position_embeddings,
        num_beams=1,
        do_sample=False,
        pad_token_id=pad_id,
        eos_token_id=eos_id,
        decoder_start_token_id=pad_id,
        forced_eos_token_id=eos_id,
        bad_words_ids=[[pad_id]],  # as in opus-mt: never emit <pad>
    )
    model.save_pretrained(out, safe_serialization=True)
    return out


def _train_bytelevel_bpe(vocab_size: int) -> tuple[dict[str, int], list[tuple[str, str]]]:
    from tokenizers import ByteLevelBPETokenizer

    bpe = ByteLevelBPETokenizer()
    bpe.train_from_iterator(
        ENGLISH_CORPUS.splitlines(),
        vocab_size=vocab_size,
        min_frequency=1,
        special_tokens=["<s>", "<pad>", "</s>", "<unk>"],  # BART's ids 0-3
        show_progress=False,
    )
    state = json.loads(bpe._tokenizer.to_str())["model"]
    merges = [tuple(m.split(" ", 1)) if isinstance(m, str) else (m[0], m[1]) for m in state["merges"]]
    return dict(state["vocab"]), merges


def build_bart(
    out_dir: str | Path,
    *,
    d_model: int,
    encoder_layers: int,
    decoder_layers: int,
    heads: int,
    ffn_dim: int,
    vocab_size: int | None = None,
    max_position_embeddings: int,
    seed: int = 0,
    bpe_size: int = 2000,
) -> Path:
    """A random-weight BART summarizer with a byte-level BPE tokenizer (Roberta-style specials).

    ``vocab_size=None`` keeps the trained vocab; a larger number pads it with ``<filler_N>``
    tokens. ``<mask>`` is always the last id.
    """
    from transformers import BartConfig, BartForConditionalGeneration, GenerationConfig, RobertaTokenizer

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    vocab, merges = _train_bytelevel_bpe(bpe_size)
    if vocab_size is not None:
        if len(vocab) + 1 > vocab_size:
            raise ValueError(f"vocab_size {vocab_size} is smaller than the {len(vocab) + 1} tokens trained")
        for i in range(vocab_size - 1 - len(vocab)):
            vocab[f"<filler_{i}>"] = len(vocab)
    vocab["<mask>"] = len(vocab)
    tokenizer = RobertaTokenizer(vocab=vocab, merges=merges, model_max_length=max_position_embeddings)
    tokenizer.save_pretrained(out)

    bos, pad, eos = vocab["<s>"], vocab["<pad>"], vocab["</s>"]
    config = BartConfig(
        vocab_size=len(vocab),
        d_model=d_model,
        encoder_layers=encoder_layers,
        decoder_layers=decoder_layers,
        encoder_attention_heads=heads,
        decoder_attention_heads=heads,
        encoder_ffn_dim=ffn_dim,
        decoder_ffn_dim=ffn_dim,
        max_position_embeddings=max_position_embeddings,
        bos_token_id=bos,
        pad_token_id=pad,
        eos_token_id=eos,
        decoder_start_token_id=eos,  # as in bart-large-cnn
        forced_bos_token_id=bos,
        forced_eos_token_id=eos,
    )
    _seeded(seed)
    model = BartForConditionalGeneration(config).eval()
    model.generation_config = GenerationConfig(
        max_length=min(142, max_position_embeddings),  # distilbart-cnn's summary length cap
        min_length=0,
        num_beams=1,
        do_sample=False,
        bos_token_id=bos,
        pad_token_id=pad,
        eos_token_id=eos,
        decoder_start_token_id=eos,
        forced_bos_token_id=bos,
        forced_eos_token_id=eos,
    )
    model.save_pretrained(out, safe_serialization=True)
    return out


def tiny_marian(out_dir: str | Path, seed: int = 0) -> Path:
    """About 0.15 M parameters and a 3.2 k vocab; builds in about half a second."""
    return build_marian(
        out_dir,
        d_model=32,
        encoder_layers=2,
        decoder_layers=2,
        heads=2,
        ffn_dim=64,
        vocab_size=None,
        max_position_embeddings=64,
        seed=seed,
    )


def tiny_bart(out_dir: str | Path, seed: int = 0) -> Path:
    return build_bart(
        out_dir,
        d_model=32,
        encoder_layers=2,
        decoder_layers=2,
        heads=2,
        ffn_dim=64,
        vocab_size=None,
        max_position_embeddings=128,
        seed=seed,
    )


def opus_mt_ko_en_shape(out_dir: str | Path, seed: int = 0) -> Path:
    """The shape of Helsinki-NLP/opus-mt-ko-en (77.9 M parameters, 65,001-token vocab)."""
    return build_marian(
        out_dir,
        d_model=512,
        encoder_layers=6,
        decoder_layers=6,
        heads=8,
        ffn_dim=2048,
        vocab_size=65001,
        max_position_embeddings=512,
        seed=seed,
    )


def distilbart_cnn_12_6_shape(out_dir: str | Path, seed: int = 0) -> Path:
    """The shape of sshleifer/distilbart-cnn-12-6 (about 306 M parameters)."""
    return build_bart(
        out_dir,
        d_model=1024,
        encoder_layers=12,
        decoder_layers=6,
        heads=16,
        ffn_dim=4096,
        vocab_size=50264,
        max_position_embeddings=1024,
        seed=seed,
    )


if __name__ == "__main__":  # python tests/modelfactory.py PRESET OUT_DIR
    import sys
    import time

    presets = {f.__name__: f for f in (tiny_marian, tiny_bart, opus_mt_ko_en_shape, distilbart_cnn_12_6_shape)}
    if len(sys.argv) != 3 or sys.argv[1] not in presets:
        sys.exit(f"usage: modelfactory.py {{{','.join(presets)}}} OUT_DIR")
    t0 = time.perf_counter()
    path = presets[sys.argv[1]](sys.argv[2])
    print(f"{path} ({time.perf_counter() - t0:.1f} s)")
