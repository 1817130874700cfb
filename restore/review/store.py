"""The review queue: restorations waiting for an editor, and every decision made on them.

One API over two backends (``backends.py``): a SQLite file in WAL mode (the embedded
default) or a PostgreSQL server for a desk of editors. Each decision is committed the
moment it is made, so a crash or a closed browser loses nothing already decided. Decisions
are appended, never overwritten: the latest verdict per suggestion counts, the rest is the
audit trail.

A desk of several editors adds three rules, all checked inside the write's transaction
(the document's row is locked), so concurrent writers from any number of processes
serialise per document and none is lost:

- **Claims**: ``claim()`` marks a document as someone's for a while (``ttl``, renewed by
  their decisions); anyone else's write on it is refused (E130, naming the holder) until it
  is released, finished or expired.
- **Revisions**: every change (a decision, an editor's suggestion, finish, reopen) bumps the
  document's ``revision``. A write that passes the ``revision`` its view was built from is
  refused (E131) if the document changed meanwhile: nobody decides on a stale screen.
- **Finished is final**: a write on a finished document is refused (E132); ``reopen()``
  makes it pending again, explicitly and in the audit log, so an exported text never
  changes silently.

Writers that may retry (a browser resending, a worker restarted after ``kill -9``) pass a
``token``: a decision whose token is already stored is returned, not written again.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

from ..dictionary import restore_home
from ..errors import ConflictError, Errors, InputError
from ..suggestion import Kind, Restoration, Suggestion
from .backends import Dialect, default_db, default_db_path, open_dialect

SCHEMA_VERSION = 2
VERDICTS = ("accept", "reject")
EDITOR_SOURCE = "editor"
DEFAULT_CLAIM_TTL = 15 * 60
"""Seconds a claim lasts unless renewed (by a decision or another ``claim()``)."""

DEFAULT_DB = default_db_path()
"""The default SQLite path at import time; ``ReviewStore()`` re-reads ``RESTORE_DB`` and
``RESTORE_HOME``."""

# Forward migrations, one list of statements per version; ``{serial}`` is the dialect's
# auto-numbered key. Version 1 is the schema SQLite files were created with before the
# versions table (it kept its version in PRAGMA user_version).
MIGRATIONS: dict[int, tuple[str, ...]] = {
    1: (
        """CREATE TABLE IF NOT EXISTS documents (
            doc_id      TEXT PRIMARY KEY,
            source      TEXT NOT NULL DEFAULT '',
            restoration TEXT NOT NULL,
            added_at    TEXT NOT NULL,
            status      TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done')),
            finished_at TEXT,
            finished_by TEXT
        )""",
        """CREATE TABLE IF NOT EXISTS decisions (
            seq           {serial},
            doc_id        TEXT NOT NULL REFERENCES documents(doc_id),
            suggestion_id TEXT NOT NULL,
            verdict       TEXT NOT NULL CHECK (verdict IN ('accept', 'reject')),
            reviewer      TEXT NOT NULL,
            decided_at    TEXT NOT NULL
        )""",
        "CREATE INDEX IF NOT EXISTS decisions_doc ON decisions(doc_id, seq)",
        "CREATE INDEX IF NOT EXISTS documents_status ON documents(status, added_at)",
    ),
    2: (
        "ALTER TABLE documents ADD COLUMN revision INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE documents ADD COLUMN claimed_by TEXT",
        "ALTER TABLE documents ADD COLUMN claim_session TEXT",
        "ALTER TABLE documents ADD COLUMN claimed_at TEXT",
        "ALTER TABLE documents ADD COLUMN claim_expires TEXT",
        "ALTER TABLE documents ADD COLUMN claim_ttl INTEGER",
        "ALTER TABLE decisions ADD COLUMN revision INTEGER",
        "ALTER TABLE decisions ADD COLUMN session TEXT",
        "ALTER TABLE decisions ADD COLUMN token TEXT",
        "CREATE UNIQUE INDEX IF NOT EXISTS decisions_token ON decisions(doc_id, token)",
        """CREATE TABLE IF NOT EXISTS editor_suggestions (
            seq           {serial},
            doc_id        TEXT NOT NULL REFERENCES documents(doc_id),
            suggestion_id TEXT NOT NULL,
            suggestion    TEXT NOT NULL,
            reviewer      TEXT NOT NULL,
            added_at      TEXT NOT NULL,
            UNIQUE (doc_id, suggestion_id)
        )""",
        """CREATE TABLE IF NOT EXISTS document_events (
            seq      {serial},
            doc_id   TEXT NOT NULL REFERENCES documents(doc_id),
            action   TEXT NOT NULL CHECK (action IN ('finish', 'reopen')),
            reviewer TEXT NOT NULL,
            at       TEXT NOT NULL,
            revision INTEGER NOT NULL
        )""",
    ),
}
assert max(MIGRATIONS) == SCHEMA_VERSION


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


def _later(now: str, seconds: int) -> str:
    return (datetime.fromisoformat(now) + timedelta(seconds=seconds)).isoformat(timespec="milliseconds")


def _reviewer(reviewer: object) -> str:
    if not isinstance(reviewer, str) or not reviewer.strip():
        raise InputError(Errors.E103)
    return reviewer.strip()


@dataclass(frozen=True)
class Decision:
    suggestion_id: str
    verdict: str
    reviewer: str
    decided_at: str
    revision: int = 0
    """The document's revision once this decision was stored (pass it to the next write)."""
    session: str | None = None


