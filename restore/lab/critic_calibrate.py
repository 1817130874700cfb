"""Calibrate the critic on synthetic damage and clean corpus windows (lab only).

    python -m restore.lab.critic_calibrate --out runs/critic-cal [--n 300] [--stage gates|fit]

Data: the corpus's TRAINING paragraphs only (``restore eval`` uses the held-out ones).
The noise generator damages them one edit at a time for each kind the critic repairs;
as many paragraphs stay clean. Every candidate the channels propose is labelled right
when applying it alone makes exactly a gold edit.

- ``gates``: candidates before any gate, with only the reading pass's evidence; picks
  each channel's gate (the least evidence worth a whole-sentence score) so that about
  ``--gate-recall`` of the right candidates pass.
- ``fit``: gated candidates with whole-sentence gains; fits one small logistic model
  per channel and sets each channel's gain floor so that clean paragraphs get at most
  ``--clean-rate`` false candidates per 1,000 words at or above the apply threshold.
  Writes ``restore/data/critic.json`` (the only thing that ships) and a report.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
import time
from pathlib import Path

from ..context import Context
from .corpus import find_corpus, train_paragraphs
from ..english.align import token_edits as edits_between
from .noise import NoiseGenerator
from ..suggestion import DEFAULT_THRESHOLD, Kind

KINDS = (
    Kind.DROPPED_WORD, Kind.WRONG_WORD, Kind.WORD_ORDER, Kind.CASE,
    Kind.POSSESSIVE, Kind.RUN_TOGETHER, Kind.SPLIT_WORD,
)
MIN_FLOOR = 1.0
"""An edit must make its sentence at least e times likelier to be shown at all."""
PARAMS = Path(__file__).resolve().parent.parent / "data" / "critic.json"


def _truncated(d) -> bool:  # noqa: ANN001
    """A word-order edit that cut a word short ("breakaway Nagorny" -> "Nagorny break")."""
    e = d.edits[0]
    return len(d.damaged[e.start : e.end]) < len(e.replacement)


def build(n: int, seed: int, corpus: Path, kinds=KINDS, keep=None) -> list[tuple[str, str, str]]:  # noqa: ANN001
    """(label, damaged, clean) rows: n per kind with one edit (those ``keep`` accepts),
    and n clean."""
    rng = random.Random(seed)
    pool = [p for p in train_paragraphs(corpus) if 12 <= len(p.split()) <= 90]
    order = rng.sample(pool, min(len(pool), n * (len(kinds) + 1) * (2 if keep is None else 12)))
    rows: list[tuple[str, str, str]] = []
    cursor = 0
    for i, kind in enumerate(kinds):
        gen = NoiseGenerator(seed=seed * 100 + i, kinds=[kind])
        made = 0
        while made < n and cursor < len(order):
            p = order[cursor]
            cursor += 1
            d = gen.corrupt(p, n_edits=1)
            if d.edits and (keep is None or keep(d)):
                rows.append((kind.value, d.damaged, p))
                made += 1
    for p in order[cursor : cursor + n]:
        rows.append(("clean", p, p))
    return rows


def collect(rows, critic, rules, *, gated: bool, verify: bool, batch: int = 16):  # noqa: ANN001
    """One record per candidate: channel, label, features, gain."""
    records = []
    started = time.perf_counter()
    for b in range(0, len(rows), batch):
        group = rows[b : b + batch]
        items = []
        for _label, damaged, _clean in group:
            items.append((damaged, Context.for_text(damaged), list(rules.restore(damaged).suggestions)))
        judged = critic.judge_many(items, gated=gated, verify=verify)
        for (label, damaged, clean), cands in zip(group, judged):
            gold = set(edits_between(damaged, clean))
            words = len(damaged.split())
            for start, end, ev, _sentence in cands:
                c = ev.candidate
                applied = damaged[:start] + c.replacement + damaged[end:]
                made = edits_between(damaged, applied)
                right = bool(made) and set(made) <= gold
                records.append(
                    {"set": label, "channel": c.channel, "right": right, "words": words, "doc": b + group.index((label, damaged, clean)),
                     "features": ev.features(), "gain": ev.gain, "short_gain": ev.short_gain, "prior": c.prior, "source": c.source,
                     "edit": [damaged[start:end], c.replacement]}
                )
        done = b + len(group)
        rate = done / (time.perf_counter() - started)
        print(f"  {done}/{len(rows)} docs, {len(records)} candidates, {rate:.1f} docs/s", file=sys.stderr, flush=True)
    return records


def pick_gates(records, recall: float) -> dict[str, float]:
    gates = {}
    for channel in sorted({r["channel"] for r in records}):
        right = sorted(r["prior"] for r in records if r["channel"] == channel and r["right"])
        if not right:
            gates[channel] = math.inf
            continue
        gates[channel] = round(right[int((1 - recall) * len(right))], 2)
    return gates


def fit_logistic(xs: list[list[float]], ys: list[int], *, l2: float = 1.0, steps: int = 400) -> list[float]:
    """Newton's method on L2-regularised log-loss (a handful of features: no sklearn)."""
    import numpy as np

    X = np.asarray(xs, dtype=float)
    y = np.asarray(ys, dtype=float)
    w = np.zeros(X.shape[1])
    reg = np.eye(X.shape[1]) * l2
    reg[0, 0] = 1e-6  # the bias is free
    for _ in range(steps):
        z = np.clip(X @ w, -30, 30)
        p = 1 / (1 + np.exp(-z))
        grad = X.T @ (p - y) + reg @ w
        hess = (X * (p * (1 - p))[:, None]).T @ X + reg
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w.tolist()


