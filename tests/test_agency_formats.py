"""Agency XML (NITF 3.x, NewsML-G2): repairs land in headline and paragraph text only,
markup and metadata come back as they were, and rejecting everything gives the file back
byte for byte. Hostile and broken XML is a coded error for that document only.

The fixtures in tests/data/agency follow the IPTC specifications (NITF 3.5, NewsML-G2
2.29); lxml, a second and independent parser, checks what we write.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

from restore import Restoration, Restorer
from restore.errors import InputError
from restore.formats import BadDocument, Document, format_of, read_any
from restore.formats.newsxml import XmlStory, parse_story
from restore.suggestion import Kind, Suggestion

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data" / "agency"
NITF = DATA / "nitf-garbled.xml"
NEWSML = DATA / "newsml-garbled.xml"
BLOCKS = {"hl1", "hl2", "p", "h1", "h2", "headline"}


@pytest.fixture(scope="module")
def rules() -> Restorer:
    return Restorer(model=None)


def story(path: Path) -> Document:
    [doc] = read_any(path)
    assert isinstance(doc, Document), doc
    return doc


def story_of(path: Path, data: bytes) -> Document:
    """The story ``data``, written to ``path`` and read back as any input is."""
    path.write_bytes(data)
    return story(path)


def restored(doc: Document, restorer: Restorer) -> Restoration:
    return doc.writer.writable(restorer.restore(doc.text))


def without_block_text(data: bytes) -> bytes:
    """The file as lxml reads it (entities not resolved, nothing fetched), canonical,
    with the text of every headline and paragraph emptied: what must never change."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)
    root = etree.fromstring(data, parser)
    for el in root.iter():
        if isinstance(el.tag, str) and etree.QName(el).localname in BLOCKS:
            for inner in el.iter():
                inner.text = None
                if inner is not el:
                    inner.tail = None
    return etree.tostring(root, method="c14n")


# -- reading ---------------------------------------------------------------------------------


def test_nitf_text_is_its_headlines_and_paragraphs_and_nothing_else():
    doc = story(NITF)
    assert doc.text.split("\n") == [
        "Govern- ment falls in snap vote",
        "Ministerâ€™s allies walk out",
        "The the coalition collapsed on Tuesday.",
        "[ad_1] The prime ministerâ€™s office said the govern- ment & its allies would meet…",
        "Officials in Baku said the fighting continued on <Monday> & into the night.",
        "“We will not resign,” the minister told parliament.",
    ]
    assert isinstance(doc.writer, XmlStory) and doc.writer.schema == "nitf"
    assert "Jane Doe" not in doc.text and "jd/ar" not in doc.text  # byline, tagline: metadata
    assert all(run.exact for run in doc.writer.runs)


def test_newsml_text_is_headline_and_inline_xhtml():
    doc = story(NEWSML)
    lines = doc.text.split("\n")
    assert lines[0] == "Govern- ment falls in snap vote"  # contentMeta/headline
    assert lines[1] == "Officials report a vote"  # inlineXML h1
    assert lines[2].startswith("[ad_1] The prime ministerâ€™s office")
    assert len(lines) == 5 and doc.writer.schema == "newsml"
    assert "coalition" not in doc.text and "vote-govern" not in doc.text  # description, slugline


def test_format_is_picked_from_the_content():
    assert format_of("a.xml", NITF.read_bytes()[:4096]).name == "nitf"
    assert format_of("a.xml", NEWSML.read_bytes()[:4096]).name == "newsml"
    assert format_of("a.xml", b"<rss version='2.0'/>").name == "xml"  # read, and refused: E041
    assert format_of("A.NITF", b"<nitf/>").name == "nitf"
    # a head of many processing instructions and no root: sniffing ends (no backtracking blow-up)
    assert format_of("a.xml", b"<?a?>" * 800 + b"!").name == "xml"


# -- the round trip ----------------------------------------------------------------------------


