"""Fixtures that run the review store's tests against both backends (import them into a
test module: ``from review_backends import db_url, pg_dsn``).

PostgreSQL is a real server: ``RESTORE_TEST_PG`` if set (``.ci/run`` starts one), else a
throwaway cluster started here for the session (``pg_cluster.py``). Without either it is
skipped on a developer's machine, and fails under CI (``CI`` set): CI never silently drops a
backend.
"""

from __future__ import annotations

import atexit
import os
import uuid

import pytest

import pg_cluster

_started: dict[str, object] = {}


def _server_dsn() -> str | None:
    dsn = os.environ.get("RESTORE_TEST_PG")
    if dsn:
        return dsn
    if "dsn" not in _started:
        try:
            dsn, folder = pg_cluster.start()
        except Exception as exc:  # no binaries, no postgres user: say why
            _started["dsn"], _started["why"] = None, str(exc)
        else:
            _started["dsn"] = dsn
            atexit.register(pg_cluster.stop, folder)
    return _started["dsn"]  # type: ignore[return-value]


@pytest.fixture(scope="session")
def pg_dsn() -> str:
    """The URL of a PostgreSQL server the tests may create schemas in."""
    if not os.environ.get("CI"):
        pytest.importorskip("psycopg")
    dsn = _server_dsn()
    if dsn is None:
        why = f"no PostgreSQL for the store tests: {_started.get('why')}"
        if os.environ.get("CI"):
            pytest.fail(why + " (CI must run them: set RESTORE_TEST_PG or install postgresql)")
        pytest.skip(why)
    return dsn


def fresh_schema(dsn: str) -> tuple[str, str]:
    """A new empty schema on the server: (URL whose search_path is that schema, its name)."""
    import psycopg

    name = "t_" + uuid.uuid4().hex[:12]
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {name}")
    sep = "&" if "?" in dsn else "?"
    return f"{dsn}{sep}options=-csearch_path%3D{name}", name


def drop_schema(dsn: str, name: str) -> None:
    import psycopg

    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA IF EXISTS {name} CASCADE")


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    """A fresh, empty review database of each backend: a SQLite path or a PostgreSQL URL."""
    if request.param == "sqlite":
        yield tmp_path / "review.sqlite3"
        return
    server = request.getfixturevalue("pg_dsn")
    url, name = fresh_schema(server)
    yield url
    drop_schema(server, name)
