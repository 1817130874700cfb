"""The review queue: decisions are kept as history, committed at once, and exported."""

from __future__ import annotations

import json
import sqlite3

import pytest

from restore import InputError, Kind, Restoration, Suggestion
from restore.formats import safe_name
from restore.review import ReviewStore, default_db_path, export_main

TEXT = "Fighting in Azerbaijanthe Nagorny region, the rebels‘the ministry said.\n.\nMore.\n"


def _restoration() -> Restoration:
    i = TEXT.index("Azerbaijanthe")
    j = TEXT.index("‘the")
    k = TEXT.index("\n.\n")
    return Restoration(
        original=TEXT,
        suggestions=(
            Suggestion.at(TEXT, i, i + 13, "Azerbaijan’s", kind=Kind.POSSESSIVE, confidence=0.95,
                          reason="spinner damage to a possessive", source="possessive"),
            Suggestion.at(TEXT, j, j + 4, "’", kind=Kind.QUOTE, confidence=0.9,
                          reason="a possessive quote was mangled", source="quotes"),
            Suggestion.at(TEXT, k, k + 3, "\n", kind=Kind.ARTIFACT, confidence=0.5,
                          reason="a line holding only a full stop", source="artifacts"),
        ),
    )


@pytest.fixture
def store(tmp_path):
    with ReviewStore(tmp_path / "review.sqlite3") as s:
        yield s


def test_add_is_idempotent_and_listed(store):
    r = _restoration()
    assert store.add(r, doc_id="afp-1", source="wire") == "afp-1"
    assert store.add(r, doc_id="afp-1", source="other") == "afp-1"
    rows = store.pending()
    assert [(p.doc_id, p.source, p.suggestions, p.decided) for p in rows] == [("afp-1", "wire", 3, 0)]


def test_decisions_are_history_and_latest_wins(store):
    r = _restoration()
    store.add(r, doc_id="d")
    a, b, c = (s.id for s in r.suggestions)
    store.decide("d", a, "reject", reviewer="ann")
    store.decide("d", a, "accept", reviewer="bob")
    store.decide("d", b, "reject", reviewer="ann")
    item = store.get("d")
    assert [(h.suggestion_id, h.verdict, h.reviewer) for h in item.history] == [
        (a, "reject", "ann"), (a, "accept", "bob"), (b, "reject", "ann")]
    assert all(h.decided_at.endswith("+00:00") for h in item.history)
    assert item.decisions == {a: "accept", b: "reject"}
    # b rejected; c undecided and below threshold stays out
    assert item.text == TEXT.replace("Azerbaijanthe", "Azerbaijan’s")
    assert store.pending()[0].decided == 2


def test_decisions_survive_a_new_connection(tmp_path):
    path = tmp_path / "q.sqlite3"
    r = _restoration()
    s1 = ReviewStore(path)
    s1.add(r, doc_id="d")
    s1.decide("d", r.suggestions[2].id, "accept", reviewer="ann")
    # no close(): a crash right after the decision must not lose it
    with sqlite3.connect(path) as raw:
        assert raw.execute("SELECT verdict, reviewer FROM decisions").fetchall() == [("accept", "ann")]
        assert raw.execute("PRAGMA user_version").fetchone()[0] == 1
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    s1.close()


def test_finish_moves_document_to_approved(store):
    r = _restoration()
    store.add(r, doc_id="d1")
    store.add(r, doc_id="d2")
    store.decide("d1", r.suggestions[1].id, "reject", reviewer="ann")
    store.finish("d1", reviewer="ann")
    assert [p.doc_id for p in store.pending()] == ["d2"]
    assert list(store.approved()) == [("d1", TEXT.replace("Azerbaijanthe", "Azerbaijan’s"))]
    assert store.get("d1").status == "done"


@pytest.mark.parametrize(
    "call,code",
    [
        (lambda s, r: s.decide("nope", r.suggestions[0].id, "accept", reviewer="a"), "E101"),
        (lambda s, r: s.decide("d", "0-0-bad", "accept", reviewer="a"), "E006"),
        (lambda s, r: s.decide("d", r.suggestions[0].id, "maybe", reviewer="a"), "E102"),
        (lambda s, r: s.decide("d", r.suggestions[0].id, "accept", reviewer=" "), "E103"),
        (lambda s, r: s.finish("nope", reviewer="a"), "E101"),
        (lambda s, r: s.get("nope"), "E101"),
        (lambda s, r: s.add(r, doc_id=""), "E105"),
    ],
)
def test_bad_calls_are_coded_errors(store, call, code):
    r = _restoration()
    store.add(r, doc_id="d")
    with pytest.raises(InputError, match=code):
        call(store, r)
    assert store.get("d").history == ()


def test_sql_is_parameterised(store):
    r = _restoration()
    evil = "x'; DROP TABLE decisions; --"
    store.add(r, doc_id=evil, source=evil)
    store.decide(evil, r.suggestions[0].id, "accept", reviewer=evil)
    assert store.get(evil).history[0].reviewer == evil


def test_default_db_follows_restore_home(tmp_path, monkeypatch):
    monkeypatch.setenv("RESTORE_HOME", str(tmp_path / "home"))
    assert default_db_path() == tmp_path / "home" / "review.sqlite3"
    with ReviewStore() as s:
        assert s.path == tmp_path / "home" / "review.sqlite3"
    assert s.path.exists()


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "future.sqlite3"
    with sqlite3.connect(path) as raw:
        raw.execute("PRAGMA user_version = 99")
    with pytest.raises(InputError, match="E104"):
        ReviewStore(path)


def test_export_main_writes_jsonl_and_folder(tmp_path, capsys):
    db = tmp_path / "q.sqlite3"
    r = _restoration()
    with ReviewStore(db) as s:
        s.add(r, doc_id="../evil/doc")
        s.add(r, doc_id="waiting")
        s.finish("../evil/doc", reviewer="ann")
    assert export_main(["export", "--db", str(db), "--out", str(tmp_path / "out.jsonl")]) == 0
    rows = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert rows == [{"id": "../evil/doc", "text": r.text}]
    assert export_main(["export", "--db", str(db), "--out", str(tmp_path / "dir")]) == 0
    files = list((tmp_path / "dir").iterdir())
    assert [f.name for f in files] == [f"{safe_name('../evil/doc')}.txt"]  # as restore batch names it
    assert files[0].name.startswith("evil_doc-") and ".." not in files[0].name
    assert files[0].read_text(encoding="utf-8") == r.text
    capsys.readouterr()
    assert export_main(["list", "--db", str(db)]) == 0
    assert "waiting\t3 suggestions\t0 decided" in capsys.readouterr().out
    assert export_main(["list", "--db", str(tmp_path / "missing.sqlite3")]) == 2
