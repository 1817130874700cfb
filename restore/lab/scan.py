"""Lab scans for the rule passes: every change they make, listed, so each is either a real
repair or gone.

``python -m restore.lab.scan corpus [N]`` runs the rules (no model, no critic) over N
training paragraphs of the clean corpus and lists every applied change (all of them are
false edits: the corpus is clean), with false edits per 1,000 words.
``python -m restore.lab.scan real`` lists, for both real dev sets, each glitch with what
the rules did to it (fixed, wrong, missed) and every change made to a clean control text.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from restore.lab.corpus import find_corpus, train_paragraphs
from restore.lab.evaluate import MECHANICAL_KINDS, REAL_DIR, REAL_SETS, _local_fix


PASSES: list[str] | None = None
"""Only these passes (``--passes``); None: all."""


def _restorer(threshold: float = 0.8):  # noqa: ANN202 - the pipeline's type, lab only
    from restore.pipeline import Restorer

    return Restorer(model=None, critic=False, threshold=threshold, passes=PASSES)


def _changes(restoration, threshold: float) -> list:  # noqa: ANN001
    return [s for s in restoration.suggestions if s.confidence >= threshold]


def scan_corpus(n: int, *, offset: int = 0, step: int = 1, threshold: float = 0.8) -> int:
    """Every applied rule change over ``n`` clean corpus paragraphs (every ``step``-th from ``offset``)."""
    path = find_corpus()
    if path is None:
        print("no corpus", file=sys.stderr)
        return 1
    paragraphs = train_paragraphs(path)[offset::step][:n]
    restorer = _restorer(threshold)
    words = edits = 0
    by_source: Counter[str] = Counter()
    for paragraph in paragraphs:
        words += len(paragraph.split())
        r = restorer.restore(paragraph)
        for s in _changes(r, threshold):
            edits += 1
            by_source[f"{s.source}/{s.kind.value}"] += 1
            lo, hi = max(0, s.start - 50), min(len(paragraph), s.end + 50)
            print(f"[{s.source} {s.kind.value} {s.confidence:.2f}] {s.original!r} -> {s.replacement!r}")
            print(f"    …{paragraph[lo:hi]}…")
    print(f"\n{len(paragraphs)} paragraphs, {words} words, {edits} applied changes: "
          f"{1000 * edits / max(words, 1):.3f} per 1,000 words")
    for key, count in by_source.most_common():
        print(f"  {key}: {count}")
    return 0


def _read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def scan_real(directory: Path = REAL_DIR, *, threshold: float = 0.8, show: str = "all") -> int:
    """Each glitch of the real dev sets with its outcome, and every change to clean texts."""
    restorer = _restorer(threshold)
    for name in REAL_SETS:
        gpath, cpath = directory / f"{name}_glitches.jsonl", directory / f"{name}_clean.jsonl"
        if gpath.exists():
            tally: Counter[str] = Counter()
            for rec in _read(gpath):
                sentence, span = rec["garbled_sentence"], rec["garbled_span"]
                out = restorer.restore(sentence).text
                start = sentence.find(span)
                got = _local_fix(sentence, out, start, start + len(span)) if start >= 0 else None
                if got is None:
                    outcome = "missed"
                else:
                    lo, hi, text = got
                    wanted = {sentence[lo:start] + f + sentence[start + len(span): hi] for f in rec["fixes"]}
                    outcome = "fixed" if text in wanted else "WRONG"
                mech = rec["kind"] in MECHANICAL_KINDS
                tally[f"{'mech' if mech else 'ctx'} {outcome}"] += 1
                tally[f"{rec['kind']} {outcome}"] += 1
                if show == "all" or (show == "mech" and mech) or (show == "wrong" and outcome == "WRONG"):
                    print(f"{rec['id']} {rec['kind']} {outcome}: span={span!r} fixes={rec['fixes'][:2]!r}")
                    print(f"    in : {sentence}")
                    if out != sentence:
                        print(f"    out: {out}")
            print(f"== {name}: " + ", ".join(f"{k}={v}" for k, v in sorted(tally.items())))
        if cpath.exists():
            changed = 0
            for rec in _read(cpath):
                text = rec.get("sentence") or rec.get("paragraph") or ""
                r = restorer.restore(text)
                applied = _changes(r, threshold)
                if applied:
                    changed += 1
                    print(f"{rec['id']} CLEAN CHANGED:")
                    for s in applied:
                        lo, hi = max(0, s.start - 40), min(len(text), s.end + 40)
                        print(f"   [{s.source} {s.confidence:.2f}] {s.original!r} -> {s.replacement!r}  …{text[lo:hi]}…")
            print(f"== {name} clean changed: {changed}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m restore.lab.scan")
    sub = p.add_subparsers(dest="what", required=True)
    c = sub.add_parser("corpus")
    c.add_argument("n", type=int, nargs="?", default=2000)
    c.add_argument("--offset", type=int, default=0)
    c.add_argument("--step", type=int, default=1)
    r = sub.add_parser("real")
    r.add_argument("--show", choices=("all", "mech", "wrong", "none"), default="mech")
    for q in (c, r):
        q.add_argument("--threshold", type=float, default=0.8)
        q.add_argument("--passes", help="only these passes, comma-separated")
    args = p.parse_args(argv)
    global PASSES
    PASSES = args.passes.split(",") if args.passes else None
    if args.what == "corpus":
        return scan_corpus(args.n, offset=args.offset, step=args.step, threshold=args.threshold)
    return scan_real(threshold=args.threshold, show=args.show)


if __name__ == "__main__":
    raise SystemExit(main())
