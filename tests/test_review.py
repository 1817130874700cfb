"""The review queue: decisions are kept as history, committed at once, and exported.

Every test taking ``store`` or ``db_url`` runs against both backends: a SQLite file and a
real PostgreSQL server (``review_backends``)."""

from __future__ import annotations

import json
import sqlite3
import time

import pytest
from review_backends import db_url, pg_dsn  # noqa: F401  (fixtures)

from restore import ConfigError, InputError, Kind, Restoration, Suggestion
from restore.errors import ConflictError, RestoreError
from restore.formats import safe_name
from restore.review import SCHEMA_VERSION, ReviewStore, default_db_path, export_main
from restore.review.store import MIGRATIONS

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
def store(db_url):
    with ReviewStore(db_url) as s:
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
        assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
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


def test_newer_schema_in_the_versions_table_is_refused(db_url):
    with ReviewStore(db_url) as s:
        with s._db.write():
            s._db.execute("INSERT INTO schema_versions (version, applied_at) VALUES (99, 'later')")
    with pytest.raises(InputError, match="E104.*version 99"):
        ReviewStore(db_url)


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


# -- schema versions ---------------------------------------------------------------------

_V1_ROWS = [
    ("INSERT INTO documents (doc_id, source, restoration, added_at, status, finished_at, finished_by) "
     "VALUES (?, ?, ?, ?, ?, ?, ?)"),
    "INSERT INTO decisions (doc_id, suggestion_id, verdict, reviewer, decided_at) VALUES (?, ?, ?, ?, ?)",
]


def _v1_sqlite_file(path):
    """A review file exactly as restore wrote it before schema version 2 (user_version 1)."""
    r = _restoration()
    with sqlite3.connect(path) as raw:
        for statement in MIGRATIONS[1]:
            raw.execute(statement.format(serial="INTEGER PRIMARY KEY AUTOINCREMENT"))
        raw.execute("PRAGMA user_version = 1")
        raw.execute(_V1_ROWS[0], ("old", "wire", r.to_json(), "2026-01-01T00:00:00.000+00:00", "pending", None, None))
        raw.execute(_V1_ROWS[0], ("shipped", "", r.to_json(), "2026-01-01T00:00:01.000+00:00", "done",
                                   "2026-01-02T00:00:00.000+00:00", "ann"))
        raw.execute(_V1_ROWS[1], ("old", r.suggestions[0].id, "reject", "ann", "2026-01-01T00:00:02.000+00:00"))
    raw.close()
    return r


def test_a_v1_sqlite_file_is_migrated_forwards_on_open(tmp_path):
    path = tmp_path / "v1.sqlite3"
    r = _v1_sqlite_file(path)
    with ReviewStore(path) as s:
        assert s.schema_version == SCHEMA_VERSION
        item = s.get("old")
        assert item.decisions == {r.suggestions[0].id: "reject"} and item.revision == 0
        assert [p.doc_id for p in s.pending()] == ["old"]
        assert list(s.approved()) == [("shipped", r.text)]
        d = s.decide("old", r.suggestions[1].id, "reject", reviewer="bob", revision=0)
        assert d.revision == 1
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        versions = [v for (v,) in raw.execute("SELECT version FROM schema_versions ORDER BY version")]
        assert versions == list(range(1, SCHEMA_VERSION + 1))
    raw.close()
    with ReviewStore(path) as s:  # opening a current file again changes nothing
        assert s.get("old").revision == 1


def test_a_v1_database_is_migrated_forwards_on_both_backends(db_url):
    """Version 1 recorded in the versions table (how a PostgreSQL desk would hold it)."""
    from restore.review.backends import open_dialect

    r = _restoration()
    d, _where = open_dialect(db_url)
    with d.write():
        d.execute("CREATE TABLE schema_versions (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)")
        for statement in MIGRATIONS[1]:
            d.execute(statement.format(serial=d.serial))
        d.execute("INSERT INTO schema_versions VALUES (1, 'then')")
        d.execute(_V1_ROWS[0], ("old", "", r.to_json(), "2026-01-01T00:00:00.000+00:00", "pending", None, None))
        d.execute(_V1_ROWS[1], ("old", r.suggestions[0].id, "reject", "ann", "2026-01-01T00:00:02.000+00:00"))
    d.close()
    with ReviewStore(db_url) as s:
        assert s.schema_version == SCHEMA_VERSION
        assert s.get("old").decisions == {r.suggestions[0].id: "reject"}
        s.claim("old", "bob")
        s.suggest("old", 0, 8, "Fights", reviewer="bob")
        assert s.get("old").revision == 1


