"""Agency XML: NITF 3.x and NewsML-G2 news items, read as text and written back as XML.

An agency story is markup and metadata around a little text. Only the text of headlines
and body paragraphs is copy, so only that is restored:

| schema | root | blocks restored |
| --- | --- | --- |
| NITF 3.x | ``<nitf>`` (no namespace, or an IPTC NITF one) | ``hl1``, ``hl2`` in ``body``; ``p`` in ``body.content`` and ``abstract`` |
| NewsML-G2 | ``<newsItem>``, ``<newsMessage>`` (``http://iptc.org/std/nar/2006-10-01/``) | ``contentMeta/headline``; ``h1``..``h6``, ``p`` in ``inlineXML``; ``inlineData`` |

The document's text is its blocks in order, one line each; inside a block the text nodes
(the text around inline markup such as ``<em>``, comments, CDATA sections) are joined as
they read. Each text node keeps where its bytes are in the file, so writing back splices
only the nodes a repair touches into the original bytes: everything else, the XML
declaration, attributes, namespaces, comments and entity references included, comes back
byte for byte, and with every suggestion rejected the file is the input exactly.

A repair may not cross from one text node into another (it would have to move markup):
``XmlStory.writable`` leaves such suggestions out (with an E043 warning), and also the
ones that only reflow the line breaks an XML file is indented with, which are layout, not
damage. One crossing is written: deleting whole paragraphs (a ``<p>[ad_1]</p>``, a
paragraph printed twice) empties their text nodes and keeps the elements. Inside a changed node, the untouched entity and character references keep their
bytes and the new text is escaped (``&amp;``, or ``&#N;`` where the file's encoding cannot
hold a character).

The parser is defusedxml's (expat underneath), which refuses entity declarations and
external references: a billion-laughs or external-entity file is an E042 error at its
first declaration, before anything expands, and a DTD named by a DOCTYPE is never
fetched. expat's byte index of each event is what locates the text nodes.
"""

from __future__ import annotations

import bisect
import codecs
import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass, replace
from html.entities import html5
from typing import Any
from xml.sax.saxutils import escape as xml_escape

from ..errors import Errors, InputError
from ..suggestion import Restoration, Suggestion
from . import BadDocument, Document, Input, check_size, read_bounded, register_format, xml_safe

NAR = "http://iptc.org/std/nar/2006-10-01/"
NITF_NS_PREFIX = "http://iptc.org/std/NITF/"
NEWSML_ROOTS = ("newsItem", "newsMessage")
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "p", "hl1", "hl2"})
_PREDEFINED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}


# -- sniffing -------------------------------------------------------------------------------

_ROOT = re.compile(  # atomic and possessive: a hostile head cannot make it backtrack exponentially
    r"\s*(?>(?><\?.*?\?>|<!--.*?-->|<!DOCTYPE[^\[>]*(?:\[.*?\])?\s*>)\s*)*+<([A-Za-z_][\w.:-]*)", re.S
)


def root_name(head: bytes) -> str | None:
    """The local name of the root element in the first bytes of a file, or None.

    >>> root_name(b'<?xml version="1.0"?>\\n<!-- feed -->\\n<nitf version="-//IPTC//DTD NITF 3.5//EN">')
    'nitf'
    >>> root_name(b'<nar:newsItem xmlns:nar="http://iptc.org/std/nar/2006-10-01/">')
    'newsItem'
    >>> root_name(b"Plain copy.") is None
    True
    """
    for bom, codec in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if head.startswith(bom):
            text = head[len(bom) :].decode(codec, errors="ignore")
            break
    else:
        text = head.decode("utf-8", errors="ignore").lstrip("\ufeff")
    m = _ROOT.match(text)
    return m.group(1).rpartition(":")[2] if m else None


