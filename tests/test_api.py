"""The public API contract: restore(), Restorer options, thresholds, passes, house
dictionary, streaming batches, JSON round trip and coded errors."""

from __future__ import annotations

import json

import pytest

from restore import ConfigError, InputError, Restoration, Restorer, RestoreError, restore
from restore.pipeline import CHUNK_CHARS

DUP = "The the fire spread."
POSS = "Fighting continued in Azerbaijanthe Nagorny Karabakh region."
CLEAN = "Fighting continued in Azerbaijan’s Nagorny Karabakh region, officials said on Monday."


@pytest.fixture(scope="module")
def rules() -> Restorer:
    return Restorer(model=None)


def test_restore_repairs_and_keeps_the_original(rules):
    r = rules.restore(DUP)
    assert isinstance(r, Restoration)
    assert r.text == "The fire spread."
    assert r.apply([]) == DUP
    assert r.original == DUP
    for s in r.suggestions:
        assert DUP[s.start : s.end] == s.original


def test_module_level_restore_takes_restorer_options():
    r = restore(POSS, model=None)
    assert r.text == "Fighting continued in Azerbaijan’s Nagorny Karabakh region."
    assert r.apply(()) == POSS


def test_clean_copy_comes_back_unchanged(rules):
    r = rules.restore(CLEAN)
    assert r.text == CLEAN
    assert [s for s in r.suggestions if s.confidence >= r.threshold] == []


def test_empty_text_gives_an_empty_restoration(rules):
    r = rules.restore("")
    assert r.text == "" and r.suggestions == ()


def test_threshold_decides_what_is_applied_not_what_is_shown(rules):
    (s,) = rules.restore(DUP).suggestions
    above = Restorer(model=None, threshold=0.0).restore(DUP)
    assert above.text == "The fire spread."
    if s.confidence < 1.0:
        strict = Restorer(model=None, threshold=min(1.0, s.confidence + 0.001)).restore(DUP)
        assert strict.text == DUP  # shown, not applied
        assert [x.id for x in strict.suggestions] == [s.id]
        assert strict.apply([s.id]) == "The fire spread."


@pytest.mark.parametrize("bad", [-0.1, 1.5])
def test_threshold_out_of_range_is_a_coded_config_error(bad):
    with pytest.raises(ConfigError, match="E012"):
        Restorer(model=None, threshold=bad)


def test_passes_selects_which_passes_run():
    assert Restorer(model=None, passes=[]).restore(DUP + " " + POSS).suggestions == ()
    only_dup = Restorer(model=None, passes=["duplicate"]).restore(DUP + " " + POSS)
    assert "Azerbaijanthe" in only_dup.text
    assert only_dup.text.startswith("The fire spread.")


def test_unknown_pass_is_a_coded_config_error():
    with pytest.raises(ConfigError, match="E001.*'nope'"):
        Restorer(model=None, passes=["nope"])


def test_house_dictionary_words_are_never_flagged(tmp_path):
    words = tmp_path / "house.txt"
    words.write_text("# names we keep\nAzerbaijanthe\n", encoding="utf-8")
    for dictionary in (words, str(words), ["Azerbaijanthe"]):
        r = Restorer(model=None, dictionary=dictionary).restore(POSS)
        assert r.text == POSS, dictionary
        assert not [s for s in r.suggestions if "Azerbaijanthe" in s.original]


def test_restore_batch_streams_in_order_without_reading_everything_first(rules):
    consumed = []

    def texts():
        for i in range(100):
            consumed.append(i)
            yield DUP if i % 2 else CLEAN

    stream = rules.restore_batch(texts(), progress=False, batch_size=4)
    first = next(stream)
    assert first.original == CLEAN
    assert len(consumed) <= 4
    rest = list(stream)
    assert len(rest) == 99
    assert [r.text for r in rest[:2]] == ["The fire spread.", CLEAN]


def test_json_round_trip_keeps_everything(rules):
    r = rules.restore(DUP + "\n" + POSS)
    again = Restoration.from_dict(json.loads(r.to_json()))
    assert again == r
    assert again.text == r.text
    data = r.to_dict()
    assert set(data) >= {"original", "text", "threshold", "suggestions", "warnings"}
    assert {"id", "start", "end", "original", "replacement", "kind", "confidence", "reason", "source"} <= set(
        data["suggestions"][0]
    )


def test_long_text_is_chunked_and_offsets_index_the_original(rules):
    filler = "Officials said the talks would resume on Monday.\n" * (2 * CHUNK_CHARS // 50)
    text = filler + DUP + "\n" + filler + POSS + "\n"
    r = rules.restore(text)
    assert r.apply([]) == text
    for s in r.suggestions:
        assert text[s.start : s.end] == s.original
    # both repairs land, in different chunks, at the right places
    assert len(r.suggestions) == 2
    assert r.suggestions[1].start > len(filler) * 2
    expected = text.replace(DUP, "The fire spread.")
    assert r.text in (
        expected.replace("Azerbaijanthe", "Azerbaijan's"),
        expected.replace("Azerbaijanthe", "Azerbaijan’s"),
    )


@pytest.mark.parametrize(
    "value,code",
    [(123, "E007"), (b"bytes", "E007"), (None, "E007"), ("a\x00b", "E015")],
)
def test_bad_input_is_a_coded_input_error(rules, value, code):
    with pytest.raises(InputError, match=code) as info:
        rules.restore(value)  # type: ignore[arg-type]
    assert isinstance(info.value, RestoreError)


def test_too_long_input_is_refused_with_E008():
    with pytest.raises(InputError, match="E008"):
        Restorer(model=None, max_chars=100).restore("x" * 101)


def test_unknown_suggestion_id_is_a_coded_error(rules):
    with pytest.raises(InputError, match="E006"):
        rules.restore(DUP).apply(["no-such-id"])


def test_house_word_protects_the_whole_word_not_just_the_span():
    text = "Fighting continued in Azerbaijanthe Nagorny Karabakh region."
    plain = Restorer(model=None).restore(text)
    assert plain.suggestions and plain.suggestions[0].original == "the"
    house = Restorer(model=None, dictionary=["Azerbaijanthe"])
    assert house.restore(text).suggestions == ()
    house.set_house_words([])
    assert house.restore(text).suggestions == plain.suggestions
