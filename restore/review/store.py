"""The review queue: restorations waiting for an editor, and every decision made on them.

SQLite (stdlib ``sqlite3``) in WAL mode; each decision is committed the moment it is made,
so a crash or a closed browser loses nothing already decided. Decisions are appended, never
overwritten: the latest verdict per suggestion counts, the rest is the audit trail.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from ..dictionary import restore_home
from ..errors import Errors, InputError
from ..suggestion import Restoration

SCHEMA_VERSION = 1
VERDICTS = ("accept", "reject")


def default_db_path() -> Path:
    """The review database used when none is given (read from the environment each call)."""
    return restore_home() / "review.sqlite3"


DEFAULT_DB = default_db_path()
"""The default database path at import time; ``ReviewStore()`` re-reads ``RESTORE_HOME``."""

_SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    doc_id      TEXT PRIMARY KEY,
    source      TEXT NOT NULL DEFAULT '',
    restoration TEXT NOT NULL,            -- Restoration.to_json()
    added_at    TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done')),
    finished_at TEXT,
    finished_by TEXT
);
CREATE TABLE IF NOT EXISTS decisions (
    seq           INTEGER PRIMARY KEY AUTOINCREMENT,
    doc_id        TEXT NOT NULL REFERENCES documents(doc_id),
    suggestion_id TEXT NOT NULL,
    verdict       TEXT NOT NULL CHECK (verdict IN ('accept', 'reject')),
    reviewer      TEXT NOT NULL,
    decided_at    TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS decisions_doc ON decisions(doc_id, seq);
CREATE INDEX IF NOT EXISTS documents_status ON documents(status, added_at);
"""


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


@dataclass(frozen=True)
class Decision:
    suggestion_id: str
    verdict: str
    reviewer: str
    decided_at: str


@dataclass(frozen=True)
class PendingDoc:
    """One row of the queue listing."""

    doc_id: str
    source: str
    suggestions: int
    decided: int
    added_at: str


@dataclass(frozen=True)
class ReviewItem:
    """A queued document: its restoration and what has been decided on it so far."""

    doc_id: str
    source: str
    restoration: Restoration
    status: str
    history: tuple[Decision, ...] = field(default=())

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
        verdicts = self.decisions
        default = set(self.restoration.default_accepted)
        return [
            s.id
            for s in self.restoration.suggestions
            if verdicts.get(s.id, "accept" if s.id in default else "reject") == "accept"
        ]

    @property
    def text(self) -> str:
        return self.restoration.apply(self.accepted)


