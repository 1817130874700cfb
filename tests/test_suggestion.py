"""The Suggestion / Restoration contract: validation, ids, apply, JSON round trip."""

from __future__ import annotations

import json

import pytest

from restore import InputError, Kind, Restoration, Suggestion, resolve
from restore.pipeline import chunk_spans

TEXT = "Fighting in Azerbaijanthe Nagorny region.\n\n.\n"


def sug(start: int, end: int, replacement: str, confidence: float = 0.9, kind=Kind.POSSESSIVE):
    return Suggestion.at(
        TEXT, start, end, replacement, kind=kind, confidence=confidence, reason="test", source="t"
    )


def test_suggestion_slices_the_original():
    s = sug(12, 25, "Azerbaijan’s")
    assert s.original == "Azerbaijanthe"
    assert TEXT[s.start : s.end] == s.original


@pytest.mark.parametrize(
    "start,end,confidence,reason",
    [(5, 2, 0.5, "x"), (0, 999, 0.5, "x"), (0, 1, 1.5, "x"), (0, 1, -0.1, "x"), (0, 1, 0.5, " ")],
)
def test_bad_suggestions_are_rejected(start, end, confidence, reason):
    with pytest.raises(InputError):
        Suggestion.at(TEXT, start, end, "", kind=Kind.QUOTE, confidence=confidence, reason=reason, source="t")


def test_unknown_kind_is_a_clear_error():
    with pytest.raises(InputError, match="E014"):
        Suggestion(0, 0, "", "x", "not-a-kind", 0.5, "r", "t")  # type: ignore[arg-type]


def test_ids_are_stable_and_distinct():
    assert sug(12, 25, "Azerbaijan’s").id == sug(12, 25, "Azerbaijan’s").id
    assert sug(12, 25, "Azerbaijan’s").id != sug(12, 25, "Azerbaijan's").id


def test_apply_nothing_returns_original_byte_for_byte():
    r = Restoration(TEXT, (sug(12, 25, "Azerbaijan’s"),))
    assert r.apply([]) == TEXT
    assert r.apply(()) is TEXT


def test_apply_and_threshold():
    low = sug(41, 44, "", confidence=0.3, kind=Kind.ARTIFACT)
    high = sug(12, 25, "Azerbaijan’s")
    r = Restoration(TEXT, (low, high), threshold=0.8)
    assert r.default_accepted == [high.id]
    assert r.text == "Fighting in Azerbaijan’s Nagorny region.\n\n.\n"
    assert r.apply([high.id, low.id]) == "Fighting in Azerbaijan’s Nagorny region.\n"


def test_apply_unknown_id_is_an_error():
    r = Restoration(TEXT, (sug(12, 25, "Azerbaijan’s"),))
    with pytest.raises(InputError, match="E006"):
        r.apply(["nope"])


def test_json_round_trip():
    r = Restoration(TEXT, (sug(12, 25, "Azerbaijan’s"), sug(0, 0, "Heavy ", 0.5, Kind.DROPPED_WORD)))
    again = Restoration.from_dict(json.loads(r.to_json()))
    assert again == r
    assert json.loads(r.to_json())["suggestions"][1]["kind"] == "possessive"


def test_resolver_prefers_confidence_then_length_then_start():
    a = sug(12, 25, "Azerbaijan’s", 0.9)
    b = sug(12, 22, "Azerbaijani", 0.95)  # overlaps a, more confident
    c = sug(26, 33, "Nagorno", 0.5)  # touches nothing
    d = sug(25, 26, "", 0.5)  # touches a and c only
    kept = resolve([a, b, c, d])
    assert b in kept and a not in kept and c in kept and d in kept
    same_conf = resolve([sug(12, 25, "X", 0.9), sug(12, 22, "Y", 0.9)])
    assert [s.replacement for s in same_conf] == ["X"]  # longer span wins a tie


def test_insertions_at_the_same_point_conflict():
    a = sug(0, 0, "Heavy ", 0.6, Kind.DROPPED_WORD)
    b = sug(0, 0, "Fierce ", 0.7, Kind.DROPPED_WORD)
    assert [s.replacement for s in resolve([a, b])] == ["Fierce "]


def test_resolver_drops_no_ops():
    assert resolve([sug(0, 8, "Fighting")]) == []


@pytest.mark.parametrize("size", [7, 50, 1000])
def test_chunks_cover_the_text_exactly(size):
    text = ("line one is here\nand line two\n" * 40) + "a" * 300
    spans = chunk_spans(text, size)
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(spans, spans[1:]))
    assert "".join(text[s:e] for s, e in spans) == text
