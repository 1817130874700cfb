"""``restore eval``: the benchmark. How often are restore's repairs right, how many does it
find, and how much clean copy does it damage, side by side with peers in the same run.

Data. Only held-out paragraphs (``restore.lab.corpus.heldout_paragraphs``) are used, so no
figure comes from text anything was tuned on. ``restore.lab.noise.NoiseGenerator`` damages
them once per damage kind (one edit per paragraph, so each kind's figures are about that
kind alone) and once with mixed damage (1-3 edits); untouched paragraphs measure false
edits. ``samples/`` (real articles with expected repairs) and the real development set in
``shared/real`` are scored too.

Scoring rule (ERRANT-style). A system is scored only on the text it outputs, so restore
and its peers are treated alike. The scoring cut of restore's edit module
(``restore.english.align.token_edits``: changed runs of word, space and mark pieces) turns
damaged→clean into the gold edits and damaged→output into the system's edits. An edit is
a (character span in the damaged text, replacement) pair; a system edit is right only if
exactly the same edit is in the gold set, i.e. it restores the clean text at that place.
Precision = right / system edits, recall = right / gold edits, F0.5 weighs precision
twice as much as recall (a wrong repair costs an editor more than a missed one).
On clean text every edit is a false edit, reported per 1,000 words.

Peers. ``ftfy.fix_text`` (defaults) per paragraph, and symspellpy's ``lookup_compound``
(its bundled 82,765-word and bigram dictionaries, max edit distance 2) per sentence.
symspell lowercases and drops punctuation, so its precision and clean-text figures are
poor by construction: that is the point of showing it.

Speed: words per second, the median of ``--repeats`` (at least 3) timed runs over the
first mixed-damage documents, after the scoring run has warmed the system up.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..english.align import token_edits
from ..errors import ConfigError, RestoreError
from ..suggestion import Kind

System = Callable[[Sequence[str]], list[str]]
"""A system maps a batch of damaged texts to its outputs, in order."""

SENTENCE_RE = re.compile(r"(?<=[.!?…])\s+")
REPO = Path(__file__).resolve().parent.parent.parent
SAMPLES_DIR = REPO / "samples"
REAL_DIR = REPO.parent / "shared" / "real"


# -- scoring -----------------------------------------------------------------------------


@dataclass
class Counts:
    """Edit counts over a set of documents, and the figures derived from them."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    docs: int = 0
    words: int = 0
    exact: int = 0

    def add(self, damaged: str, clean: str, output: str) -> None:
        gold = set(token_edits(damaged, clean))
        made = set(token_edits(damaged, output))
        self.tp += len(gold & made)
        self.fp += len(made - gold)
        self.fn += len(gold - made)
        self.docs += 1
        self.words += len(damaged.split())
        self.exact += output == clean

    @property
    def precision(self) -> float | None:
        made = self.tp + self.fp
        return self.tp / made if made else None

    @property
    def recall(self) -> float | None:
        gold = self.tp + self.fn
        return self.tp / gold if gold else None

    @property
    def f05(self) -> float:
        p, r = self.precision or 0.0, self.recall or 0.0
        return 1.25 * p * r / (0.25 * p + r) if p + r else 0.0

    @property
    def false_per_1000(self) -> float:
        """Edits per 1,000 words: meaningful on clean text, where every edit is false."""
        return 1000 * (self.tp + self.fp) / self.words if self.words else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "docs": self.docs,
            "words": self.words,
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "exact": self.exact,
            "precision": _round(self.precision),
            "recall": _round(self.recall),
            "f05": _round(self.f05),
        }


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 4)


# -- systems -----------------------------------------------------------------------------


