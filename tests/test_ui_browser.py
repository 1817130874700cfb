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
    # typing in a text box (a card's edit field) is not a command
    page.click("#card-0 .head")  # a decided card folds; a click opens it
    page.keyboard.press("e")
    page.wait_for_selector("#edit-input-0")
    page.keyboard.press("End")
    page.keyboard.type("a")
    page.wait_for_timeout(400)
    assert page.locator("#cards .card.acc").count() == 0
    page.keyboard.press("Escape")
    page.wait_for_selector("#edit-input-0", state="detached")
    # click the first card's reason (not a button) to focus it, then a = accept and move on
    page.click("#card-0 .head")
    page.wait_for_selector("#card-0.focus")
    page.keyboard.press("a")
    page.wait_for_selector("#card-0.acc")
    page.wait_for_selector("#card-1.focus")
    # Tab focus and the j/k cursor are one (a server redraw gives focus back on the next frame)
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'card-1'", timeout=10_000)
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
    page.click("#card-0 .head")
    for _ in r.suggestions:
        page.keyboard.press("a")
    _wait_result(page, r.apply([s.id for s in r.suggestions]))
    page.keyboard.press("?")
    page.wait_for_selector("#keys-overlay:not([hidden])")
    assert "undo" in page.inner_text("#keys-overlay")
    page.screenshot(path=str(ARTIFACTS / "keys-overlay.png"))
    page.keyboard.press("Escape")
    page.wait_for_selector("#keys-overlay", state="hidden")


def test_source_is_locked_after_restore(page, ui_server):
    r = ui_server.restorer.restore(TEXT)
    _restore(page)
    assert page.locator("#source textarea").is_disabled()
    assert page.locator("#restore-btn").is_disabled()
    # Ctrl+Z outside a text box undoes decisions, never the paste
    page.click(f"#reject-{_at(r, 'Azerbaijanthe')}")
    _wait_text(page, "#pending-count", "1 rejected")
    page.click("#rs-header h1")
    page.keyboard.press("Control+z")
    _wait_text(page, "#pending-count", "0 rejected")
    assert page.input_value("#source textarea") == TEXT
    page.click(f"#accept-{_at(r, 'rebels‘the')}")
    _wait_text(page, "#pending-count", "1 accepted")
    # "Edit source" asks first when decisions would be lost; "Keep reviewing" keeps them
    page.click("#edit-source")
    page.wait_for_selector("#edit-source-ask")
    page.screenshot(path=str(ARTIFACTS / "edit-source-ask.png"))
    page.click("#edit-source-cancel")
    page.wait_for_selector("#edit-source-ask", state="detached")
    assert page.locator("#source textarea").is_disabled()
    _wait_text(page, "#pending-count", "1 accepted")
    page.click("#edit-source")
    page.click("#edit-source-confirm")
    page.wait_for_function("() => !document.querySelector('#source textarea').disabled")
    assert page.locator("#cards .card").count() == 0
    assert page.input_value("#source textarea") == TEXT  # the paste is kept to edit
    page.fill("#source textarea", TEXT.replace("Azerbaijanthe", "Azerbaijan’s"))
    page.click("#restore-btn")
    page.wait_for_selector("#card-0")
    assert "Azerbaijanthe" not in page.inner_text("#cards")


def test_undo_and_redo_decisions(page, ui_server):
    r = ui_server.restorer.restore(TEXT)
    _restore(page)
    pos, quote = _at(r, "Azerbaijanthe"), _at(r, "rebels‘the")
    assert page.locator("#undo").is_disabled() and page.locator("#redo").is_disabled()
    page.click(f"#reject-{pos}")
    page.click(f"#reject-{quote}")
    after = r.apply(set(r.default_accepted) - {r.suggestions[pos].id, r.suggestions[quote].id})
    _wait_result(page, after)
    page.click("#rs-header h1")
    page.keyboard.press("Control+z")
    _wait_result(page, r.apply(set(r.default_accepted) - {r.suggestions[pos].id}))
    page.wait_for_selector(f"#card-{quote}.pending")
    page.keyboard.press("Control+z")
    _wait_result(page, r.text)
    _wait_text(page, "#pending-count", f"{len(r.suggestions)} to review · 0 accepted · 0 rejected")
    page.keyboard.press("Control+Shift+z")
    page.wait_for_selector(f"#card-{pos}.rej.decided")
    page.click("#redo")
    _wait_result(page, after)
    assert page.locator("#redo").is_disabled()
    page.click("#undo")
    page.wait_for_selector(f"#card-{quote}.pending")
    # a new decision after an undo clears the redo
    page.click(f"#accept-{quote}")
    page.wait_for_selector("#redo[disabled]")
    _wait_text(page, "#pending-count", "1 accepted")