@dataclass(frozen=True)
class Claim:
    """Who is reviewing a document, since when, and until when unless renewed."""

    doc_id: str
    reviewer: str
    session: str | None
    claimed_at: str
    expires_at: str


@dataclass(frozen=True)
class PendingDoc:
    """One row of the queue listing."""

    doc_id: str
    source: str
    suggestions: int
    decided: int
    added_at: str
    claimed_by: str | None = None
    """The reviewer holding an unexpired claim on it, if any."""
    revision: int = 0


@dataclass(frozen=True)
class ReviewItem:
    """A queued document: its restoration (the machine's suggestions plus editors'), and
    what has been decided on it so far."""

    doc_id: str
    source: str
    restoration: Restoration
    status: str
    history: tuple[Decision, ...] = field(default=())
    revision: int = 0
    """Pass it back with a write to have it refused if the document changed meanwhile."""
    claim: Claim | None = None
    """The unexpired claim on it, if any."""
    finished_by: str | None = None
    finished_at: str | None = None

    @property
    def decisions(self) -> dict[str, str]:
        """The latest verdict per suggestion id."""
        latest: dict[str, str] = {}
        for d in self.history:
            latest[d.suggestion_id] = d.verdict
        return latest

    @property
    def accepted(self) -> list[str]:
        """Ids to apply: explicit accepts, plus confident suggestions nobody rejected.

        Undecided suggestions follow the default (applied at or above the threshold), the
        same state the review view starts from.
        """
        return _accepted(self.restoration, self.decisions)

    @property
    def text(self) -> str:
        return self.restoration.apply(self.accepted)

    @property
    def editor_suggestions(self) -> list[Suggestion]:
        return [s for s in self.restoration.suggestions if s.source == EDITOR_SOURCE]


def _accepted(restoration: Restoration, verdicts: Mapping[str, str]) -> list[str]:
    default = set(restoration.default_accepted)
    return [
        s.id
        for s in restoration.suggestions
        if verdicts.get(s.id, "accept" if s.id in default else "reject") == "accept"
    ]


@dataclass(frozen=True)
class _State:
    """A document's row as a write sees it, under the row lock."""

    status: str
    revision: int
    claimed_by: str | None
    claim_session: str | None
    claimed_at: str | None
    claim_expires: str | None
    claim_ttl: int | None
    finished_by: str | None
    finished_at: str | None

    def holder(self, now: str) -> str | None:
        if self.claimed_by is not None and (self.claim_expires or "") > now:
            return self.claimed_by
        return None


