"""One editor's process for the desk tests: decide ``count`` times on the shared queue.

    python tests/desk_writer.py DB WRITER COUNT CONFIRMED [--stale] [--go FILE] [--pace S]

Decision ``i`` of writer ``w`` goes to document ``i % docs`` with token ``w<w>-<i>``; once
the store returns (committed), the token is appended to CONFIRMED and flushed, so a test
that kills this process with ``kill -9`` knows exactly which decisions were confirmed. A
re-run with the same arguments resumes: stored tokens are returned, not written again.
With ``--stale`` each decision passes the revision it read, and retries on E131 (another
writer got in first), as a browser reloading a stale view would. With ``--go`` it writes
``CONFIRMED.ready`` once connected and waits for FILE to exist, so all writers start
together; ``--pace`` sleeps between decisions (a slower editor). Prints decisions/s.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from restore.errors import ConflictError
from restore.review import ReviewStore


def main(argv: list[str]) -> int:
    db, writer, count, confirmed = argv[0], int(argv[1]), int(argv[2]), argv[3]
    stale = "--stale" in argv
    go = Path(argv[argv.index("--go") + 1]) if "--go" in argv else None
    pace = float(argv[argv.index("--pace") + 1]) if "--pace" in argv else 0.0
    retries = 0
    with ReviewStore(db) as store:
        docs = sorted(p.doc_id for p in store.pending(limit=10_000))
        ids = {d: [s.id for s in store.get(d).restoration.suggestions] for d in docs}
        fd = os.open(confirmed, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        if go is not None:
            Path(confirmed + ".ready").touch()
            while not go.exists():
                time.sleep(0.005)
        start = time.perf_counter()
        for i in range(count):
            doc = docs[i % len(docs)]
            sid = ids[doc][(i // len(docs) + writer) % len(ids[doc])]
            verdict = "accept" if (i + writer) % 2 else "reject"
            token = f"w{writer}-{i}"
            while True:
                revision = store.get(doc).revision if stale else None
                try:
                    store.decide(doc, sid, verdict, reviewer=f"w{writer}", revision=revision, token=token)
                    break
                except ConflictError as exc:
                    if "E131" not in str(exc):
                        raise
                    retries += 1
            os.write(fd, f"{token}\n".encode())
            if pace:
                time.sleep(pace)
        elapsed = time.perf_counter() - start
        os.close(fd)
    print(f"writer {writer}: {count} decisions in {elapsed:.2f}s = {count / elapsed:.0f}/s, {retries} stale retries")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