# -- reading --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Run:
    """One text node: its text at ``[start, end)`` of the document text, from the bytes
    ``[byte_start, byte_end)`` of the file. ``exact``: those bytes were checked to read
    as this text, so the node can be rewritten (never false on the files we know)."""

    start: int
    end: int
    byte_start: int
    byte_end: int
    cdata: bool = False
    exact: bool = True


class _UnknownSchema(Exception):
    def __init__(self, root: str) -> None:
        self.root = root


class _Collector:
    """An expat target that finds the blocks of a NITF or NewsML-G2 story and the byte
    span of every text node in them. Any other event ends the text node it follows."""

    def __init__(self) -> None:
        self.expat: Any = None
        self.schema: str | None = None
        self.parents: list[str] = []  # local names of the open elements
        self.where: list[int] = []  # and where each starts (an element's identity)
        self.sections: list[int] = []  # each block's parent element
        self.open: dict[str, int] = {}  # how many of each (for "inside body.content")
        self.block_depth: int | None = None
        self.blocks: list[list[tuple[str, int, int, bool]]] = []  # (text, byte_start, byte_end, cdata)
        self.pieces: list[str] = []
        self.run_start: int | None = None
        self.cdata = False

    # the current text node
    def _flush(self) -> None:
        if self.run_start is not None:
            end = self.expat.CurrentByteIndex
            self.blocks[-1].append(("".join(self.pieces), self.run_start, end, self.cdata))
        self.pieces, self.run_start = [], None

    def data(self, text: str) -> None:
        if self.block_depth is None:
            return
        if self.run_start is None:
            self.run_start = self.expat.CurrentByteIndex
        self.pieces.append(text)

    def skipped(self, name: str, is_parameter: bool) -> None:
        """An entity of a DTD that is not read (``<!DOCTYPE nitf SYSTEM ...>`` with
        ``&nbsp;``): its HTML meaning if it has one; else the text node ends there."""
        char = html5.get(f"{name};")
        if char is None or self.block_depth is None:
            self._flush()
        else:
            self.data(char)

    def cdata_start(self) -> None:
        self._flush()
        self.cdata = True

    def cdata_end(self) -> None:
        self._flush()
        self.cdata = False

    # elements
    def start(self, tag: str, attrib: Any) -> None:
        self._flush()
        ns, _, local = tag[1:].rpartition("}") if tag.startswith("{") else ("", "", tag)
        if self.schema is None:
            self.schema = _schema(ns, local)
        if self.block_depth is None and self._is_block(ns, local):
            self.block_depth = len(self.parents)
            self.blocks.append([])
            self.sections.append(self.where[-1] if self.where else -1)
        self.parents.append(local)
        self.where.append(self.expat.CurrentByteIndex)
        self.open[local] = self.open.get(local, 0) + 1

    def _is_block(self, ns: str, local: str) -> bool:
        inside = self.open.get
        if inside("inlineXML"):
            return local in _HEADINGS
        if self.schema == "nitf":
            if local in ("hl1", "hl2"):
                return bool(inside("body"))
            return local == "p" and bool(inside("body.content") or inside("abstract"))
        if local == "inlineData":  # a plain-text body
            return ns == NAR
        return local == "headline" and ns == NAR and bool(self.parents) and self.parents[-1] == "contentMeta"

    def end(self, tag: str) -> None:
        self._flush()
        local = self.parents.pop()
        self.where.pop()
        self.open[local] -= 1
        if self.block_depth == len(self.parents):
            self.block_depth = None

    def comment(self, text: str) -> None:
        self._flush()

    def pi(self, target: str, text: str) -> None:
        self._flush()

    def close(self) -> None:
        self._flush()


def _schema(ns: str, local: str) -> str:
    if local == "nitf" and (not ns or ns.startswith(NITF_NS_PREFIX)):
        return "nitf"
    if local in NEWSML_ROOTS and ns == NAR:
        return "newsml"
    raise _UnknownSchema(f"{{{ns}}}{local}" if ns else local)