_STATE_COLUMNS = (
    "status, revision, claimed_by, claim_session, claimed_at, claim_expires, claim_ttl, "
    "finished_by, finished_at"
)


class ReviewStore:
    """The review queue in one SQLite file or one PostgreSQL database. Safe to share
    between threads; any number of processes may open the same database at once.

    ``db``: a path (or ``sqlite:///path``) for SQLite, a ``postgresql://`` URL for
    PostgreSQL; ``None`` reads ``RESTORE_DB``, else ``~/.restore/review.sqlite3``. The
    schema is migrated forwards on open; a newer one is refused (E104).
    """

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        if path is None:
            path = default_db()
        self._db: Dialect
        self._db, self.path = open_dialect(path)
        self.backend = self._db.name
        """``"sqlite"`` or ``"postgresql"``."""
        self._machine_cache: dict[str, Restoration] = {}
        try:
            self._migrate()
        except BaseException:
            self._db.close()
            raise

    def _migrate(self) -> None:
        d = self._db
        with d.write():
            d.lock_schema()
            has_table = d.table_exists("schema_versions")
            if has_table:
                found = d.execute("SELECT MAX(version) FROM schema_versions").fetchone()[0] or 0
            else:
                found = d.legacy_version()
            if found > SCHEMA_VERSION:
                raise InputError(Errors.E104.format(path=self.path, found=found, want=SCHEMA_VERSION))
            if has_table and found == SCHEMA_VERSION:
                return
            d.execute(
                "CREATE TABLE IF NOT EXISTS schema_versions "
                "(version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)"
            )
            for version in range(1, found + 1):  # versions kept before the table existed
                d.execute(
                    "INSERT INTO schema_versions (version, applied_at) VALUES (?, ?) "
                    "ON CONFLICT (version) DO NOTHING",
                    (version, "before " + _now()),
                )
            for version in range(found + 1, SCHEMA_VERSION + 1):
                for statement in MIGRATIONS[version]:
                    d.execute(statement.format(serial=d.serial))
                d.execute(
                    "INSERT INTO schema_versions (version, applied_at) VALUES (?, ?)",
                    (version, _now()),
                )
            d.after_migrate(SCHEMA_VERSION)

    @property
    def schema_version(self) -> int:
        with self._db.read():
            return int(self._db.execute("SELECT MAX(version) FROM schema_versions").fetchone()[0])

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> ReviewStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing ------------------------------------------------------------------------

    def add(self, restoration: Restoration, *, doc_id: str, source: str = "") -> str:
        """Queue ``restoration`` as ``doc_id``. Adding the same doc_id again changes nothing."""
        if not isinstance(doc_id, str) or not doc_id.strip():
            raise InputError(Errors.E105.format(doc_id=doc_id))
        with self._db.write():
            self._db.execute(
                "INSERT INTO documents (doc_id, source, restoration, added_at) "
                "VALUES (?, ?, ?, ?) ON CONFLICT (doc_id) DO NOTHING",
                (doc_id, source, restoration.to_json(), self._db.clock()),
            )
        return doc_id

    def decide(
        self,
        doc_id: str,
        suggestion_id: str,
        verdict: str,
        *,
        reviewer: str,
        revision: int | None = None,
        session: str | None = None,
        token: str | None = None,
    ) -> Decision:
        """Record one verdict, committed at once. Earlier verdicts stay in the history.

        Refused on a finished document (E132), one claimed by someone else (E130), or, with
        ``revision``, one that changed since that revision (E131). Accepting a suggestion
        that overlaps an accepted one (an editor's) rejects the other in the same step.
        """
        return self.decide_many(
            doc_id, [(suggestion_id, verdict)], reviewer=reviewer, revision=revision,
            session=session, token=token,
        )[0]

    def decide_many(
        self,
        doc_id: str,
        verdicts: Mapping[str, str] | Iterable[tuple[str, str]],
        *,
        reviewer: str,
        revision: int | None = None,
        session: str | None = None,
        token: str | None = None,
    ) -> list[Decision]:
        """Record several verdicts on one document in one transaction: all or none.

        The same checks as ``decide``; the revision is bumped once. With ``token``, a retry
        of a batch already stored returns the stored decisions.
        """
        pairs = list(verdicts.items() if isinstance(verdicts, Mapping) else verdicts)
        who = _reviewer(reviewer)
        for _sid, verdict in pairs:
            if verdict not in VERDICTS:
                raise InputError(Errors.E102.format(verdict=verdict))
        machine = self._machine(doc_id)
        if not pairs:
            return []
        tokens = [None if token is None else f"{token}/{i}" for i in range(len(pairs))]
        if len(pairs) == 1 and token is not None:
            tokens = [token]
        d = self._db
        with d.write():
            if token is not None:
                stored = self._by_token(doc_id, tokens)
                if stored is not None:
                    return stored
            state = self._lock(doc_id)
            now = self._db.clock()
            self._check(doc_id, state, who, revision, now)
            restoration = self._merged(machine, doc_id)
            known = {x.id for x in restoration.suggestions}
            unknown = [sid for sid, _v in pairs if sid not in known]
            if unknown:
                raise InputError(Errors.E006.format(ids=", ".join(unknown)))
            new_revision = state.revision + 1
            has_editor = len(restoration.suggestions) > len(machine.suggestions)
            current = self._verdicts(doc_id) if has_editor else {}
            # (suggestion, verdict, token); automatic rejects that make room for an accept
            # of an overlapping suggestion carry no token and are not returned
            rows: list[tuple[str, str, str | None, bool]] = []
            for (sid, verdict), tok in zip(pairs, tokens):
                if has_editor and verdict == "accept":
                    rows.extend((o, v, None, False) for o, v in _unseat(restoration, current, sid))
                rows.append((sid, verdict, tok, True))
                current[sid] = verdict
            out: list[Decision] = []
            for sid, verdict, tok, explicit in rows:
                d.execute(
                    "INSERT INTO decisions (doc_id, suggestion_id, verdict, reviewer, decided_at, "
                    "revision, session, token) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (doc_id, sid, verdict, who, now, new_revision, session, tok),
                )
                if explicit:
                    out.append(Decision(sid, verdict, who, now, new_revision, session))
            self._bump(doc_id, state, who, new_revision, now)
        return out

    def suggest(
        self,
        doc_id: str,
        start: int,
        end: int,
        replacement: str,
        *,
        reviewer: str,
        reason: str = "",
        kind: Kind | str = Kind.WRONG_WORD,
        revision: int | None = None,
        session: str | None = None,
    ) -> Suggestion:
        """Add an editor's own change to ``original[start:end]`` (source ``editor``) and
        accept it; accepted suggestions it overlaps are rejected in the same step.

        It is kept with the document, decided like any other, and exported with it. Adding
        the same change twice adds it once.
        """
        who = _reviewer(reviewer)
        machine = self._machine(doc_id)
        s = Suggestion.at(
            machine.original, start, end, replacement, kind=Kind(kind), confidence=1.0,
            reason=reason.strip() or f"changed by the editor {who}", source=EDITOR_SOURCE,
        )
        if s.original == s.replacement:
            raise InputError(Errors.E136.format(original=s.original))
        d = self._db
        with d.write():
            state = self._lock(doc_id)
            now = self._db.clock()
            self._check(doc_id, state, who, revision, now)
            restoration = self._merged(machine, doc_id)
            known = next((x for x in restoration.suggestions if x.id == s.id), None)
            if known is None:
                d.execute(
                    "INSERT INTO editor_suggestions (doc_id, suggestion_id, suggestion, reviewer, "
                    "added_at) VALUES (?, ?, ?, ?, ?)",
                    (doc_id, s.id, json.dumps(s.to_dict(), ensure_ascii=False), who, now),
                )
                restoration = Restoration(
                    machine.original, restoration.suggestions + (s,), machine.threshold,
                    machine.warnings,
                )
            else:
                s = known
            current = self._verdicts(doc_id)
            new_revision = state.revision + 1
            for sid, verdict in [*_unseat(restoration, current, s.id), (s.id, "accept")]:
                d.execute(
                    "INSERT INTO decisions (doc_id, suggestion_id, verdict, reviewer, decided_at, "
                    "revision, session) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (doc_id, sid, verdict, who, now, new_revision, session),
                )
            self._bump(doc_id, state, who, new_revision, now)
        return s

    def finish(self, doc_id: str, *, reviewer: str, revision: int | None = None) -> int:
        """Mark the document reviewed; it leaves the pending list and joins ``approved()``.

        Refused if already finished (E132), claimed by someone else (E130) or changed since
        ``revision`` (E131). Releases the claim. Returns the new revision.
        """
        who = _reviewer(reviewer)
        self._machine(doc_id)
        with self._db.write():
            state = self._lock(doc_id)
            now = self._db.clock()
            self._check(doc_id, state, who, revision, now)
            new_revision = state.revision + 1
            self._db.execute(
                "UPDATE documents SET status = 'done', finished_at = ?, finished_by = ?, "
                "revision = ?, claimed_by = NULL, claim_session = NULL, claimed_at = NULL, "
                "claim_expires = NULL, claim_ttl = NULL WHERE doc_id = ?",
                (now, who, new_revision, doc_id),
            )
            self._event(doc_id, "finish", who, now, new_revision)
        return new_revision

    def reopen(self, doc_id: str, *, reviewer: str, revision: int | None = None) -> int:
        """Make a finished document pending again (logged), so decisions can change it.

        A pending document is left as it is. Returns the (new) revision.
        """
        who = _reviewer(reviewer)
        self._machine(doc_id)
        with self._db.write():
            state = self._lock(doc_id)
            if state.status != "done":
                return state.revision
            if revision is not None and revision != state.revision:
                raise ConflictError(
                    Errors.E131.format(doc_id=doc_id, seen=revision, now=state.revision)
                )
            now = self._db.clock()
            new_revision = state.revision + 1
            self._db.execute(
                "UPDATE documents SET status = 'pending', finished_at = NULL, finished_by = NULL, "
                "revision = ? WHERE doc_id = ?",
                (new_revision, doc_id),
            )
            self._event(doc_id, "reopen", who, now, new_revision)
        return new_revision

    def claim(
        self,
        doc_id: str,
        reviewer: str,
        *,
        session: str | None = None,
        ttl: int = DEFAULT_CLAIM_TTL,
    ) -> Claim:
        """Take (or renew) the document for ``reviewer`` for ``ttl`` seconds.

        Refused with E130 naming the holder while someone else's claim is unexpired, and
        with E132 on a finished document. The same reviewer claiming again (another tab,
        ``session``) renews it.
        """
        who = _reviewer(reviewer)
        if not isinstance(ttl, int) or isinstance(ttl, bool) or not 1 <= ttl <= 86_400:
            raise InputError(Errors.E137.format(ttl=ttl))
        self._machine(doc_id)
        with self._db.write():
            state = self._lock(doc_id)
            now = self._db.clock()
            self._check(doc_id, state, who, None, now)
            since = state.claimed_at if state.holder(now) == who and state.claimed_at else now
            until = _later(now, ttl)
            self._db.execute(
                "UPDATE documents SET claimed_by = ?, claim_session = ?, claimed_at = ?, "
                "claim_expires = ?, claim_ttl = ? WHERE doc_id = ?",
                (who, session, since, until, ttl, doc_id),
            )
        return Claim(doc_id, who, session, since, until)

    def release(self, doc_id: str, reviewer: str, *, session: str | None = None) -> bool:
        """Give up ``reviewer``'s claim (only theirs; with ``session``, only that session's).
        True if a claim was released."""
        who = _reviewer(reviewer)
        self._machine(doc_id)
        with self._db.write():
            state = self._lock(doc_id)
            if state.claimed_by != who or (session is not None and state.claim_session != session):
                return False
            self._db.execute(
                "UPDATE documents SET claimed_by = NULL, claim_session = NULL, claimed_at = NULL, "
                "claim_expires = NULL, claim_ttl = NULL WHERE doc_id = ?",
                (doc_id,),
            )
        return True

    # -- inside a write -------------------------------------------------------------------

    def _lock(self, doc_id: str) -> _State:
        row = self._db.execute(
            f"SELECT {_STATE_COLUMNS} FROM documents WHERE doc_id = ?{self._db.for_update}",
            (doc_id,),
        ).fetchone()
        if row is None:
            raise InputError(Errors.E101.format(doc_id=doc_id, path=self.path))
        return _State(*row)

    @staticmethod
    def _check(doc_id: str, state: _State, who: str, revision: int | None, now: str) -> None:
        if state.status == "done":
            raise ConflictError(Errors.E132.format(doc_id=doc_id, by=state.finished_by, at=state.finished_at))
        holder = state.holder(now)
        if holder is not None and holder != who:
            raise ConflictError(
                Errors.E130.format(doc_id=doc_id, holder=holder, since=state.claimed_at, until=state.claim_expires)
            )
        if revision is not None and revision != state.revision:
            raise ConflictError(Errors.E131.format(doc_id=doc_id, seen=revision, now=state.revision))

    def _bump(self, doc_id: str, state: _State, who: str, new_revision: int, now: str) -> None:
        """Store the new revision; the holder's own write renews their claim."""
        if state.claimed_by == who and state.claim_ttl:
            self._db.execute(
                "UPDATE documents SET revision = ?, claim_expires = ? WHERE doc_id = ?",
                (new_revision, _later(now, int(state.claim_ttl)), doc_id),
            )
        else:
            self._db.execute("UPDATE documents SET revision = ? WHERE doc_id = ?", (new_revision, doc_id))

    def _event(self, doc_id: str, action: str, who: str, at: str, revision: int) -> None:
        self._db.execute(
            "INSERT INTO document_events (doc_id, action, reviewer, at, revision) VALUES (?, ?, ?, ?, ?)",
            (doc_id, action, who, at, revision),
        )

    def _by_token(self, doc_id: str, tokens: list[str | None]) -> list[Decision] | None:
        out = []
        for tok in tokens:
            row = self._db.execute(
                "SELECT suggestion_id, verdict, reviewer, decided_at, revision, session "
                "FROM decisions WHERE doc_id = ? AND token = ?",
                (doc_id, tok),
            ).fetchone()
            if row is None:
                return None if not out else out  # a batch is stored whole or not at all
            out.append(Decision(*row))
        return out

    def _verdicts(self, doc_id: str) -> dict[str, str]:
        rows = self._db.execute(
            "SELECT suggestion_id, verdict FROM decisions WHERE doc_id = ? ORDER BY seq", (doc_id,)
        ).fetchall()
        return {sid: verdict for sid, verdict in rows}

    # -- reading ------------------------------------------------------------------------


    def _machine(self, doc_id: str) -> Restoration:
        """The restoration as queued (it never changes once added), cached per document."""
        cached = self._machine_cache.get(doc_id)
        if cached is not None:
            return cached
        with self._db.read():
            row = self._db.execute(
                "SELECT restoration FROM documents WHERE doc_id = ?", (doc_id,)
            ).fetchone()
        if row is None:
            raise InputError(Errors.E101.format(doc_id=doc_id, path=self.path))
        restoration = Restoration.from_dict(json.loads(row[0]))
        if len(self._machine_cache) > 1024:
            self._machine_cache.clear()
        self._machine_cache[doc_id] = restoration
        return restoration

    def _merged(self, machine: Restoration, doc_id: str) -> Restoration:
        """The machine's suggestions plus the editors' (call inside a transaction)."""
        rows = self._db.execute(
            "SELECT suggestion FROM editor_suggestions WHERE doc_id = ? ORDER BY seq", (doc_id,)
        ).fetchall()
        if not rows:
            return machine
        extra = tuple(Suggestion.from_dict(json.loads(r[0])) for r in rows)
        return Restoration(machine.original, machine.suggestions + extra, machine.threshold, machine.warnings)

    def _restoration(self, doc_id: str) -> Restoration:
        machine = self._machine(doc_id)
        with self._db.read():
            return self._merged(machine, doc_id)

    def get(self, doc_id: str) -> ReviewItem:
        """The document with its restoration, the full decision history, revision and claim."""
        machine = self._machine(doc_id)
        d = self._db
        with d.read():
            row = d.execute(
                f"SELECT source, {_STATE_COLUMNS} FROM documents WHERE doc_id = ?", (doc_id,)
            ).fetchone()
            if row is None:
                raise InputError(Errors.E101.format(doc_id=doc_id, path=self.path))
            history = d.execute(
                "SELECT suggestion_id, verdict, reviewer, decided_at, revision, session "
                "FROM decisions WHERE doc_id = ? ORDER BY seq",
                (doc_id,),
            ).fetchall()
            restoration = self._merged(machine, doc_id)
            now = d.clock()
        state = _State(*row[1:])
        holder = state.holder(now)
        claim = (
            Claim(doc_id, holder, state.claim_session, state.claimed_at or "", state.claim_expires or "")
            if holder is not None
            else None
        )
        return ReviewItem(
            doc_id=doc_id,
            source=row[0],
            restoration=restoration,
            status=state.status,
            history=tuple(Decision(h[0], h[1], h[2], h[3], h[4] or 0, h[5]) for h in history),
            revision=state.revision,
            claim=claim,
            finished_by=state.finished_by,
            finished_at=state.finished_at,
        )

    def pending(self, limit: int = 50) -> list[PendingDoc]:
        """Documents still waiting for review, oldest first, with who holds each."""
        with self._db.read():
            rows = self._db.execute(
                "SELECT d.doc_id, d.source, d.restoration, d.added_at, "
                "  (SELECT COUNT(DISTINCT suggestion_id) FROM decisions x WHERE x.doc_id = d.doc_id), "
                "  (SELECT COUNT(*) FROM editor_suggestions e WHERE e.doc_id = d.doc_id), "
                "  d.claimed_by, d.claim_expires, d.revision "
                "FROM documents d WHERE d.status = 'pending' ORDER BY d.added_at, d.doc_id LIMIT ?",
                (int(limit),),
            ).fetchall()
            now = self._db.clock()
        return [
            PendingDoc(
                doc_id=doc_id,
                source=source,
                suggestions=len(json.loads(restoration).get("suggestions", ())) + int(extra),
                decided=int(decided),
                added_at=added_at,
                claimed_by=claimed_by if claimed_by is not None and (expires or "") > now else None,
                revision=int(revision),
            )
            for doc_id, source, restoration, added_at, decided, extra, claimed_by, expires, revision in rows
        ]

    def approved(self) -> Iterator[tuple[str, str]]:
        """(doc_id, final text) for every finished document, in the order they were finished."""
        with self._db.read():
            ids = [
                r[0]
                for r in self._db.execute(
                    "SELECT doc_id FROM documents WHERE status = 'done' ORDER BY finished_at, doc_id"
                ).fetchall()
            ]
        for doc_id in ids:
            yield doc_id, self.get(doc_id).text


def _unseat(restoration: Restoration, current: dict[str, str], sid: str) -> list[tuple[str, str]]:
    """Rejects for the accepted suggestions that overlap ``sid`` (they cannot both apply);
    updates ``current`` to match."""
    target = restoration.by_id(sid)
    accepted = set(_accepted(restoration, current))
    out = []
    for other in restoration.suggestions:
        if other.id != sid and other.id in accepted and other.overlaps(target):
            out.append((other.id, "reject"))
            current[other.id] = "reject"
    return out


__all__ = [
    "DEFAULT_CLAIM_TTL",
    "DEFAULT_DB",
    "EDITOR_SOURCE",
    "SCHEMA_VERSION",
    "Claim",
    "Decision",
    "PendingDoc",
    "ReviewItem",
    "ReviewStore",
    "default_db",
    "default_db_path",
    "restore_home",
]
