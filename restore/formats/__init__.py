"""Input: every file restore reads, through one table of formats and one ``read_any``.

The CLI (``restore fix``), the batch runner and the UI's upload all read through
``read_any`` (one file) or ``iter_documents`` (files, folders, archives), so they accept
the same inputs and report the same coded errors. A reader turns an input into
``Document`` values (or ``BadDocument`` reports, one per bad document, never an
exception), so no caller touches bytes or encodings itself.

Formats (``FORMATS``, in the order they are tried):

| format | suffixes | documents |
| --- | --- | --- |
| ``text`` | ``.txt``, ``.text`` (and any file given by name whose suffix no format claims) | one |
| ``jsonl`` | ``.jsonl``, ``.ndjson`` | one per ``{"id", "text"}`` line |
| ``docx`` | ``.docx`` | one (the body text) |
| ``nitf``, ``newsml`` | ``.xml`` (``.nitf``), by root element | one (headlines and paragraphs; written back as XML, ``newsxml``) |
| ``xml`` | ``.xml`` of any other root | none: E040 (malformed) or E041 (another schema) |
| ``zip``, ``tar`` | ``.zip``; ``.tar.gz``, ``.tgz``, ``.tar`` | every member in a format above |

A new format is one reader: ``@register_format("nitf", suffixes=(".xml",), sniff=...)``.
Several formats may claim a suffix; ``sniff(head)`` (the first 4 KiB) then picks by content,
as NITF and NewsML-G2, both ``.xml``, are told apart by their root element. A document
whose restored output is its own format, not plain text, carries a ``Writer``.

>>> format_of("desk/story.TXT").name, format_of("feed.ndjson").name, format_of("a.tar.gz").name
('text', 'jsonl', 'tar')
>>> format_of("story.xml", b'<?xml version="1.0"?><newsItem xmlns="http://iptc.org/std/nar/2006-10-01/">').name
'newsml'
>>> format_of("photo.jpg") is None
True
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Callable, Collection, Container, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, TYPE_CHECKING, Protocol

from ..config import MAX_BYTES, MAX_CHARS
from ..errors import Errors, InputError

if TYPE_CHECKING:
    from ..suggestion import Restoration


class Writer(Protocol):
    """Writes a restoration back in its document's own format, for a document whose
    restored output is not plain text (an XML story stays XML: ``newsxml.XmlStory``).

    ``suffix`` names the restored file; ``writable`` leaves out the suggestions the format
    cannot hold (a repair across markup); ``write`` gives the file's bytes with the
    ``accepted`` suggestions applied, the input exactly when none is."""

    suffix: str

    def writable(self, restoration: Restoration) -> Restoration: ...

    def write(self, restoration: Restoration, accepted: Collection[str]) -> bytes: ...


@dataclass(frozen=True)
class Document:
    """One text to restore. ``source`` says where it came from (``file``, ``file:line``,
    ``archive!member``) so every report can name the place."""

    id: str
    text: str
    source: str
    warnings: tuple[str, ...] = ()
    writer: Writer | None = field(default=None, compare=False, repr=False)
    """Set where the restored output is the file itself, repaired (not plain text)."""


@dataclass(frozen=True)
class BadDocument:
    """An input that could not be read; ``error`` is a coded message (restore.errors)."""

    source: str
    error: str
    id: str | None = None


@dataclass(frozen=True)
class Input:
    """One thing to read: a file or an archive member.

    ``name`` (a file or member name) decides the format; ``source`` names it in reports;
    ``open()`` gives its bytes; ``doc_id`` is the id a one-document input gets;
    ``max_bytes`` bounds the bytes read for one document (``too_big``), whatever ``size``
    claims (a pipe says 0, an archive member says what its header says).
    """

    name: str
    source: str
    size: int
    open: Callable[[], IO[bytes]]
    doc_id: str
    max_bytes: int = MAX_BYTES

    @classmethod
    def file(
        cls, path: Path, doc_id: str | None = None, *, source: str | None = None, max_bytes: int = MAX_BYTES
    ) -> Input:
        """A file on disk; ``source`` names it in reports instead of its path (a server
        names an upload by what the user called it, never by its temp path)."""
        size = path.stat().st_size if path.is_file() else 0  # a FIFO or /dev/stdin: no size
        return cls(
            path.name, source or str(path), size, lambda: path.open("rb"), doc_id or strip_suffix(path.name), max_bytes
        )


def too_big(where: str, limit: int, size: int | None = None, what: str = "") -> InputError:
    """The E020 error for an input over ``limit`` bytes (``size`` None: found while
    streaming, so only "more than the limit" is known)."""
    shown = f"{size:,}" if size is not None else f"more than {limit:,}"
    return InputError(Errors.E020.format(path=where, size=shown, what=what, limit=limit))


def read_bounded(handle: IO[bytes], limit: int, where: str, what: str = "") -> bytes:
    """All of ``handle``, or E020 as soon as more than ``limit`` bytes have come: memory
    stays bounded by the limit whatever the stream expands to."""
    data = handle.read(limit + 1)
    if len(data) > limit:
        raise too_big(where, limit, what=what)
    return data


Reader = Callable[[Input, int], Iterator["Document | BadDocument"]]
"""Reads an ``Input`` holding at most ``max_chars`` characters per document."""


@dataclass(frozen=True)
class Format:
    name: str
    suffixes: tuple[str, ...]
    read: Reader
    sniff: Callable[[bytes], bool] | None = None
    container: bool = False
    """An archive: its members are read as inputs of their own."""


FORMATS: list[Format] = []
SNIFF_BYTES = 4096


def register_format(
    name: str, *, suffixes: tuple[str, ...], sniff: Callable[[bytes], bool] | None = None, container: bool = False
) -> Callable[[Reader], Reader]:
    """Decorator: ``read`` reads files whose name ends in one of ``suffixes`` (lower case)
    and, if ``sniff`` is given, whose first ``SNIFF_BYTES`` it accepts."""

    def decorate(read: Reader) -> Reader:
        FORMATS.append(Format(name, tuple(s.lower() for s in suffixes), read, sniff, container))
        return read

    return decorate


def _suffix_of(name: str) -> str | None:
    lower = name.lower()
    claimed = [s for f in FORMATS for s in f.suffixes if lower.endswith(s)]
    return max(claimed, key=len) if claimed else None


def format_of(name: str, head: bytes | None = None) -> Format | None:
    """The format for a file called ``name`` (its longest claimed suffix), or None.
    Where several formats claim the suffix, the first whose ``sniff`` accepts ``head``."""
    suffix = _suffix_of(name)
    if suffix is None:
        return None
    claiming = [f for f in FORMATS if suffix in f.suffixes]
    for f in claiming:
        if f.sniff is None or (head is not None and f.sniff(head)):
            return f
    return claiming[0] if head is None else None


def strip_suffix(name: str) -> str:
    """``name`` without the suffix that decides its format (``b.tar.gz`` -> ``b``)."""
    suffix = _suffix_of(name)
    return name[: -len(suffix)] if suffix else name


def _head(source: Input) -> bytes:
    with source.open() as handle:
        return handle.read(SNIFF_BYTES)


def _rereadable(source: Input) -> Input:
    """A pipe (``restore fix <(cmd)``, a FIFO, ``/dev/stdin``) can be opened only once,
    but a format may peek at its head first: read it into memory, within the limit."""
    data = source.open().read(source.max_bytes + 1)
    if len(data) > source.max_bytes:
        raise too_big(source.source, source.max_bytes)
    return replace(source, size=len(data), open=lambda: io.BytesIO(data))


def read_input(source: Input, *, max_chars: int = MAX_CHARS, member: bool = False) -> Iterator[Document | BadDocument]:
    """The documents of one input; one whose suffix no format claims is read as text.

    A bad document is a ``BadDocument``, never an exception. An archive ``member`` is not
    itself an archive (nested archives are skipped), and an error reading its bytes is
    the archive's, reported once by the archive's reader.
    """
    fmt = format_of(source.name)
    if not member and _is_pipe(source):
        try:
            source = _rereadable(source)
        except InputError as exc:
            yield BadDocument(source.source, str(exc), source.doc_id)
            return
    if fmt is not None and fmt.sniff is not None:
        fmt = format_of(source.name, _head(source))
    if fmt is None:
        fmt = next(f for f in FORMATS if f.name == "text")
    if fmt.container and member:
        return
    try:
        yield from fmt.read(source, max_chars)
    except InputError as exc:
        yield BadDocument(source.source, str(exc), source.doc_id)
    except (OSError, EOFError) as exc:
        if member:
            raise
        yield BadDocument(source.source, Errors.E009.format(path=source.source, why=f"unreadable: {exc}"), source.doc_id)


def _is_pipe(source: Input) -> bool:
    """True for an input that is not a regular file (a FIFO, a process substitution)."""
    import stat

    path = Path(source.source)
    try:
        return source.size == 0 and path.exists() and not stat.S_ISREG(path.stat().st_mode)
    except OSError:
        return False


def read_any(
    path: str | Path,
    *,
    doc_id: str | None = None,
    max_chars: int = MAX_CHARS,
    max_bytes: int = MAX_BYTES,
    source: str | None = None,
) -> Iterator[Document | BadDocument]:
    """The documents of one file, whatever its format (see the module docstring).

    ``max_bytes`` bounds what one document may take as read (the file, an archive
    member, a .docx's expanded XML, one JSONL line): larger ones are an E020 report,
    found while streaming, before they are held in memory. ``source`` names the file in
    reports and errors instead of its path (an upload's temp path is nobody's business).
    """
    yield from read_input(Input.file(Path(path), doc_id, source=source, max_bytes=max_bytes), max_chars=max_chars)


def check_size(doc: Document | BadDocument, max_chars: int) -> Document | BadDocument:
    """``doc``, or an E008 report if its text is over ``max_chars``."""
    if isinstance(doc, Document) and len(doc.text) > max_chars:
        return BadDocument(doc.source, Errors.E008.format(size=len(doc.text), limit=max_chars), doc.id)
    return doc


def iter_documents(
    inputs: Sequence[str | Path],
    *,
    max_chars: int = MAX_CHARS,
    max_bytes: int = MAX_BYTES,
    exclude: Path | None = None,
    known: Container[str] = frozenset(),
) -> Iterator[Document | BadDocument]:
    """Every document in ``inputs`` (files, folders, archives), in a deterministic order,
    streamed.

    Folders are walked recursively in sorted order for files of a known format, leaving
    out the folder ``exclude`` (the batch's own output); a file's id is its path below the
    folder without the suffix (or its name when given directly); JSONL records keep their
    own ids; an archive member's id is the archive's name, a slash and the member's path.
    A repeated id gets a ``~2``, ``~3`` ... suffix so outputs never overwrite each other.
    A one-document file whose id is in ``known`` (finished by an earlier run) is not
    read: it comes back with empty text.
    """
    seen: dict[str, int] = {}

    def unique(doc_id: str) -> str:
        seen[doc_id] = seen.get(doc_id, 0) + 1
        return doc_id if seen[doc_id] == 1 else f"{doc_id}~{seen[doc_id]}"

    skip = exclude.resolve() if exclude is not None else None
    for raw in inputs:
        root = Path(raw)
        if root.is_dir():
            files = sorted(
                p
                for p in root.rglob("*")
                if p.is_file()
                and format_of(p.name) is not None
                and not (skip is not None and p.resolve().is_relative_to(skip))
            )
            pairs = [(p, strip_suffix(p.relative_to(root).as_posix())) for p in files]
        else:
            pairs = [(root, strip_suffix(root.name))]
        for path, doc_id in pairs:
            fmt = format_of(path.name)
            if fmt is not None and (fmt.container or fmt.name == "jsonl"):
                for doc in read_any(path, doc_id=doc_id, max_chars=max_chars, max_bytes=max_bytes):
                    yield doc if doc.id is None else replace(doc, id=unique(doc.id))
                continue
            final = unique(doc_id)
            if final in known:
                yield Document(final, "", str(path))
            else:
                yield from read_any(path, doc_id=final, max_chars=max_chars, max_bytes=max_bytes)


_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_name(doc_id: str) -> str:
    """A file name for ``doc_id``: the id itself when it is already safe, else a cleaned
    form plus a short hash of the id (so different ids never share a file). Batch output
    and the review queue's export name files with it.

    >>> safe_name("afp-2020-09-29")
    'afp-2020-09-29'
    >>> safe_name("../etc/passwd")
    'etc_passwd-e96c47ea'
    """
    cleaned = _UNSAFE.sub("_", doc_id).strip("._")[:80]
    if cleaned == doc_id and cleaned.lower() not in {"con", "nul", "prn", "aux"}:
        return cleaned
    digest = hashlib.sha1(doc_id.encode("utf-8")).hexdigest()[:8]
    return f"{cleaned or 'doc'}-{digest}"


XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
"""Characters XML 1.0 cannot hold (most C0 controls, U+FFFE, U+FFFF)."""


def xml_safe(text: str) -> str:
    """``text`` with what XML 1.0 cannot hold as U+FFFD (Word shows that for them too), for
    every format that writes XML (.docx, NITF, NewsML-G2)."""
    return XML_ILLEGAL.sub("\ufffd", text)


# The readers register themselves, in this order.
from . import text, jsonl, docx, newsxml, archive  # noqa: E402,F401
from .jsonl import iter_jsonl, parse_record  # noqa: E402
from .text import decode_bytes, read_text_file, sniff_binary  # noqa: E402

__all__ = [
    "FORMATS",
    "BadDocument",
    "Document",
    "Format",
    "Input",
    "Writer",
    "decode_bytes",
    "format_of",
    "iter_documents",
    "iter_jsonl",
    "parse_record",
    "read_any",
    "read_bounded",
    "read_input",
    "read_text_file",
    "register_format",
    "safe_name",
    "sniff_binary",
    "strip_suffix",
    "too_big",
    "xml_safe",
]