def _codec(data: bytes, declared: str | None) -> str:
    """The Python codec the file is written in: its byte-order mark, its declaration, or UTF-8."""
    for bom, codec in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return codec
    return codecs.lookup(declared).name if declared else "utf-8"


def parse_story(data: bytes, where: str) -> XmlStory:
    """The story in ``data`` (a NITF or NewsML-G2 file called ``where`` in errors).

    Raises ``InputError``: E040 for malformed XML, E041 for XML of another schema, E042
    for entity declarations (billion laughs, external entities).
    """
    from xml.etree.ElementTree import ParseError

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import DefusedXMLParser

    target = _Collector()
    parser = DefusedXMLParser(target=target)  # forbids entity declarations and external references
    expat = target.expat = parser.parser
    expat.buffer_text = False  # one callback per piece, each at its own byte index
    expat.StartCdataSectionHandler = target.cdata_start
    expat.EndCdataSectionHandler = target.cdata_end
    expat.SkippedEntityHandler = target.skipped
    declared: list[str | None] = [None]
    expat.XmlDeclHandler = lambda version, encoding, standalone: declared.__setitem__(0, encoding)
    try:
        parser.feed(data)
        parser.close()
        codec = _codec(data, declared[0])
    except _UnknownSchema as exc:
        raise InputError(Errors.E041.format(path=where, root=exc.root)) from None
    except DefusedXmlException as exc:
        raise InputError(Errors.E042.format(path=where, what=_what(exc))) from None
    except ParseError as exc:
        line, column = getattr(exc, "position", ("?", "?"))
        why = str(exc).split(":")[0]
        raise InputError(Errors.E040.format(path=where, why=why, line=line, column=column)) from None
    except (ValueError, LookupError) as exc:  # an encoding expat cannot read
        raise InputError(Errors.E040.format(path=where, why=str(exc), line=1, column=0)) from None
    if target.schema is None:
        raise InputError(Errors.E040.format(path=where, why="no root element", line=1, column=0))
    return XmlStory.build(data, target.blocks, target.sections, codec, where, target.schema)


def _what(exc: Exception) -> str:
    """What defusedxml refused, in words."""
    from defusedxml import EntitiesForbidden, ExternalReferenceForbidden

    if isinstance(exc, EntitiesForbidden):
        return f"the entity {exc.name!r}"
    if isinstance(exc, ExternalReferenceForbidden):
        return f"an external reference to {exc.sysid!r}"
    return "a DTD"


# -- the pieces of one text node ------------------------------------------------------------

_REF = re.compile(r"&(#[0-9]+|#x[0-9a-fA-F]+|[^;&<\s]+);|\r\n?")
_NEWLINE = re.compile(r"\r\n?")


def _ref_text(m: re.Match[str]) -> str | None:
    name = m.group(1)
    if name is None:
        return "\n"
    if name.startswith("#"):  # expat has checked it is a character; leading zeros may be many
        digits = name[2:].lstrip("0") if name.startswith("#x") else name[1:].lstrip("0")
        return chr(int(digits or "0", 16 if name.startswith("#x") else 10))
    return _PREDEFINED.get(name) or html5.get(f"{name};")


def _pieces(raw: str, cdata: bool) -> list[tuple[int, int, int, int, bool]]:
    """``raw`` (a text node as written) as ``(start, end, raw_start, raw_end, literal)``
    pieces along its text: a literal piece is written as it reads; a reference or a
    ``\\r\\n`` is written otherwise."""
    out: list[tuple[int, int, int, int, bool]] = []
    pos = raw_pos = 0
    for m in (_NEWLINE if cdata else _REF).finditer(raw):
        if m.start() > raw_pos:
            n = m.start() - raw_pos
            out.append((pos, pos + n, raw_pos, m.start(), True))
            pos += n
        text = _ref_text(m) if not cdata else "\n"
        if text is None:
            return []
        out.append((pos, pos + len(text), m.start(), m.end(), False))
        pos += len(text)
        raw_pos = m.end()
    if raw_pos < len(raw):
        out.append((pos, pos + len(raw) - raw_pos, raw_pos, len(raw), True))
    return out


