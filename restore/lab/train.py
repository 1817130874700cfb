"""``restore train``: train the seq2seq repair model on synthetic damage to clean copy.

Pairs are made on the fly: a clean window from the TRAIN part of the corpus split
(``restore.lab.corpus``), damaged by ``restore.lab.noise`` in about half the samples, the rest left
clean so the model learns to copy. The last ``DEV_PARAGRAPHS`` train paragraphs are never
trained on: they give the held-out figures in the log and the calibration data, so the
evaluation held-out set (``restore eval``) stays untouched.

Checkpoints (model, tokenizer, optimizer, step) go to ``--out`` every ``--save-every``
steps; ``--resume`` carries on from there, including from the shipped weights.
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import os
import random
import shutil
import time
from collections.abc import Iterable
from pathlib import Path

from ..english.align import token_edits
from ..errors import ConfigError
from ..model.tokenizer import EOS, SPECIALS
from ..model.windows import window_spans
from ..suggestion import Kind
from .corpus import find_corpus, train_paragraphs
from .noise import NoiseGenerator

log = logging.getLogger(__name__)

DEV_PARAGRAPHS = 1_500
CLEAN_SHARE = 0.45
MAX_TOKENS = 96

FULL = dict(d_model=256, d_ff=1024, num_layers=4, num_decoder_layers=4, num_heads=4, d_kv=64)
TINY = dict(d_model=64, d_ff=128, num_layers=1, num_decoder_layers=1, num_heads=2, d_kv=32)


def train_tokenizer(texts: Iterable[str], out_dir: Path, *, vocab_size: int = 8000) -> Path:
    """Train a byte-level BPE on ``texts`` and save ``tokenizer.json`` in ``out_dir``
    (``restore.model.tokenizer`` loads it beside the weights)."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors, trainers

    tok = Tokenizer(models.BPE(unk_token=None))
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size,
        min_frequency=2,
        special_tokens=SPECIALS,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    tok.train_from_iterator(texts, trainer=trainer)
    tok.post_processor = processors.TemplateProcessing(
        single=f"$A {EOS}", special_tokens=[(EOS, tok.token_to_id(EOS))]
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "tokenizer.json"
    tok.save(str(path))
    return path


def split_dev(paragraphs: list[str]) -> tuple[list[str], list[str]]:
    """(train, dev): dev is the tail of the train split, never trained on."""
    n = min(DEV_PARAGRAPHS, len(paragraphs) // 5)
    return paragraphs[:-n] if n else paragraphs, paragraphs[-n:] if n else paragraphs[:1]


def windows_of(paragraphs: list[str]) -> list[str]:
    out = []
    for p in paragraphs:
        out.extend(p[s:e] for s, e in window_spans(p))
    return [w for w in out if 3 <= len(w.split()) <= 60]


CONTEXT_KINDS = (Kind.CASE, Kind.DROPPED_WORD, Kind.WORD_ORDER, Kind.WRONG_WORD, Kind.POSSESSIVE)
"""Damage the rules cannot repair: ``--focus`` spends a share of training on these alone."""


def make_pair(
    window: str,
    noise: NoiseGenerator,
    rng: random.Random,
    *,
    focus: NoiseGenerator | None = None,
    focus_share: float = 0.0,
    clean_share: float = CLEAN_SHARE,
) -> tuple[str, str]:
    """(model input, target): damaged or untouched window -> clean window."""
    r = rng.random()
    if r < clean_share:
        return window, window
    if focus is not None and r < clean_share + focus_share:
        return focus.corrupt(window).damaged, window
    return noise.corrupt(window).damaged, window


def bucketed(pairs: list[tuple[str, str]], batch_size: int, rng: random.Random) -> list[list[tuple[str, str]]]:
    """Batches of similar length, in random order: less padding, same samples (~25% faster)."""
    ordered = sorted(pairs, key=lambda p: len(p[0]) + len(p[1]))
    batches = [ordered[i : i + batch_size] for i in range(0, len(ordered), batch_size)]
    rng.shuffle(batches)
    return batches


BART_FULL = dict(d_model=256, encoder_ffn_dim=1024, decoder_ffn_dim=1024, encoder_layers=4, decoder_layers=4, encoder_attention_heads=4, decoder_attention_heads=4)
BART_TINY = dict(d_model=64, encoder_ffn_dim=128, decoder_ffn_dim=128, encoder_layers=1, decoder_layers=1, encoder_attention_heads=2, decoder_attention_heads=2)


def copy_init(model, *, sigma: float = 0.08, sharpness: float = 3.0, gain: float = 3.0) -> None:  # noqa: ANN001
    """Start a BART model as an exact copier, so training only has to learn the repairs.

    From random weights a small encoder-decoder spends thousands of CPU steps at the
    language-model plateau before it discovers copying (we measured: loss stuck at ~4.7
    after 800 steps). Instead we build the copy circuit by hand: token embeddings live in
    the first half of the model dimensions and (shared) position embeddings in the second;
    every other layer starts as the identity (zero output projections), and the first
    decoder layer's cross-attention matches decoder position t to encoder position t and
    carries that token's embedding to the tied output layer. At step 0 it copies any
    input exactly (loss ~0 on clean windows) with ~0.97 probability per token.
    """
    import torch

    m = model.model
    half = model.config.d_model // 2
    idx = torch.arange(half)
    with torch.no_grad():
        m.shared.weight.zero_()
        m.shared.weight[:, :half].normal_(0.0, sigma)
        pos = torch.zeros_like(m.encoder.embed_positions.weight)
        pos[:, half:].normal_(0.0, sigma)
        m.encoder.embed_positions.weight.copy_(pos)
        m.decoder.embed_positions.weight.copy_(pos)
        for layer in list(m.encoder.layers) + list(m.decoder.layers):
            for proj in (layer.self_attn.out_proj, layer.fc2):
                proj.weight.zero_()
                proj.bias.zero_()
        for k, layer in enumerate(m.decoder.layers):
            ca = layer.encoder_attn
            for proj in ((ca.out_proj,) if k else (ca.q_proj, ca.k_proj, ca.v_proj, ca.out_proj)):
                proj.weight.zero_()
                proj.bias.zero_()
            if k == 0:
                ca.q_proj.weight[half + idx, half + idx] = sharpness**0.5
                ca.k_proj.weight[half + idx, half + idx] = sharpness**0.5
                ca.v_proj.weight[half + idx, idx] = 1.0
                ca.out_proj.weight[idx, half + idx] = gain
        model.final_logits_bias.zero_()


def build_model(vocab_size: int, *, tiny: bool = False, arch: str = "bart", dropout: float = 0.1):  # -> a seq2seq LM
    """A fresh encoder-decoder from config, input and output embeddings tied.

    ``bart`` (default) has learned absolute positions, so its decoder learns to copy the
    input within a few hundred CPU steps; ``t5`` (relative positions only) sat at the
    language-model plateau for 600 steps in our run, so it is kept only as an option.
    """
    if arch == "bart":
        from transformers import BartConfig, BartForConditionalGeneration

        config = BartConfig(
            vocab_size=vocab_size, max_position_embeddings=MAX_TOKENS + 32,
            pad_token_id=0, eos_token_id=1, bos_token_id=1, decoder_start_token_id=1,
            forced_eos_token_id=1, dropout=dropout, scale_embedding=False, tie_word_embeddings=True,
            **(BART_TINY if tiny else BART_FULL),
        )
        model = BartForConditionalGeneration(config)
        copy_init(model)
        return model
    import torch
    from transformers import T5Config, T5ForConditionalGeneration

    dims = TINY if tiny else FULL
    config = T5Config(
        vocab_size=vocab_size,
        dropout_rate=dropout,
        feed_forward_proj="relu",
        tie_word_embeddings=True,
        pad_token_id=0,
        eos_token_id=1,
        decoder_start_token_id=0,
        **dims,
    )
    model = T5ForConditionalGeneration(config)
    with torch.no_grad():  # fresh-from-config embeddings are N(0, 1): shrink so loss starts ~ln(V)
        model.shared.weight.normal_(0.0, 1.0)
    return model


def _batch(tokenizer, pairs: list[tuple[str, str]]):  # noqa: ANN001
    src = tokenizer([a for a, _ in pairs], padding=True, truncation=True, max_length=MAX_TOKENS, return_tensors="pt")
    tgt = tokenizer([b for _, b in pairs], padding=True, truncation=True, max_length=MAX_TOKENS, return_tensors="pt")
    labels = tgt["input_ids"].clone()
    labels[tgt["attention_mask"] == 0] = -100
    return src["input_ids"], src["attention_mask"], labels


def generate(model, tokenizer, texts: list[str], *, batch_size: int = 32) -> list[str]:  # noqa: ANN001
    """Greedy rewrites of ``texts`` (used for held-out figures)."""
    import torch

    from ..model.tokenizer import decode

    out: list[str] = []
    model.eval()
    with torch.inference_mode():
        for i in range(0, len(texts), batch_size):
            chunk = texts[i : i + batch_size]
            enc = tokenizer(chunk, padding=True, truncation=True, max_length=MAX_TOKENS, return_tensors="pt").to(model.device)
            ids = model.generate(**enc, max_new_tokens=int(enc["input_ids"].shape[1] * 1.3) + 8, num_beams=1, do_sample=False)
            out.extend(decode(tokenizer, row) for row in ids)
    return out


def heldout_figures(model, tokenizer, dev_pairs: list[tuple[str, str]]) -> dict[str, float]:  # noqa: ANN001
    """Exact match, edit precision/recall (``restore.english.align.token_edits``, the edits
    ``restore eval`` counts), and false edits on clean inputs."""
    outs = generate(model, tokenizer, [a for a, _ in dev_pairs])
    tp = fp = fn = exact = clean_n = clean_changed = 0
    for (src, tgt), out in zip(dev_pairs, outs):
        exact += out == tgt
        if src == tgt:
            clean_n += 1
            clean_changed += out != src
        gold, pred = set(token_edits(src, tgt)), set(token_edits(src, out))
        tp += len(gold & pred)
        fp += len(pred - gold)
        fn += len(gold - pred)
    return {
        "exact": round(exact / max(1, len(dev_pairs)), 4),
        "precision": round(tp / max(1, tp + fp), 4),
        "recall": round(tp / max(1, tp + fn), 4),
        "clean_changed": round(clean_changed / max(1, clean_n), 4),
    }


def dev_pairs_for(paragraphs: list[str], n: int, seed: int) -> list[tuple[str, str]]:
    rng = random.Random(seed + 7919)
    noise = NoiseGenerator(seed=seed + 7919)
    wins = windows_of(paragraphs)
    rng.shuffle(wins)
    return [make_pair(w, noise, rng) for w in wins[:n]]


def _save(model, tokenizer_dir: Path, optimizer, state: dict, out: Path) -> None:  # noqa: ANN001
    """Write a complete checkpoint to ``out`` atomically (tmp dir then rename)."""
    import torch

    tmp = out.with_name(out.name + ".tmp")
    if tmp.exists():
        shutil.rmtree(tmp)
    model.save_pretrained(tmp)
    shutil.copy(tokenizer_dir / "tokenizer.json", tmp / "tokenizer.json")
    torch.save(optimizer.state_dict(), tmp / "optimizer.pt")
    (tmp / "training_state.json").write_text(json.dumps(state, indent=2))
    old = out.with_name(out.name + ".old")
    if out.exists():
        if old.exists():
            shutil.rmtree(old)
        out.rename(old)
    tmp.rename(out)
    if old.exists():
        shutil.rmtree(old)


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="restore train", description=__doc__.splitlines()[0])
    p.add_argument("--corpus", type=Path, default=None, help="clean corpus, one paragraph a line (.txt or .gz)")
    p.add_argument("--out", type=Path, default=Path("runs/restore-t5"), help="checkpoint directory")
    p.add_argument("--resume", action="store_true", help="continue from the checkpoint in --out")
    p.add_argument("--steps", type=int, default=6000, help="total optimizer steps")
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--log", type=Path, default=None, help="append loss and held-out figures (JSON lines)")
    p.add_argument("--tiny", action="store_true", help="test-size model and tokenizer")
    p.add_argument("--arch", choices=("bart", "t5"), default="bart", help="encoder-decoder family")
    p.add_argument("--save-every", type=int, default=500)
    p.add_argument("--log-every", type=int, default=50)
    p.add_argument("--eval-every", type=int, default=1000)
    p.add_argument("--dev-windows", type=int, default=300)
    p.add_argument("--vocab-size", type=int, default=8000)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--dropout", type=float, default=None, help="override the model's dropout (0 suits short CPU runs)")
    p.add_argument("--focus", type=float, default=0.0, help="share of samples damaged only by kinds the rules cannot repair")
    p.add_argument("--clean-share", type=float, default=CLEAN_SHARE, help="share of samples left undamaged")
    p.add_argument("--warmup", type=int, default=None, help="warm-up steps from the first step of this run")
    p.add_argument("--no-progress", action="store_true")
    return p.parse_args(argv)


def main(argv: list[str]) -> int:
    """Train (or resume); returns a process exit code."""
    args = parse_args(argv)
    corpus = find_corpus(args.corpus)
    if corpus is None or not Path(corpus).exists():
        raise ConfigError(f"No corpus at {corpus or 'the default location'}: pass --corpus PATH.")
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    import torch
    from tqdm.auto import tqdm

    from ..model.tokenizer import load_tokenizer

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    train, dev = split_dev(train_paragraphs(corpus))
    windows = windows_of(train)
    if not windows:
        raise ConfigError(f"The corpus at {corpus} has no usable training text.")
    dev_pairs = dev_pairs_for(dev, args.dev_windows, args.seed)

    out: Path = args.out
    if args.log:
        Path(args.log).parent.mkdir(parents=True, exist_ok=True)
    logf = open(args.log, "a", encoding="utf-8") if args.log else None  # noqa: SIM115

    def emit(record: dict) -> None:
        if logf:
            logf.write(json.dumps(record) + "\n")
            logf.flush()

    if args.resume and (out / "config.json").exists():
        from transformers import AutoModelForSeq2SeqLM

        extra = {} if args.dropout is None else {"dropout": args.dropout}
        model = AutoModelForSeq2SeqLM.from_pretrained(out, **extra)
        tok_dir = out
        state = json.loads((out / "training_state.json").read_text()) if (out / "training_state.json").exists() else {"step": 0}
        step = int(state.get("step", 0))
    else:
        tok_dir = out.with_name(out.name + ".tokenizer")
        noise = NoiseGenerator(seed=args.seed)
        sample = train if not args.tiny else train[:2000]
        texts = sample + [noise.corrupt(p).damaged for p in sample[:5000]]
        train_tokenizer(texts, tok_dir, vocab_size=1000 if args.tiny else args.vocab_size)
        tokenizer = load_tokenizer(tok_dir)
        model = build_model(len(tokenizer), tiny=args.tiny, arch=args.arch,
                            dropout=0.1 if args.dropout is None else args.dropout)
        state = {"step": 0}
        step = 0
    tokenizer = load_tokenizer(tok_dir)
    device = "cuda" if torch.cuda.is_available() else "cpu"  # a lent GPU is used, never needed
    model.to(device)
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
    if args.resume and (out / "optimizer.pt").exists():
        optimizer.load_state_dict(torch.load(out / "optimizer.pt", weights_only=True, map_location=device))
    first = step if args.warmup is not None else 0  # --warmup: warm up again from this step
    warmup = args.warmup if args.warmup is not None else min(300, max(1, args.steps // 10))

    def lr_at(s: int) -> float:
        k = s - first
        if k < warmup:
            return args.lr * (k + 1) / warmup
        frac = min(1.0, (k - warmup) / max(1, args.steps - first - warmup))
        return args.lr * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * frac)))

    n_params = sum(p.numel() for p in model.parameters())
    emit({"event": "start", "step": step, "params": n_params, "windows": len(windows), "args": {k: str(v) for k, v in vars(args).items()}})
    rng = random.Random(args.seed * 1_000_003 + step)  # resume continues a fresh, fixed stream
    noise = NoiseGenerator(seed=args.seed * 1_000_003 + step)
    focus = NoiseGenerator(seed=args.seed * 1_000_003 + step + 1, kinds=CONTEXT_KINDS) if args.focus else None
    queue: list[list[tuple[str, str]]] = []
    model.train()
    started = time.time()
    samples = int(state.get("samples", 0))
    elapsed_before = float(state.get("seconds", 0.0))
    running = None
    bar = tqdm(total=args.steps, initial=step, disable=args.no_progress, unit="step", desc="train")
    while step < args.steps:
        if not queue:
            pool = [
                make_pair(rng.choice(windows), noise, rng, focus=focus, focus_share=args.focus, clean_share=args.clean_share)
                for _ in range(args.batch_size * 8)
            ]
            queue = bucketed(pool, args.batch_size, rng)
        pairs = queue.pop()
        ids, mask, labels = (t.to(device) for t in _batch(tokenizer, pairs))
        for group in optimizer.param_groups:
            group["lr"] = lr_at(step)
        loss = model(input_ids=ids, attention_mask=mask, labels=labels).loss
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        step += 1
        samples += len(pairs)
        value = float(loss.detach())
        running = value if running is None else 0.98 * running + 0.02 * value
        bar.update(1)
        bar.set_postfix(loss=f"{running:.3f}")
        if step % args.log_every == 0 or step == 1:
            emit({"step": step, "loss": round(value, 4), "avg_loss": round(running, 4), "lr": lr_at(step), "seconds": round(elapsed_before + time.time() - started, 1)})
        last = step == args.steps
        if step % args.eval_every == 0 or last:
            figures = heldout_figures(model, tokenizer, dev_pairs)
            model.train()
            emit({"step": step, "heldout": figures})
            state["heldout"] = figures
        if step % args.save_every == 0 or last:
            state.update(step=step, samples=samples, seconds=round(elapsed_before + time.time() - started, 1), avg_loss=round(running, 4), seed=args.seed, tiny=args.tiny, batch_size=args.batch_size, lr=args.lr, total_steps=args.steps)
            _save(model, tok_dir, optimizer, state, out)
            tok_dir = out
    bar.close()
    emit({"event": "done", "step": step, "avg_loss": running})
    if logf:
        logf.close()
    return 0


if __name__ == "__main__":  # pragma: no cover
    import sys

    sys.exit(main(sys.argv[1:]))
