"""Speed of the full pipeline with the model on, measured in a fresh process.

``restore eval`` runs this so the figures the model is held to (load time, one article's
latency, batch words per second, peak memory) come from one command, not from ad-hoc
timing. A fresh interpreter is the only honest way to time a cold load: in the eval's own
process torch is already imported.

Run alone: ``python -m restore.lab.speed --model default --corpus PATH``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ARTICLE_WORDS = 700
BATCH_DOCS = 100


def _article(paragraphs: list[str], words: int = ARTICLE_WORDS) -> str:
    """Consecutive held-out paragraphs, joined until the article has ``words`` words."""
    out: list[str] = []
    n = 0
    for p in paragraphs:
        out.append(p)
        n += len(p.split())
        if n >= words:
            break
    return "\n\n".join(out)


def measure(
    model: str, corpus: Path, *, repeats: int = 3, seed: int = 0, docs: int = BATCH_DOCS,
    article_words: int = ARTICLE_WORDS,
) -> dict[str, Any]:
    """Run in this (fresh) process: load, one article, a damaged and a clean batch, memory."""
    started = time.perf_counter()
    from ..pipeline import Restorer

    restorer = Restorer(model=model)
    load_s = time.perf_counter() - started

    from .corpus import heldout_paragraphs
    from .noise import NoiseGenerator

    import torch  # already loaded with the model; only asked how many threads it uses

    paragraphs = heldout_paragraphs(corpus)
    noise = NoiseGenerator(seed=seed)
    article_clean = _article(paragraphs[2 * docs :], article_words)
    article = "\n\n".join(noise.corrupt(p).damaged for p in article_clean.split("\n\n"))
    clean = paragraphs[:docs]
    damaged = [noise.corrupt(p).damaged for p in paragraphs[docs : 2 * docs]]

    def timed(fn) -> list[float]:  # noqa: ANN001
        fn()  # warm-up: first-call costs are part of load, not of speed
        out = []
        for _ in range(max(3, repeats)):
            t = time.perf_counter()
            fn()
            out.append(time.perf_counter() - t)
        return out

    article_s = timed(lambda: restorer.restore(article))
    batch = {}
    for name, texts in (("damaged", damaged), ("clean", clean)):
        seconds = timed(lambda texts=texts: list(restorer.restore_batch(texts, progress=False)))
        words = sum(len(d.split()) for d in texts)
        batch[name] = {"docs": len(texts), "words": words, "words_per_s": round(words / statistics.median(seconds), 1)}
    return {
        "model": str(model),
        "model_loaded": restorer.model is not None,
        "load_s": round(load_s, 2),
        "article": {"words": len(article.split()), "seconds": [round(s, 3) for s in article_s],
                    "median_s": round(statistics.median(article_s), 3)},
        "batch": batch,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "threads": torch.get_num_threads(),
    }


def run_fresh(
    model: str, corpus: Path, *, repeats: int = 3, docs: int = BATCH_DOCS,
    article_words: int = ARTICLE_WORDS, timeout: float = 900,
) -> dict[str, Any]:
    """``measure`` in a new interpreter; returns its figures or ``{"error": ...}``."""
    cmd = [sys.executable, "-m", "restore.lab.speed", "--model", str(model), "--corpus", str(corpus),
           "--repeats", str(repeats), "--docs", str(docs), "--article-words", str(article_words)]
    env = {**os.environ, "OMP_WAIT_POLICY": os.environ.get("OMP_WAIT_POLICY", "PASSIVE")}
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env, check=False)
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {timeout:.0f} s"}
    if done.returncode != 0:
        return {"error": (done.stderr.strip().splitlines() or ["failed"])[-1]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def markdown(figures: dict[str, Any]) -> str:
    """One table: each figure next to the target the model is held to (issue #3)."""
    if "error" in figures:
        return f"Speed with the model: not measured ({figures['error']}).\n"
    b = figures["batch"]
    rows = [
        ("import + model load (fresh process)", f"{figures['load_s']:.2f} s", "≤ 3 s"),
        (f"one {figures['article']['words']}-word damaged article", f"{figures['article']['median_s']:.2f} s", "≤ 1.5 s (700 words)"),
        (f"batch, damaged ({b['damaged']['docs']} docs)", f"{b['damaged']['words_per_s']:,.0f} words/s", "≥ 1,000 words/s"),
        (f"batch, clean ({b['clean']['docs']} docs)", f"{b['clean']['words_per_s']:,.0f} words/s", "≥ 1,000 words/s"),
        ("peak memory (RSS)", f"{figures['peak_rss_mb']:,.0f} MB", "≤ 1.5 GB"),
    ]
    lines = [f"Speed with the model ({figures['model']}, {figures['threads']} torch threads, median of repeats):", "",
             "| measure | measured | target |", "|---|---:|---|"]
    lines += [f"| {a} | {m} | {t} |" for a, m, t in rows]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m restore.lab.speed", description=__doc__.splitlines()[0])
    p.add_argument("--model", default="default")
    p.add_argument("--corpus", type=Path, required=True)
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--docs", type=int, default=BATCH_DOCS, help="documents per batch (damaged, clean)")
    p.add_argument("--article-words", type=int, default=ARTICLE_WORDS)
    args = p.parse_args(argv)
    figures = measure(args.model, args.corpus, repeats=args.repeats, docs=args.docs, article_words=args.article_words)
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
