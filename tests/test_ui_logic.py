"""The UI's handlers as pure functions: no browser, real Restorer, real files and SQLite."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import docx
import pytest

from restore import InputError, Kind, Restoration, Restorer, Suggestion
from restore.dictionary import HouseDictionary
from restore.formats.docx import read_docx
from restore.dictionary import ignorable_word
from restore.render import article_html, cards_html, summary_html
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
    assert 'class="card rej pending low"' in html and 'id="card-2"' in html


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
    assert logic.parse_commands("5:accept:1;6:reject-all:0;7:accept-all:0;8:accept-al:0") == [
        (5, "accept", 1), (6, "reject-all", 0), (7, "accept-all", 0)]  # Shift+R, Shift+A in the same log
    state = ViewState(seq=2)
    assert logic.pending_commands(state, log) == [(3, "ignore", 1)]
    new = logic.carry_seq(ViewState(), state)
    assert new.seq == 2


def test_add_to_dictionary_only_for_a_real_word(tmp_path):
    """A spelling flag on a name can go in the dictionary; damage never can."""
    text = "Talks with Khachaturyan, the rebels‘the Defense said.\n"
    k = text.index("Khachaturyan")
    q = text.index("‘the")
    name = Suggestion.at(text, k, k + 12, "Khachaturian", kind=Kind.SPELLING, confidence=0.6,
                         reason="spelling", source="t")
    damage = Suggestion.at(text, q, q + 4, "’", kind=Kind.POSSESSIVE, confidence=0.9,
                           reason="spinner possessive", source="t")
    state = ViewState(restoration=Restoration(text, (name, damage)), accepted=frozenset({damage.id}))
    html = cards_html(state.restoration, state.accepted)
    assert 'id="add-to-dictionary-0"' in html and 'id="add-to-dictionary-1"' not in html
    house = HouseDictionary(tmp_path / "house.txt")
    with pytest.raises(InputError, match="E117"):
        logic.add_to_dictionary(state, 1, house)  # rebels‘the is damage, not a name
    assert list(house) == []
    state, made, word = logic.add_to_dictionary(state, 0, house)
    assert word == "Khachaturyan" and list(house) == ["Khachaturyan"]
    assert (tmp_path / "house.txt").read_text(encoding="utf-8") == "Khachaturyan\n"
    assert [s.kind for s in state.restoration.suggestions] == [Kind.POSSESSIVE]
    assert made == [(name.id, "reject")]


def test_dictionary_entries_are_checked(tmp_path):
    from restore.dictionary import check_entry

    for good in ("O’Brien", "AT&T", "U.S.", "Jean-Luc", "Khachaturyan"):
        assert check_entry(f" {good} ") == good
    for bad in ("", "two words", "a\nb", "x" * 41, "the", "rebels‘the", "<script>"):
        with pytest.raises(InputError, match="E150"):
            check_entry(bad)


def test_a_run_together_token_is_never_offered_for_the_dictionary():
    from restore.dictionary import dictionary_word

    text = "Fighting in Azerbaijanthe Nagorny region.\n"
    i = text.index("Azerbaijanthe")
    glued = Suggestion.at(text, i + 10, i + 10, " ", kind=Kind.RUN_TOGETHER, confidence=0.9,
                          reason="run together", source="t")
    assert dictionary_word(glued, text) is None


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
    assert ('<del><span class="sr">deleted: </span>Azerbaijanthe</del>'
            '<ins><span class="sr">inserted: </span>Azerbaijan’s</ins>') in art
    assert 'class="sg k-duplicate rej pending low"' in art
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


def test_every_suggestion_starts_pending_and_counts_say_so():
    state = _state()
    assert state.counts() == (3, 0, 0)
    assert state.unreviewed_applied() == 2  # the two confident ones are applied meanwhile
    state, _ = logic.decide(state, 0, "accept")
    state, _ = logic.decide(state, 2, "reject")
    assert state.counts() == (1, 1, 1) and state.unreviewed_applied() == 1
    state, made = logic.decide(state, 2, "reject")
    assert made == []  # deciding what is already decided records nothing


def test_undo_and_redo_walk_the_decisions():
    start = _state()
    a, _ = logic.decide(start, 0, "reject")
    b, _ = logic.decide_all(a, "accept", kind="duplicate")
    u, made = logic.undo(b)
    assert u.text == a.text and u.verdict(b.restoration.suggestions[2].id) == "pending"
    assert made == [(b.restoration.suggestions[2].id, "pending")]
    u2, made = logic.undo(u)
    assert u2.text == start.text and u2.counts() == (3, 0, 0)
    assert made == [(start.restoration.suggestions[0].id, "pending")]
    assert logic.undo(u2) == (u2, [])
    r1, _ = logic.redo(u2)
    assert r1.text == a.text
    r2, _ = logic.redo(r1)
    assert r2.text == b.text and not r2.future
    branch, _ = logic.decide(u, 1, "reject")  # a new decision forgets the redo
    assert branch.future == ()


def test_own_edit_replaces_the_card_and_undo_brings_it_back():
    start = _state()
    state, made, own = logic.edit(start, 0, "Azerbaijan's")  # whole words, as the card shows
    assert own.source == "editor" and own.confidence == 1.0
    assert (own.start, own.end, own.replacement) == (12, 25, "Azerbaijan's")
    assert state.text.startswith("Fighting in Azerbaijan's Nagorny")
    assert made == [(start.restoration.suggestions[0].id, "reject"), (own.id, "accept")]
    assert "Azerbaijan’s" in own.reason  # says what the engine proposed
    assert state.counts() == (2, 1, 0)
    back, made = logic.undo(state)
    assert back.restoration == start.restoration and back.text == start.text
    assert (own.id, "reject") in made
    same, made, none = logic.edit(start, 0, "Azerbaijanthe")  # the original back: a reject
    assert none is None and same.text.startswith("Fighting in Azerbaijanthe")
    with pytest.raises(InputError, match="E152"):
        logic.edit(start, 0, "x" * 5000)


def test_finished_queue_document_is_read_only():
    state = replace(_state(), doc_id="d1", read_only=True)
    for act in (lambda: logic.decide(state, 0, "accept"), lambda: logic.decide_all(state, "reject"),
                lambda: logic.undo(state), lambda: logic.edit(state, 0, "x")):
        with pytest.raises(InputError, match="E151"):
            act()


def test_tracked_docx_by_the_reviewer_with_reasons_as_comments(tmp_path):
    state, _, own = logic.edit(_state(), 0, "Azerbaijan's")
    path = logic.export_docx(state, tmp_path, author="Ann Editor")
    assert path.name == "Fighting-in-Azerbaijanthe-Nagorny-region.docx"  # the first line
    assert read_docx(path) == state.text and read_docx(path, revisions="reject") == TEXT
    import zipfile

    xml = zipfile.ZipFile(path).read("word/document.xml").decode()
    authors = set(re.findall(r'w:author="([^"]*)"', xml))
    assert authors == {"Ann Editor"}
    notes = docx.Document(str(path)).comments
    texts = [c.text for c in notes]
    assert any("Editor's own edit" in t for t in texts)
    assert any("stray full stop line" in t for t in texts)
    assert {c.author for c in notes} == {"Ann Editor", "restore"}


def test_badges_are_readable_and_red_means_deletion_only():
    from restore.render import FAMILIES, KIND_COLOURS

    def lum(hex_colour: str) -> float:
        rgb = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    for colour in KIND_COLOURS.values():
        ratio = (1.05) / (lum(colour) + 0.05)  # white text on the badge
        assert ratio >= 4.5, (colour, ratio)
    assert set(KIND_COLOURS) == {k.value for k in Kind}
    import colorsys

    for colour, _, _ in FAMILIES.values():
        h, _, sat = colorsys.rgb_to_hls(*(int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)))
        hue = h * 360
        red, green = (hue < 20 or hue > 340), (90 < hue < 150)
        assert sat < 0.3 or not (red or green), f"{colour}: red means deletion, green insertion"
    assert len({c for c, _, _ in FAMILIES.values()}) == len(FAMILIES)


def test_auth_comes_from_a_file_or_the_environment(tmp_path):
    from restore.errors import ConfigError
    from restore.ui import is_loopback, load_auth

    assert load_auth(None, env={}) is None
    assert load_auth(None, env={"RESTORE_UI_AUTH": "ann:s3cret,bo:pw"}) == [("ann", "s3cret"), ("bo", "pw")]
    f = tmp_path / "accounts"
    f.write_text("# desk\nann:pa:ss\n", encoding="utf-8")
    assert load_auth(f, env={}) == [("ann", "pa:ss")]
    f.write_text("no colon\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="E154"):
        load_auth(f, env={})
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("10.1.2.3")
