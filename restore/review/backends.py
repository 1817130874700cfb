"""Where the review queue lives: one SQLite file (embedded default) or a PostgreSQL server.

The store writes one SQL text for both; a ``Dialect`` holds the few places they differ
(placeholders, the auto-numbered key, how a write takes its lock, how the schema version was
kept before the versions table). Opening is chosen by the ``db`` given: a path (or
``sqlite:///path``) is SQLite, a ``postgresql://`` URL is PostgreSQL; with none,
``RESTORE_DB`` and then ``~/.restore/review.sqlite3``.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from ..dictionary import restore_home
from ..errors import ConfigError, Errors, RestoreError

PG_SCHEMES = ("postgresql://", "postgres://")
_MIGRATION_LOCK = 0x7265_7374  # "rest": the advisory lock id that serialises PostgreSQL migrations


def default_db_path() -> Path:
    """The SQLite review database used when none is given (read from the environment each call)."""
    return restore_home() / "review.sqlite3"


def default_db() -> str | Path:
    """The review database to open when none is named: ``RESTORE_DB``, else the SQLite default."""
    return os.environ.get("RESTORE_DB") or default_db_path()


def is_postgres(db: object) -> bool:
    return isinstance(db, str) and db.startswith(PG_SCHEMES)


def redact(dsn: str) -> str:
    """The URL without its password, for messages and logs."""
    try:
        from psycopg.conninfo import conninfo_to_dict

        parts = conninfo_to_dict(dsn)
    except Exception:  # no psycopg or an unparseable URL: say only which scheme it was
        return dsn.split("://", 1)[0] + "://…"
    user = f"{parts['user']}@" if parts.get("user") else ""
    port = f":{parts['port']}" if parts.get("port") else ""
    return f"postgresql://{user}{parts.get('host', '')}{port}/{parts.get('dbname', '')}"


class Dialect:
    """One open connection plus the SQL differences of its engine. Safe to share between
    threads: every statement and transaction runs under one lock."""

    name = ""
    serial = ""  # DDL of an auto-numbered primary key
    for_update = ""  # suffix that locks the selected rows until the transaction ends

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.conn: Any = None

    def sql(self, text: str) -> str:
        return text

    def execute(self, text: str, params: Sequence[object] = ()) -> Any:
        return self.conn.execute(self.sql(text), tuple(params))

    def write(self) -> Any:  # a context manager: one transaction that holds the write lock
        raise NotImplementedError

    def read(self) -> Any:  # a context manager: one consistent snapshot
        raise NotImplementedError

    def clock(self) -> str:
        """Now, UTC, to the millisecond, as ISO 8601 text (what every time column holds).

        Claims expire and decisions are ordered by the database's clock, so editors on
        machines whose clocks differ still agree on them."""
        return datetime.now(timezone.utc).isoformat(timespec="milliseconds")

    def lock_schema(self) -> None:
        """Inside ``write()``: make concurrent openers migrate one at a time."""

    def table_exists(self, table: str) -> bool:
        raise NotImplementedError

    def legacy_version(self) -> int:
        """The schema version kept before the versions table existed (0: a new database)."""
        return 0

    def after_migrate(self, version: int) -> None:
        """Inside the migration's transaction, once the schema is at ``version``."""

    def close(self) -> None:
        with self.lock:
            self.conn.close()


class SQLiteDialect(Dialect):
    """SQLite in WAL mode; ``BEGIN IMMEDIATE`` takes the one write lock, waiting up to 60 s."""

    name = "sqlite"
    serial = "INTEGER PRIMARY KEY AUTOINCREMENT"

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=60)
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=NORMAL")
        self.conn.execute("PRAGMA foreign_keys=ON")
        self.conn.execute("PRAGMA busy_timeout=60000")

    @contextmanager
    def _transaction(self, begin: str) -> Iterator[None]:
        with self.lock:
            self.conn.execute(begin)
            try:
                yield
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            self.conn.execute("COMMIT")

    def write(self) -> Any:
        return self._transaction("BEGIN IMMEDIATE")

    def read(self) -> Any:
        return self._transaction("BEGIN")

    def table_exists(self, table: str) -> bool:
        row = self.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (table,))
        return row.fetchone() is not None

    def legacy_version(self) -> int:
        return int(self.execute("PRAGMA user_version").fetchone()[0])

    def after_migrate(self, version: int) -> None:
        # kept in step, so an older restore that knows only user_version refuses a newer file
        self.execute(f"PRAGMA user_version = {int(version)}")