def test_pending_counts_and_next_unresolved(page, ui_server):
    r = ui_server.restorer.restore(TEXT)
    n = len(r.suggestions)
    _restore(page)
    # every suggestion starts pending, even the confident ones the result already applies
    _wait_text(page, "#pending-count", f"{n} to review · 0 accepted · 0 rejected")
    assert page.locator("#cards .card.decided").count() == 0
    applied = len(r.default_accepted)
    _wait_text(page, "#unreviewed", f"{applied} machine edit")
    page.click("#accept-0")
    _wait_text(page, "#pending-count", f"{n - 1} to review · 1 accepted · 0 rejected")
    page.click("#reject-2")
    _wait_text(page, "#pending-count", f"{n - 2} to review · 1 accepted · 1 rejected")
    page.wait_for_selector("#card-0.decided")  # resolved cards fold to one line
    assert not page.locator("#card-0 .reason").is_visible()
    page.click("#card-1 .head")
    page.click("#card-0 .head")
    page.keyboard.press("n")
    page.wait_for_selector("#card-1.focus")
    page.click("#next-unresolved")
    page.wait_for_selector("#card-3.focus")  # 2 is decided: skipped
    page.screenshot(path=str(ARTIFACTS / "pending-counts.png"), full_page=True)
    # filter by confidence: low only shows the low-confidence cards
    page.select_option("#filter-conf", "low")
    low = sum(1 for s in r.suggestions if s.confidence < r.threshold)
    page.wait_for_function(f"() => document.querySelectorAll('#cards .card:not(.hidden)').length === {low}")
    page.select_option("#filter-conf", "")
    page.select_option("#filter-kind", "possessive")
    poss = sum(1 for s in r.suggestions if s.kind.value == "possessive")
    page.wait_for_function(f"() => document.querySelectorAll('#cards .card:not(.hidden)').length === {poss}")
    page.select_option("#filter-kind", "")
    # reject all of one kind
    page.click("#kind input")
    page.locator("li[role=option]", has_text="possessive").click()
    page.click("#reject-kind")
    ids = {s.id for s in r.suggestions if s.kind.value == "possessive"}
    _wait_result(page, r.apply((set(r.default_accepted) | {r.suggestions[0].id}) - ids - {r.suggestions[2].id}))
    page.click("#legend summary")
    assert f"at or above {round(r.threshold * 100)}%" in page.inner_text("#legend")


def test_cards_show_whole_words_and_offer_the_dictionary_only_for_words(page, ui_server):
    r = ui_server.restorer.restore(TEXT)
    _restore(page)
    pos, quote = _at(r, "Azerbaijanthe"), _at(r, "rebels‘the")
    assert "Azerbaijanthe" in page.inner_text(f"#card-{pos} .change")
    assert "Azerbaijan’s" in page.inner_text(f"#card-{pos} .change")
    # damaged spans are never offered for the dictionary
    assert page.locator(f"#add-to-dictionary-{pos}").count() == 0
    assert page.locator(f"#add-to-dictionary-{quote}").count() == 0
    offered = page.locator("#cards [id^=add-to-dictionary-]")
    for i in range(offered.count()):
        title = offered.nth(i).get_attribute("title")
        word = re.search(r"Add “(.+?)”", title).group(1)
        assert re.fullmatch(r"\w+(?:['’.&-]\w+)*", word), word


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
    assert "/tmp" not in page.inner_text("#error") and "photo.txt" in page.inner_text("#error")
    # the page still works afterwards
    _restore(page)
    assert page.locator("#error").count() == 0
    assert "Traceback" not in page.content()


