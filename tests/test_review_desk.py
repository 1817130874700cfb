"""A desk of editors at once: several writer processes deciding on one queue, against
SQLite and a real PostgreSQL server, one of them killed with ``kill -9`` mid-way. Every
confirmed decision is stored exactly once, nothing is lost, nothing doubled, and each
document's revision counts exactly the decisions stored on it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from review_backends import db_url, pg_dsn  # noqa: F401  (fixtures)

from restore import Kind, Restoration, Suggestion
from restore.review import ReviewStore

ROOT = Path(__file__).resolve().parent.parent
WRITER = Path(__file__).resolve().parent / "desk_writer.py"
WORDS = "The minister said the talks would resume next week in the capital .".split()


def _queue(db, docs: int = 6) -> None:
    """``docs`` stories of twelve suggestions each (one per word: a case change)."""
    text = " ".join(WORDS) + "\n"
    suggestions, at = [], 0
    for word in WORDS:
        start = text.index(word, at)
        at = start + len(word)
        suggestions.append(Suggestion.at(text, start, at, word.swapcase(), kind=Kind.CASE,
                                         confidence=0.5, reason="test", source="case"))
    with ReviewStore(db) as store:
        for n in range(docs):
            store.add(Restoration(text, tuple(suggestions)), doc_id=f"story-{n}")


def _spawn(db, writer: int, count: int, confirmed: Path, *extra: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    return subprocess.Popen(
        [sys.executable, str(WRITER), str(db), str(writer), str(count), str(confirmed), *extra],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def _start_together(db, writers: int, count: int, folder: Path, *extra: str, victim: int | None = None):
    """Spawn the writers, wait until each is connected, then let them all go at once."""
    go = folder / "go"
    procs = []
    for w in range(writers):
        pace = ("--pace", "0.002") if w == victim else ()  # it must still be mid-way when killed
        procs.append(_spawn(db, w, count, folder / f"w{w}.txt", "--go", str(go), *pace, *extra))
    deadline = time.monotonic() + 120
    while not all((folder / f"w{w}.txt.ready").exists() for w in range(writers)):
        assert time.monotonic() < deadline and all(p.poll() is None for p in procs), [
            p.communicate()[1] for p in procs if p.poll() is not None]
        time.sleep(0.01)
    go.touch()
    return procs


def _stored(db) -> Counter:
    """How many times each writer token is stored."""
    with ReviewStore(db) as store, store._db.read():
        rows = store._db.execute("SELECT token FROM decisions WHERE token IS NOT NULL").fetchall()
    return Counter(r[0] for r in rows)


def _confirmed(path: Path) -> list[str]:
    return path.read_text().split() if path.exists() else []


@pytest.mark.slow
def test_writers_at_once_one_killed_lose_nothing_and_double_nothing(db_url, tmp_path):
    writers, count, victim = 4, 300, 0
    _queue(db_url)
    files = [tmp_path / f"w{w}.txt" for w in range(writers)]
    procs = _start_together(db_url, writers, count, tmp_path, victim=victim)
    deadline = time.monotonic() + 120
    while len(_confirmed(files[victim])) < count // 3 and procs[victim].poll() is None:
        assert time.monotonic() < deadline, "the victim never got going"
        time.sleep(0.002)
    os.kill(procs[victim].pid, signal.SIGKILL)
    for w, p in enumerate(procs):
        out, err = p.communicate(timeout=300)
        if w != victim:
            assert p.returncode == 0, err
            print(out.strip())
    assert procs[victim].returncode == -signal.SIGKILL

    stored = _stored(db_url)
    assert set(stored.values()) == {1}  # nothing doubled
    for w in range(writers):
        confirmed = _confirmed(files[w])
        assert len(confirmed) == len(set(confirmed))
        mine = {t for t in stored if t.startswith(f"w{w}-")}
        assert set(confirmed) <= mine  # nothing confirmed is lost
        if w != victim:
            assert len(mine) == count
    killed = {t for t in stored if t.startswith(f"w{victim}-")}
    assert len(_confirmed(files[victim])) < count
    assert len(killed) - len(_confirmed(files[victim])) in (0, 1)  # at most the one in flight

    # the killed editor's process restarts and resends everything: stored once each
    again = _spawn(db_url, victim, count, tmp_path / "again.txt")
    out, err = again.communicate(timeout=300)
    assert again.returncode == 0, err
    stored = _stored(db_url)
    assert set(stored.values()) == {1} and len(stored) == writers * count
    with ReviewStore(db_url) as store:
        items = [store.get(f"story-{n}") for n in range(6)]
    assert sum(len(i.history) for i in items) == writers * count
    assert all(i.revision == len(i.history) for i in items)  # no lost update of the counter


@pytest.mark.slow
def test_writers_on_stale_views_retry_and_every_decision_counts(db_url, tmp_path):
    """Writers that pass the revision they read: conflicts are refused (E131) and retried,
    never stored twice or over each other."""
    writers, count = 3, 40
    _queue(db_url, docs=1)  # one story: every writer contends for it
    procs = _start_together(db_url, writers, count, tmp_path, "--stale")
    for p in procs:
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
        print(out.strip())
    stored = _stored(db_url)
    assert len(stored) == writers * count and set(stored.values()) == {1}
    with ReviewStore(db_url) as store:
        item = store.get("story-0")
    assert item.revision == writers * count
    assert [h.revision for h in item.history] == list(range(1, writers * count + 1))
