"""JSONL input: one ``{"id": str, "text": str}`` object per line, streamed.

Archives of millions of records never fit in memory, so records are read one line at a
time. A malformed line is one bad document, not a bad file: it becomes a ``BadDocument``
naming the file and line (E011) and the rest of the file is still read.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from ..errors import Errors, InputError
from . import BadDocument, Document, Input, check_size, register_format, too_big
from ..pipeline import lone_surrogate
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
    for key in ("id", "text"):
        bad = lone_surrogate(record[key])
        if bad is not None:  # "\ud83d" alone is valid JSON but no character
            where = f"{path}: line {lineno} ({key!r})"
            raise InputError(Errors.E021.format(path=where, code=ord(record[key][bad]), offset=bad))
    return record["id"], record["text"], record


CHUNK = 1 << 20


def bounded_lines(handle: IO[bytes], max_bytes: int) -> Iterator[bytes | int]:
    """The lines of a binary stream, each read with at most ``max_bytes + 1`` bytes held:
    a longer line is skipped to its end and given as its length in bytes instead (one
    150 MB line must not be read whole to find out that it is too long)."""
    while True:
        line = handle.readline(max_bytes + 1)
        if not line:
            return
        if len(line) <= max_bytes or line.endswith(b"\n"):
            yield line
            continue
        size = len(line)
        while True:  # skip the rest of the line in bounded pieces
            piece = handle.readline(CHUNK)
            size += len(piece)
            if not piece or piece.endswith(b"\n"):
                break
        yield size


def iter_jsonl(
    lines: Iterable[bytes] | IO[bytes] | str | Path, name: str | None = None, *, max_bytes: int | None = None
) -> Iterator[Document | BadDocument]:
    """Documents from JSONL, one line at a time. ``lines`` is a path, an open binary
    file or archive member (read line by line within ``max_bytes``), or an iterable of
    byte lines. Blank lines are skipped; a line over ``max_bytes`` is an E020 report."""
    if isinstance(lines, (str, Path)):
        path = Path(lines)
        with path.open("rb") as handle:
            yield from iter_jsonl(handle, name or str(path), max_bytes=max_bytes)
        return
    name = name or "<jsonl>"
    if max_bytes is not None and hasattr(lines, "readline"):
        lines = bounded_lines(lines, max_bytes)  # type: ignore[arg-type]
    for lineno, raw in enumerate(lines, start=1):
        source = f"{name}:{lineno}"
        if isinstance(raw, int) or (max_bytes is not None and len(raw) > max_bytes):
            size = raw if isinstance(raw, int) else len(raw)
            yield BadDocument(source, str(too_big(source, max_bytes or 0, size, what=" (one JSONL line)")))
            continue
        if not raw.strip():
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
    """The ``jsonl`` format: one document per line, each line at most ``source.max_bytes``."""
    with source.open() as handle:
        for doc in iter_jsonl(handle, source.source, max_bytes=source.max_bytes):
            yield check_size(doc, max_chars)
