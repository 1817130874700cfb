"""The fuzzy guard keeps small local repairs and throws away rewrites that drift."""

from __future__ import annotations

import pytest

from restore.english import is_us_uk_variant
from restore.english.align import align
from restore.model.guard import to_edits
from restore.suggestion import Kind, Restoration

KARABAKH = (
    "Twenty-six separatist fighters were killed late Monday in Azerbaijanthe Nagorny break "
    "Karabakh region, the rebels‘the Defense Ministry said, bringing the number of deaths to 84."
)
KARABAKH_FIXED = (
    "Twenty-six separatist fighters were killed late Monday in Azerbaijan’s breakaway Nagorny "
    "Karabakh region, the rebels’ Defense Ministry said, bringing the number of deaths to 84."
)


def edits(src: str, rewrite: str, **kw):  # noqa: ANN003, ANN201
    prefix = "Note. "  # the window sits inside a longer text: offsets must map back
    text = prefix + src
    found = to_edits(text, (len(prefix), len(text)), rewrite, source="model", **kw)
    for s in found:
        assert text[s.start : s.end] == s.original
    return text, found


def test_minimal_edits_rebuild_the_rewrite() -> None:
    text, found = edits(KARABAKH, KARABAKH_FIXED)
    assert [(s.original, s.replacement, s.kind) for s in found] == [
        ("the", "’s", Kind.POSSESSIVE),
        ("Nagorny break", "breakaway Nagorny", Kind.WORD_ORDER),
        ("‘the", "’", Kind.POSSESSIVE),
    ]
    r = Restoration(text, tuple(found))
    assert r.apply([s.id for s in found]) == "Note. " + KARABAKH_FIXED
    assert r.apply([]) == text


@pytest.mark.parametrize(
    ("src", "rewrite", "original", "replacement", "kind"),
    [
        ("World leaders have urged a halt fighting after the escalation.", "World leaders have urged a halt in fighting after the escalation.", "", "in ", Kind.DROPPED_WORD),
        ("Attackers stormed a faculty in southwestern Cameroon on Saturday.", "Attackers stormed a school in southwestern Cameroon on Saturday.", "faculty", "school", Kind.WRONG_WORD),
        ("The agency said the EUwill both support and coordinate.", "The agency said the EU will both support and coordinate.", "", " ", Kind.RUN_TOGETHER),
        ("Emissions from the the oil and gas sector fell sharply.", "Emissions from the oil and gas sector fell sharply.", "the ", "", Kind.DUPLICATE),
        ("Missiles hit command centres in Kyiv and kharkiv overnight.", "Missiles hit command centres in Kyiv and Kharkiv overnight.", "kharkiv", "Kharkiv", Kind.CASE),
        ("The govern- ment said it would act within days.", "The government said it would act within days.", "- ", "", Kind.HYPHENATION),
        ("It was unclear whether the crisis tests the protests . It did.", "It was unclear whether the crisis tests the protests. It did.", " ", "", Kind.PUNCTUATION),
        ("Officials said the new rules come into force next month for all firms.", "Officials said the new rules come into force for all firms next month.", "next month for all firms", "for all firms next month", Kind.WORD_ORDER),
    ],
)
def test_each_repair_is_classified(src: str, rewrite: str, original: str, replacement: str, kind: Kind) -> None:
    _, found = edits(src, rewrite)
    assert [(s.original, s.replacement, s.kind) for s in found] == [(original, replacement, kind)]


@pytest.mark.parametrize(
    ("src", "rewrite", "why"),
    [
        ("The total death toll rose to 95, including 11 civilian deaths.", "The total death toll rose to 96, including 11 civilian deaths.", "changed number"),
        ("Armenian Defense Ministry spokesman Artsrun Hovhannisyan said so.", "Armenian Defense Ministry spokesman Arthur Hovhannes said so.", "changed name"),
        ("The fierce fighting continued throughout the day Monday, officials in Baku said.", "Officials in Baku said that fierce battles went on all day long on Monday.", "rewritten clause"),
        ("Russia sells sophisticated weapons worth billions of dollars to both Baku and Yerevan.", "Moscow sells sophisticated weapons worth billions of dollars to both Baku and Yerevan.", "new name"),
        ("No country recognizes the independence of Karabakh, not even Armenia, officials say.", "No nation accepts the sovereignty of that region, not even its ally, the officials now say.", "paraphrase"),
    ],
)
def test_drifting_rewrites_are_rejected(src: str, rewrite: str, why: str) -> None:
    _, found = edits(src, rewrite)
    assert found == [], why