def _piece_text(raw: str, piece: tuple[int, int, int, int, bool], cdata: bool) -> str:
    start, end, rs, re_, literal = piece
    if literal:
        return raw[rs:re_]
    return "\n" if cdata else (_ref_text(_REF.fullmatch(raw[rs:re_])) or "")  # type: ignore[arg-type]


def _escape(text: str) -> str:
    """``text`` as XML character data (XML 1.0 cannot hold most control characters)."""
    return xml_escape(xml_safe(text), {"\r": "&#13;"})


def _escape_cdata(text: str, codec: str) -> str:
    """``text`` inside a CDATA section: ``]]>`` and characters the encoding cannot hold
    step out of the section and back in."""
    out = []
    for char in xml_safe(text).replace("]]>", "]]]]><![CDATA[>"):
        if char == "\r" or (ord(char) > 127 and not _encodable(char, codec)):
            char = f"]]>&#{ord(char)};<![CDATA["
        out.append(char)
    return "".join(out)


def _encodable(char: str, codec: str) -> bool:
    try:
        char.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


# -- the story: its text, and writing it back -----------------------------------------------


@dataclass(frozen=True)
class XmlStory:
    """A parsed NITF or NewsML-G2 file: its bytes, its text and where each text node is.

    The ``writer`` of its ``Document``: ``writable`` fits a restoration of ``text`` to the
    markup, ``write`` gives the file's bytes with the accepted suggestions applied.
    """

    data: bytes
    text: str
    runs: tuple[_Run, ...]
    blocks: tuple[tuple[int, int], ...]
    """Each block (a headline, a paragraph) as the range of its runs, ``runs[i:j]``."""
    sections: tuple[int, ...]
    """Each block's parent element (``hedline``, ``body.content``, ``contentMeta``...)."""
    codec: str
    source: str
    schema: str
    suffix: str = ".xml"

    def __post_init__(self) -> None:
        object.__setattr__(self, "_starts", [r.start for r in self.runs])  # for bisect
        object.__setattr__(self, "_block_starts", [self.runs[b0].start for b0, _ in self.blocks])

    @classmethod
    def build(
        cls,
        data: bytes,
        blocks: list[list[tuple[str, int, int, bool]]],
        sections: list[int],
        codec: str,
        source: str,
        schema: str,
    ) -> XmlStory:
        parts: list[str] = []
        runs: list[_Run] = []
        ranges: list[tuple[int, int]] = []
        kept: list[int] = []
        pos = 0
        for block, section in zip(blocks, sections):
            if not block:
                continue
            kept.append(section)
            if parts:
                parts.append("\n")
                pos += 1
            first = len(runs)
            for text, b0, b1, cdata in block:
                runs.append(_Run(pos, pos + len(text), b0, b1, cdata, _reads_as(data[b0:b1], text, codec, cdata)))
                parts.append(text)
                pos += len(text)
            ranges.append((first, len(runs)))
        return cls(data, "".join(parts), tuple(runs), tuple(ranges), tuple(kept), codec, source, schema)

    def _placed(self, s: Suggestion) -> list[tuple[int, int, int, str]] | None:
        """Where ``s`` goes, as (run index, start, end, replacement) edits in the text of
        runs, or None if it cannot go anywhere without moving markup."""
        inside = self._in_run(s)
        return [inside] if inside is not None else self._whole_blocks(s)

    def _in_run(self, s: Suggestion) -> tuple[int, int, int, str] | None:
        """``s`` inside one text node (an insertion between two nodes goes into the first)."""
        i = bisect.bisect_right(self._starts, s.start) - 1  # type: ignore[attr-defined]
        for k in range(max(0, i - 1), min(i + 1, len(self.runs))):
            run = self.runs[k]
            if run.start <= s.start and s.end <= run.end and run.exact:
                return k, s.start - run.start, s.end - run.start, s.replacement
        return None

    def _whole_blocks(self, s: Suggestion) -> list[tuple[int, int, int, str]] | None:
        """``s`` deleting whole blocks with one line break each (a ``<p>[ad_1]</p>``, a
        doubled paragraph): every text node of those blocks is emptied, the elements stay.
        The line breaks it deletes must join blocks of one parent: a NewsML-G2 body's
        ``h1`` that repeats the ``contentMeta`` headline is no doubled paragraph."""
        if s.replacement or not self.blocks:
            return None
        starts = self._block_starts  # type: ignore[attr-defined]
        lo = bisect.bisect_left(starts, s.start)
        near = self.blocks[lo : bisect.bisect_right(starts, s.end)]
        covered = [(b0, b1) for b0, b1 in near if self.runs[b1 - 1].end <= s.end]
        if not covered:
            return None
        first, last = self.runs[covered[0][0]].start, self.runs[covered[-1][1] - 1].end
        joined = range(lo - (s.start < first), lo + len(covered) + (s.end > last))  # the blocks its breaks join
        if not 0 <= joined.start < joined.stop <= len(self.blocks) or len({self.sections[j] for j in joined}) > 1:
            return None
        blocks_text = sum(self.runs[b1 - 1].end - self.runs[b0].start for b0, b1 in covered)
        breaks = (s.end - s.start) - blocks_text  # what else the span holds: the line breaks between blocks
        every = len(covered) == len(self.blocks)
        whole = breaks == (len(covered) - 1 if every else len(covered)) and first - 1 <= s.start and s.end <= last + 1
        if not whole or not all(self.runs[k].exact for b0, b1 in covered for k in range(b0, b1)):
            return None
        return [(k, 0, self.runs[k].end - self.runs[k].start, "") for b0, b1 in covered for k in range(b0, b1)]

    def writable(self, restoration: Restoration) -> Restoration:
        """``restoration`` without the suggestions that would cross markup (E043 says how
        many) or only reflow the file's indentation."""
        keep: list[Suggestion] = []
        crossing = 0
        inside = {s.id: self._in_run(s) for s in restoration.suggestions}
        blocks = {s.id: self._whole_blocks(s) for s in restoration.suggestions if inside[s.id] is None}
        # an edit in a block another suggestion deletes (a full stop added to a doubled
        # paragraph) would be left in an empty element: only the deletion can be written
        emptied = {k for edits in blocks.values() if edits for k, _, _, _ in edits}
        for s in restoration.suggestions:
            here = inside[s.id]
            if (here is None and blocks[s.id] is None) or (here is not None and here[0] in emptied):
                crossing += 1
            elif not _layout_only(s):
                keep.append(s)
        warnings = restoration.warnings
        if crossing:
            warnings += (Errors.E043.format(path=self.source, count=crossing),)
        return replace(restoration, suggestions=tuple(keep), warnings=warnings)

    def write(self, restoration: Restoration, accepted: Collection[str]) -> bytes:
        """The file with the ``accepted`` suggestions of ``restoration`` applied to its
        text nodes; every other byte as it was. Nothing accepted: the file exactly.

        Unknown ids are E006, overlapping ones E018; a suggestion across markup, or a
        restoration of another text, is E044.
        """
        if restoration.original != self.text:
            raise InputError(Errors.E044.format(path=self.source, why="it restores another text"))
        wanted = set(accepted)
        unknown = wanted - {s.id for s in restoration.suggestions}
        if unknown:
            raise InputError(Errors.E006.format(ids=", ".join(sorted(unknown))))
        edits: dict[int, list[tuple[int, int, str]]] = {}
        emptied: set[int] = set()
        for s in restoration.suggestions:
            if s.id in wanted:
                placed = self._placed(s)
                if placed is None:
                    raise InputError(Errors.E044.format(path=self.source, why=f"suggestion {s.id} spans markup"))
                for k, a, b, text in placed:
                    edits.setdefault(k, []).append((a, b, text))
                if len(placed) > 1 or self._in_run(s) is None:
                    emptied.update(k for k, _, _, _ in placed)
        if any(len(edits[k]) > 1 for k in emptied):  # an edit in a paragraph that is deleted
            k = min(k for k in emptied if len(edits[k]) > 1)
            raise InputError(Errors.E018.format(start=self.runs[k].start, which=""))
        out: list[bytes] = []
        cursor = 0
        for k in sorted(edits):
            run = self.runs[k]
            out += [self.data[cursor : run.byte_start], self._rewrite(run, sorted(edits[k]))]
            cursor = run.byte_end
        out.append(self.data[cursor:])
        return b"".join(out)

    def _rewrite(self, run: _Run, edits: list[tuple[int, int, str]]) -> bytes:
        """The bytes of one text node with ``edits`` (sorted, in the node's text) applied:
        untouched pieces as written, new text escaped for its place (character data or CDATA)."""
        raw = self.data[run.byte_start : run.byte_end].decode(self.codec)
        pieces = _pieces(raw, run.cdata)
        starts = [p[0] for p in pieces]

        def keep(a: int, b: int) -> str:
            kept = []
            for k in range(max(0, bisect.bisect_right(starts, a) - 1), len(pieces)):
                piece = pieces[k]
                start, end, rs, re_, literal = piece
                if start >= b:
                    break
                if end <= a:
                    continue
                if literal:
                    kept.append(raw[rs + max(a, start) - start : rs + min(b, end) - start])
                elif a <= start and end <= b:
                    kept.append(raw[rs:re_])
                else:  # part of a reference that stands for several characters
                    text = _piece_text(raw, piece, run.cdata)[max(a, start) - start : min(b, end) - start]
                    kept.append(_escape_cdata(text, self.codec) if run.cdata else _escape(text))
            return "".join(kept)

        out: list[str] = []
        cursor = 0
        for a, b, replacement in edits:
            if a < cursor:
                raise InputError(Errors.E018.format(start=run.start + a, which=""))
            out.append(keep(cursor, a))
            out.append(_escape_cdata(replacement, self.codec) if run.cdata else _escape(replacement))
            cursor = b
        out.append(keep(cursor, run.end - run.start))
        return "".join(out).encode(self.codec, errors="xmlcharrefreplace")


