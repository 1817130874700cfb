"""The spelling pass: non-word typos are repaired, rare words that are right are not."""

from __future__ import annotations

import pytest

from restore import Restorer
from restore.lab.corpus import find_corpus, heldout_paragraphs
from restore.context import Context
from restore.english.lexicon import edits1
from restore.passes.spelling import fix_spelling, typo_like


def _fixes(text: str, dictionary: list[str] | None = None) -> list[tuple[str, str, bool]]:
    restorer = Restorer(model=None, passes=["spelling"], dictionary=dictionary)
    return [(s.original, s.replacement, s.confidence >= restorer.threshold) for s in restorer.restore(text).suggestions]


@pytest.mark.parametrize(
    ("typo", "word"),
    [("goverment", "government"), ("recieved", "received"), ("statment", "statement"),
     ("faciliate", "facilitate"), ("yeesterday", "yesterday"), ("activites", "activities")],
)
def test_a_slip_of_the_fingers_is_repaired(typo: str, word: str) -> None:
    assert _fixes(f"Officials said the {typo} was late.") == [(typo, word, True)]


@pytest.mark.parametrize(
    "text",
    [
        "Prime Minister Sunak met Zelenskyy in Kyiv.",  # names are never touched
        "Reshoring and livestream sales grew.",  # coinages from a prefix or two words
        "The loan servicers and their designees met the funder.",  # derivations
        "Two pandemics and one ageing population.",  # inflections, UK spelling
        "Students enrol in the autumn term.",  # a UK variant is house style
        "Dijo que las personas que crean que son elegibles deben pedirlo.",  # another language
        "He met Reema bint Bandar in Riyadh.",  # a name particle
        "Doxing is a threat; doxing must stop.",  # a word the article uses twice
    ],
)
def test_rare_words_that_are_right_are_left_alone(text: str) -> None:
    assert [f for f in _fixes(text) if f[2]] == []


def test_a_house_word_is_never_respelt() -> None:
    assert _fixes("The goverment said so.", dictionary=["goverment"]) == []


def test_a_changed_consonant_is_only_a_guess() -> None:
    """"doxing" is one letter from "doing", but an extra consonant is as often a rare
    word that is right: shown to the editor, never applied."""
    assert _fixes("The threat of doxing grew.") == [("doxing", "doing", False)]


def test_what_counts_as_a_slip() -> None:
    assert typo_like("goverment", "government") and typo_like("recieved", "received")
    assert typo_like("yeesterday", "yesterday") and typo_like("statument", "statement")
    assert not typo_like("doxing", "doing") and not typo_like("tule", "rule")
    assert not typo_like("mpox", "pox")
    assert "government" in edits1("goverment") and "goverment" not in edits1("goverment")


def test_no_edit_is_applied_to_held_out_clean_copy() -> None:
    """Do no harm, measured: 1,000 held-out paragraphs (56 k words) get no applied edit."""
    corpus = find_corpus()
    if corpus is None or not corpus.exists():
        pytest.skip("no shared corpus beside the checkout")
    applied = [
        (s.original, s.replacement)
        for p in heldout_paragraphs(corpus)
        for s in fix_spelling(p, Context.for_text(p))
        if s.confidence >= 0.8
    ]
    assert applied == []
