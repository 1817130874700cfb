"""Tracked-change .docx: reopens in python-docx; accept all = accepted text, reject all = original."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from restore import InputError, Kind, Restoration, Suggestion
from restore.formats.docx import read_docx, write_tracked_docx

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "karabakh-26-killed.txt"


def _sug(text: str, start: int, end: int, repl: str, kind=Kind.POSSESSIVE) -> Suggestion:
    return Suggestion.at(text, start, end, repl, kind=kind, confidence=0.9, reason="test", source="t")


def _sample_restoration() -> Restoration:
    text = SAMPLE.read_text(encoding="utf-8")
    i = text.index("Azerbaijanthe")
    j = text.index("‘the")
    k = text.index("\n.\n")
    m = text.index("a halt fighting") + len("a halt ")
    return Restoration(text, (
        _sug(text, i, i + 13, "Azerbaijan’s"),
        _sug(text, j, j + 4, "’", Kind.QUOTE),
        _sug(text, k, k + 3, "\n", Kind.ARTIFACT),
        _sug(text, m, m, "in ", Kind.DROPPED_WORD),
    ))


def test_sample_roundtrips_both_ways(tmp_path):
    r = _sample_restoration()
    accepted = [s.id for s in r.suggestions if s.kind != Kind.QUOTE]
    out = write_tracked_docx(r, accepted, tmp_path / "a.docx", author="Ann Editor")
    reopened = docx.Document(str(out))
    inserted_marks = sum(r.by_id(i).replacement.count("\n") for i in accepted)
    assert len(reopened.paragraphs) == r.original.count("\n") + 1 + inserted_marks
    assert read_docx(out) == r.apply(accepted)
    assert read_docx(out, revisions="reject") == r.original


def test_revisions_are_real_word_markup(tmp_path):
    r = _sample_restoration()
    out = write_tracked_docx(r, [r.suggestions[0].id], tmp_path / "a.docx", author="Ann")
    with zipfile.ZipFile(out) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    dels = root.findall(f".//{W}del")
    inss = root.findall(f".//{W}ins")
    assert [d.findtext(f".//{W}delText") for d in dels] == ["Azerbaijanthe"]
    assert [i.findtext(f".//{W}t") for i in inss] == ["Azerbaijan’s"]
    for rev in dels + inss:
        assert rev.get(f"{W}author") == "Ann"
        assert rev.get(f"{W}date", "").endswith("Z")
    # independent accept-all: drop w:del, keep w:ins, join paragraphs
    paras = ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in root.iter(f"{W}p")]
    assert "\n".join(paras) == r.apply([r.suggestions[0].id])


def test_nothing_accepted_is_the_original(tmp_path):
    r = _sample_restoration()
    out = write_tracked_docx(r, [], tmp_path / "none.docx")
    assert read_docx(out) == r.original == read_docx(out, revisions="reject")


def test_unknown_id_and_bad_file_are_coded_errors(tmp_path):
    r = _sample_restoration()
    with pytest.raises(InputError, match="E006"):
        write_tracked_docx(r, ["nope"], tmp_path / "x.docx")
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"not a zip at all")
    with pytest.raises(InputError, match="E009"):
        read_docx(bad)


def test_reads_plain_word_document(tmp_path):
    d = docx.Document()
    d.add_paragraph("First paragraph.")
    d.add_paragraph("Second, with “quotes”.")
    d.save(str(tmp_path / "plain.docx"))
    assert read_docx(tmp_path / "plain.docx") == "First paragraph.\nSecond, with “quotes”."


_chunk = st.text(alphabet="ab \n’.", max_size=6)


@settings(max_examples=40, deadline=None)
@given(parts=st.lists(st.tuples(_chunk, _chunk, _chunk), min_size=1, max_size=4))
def test_any_edits_roundtrip(tmp_path_factory, parts):
    """Edits that add, remove or keep line breaks all survive accept-all and reject-all."""
    text = ""
    spans = []
    for keep, old, new in parts:
        text += keep
        spans.append((len(text), len(text) + len(old), new))
        text += old
    r = Restoration(text, tuple(
        _sug(text, a, b, new) for a, b, new in spans if text[a:b] != new
    ))
    r = Restoration(text, tuple(s for i, s in enumerate(r.suggestions)
                                if not any(s.overlaps(o) for o in r.suggestions[:i])))
    ids = [s.id for s in r.suggestions]
    out = write_tracked_docx(r, ids, tmp_path_factory.mktemp("h") / "h.docx")
    assert read_docx(out) == r.apply(ids)
    assert read_docx(out, revisions="reject") == text
