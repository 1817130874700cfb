"""The review app in headless Chromium: paste, review, export, queue, bad input.

Real parts throughout: the shipped Restorer, an SQLite queue and a dictionary file in a tmp
RESTORE_HOME, and Debian's chromium. Screenshots go to test-artifacts/ for a human look.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from restore.formats.docx import read_docx

pytestmark = pytest.mark.browser

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "karabakh-26-killed.txt"
TEXT = SAMPLE.read_text(encoding="utf-8")
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


def _restore(page, text: str = TEXT) -> float:
    page.fill("#source textarea", text)
    t0 = time.perf_counter()
    page.click("#restore-btn")
    page.wait_for_selector("#card-0")
    return time.perf_counter() - t0


def _result(page) -> str:
    return page.input_value("#result textarea")


def _wait_result(page, expected: str) -> None:
    page.wait_for_function(
        "e => document.querySelector('#result textarea').value === e", arg=expected, timeout=10_000
    )
    assert _result(page) == expected


def _wait_text(page, selector: str, text: str) -> None:
    page.wait_for_function(
        "([s, t]) => (document.querySelector(s) || {innerText: ''}).innerText.includes(t)",
        arg=[selector, text],
        timeout=10_000,
    )


def _at(r, damaged: str) -> int:
    """The index of the suggestion that repairs the damaged word ``damaged``."""
    at = r.original.index(damaged)
    return next(n for n, s in enumerate(r.suggestions) if at <= s.start < at + len(damaged))


def test_page_is_local_and_documents_its_keys(page):
    for element_id in ("source", "restore-btn", "accept-all", "reject-all", "result", "keys-help"):
        assert page.locator(f"#{element_id}").count() == 1, element_id
    assert "accept" in page.inner_text("#keys-help")
    _restore(page)
    assert page.external == [], f"the page fetched from the internet: {page.external}"


def test_accept_one_reject_another_then_all(page, ui_server):
    r = ui_server.restorer.restore(TEXT)
    took = _restore(page)
    print(f"\nRestore to first card: {took * 1000:.0f} ms for {len(TEXT.split())} words")
    assert page.locator("#cards .card").count() == len(r.suggestions)
    _wait_result(page, r.text)
    pos, quote = _at(r, "Azerbaijanthe"), _at(r, "rebels‘the")
    page.click(f"#reject-{pos}")
    page.wait_for_selector(f"#card-{pos}.rej")
    accepted = set(r.default_accepted) - {r.suggestions[pos].id}
    _wait_result(page, r.apply(accepted))
    assert "Azerbaijanthe" in _result(page)
    page.click(f"#reject-{quote}")
    page.click(f"#accept-{quote}")
    page.wait_for_selector(f"#card-{quote}.acc")
    _wait_result(page, r.apply(accepted | {r.suggestions[quote].id}))
    assert "rebels’ Defense" in _result(page)
    page.screenshot(path=str(ARTIFACTS / "review-decided.png"), full_page=True)

    page.click("#reject-all")
    _wait_result(page, TEXT)  # byte for byte the pasted input
    assert page.locator("#cards .card.acc").count() == 0
    page.click("#accept-all")
    _wait_result(page, r.apply([s.id for s in r.suggestions]))


def test_keyboard_review_ignores_typing(page, ui_server):
    r = ui_server.restorer.restore(TEXT)
    _restore(page)
    page.click("#reject-all")
    _wait_result(page, TEXT)
    # typing in a text box is not a command
    page.click("#source textarea")
    page.keyboard.press("End")
    page.keyboard.type("a")
    page.wait_for_timeout(400)
    assert page.locator("#cards .card.acc").count() == 0
    page.fill("#source textarea", TEXT)
    # click the first card's reason (not a button) to focus it, then a = accept and move on
    page.click("#card-0 .reason")
    page.wait_for_selector("#card-0.focus")
    page.keyboard.press("a")
    page.wait_for_selector("#card-0.acc")
    page.wait_for_selector("#card-1.focus")
    page.keyboard.press("k")
    page.wait_for_selector("#card-0.focus")
    page.keyboard.press("r")
    page.wait_for_selector("#card-0.rej")
    if len(r.suggestions) > 1:
        page.keyboard.press("a")  # focus moved to card 1
        page.wait_for_selector("#card-1.acc")
        _wait_result(page, r.apply([r.suggestions[1].id]))
    page.keyboard.press("Shift+A")
    _wait_result(page, r.apply([s.id for s in r.suggestions]))
    # quick keystrokes are queued in order, none dropped
    page.keyboard.press("Shift+R")
    _wait_result(page, TEXT)
    page.click("#card-0 .reason")
    for _ in r.suggestions:
        page.keyboard.press("a")
    _wait_result(page, r.apply([s.id for s in r.suggestions]))


def test_downloads_txt_and_tracked_docx(page, ui_server, tmp_path):
    r = ui_server.restorer.restore(TEXT)
    _restore(page)
    quote = _at(r, "rebels‘the")
    page.click(f"#reject-{quote}")
    expected = r.apply(set(r.default_accepted) - {r.suggestions[quote].id})
    _wait_result(page, expected)
    with page.expect_download() as dl:
        page.click("#download-docx")
    path = tmp_path / "story.docx"
    dl.value.save_as(path)
    import docx

    assert docx.Document(str(path)).paragraphs, "python-docx reopens it"
    assert read_docx(path) == expected  # accept all revisions
    assert read_docx(path, revisions="reject") == TEXT  # reject all revisions
    with page.expect_download() as dl:
        page.click("#download-txt")
    dl.value.save_as(tmp_path / "story.txt")
    assert (tmp_path / "story.txt").read_bytes() == expected.encode("utf-8")


def test_review_queue_saves_every_decision(page, ui_server):
    store, r = ui_server.store, ui_server.restorer.restore(TEXT)
    store.add(r, doc_id="afp-karabakh-1", source="browser test")
    page.click("#tab-queue-button, button[role=tab]:has-text('Review queue')")
    page.click("#queue-refresh")
    _wait_text(page, "#queue", "afp-karabakh-1")
    page.fill("#reviewer textarea, #reviewer input", "Ann Editor")
    page.click("#queue-pick input")
    page.get_by_role("option", name="afp-karabakh-1").click()
    page.click("#queue-open")
    page.wait_for_selector("#queue-banner")
    page.wait_for_selector("#card-0")
    pos, quote = _at(r, "Azerbaijanthe"), _at(r, "rebels‘the")
    page.click(f"#reject-{pos}")
    page.wait_for_selector(f"#card-{pos}.rej")
    page.click(f"#accept-{quote}")
    expected = r.apply(set(r.default_accepted) - {r.suggestions[pos].id})
    _wait_result(page, expected)
    # the accepted one was already on by default, so the text alone can't show its decision
    # has been saved: wait (bounded) for the database to hold both
    deadline = time.monotonic() + 15
    while len(store.get("afp-karabakh-1").history) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    history = store.get("afp-karabakh-1").history
    assert [(h.suggestion_id, h.verdict, h.reviewer) for h in history] == [
        (r.suggestions[pos].id, "reject", "Ann Editor"),
        (r.suggestions[quote].id, "accept", "Ann Editor"),
    ]
    page.screenshot(path=str(ARTIFACTS / "review-queue-doc.png"), full_page=True)
    page.click("#finish-doc")
    page.wait_for_selector("#finished")
    item = store.get("afp-karabakh-1")
    assert item.status == "done"
    assert dict(store.approved())["afp-karabakh-1"] == _result(page)
    assert "afp-karabakh-1" not in [p.doc_id for p in store.pending()]


def test_bad_input_is_a_message_not_a_crash(page, tmp_path):
    page.fill("#source textarea", "   ")
    page.click("#restore-btn")
    page.wait_for_selector("#error")
    assert "E110" in page.inner_text("#error")
    big = "word " * 420_000  # about 2 MB
    page.evaluate(
        """t => { const a = document.querySelector('#source textarea'); a.value = t;
                  a.dispatchEvent(new Event('input', {bubbles: true})); }""",
        big,
    )
    page.click("#restore-btn")
    page.wait_for_function("() => (document.querySelector('#error')||{}).innerText?.includes('E111')")
    assert "restore batch" in page.inner_text("#error")
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    page.set_input_files("#upload input[type=file]", str(binary))
    page.wait_for_function("() => (document.querySelector('#error')||{}).innerText?.includes('E009')")
    # the page still works afterwards
    _restore(page)
    assert page.locator("#error").count() == 0
    assert "Traceback" not in page.content()


def test_upload_and_ignore_always(page, ui_server, tmp_path):
    latin = tmp_path / "wire.txt"
    latin.write_bytes(TEXT.encode("cp1252"))  # Windows-1252 wire file: curly quotes as 0x93/0x94
    page.set_input_files("#upload input[type=file]", str(latin))
    page.wait_for_function("t => document.querySelector('#source textarea').value === t", arg=TEXT)
    page.wait_for_selector("#error")
    assert "E010" in page.inner_text("#error")  # not UTF-8: decoded as cp1252, and said so
    page.click("#restore-btn")
    page.wait_for_selector("#card-0")
    ignorable = page.locator("#cards button[data-act=ignore]").first
    n = ignorable.get_attribute("data-n")
    word = re.search(r"Always ignore “(.+?)”", ignorable.get_attribute("title")).group(1)
    assert word in ("Azerbaijanthe", "rebels‘the"), f"whole word expected, got {word!r}"
    before = page.locator("#cards .card").count()
    ignorable.click()
    page.wait_for_function(f"() => document.querySelectorAll('#cards .card').length < {before}")
    assert word in ui_server.dictionary
    assert word in (Path(ui_server.dictionary.path)).read_text(encoding="utf-8")
    # restoring again never suggests it
    page.fill("#source textarea", TEXT + "\n")
    page.click("#restore-btn")
    _wait_text(page, "#timing", f"{len(TEXT) + 1:,} characters")
    titles = page.eval_on_selector_all("#cards button[data-act=ignore]", "bs => bs.map(b => b.title)")
    assert not any(f"“{word}”" in t for t in titles)
    assert page.locator("#cards .card").count() == before - 1
    page.click("button[role=tab]:has-text('House dictionary')")
    _wait_text(page, "#dict-table", word)
    page.screenshot(path=str(ARTIFACTS / "dictionary.png"), full_page=True)
    page.click("#dict-pick input")
    page.get_by_role("option", name=word).click()
    page.click("#dict-remove")
    page.wait_for_function(f"w => !document.querySelector('#dict-table').innerText.includes(w)", arg=word)
    assert word not in ui_server.dictionary
    assert n is not None


def test_restore_ui_command_serves_the_page(browser, tmp_path):
    """`restore ui` (serve) starts, answers on its port, and writes only under RESTORE_HOME."""
    import os
    import socket
    import subprocess
    import sys
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "RESTORE_HOME": str(tmp_path / "home"), "OMP_WAIT_POLICY": "PASSIVE"}
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "restore.cli", "ui", "--port", str(port)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        up = None
        while time.perf_counter() - t0 < 90 and proc.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as resp:
                    up = resp.status
                    break
            except OSError:
                time.sleep(0.2)
        assert up == 200, proc.stdout.read() if proc.poll() is not None else "no answer"
        print(f"\n`restore ui` start to first page: {time.perf_counter() - t0:.1f} s")
        page = browser.new_page()
        page.goto(f"http://127.0.0.1:{port}/")
        page.wait_for_selector("#restore-btn")
        page.close()
        assert (tmp_path / "home" / "review.sqlite3").exists()
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_jsonl_upload_offers_a_record_picker(page, tmp_path):
    import json

    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        json.dumps({"id": "first", "text": "Short item one."}) + "\n"
        + json.dumps({"id": "second", "text": TEXT}) + "\n",
        encoding="utf-8",
    )
    page.set_input_files("#upload input[type=file]", str(feed))
    page.wait_for_function("() => document.querySelector('#source textarea').value === 'Short item one.'")
    page.click("#record-picker input")
    page.get_by_role("option", name="second").click()
    page.wait_for_function("() => document.querySelector('#source textarea').value.startsWith('26 more')")
    page.click("#restore-btn")
    page.wait_for_selector("#card-0")


def test_low_confidence_starts_unaccepted_and_accept_by_kind(page, ui_server):
    """A queued story with a below-threshold guess: shown apart, off until accepted."""
    from restore import Kind, Restoration, Suggestion

    text = "World leaders have urged a halt fighting after the the worst escalation.\n"
    halt = text.index("fighting")
    dup = text.index("the the")
    r = Restoration(text, (
        Suggestion.at(text, halt, halt, "in ", kind=Kind.DROPPED_WORD, confidence=0.55,
                      reason="“urged a halt fighting” lacks a preposition.", source="model"),
        Suggestion.at(text, dup, dup + 4, "", kind=Kind.DUPLICATE, confidence=0.97,
                      reason="“the” is doubled.", source="words"),
    ))
    ui_server.store.add(r, doc_id="low-confidence-1", source="handmade")
    page.click("button[role=tab]:has-text('Review queue')")
    page.click("#queue-refresh")
    _wait_text(page, "#queue", "low-confidence-1")
    page.fill("#reviewer textarea, #reviewer input", "Bo")
    page.click("#queue-pick input")
    page.get_by_role("option", name="low-confidence-1").click()
    page.click("#queue-open")
    page.wait_for_selector("#queue-banner")
    page.wait_for_selector("#card-0.low.rej")  # below threshold: drawn apart, not applied
    assert page.locator("#card-1.acc").count() == 1
    assert "low" in page.inner_text("#card-0")
    _wait_result(page, text.replace("the the", "the"))
    page.screenshot(path=str(ARTIFACTS / "low-confidence.png"), full_page=True)
    page.click("#kind input")
    page.get_by_role("option", name="dropped-word").click()
    page.click("#accept-kind")
    _wait_result(page, "World leaders have urged a halt in fighting after the worst escalation.\n")
    history = ui_server.store.get("low-confidence-1").history
    assert [(h.suggestion_id, h.verdict, h.reviewer) for h in history] == [
        (r.suggestions[0].id, "accept", "Bo")
    ]
