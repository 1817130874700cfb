"""The UI's handlers as pure functions: no browser, real Restorer, real files and SQLite."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest

from restore import InputError, Kind, Restoration, Restorer, Suggestion
from restore.dictionary import HouseDictionary
from restore.formats.docx import read_docx
from restore.render import article_html, cards_html, ignorable_word, summary_html
from restore.review import ReviewStore
from restore.ui import logic
from restore.ui.logic import ViewState

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "karabakh-26-killed.txt"
TEXT = "Fighting in Azerbaijanthe Nagorny region.\n.\nThe the rebels said.\n"


def _r() -> Restoration:
    i = TEXT.index("Azerbaijanthe")
    k = TEXT.index("\n.\n")
    d = TEXT.index("The the")
    return Restoration(TEXT, (
        Suggestion.at(TEXT, i, i + 13, "Azerbaijan’s", kind=Kind.POSSESSIVE, confidence=0.95,
                      reason="spinner possessive", source="t"),
        Suggestion.at(TEXT, k, k + 3, "\n", kind=Kind.ARTIFACT, confidence=0.9,
                      reason="stray full stop line", source="t"),
        Suggestion.at(TEXT, d, d + 8, "The ", kind=Kind.DUPLICATE, confidence=0.4,
                      reason="doubled word", source="t"),
    ))


def _state() -> ViewState:
    r = _r()
    return ViewState(restoration=r, accepted=frozenset(r.default_accepted))


@pytest.fixture(scope="module")
def restorer():
    return Restorer(model=None)


def test_restore_starts_with_confident_suggestions_accepted(restorer):
    state = logic.restore_text(restorer, SAMPLE.read_text(encoding="utf-8"))
    r = state.restoration
    assert r.suggestions, "the rules find damage in the sample article"
    assert state.accepted == {s.id for s in r.suggestions if s.confidence >= r.threshold}
    assert state.text == r.text


def test_clean_copy_gets_no_cards(restorer):
    clean = "The minister said on Monday that talks would resume in Geneva.\n"
    state = logic.restore_text(restorer, clean)
    assert state.restoration.suggestions == ()
    assert state.text == clean
    assert 'id="no-suggestions"' in cards_html(state.restoration, state.accepted)


@pytest.mark.parametrize("text,code", [("", "E110"), ("   \n\t", "E110"), (None, "E110"),
                                       ("x" * (logic.INTERACTIVE_MAX_CHARS + 1), "E111")])
def test_bad_paste_is_a_coded_error(restorer, text, code):
    with pytest.raises(InputError, match=code):
        logic.restore_text(restorer, text)


def test_two_megabyte_paste_points_to_batch(restorer):
    with pytest.raises(InputError, match="restore batch"):
        logic.restore_text(restorer, "word " * 400_000)


def test_low_confidence_starts_unaccepted_and_looks_different():
    state = _state()
    low = state.restoration.suggestions[2]
    assert low.id not in state.accepted
    html = cards_html(state.restoration, state.accepted)
    assert 'class="card rej low"' in html and 'id="card-2"' in html


def test_accept_reject_one_by_one():
    state = _state()
    state, made = logic.decide(state, 2, "accept")
    assert made == [(state.restoration.suggestions[2].id, "accept")]
    state, _ = logic.decide(state, 0, "reject")
    assert state.text == "Fighting in Azerbaijanthe Nagorny region.\nThe rebels said.\n"
    with pytest.raises(InputError, match="E114"):
        logic.decide(state, 9, "accept")
    with pytest.raises(InputError, match="E115"):
        logic.decide(state, 0, "maybe")


def test_reject_all_gives_back_the_input_exactly():
    state, made = logic.decide_all(_state(), "reject")
    assert state.text == TEXT
    assert [v for _, v in made] == ["reject"] * 3
    state, _ = logic.decide_all(state, "accept")
    assert state.text == "Fighting in Azerbaijan’s Nagorny region.\nThe rebels said.\n"


def test_accept_all_of_one_kind():
    state, _ = logic.decide_all(_state(), "reject")
    state, made = logic.decide_all(state, "accept", kind="duplicate")
    assert len(made) == 1
    assert state.text == TEXT.replace("The the ", "The ")
    assert logic.kinds_present(state) == ["possessive", "artifact", "duplicate"]


def test_commands_from_the_page_apply_once_in_order():
    log = "1:accept:3;2:reject:0; junk ;3:ignore:1;x:accept:2;4:drop:1"
    assert logic.parse_commands(log) == [(1, "accept", 3), (2, "reject", 0), (3, "ignore", 1)]
    assert logic.parse_commands(None) == []
    state = ViewState(seq=2)
    assert logic.pending_commands(state, log) == [(3, "ignore", 1)]
    new = logic.carry_seq(ViewState(), state)
    assert new.seq == 2


def test_ignore_always_saves_the_word_and_filters_it(tmp_path):
    house = HouseDictionary(tmp_path / "house.txt")
    state, made, word = logic.ignore(_state(), 0, house)
    assert word == "Azerbaijanthe"
    assert (tmp_path / "house.txt").read_text(encoding="utf-8") == "Azerbaijanthe\n"
    assert [s.kind for s in state.restoration.suggestions] == [Kind.ARTIFACT, Kind.DUPLICATE]
    assert made[0][1] == "reject"
    assert "Azerbaijanthe" in state.text
    with pytest.raises(InputError, match="E117"):
        logic.ignore(state, 0, house)  # the artifact changes no word


def test_ignore_takes_the_whole_word_around_a_minimal_edit(tmp_path, restorer):
    """A pass may propose ``the`` → ``’s`` inside ``Azerbaijanthe``: "the" must never be
    what lands in the dictionary, and the whole word is never suggested again."""
    text = "Fighting in Azerbaijanthe Nagorny region, the rebels said.\n"
    i = text.index("Azerbaijanthe") + len("Azerbaijan")
    inner = Suggestion.at(text, i, i + 3, "’s", kind=Kind.POSSESSIVE, confidence=0.9,
                          reason="possessive", source="t")
    assert ignorable_word(inner) is None  # without the text only "the" is known: too common
    assert ignorable_word(inner, text) == "Azerbaijanthe"
    house = HouseDictionary(tmp_path / "house.txt")
    state = ViewState(restoration=Restoration(text, (inner,)), accepted=frozenset({inner.id}))
    state, _, word = logic.ignore(state, 0, house)
    assert word == "Azerbaijanthe" and list(house) == ["Azerbaijanthe"]
    assert state.restoration.suggestions == () and state.text == text
    # whatever the passes propose inside that word later, the UI never shows it
    sample = SAMPLE.read_text(encoding="utf-8")
    assert any("Azerbaijanthe" in sample[s.start - 12 : s.end + 3]
               for s in logic.restore_text(restorer, sample).restoration.suggestions)
    fresh = logic.restore_text(restorer, sample, house=list(house)).restoration
    assert all(ignorable_word(s, sample) != "Azerbaijanthe" for s in fresh.suggestions)
    assert fresh.suggestions, "other repairs are still offered"


def test_only_edits_touching_a_word_can_be_ignored():
    text = "He said , “no.”\nAnd left.\n"
    comma = text.index(" ,")
    punct = Suggestion.at(text, comma, comma + 1, "", kind=Kind.PUNCTUATION, confidence=0.9,
                          reason="space before a comma", source="t")
    insert = Suggestion.at(text, 3, 3, "then ", kind=Kind.DROPPED_WORD, confidence=0.5,
                           reason="missing word", source="t")
    assert ignorable_word(punct, text) is None and ignorable_word(insert, text) is None
    dup_text = "after the the worst"
    dup = Suggestion.at(dup_text, 6, 10, "", kind=Kind.DUPLICATE, confidence=0.9,
                        reason="doubled", source="t")
    assert ignorable_word(dup, dup_text) is None
    common = Suggestion.at(dup_text, 6, 9, "a", kind=Kind.WRONG_WORD, confidence=0.5,
                           reason="wrong word", source="t")
    assert ignorable_word(common, dup_text) is None  # "the" is never a house word


def test_renderings_mark_each_suggestion():
    state = _state()
    art = article_html(state.restoration, state.accepted)
    assert art.count('class="sg ') == 3
    assert "<del>Azerbaijanthe</del><ins>Azerbaijan’s</ins>" in art
    assert 'class="sg k-duplicate rej low"' in art
    assert "<b>3</b> suggestions" in summary_html(state.restoration, state.accepted)
    evil = Restoration("<script>x</script>")
    assert "<script>" not in article_html(evil, ())


def test_uploads(tmp_path):
    (tmp_path / "a.txt").write_bytes("Caf\xe9 \x93quoted\x94".encode("latin-1"))
    up = logic.read_upload(tmp_path / "a.txt")
    assert up.text == "Café “quoted”" and up.warnings[0].startswith("E010")
    (tmp_path / "b.jsonl").write_text(
        json.dumps({"id": "r1", "text": "One."}) + "\nnot json\n" + json.dumps({"id": "r2", "text": "Two."}) + "\n",
        encoding="utf-8",
    )
    up = logic.read_upload(tmp_path / "b.jsonl")
    assert up.records == (("r1", "One."), ("r2", "Two."))
    assert up.text == "One." and "E011" in up.warnings[0]
    d = docx.Document()
    d.add_paragraph("From Word.")
    d.save(str(tmp_path / "c.docx"))
    assert logic.read_upload(tmp_path / "c.docx").text == "From Word."
    (tmp_path / "d.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    with pytest.raises(InputError, match="E009"):
        logic.read_upload(tmp_path / "d.txt")
    (tmp_path / "e.pdf").write_bytes(b"%PDF-1.4")
    with pytest.raises(InputError, match="E112"):
        logic.read_upload(tmp_path / "e.pdf")
    (tmp_path / "f.jsonl").write_text("[]\n", encoding="utf-8")
    with pytest.raises(InputError, match="E113"):
        logic.read_upload(tmp_path / "f.jsonl")


def test_exports_match_the_result(tmp_path):
    state, _ = logic.decide(_state(), 2, "accept")
    txt = logic.export_txt(state, tmp_path)
    assert txt.read_bytes() == state.text.encode("utf-8")
    out = logic.export_docx(state, tmp_path, author="Ann")
    assert read_docx(out) == state.text
    assert read_docx(out, revisions="reject") == TEXT


def test_queue_roundtrip(tmp_path):
    with ReviewStore(tmp_path / "q.sqlite3") as store:
        store.add(_r(), doc_id="afp/1", source="wire")
        assert logic.queue_rows(store)[0][:4] == ["afp/1", "wire", 3, 0]
        state = logic.from_queue(store.get("afp/1"))
        assert state.doc_id == "afp/1" and state.accepted == set(_r().default_accepted)
        state, made = logic.decide(state, 0, "reject")
        for sid, verdict in made:
            store.decide(state.doc_id, sid, verdict, reviewer="ann")
        reopened = logic.from_queue(store.get("afp/1"))
        assert reopened.text == state.text