def _columns(store: ReviewStore) -> dict[str, list[str]]:
    d = store._db
    tables = ["documents", "decisions", "editor_suggestions", "document_events", "schema_versions"]
    with d.read():
        if store.backend == "sqlite":
            return {t: [r[1] for r in d.execute(f"PRAGMA table_info({t})").fetchall()] for t in tables}
        return {
            t: [r[0] for r in d.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() "
                "AND table_name = ? ORDER BY ordinal_position", (t,)).fetchall()]
            for t in tables
        }


def test_both_backends_have_the_same_schema(tmp_path, pg_dsn):
    from review_backends import drop_schema, fresh_schema

    url, name = fresh_schema(pg_dsn)
    try:
        with ReviewStore(tmp_path / "a.sqlite3") as lite, ReviewStore(url) as pg:
            assert _columns(lite) == _columns(pg)
            assert all(_columns(lite).values())
    finally:
        drop_schema(pg_dsn, name)


def test_two_stores_opening_a_new_database_at_once_both_work(db_url):
    a, b = ReviewStore(db_url), ReviewStore(db_url)
    a.add(_restoration(), doc_id="d")
    assert b.get("d").revision == 0
    a.close()
    b.close()


# -- choosing the backend ----------------------------------------------------------------

def test_restore_db_selects_the_backend(db_url, tmp_path, monkeypatch):
    monkeypatch.setenv("RESTORE_DB", str(db_url))
    monkeypatch.setenv("RESTORE_HOME", str(tmp_path / "home"))
    with ReviewStore() as s:
        s.add(_restoration(), doc_id="via-env")
        expected = "postgresql" if str(db_url).startswith("postgresql://") else "sqlite"
        assert s.backend == expected
    with ReviewStore(db_url) as s:
        assert s.get("via-env").doc_id == "via-env"
    assert not (tmp_path / "home" / "review.sqlite3").exists()


def test_review_cli_takes_either_backend(db_url, tmp_path, capsys):
    r = _restoration()
    with ReviewStore(db_url) as s:
        s.add(r, doc_id="a")
        s.add(r, doc_id="b")
        s.claim("b", "ann")
        s.finish("a", reviewer="ann")
    assert export_main(["export", "--db", str(db_url), "--out", str(tmp_path / "o.jsonl")]) == 0
    assert [json.loads(x)["id"] for x in (tmp_path / "o.jsonl").read_text().splitlines()] == ["a"]
    capsys.readouterr()
    assert export_main(["list", "--db", str(db_url)]) == 0
    assert "b\t3 suggestions\t0 decided\t\tclaimed by ann" in capsys.readouterr().out
    assert export_main(["reopen", "a", "--reviewer", "bob", "--db", str(db_url)]) == 0
    assert "pending again" in capsys.readouterr().out
    with ReviewStore(db_url) as s:
        assert sorted(p.doc_id for p in s.pending()) == ["a", "b"]


def test_an_unreachable_server_is_a_coded_error_without_the_password(pg_dsn):
    with pytest.raises(ConfigError, match="E133") as err:
        ReviewStore("postgresql://ann:s3cret@127.0.0.1:1/review")
    assert "s3cret" not in str(err.value) and "ann@127.0.0.1:1/review" in str(err.value)
    with pytest.raises(ConfigError, match="E135"):
        ReviewStore("mysql://ann:s3cret@host/db")


# -- a desk of editors: claims, revisions, finished documents ----------------------------

def test_a_claimed_document_tells_others_who_holds_it(store):
    r = _restoration()
    store.add(r, doc_id="d")
    c = store.claim("d", "ann", session="tab-1")
    assert (c.reviewer, c.session) == ("ann", "tab-1") and c.expires_at > c.claimed_at
    with pytest.raises(ConflictError, match="E130.*'d' is being reviewed by ann"):
        store.claim("d", "bob")
    with pytest.raises(ConflictError, match="E130.*by ann"):
        store.decide("d", r.suggestions[0].id, "reject", reviewer="bob")
    with pytest.raises(ConflictError, match="E130"):
        store.finish("d", reviewer="bob")
    assert store.get("d").history == () and store.get("d").status == "pending"
    assert store.pending()[0].claimed_by == "ann"
    again = store.claim("d", "ann", session="tab-2")  # the holder renews, from another tab
    assert again.claimed_at == c.claimed_at and again.session == "tab-2"
    store.decide("d", r.suggestions[0].id, "reject", reviewer="ann")
    assert store.release("d", "bob") is False
    assert store.release("d", "ann") is True
    assert store.get("d").claim is None and store.pending()[0].claimed_by is None
    assert store.claim("d", "bob").reviewer == "bob"


