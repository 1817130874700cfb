"""Figures for the critic's model card (lab only): real dev sets by kind and speed.

    python -m restore.lab.critic_report real  [--model] [--out FILE.json]
    python -m restore.lab.critic_report speed [--repeats 3]

``real`` scores both real development sets in ``../shared/real/`` (``score_real``) with
and without the critic, per kind.
``speed`` times, on 2 threads, a 700-word article made of held-out corpus paragraphs:
loading the critic from its cache, the rules' suggestions, all suggestions, batch
words/s over 40 documents, and the peak resident memory of this process.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import time
from pathlib import Path

from .evaluate import REAL_DIR, score_real


def real(args: argparse.Namespace) -> dict:
    """``score_real`` (both dev sets) for each configuration, with and without the critic."""
    from ..pipeline import Restorer

    configs = {"rules": {"model": None}, "rules+critic": {"model": None, "critic": True}}
    if args.model:
        configs["rules+model"] = {}
        configs["rules+model+critic"] = {"critic": True}
    out: dict = {}
    for name, options in configs.items():
        r = Restorer(**options)

        def system(texts, r=r):  # noqa: ANN001, ANN202
            return [x.text for x in r.restore_batch(texts, progress=False)]

        out[name] = {"real": score_real(system, Path(args.real))}
        print(name, _summary(out[name]), file=sys.stderr, flush=True)
    return out


def _summary(result: dict) -> str:
    parts = []
    for sets in result.values():
        for d, res in sets["sets"].items():
            g, c = res.get("glitches"), res.get("clean")
            parts.append(f"{d}: fixed {g['fixed']} wrong {g['wrong']} of {g['records']}; clean changed {c['changed']}/{c['records']}")
    return "; ".join(parts)


def by_kind_table(report: dict) -> str:
    """Markdown: fixed (wrong) per kind, both sets together, per configuration."""
    names = list(report)
    first = report[names[0]]["real"]["glitches"]["by_kind"]
    lines = ["| kind | records | " + " | ".join(names) + " |", "|---|---:|" + "---:|" * len(names)]
    for k in sorted(first, key=lambda k: -first[k]["records"]):
        cells = []
        for n in names:
            row = report[n]["real"]["glitches"]["by_kind"].get(k, {})
            cells.append(f"{row.get('fixed', 0)} ({row.get('wrong', 0)})")
        lines.append(f"| {k} | {first[k]['records']} | " + " | ".join(cells) + " |")
    cells = [f"{report[n]['real']['clean']['changed']}/{report[n]['real']['clean']['records']}" for n in names]
    lines.append("| clean changed | | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def speed(args: argparse.Namespace) -> dict:
    import os

    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    import torch

    torch.set_num_threads(2)
    from .corpus import find_corpus, heldout_paragraphs
    from ..pipeline import Restorer

    paragraphs = heldout_paragraphs(find_corpus(args.corpus))
    article, words = [], 0
    for p in paragraphs[300:]:
        article.append(p)
        words += len(p.split())
        if words >= 700:
            break
    text = "\n".join(article)
    started = time.perf_counter()
    with_critic = Restorer(model=None, critic=True)
    load_s = time.perf_counter() - started
    rules = Restorer(model=None)

    def timed(fn) -> float:  # noqa: ANN001
        fn()  # warm
        runs = []
        for _ in range(max(3, args.repeats)):
            t = time.perf_counter()
            fn()
            runs.append(time.perf_counter() - t)
        return statistics.median(runs)

    rules_s = timed(lambda: rules.restore(text))
    all_s = timed(lambda: with_critic.restore(text))
    docs = paragraphs[400:440]
    batch_words = sum(len(d.split()) for d in docs)
    t = time.perf_counter()
    list(with_critic.restore_batch(docs, progress=False))
    batch_s = time.perf_counter() - t
    return {
        "article_words": len(text.split()),
        "load_critic_s": round(load_s, 2),
        "rules_s": round(rules_s, 3),
        "all_suggestions_s": round(all_s, 2),
        "batch_words_per_s": round(batch_words / batch_s, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "critic_stats": with_critic.batched["critic"].stats,  # type: ignore[attr-defined]
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m restore.lab.critic_report")
    p.add_argument("what", choices=("real", "speed"))
    p.add_argument("--real", default=str(REAL_DIR))
    p.add_argument("--model", action="store_true", help="also with the seq2seq model")
    p.add_argument("--corpus")
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--out")
    args = p.parse_args(argv)
    report = real(args) if args.what == "real" else speed(args)
    if args.out:
        Path(args.out).write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n")
    if args.what == "real":
        sys.stdout.write(by_kind_table(report))
    else:
        print(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