class RestoreSystem:
    """restore itself as a System: the suggestions at or above the threshold, applied.

    It keeps the last batch's restorations so the benchmark can also judge every
    suggestion shown, including those below the threshold (calibration). A document on
    which a pass raises is scored as left unchanged and counted in ``crashes``, so one
    bug does not hide every other figure.
    """

    def __init__(self, restorer: Any, name: str = "restore") -> None:
        self.restorer = restorer
        self.name = name
        self.last: list[Any] = []
        self.crashes = 0
        """Documents on which restore raised (scored as left unchanged)."""

    def __call__(self, texts: Sequence[str]) -> list[str]:
        try:
            self.last = list(self.restorer.restore_batch(list(texts), progress=False))
        except Exception:  # noqa: BLE001 - find the culprits one by one
            self.last = [self._one(t) for t in texts]
        return [t if r is None else r.text for r, t in zip(self.last, texts)]

    def _one(self, text: str) -> Any:
        try:
            return self.restorer.restore(text)
        except Exception as exc:  # noqa: BLE001 - reported, never hidden
            if not self.crashes:
                print(f"restore eval: {self.name} raised {type(exc).__name__}: {exc}", file=sys.stderr)
            self.crashes += 1
            return None


def restore_system(restorer: Any, name: str = "restore") -> RestoreSystem:
    return RestoreSystem(restorer, name)


CONFIDENCE_BINS = ((0.0, 0.5), (0.5, 0.8), (0.8, 0.9), (0.9, 1.0))


def judge_suggestions(restoration: Any, damaged: str, clean: str) -> list[tuple[float, bool, dict[str, Any]]]:
    """(confidence, right, what) for every suggestion shown: right when applying it alone
    makes only edits that are in the gold set (on clean text, every suggestion is wrong).
    ``what`` describes the suggestion in context, for the list of confident mistakes."""
    gold = set(token_edits(damaged, clean))
    judged = []
    for s in restoration.suggestions:
        made = token_edits(damaged, restoration.apply([s.id]))
        what = {
            "kind": s.kind.value,
            "source": s.source,
            "confidence": s.confidence,
            "original": s.original,
            "replacement": s.replacement,
            "context": damaged[max(0, s.start - 40) : s.end + 40],
        }
        judged.append((float(s.confidence), bool(made) and set(made) <= gold, what))
    return judged


def calibration(judged: Sequence[tuple[float, bool, Any]]) -> list[dict[str, Any]]:
    """Share of right suggestions per confidence bin: calibrated means ~0.9 at 0.9."""
    rows = []
    for lo, hi in CONFIDENCE_BINS:
        inside = [right for c, right, _ in judged if lo <= c < hi or (hi == 1.0 and c == 1.0)]
        rows.append(
            {
                "range": f"{lo:.1f}-{hi:.1f}",
                "suggestions": len(inside),
                "right": sum(inside),
                "precision": _round(sum(inside) / len(inside)) if inside else None,
            }
        )
    return rows


def ftfy_system() -> System:
    import ftfy

    def run(texts: Sequence[str]) -> list[str]:
        return [ftfy.fix_text(t) for t in texts]

    return run


def symspell_system() -> System | None:
    """symspellpy ``lookup_compound`` per sentence, or None when symspellpy is missing."""
    try:
        import symspellpy
        from symspellpy import SymSpell
    except ImportError:
        return None
    base = Path(symspellpy.__file__).parent
    speller = SymSpell(max_dictionary_edit_distance=2, prefix_length=7)
    speller.load_dictionary(str(base / "frequency_dictionary_en_82_765.txt"), 0, 1)
    speller.load_bigram_dictionary(str(base / "frequency_bigramdictionary_en_243_342.txt"), 0, 2)

    def fix(text: str) -> str:
        out = []
        for sentence in SENTENCE_RE.split(text):
            found = speller.lookup_compound(sentence, max_edit_distance=2) if sentence.strip() else []
            out.append(found[0].term if found else sentence)
        return " ".join(out)

    def run(texts: Sequence[str]) -> list[str]:
        return [fix(t) for t in texts]

    return run


# -- data --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    damaged: str
    clean: str


