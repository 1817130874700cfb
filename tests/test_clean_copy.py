"""Do no harm: clean copy comes back unchanged.

Uses a fixed, evenly spaced sample of the corpus TRAIN paragraphs (never the held-out
ones) and the real clean sentences in ../shared/real/dev_clean.jsonl. Skipped when the
shared data is not present (e.g. an installed package without the checkout beside it).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from restore.lab.corpus import find_corpus, train_paragraphs
from restore.pipeline import Restorer

SAMPLE_SIZE = 400
DEV_CLEAN = Path(__file__).resolve().parent.parent.parent / "shared" / "real" / "dev_clean.jsonl"

# The corpus is press-release prose as published, and it holds a few real slips. Each
# entry was checked by hand: the text around the edit, and what the rules rightly do there.
KNOWN_CORPUS_SLIPS = {
    ("resourcesand", "resources and"),
    ("students.Strong", " "),
    ("ammonia,and", " "),
    ("21stcentury", " "),  # "of 21stcentury geopolitics": a number's suffix glued to the next word
}


@pytest.fixture(scope="module")
def sample() -> list[str]:
    path = find_corpus()
    if path is None or not path.exists():
        pytest.skip("corpus ../shared/corpus/news.txt.gz not present")
    paragraphs = train_paragraphs(path)
    return paragraphs[:: max(1, len(paragraphs) // SAMPLE_SIZE)][:SAMPLE_SIZE]


def _confident(restorer: Restorer, text: str) -> list[tuple[str, str]]:
    """(text around the edit, replacement) for every suggestion that would be applied."""
    result = restorer.restore(text)
    return [
        (text[max(0, s.start - 20) : s.end + 20], s.replacement)
        for s in result.suggestions
        if s.confidence >= result.threshold
    ]


def test_corpus_paragraphs_get_no_confident_edit(sample: list[str]) -> None:
    restorer = Restorer(model=None)
    unexpected = []
    seen = set()
    for paragraph in sample:
        for found in _confident(restorer, paragraph):
            if any(slip in found[0] and rep == found[1] for slip, rep in KNOWN_CORPUS_SLIPS):
                seen.add(found)
            else:
                unexpected.append(found)
    assert unexpected == []
    words = sum(len(p.split()) for p in sample)
    assert 1000 * len(seen) / words <= 0.5  # the target false-edit rate, slips included


def test_corpus_paragraphs_come_back_byte_for_byte_when_rejected(sample: list[str]) -> None:
    restorer = Restorer(model=None)
    for paragraph in sample[:100]:
        assert restorer.restore(paragraph).apply([]) == paragraph


def test_dev_clean_sentences_get_no_confident_edit() -> None:
    if not DEV_CLEAN.exists():
        pytest.skip("dev_clean.jsonl not present")
    restorer = Restorer(model=None)
    for line in DEV_CLEAN.read_text(encoding="utf-8").splitlines():
        sentence = json.loads(line)["sentence"]
        result = restorer.restore(sentence)
        assert result.text == sentence
