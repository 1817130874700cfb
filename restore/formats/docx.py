"""Word files: read paragraph text, and write a restoration as tracked changes.

An editor who works in Word wants our repairs as revisions they can keep reviewing there,
not as a silently rewritten file. python-docx cannot write revisions, so the runs are built
here as WordprocessingML: each accepted suggestion becomes ``w:del`` (its ``w:delText``)
followed by ``w:ins``, with ``w:author`` and ``w:date``. A repair that removes or adds a line
break marks the paragraph mark itself as deleted or inserted, as Word does.

Accepting every revision in Word gives the accepted text; rejecting every revision gives the
original. ``read_docx`` can show either view, so both promises are checked in the tests.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Collection, Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import IO, Literal

from ..errors import Errors, InputError
from ..suggestion import Restoration, Suggestion
from . import BadDocument, Document, Input, check_size, read_bounded, register_format, too_big, xml_safe

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


# -- reading --------------------------------------------------------------------------------


def _paragraph_view(p, revisions: str) -> tuple[str, bool]:
    """(text of one w:p under the chosen view, whether its paragraph mark survives)."""
    keep_ins = revisions == "accept"
    parts: list[str] = []
    for node in p.iter(_w("t"), _w("delText"), _w("tab"), _w("br"), _w("cr")):
        inside_ins = any(a.tag == _w("ins") for a in node.iterancestors())
        inside_del = any(a.tag == _w("del") for a in node.iterancestors())
        if (inside_ins and not keep_ins) or (inside_del and keep_ins):
            continue
        if node.tag in (_w("t"), _w("delText")):
            parts.append(node.text or "")
        elif node.tag == _w("tab"):
            parts.append("\t")
        else:
            parts.append("\n")
    mark = p.find(f"{_w('pPr')}/{_w('rPr')}")
    mark_kept = True
    if mark is not None:
        if mark.find(_w("del")) is not None and keep_ins:
            mark_kept = False
        if mark.find(_w("ins")) is not None and not keep_ins:
            mark_kept = False
    return "".join(parts), mark_kept


def read_docx(
    path: str | Path | IO[bytes], *, revisions: Literal["accept", "reject"] = "accept", name: str | None = None
) -> str:
    """The body text of a .docx (a path or a binary file), one line per paragraph.

    Tracked changes are shown as if all were accepted (``revisions="accept"``, what the
    editor will end up with) or all rejected (``"reject"``, the text before revision).
    Tables and text boxes are not read: wire copy lives in body paragraphs. ``name``
    names the file in errors (default: the path).
    """
    import docx  # python-docx
    from docx.opc.exceptions import PackageNotFoundError

    where = name or str(path)
    if revisions not in ("accept", "reject"):
        raise InputError(f"revisions must be 'accept' or 'reject', got {revisions!r}")
    try:
        document = docx.Document(str(path) if isinstance(path, (str, Path)) else path)
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise InputError(Errors.E009.format(path=where, why=f"not a Word .docx file: {exc}")) from None
    out: list[str] = []
    pending = ""  # text of paragraphs whose mark was removed, joined to the next one
    for p in document.element.body.iter(_w("p")):
        text, mark_kept = _paragraph_view(p, revisions)
        if mark_kept:
            out.append(pending + text)
            pending = ""
        else:
            pending += text
    if pending:
        out.append(pending)
    return "\n".join(out)


@register_format("docx", suffixes=(".docx",))
def read_docx_input(source: Input, max_chars: int) -> Iterator[Document | BadDocument]:
    """The ``docx`` format: one document, the body text (python-docx loads on first use).

    Both the file and what it expands to are bounded by ``source.max_bytes``: a .docx is a
    zip, and 150 KB of it can hold 64 MB of XML, which python-docx would parse whole."""
    with source.open() as handle:
        data = io.BytesIO(read_bounded(handle, source.max_bytes, source.source))  # Word needs to seek
    _check_expanded(data, source.source, source.max_bytes)
    yield check_size(Document(source.doc_id, read_docx(data, name=source.source), source.source), max_chars)


def _check_expanded(data: IO[bytes], where: str, limit: int) -> None:
    """E020 if the zip's members expand to more than ``limit`` bytes. The sizes are the
    ones the zip declares, and ``zipfile`` never inflates a member past its declared size
    (it stops there and the CRC check fails), so this bounds what parsing can hold."""
    try:
        with zipfile.ZipFile(data) as zf:
            expanded = sum(info.file_size for info in zf.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return  # not a zip at all: read_docx says so (E009)
    finally:
        data.seek(0)
    if expanded > limit:
        raise too_big(where, limit, expanded, what=" expanded (the XML inside the .docx)")


# -- writing --------------------------------------------------------------------------------


def _pieces(r: Restoration, accepted: Collection[str]) -> Iterator[tuple[str, str, Suggestion | None]]:
    """The document as ("keep" | "del" | "ins", text, suggestion) pieces along the original;
    "start"/"end" pieces (no text) bracket each applied suggestion, for its comment."""
    wanted = set(accepted)
    cursor = 0
    for s in r.suggestions:
        if s.id not in wanted:
            continue
        if s.start > cursor:
            yield "keep", r.original[cursor : s.start], None
        yield "start", "", s
        if s.original:
            yield "del", s.original, s
        if s.replacement:
            yield "ins", s.replacement, s
        yield "end", "", s
        cursor = s.end
    if cursor < len(r.original):
        yield "keep", r.original[cursor:], None


class _Writer:
    """Builds w:p elements one piece at a time, splitting at line breaks."""

    def __init__(self, body, author: str, date: str) -> None:
        from docx.oxml import OxmlElement

        self._el = OxmlElement
        self.body = body
        self.author = author
        self.date = date
        self.rev = 0
        self.anchor = body.find(_w("sectPr"))  # paragraphs go before the section properties
        self.p = self._new_paragraph()

    def _new_paragraph(self):
        p = self._el("w:p")
        if self.anchor is not None:
            self.anchor.addprevious(p)
        else:
            self.body.append(p)
        return p

    def _revision(self, tag: str):
        self.rev += 1
        el = self._el(tag)
        el.set(_w("id"), str(self.rev))
        el.set(_w("author"), self.author)
        el.set(_w("date"), self.date)
        return el

    def _run(self, text: str, *, deleted: bool):
        run = self._el("w:r")
        t = self._el("w:delText" if deleted else "w:t")
        t.text = xml_safe(text)
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        run.append(t)
        return run

    def _end_paragraph(self, how: str) -> None:
        """Close the current paragraph; its mark is plain, deleted or inserted."""
        if how != "keep":
            ppr = self._el("w:pPr")
            rpr = self._el("w:rPr")
            rpr.append(self._revision("w:del" if how == "del" else "w:ins"))
            ppr.append(rpr)
            self.p.insert(0, ppr)
        self.p = self._new_paragraph()

    def comment_start(self, comment_id: int) -> None:
        el = self._el("w:commentRangeStart")
        el.set(_w("id"), str(comment_id))
        self.p.append(el)

    def comment_end(self, comment_id: int) -> None:
        """Close the comment's range and place its reference mark, as Word does."""
        end = self._el("w:commentRangeEnd")
        end.set(_w("id"), str(comment_id))
        self.p.append(end)
        run = self._el("w:r")
        ref = self._el("w:commentReference")
        ref.set(_w("id"), str(comment_id))
        run.append(ref)
        self.p.append(run)

    def add(self, how: str, text: str) -> None:
        lines = text.split("\n")
        for i, line in enumerate(lines):
            if line:
                if how == "keep":
                    self.p.append(self._run(line, deleted=False))
                else:
                    wrapper = self._revision(f"w:{how}")
                    wrapper.append(self._run(line, deleted=how == "del"))
                    self.p.append(wrapper)
            if i < len(lines) - 1:
                self._end_paragraph(how)