@dataclass
class Dataset:
    """The damaged sets (one per kind plus ``mixed``) and the clean paragraphs."""

    sets: dict[str, list[Case]] = field(default_factory=dict)
    clean: list[str] = field(default_factory=list)


def build_dataset(paragraphs: Sequence[str], *, n: int, seed: int, per_kind: int | None = None) -> Dataset:
    """Sample ``n`` held-out paragraphs and damage them: ``per_kind`` (default n // 5)
    per kind with one edit each (reading past the sample for kinds with few places, such
    as quotes), all ``n`` with mixed damage, and keep the ``n`` clean."""
    from .noise import NoiseGenerator

    rng = random.Random(seed)
    pool = [p for p in paragraphs if p.strip()]
    if not pool:
        raise ConfigError("The corpus has no held-out paragraphs to evaluate on.")
    order = rng.sample(pool, len(pool))  # a seeded shuffle of all held-out paragraphs
    sample = order[:n]
    per_kind = per_kind or max(5, n // 5)
    data = Dataset(clean=list(sample))
    for i, kind in enumerate(Kind):
        try:
            generator = NoiseGenerator(seed=seed * 1000 + i, kinds=[kind])
        except ValueError:  # a kind the generator cannot make yet
            continue
        cases: list[Case] = []
        for paragraph in order:  # the sample first; rare kinds (quotes) read further on
            if len(cases) >= per_kind:
                break
            damaged = generator.corrupt(paragraph, n_edits=1)
            if damaged.edits:
                cases.append(Case(damaged.damaged, paragraph))
        data.sets[kind.value] = cases
    mixed = NoiseGenerator(seed=seed)
    data.sets["mixed"] = [
        Case(d.damaged, p) for p in sample if (d := mixed.corrupt(p)).edits
    ]
    return data


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


# -- running -----------------------------------------------------------------------------


def score_system(system: System, data: Dataset, *, limit: int | None = None) -> dict[str, Any]:
    """P/R/F0.5 per set and false edits on clean text, for one system."""
    result: dict[str, Any] = {"sets": {}}
    judged: list[tuple[float, bool, dict[str, Any]]] = []
    keeps = isinstance(system, RestoreSystem)
    for name, cases in data.sets.items():
        cases = cases[:limit] if limit else cases
        counts = Counts()
        for case, output in zip(cases, system([c.damaged for c in cases])):
            counts.add(case.damaged, case.clean, output)
        if keeps:
            for case, r in zip(cases, system.last):  # type: ignore[attr-defined]
                judged.extend(judge_suggestions(r, case.damaged, case.clean) if r is not None else ())
        result["sets"][name] = counts.to_dict()
    clean = data.clean[: 2 * limit] if limit else data.clean  # doing no harm matters most
    counts = Counts()
    for text, output in zip(clean, system(clean)):
        counts.add(text, text, output)
    if keeps:
        for text, r in zip(clean, system.last):  # type: ignore[attr-defined]
            judged.extend(judge_suggestions(r, text, text) if r is not None else ())
        result["calibration"] = calibration(judged)
        wrong = sorted((w for c, right, w in judged if not right), key=lambda w: -w["confidence"])
        per_kind: dict[str, list[dict[str, Any]]] = {}
        for w in wrong:  # the ten most confident mistakes of each kind, for whoever tunes it
            if len(per_kind.setdefault(w["kind"], [])) < 10:
                per_kind[w["kind"]].append(w)
        result["confident_mistakes"] = per_kind
    result["clean"] = {
        "docs": counts.docs,
        "words": counts.words,
        "false_edits": counts.fp,
        "changed_docs": counts.docs - counts.exact,
        "per_1000_words": round(counts.false_per_1000, 3),
    }
    return result


def time_system(
    system: System, texts: Sequence[str], *, repeats: int = 3, warm_up: bool = True
) -> dict[str, Any]:
    """Words per second: median of ``repeats`` (at least 3) timed runs, after a warm-up
    run unless the system has just run (lazy loads and caches are not part of speed)."""
    words = sum(len(t.split()) for t in texts)
    if warm_up:
        system(texts)
    seconds = []
    for _ in range(max(3, repeats)):
        start = time.perf_counter()
        system(texts)
        seconds.append(time.perf_counter() - start)
    median = statistics.median(seconds)
    return {
        "words": words,
        "seconds": [round(s, 4) for s in seconds],
        "words_per_s": round(words / median, 1) if median > 0 else None,
    }


def score_samples(system: System, directory: Path, *, rules_only: bool = False) -> dict[str, Any]:
    """Each ``X.txt`` with ``X.expected.txt`` (or ``X.rules.txt`` for a rules-only system):
    exact match and edit P/R."""
    results: dict[str, Any] = {}
    if not directory.is_dir():
        return results
    for path in sorted(directory.glob("*.txt")):
        if path.name.count(".") > 1:
            continue
        expected = path.with_suffix(".expected.txt")
        rules = path.with_suffix(".rules.txt")
        target = rules if rules_only and rules.exists() else expected
        if not target.exists():
            continue
        damaged = path.read_text(encoding="utf-8")
        clean = target.read_text(encoding="utf-8")
        counts = Counts()
        counts.add(damaged, clean, system([damaged])[0])
        results[path.stem] = {"expected": target.name, "exact": bool(counts.exact)} | counts.to_dict()
    return results


def _local_fix(sentence: str, output: str, span_start: int, span_end: int) -> tuple[int, int, str] | None:
    """What ``output`` put in place of ``sentence[span_start:span_end]``: the span widened
    to the edits that touch it, as (start, end, new text); None when nothing there changed."""
    touching = [
        e
        for e in token_edits(sentence, output)
        if (e.start < span_end and e.end > span_start)  # overlaps the span
        or (e.start == e.end and span_start <= e.start <= span_end)  # an insertion in or at it
    ]
    if not touching:
        return None
    lo = min([span_start] + [e.start for e in touching])
    hi = max([span_end] + [e.end for e in touching])
    parts, cursor = [], lo
    for e in sorted(touching, key=lambda e: e.start):
        parts.append(sentence[cursor : e.start])
        parts.append(e.replacement)
        cursor = e.end
    parts.append(sentence[cursor:hi])
    return lo, hi, "".join(parts)


REAL_SETS = ("dev", "dev2")
"""The real development sets in ``shared/real``: ``<name>_glitches.jsonl`` and ``<name>_clean.jsonl``."""
MECHANICAL_KINDS = (
    "quote", "punctuation", "run-together", "split-word", "possessive", "duplicate", "shortcode", "case", "mojibake",
)
"""Real damage kinds that rules can repair from the text alone."""
CONTEXT_KINDS = ("wrong-word", "dropped-word", "word-order")
"""Real damage kinds that need a reader of context (the critic, the model)."""


def _score_glitches(system: System, records: list[dict[str, Any]]) -> dict[str, Any]:
    outputs = system([r["garbled_sentence"] for r in records])
    by_kind: dict[str, dict[str, int]] = {}
    fixed = wrong = 0
    for record, output in zip(records, outputs):
        sentence, span = record["garbled_sentence"], record["garbled_span"]
        start = sentence.find(span)
        row = by_kind.setdefault(record["kind"], {"records": 0, "fixed": 0, "wrong": 0})
        row["records"] += 1
        if start < 0:
            continue
        got = _local_fix(sentence, output, start, start + len(span))
        if got is None:
            continue
        lo, hi, text = got
        wanted = {sentence[lo:start] + fix + sentence[start + len(span) : hi] for fix in record["fixes"]}
        if text in wanted:
            fixed += 1
            row["fixed"] += 1
        else:
            wrong += 1
            row["wrong"] += 1
    return {"records": len(records), "fixed": fixed, "wrong": wrong, "by_kind": by_kind}


def _score_clean(system: System, texts: list[str]) -> dict[str, Any]:
    counts = Counts()
    for text, output in zip(texts, system(texts)):
        counts.add(text, text, output)
    return {
        "records": len(texts),
        "false_edits": counts.fp,
        "changed": counts.docs - counts.exact,
        "words": counts.words,
        "per_1000_words": round(counts.false_per_1000, 3),
    }


def _add_glitches(total: dict[str, Any], part: dict[str, Any]) -> None:
    for key in ("records", "fixed", "wrong"):
        total[key] = total.get(key, 0) + part[key]
    for kind, row in part["by_kind"].items():
        mine = total.setdefault("by_kind", {}).setdefault(kind, {"records": 0, "fixed": 0, "wrong": 0})
        for key in ("records", "fixed", "wrong"):
            mine[key] += row[key]


def score_real(system: System, directory: Path) -> dict[str, Any]:
    """The real development sets: is each annotated glitch repaired to one of its fixes,
    and how many edits land on the clean control sentences and paragraphs.

    Each set in ``REAL_SETS`` found in ``directory`` is scored on its own (``sets``) and
    all together (``glitches``, ``clean``); a clean record's text is its ``sentence`` or
    its ``paragraph``.
    """
    result: dict[str, Any] = {"sets": {}}
    glitches: dict[str, Any] = {}
    clean_texts: list[str] = []
    for name in REAL_SETS:
        glitches_path, clean_path = directory / f"{name}_glitches.jsonl", directory / f"{name}_clean.jsonl"
        entry: dict[str, Any] = {}
        if glitches_path.exists():
            entry["glitches"] = _score_glitches(system, _read_jsonl(glitches_path))
            _add_glitches(glitches, entry["glitches"])
        if clean_path.exists():
            texts = [r.get("sentence") or r.get("paragraph") or "" for r in _read_jsonl(clean_path)]
            entry["clean"] = _score_clean(system, texts)
            clean_texts += texts
        if entry:
            result["sets"][name] = entry
    if glitches:
        result["glitches"] = glitches
    if clean_texts:
        sets = [e["clean"] for e in result["sets"].values() if "clean" in e]
        words = sum(c["words"] for c in sets)
        false_edits = sum(c["false_edits"] for c in sets)
        result["clean"] = {
            "records": len(clean_texts),
            "false_edits": false_edits,
            "changed": sum(c["changed"] for c in sets),
            "words": words,
            "per_1000_words": round(1000 * false_edits / words, 3) if words else 0.0,
        }
    return result


def real_markdown(report: dict[str, Any]) -> str:
    """The real-copy report: glitches repaired (and changed wrongly) by kind, both dev sets
    together, then the clean control texts changed, per system."""
    systems = {n: e["real_dev"] for n, e in report["systems"].items() if e.get("real_dev", {}).get("glitches")}
    if not systems:
        return ""
    names = list(systems)
    kinds = sorted({k for r in systems.values() for k in r["glitches"]["by_kind"]})
    order = [k for k in MECHANICAL_KINDS + CONTEXT_KINDS if k in kinds] + [
        k for k in kinds if k not in MECHANICAL_KINDS + CONTEXT_KINDS
    ]
    lines = [
        "Real copy (shared/real, all dev sets together): glitches repaired to an accepted fix (changed wrongly).",
        "",
        "| kind | records | " + " | ".join(names) + " |",
        "|---|---:|" + "---:|" * len(names),
    ]

    def cell(rows: list[dict[str, int]]) -> str:
        fixed, wrong, n = (sum(r[k] for r in rows) for k in ("fixed", "wrong", "records"))
        return f"{fixed}/{n} ({wrong})"

    first = systems[names[0]]["glitches"]["by_kind"]
    for kind in order:
        rows = [systems[n]["glitches"]["by_kind"].get(kind, {"records": 0, "fixed": 0, "wrong": 0}) for n in names]
        lines.append(f"| {kind} | {first.get(kind, {}).get('records', 0)} | " + " | ".join(cell([r]) for r in rows) + " |")
    for label, group in (("mechanical", MECHANICAL_KINDS), ("context", CONTEXT_KINDS)):
        cells = [cell([r for k, r in systems[n]["glitches"]["by_kind"].items() if k in group]) for n in names]
        total = sum(r["records"] for k, r in first.items() if k in group)
        lines.append(f"| **{label}** | {total} | " + " | ".join(cells) + " |")
    cells = [cell([systems[n]["glitches"]]) for n in names]
    lines.append(f"| **all** | {systems[names[0]]['glitches']['records']} | " + " | ".join(cells) + " |")
    lines += ["", "| system | " + " | ".join(
        f"{s} clean changed" for s in systems[names[0]]["sets"] if "clean" in systems[names[0]]["sets"][s]
    ) + " | false edits / 1k words |", "|---|" + "---:|" * (1 + sum(
        "clean" in v for v in systems[names[0]]["sets"].values()))]
    for n in names:
        r = systems[n]
        changed = [f"{v['clean']['changed']}/{v['clean']['records']}" for v in r["sets"].values() if "clean" in v]
        lines.append(f"| {n} | " + " | ".join(changed) + f" | {r['clean']['per_1000_words']:.2f} |")
    return "\n".join(lines) + "\n"


def run_eval(
    paragraphs: Sequence[str],
    systems: dict[str, System],
    *,
    n: int = 300,
    seed: int = 0,
    per_kind: int | None = None,
    limits: dict[str, int] | None = None,
    repeats: int = 3,
    timing_docs: int = 100,
    samples_dir: Path | None = SAMPLES_DIR,
    real_dir: Path | None = REAL_DIR,
    rules_only: Sequence[str] = (),
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Score every system on the same data; ``limits`` caps the documents per set for slow
    systems (the model). Returns the JSON-ready report."""
    say = progress or (lambda _msg: None)
    data = build_dataset(paragraphs, n=n, seed=seed, per_kind=per_kind)
    report: dict[str, Any] = {
        "config": {
            "paragraphs": len(data.clean),
            "seed": seed,
            "per_kind": {k: len(v) for k, v in data.sets.items()},
            "repeats": max(3, repeats),
            "rule": "token-level edits, damaged→clean vs damaged→output, same alignment; exact match",
        },
        "systems": {},
    }
    timing_texts = [c.damaged for c in data.sets["mixed"]]
    for name, system in systems.items():
        limit = (limits or {}).get(name)
        say(f"scoring {name}" + (f" (first {limit} docs per set)" if limit else ""))
        entry = score_system(system, data, limit=limit)
        entry["limit"] = limit
        entry["crashed_docs"] = getattr(system, "crashes", 0)
        timed = timing_texts[: min(timing_docs, limit or timing_docs)]
        # scoring just ran the system on these very texts: that was the warm-up
        entry["speed"] = time_system(system, timed, repeats=repeats, warm_up=False)
        if samples_dir is not None:
            entry["samples"] = score_samples(system, samples_dir, rules_only=name in rules_only)
        if real_dir is not None and real_dir.is_dir():
            entry["real_dev"] = score_real(system, real_dir)
        report["systems"][name] = entry
    return report


# -- report ------------------------------------------------------------------------------


def _fmt(x: float | None) -> str:
    return "–" if x is None else f"{x:.2f}"


def markdown(report: dict[str, Any]) -> str:
    """The report as markdown tables: per-kind P / R / F0.5, then the summary."""
    systems = report["systems"]
    names = list(systems)
    sets = list(next(iter(systems.values()))["sets"]) if systems else []
    lines = [
        f"Held-out paragraphs: {report['config']['paragraphs']}, seed {report['config']['seed']}. "
        "Cells: precision / recall / F0.5 of edits (– = no edits made).",
        "",
        "| damage | docs | " + " | ".join(names) + " |",
        "|---|---:|" + "---|" * len(names),
    ]
    for s in sets:
        docs = systems[names[0]]["sets"][s]["docs"]
        cells = []
        for name in names:
            c = systems[name]["sets"][s]
            cell = f"{_fmt(c['precision'])} / {_fmt(c['recall'])} / {_fmt(c['f05'])}"
            if c["docs"] != docs:
                cell += f" (n={c['docs']})"
            cells.append(cell)
        lines.append(f"| {s} | {docs} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "| system | false edits / 1k words (clean) | changed clean docs | words/s | samples exact | real glitches fixed (wrong) | real clean changed |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name in names:
        e = systems[name]
        samples = e.get("samples") or {}
        exact = f"{sum(v['exact'] for v in samples.values())}/{len(samples)}" if samples else "–"
        real = e.get("real_dev") or {}
        g = real.get("glitches")
        glitches = f"{g['fixed']}/{g['records']} ({g['wrong']})" if g else "–"
        rc = real.get("clean")
        real_clean = f"{rc['changed']}/{rc['records']}" if rc else "–"
        speed = e["speed"]["words_per_s"]
        lines.append(
            f"| {name} | {e['clean']['per_1000_words']:.2f} | {e['clean']['changed_docs']}/{e['clean']['docs']} "
            f"| {speed if speed is not None else '–'} | {exact} | {glitches} | {real_clean} |"
        )
    calibrated = [n for n in names if systems[n].get("calibration")]
    if calibrated:
        lines += [
            "",
            "Every suggestion shown (also below the threshold), by confidence: right / shown.",
            "",
            "| confidence | " + " | ".join(calibrated) + " |",
            "|---|" + "---:|" * len(calibrated),
        ]
        for i, (lo, hi) in enumerate(CONFIDENCE_BINS):
            cells = []
            for n in calibrated:
                row = systems[n]["calibration"][i]
                share = f" ({row['precision']:.2f})" if row["precision"] is not None else ""
                cells.append(f"{row['right']}/{row['suggestions']}{share}")
            lines.append(f"| {lo:.1f}–{hi:.1f} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


# -- command line ------------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="restore eval", description="Benchmark restore and its peers on held-out copy.")
    p.add_argument("--corpus", metavar="PATH", help="clean corpus (default: ../shared/corpus/news.txt.gz)")
    p.add_argument("--n-paragraphs", type=int, default=300, metavar="N", help="held-out paragraphs (default 300)")
    p.add_argument("--per-kind", type=int, metavar="N", help="damaged paragraphs per kind (default N/5)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--threshold", type=float, help="restore's apply threshold (default 0.8)")
    p.add_argument("--passes", metavar="A,B", help="only these restore passes (default: all)")
    model = p.add_mutually_exclusive_group()
    model.add_argument("--no-model", action="store_true", help="score rules only")
    model.add_argument("--model", metavar="PATH", help="score this checkpoint instead of the shipped model")
    p.add_argument(
        "--model-docs", type=int, default=12, metavar="N",
        help="documents per damaged set (twice as many clean) for the slow model run (default 12)",
    )
    p.add_argument("--no-critic", action="store_true", help="skip the language-model critic columns (--quick skips them too)")
    p.add_argument(
        "--critic-docs", type=int, default=60, metavar="N",
        help="documents per damaged set (twice as many clean) for the critic run (default 60)",
    )
    p.add_argument("--no-peers", action="store_true", help="skip ftfy and symspell")
    p.add_argument("--repeats", type=int, default=3, help="timed runs for words/s (median, at least 3)")
    p.add_argument("--samples", metavar="DIR", default=str(SAMPLES_DIR))
    p.add_argument("--real", metavar="DIR", default=str(REAL_DIR))
    p.add_argument("--quick", action="store_true", help="a small run for tests (30 paragraphs)")
    p.add_argument("--json", metavar="OUT", help="also write the full results as JSON")
    p.add_argument("--no-speed", action="store_true", help="skip the fresh-process speed run of the model")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """``restore eval``: print the markdown report; exit 2 on a missing corpus."""
    from ..pipeline import Restorer
    from .corpus import find_corpus, heldout_paragraphs

    args = _parser().parse_args(argv)
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    corpus = find_corpus(args.corpus)
    if corpus is None or not corpus.exists():
        where = args.corpus or "../shared/corpus/news.txt.gz"
        print(f"restore eval: no corpus at {where}; pass --corpus PATH (one paragraph per line).", file=sys.stderr)
        return 2
    n = 30 if args.quick and args.n_paragraphs == 300 else args.n_paragraphs
    model_docs = min(args.model_docs, 5) if args.quick else args.model_docs
    options: dict[str, Any] = {} if args.threshold is None else {"threshold": args.threshold}
    try:
        if args.passes is not None:
            options["passes"] = [p.strip() for p in args.passes.split(",") if p.strip()]
        systems: dict[str, System] = {
            "restore-rules": restore_system(Restorer(model=None, **options), "restore-rules")
        }
        limits: dict[str, int] = {}
        if not args.no_model:
            with_model = Restorer(model=args.model or "default", **options)
            if with_model.model is not None:
                # the rules on the very documents the model sees, so the two compare fairly
                same = f"restore-rules (n={model_docs})"
                systems[same] = restore_system(Restorer(model=None, **options), same)
                limits[same] = model_docs
                systems["restore+model"] = restore_system(with_model, "restore+model")
                limits["restore+model"] = model_docs
            else:
                print("restore eval: no shipped model installed; scoring rules only.", file=sys.stderr)
        if not args.no_critic and not args.quick:  # --quick is the tests' smoke run
            critic_docs = args.critic_docs
            same = f"restore-rules (n={critic_docs})"
            if same not in systems:
                systems[same] = restore_system(Restorer(model=None, **options), same)
                limits[same] = critic_docs
            # the critic column: rules + critic (the default engine), and rules + model + critic
            systems["restore+critic"] = restore_system(Restorer(model=None, critic=True, **options), "restore+critic")
            limits["restore+critic"] = critic_docs
            if not args.no_model and "restore+model" in systems:
                with_both = Restorer(model=args.model or "default", critic=True, **options)
                systems["restore+model+critic"] = restore_system(with_both, "restore+model+critic")
                limits["restore+model+critic"] = min(critic_docs, model_docs)
        if not args.no_peers:
            systems["ftfy"] = ftfy_system()
            speller = symspell_system()
            if speller is not None:
                systems["symspell"] = speller
        report = run_eval(
            heldout_paragraphs(corpus),
            systems,
            n=n,
            seed=args.seed,
            per_kind=args.per_kind,
            limits=limits,
            repeats=args.repeats,
            timing_docs=20 if args.quick else 100,
            samples_dir=Path(args.samples),
            real_dir=Path(args.real),
            rules_only=tuple(name for name in systems if name.startswith("restore-rules")),
            progress=lambda msg: print(f"restore eval: {msg}", file=sys.stderr),
        )
    except RestoreError as exc:
        print(f"restore eval: {exc}", file=sys.stderr)
        return 2
    report["config"]["corpus"] = str(corpus)
    if "restore+model" in systems and not args.no_speed and not args.quick:
        from . import speed

        print("restore eval: timing the model in a fresh process", file=sys.stderr)
        report["model_speed"] = speed.run_fresh(args.model or "default", corpus, repeats=args.repeats)
    sys.stdout.write(markdown(report))
    real = real_markdown(report)
    if real:
        sys.stdout.write("\n" + real)
    if "model_speed" in report:
        from . import speed

        sys.stdout.write("\n" + speed.markdown(report["model_speed"]))
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0