def test_upload_and_add_to_dictionary(page, ui_server, tmp_path):
    latin = tmp_path / "wire.txt"
    latin.write_bytes(TEXT.encode("cp1252"))  # Windows-1252 wire file: curly quotes as 0x93/0x94
    page.set_input_files("#upload input[type=file]", str(latin))
    page.wait_for_function("t => document.querySelector('#source textarea').value === t", arg=TEXT)
    page.wait_for_selector("#error")
    assert "E010" in page.inner_text("#error")  # not UTF-8: decoded as cp1252, and said so
    assert page.locator("#error").count() == 1  # one message, no toast besides
    page.click("#restore-btn")
    page.wait_for_selector("#card-0")
    offered = page.locator("#cards [id^=add-to-dictionary-]").first
    word = re.search(r"Add “(.+?)”", offered.get_attribute("title")).group(1)
    assert word == "struggle", f"the one real word flagged in the sample, got {word!r}"
    before = page.locator("#cards .card").count()
    offered.click()
    page.wait_for_function(f"() => document.querySelectorAll('#cards .card').length < {before}")
    _wait_text(page, "#info", f"“{word}” added")
    assert word in ui_server.dictionary
    assert word in (Path(ui_server.dictionary.path)).read_text(encoding="utf-8")
    # restoring again never suggests it
    page.click("#edit-source")  # no decision to lose: it does not ask
    page.wait_for_function("() => !document.querySelector('#source textarea').disabled")
    assert page.locator("#edit-source-ask").count() == 0
    page.fill("#source textarea", TEXT + "\n")
    page.click("#restore-btn")
    _wait_text(page, "#timing", f"{len(TEXT) + 1:,} characters")
    assert page.locator("#cards .card").count() == before - 1
    page.click("button[role=tab]:has-text('House dictionary')")
    _wait_text(page, "#dict-table", word)
    # what goes in by hand is checked: one word or name, one line, a length limit
    for bad in ("rebels‘the Defense", "x" * 41, "the"):
        page.fill("#dict-word textarea, #dict-word input", bad)
        page.click("#dict-add")
        _wait_text(page, "#dict-notice", "E150")
        assert bad not in ui_server.dictionary
    page.fill("#dict-word textarea, #dict-word input", "Khachaturyan")
    page.click("#dict-add")
    _wait_text(page, "#dict-table", "Khachaturyan")
    page.screenshot(path=str(ARTIFACTS / "dictionary.png"), full_page=True)
    for w in (word, "Khachaturyan"):
        page.click("#dict-pick input")
        page.locator("li[role=option]", has_text=w).click()
        page.click("#dict-remove")
        page.wait_for_function("w => !document.querySelector('#dict-table').innerText.includes(w)", arg=w)
        assert w not in ui_server.dictionary


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
        # the model loads behind the page: the first Restore waits for it, then works
        page.fill("#source textarea", TEXT)
        page.click("#restore-btn")
        page.wait_for_selector("#card-0", timeout=180_000)
        print(f"first cards after start: {time.perf_counter() - t0:.1f} s")
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
    page.locator("li[role=option]", has_text="dropped-word").click()
    page.click("#accept-kind")
    _wait_result(page, "World leaders have urged a halt in fighting after the worst escalation.\n")
    history = ui_server.store.get("low-confidence-1").history
    assert [(h.suggestion_id, h.verdict, h.reviewer) for h in history] == [
        (r.suggestions[0].id, "accept", "Bo")
    ]


def _open_queued(page, doc_id: str, reviewer: str | None) -> None:
    page.click("button[role=tab]:has-text('Review queue')")
    page.click("#queue-refresh")
    _wait_text(page, "#queue", doc_id)
    if reviewer is not None:
        page.fill("#reviewer textarea, #reviewer input", reviewer)
    page.click("#queue-pick input")
    page.locator("li[role=option]", has_text=doc_id).click()
    page.click("#queue-open")
    page.wait_for_selector("#queue-banner")
    page.wait_for_selector("#card-0")