def fit(records, *, clean_rate: float, threshold: float = DEFAULT_THRESHOLD):  # noqa: ANN001
    """Per channel: logistic weights and a gain floor; plus a calibration table."""
    from ..critic.verify import FEATURES

    channels = {}
    report = {}
    clean_words = sum({r["doc"]: r["words"] for r in records if r["set"] == "clean"}.values()) or 1
    for channel in sorted({r["channel"] for r in records}):
        # only the best candidate at a place is ever shown (verify.ChannelModel)
        rows = [r for r in records if r["channel"] == channel and r["features"]["margin"] > 0]
        feats = [f for f in FEATURES if any(r["features"].get(f) for r in rows)]
        xs = [[r["features"][f] for f in feats] for r in rows]
        ys = [int(r["right"]) for r in rows]
        if sum(ys) < 5:
            channels[channel] = {"weights": {"bias": -30.0}, "min_gain": 1e9, "right": sum(ys), "n": len(ys)}
            continue
        w = fit_logistic(xs, ys)
        weights = dict(zip(feats, w))

        def conf(r):  # noqa: ANN001, ANN202
            z = sum(weights[f] * r["features"][f] for f in feats)
            return 1 / (1 + math.exp(-max(-30, min(30, z))))

        for r in rows:
            r["confidence"] = conf(r)
        # the gain floor: the lowest gain at which clean paragraphs stay under the rate
        floors = sorted({round(r["gain"], 1) for r in rows if r["gain"] >= MIN_FLOOR})
        floor = floors[-1] + 1 if floors else 0.0
        for g in floors:
            false_clean = sum(1 for r in rows if r["set"] == "clean" and r["gain"] >= g and r["confidence"] >= threshold)
            if 1000 * false_clean / clean_words <= clean_rate:
                floor = g
                break
        for r in rows:
            if r["gain"] < floor:
                r["confidence"] = 0.0
            r["confidence"] = min(r["confidence"], 0.97)
        channels[channel] = {"weights": {k: round(v, 4) for k, v in weights.items()}, "min_gain": floor}
        kept = [r for r in rows if r["gain"] >= floor]
        applied = [r for r in kept if r["confidence"] >= threshold]
        report[channel] = {
            "candidates": len(rows), "right": sum(ys), "min_gain": floor,
            "applied": len(applied), "applied_right": sum(r["right"] for r in applied),
            "clean_applied": sum(r["set"] == "clean" for r in applied),
        }
    return channels, report