def test_style_is_never_changed() -> None:
    _, found = edits("The colour of the flag was agreed in 2010, she said.", "The color of the flag was agreed in 2010, she said.")
    assert found == []
    _, found = edits("He said 'no' to the offer, officials said on Monday.", "He said ‘no’ to the offer, officials said on Monday.")
    assert found == []
    assert is_us_uk_variant("organise", "organize") and not is_us_uk_variant("organise", "organs")


def test_edits_far_from_flagged_spots_are_dropped() -> None:
    src = "Attackers stormed a faculty in southwestern Cameroon on Saturday, killing eight children at dawn."
    rewrite = "Attackers stormed a school in southwestern Cameroon on Saturday, killing eight children at dusk."
    text, found = edits(src, rewrite, flagged=[text_offset(src, "faculty")])
    assert [s.replacement for s in found] == ["school"]


def text_offset(src: str, word: str) -> int:
    return len("Note. ") + src.index(word)


def test_confidence_comes_from_the_callbacks() -> None:
    src = "Attackers stormed a faculty in southwestern Cameroon on Saturday."
    _, found = edits(
        src, src.replace("faculty", "school"),
        confidence=lambda a, b: 0.7, calibrate=lambda raw, kind: raw + 0.2,
    )
    assert found[0].confidence == pytest.approx(0.9)


def test_align_is_empty_for_identical_text() -> None:
    assert align("Nothing to see here.", "Nothing to see here.") == []


def test_edits_that_invent_a_word_are_dropped() -> None:
    from restore.english.lexicon import default_lexicon

    lexicon = default_lexicon()
    known = lambda word: lexicon.is_known(word, 1.5)  # noqa: E731
    src = "The painting shows the inherently difficult task of the office."
    garbled = "The painting shows the inherentily difficult task of the office."
    assert to_edits(src, (0, len(src)), garbled, source="model") != []  # the guard alone lets it by
    assert to_edits(src, (0, len(src)), garbled, source="model", known=known) == []
    fixed = to_edits("They urged a halt fighting now.", (0, 31), "They urged a halt in fighting now.", source="model", known=known)
    assert [(s.original, s.replacement) for s in fixed] == [("", "in ")]


def test_deleting_words_that_are_not_repeated_is_never_suggested() -> None:
    src = "It will support American jobs, and promote food and national security."
    cut = "It will support American jobs, and national security."
    assert to_edits(src, (0, len(src)), cut, source="model") == []
    doubled = "It will support support American jobs."
    fixed = to_edits(doubled, (0, len(doubled)), "It will support American jobs.", source="model")
    assert [s.kind for s in fixed] == [Kind.DUPLICATE]


def test_output_no_damage_explains_is_dropped() -> None:
    """A replacement character from a broken byte sequence, or a quote mark turned into a
    word, is the model misfiring, not a repair: the editor never sees it."""
    src = 'He said "we will go" and left.'
    assert to_edits(src, (0, len(src)), 'He said "we will go\ufffd and left.', source="model") == []
    assert to_edits(src, (0, len(src)), 'He said obtain we will go" and left.', source="model") == []
    spaced = "They joined the protests . Police came."
    moved = to_edits(spaced, (0, len(spaced)), "They joined the protests. Police came.", source="model")
    assert [(s.original, s.replacement) for s in moved] == [(" ", "")]  # punctuation repairs stay


@pytest.mark.parametrize(
    ("src", "rewrite", "original", "replacement"),
    [
        ("We plan to transition high value assets.", "We plan transition to high value assets.",
         "to transition", "transition to"),
        ("The family can best be achieved.", "The family can be best achieved.", "best be", "be best"),
        ("Fighting in Azerbaijanthe Nagorny region.", "Fighting in Azerbaijan’s Nagorny region.", "the", "’s"),
    ],
)
def test_moved_words_are_shown_whole(src: str, rewrite: str, original: str, replacement: str) -> None:
    """An editor reads "to transition" -> "transition to", never "o transition" ->
    "ransition to"; a repair inside one word (a possessive) stays that small."""
    found = to_edits(src, (0, len(src)), rewrite, source="model")
    assert [(s.original, s.replacement) for s in found] == [(original, replacement)]