def _reads_as(raw: bytes, text: str, codec: str, cdata: bool) -> bool:
    """True if the bytes of a text node, as written, read as ``text``: the check that
    the byte span is right before the node may ever be rewritten."""
    try:
        decoded = raw.decode(codec)
    except UnicodeDecodeError:
        return False
    pieces = _pieces(decoded, cdata)
    return "".join(_piece_text(decoded, p, cdata) for p in pieces) == text and (bool(pieces) or not text)


def _layout_only(s: Suggestion) -> bool:
    """A suggestion that turns an indented line break inside a paragraph into a space:
    in XML that is layout, not damage."""
    return "\n" in s.original and not s.original.strip() and bool(s.replacement) and not s.replacement.strip()


@register_format("nitf", suffixes=(".xml", ".nitf"), sniff=lambda head: root_name(head) == "nitf")
def read_news_xml(source: Input, max_chars: int) -> Iterator[Document | BadDocument]:
    """One document: the headlines and paragraphs of a NITF or NewsML-G2 file, with an
    ``XmlStory`` as its writer. The schema comes from the file's root element."""
    with source.open() as handle:
        data = read_bounded(handle, source.max_bytes, source.source)
    story = parse_story(data, source.source)
    yield check_size(Document(source.doc_id, story.text, source.source, writer=story), max_chars)


register_format("newsml", suffixes=(".xml",), sniff=lambda head: root_name(head) in NEWSML_ROOTS)(read_news_xml)
register_format("xml", suffixes=(".xml", ".nitf"))(read_news_xml)  # any other XML: E040 / E041, never plain text
