"""JSONL input: one ``{"id": str, "text": str}`` object per line, streamed.

Archives of millions of records never fit in memory, so records are read one line at a
time. A malformed line is one bad document, not a bad file: it becomes a ``BadDocument``
naming the file and line (E011) and the rest of the file is still read.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..errors import Errors, InputError
from . import BadDocument, Document, Input, check_size, register_format
from .text import decode_bytes


def parse_record(line: str, path: str, lineno: int) -> tuple[str, str, dict[str, Any]]:
    """(id, text, the whole record) of one JSONL line, or ``InputError`` (E011).

    >>> parse_record('{"id": "a1", "text": "Copy."}', "x.jsonl", 1)[:2]
    ('a1', 'Copy.')
    >>> parse_record('{"id": 7}', "x.jsonl", 3)
    Traceback (most recent call last):
    ...
    restore.errors.InputError: E011: x.jsonl: line 3 is not a JSON object with string 'id' and 'text': 'id' is int, 'text' is missing.
    """
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(Errors.E011.format(path=path, line=lineno, why=f"bad JSON ({exc.msg})")) from None
    if not isinstance(record, dict):
        why = f"found a JSON {type(record).__name__}"
        raise InputError(Errors.E011.format(path=path, line=lineno, why=why))
    problems = []
    for key in ("id", "text"):
        if key not in record:
            problems.append(f"{key!r} is missing")
        elif not isinstance(record[key], str):
            problems.append(f"{key!r} is {type(record[key]).__name__}")
    if problems:
        raise InputError(Errors.E011.format(path=path, line=lineno, why=", ".join(problems)))
    if not record["id"].strip():
        raise InputError(Errors.E011.format(path=path, line=lineno, why="'id' is empty"))
    return record["id"], record["text"], record


def iter_jsonl(
    lines: Iterable[bytes] | str | Path, name: str | None = None, *, max_bytes: int | None = None
) -> Iterator[Document | BadDocument]:
    """Documents from JSONL, one line at a time. ``lines`` is a path or an iterable of
    byte lines (an open binary file, an archive member). Blank lines are skipped."""
    if isinstance(lines, (str, Path)):
        path = Path(lines)
        with path.open("rb") as handle:
            yield from iter_jsonl(handle, name or str(path), max_bytes=max_bytes)
        return
    name = name or "<jsonl>"
    for lineno, raw in enumerate(lines, start=1):
        source = f"{name}:{lineno}"
        if not raw.strip():
            continue
        if max_bytes is not None and len(raw) > max_bytes:
            yield BadDocument(source, Errors.E008.format(size=len(raw), limit=max_bytes))
            continue
        try:
            line, warnings = decode_bytes(raw, source)
            doc_id, text, _ = parse_record(line, name, lineno)
        except InputError as exc:
            yield BadDocument(source, str(exc))
            continue
        yield Document(doc_id, text, source, tuple(warnings))


@register_format("jsonl", suffixes=(".jsonl", ".ndjson"))
def read_jsonl(source: Input, max_chars: int) -> Iterator[Document | BadDocument]:
    """The ``jsonl`` format: one document per line, each line at most ``4 * max_chars`` bytes."""
    with source.open() as handle:
        for doc in iter_jsonl(handle, source.source, max_bytes=4 * max_chars):
            yield check_size(doc, max_chars)