class PostgresDialect(Dialect):
    """PostgreSQL through psycopg 3: explicit BEGIN/COMMIT on an autocommit connection,
    row locks (``SELECT ... FOR UPDATE`` on the document) for writes, REPEATABLE READ
    snapshots for reads."""

    name = "postgresql"
    serial = "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"
    for_update = " FOR UPDATE"

    def __init__(self, dsn: str) -> None:
        super().__init__()
        try:
            import psycopg
        except ImportError:
            raise ConfigError(Errors.E134) from None
        self._psycopg = psycopg
        self._dsn = dsn
        self.where = redact(dsn)
        self.conn = self._connect()
        self._sql: dict[str, str] = {}

    def _connect(self) -> Any:
        psycopg = self._psycopg
        try:
            return psycopg.connect(self._dsn, autocommit=True, connect_timeout=10)
        except psycopg.Error as exc:
            raise ConfigError(Errors.E133.format(where=self.where, why=_first_line(exc))) from None

    def sql(self, text: str) -> str:
        out = self._sql.get(text)
        if out is None:  # the store's SQL has no literal '?' or '%'
            out = self._sql[text] = text.replace("?", "%s")
        return out

    @contextmanager
    def _transaction(self, begin: str) -> Iterator[None]:
        """BEGIN .. COMMIT on the connection. A connection found dead at BEGIN (a server
        restart, an idle connection dropped) is replaced once: nothing was sent on it yet,
        so a long-running UI carries on. A failure after that is E138."""
        psycopg = self._psycopg
        with self.lock:
            for attempt in (0, 1):
                try:
                    if self.conn.closed or self.conn.broken:
                        self.conn = self._connect()
                    self.conn.execute(begin)
                    break
                except psycopg.OperationalError as exc:
                    if attempt:
                        raise RestoreError(Errors.E138.format(where=self.where, why=_first_line(exc))) from None
                    self.conn.close()
            try:
                yield
            except BaseException as exc:
                if not self.conn.broken:
                    try:
                        self.conn.execute("ROLLBACK")
                    except psycopg.OperationalError:
                        pass
                if isinstance(exc, psycopg.OperationalError):
                    raise RestoreError(Errors.E138.format(where=self.where, why=_first_line(exc))) from None
                raise
            try:
                self.conn.execute("COMMIT")
            except psycopg.OperationalError as exc:
                raise RestoreError(Errors.E138.format(where=self.where, why=_first_line(exc))) from None

    def write(self) -> Any:
        return self._transaction("BEGIN")

    def read(self) -> Any:
        return self._transaction("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")

    def clock(self) -> str:
        # clock_timestamp(), not now(): a claim's expiry is checked against the moment of
        # the check, not the start of a transaction that may have waited for a row lock
        at = self.execute("SELECT clock_timestamp()").fetchone()[0]
        return at.astimezone(timezone.utc).isoformat(timespec="milliseconds")

    def lock_schema(self) -> None:
        self.execute("SELECT pg_advisory_xact_lock(?)", (_MIGRATION_LOCK,))

    def table_exists(self, table: str) -> bool:
        row = self.execute(
            "SELECT 1 FROM information_schema.tables "
            "WHERE table_schema = current_schema() AND table_name = ?",
            (table,),
        )
        return row.fetchone() is not None


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def open_dialect(db: str | os.PathLike[str] | None) -> tuple[Dialect, str | Path]:
    """Connect to ``db`` (see the module docstring); returns the dialect and a printable
    location (the SQLite path, or the URL without its password)."""
    if db is None:
        db = default_db()
    if is_postgres(db):
        return PostgresDialect(str(db)), redact(str(db))
    if isinstance(db, str) and "://" in db:
        if not db.startswith("sqlite:///"):
            raise ConfigError(Errors.E135.format(db=db.split("://", 1)[0] + "://…"))
        db = db[len("sqlite://"):]
    path = Path(db)
    path.parent.mkdir(parents=True, exist_ok=True)
    return SQLiteDialect(path), path