def test_a_refused_decision_leaves_the_card_as_the_server_holds_it(page, ui_server):
    r = ui_server.restorer.restore(TEXT)
    ui_server.store.add(r, doc_id="refused-1", source="browser test")
    _open_queued(page, "refused-1", "Cy")
    low = next(n for n, s in enumerate(r.suggestions) if s.confidence < r.threshold)
    page.wait_for_selector(f"#card-{low}.rej.pending")
    page.click("button[role=tab]:has-text('Review queue')")
    page.fill("#reviewer textarea, #reviewer input", "")  # no name: the queue refuses
    page.click("button[role=tab]:has-text('Review')")
    page.click(f"#accept-{low}")
    _wait_text(page, "#error", "E116")
    page.wait_for_selector(f"#card-{low}.rej.pending")  # redrawn as the server holds it
    assert page.locator(f"#card-{low}.acc, #card-{low}.decided").count() == 0
    assert page.locator("#error").count() == 1
    assert ui_server.store.get("refused-1").history == ()
    page.screenshot(path=str(ARTIFACTS / "refused.png"))


def test_own_edit_is_a_tracked_change_by_the_reviewer(page, ui_server, tmp_path):
    import zipfile

    import docx

    r = ui_server.restorer.restore(TEXT)
    page.click("button[role=tab]:has-text('Review queue')")
    page.fill("#reviewer textarea, #reviewer input", "Ann Editor")
    page.click("button[role=tab]:has-text('Review')")
    _restore(page)
    pos = _at(r, "Azerbaijanthe")
    page.click(f"#edit-{pos}")
    box = page.locator(f"#edit-input-{pos}")
    assert box.input_value() == "Azerbaijan’s"  # the whole word, as the card shows it
    box.fill("Azerbaijan's")
    box.press("Enter")
    page.wait_for_selector(f"#card-{pos}.own.acc.decided")
    page.wait_for_selector(f"#sg-{pos}.own")  # in the redline too
    expected = r.apply(set(r.default_accepted) - {r.suggestions[pos].id}).replace("Azerbaijanthe", "Azerbaijan's")
    _wait_result(page, expected)
    assert "your edit" in page.inner_text(f"#card-{pos}")
    page.screenshot(path=str(ARTIFACTS / "own-edit.png"), full_page=True)
    with page.expect_download() as dl:
        page.click("#download-docx")
    assert dl.value.suggested_filename == "26-more-Armenian-rebels-killed-in-fighting-in-Karabakh.docx"
    path = tmp_path / "story.docx"
    dl.value.save_as(path)
    assert read_docx(path) == expected
    assert read_docx(path, revisions="reject") == TEXT
    xml = zipfile.ZipFile(path).read("word/document.xml").decode()
    assert set(re.findall(r'w:author="([^"]*)"', xml)) == {"Ann Editor"}
    notes = list(docx.Document(str(path)).comments)
    assert any("Editor's own edit" in c.text and c.author == "Ann Editor" for c in notes)
    assert len(notes) == len(set(r.default_accepted))  # one reason per applied change
    # undo takes the own edit back
    page.click("#rs-header h1")
    page.keyboard.press("Control+z")
    _wait_result(page, r.text)  # the machine's card is back, pending and applied as before
    page.wait_for_selector(f"#card-{pos}.pending:not(.own)")