def _variants() -> list[tuple[str, bytes]]:
    nitf = NITF.read_bytes()
    text = nitf.decode("utf-8")
    latin = text.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"').replace("â€™", "&#226;&#8364;&#8482;")
    return [
        ("nitf", nitf),
        ("newsml", NEWSML.read_bytes()),
        ("crlf", nitf.replace(b"\n", b"\r\n")),
        ("utf-16", b"\xff\xfe" + text.replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16-le")),
        ("latin-1", (latin.replace("Jane Doe", "Jos\u00e9 Mart\u00ednez") + "<!-- caf\u00e9 -->\n").encode("latin-1")),
        ("no declaration", text.split("\n", 1)[1].encode()),
    ]


@pytest.mark.parametrize("name,data", _variants(), ids=[n for n, _ in _variants()])
def test_rejecting_every_suggestion_gives_the_file_back_byte_for_byte(tmp_path, rules, name, data):
    doc = story_of(tmp_path / "story.xml", data)
    r = restored(doc, rules)
    assert r.suggestions, "the fixture is garbled: there must be something to reject"
    assert doc.writer.write(r, []) == data
    assert all(run.exact for run in doc.writer.runs)


@pytest.mark.parametrize("name,data", _variants(), ids=[n for n, _ in _variants()])
def test_accepting_repairs_changes_text_nodes_only(tmp_path, rules, name, data):
    doc = story_of(tmp_path / "story.xml", data)
    r = restored(doc, rules)
    out = doc.writer.write(r, r.default_accepted)
    assert out != data
    assert without_block_text(out) == without_block_text(data)  # markup and metadata as they were
    (tmp_path / "out.xml").write_bytes(out)
    again = story(tmp_path / "out.xml")
    assert again.text == r.text  # reading what we wrote gives the repaired text
    for damage in ("â€™", "[ad_1]", "govern- ment", "Govern- ment"):
        assert damage not in again.text
    # metadata keeps its damage: it is not copy
    kept = out.decode(doc.writer.codec)
    assert "<title>Govern- ment falls in snap vote</title>" in kept or name == "newsml"


def test_untouched_references_keep_their_bytes_and_new_text_is_escaped(rules):
    data = NITF.read_bytes()
    doc = story(NITF)
    r = restored(doc, rules)
    out = doc.writer.write(r, r.default_accepted)
    # a changed paragraph keeps its untouched references as written
    assert b"the government &amp; its allies would meet&#8230;</p>" in out
    assert b"<p>&#8220;We will not resign,&#8221; the minister" in out  # an untouched node
    assert out.count(b"<![CDATA[ on <Monday> & ]]>") == data.count(b"<![CDATA[ on <Monday> & ]]>") == 1
    # an editor's own text with markup characters goes in escaped, in its node only
    start = doc.text.index("the night")
    edit = Suggestion.at(doc.text, start, start + 3, "<the> & “a”", kind=Kind.WRONG_WORD,
                         confidence=1.0, reason="An editor's change.", source="editor")
    mine = Restoration(doc.text, (edit,))
    out = doc.writer.write(mine, [edit.id])
    assert b"into &lt;the&gt; &amp; \xe2\x80\x9ca\xe2\x80\x9d night.</p>" in out
    assert parse_story(out, "out.xml").text == mine.apply([edit.id])


def test_new_text_the_encoding_cannot_hold_becomes_character_references(tmp_path):
    data = NITF.read_bytes().decode().replace('encoding="UTF-8"', 'encoding="ISO-8859-1"')
    data = data.replace("â€™", "'").encode("latin-1")
    doc = story_of(tmp_path / "latin.xml", data)
    at = doc.text.index("'")
    edit = Suggestion.at(doc.text, at, at + 1, "’", kind=Kind.QUOTE, confidence=1.0, reason="Curly.", source="editor")
    out = doc.writer.write(Restoration(doc.text, (edit,)), [edit.id])
    assert out == data.replace(b"Minister's", b"Minister&#8217;s", 1)


def test_a_repair_inside_cdata_stays_well_formed():
    doc = story(NITF)
    at = doc.text.index("<Monday>")
    edit = Suggestion.at(doc.text, at, at + 8, "]]> Tuesday", kind=Kind.WRONG_WORD, confidence=1.0,
                         reason="An editor's change.", source="editor")
    r = Restoration(doc.text, (edit,))
    out = doc.writer.write(r, [edit.id])
    assert parse_story(out, "out.xml").text == r.apply([edit.id])
    assert without_block_text(out) == without_block_text(NITF.read_bytes())


def test_a_suggestion_across_markup_is_left_out_and_refused():
    doc = story(NITF)
    at = doc.text.index("Baku said")  # "Baku" is inside <location>, " said" after it
    across = Suggestion.at(doc.text, at, at + 9, "Baku, said", kind=Kind.PUNCTUATION, confidence=0.99,
                           reason="A test.", source="test")
    inside = Suggestion.at(doc.text, at, at + 4, "BAKU", kind=Kind.CASE, confidence=0.99, reason="A test.", source="test")
    r = doc.writer.writable(Restoration(doc.text, (across, inside)))
    assert [s.id for s in r.suggestions] == [inside.id]
    assert r.warnings and r.warnings[0].startswith("E043")
    with pytest.raises(InputError, match="E044"):
        doc.writer.write(Restoration(doc.text, (across,)), [across.id])
    with pytest.raises(InputError, match="E044"):
        doc.writer.write(Restoration("another text"), [])


def test_clean_indented_copy_comes_back_unchanged(tmp_path, rules):
    data = (
        b'<?xml version="1.0"?>\n<nitf><body><body.content>\n'
        b"  <p>The government said on Tuesday that it\n     would act on the\n     report.</p>\n"
        b"  <p>Officials in Baku said the fighting continued.</p>\n</body.content></body></nitf>\n"
    )
    doc = story_of(tmp_path / "clean.xml", data)
    r = restored(doc, rules)
    assert r.suggestions == () and doc.writer.write(r, r.default_accepted) == data


# -- hostile and broken XML ---------------------------------------------------------------------

LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE nitf [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<nitf><body><body.content><p>&lol9;</p></body.content></body></nitf>
"""


def hostile(tmp_path: Path) -> dict[str, bytes]:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-LINE", encoding="utf-8")
    return {
        "billion-laughs": LAUGHS,
        "external-entity": (
            f'<?xml version="1.0"?><!DOCTYPE nitf [<!ENTITY xxe SYSTEM "file://{secret}">]>'
            "<nitf><body><body.content><p>&xxe;</p></body.content></body></nitf>"
        ).encode(),
        "parameter-entity": (
            f'<?xml version="1.0"?><!DOCTYPE nitf [<!ENTITY % ext SYSTEM "file://{secret}"> %ext;]>'
            "<nitf><body><body.content><p>x</p></body.content></body></nitf>"
        ).encode(),
        "newsml-laughs": LAUGHS.replace(b"<nitf><body><body.content><p>&lol9;</p></body.content></body></nitf>",
                                        b'<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/"><contentMeta>'
                                        b"<headline>&lol9;</headline></contentMeta></newsItem>"),
    }


@pytest.mark.parametrize("name", ["billion-laughs", "external-entity", "parameter-entity", "newsml-laughs"])
def test_entity_tricks_are_refused_with_E042_before_anything_expands(tmp_path, name):
    path = tmp_path / f"{name}.xml"
    path.write_bytes(hostile(tmp_path)[name])
    [bad] = read_any(path)
    assert isinstance(bad, BadDocument)
    assert bad.error.startswith("E042") and str(path) in bad.error
    assert "TOP-SECRET" not in bad.error and "lollol" not in bad.error


def test_a_dtd_named_by_the_doctype_is_never_read(tmp_path, rules):
    dtd = tmp_path / "evil.dtd"
    dtd.write_text('<!ENTITY leak "TOP-SECRET-LINE">', encoding="utf-8")
    data = (
        f'<?xml version="1.0"?><!DOCTYPE nitf SYSTEM "file://{dtd}">'
        "<nitf><body><body.content><p>A&leak;B and&nbsp;the the end.</p></body.content></body></nitf>"
    ).encode()
    doc = story_of(tmp_path / "story.xml", data)
    assert "TOP-SECRET" not in doc.text and doc.text.startswith("A")
    r = restored(doc, rules)
    out = doc.writer.write(r, r.default_accepted)
    assert b"&leak;" in out and b"and&nbsp;the end" in out  # the unknown entity stays as written
    assert doc.writer.write(r, []) == data


@pytest.mark.parametrize(
    "data,code",
    [
        (b"<nitf><body><body.content><p>Cut off", "E040"),
        (b"<nitf><body></nitf>", "E040"),
        (b"Not XML at all, just copy.", "E040"),
        (b"", "E040"),
        (b"<nitf><p>&undefined;</p></nitf>", "E040"),
        (b"<?xml version='1.0'?><rss version='2.0'><channel/></rss>", "E041"),
        (b"<newsItem xmlns='urn:not-iptc'/>", "E041"),
        (b"<packageItem xmlns='http://iptc.org/std/nar/2006-10-01/'/>", "E041"),
    ],
)
def test_malformed_or_unknown_xml_is_a_coded_error(tmp_path, data, code):
    path = tmp_path / "story.xml"
    path.write_bytes(data)
    [bad] = read_any(path)
    assert isinstance(bad, BadDocument) and bad.error.startswith(code), bad


# -- through the command line -------------------------------------------------------------------


def run(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, OMP_WAIT_POLICY="PASSIVE", PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "restore", *args], capture_output=True, cwd=ROOT, env=env, timeout=300)


def test_fix_prints_the_repaired_xml_and_a_clean_file_exactly(tmp_path, rules):
    result = run("fix", "--no-model", str(NITF))
    assert result.returncode == 0, result.stderr
    doc = story(NITF)
    r = restored(doc, rules)
    assert result.stdout == doc.writer.write(r, r.default_accepted)
    assert b"<hl1>Government falls in snap vote</hl1>" in result.stdout
    clean = tmp_path / "clean.xml"
    clean.write_bytes(b"<?xml version='1.0'?>\n<nitf><body><body.content><p>All is well.</p></body.content></body></nitf>\n")
    result = run("fix", "--no-model", str(clean))
    assert result.returncode == 0 and result.stdout == clean.read_bytes()
    result = run("fix", "--no-model", "--json", str(NITF))
    assert json.loads(result.stdout)["original"] == doc.text


def test_fix_reads_a_story_from_stdin_by_its_content(tmp_path):
    """A pipe has no name to go by: an NITF or NewsML-G2 story is known by its root; any
    other text, "<" and all, is plain text as before."""
    env = dict(os.environ, OMP_WAIT_POLICY="PASSIVE", PYTHONPATH=str(ROOT))
    for path in (NITF, NEWSML):
        piped = subprocess.run([sys.executable, "-m", "restore", "fix", "--no-model", "-"], input=path.read_bytes(),
                               capture_output=True, cwd=ROOT, env=env, timeout=300)
        assert piped.returncode == 0 and piped.stdout == run("fix", "--no-model", str(path)).stdout
    text = b"<b>Note</b> the goverment said.\n"
    piped = subprocess.run([sys.executable, "-m", "restore", "fix", "--no-model", "-"], input=text,
                           capture_output=True, cwd=ROOT, env=env, timeout=300)
    as_file = tmp_path / "note.txt"
    as_file.write_bytes(text)
    assert piped.returncode == 0 and b"government" in piped.stdout
    assert piped.stdout == run("fix", "--no-model", str(as_file)).stdout


def test_fix_on_broken_xml_exits_2_with_the_code(tmp_path):
    path = tmp_path / "broken.xml"
    path.write_bytes(b"<nitf><body>")
    result = run("fix", "--no-model", str(path))
    assert result.returncode == 2 and b"E040" in result.stderr and not result.stdout


def test_batch_writes_xml_stories_back_as_xml_and_goes_on_past_bad_ones(tmp_path, rules):
    desk = tmp_path / "desk"
    desk.mkdir()
    (desk / "a-nitf.xml").write_bytes(NITF.read_bytes())
    (desk / "b-newsml.xml").write_bytes(NEWSML.read_bytes())
    (desk / "c-broken.xml").write_bytes(b"<nitf><body>")
    (desk / "d-rss.xml").write_bytes(b"<rss/>")
    (desk / "e-laughs.xml").write_bytes(LAUGHS)
    (desk / "f-plain.txt").write_text("The the fire spread.", encoding="utf-8")
    out = tmp_path / "out"
    result = run("batch", "--no-model", "--quiet", "--jobs", "1", str(desk), "--out", str(out))
    assert result.returncode == 1, result.stderr  # some documents failed, the rest are done
    errors = {json.loads(line)["id"]: json.loads(line)["error"][:4] for line in (out / "errors.jsonl").open()}
    assert errors == {"c-broken": "E040", "d-rss": "E041", "e-laughs": "E042"}
    records = {json.loads(line)["id"]: json.loads(line) for line in (out / "suggestions.jsonl").open()}
    assert sorted(records) == ["a-nitf", "b-newsml", "f-plain"]
    for name, path in (("a-nitf", NITF), ("b-newsml", NEWSML)):
        assert records[name]["file"] == f"restored/{name}.xml"
        doc = story(path)
        r = restored(doc, rules)
        assert (out / "restored" / f"{name}.xml").read_bytes() == doc.writer.write(r, r.default_accepted)
        assert Restoration.from_dict(records[name]).text == r.text
    assert (out / "restored" / "f-plain.txt").read_text(encoding="utf-8") == "The fire spread."
    again = run("batch", "--no-model", "--quiet", "--jobs", "1", str(desk), "--out", str(out))
    assert b"0 restored, 3 already done, 3 failed" in again.stderr


def test_xml_stories_inside_an_archive_are_read_like_files(tmp_path):
    import zipfile

    with zipfile.ZipFile(tmp_path / "feed.zip", "w") as zf:
        zf.writestr("wire/story.xml", NITF.read_bytes())
        zf.writestr("wire/bad.xml", b"<rss/>")
    docs = list(read_any(tmp_path / "feed.zip"))
    assert [(type(d).__name__, d.id) for d in docs] == [("Document", "feed/wire/story"), ("BadDocument", "feed/wire/bad")]
    assert docs[0].writer.write(Restoration(docs[0].text), []) == NITF.read_bytes()


@pytest.mark.slow
def test_the_default_pipeline_keeps_the_round_trip():
    doc = story(NITF)
    r = doc.writer.writable(Restorer().restore(doc.text))
    assert doc.writer.write(r, []) == NITF.read_bytes()
    out = doc.writer.write(r, r.default_accepted)
    assert without_block_text(out) == without_block_text(NITF.read_bytes())
    assert parse_story(out, "out.xml").text == r.text


def test_the_review_ui_reads_an_uploaded_story_as_its_text(tmp_path):
    from restore.ui.logic import read_upload

    assert read_upload(NITF).text == story(NITF).text
    (tmp_path / "feed.xml").write_bytes(b"<rss/>")
    with pytest.raises(InputError, match="E041"):
        read_upload(tmp_path / "feed.xml")


def test_a_newsml_message_with_a_plain_text_body_is_restored_in_place(tmp_path, rules):
    data = (
        b'<?xml version="1.0" encoding="UTF-8"?>\n'
        b'<newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/">\n'
        b"  <header><sent>2020-10-06T08:15:00Z</sent></header>\n"
        b'  <itemSet><newsItem guid="urn:x:1" version="1" standard="NewsML-G2" standardversion="2.29">\n'
        b"    <contentMeta><headline>Fire \xc3\xa2\xe2\x82\xac\xe2\x80\x9c in the hills</headline></contentMeta>\n"
        b'    <contentSet><inlineData contenttype="text/plain">The the fire spread.\n'
        b"Officials said the govern- ment would act.</inlineData></contentSet>\n"
        b"  </newsItem></itemSet>\n</newsMessage>\n"
    )
    doc = story_of(tmp_path / "message.xml", data)
    assert doc.text.split("\n")[1:] == ["The the fire spread.", "Officials said the govern- ment would act."]
    r = restored(doc, rules)
    out = doc.writer.write(r, r.default_accepted)
    assert b">The fire spread.\nOfficials said the government would act.</inlineData>" in out
    assert doc.writer.write(r, []) == data


def test_a_character_reference_padded_with_thousands_of_zeros_is_read_not_a_crash(tmp_path, rules):
    data = b"<nitf><body><body.content><p>The the A&#" + b"0" * 6000 + b"65;B&#x0041;.</p></body.content></body></nitf>"
    doc = story_of(tmp_path / "zeros.xml", data)
    assert doc.text == "The the AABA." and all(run.exact for run in doc.writer.runs)
    r = restored(doc, rules)
    out = doc.writer.write(r, r.default_accepted)
    assert out == data.replace(b"The the A", b"The A") and doc.writer.write(r, []) == data


def test_a_paragraph_that_is_only_junk_is_emptied_and_its_element_kept(tmp_path, rules):
    data = (
        b"<nitf><body><body.content>\n<p>The fire spread on Tuesday.</p>\n<p>[ad_1]</p>\n"
        b"<p>Officials said it was out.</p>\n<p>Click here to view <em>related</em> media.</p>\n</body.content></body></nitf>"
    )
    doc = story_of(tmp_path / "junk.xml", data)
    r = restored(doc, rules)
    assert [s.original for s in r.suggestions] == ["[ad_1]\n", "\nClick here to view related media."]
    out = doc.writer.write(r, r.default_accepted)
    assert out == data.replace(b"[ad_1]", b"").replace(b"Click here to view <em>related</em> media.", b"<em></em>")
    assert story_text(out, tmp_path) == r.text == "The fire spread on Tuesday.\nOfficials said it was out."


def test_an_edit_inside_a_paragraph_another_suggestion_deletes_is_left_out():
    text = "<nitf><body><body.content><p>Troops moved in</p><p>Troops moved in</p></body.content></body></nitf>"
    doc = parse_story(text.encode(), "doubled.xml")
    delete = Suggestion.at(doc.text, 15, 31, "", kind=Kind.DUPLICATE, confidence=0.9, reason="Twice.", source="t")
    stop = Suggestion.at(doc.text, 31, 31, ".", kind=Kind.PUNCTUATION, confidence=0.9, reason="Stop.", source="t")
    r = doc.writable(Restoration(doc.text, (delete, stop)))
    assert [s.id for s in r.suggestions] == [delete.id] and r.warnings[0].startswith("E043")


@pytest.mark.parametrize("path", [NITF, NEWSML], ids=["nitf", "newsml"])
def test_any_choice_of_suggestions_reads_back_as_that_choice(tmp_path, rules, path):
    """Whatever the editor accepts, the written file reads back as ``apply(accepted)``
    and its markup is the input's: offsets are per text node."""
    import random

    doc = story(path)
    r = restored(doc, rules)
    ids = [s.id for s in r.suggestions]
    pick = random.Random(15)
    for _ in range(20):
        chosen = [i for i in ids if pick.random() < 0.5]
        out = doc.writer.write(r, chosen)
        assert story_text(out, tmp_path) == r.apply(chosen)
        assert without_block_text(out) == without_block_text(path.read_bytes())


def story_text(data: bytes, folder: Path) -> str:
    (folder / "written.xml").write_bytes(data)
    return story(folder / "written.xml").text


def test_writing_an_edit_inside_a_deleted_paragraph_is_refused():
    doc = parse_story(b"<nitf><body><body.content><p>Troops moved in</p><p>Troops moved in</p></body.content></body></nitf>", "d.xml")
    delete = Suggestion.at(doc.text, 15, 31, "", kind=Kind.DUPLICATE, confidence=0.9, reason="Twice.", source="t")
    stop = Suggestion.at(doc.text, 31, 31, ".", kind=Kind.PUNCTUATION, confidence=0.9, reason="Stop.", source="t")
    r = Restoration(doc.text, (delete, stop))
    with pytest.raises(InputError, match="E018"):
        doc.write(r, [delete.id, stop.id])
    assert doc.write(r, [delete.id]).count(b"<p></p>") == 1


def test_a_body_heading_that_repeats_the_headline_is_no_doubled_paragraph(tmp_path, rules):
    data = NEWSML.read_bytes().replace(b"<h1>Officials report a vote</h1>", b"<h1>Govern- ment falls in snap vote</h1>")
    path = tmp_path / "repeat.xml"
    path.write_bytes(data)
    doc = story(path)
    r = restored(doc, rules)
    out = doc.writer.write(r, r.default_accepted)
    assert b"<headline>Government falls in snap vote</headline>" in out
    assert b"<h1>Govern" in out and b"<h1></h1>" not in out  # the heading is kept, not deleted as a repeat
    # a junk paragraph right after the headline is still emptied: its break joins two paragraphs
    junk = data.replace(b"<p>[ad_1] The prime", b"<p>[ad_1]</p><p>The prime")
    path.write_bytes(junk)
    doc = story(path)
    r = restored(doc, rules)
    assert b"<p></p><p>The prime minister\xe2\x80\x99s office" in doc.writer.write(r, r.default_accepted)
