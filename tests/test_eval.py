"""``restore eval``: the scoring rule, the report, and an end-to-end quick run."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from restore import Kind, Restorer
from restore.english.align import apply_edits, token_edits
from restore.lab.corpus import find_corpus, heldout_paragraphs
from restore.lab.evaluate import (
    Counts,
    build_dataset,
    markdown,
    restore_system,
    real_markdown,
    run_eval,
    score_real,
)

ROOT = Path(__file__).resolve().parent.parent
CORPUS = find_corpus()
needs_corpus = pytest.mark.skipif(CORPUS is None, reason="no shared corpus beside the checkout")


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab ’.\n\t", max_size=30), st.text(alphabet="ab ’.\n\t", max_size=30))
def test_the_aligner_rebuilds_the_target(source, target):
    edits = token_edits(source, target)
    assert apply_edits(source, edits) == target
    assert (edits == []) == (source == target)


def test_an_edit_counts_only_when_it_restores_the_clean_text():
    damaged, clean = "The the fire in Azerbaijanthe region.", "The fire in Azerbaijan’s region."
    c = Counts()
    c.add(damaged, clean, "The fire in Azerbaijan's region.")  # right, then wrong apostrophe
    assert (c.tp, c.fp, c.fn) == (1, 1, 1)
    assert c.precision == 0.5 and c.recall == 0.5
    assert c.f05 == pytest.approx(0.5)
    c.add(damaged, clean, clean)
    assert (c.tp, c.fp, c.fn, c.exact) == (3, 1, 1, 1)
    nothing = Counts()
    nothing.add(damaged, clean, damaged)
    assert nothing.precision is None and nothing.recall == 0 and nothing.f05 == 0


def test_f05_weighs_precision_over_recall():
    precise, eager = Counts(tp=1, fp=0, fn=3), Counts(tp=3, fp=3, fn=1)
    assert precise.precision == 1.0 and eager.recall == 0.75
    assert precise.f05 > eager.f05


@needs_corpus
def test_no_passes_gets_zero_recall_and_an_oracle_gets_everything():
    paragraphs = heldout_paragraphs(CORPUS)
    data = build_dataset(paragraphs, n=20, seed=3, per_kind=3)
    truth = {c.damaged: c.clean for cases in data.sets.values() for c in cases}
    oracle = lambda texts: [truth.get(t, t) for t in texts]  # noqa: E731
    nothing = restore_system(Restorer(model=None, passes=[]))
    report = run_eval(
        paragraphs,
        {"nothing": nothing, "oracle": oracle},
        n=20,
        seed=3,
        per_kind=3,
        timing_docs=5,
        samples_dir=None,
        real_dir=None,
    )
    assert report["config"]["per_kind"] == {k: len(v) for k, v in data.sets.items()}
    for name, figures in report["systems"]["nothing"]["sets"].items():
        assert figures["recall"] == 0 and figures["precision"] is None, name
    assert report["systems"]["nothing"]["clean"]["false_edits"] == 0
    for name, figures in report["systems"]["oracle"]["sets"].items():
        if figures["docs"]:
            assert figures["precision"] == 1 and figures["recall"] == 1, name
            assert figures["exact"] == figures["docs"]
    assert report["systems"]["oracle"]["clean"]["per_1000_words"] == 0
    table = markdown(report)
    assert "| mixed |" in table and "| nothing |" in table


def test_real_dev_set_scoring(tmp_path):
    record = {
        "id": "g1",
        "garbled_sentence": "Protesters broke into the the building on Monday.",
        "garbled_span": "the the",
        "fixes": ["the"],
        "kind": "duplicate",
    }
    (tmp_path / "dev_glitches.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    (tmp_path / "dev_clean.jsonl").write_text(json.dumps({"id": "c1", "sentence": "All quiet."}) + "\n")
    fixer = lambda texts: [t.replace("the the", "the").replace("quiet", "calm") for t in texts]  # noqa: E731
    wrong = lambda texts: [t.replace("the the", "a") for t in texts]  # noqa: E731
    identity = lambda texts: list(texts)  # noqa: E731
    assert score_real(fixer, tmp_path)["glitches"]["fixed"] == 1
    assert score_real(fixer, tmp_path)["clean"]["changed"] == 1
    assert score_real(wrong, tmp_path)["glitches"]["wrong"] == 1
    untouched = score_real(identity, tmp_path)
    assert untouched["glitches"]["fixed"] == untouched["glitches"]["wrong"] == 0
    assert untouched["clean"]["false_edits"] == 0


def test_real_dev_sets_are_scored_apart_and_together(tmp_path):
    """A second set (``dev2_*``, clean records holding a ``paragraph``) adds to the totals."""
    glitch = {"garbled_sentence": "It was was late.", "garbled_span": "was was", "fixes": ["was"], "kind": "duplicate"}
    (tmp_path / "dev_glitches.jsonl").write_text(json.dumps(glitch) + "\n", encoding="utf-8")
    (tmp_path / "dev2_glitches.jsonl").write_text(
        json.dumps(dict(glitch, kind="wrong-word", garbled_sentence="A new cupboard was named.",
                        garbled_span="cupboard", fixes=["cabinet"])) + "\n", encoding="utf-8")
    (tmp_path / "dev_clean.jsonl").write_text(json.dumps({"sentence": "All quiet."}) + "\n")
    (tmp_path / "dev2_clean.jsonl").write_text(json.dumps({"paragraph": "Talks went on."}) + "\n")
    fixer = lambda texts: [t.replace("was was", "was").replace("went", "carried") for t in texts]  # noqa: E731
    result = score_real(fixer, tmp_path)
    assert result["sets"]["dev"]["glitches"]["fixed"] == 1
    assert result["sets"]["dev2"]["glitches"]["fixed"] == 0
    assert result["glitches"]["records"] == 2 and result["glitches"]["fixed"] == 1
    assert result["glitches"]["by_kind"]["wrong-word"] == {"records": 1, "fixed": 0, "wrong": 0}
    assert result["sets"]["dev2"]["clean"]["changed"] == 1 and result["sets"]["dev"]["clean"]["changed"] == 0
    assert result["clean"]["records"] == 2 and result["clean"]["changed"] == 1
    report = real_markdown({"systems": {"fixer": {"real_dev": result}}})
    assert "| duplicate | 1 | 1/1 (0) |" in report and "| **context** | 1 | 0/1 (0) |" in report


@needs_corpus
@pytest.mark.slow
def test_restore_eval_quick_end_to_end(tmp_path):
    out = tmp_path / "eval.json"
    result = subprocess.run(
        [sys.executable, "-m", "restore", "eval", "--quick", "--no-model", "--json", str(out)],
        capture_output=True,
        cwd=ROOT,
        env=dict(os.environ, OMP_WAIT_POLICY="PASSIVE"),
        timeout=600,
    )
    assert result.returncode == 0, result.stderr.decode()[-3000:]
    table = result.stdout.decode("utf-8")
    report = json.loads(out.read_text(encoding="utf-8"))
    systems = report["systems"]
    assert {"restore-rules", "ftfy", "symspell"} <= set(systems)
    for kind in Kind:
        assert kind.value in systems["restore-rules"]["sets"], kind
        assert f"| {kind.value} |" in table
    for name, entry in systems.items():
        for figures in entry["sets"].values():
            for key in ("precision", "recall", "f05"):
                assert figures[key] is None or 0.0 <= figures[key] <= 1.0
            assert figures["tp"] + figures["fn"] >= figures["docs"]  # at least one gold edit each
        assert entry["speed"]["words_per_s"] > 0
        assert len(entry["speed"]["seconds"]) >= 3
        assert entry["clean"]["per_1000_words"] >= 0
    # symspell lowercases and drops punctuation: it must show up as false edits on clean copy
    assert systems["symspell"]["clean"]["per_1000_words"] > 50
    # the rules are built not to touch clean copy
    assert systems["restore-rules"]["clean"]["per_1000_words"] < 5
    assert "karabakh-26-killed" in systems["restore-rules"]["samples"]
    real = ROOT.parent / "shared" / "real"
    if (real / "dev_glitches.jsonl").exists() and (real / "dev2_glitches.jsonl").exists():
        sets = systems["restore-rules"]["real_dev"]["sets"]
        assert sets["dev"]["glitches"]["records"] == 60 and sets["dev2"]["glitches"]["records"] == 289
        assert systems["restore-rules"]["real_dev"]["glitches"]["records"] == 60 + 289
        assert sets["dev2"]["clean"]["records"] == 128
        assert "| **mechanical** |" in table


def test_missing_corpus_is_a_clear_error(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "restore", "eval", "--quick", "--corpus", str(tmp_path / "none.txt.gz")],
        capture_output=True,
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == 2
    assert "no corpus" in result.stderr.decode()
    assert "Traceback" not in result.stderr.decode()


def test_every_shown_suggestion_is_judged_for_calibration():
    from restore import Kind, Restoration, Suggestion
    from restore.lab.evaluate import calibration, judge_suggestions

    damaged, clean = "The the fire spread.", "The fire spread."
    right = Suggestion.at(damaged, 0, 7, "The", kind=Kind.DUPLICATE, confidence=0.95, reason="doubled", source="t")
    wrong = Suggestion.at(damaged, 8, 12, "flame", kind=Kind.WRONG_WORD, confidence=0.6, reason="x", source="t")
    judged = judge_suggestions(Restoration(damaged, (right, wrong)), damaged, clean)
    assert [(c, ok) for c, ok, _ in judged] == [(0.95, True), (0.6, False)]
    bins = {row["range"]: row for row in calibration(judged)}
    assert (bins["0.9-1.0"]["right"], bins["0.9-1.0"]["suggestions"]) == (1, 1)
    assert (bins["0.5-0.8"]["right"], bins["0.5-0.8"]["suggestions"]) == (0, 1)
    # on clean copy every suggestion is a mistake
    assert [ok for _, ok, _ in judge_suggestions(Restoration(clean, ()), clean, clean)] == []


@needs_corpus
def test_model_speed_is_measured_in_a_fresh_process() -> None:
    from restore.lab import speed

    figures = speed.run_fresh("default", CORPUS, docs=4, article_words=80)
    assert "error" not in figures, figures
    assert figures["model_loaded"] is True
    assert figures["load_s"] > 0 and figures["article"]["words"] >= 80
    assert figures["batch"]["damaged"]["docs"] == 4 and figures["batch"]["clean"]["words_per_s"] > 0
    assert figures["peak_rss_mb"] > 0
    table = speed.markdown(figures)
    assert "≤ 3 s" in table and "words/s" in table
    assert "not measured (boom)" in speed.markdown({"error": "boom"})


def test_the_same_repair_scores_the_same_wherever_the_aligner_puts_it() -> None:
    """Deleting either "the" of "the the" gives the same text: one edit, one position,
    whatever else differs in the document (an unrepaired glitch may shift an aligner's choice)."""
    damaged = "They went up the the river and commendyour team."
    gold = token_edits(damaged, "They went up the river and commend your team.")
    partial = token_edits(damaged, "They went up the river and commendyour team.")
    assert set(partial) < set(gold)
    assert token_edits("a b c", "a b b c") == token_edits("a b c", "a b b c")