def test_queue_own_edit_finish_read_only_next_document_and_two_tabs(page, ui_server, browser):
    store, r = ui_server.store, ui_server.restorer.restore(TEXT)
    store.add(r, doc_id="desk-a", source="browser test")
    store.add(r, doc_id="desk-b", source="browser test")
    _open_queued(page, "desk-a", "Dee")
    pos = _at(r, "Azerbaijanthe")
    page.click(f"#edit-{pos}")
    page.fill(f"#edit-input-{pos}", "Azerbaijan's")
    page.press(f"#edit-input-{pos}", "Enter")
    page.wait_for_selector(f"#card-{pos}.own.acc")
    deadline = time.monotonic() + 15
    while not store.get("desk-a").editor_suggestions and time.monotonic() < deadline:
        time.sleep(0.1)
    own = store.get("desk-a").editor_suggestions
    assert [(s.replacement, s.source) for s in own] == [("Azerbaijan's", "editor")]
    assert "Azerbaijan's" in store.get("desk-a").text
    # a second tab of the same browser: the name is remembered, the tab is warned
    other = page.context.new_page()
    other.goto(ui_server.url)
    other.wait_for_selector("#source textarea")
    other.click("button[role=tab]:has-text('Review queue')")
    other.wait_for_function("() => document.querySelector('#reviewer textarea, #reviewer input').value === 'Dee'")
    _open_queued(other, "desk-a", None)
    _wait_text(other, "#two-tabs", "another tab")
    other.wait_for_selector(f"#card-{pos}.own.acc")  # it reopens with the own edit
    other.screenshot(path=str(ARTIFACTS / "two-tabs.png"))
    other.close()
    page.click("#finish-doc")
    page.wait_for_selector("#finished")
    assert store.get("desk-a").status == "done"
    page.wait_for_selector("#accept-0[disabled]", state="attached")  # finished: read-only
    assert page.locator("#cards [id^=edit-]").count() == 0
    assert page.locator("#source textarea").is_disabled()  # Restore never drops it
    nxt = next(p.doc_id for p in store.pending(limit=200) if p.claimed_by in (None, "Dee"))
    page.click("#next-doc")
    _wait_text(page, "#queue-banner", nxt)  # desk-b, or an older one left by another test
    assert page.locator("#accept-0[disabled]").count() == 0


def test_a_long_story_stays_responsive(page, ui_server):
    """A 4,000-word story: every card is there, a decision changes the result, and the
    time from click to the updated count is printed (a figure, not a check)."""
    copies = -(-4000 // len(TEXT.split()))
    long_text = "\n".join([TEXT] * copies)
    words = len(long_text.split())
    r = ui_server.restorer.restore(long_text)
    t0 = time.perf_counter()
    page.fill("#source textarea", long_text)
    page.click("#restore-btn")
    page.wait_for_selector(f"#card-{len(r.suggestions) - 1}")
    took = time.perf_counter() - t0
    last = len(r.suggestions) - 1
    times = []
    for n in (last, last - 1, 0):
        page.locator(f"#card-{n}").scroll_into_view_if_needed()
        t1 = time.perf_counter()
        page.click(f"#reject-{n}")
        _wait_text(page, "#pending-count", f"{len(times) + 1} rejected")
        times.append(time.perf_counter() - t1)
    rejected = {r.suggestions[n].id for n in (last, last - 1, 0)}
    _wait_result(page, r.apply(set(r.default_accepted) - rejected))
    print(
        f"\n{words:,} words, {len(r.suggestions)} cards: Restore to last card {took * 1000:.0f} ms; "
        f"click to updated count {', '.join(f'{t * 1000:.0f}' for t in times)} ms"
    )


def test_rule_suggestions_for_700_words(ui_server):
    """A figure: how long the rules alone take on a 700-word story (the model and critic
    run after them in the full Restorer)."""
    from restore import Restorer

    rules = Restorer(model=None, critic=False)
    copies = -(-700 // len(TEXT.split()))
    text = "\n".join([TEXT] * copies)
    rules.restore(text)  # warm the word tables
    t0 = time.perf_counter()
    r = rules.restore(text)
    took = time.perf_counter() - t0
    t0 = time.perf_counter()
    full = ui_server.restorer.restore(text)
    took_full = time.perf_counter() - t0
    assert r.suggestions and full.suggestions
    print(f"\n{len(text.split())} words: rules {took * 1000:.0f} ms ({len(r.suggestions)} suggestions); "
          f"the UI's Restorer {took_full * 1000:.0f} ms ({len(full.suggestions)})")