def test_a_claim_expires(store):
    r = _restoration()
    store.add(r, doc_id="d")
    store.claim("d", "ann", ttl=2)
    with pytest.raises(ConflictError, match="E130"):
        store.claim("d", "bob")
    time.sleep(2.1)
    assert store.get("d").claim is None
    assert store.claim("d", "bob").reviewer == "bob"
    with pytest.raises(InputError, match="E137"):
        store.claim("d", "bob", ttl=0)


def test_finishing_releases_the_claim(store):
    store.add(_restoration(), doc_id="d")
    store.claim("d", "ann")
    store.finish("d", reviewer="ann")
    item = store.get("d")
    assert item.claim is None and item.finished_by == "ann"


def test_a_decision_on_a_stale_view_is_refused(store):
    r = _restoration()
    a, b, c = (s.id for s in r.suggestions)
    store.add(r, doc_id="d")
    seen = store.get("d").revision
    assert seen == 0
    first = store.decide("d", a, "reject", reviewer="ann", revision=seen)
    assert first.revision == 1
    with pytest.raises(ConflictError, match=r"E131.*revision 0, it is now 1"):
        store.decide("d", b, "reject", reviewer="bob", revision=seen)  # bob's screen is old
    with pytest.raises(ConflictError, match="E131"):
        store.finish("d", reviewer="bob", revision=seen)
    assert [h.suggestion_id for h in store.get("d").history] == [a]
    store.decide("d", b, "reject", reviewer="bob", revision=1)
    assert store.finish("d", reviewer="bob", revision=2) == 3
    assert [h.revision for h in store.get("d").history] == [1, 2]


def test_a_decision_on_a_finished_document_is_refused_until_reopened(store):
    r = _restoration()
    a = r.suggestions[0].id
    store.add(r, doc_id="d")
    store.finish("d", reviewer="ann")
    exported = list(store.approved())
    with pytest.raises(ConflictError, match="E132.*'d' was finished by ann") as err:
        store.decide("d", a, "reject", reviewer="bob")
    assert "Reopen it first" in str(err.value)
    for call in (
        lambda: store.decide_many("d", {a: "reject"}, reviewer="bob"),
        lambda: store.finish("d", reviewer="bob"),
        lambda: store.claim("d", "bob"),
        lambda: store.suggest("d", 0, 8, "Fights", reviewer="bob"),
    ):
        with pytest.raises(ConflictError, match="E132"):
            call()
    assert list(store.approved()) == exported and store.get("d").history == ()
    revision = store.reopen("d", reviewer="bob")
    assert store.reopen("d", reviewer="bob") == revision  # already pending: nothing to do
    assert [p.doc_id for p in store.pending()] == ["d"] and list(store.approved()) == []
    store.decide("d", a, "reject", reviewer="bob", revision=revision)
    store.finish("d", reviewer="bob")
    assert list(store.approved()) == [("d", r.apply([r.suggestions[1].id]))]
    with store._db.read():
        events = store._db.execute(
            "SELECT action, reviewer FROM document_events WHERE doc_id = ? ORDER BY seq", ("d",)
        ).fetchall()
    assert [tuple(e) for e in events] == [("finish", "ann"), ("reopen", "bob"), ("finish", "bob")]


def test_a_retried_decision_is_stored_once(store):
    r = _restoration()
    store.add(r, doc_id="d")
    one = store.decide("d", r.suggestions[0].id, "reject", reviewer="ann", token="req-1")
    two = store.decide("d", r.suggestions[0].id, "reject", reviewer="ann", token="req-1")
    assert one == two and len(store.get("d").history) == 1
    many = store.decide_many("d", {r.suggestions[1].id: "reject", r.suggestions[2].id: "accept"},
                             reviewer="ann", token="req-2")
    assert store.decide_many("d", [], reviewer="ann") == []
    assert store.decide_many("d", {r.suggestions[1].id: "reject", r.suggestions[2].id: "accept"},
                             reviewer="ann", token="req-2") == many
    assert len(store.get("d").history) == 3 and store.get("d").revision == 2


