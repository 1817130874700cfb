"""``restore review export|list``: get reviewed copy out of the queue, see what is waiting.

Parses, calls the store, prints, returns an exit code (the CLI wires it as ``restore review``).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..errors import RestoreError
from ..formats import safe_name
from .store import ReviewStore


def export(store: ReviewStore, out: Path) -> int:
    """Write every approved document: one JSONL file (``id``, ``text``) or one .txt each."""
    count = 0
    if out.suffix.lower() == ".jsonl":
        out.parent.mkdir(parents=True, exist_ok=True)
        with out.open("w", encoding="utf-8") as handle:
            for doc_id, text in store.approved():
                handle.write(json.dumps({"id": doc_id, "text": text}, ensure_ascii=False) + "\n")
                count += 1
        return count
    out.mkdir(parents=True, exist_ok=True)
    used: set[str] = set()
    for doc_id, text in store.approved():
        name = safe_name(doc_id)  # the name restore batch gives the same id
        stem, n = name, 1
        while name in used:  # two ids that sanitise alike must not overwrite each other
            n += 1
            name = f"{stem}-{n}"
        used.add(name)
        (out / f"{name}.txt").write_text(text, encoding="utf-8", newline="")
        count += 1
    return count


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="restore review", description="The review queue.")
    sub = parser.add_subparsers(dest="command", required=True)
    db_help = (
        "review database: a SQLite file or a postgresql://user@host/dbname URL "
        "(default: $RESTORE_DB, else ~/.restore/review.sqlite3)"
    )
    ex = sub.add_parser("export", help="write approved documents to DIR (.txt each) or FILE.jsonl")
    ex.add_argument("--db", default=None, help=db_help)
    ex.add_argument("--out", type=Path, required=True, help="a folder, or a file ending in .jsonl")
    ls = sub.add_parser("list", help="list documents waiting for review (and who holds each)")
    ls.add_argument("--db", default=None, help=db_help)
    ls.add_argument("--limit", type=int, default=50)
    ro = sub.add_parser("reopen", help="make a finished document pending again (logged)")
    ro.add_argument("doc_id")
    ro.add_argument("--reviewer", required=True, help="who reopens it (kept in the audit log)")
    ro.add_argument("--db", default=None, help=db_help)
    return parser


def export_main(argv: list[str]) -> int:
    """Entry point for ``restore review export|list|reopen``."""
    args = _parser().parse_args(argv)
    local = args.db.removeprefix("sqlite://") if args.db is not None else None
    if local is not None and "://" not in local and not Path(local).exists():
        print(f"restore review: no review database at {args.db}", file=sys.stderr)
        return 2
    try:
        with ReviewStore(args.db) as store:
            if args.command == "export":
                n = export(store, args.out)
                print(f"exported {n} approved document(s) to {args.out}")
                return 0
            if args.command == "reopen":
                revision = store.reopen(args.doc_id, reviewer=args.reviewer)
                print(f"{args.doc_id} is pending again (revision {revision})")
                return 0
            rows = store.pending(limit=args.limit)
            if not rows:
                print("no documents waiting for review")
            for row in rows:
                held = f"\tclaimed by {row.claimed_by}" if row.claimed_by else ""
                print(f"{row.doc_id}\t{row.suggestions} suggestions\t{row.decided} decided\t{row.source}{held}")
            return 0
    except (RestoreError, OSError) as exc:
        print(f"restore review: {exc}", file=sys.stderr)
        return 1
