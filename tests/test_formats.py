"""Input readers: binaries refused with E009, BOMs stripped, cp1252 decoded with E010,
malformed JSONL lines reported with their line number and the rest still read."""

from __future__ import annotations

import codecs
import json

import pytest

from restore import InputError
from restore.formats import BadDocument, Document, decode_bytes, iter_jsonl, read_text_file


def test_utf8_text_comes_back_unchanged(tmp_path):
    text = "YEREVAN: “Twenty-six” fighters — café\r\nsecond line\n"
    path = tmp_path / "a.txt"
    path.write_bytes(text.encode("utf-8"))
    assert read_text_file(path) == (text, [])


def test_utf8_bom_is_stripped(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes(codecs.BOM_UTF8 + "Copy.".encode())
    assert read_text_file(path) == ("Copy.", [])


def test_utf16_with_bom_is_decoded_not_refused(tmp_path):
    path = tmp_path / "u16.txt"
    path.write_bytes("Rebels’ copy".encode("utf-16"))
    assert read_text_file(path) == ("Rebels’ copy", [])


def test_cp1252_is_decoded_with_a_warning_naming_file_and_offset(tmp_path):
    path = tmp_path / "win.txt"
    path.write_bytes("the rebels’ “chief”".encode("cp1252"))
    text, warnings = read_text_file(path)
    assert text == "the rebels’ “chief”"
    assert len(warnings) == 1
    assert warnings[0].startswith("E010") and "win.txt" in warnings[0] and "offset 10" in warnings[0]


def test_bytes_undefined_in_cp1252_fall_back_to_latin1():
    text, warnings = decode_bytes(b"caf\xe9 \x81", "x.txt")
    assert text == "café \x81"
    assert warnings[0].startswith("E010") and "offset 3" in warnings[0]


def test_mixed_file_keeps_its_utf8_and_reads_only_the_bad_bytes_as_cp1252():
    data = "Café “quoted” — ".encode("utf-8") + b"the rebels\x92 chief"
    text, warnings = decode_bytes(data, "mixed.txt")
    assert text == "Café “quoted” — the rebels’ chief"  # no â€™ anywhere
    assert warnings and "mixed.txt" in warnings[0]


def test_pure_cp1252_decodes_as_cp1252_would():
    sample = "“Smart” quotes, an em dash — and a euro € in café prose.\n" * 3
    text, warnings = decode_bytes(sample.encode("cp1252"), "w.txt")
    assert text == sample
    assert warnings


@pytest.mark.parametrize(
    "data,why",
    [
        (b"%PDF-1.7\n...", "PDF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "PNG"),
        (b"PK\x03\x04rest", "ZIP"),
        (b"\x1f\x8b\x08\x00", "gzip"),
        (b"text with a \x00 NUL", "NUL"),
        (bytes(range(1, 32)) * 10, "control bytes"),
    ],
)
def test_binary_files_are_refused_with_E009(tmp_path, data, why):
    path = tmp_path / "thing.txt"
    path.write_bytes(data)
    with pytest.raises(InputError, match=r"E009.*thing\.txt") as info:
        read_text_file(path)
    assert why in str(info.value)


def test_too_large_file_is_refused_before_reading(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 2000)
    with pytest.raises(InputError, match="E020.*2,000 bytes.*--max-bytes"):
        read_text_file(path, max_bytes=1000)


def test_jsonl_streams_records_and_reports_bad_lines(tmp_path):
    path = tmp_path / "wire.jsonl"
    lines = [
        json.dumps({"id": "a", "text": "First."}),
        "{not json",
        "",
        json.dumps(["a", "list"]),
        json.dumps({"id": "c", "text": 5}),
        json.dumps({"id": "d", "text": "Fourth ’quote’.", "extra": 1}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = list(iter_jsonl(path))
    good = [d for d in out if isinstance(d, Document)]
    bad = [d for d in out if isinstance(d, BadDocument)]
    assert [(d.id, d.text) for d in good] == [("a", "First."), ("d", "Fourth ’quote’.")]
    assert good[1].source.endswith("wire.jsonl:6")
    assert [b.source.rsplit(":", 1)[1] for b in bad] == ["2", "4", "5"]
    assert all(b.error.startswith("E011") for b in bad)
    assert "line 5" in bad[2].error and "'text' is int" in bad[2].error


def test_jsonl_line_in_cp1252_is_read_with_a_warning():
    raw = '{"id": "w", "text": "rebels’ chief"}\n'.encode("cp1252")
    (doc,) = iter_jsonl([raw], "feed.jsonl")
    assert isinstance(doc, Document)
    assert doc.text == "rebels’ chief"
    assert doc.warnings and doc.warnings[0].startswith("E010")


def test_one_reader_for_the_cli_the_batch_and_the_ui(tmp_path):
    """``read_any`` reads every format from one table; ``.ndjson`` is JSONL everywhere and
    a .docx inside an archive is read like any other."""
    import io
    import zipfile

    import docx

    from restore.formats import BadDocument, format_of, read_any
    from restore.ui.logic import read_upload

    (tmp_path / "feed.ndjson").write_text('{"id": "n1", "text": "One."}\n{"id": "n2", "text": "Two."}\n', encoding="utf-8")
    assert [(d.id, d.text) for d in read_any(tmp_path / "feed.ndjson")] == [("n1", "One."), ("n2", "Two.")]
    assert read_upload(tmp_path / "feed.ndjson").records == (("n1", "One."), ("n2", "Two."))
    word = io.BytesIO()
    d = docx.Document()
    d.add_paragraph("From Word.")
    d.save(word)
    with zipfile.ZipFile(tmp_path / "pack.zip", "w") as zf:
        zf.writestr("desk/a.txt", "Plain.")
        zf.writestr("desk/b.docx", word.getvalue())
        zf.writestr("photo.jpg", b"\xff\xd8\xff")
    docs = list(read_any(tmp_path / "pack.zip"))
    assert [(x.id, x.text) for x in docs] == [("pack/desk/a", "Plain."), ("pack/desk/b", "From Word.")]
    assert docs[1].source.endswith("pack.zip!desk/b.docx")
    (tmp_path / "notes").write_bytes(b"%PDF-1.4")  # no suffix: read as text, and refused
    [bad] = read_any(tmp_path / "notes")
    assert isinstance(bad, BadDocument) and bad.error.startswith("E009")
    assert format_of("x.TGZ").name == "tar" and format_of("x.pdf") is None


def test_a_new_format_is_one_reader_picked_by_content(tmp_path):
    from restore import formats
    from restore.formats import Document, format_of, read_any, register_format

    @register_format("story-test", suffixes=(".story",), sniff=lambda head: b"<story" in head)
    def read_story(source, max_chars):
        with source.open() as handle:
            yield Document(source.doc_id, handle.read().decode().split("<p>")[1].split("</p>")[0], source.source)

    try:
        (tmp_path / "a.story").write_text("<story><body><p>The the fire.</p></body></story>", encoding="utf-8")
        assert [d.text for d in read_any(tmp_path / "a.story")] == ["The the fire."]
        assert format_of("other.story", b"<rss/>") is None
    finally:
        formats.FORMATS[:] = [f for f in formats.FORMATS if f.name != "story-test"]