def test_decide_many_is_all_or_nothing(store):
    r = _restoration()
    a, b, c = (s.id for s in r.suggestions)
    store.add(r, doc_id="d")
    out = store.decide_many("d", {a: "reject", b: "reject", c: "accept"}, reviewer="ann", revision=0)
    assert [(x.suggestion_id, x.verdict, x.revision) for x in out] == [(a, "reject", 1), (b, "reject", 1), (c, "accept", 1)]
    item = store.get("d")
    assert item.revision == 1 and item.decisions == {a: "reject", b: "reject", c: "accept"}
    assert item.text == TEXT.replace("\n.\n", "\n")
    for bad, code in (([(a, "accept"), ("0-0-bad", "accept")], "E006"), ([(a, "accept"), (b, "maybe")], "E102")):
        with pytest.raises(InputError, match=code):
            store.decide_many("d", bad, reviewer="ann")
    assert store.get("d").revision == 1 and len(store.get("d").history) == 3


# -- editors' own suggestions ------------------------------------------------------------

def test_an_editor_suggestion_is_kept_accepted_and_exported(db_url):
    r = _restoration()
    i = TEXT.index("Nagorny")
    with ReviewStore(db_url) as store:
        store.add(r, doc_id="d")
        s = store.suggest("d", i, i + 7, "Nagorno-Karabakh", reviewer="ann", reason="house style")
        assert (s.source, s.confidence, s.reason, s.original) == ("editor", 1.0, "house style", "Nagorny")
        assert store.suggest("d", i, i + 7, "Nagorno-Karabakh", reviewer="ann") == s  # once only
    with ReviewStore(db_url) as store:  # kept in the store, seen by every later reader
        item = store.get("d")
        assert item.editor_suggestions == [s] and item.decisions[s.id] == "accept"
        assert item.restoration.by_id(s.id) == s and item.revision == 2
        assert item.text == r.text.replace("Nagorny", "Nagorno-Karabakh")
        assert store.pending()[0].suggestions == 4
        store.decide("d", s.id, "reject", reviewer="bob")
        assert store.get("d").text == r.text
        store.finish("d", reviewer="bob")
        assert list(store.approved()) == [("d", r.text)]


def test_an_editor_suggestion_replaces_the_accepted_one_it_overlaps(store):
    r = _restoration()
    machine = r.suggestions[0]  # "Azerbaijanthe" -> "Azerbaijan’s", accepted by default
    store.add(r, doc_id="d")
    mine = store.suggest("d", machine.start, machine.end, "Azerbaijan, the", reviewer="ann", kind="run-together")
    item = store.get("d")
    assert item.decisions == {machine.id: "reject", mine.id: "accept"}
    assert "Azerbaijan, the Nagorny" in item.text
    store.decide("d", machine.id, "accept", reviewer="ann")  # and back: the editor's steps aside
    item = store.get("d")
    assert item.decisions == {machine.id: "accept", mine.id: "reject"}
    assert item.text == r.text


def test_bad_editor_suggestions_are_coded_errors(store):
    store.add(_restoration(), doc_id="d")
    for call, code in (
        (lambda: store.suggest("d", 0, 8, "Fighting", reviewer="ann"), "E136"),
        (lambda: store.suggest("d", 5, len(TEXT) + 1, "x", reviewer="ann"), "E002"),
        (lambda: store.suggest("d", 0, 1, "x", reviewer=" "), "E103"),
        (lambda: store.suggest("d", 0, 1, "x", reviewer="ann", kind="nonsense"), "E014|nonsense"),
        (lambda: store.suggest("nope", 0, 1, "x", reviewer="ann"), "E101"),
    ):
        with pytest.raises((RestoreError, ValueError), match=code):
            call()
    assert store.get("d").history == () and store.get("d").revision == 0


def test_a_dropped_postgresql_connection_is_replaced(pg_dsn):
    """A server restart or a dropped idle connection must not kill a long-running UI."""
    import psycopg

    from review_backends import drop_schema, fresh_schema

    url, name = fresh_schema(pg_dsn)
    try:
        with ReviewStore(url) as store:
            store.add(_restoration(), doc_id="d")
            with psycopg.connect(pg_dsn, autocommit=True) as admin:
                pid = store._db.conn.info.backend_pid
                admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
            time.sleep(0.2)
            assert store.get("d").revision == 0  # found dead at BEGIN: replaced, nothing lost
            store.decide("d", _restoration().suggestions[0].id, "reject", reviewer="ann")
            assert store._db.conn.info.backend_pid != pid
            assert len(store.get("d").history) == 1
    finally:
        drop_schema(pg_dsn, name)
