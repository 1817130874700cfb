"""Plain-text input: refuse binaries, strip a BOM, and decode without silent damage.

Wire archives are often Windows-1252 (or Latin-1) rather than UTF-8, and scraped files
often mix both. Refusing them would lose real copy; decoding them with
``errors="replace"`` would silently turn every curly quote into U+FFFD; decoding a mostly
UTF-8 file wholesale as cp1252 would turn its good ``’`` into ``â€™``. So the bytes that
are valid UTF-8 are read as UTF-8 and only the others as cp1252 (Latin-1 for the five
bytes cp1252 leaves undefined), and the caller gets a coded warning (E010) naming the
file and the first bad byte so an editor can check it. A pure cp1252 file comes out as
cp1252 decoding would give it. Leftover mojibake is then the encoding pass's job.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from pathlib import Path

from ..errors import Errors, InputError
from . import BadDocument, Document, Input, check_size, read_bounded, register_format, too_big

MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "PDF"),
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"PK\x03\x04", "ZIP archive or Office document"),
    (b"\x1f\x8b", "gzip data"),
    (b"BZh", "bzip2 data"),
    (b"\xfd7zXZ\x00", "xz data"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"\x7fELF", "executable"),
    (b"MZ\x90\x00", "Windows executable"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old Office document"),
    (b"SQLite format 3\x00", "SQLite database"),
)
"""File signatures that are never news copy."""

SNIFF_BYTES = 8192
MAX_CONTROL_SHARE = 0.05
"""More than 5% control bytes (other than tab, newline, carriage return, form feed and
escape) in the first 8 KiB means the file is not text."""

_TEXT_CONTROLS = frozenset(b"\t\n\r\f\x1b")
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def sniff_binary(data: bytes, name: str) -> None:
    """Raise ``InputError`` (E009) if ``data`` looks like a binary file rather than text.

    >>> sniff_binary(b"Plain copy.", "a.txt")
    >>> sniff_binary(b"%PDF-1.4 ...", "a.txt")
    Traceback (most recent call last):
    ...
    restore.errors.InputError: E009: a.txt cannot be read as copy (a binary file: PDF signature); restore reads plain text, JSONL, .docx and .zip/.tar archives of them.
    """
    head = data[:SNIFF_BYTES]
    for magic, what in MAGIC:
        if head.startswith(magic):
            raise InputError(Errors.E009.format(path=name, why=f"a binary file: {what} signature"))
    if b"\x00" in head or b"\x00" in data:
        utf16 = utf16_without_bom(head)
        if utf16 is not None:
            raise InputError(Errors.E022.format(path=name, endian=utf16[1], encoding=utf16[0].upper()))
        raise InputError(Errors.E009.format(path=name, why="a binary file: NUL bytes"))
    if head:
        controls = sum(1 for b in head if (b < 0x20 or b == 0x7F) and b not in _TEXT_CONTROLS)
        if controls / len(head) > MAX_CONTROL_SHARE:
            share = round(100 * controls / len(head))
            raise InputError(Errors.E009.format(path=name, why=f"a binary file: {share}% control bytes"))


def utf16_without_bom(head: bytes) -> tuple[str, str] | None:
    """("utf-16-le", "little-endian") or the big-endian pair if ``head`` reads as UTF-16
    text without a byte-order mark (what some Windows tools write), else None: mostly
    Latin text, one byte of each pair NUL and the other printable.

    >>> utf16_without_bom("Plain copy, said the agency.".encode("utf-16-le"))
    ('utf-16-le', 'little-endian')
    >>> utf16_without_bom(b"\\x00\\x01binary\\x00\\xff") is None
    True
    """
    pairs = len(head) // 2
    if pairs < 4:
        return None
    even, odd = head[0 : 2 * pairs : 2], head[1 : 2 * pairs : 2]
    for zeros, other, guess in ((odd, even, ("utf-16-le", "little-endian")), (even, odd, ("utf-16-be", "big-endian"))):
        if zeros.count(0) >= 0.9 * pairs and other.count(0) == 0:
            try:
                text = head[: 2 * pairs].decode(guess[0])
            except UnicodeDecodeError:
                continue
            if sum(c.isprintable() or c in "\n\r\t" for c in text) >= 0.95 * len(text):
                return guess
    return None


def decode_bytes(data: bytes, name: str) -> tuple[str, list[str]]:
    """Decode a text file's bytes: (text, warnings). See the module docstring for why.

    >>> decode_bytes(b"\\xef\\xbb\\xbfCaf\\xc3\\xa9", "a.txt")
    ('Café', [])
    >>> text, warnings = decode_bytes(b"the rebels\\x92 chief", "b.txt")
    >>> text, warnings[0][:4]
    ('the rebels’ chief', 'E010')
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            body = data[len(bom) :]
            if encoding != "utf-8":  # UTF-16 has NUL bytes by nature: decode before sniffing
                try:
                    text = body.decode(encoding)
                except UnicodeDecodeError as exc:
                    raise InputError(
                        Errors.E009.format(path=name, why=f"broken {encoding} at byte {exc.start}")
                    ) from None
                _check_decoded(text, name)
                return text, []
            data = body
            break
    sniff_binary(data, name)
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        offset = exc.start
    text = data.decode("utf-8", errors=_FALLBACK)
    encoding = "cp1252 (Windows-1252) where it is not UTF-8"
    return text, [Errors.E010.format(path=name, offset=offset, encoding=encoding)]


def _single_byte(byte: int) -> str:
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:  # 0x81, 0x8d, 0x8f, 0x90, 0x9d: Latin-1 (C1 controls)
        return chr(byte)


def _fallback(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    bad = exc.object[exc.start : exc.end]
    return "".join(_single_byte(b) for b in bad), exc.end


_FALLBACK = "restore-cp1252"
codecs.register_error(_FALLBACK, _fallback)


def _check_decoded(text: str, name: str) -> None:
    if "\x00" in text:
        raise InputError(Errors.E009.format(path=name, why="NUL characters"))


@register_format("text", suffixes=(".txt", ".text"))
def read_text(source: Input, max_chars: int) -> Iterator[Document | BadDocument]:
    """The ``text`` format: one document, its bytes decoded by ``decode_bytes``, at most
    ``source.max_bytes`` of them (checked as read: an archive member's size may lie)."""
    if source.size > source.max_bytes:
        yield BadDocument(source.source, str(too_big(source.source, source.max_bytes, source.size)), source.doc_id)
        return
    with source.open() as handle:
        data = read_bounded(handle, source.max_bytes, source.source)
    text, warnings = decode_bytes(data, source.source)
    yield check_size(Document(source.doc_id, text, source.source, tuple(warnings)), max_chars)


def read_text_file(path: str | Path, *, max_bytes: int | None = None) -> tuple[str, list[str]]:
    """Read a plain-text file: (text, warnings).

    Refuses binary files (E009), strips a UTF-8 BOM, decodes UTF-16 with a BOM, and
    decodes non-UTF-8 bytes as cp1252/Latin-1 with an E010 warning. ``max_bytes`` refuses
    bigger files (E020) before holding them.
    """
    path = Path(path)
    if max_bytes is None:
        return decode_bytes(path.read_bytes(), str(path))
    size = path.stat().st_size
    if size > max_bytes:
        raise too_big(str(path), max_bytes, size)
    with path.open("rb") as handle:
        return decode_bytes(read_bounded(handle, max_bytes, str(path)), str(path))