class ReviewStore:
    """The review queue in one SQLite file. Safe to share between threads."""

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self.path = Path(path) if path is not None else default_db_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._conn = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute("PRAGMA synchronous=NORMAL")
        self._conn.execute("PRAGMA foreign_keys=ON")
        self._conn.execute("PRAGMA busy_timeout=5000")
        self._migrate()

    def _migrate(self) -> None:
        with self._lock:
            found = self._conn.execute("PRAGMA user_version").fetchone()[0]
            if found == 0:
                self._conn.execute("BEGIN IMMEDIATE")
                self._conn.executescript(_SCHEMA)  # executescript commits
                self._conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            elif found != SCHEMA_VERSION:
                raise InputError(
                    Errors.E104.format(path=self.path, found=found, want=SCHEMA_VERSION)
                )

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> ReviewStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing ------------------------------------------------------------------------

    def add(self, restoration: Restoration, *, doc_id: str, source: str = "") -> str:
        """Queue ``restoration`` as ``doc_id``. Adding the same doc_id again changes nothing."""
        if not isinstance(doc_id, str) or not doc_id.strip():
            raise InputError(Errors.E105.format(doc_id=doc_id))
        with self._lock:
            self._conn.execute(
                "INSERT OR IGNORE INTO documents (doc_id, source, restoration, added_at) "
                "VALUES (?, ?, ?, ?)",
                (doc_id, source, restoration.to_json(), _now()),
            )
        return doc_id

    def decide(self, doc_id: str, suggestion_id: str, verdict: str, *, reviewer: str) -> Decision:
        """Record one verdict, committed at once. Earlier verdicts stay in the history."""
        if verdict not in VERDICTS:
            raise InputError(Errors.E102.format(verdict=verdict))
        if not reviewer or not reviewer.strip():
            raise InputError(Errors.E103)
        restoration = self._restoration(doc_id)
        restoration.by_id(suggestion_id)  # E006 for an id this document does not have
        decision = Decision(suggestion_id, verdict, reviewer.strip(), _now())
        with self._lock:
            self._conn.execute(
                "INSERT INTO decisions (doc_id, suggestion_id, verdict, reviewer, decided_at) "
                "VALUES (?, ?, ?, ?, ?)",
                (doc_id, suggestion_id, verdict, decision.reviewer, decision.decided_at),
            )
        return decision

    def finish(self, doc_id: str, *, reviewer: str) -> None:
        """Mark the document reviewed; it leaves the pending list and joins ``approved()``."""
        if not reviewer or not reviewer.strip():
            raise InputError(Errors.E103)
        self._restoration(doc_id)
        with self._lock:
            self._conn.execute(
                "UPDATE documents SET status = 'done', finished_at = ?, finished_by = ? "
                "WHERE doc_id = ?",
                (_now(), reviewer.strip(), doc_id),
            )

    # -- reading ------------------------------------------------------------------------

    def _restoration(self, doc_id: str) -> Restoration:
        with self._lock:
            row = self._conn.execute(
                "SELECT restoration FROM documents WHERE doc_id = ?", (doc_id,)
            ).fetchone()
        if row is None:
            raise InputError(Errors.E101.format(doc_id=doc_id, path=self.path))
        return Restoration.from_dict(json.loads(row[0]))

    def get(self, doc_id: str) -> ReviewItem:
        """The document with its restoration and the full decision history."""
        with self._lock:
            row = self._conn.execute(
                "SELECT source, restoration, status FROM documents WHERE doc_id = ?", (doc_id,)
            ).fetchone()
            if row is None:
                raise InputError(Errors.E101.format(doc_id=doc_id, path=self.path))
            history = self._conn.execute(
                "SELECT suggestion_id, verdict, reviewer, decided_at FROM decisions "
                "WHERE doc_id = ? ORDER BY seq",
                (doc_id,),
            ).fetchall()
        return ReviewItem(
            doc_id=doc_id,
            source=row[0],
            restoration=Restoration.from_dict(json.loads(row[1])),
            status=row[2],
            history=tuple(Decision(*h) for h in history),
        )

    def pending(self, limit: int = 50) -> list[PendingDoc]:
        """Documents still waiting for review, oldest first."""
        with self._lock:
            rows = self._conn.execute(
                "SELECT d.doc_id, d.source, d.restoration, d.added_at, "
                "  (SELECT COUNT(DISTINCT suggestion_id) FROM decisions x WHERE x.doc_id = d.doc_id) "
                "FROM documents d WHERE d.status = 'pending' ORDER BY d.added_at, d.doc_id LIMIT ?",
                (int(limit),),
            ).fetchall()
        return [
            PendingDoc(
                doc_id=doc_id,
                source=source,
                suggestions=len(json.loads(restoration).get("suggestions", ())),
                decided=decided,
                added_at=added_at,
            )
            for doc_id, source, restoration, added_at, decided in rows
        ]

    def approved(self) -> Iterator[tuple[str, str]]:
        """(doc_id, final text) for every finished document, in the order they were finished."""
        with self._lock:
            ids = [
                r[0]
                for r in self._conn.execute(
                    "SELECT doc_id FROM documents WHERE status = 'done' ORDER BY finished_at, doc_id"
                ).fetchall()
            ]
        for doc_id in ids:
            yield doc_id, self.get(doc_id).text


__all__ = [
    "DEFAULT_DB",
    "Decision",
    "PendingDoc",
    "ReviewItem",
    "ReviewStore",
    "default_db_path",
    "restore_home",
]
