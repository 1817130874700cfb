"""The noise generator: gold edits always undo the damage, each kind makes its own damage."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from restore.english.align import Edit, apply_edits
from restore.lab.noise import Damaged, NoiseGenerator, mojibake
from restore.suggestion import Kind

TEXT = (
    "YEREVAN: Twenty-six separatist fighters were killed in clashes with Azerbaijani troops "
    "late Monday in Azerbaijan’s breakaway Nagorny Karabakh region, the rebels’ Defense "
    "Ministry said. The city’s school was shut, and “the shooting was awful,” she said of the "
    "attack in Kharkiv. Leaders urged a halt in fighting & restraint from both governments."
)

words = st.lists(
    st.sampled_from(
        ["the", "a", "in", "of", "Karabakh", "Azerbaijan’s", "rebels’", "school", "said,", "city.",
         "“Yes,”", "café", "2016", "power", "halt", "fighting", "it's", "governments", "\n"]
    ),
    min_size=0,
    max_size=40,
)


@settings(max_examples=300, deadline=None)
@given(words=words, seed=st.integers(0, 10_000), n=st.integers(0, 4))
def test_gold_edits_restore_the_clean_text(words: list[str], seed: int, n: int) -> None:
    clean = " ".join(words)
    d = NoiseGenerator(seed=seed).corrupt(clean, n_edits=n)
    assert apply_edits(d.damaged, d.edits) == d.clean == clean
    assert len(d.edits) <= n
    for e in d.edits:
        assert 0 <= e.start <= e.end <= len(d.damaged)
        assert d.damaged[e.start : e.end] != e.replacement
    spans = sorted((e.start, e.end) for e in d.edits)
    assert all(a[1] < b[0] for a, b in zip(spans, spans[1:])), "edits stay apart"


def test_zero_edits_is_an_untouched_copy() -> None:
    d = NoiseGenerator(seed=1).corrupt(TEXT, n_edits=0)
    assert d == Damaged(TEXT, TEXT, ())


def test_same_seed_same_damage() -> None:
    a = [NoiseGenerator(seed=7).corrupt(TEXT) for _ in range(1)]
    b = [NoiseGenerator(seed=7).corrupt(TEXT) for _ in range(1)]
    assert a == b
    outs = {NoiseGenerator(seed=s).corrupt(TEXT).damaged for s in range(20)}
    assert len(outs) > 10, "different seeds damage differently"


@pytest.mark.parametrize("kind", list(Kind))
def test_each_kind_damages_and_is_labelled(kind: Kind) -> None:
    g = NoiseGenerator(seed=3, kinds=[kind])
    made = [g.corrupt(TEXT, n_edits=1) for _ in range(30)]
    damaged = [d for d in made if d.edits]
    assert len(damaged) >= 20, f"{kind} rarely finds a place to damage"
    for d in damaged:
        assert d.damaged != d.clean
        assert {e.kind for e in d.edits} == {kind}
        assert apply_edits(d.damaged, d.edits) == d.clean


def damaged_spans(kind: Kind, n: int = 60) -> list[tuple[str, str]]:
    g = NoiseGenerator(seed=11, kinds=[kind])
    out = []
    for _ in range(n):
        d = g.corrupt(TEXT, n_edits=1)
        out.extend((d.damaged[e.start : e.end], e.replacement) for e in d.edits)
    return out


def test_possessive_damage_mirrors_real_spinner_output() -> None:
    pairs = damaged_spans(Kind.POSSESSIVE)
    assert ("the", "’s") in pairs  # Azerbaijan’s → Azerbaijanthe
    assert ("‘the", "’") in pairs  # rebels’ Defense → rebels‘the Defense


def test_dropped_words_are_mostly_function_words() -> None:
    pairs = damaged_spans(Kind.DROPPED_WORD, 100)
    assert all(dmg == "" for dmg, _ in pairs)
    function = [r for _, r in pairs if r.strip() in {"the", "a", "in", "of", "to", "on", "for", "and", "with", "from", "was", "at"}]
    assert len(function) > len(pairs) / 2


def test_wrong_words_include_spinner_synonyms() -> None:
    pairs = damaged_spans(Kind.WRONG_WORD, 100)
    assert {("faculty", "school"), ("college", "school"), ("town", "city"), ("metropolis", "city")} & set(pairs)


def test_word_order_keeps_the_same_words_or_truncates() -> None:
    for dmg, fix in damaged_spans(Kind.WORD_ORDER):
        a, b = dmg.split(" "), fix.split(" ")
        assert len(a) == len(b) == 2
        assert b[0].lower().startswith(a[1].lower()) or sorted(x.lower() for x in a) == sorted(x.lower() for x in b)


def test_run_together_split_and_hyphenation_only_touch_spaces() -> None:
    for kind in (Kind.RUN_TOGETHER, Kind.SPLIT_WORD, Kind.HYPHENATION):
        for dmg, fix in damaged_spans(kind):
            assert (dmg + fix).strip(" -\n") == "", (kind, dmg, fix)


def test_encoding_damage_is_mojibake_or_entities() -> None:
    assert mojibake("’") == "â€™"
    assert mojibake("é") == "Ã©"
    pairs = damaged_spans(Kind.ENCODING)
    assert any(d.startswith("â€") or d.startswith("&") or d.startswith("Ã") for d, _ in pairs)


def test_straight_style_text_gets_straight_damage() -> None:
    text = "The rebels' Defense Ministry said Azerbaijan's forces attacked."
    g = NoiseGenerator(seed=2, kinds=[Kind.POSSESSIVE, Kind.QUOTE])
    for _ in range(40):
        d = g.corrupt(text, n_edits=1)
        assert not set("‘’“”") & set(d.damaged), d.damaged


def test_gold_edit_overlap_is_refused() -> None:
    with pytest.raises(ValueError):
        apply_edits("abcdef", [Edit(0, 3, "x", Kind.CASE), Edit(2, 4, "y", Kind.CASE)])


def test_unknown_style_is_refused() -> None:
    with pytest.raises(ValueError):
        NoiseGenerator(style="fancy")