def calibration_table(records) -> list[dict]:  # noqa: ANN001
    """Right share per confidence bin over the candidates the fitted verifier shows."""
    bins = ((0.1, 0.5), (0.5, 0.8), (0.8, 0.9), (0.9, 1.01))
    table = []
    for lo, hi in bins:
        inside = [r for r in records if lo <= r.get("confidence", 0.0) < hi and r["features"]["margin"] > 0]
        table.append({"range": f"{lo:.1f}-{min(hi, 1.0):.1f}", "shown": len(inside), "right": sum(r["right"] for r in inside)})
    return table


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m restore.lab.critic_calibrate")
    p.add_argument("--out", default="runs/critic-cal")
    p.add_argument("--n", type=int, default=200, help="paragraphs per kind (and clean)")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--stage", choices=("gates", "fit"), default="fit")
    p.add_argument("--gate-recall", type=float, default=0.95)
    p.add_argument("--clean-rate", type=float, default=0.05, help="false applied edits per 1,000 clean words, per channel")
    p.add_argument("--corpus")
    p.add_argument("--write", action="store_true", help="write restore/data/critic.json")
    p.add_argument("--records", metavar="JSONL", action="append", help="fit: refit on the records of earlier runs")
    p.add_argument("--truncations", action="store_true", help="collect only truncated-and-moved words (a rare kind)")
    args = p.parse_args(argv)
    from ..critic.critic import CriticPass
    from ..critic.verify import Verifier
    from ..pipeline import Restorer

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    params = json.loads(PARAMS.read_text()) if PARAMS.exists() else {"version": "lab", "channels": {}, "gates": {}}
    if args.records:
        records = [json.loads(line) for f in args.records for line in Path(f).read_text().splitlines() if line.strip()]
        from ..critic.verify import changed_word_zipfs
        from ..english import default_lexicon

        zipf = default_lexicon().zipf
        for r in records:  # features as the runtime computes them now
            r["features"]["zipf_original"], r["features"]["zipf_replacement"] = changed_word_zipfs(*r["edit"], zipf)
        channels, report = fit(records, clean_rate=args.clean_rate)
        params["channels"] = channels
        report["calibration (in-sample, all channels)"] = calibration_table(records)
        print(json.dumps(report, indent=1))
        if args.write:
            PARAMS.write_text(json.dumps(params, indent=1) + "\n")
        return 0
    corpus = find_corpus(args.corpus)
    if args.truncations:
        rows = build(args.n, args.seed, corpus, kinds=(Kind.WORD_ORDER,), keep=_truncated)
    else:
        rows = build(args.n, args.seed, corpus)
    rules = Restorer(model=None, critic=False) if "critic" in Restorer.__init__.__code__.co_varnames else Restorer(model=None)
    critic = CriticPass.load()
    if args.truncations:
        critic.channels = ["truncated-moved"]
    if args.stage == "gates":
        critic.verifier = Verifier()
        records = collect(rows, critic, rules, gated=False, verify=False)
        gates = pick_gates(records, args.gate_recall)
        summary = {}
        for ch, g in gates.items():
            rs = [r for r in records if r["channel"] == ch]
            summary[ch] = {"gate": g, "candidates": len(rs), "right": sum(r["right"] for r in rs),
                           "passing": sum(r["prior"] >= g for r in rs)}
        (out / "gates.json").write_text(json.dumps(summary, indent=1))
        print(json.dumps(summary, indent=1))
        params["gates"] = gates
    else:
        critic.verifier = Verifier(gates=params.get("gates", {}))  # no short gates: record all
        records = collect(rows, critic, rules, gated=True, verify=True)
        channels, report = fit(records, clean_rate=args.clean_rate)
        params["channels"] = channels
        params["version"] = f"lab seed {args.seed} n {args.n}"
        (out / "fit.json").write_text(json.dumps(report, indent=1))
        print(json.dumps(report, indent=1))
    (out / f"records-{args.stage}.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n")
    if args.write:
        PARAMS.write_text(json.dumps(params, indent=1) + "\n")
        print(f"wrote {PARAMS}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
