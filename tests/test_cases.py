"""Data-driven cases (ftfy-style): tests/cases/{positive,negative,known_failures}.json.

Each row: ``label``, ``original``, ``expected``, ``kinds``, ``comment``.

- positive: the rules-only Restorer turns ``original`` into exactly ``expected``, and every
  applied suggestion is of one of the listed ``kinds``.
- negative: clean copy. No suggestion may reach the threshold (so nothing is applied).
  Lower-confidence suggestions are allowed: they are shown to the editor, never applied,
  and some clean text (an unknown compound like "phasedown") deserves a question.
- known_failures: damage the rules do not repair yet; strict xfail, so a fix shows up.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from restore.pipeline import Restorer

CASES = Path(__file__).parent / "cases"


def load(name: str) -> list[dict]:
    return json.loads((CASES / f"{name}.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def restorer() -> Restorer:
    return Restorer(model=None)


def _params(name: str, **marks):
    return [pytest.param(row, id=row["label"], **marks) for row in load(name)]


@pytest.mark.parametrize("row", _params("positive"))
def test_positive(restorer: Restorer, row: dict) -> None:
    result = restorer.restore(row["original"])
    assert result.text == row["expected"], row["comment"]
    applied = {s.kind.value for s in result.suggestions if s.confidence >= result.threshold}
    assert applied <= set(row["kinds"])
    assert result.apply([]) == row["original"]


@pytest.mark.parametrize("row", _params("negative"))
def test_negative(restorer: Restorer, row: dict) -> None:
    result = restorer.restore(row["original"])
    confident = [
        (s.original, s.replacement, s.source, s.confidence)
        for s in result.suggestions
        if s.confidence >= result.threshold
    ]
    assert confident == [], row["comment"]
    assert result.text == row["original"]


@pytest.mark.parametrize("row", _params("known_failures", marks=pytest.mark.xfail(strict=True)))
def test_known_failure(restorer: Restorer, row: dict) -> None:
    assert restorer.restore(row["original"]).text == row["expected"], row["comment"]


def test_case_files_are_well_formed() -> None:
    for name in ("positive", "negative", "known_failures"):
        rows = load(name)
        assert rows, name
        labels = [r["label"] for r in rows]
        assert len(labels) == len(set(labels)), f"duplicate labels in {name}"
        for row in rows:
            assert set(row) == {"label", "original", "expected", "kinds", "comment"}
            if name != "negative":
                assert row["original"] != row["expected"], row["label"]
