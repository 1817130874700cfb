"""Decisions per second on a shared review queue: N writer processes at once, SQLite and
PostgreSQL (a throwaway local cluster with fsync on). A figure for the report, not a test.

    PYTHONPATH=. .venv/bin/python tests/desk_bench.py [WRITERS] [DECISIONS_EACH]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import pg_cluster
    from review_backends import fresh_schema
    from test_review_desk import _confirmed, _queue, _spawn

    writers = int(sys.argv[1]) if len(sys.argv) > 1 else 4
    each = int(sys.argv[2]) if len(sys.argv) > 2 else 500
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        dsn, cluster = pg_cluster.start(durable=True)
        try:
            for name, db in (("sqlite", folder / "bench.sqlite3"), ("postgresql", fresh_schema(dsn)[0])):
                _queue(db, docs=12)
                go = folder / f"{name}.go"
                procs = [_spawn(db, w, each, folder / f"{name}{w}.txt", "--go", str(go)) for w in range(writers)]
                while not all((folder / f"{name}{w}.txt.ready").exists() for w in range(writers)):
                    time.sleep(0.01)
                start = time.perf_counter()
                go.touch()
                for p in procs:
                    p.communicate()
                elapsed = time.perf_counter() - start
                total = sum(len(_confirmed(folder / f"{name}{w}.txt")) for w in range(writers))
                print(f"{name}: {writers} writers, {total} decisions in {elapsed:.2f}s = {total / elapsed:.0f} decisions/s")
        finally:
            pg_cluster.stop(cluster)
