"""Readers for the inputs restore accepts: plain text, JSONL and (elsewhere) .docx.

Readers turn files into ``Document`` values (or ``BadDocument`` reports) so the batch
runner and the CLI never touch bytes or encodings themselves.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Document:
    """One text to restore. ``source`` says where it came from (``file``, ``file:line``,
    ``archive!member``) so every report can name the place."""

    id: str
    text: str
    source: str
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class BadDocument:
    """An input that could not be read; ``error`` is a coded message (restore.errors)."""

    source: str
    error: str
    id: str | None = None


from .jsonl import iter_jsonl, parse_record  # noqa: E402
from .text import decode_bytes, read_text_file, sniff_binary  # noqa: E402

__all__ = [
    "BadDocument",
    "Document",
    "decode_bytes",
    "iter_jsonl",
    "parse_record",
    "read_text_file",
    "sniff_binary",
]
