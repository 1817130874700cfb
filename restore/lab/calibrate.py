"""Calibrate model confidence on windows the model never trained on.

Raw token probabilities are over-confident in some ranges and timid in others. We damage
the dev paragraphs (the tail of the TRAIN split that training skips, never the eval
held-out), run the model pass, mark each suggestion right or wrong against the gold
edits, and fit an isotonic (pool-adjacent-violators) map from raw probability to the share
that were right. The map is saved as ``calibration.json`` beside the weights.

Run: ``python -m restore.lab.calibrate --model runs/restore-t5``
"""

from __future__ import annotations

import argparse
import json
import random
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from ..model.infer import Calibration
from ..english.align import apply_edits
from ..suggestion import Kind, Suggestion
from .corpus import find_corpus, train_paragraphs
from .noise import Damaged, NoiseGenerator
from .train import split_dev


def isotonic(pairs: Sequence[tuple[float, int]], *, max_points: int = 12) -> list[tuple[float, float]]:
    """Pool-adjacent-violators fit of P(right | raw), as at most ``max_points`` knots.

    >>> isotonic([(0.1, 0), (0.2, 1), (0.3, 0), (0.9, 1)])
    [(0.1, 0.3333), (0.25, 0.5), (0.9, 0.6667)]
    """
    blocks: list[list[float]] = []  # [sum_x, sum_y, n]
    for x, y in sorted(pairs):
        blocks.append([x, float(y), 1])
        while len(blocks) > 1 and blocks[-2][1] / blocks[-2][2] >= blocks[-1][1] / blocks[-1][2]:
            last = blocks.pop()
            for k in range(3):
                blocks[-1][k] += last[k]
    while len(blocks) > max_points:  # merge the smallest neighbouring pair of blocks
        i = min(range(len(blocks) - 1), key=lambda k: blocks[k][2] + blocks[k + 1][2])
        a, b = blocks[i], blocks.pop(i + 1)
        for k in range(3):
            a[k] += b[k]
    out: list[tuple[float, float]] = []
    best = 0.0
    for sx, sy, n in blocks:  # Laplace-smoothed so a block of 3 right answers is not "100%"
        best = max(best, (sy + 1) / (n + 2))
        out.append((round(sx / n, 4), round(best, 4)))
    return out


MIN_PER_KIND = 30
"""A kind gets its own map only with at least this many suggestions in the fit half."""


def _fit(pairs: Sequence[tuple[float, int]]) -> list[tuple[float, float]]:
    """The isotonic map, anchored at 0 and 1 and capped at 0.98 (never certainty)."""
    points = [(0.0, 0.0)] + [(x, min(y, 0.98)) for x, y in isotonic(pairs) if x > 0.0]
    points.append((1.0, points[-1][1]))
    return points


def is_right(s: Suggestion, d: Damaged) -> bool:
    """Right when applying ``s`` alone gives what applying some gold edit alone gives."""
    mine = apply_edits(d.damaged, [s])
    return any(apply_edits(d.damaged, [g]) == mine for g in d.edits)


def dev_documents(corpus: Path, n: int, seed: int) -> list[Damaged]:
    """Damaged dev paragraphs: ~30% clean, the rest with 1-3 glitches."""
    _, dev = split_dev(train_paragraphs(corpus))
    rng = random.Random(seed)
    paras = [p for p in dev if 8 <= len(p.split()) <= 160]
    rng.shuffle(paras)
    noise = NoiseGenerator(seed=seed)
    return [noise.corrupt(p, n_edits=0 if rng.random() < 0.3 else None) for p in paras[:n]]


def collect(model_dir: Path, docs: list[Damaged]) -> tuple[list[tuple[float, int, str]], dict]:
    """(raw confidence, right?, kind) per model suggestion, and summary counts."""
    from ..pipeline import Restorer

    restorer = Restorer(model=str(model_dir), passes=[])
    restorer.model.calibration = Calibration([(0.0, 0.0), (1.0, 1.0)])  # raw probabilities
    started = time.time()
    results = list(restorer.restore_batch([d.damaged for d in docs], progress=False, batch_size=16))
    seconds = time.time() - started
    rows: list[tuple[float, int, str]] = []
    clean_words = clean_false = 0
    for d, r in zip(docs, results):
        for s in r.suggestions:
            rows.append((s.confidence, int(is_right(s, d)), s.kind.value))
        if not d.edits:
            clean_words += len(d.clean.split())
            clean_false += len(r.suggestions)
    words = sum(len(d.damaged.split()) for d in docs)
    return rows, {"docs": len(docs), "words": words, "seconds": round(seconds, 1), "clean_words": clean_words, "clean_suggestions_any_conf": clean_false, "gold_edits": sum(len(d.edits) for d in docs)}


def reliability(rows: list[tuple[float, int, str]], calib, *, threshold: float = 0.8) -> dict:  # noqa: ANN001
    """Calibrated bins (predicted vs observed) and precision/recall at the threshold."""
    bins: dict[str, list[int]] = {}
    kept = right = 0
    for raw, ok, kind in rows:
        c = calib(raw, Kind(kind))
        key = f"{min(9, int(c * 10)) / 10:.1f}"
        bins.setdefault(key, []).append(ok)
        if c >= threshold:
            kept += 1
            right += ok
    return {
        "bins": {k: {"n": len(v), "right": round(sum(v) / len(v), 3)} for k, v in sorted(bins.items())},
        "at_threshold": {"threshold": threshold, "suggestions": kept, "precision": round(right / max(1, kept), 3)},
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m restore.lab.calibrate", description=__doc__.splitlines()[0])
    p.add_argument("--model", type=Path, required=True)
    p.add_argument("--corpus", type=Path, default=None)
    p.add_argument("--docs", type=int, default=400)
    p.add_argument("--seed", type=int, default=4242)
    args = p.parse_args(argv)

    docs = dev_documents(find_corpus(args.corpus), args.docs, args.seed)
    half = len(docs) // 2
    fit_rows, fit_info = collect(args.model, docs[:half])
    check_rows, check_info = collect(args.model, docs[half:])
    points = _fit([(r, ok) for r, ok, _ in fit_rows])
    by_kind = {
        kind: _fit([(r, ok) for r, ok, k in fit_rows if k == kind])
        for kind, n in Counter(k for _, _, k in fit_rows).items()
        if n >= MIN_PER_KIND
    }
    calib = Calibration(points, by_kind)
    kinds = Counter(k for _, _, k in fit_rows + check_rows)
    right_kinds = Counter(k for _, ok, k in fit_rows + check_rows if ok)
    report = {
        "points": points,
        "points_by_kind": by_kind,
        "fit": {**fit_info, "suggestions": len(fit_rows)},
        "check": {**check_info, "suggestions": len(check_rows), **reliability(check_rows, calib)},
        "by_kind_any_conf": {k: {"n": n, "right": round(right_kinds[k] / n, 3)} for k, n in kinds.most_common()},
        "note": "fit on one half of the dev paragraphs, reliability checked on the other half",
    }
    (args.model / "calibration.json").write_text(json.dumps(report, indent=2))
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":  # pragma: no cover
    import sys

    sys.exit(main())