def write_tracked_docx(
    restoration: Restoration,
    accepted_ids: Collection[str],
    path: str | Path,
    *,
    author: str = "restore",
    comments: bool = False,
) -> Path:
    """Write ``restoration`` to ``path`` with each accepted suggestion as a tracked change.

    ``author`` signs every change (the reviewer's name, so Word shows who approved it);
    with ``comments`` each change also carries its reason as a Word comment by the engine
    that proposed it ("restore", or the editor for an own edit).
    One paragraph per line of the original. Unknown ids are an error (E006), as in
    ``Restoration.apply``. Control characters XML cannot hold become U+FFFD.
    """
    import docx  # python-docx

    wanted = set(accepted_ids)
    unknown = wanted - {s.id for s in restoration.suggestions}
    if unknown:
        raise InputError(Errors.E006.format(ids=", ".join(sorted(unknown))))
    document = docx.Document()
    body = document.element.body
    for p in list(body.iter(_w("p"))):  # the template's empty paragraph, if any
        body.remove(p)
    date = datetime.now(timezone.utc).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")
    writer = _Writer(body, author or "restore", date)
    open_comments: dict[str, int] = {}
    for how, text, s in _pieces(restoration, wanted):
        if how == "start":
            if comments:
                by = author if s.source == "editor" else "restore"
                note = document.comments.add_comment(text=f"{s.kind.value}: {xml_safe(s.reason)}", author=by, initials=by[:2])
                open_comments[s.id] = note.comment_id
                writer.comment_start(note.comment_id)
        elif how == "end":
            if s.id in open_comments:
                writer.comment_end(open_comments.pop(s.id))
        else:
            writer.add(how, text)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path
