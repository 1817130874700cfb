"""The seed article: rules alone must produce exactly samples/karabakh-26-killed.rules.txt."""

from __future__ import annotations

from pathlib import Path

import pytest

from restore.pipeline import Restorer

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


@pytest.fixture(scope="module")
def seed() -> tuple[str, str]:
    garbled = (SAMPLES / "karabakh-26-killed.txt").read_text(encoding="utf-8")
    rules = (SAMPLES / "karabakh-26-killed.rules.txt").read_text(encoding="utf-8")
    return garbled, rules


def test_seed_comes_out_exactly_as_rules_file(seed: tuple[str, str]) -> None:
    garbled, rules = seed
    assert Restorer(model=None).restore(garbled).text == rules


def test_seed_gets_exactly_the_three_repairs_and_nothing_else(seed: tuple[str, str]) -> None:
    garbled, _ = seed
    result = Restorer(model=None).restore(garbled)
    edits = [(s.original, s.replacement, s.kind.value) for s in result.suggestions]
    # Nothing else, not even below the threshold: no Defense->defence, nothing on
    # Hovhannisyan, Artsrun, Twenty-six or the blank lines after the headline.
    assert edits == [
        ("the", "’s", "possessive"),
        ("‘the", "’", "possessive"),
        ("\n.\n", "", "artifact"),
    ]
    assert all(s.confidence >= result.threshold for s in result.suggestions)


def test_seed_rejecting_everything_gives_the_original_back(seed: tuple[str, str]) -> None:
    garbled, _ = seed
    result = Restorer(model=None).restore(garbled)
    assert result.apply([]) == garbled
    assert result.apply([s.id for s in result.suggestions]) == result.text


def test_seed_repairs_use_the_story_curly_apostrophe(seed: tuple[str, str]) -> None:
    garbled, _ = seed
    ascii_copy = garbled.replace("‘", "'").replace("“", '"').replace("”", '"')
    text = Restorer(model=None).restore(ascii_copy).text
    assert "Azerbaijan's Nagorny" in text and "the rebels' Defense" in text
    assert "’" not in text
