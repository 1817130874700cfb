"""Archives: ``.zip`` and ``.tar`` / ``.tar.gz`` / ``.tgz`` of files restore reads.

Members are streamed in archive order, never extracted to disk (so member names like
``../x`` cannot escape anywhere), and each is read as an input of its own in the format
its name says (text, JSONL, .docx); other members (images, nested archives, metadata) are
not copy and are skipped. A member's id is the archive's name, a slash and the member's
path without its suffix (``pack/desk/z1``). A broken or encrypted archive is reported
(E009) after the members read before the break; it never stops a batch.
"""

from __future__ import annotations

import io
import tarfile
import zipfile
import zlib
from collections.abc import Iterator
from typing import IO

from ..errors import Errors
from . import BadDocument, Document, Input, format_of, read_input, register_format, strip_suffix

BROKEN = (OSError, EOFError, zipfile.BadZipFile, tarfile.TarError, zlib.error, RuntimeError, NotImplementedError)
"""What a broken or encrypted archive raises."""


def _members(archive: Input, members: Iterator[Input], max_chars: int) -> Iterator[Document | BadDocument]:
    try:
        for member in members:
            yield from read_input(member, max_chars=max_chars, member=True)
    except BROKEN as exc:
        yield BadDocument(archive.source, Errors.E009.format(path=archive.source, why=f"a broken archive: {exc}"), archive.doc_id)


def _member(archive: Input, name: str, size: int, opener) -> Input | None:  # noqa: ANN001
    fmt = format_of(name)
    if fmt is None or fmt.container:
        return None
    return Input(
        name, f"{archive.source}!{name}", size, opener, f"{strip_suffix(archive.name)}/{strip_suffix(name)}",
        archive.max_bytes,  # each member is bounded as the archive's caller asked
    )


@register_format("zip", suffixes=(".zip",), container=True)
def read_zip(source: Input, max_chars: int) -> Iterator[Document | BadDocument]:
    def members(zf: zipfile.ZipFile) -> Iterator[Input]:
        for info in zf.infolist():
            if not info.is_dir():
                member = _member(source, info.filename, info.file_size, lambda i=info: zf.open(i))
                if member is not None:
                    yield member

    try:
        handle = source.open()
        zf = zipfile.ZipFile(handle)
    except BROKEN as exc:
        yield BadDocument(source.source, Errors.E009.format(path=source.source, why=f"a broken archive: {exc}"), source.doc_id)
        return
    with handle, zf:
        yield from _members(source, members(zf), max_chars)


@register_format("tar", suffixes=(".tar.gz", ".tgz", ".tar"), container=True)
def read_tar(source: Input, max_chars: int) -> Iterator[Document | BadDocument]:
    def members(tf: tarfile.TarFile) -> Iterator[Input]:
        for info in tf:  # stream mode: one pass, bounded memory
            if info.isfile():

                def opener(m: tarfile.TarInfo = info) -> IO[bytes]:
                    handle = tf.extractfile(m)
                    return handle if handle is not None else io.BytesIO(b"")

                member = _member(source, info.name, info.size, opener)
                if member is not None:
                    yield member

    with source.open() as handle:
        try:
            tf = tarfile.open(fileobj=handle, mode="r|*")
        except BROKEN as exc:
            yield BadDocument(source.source, Errors.E009.format(path=source.source, why=f"a broken archive: {exc}"), source.doc_id)
            return
        with tf:
            yield from _members(source, members(tf), max_chars)
