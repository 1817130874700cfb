"""The Gradio review app: thin wiring of ``restore.ui.logic`` to components.

Every handler reads the session's ``ViewState``, calls one pure function, saves decisions to
the review queue when the story came from there, and re-renders. Errors a user can cause
arrive as coded ``RestoreError`` messages and are shown once, in the page, never as a
traceback or with a server path.
"""

from __future__ import annotations

import atexit
import hashlib
import itertools
import logging
import os
import shutil
import tempfile
import time
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import gradio as gr  # noqa: E402

from .. import render  # noqa: E402
from ..dictionary import check_entry  # noqa: E402
from ..errors import Errors, RestoreError  # noqa: E402
from . import logic  # noqa: E402
from .assets import CSS, FILTERS, HEAD, KEYS_HELP, KEYS_OVERLAY, VIEW_SWITCH, theme  # noqa: E402
from .logic import ViewState  # noqa: E402

log = logging.getLogger(__name__)

class PrivateDir:
    """This server's own folder (mode 0700) for exports and Gradio's upload cache, removed
    when the server stops, so one newsroom's copy never lingers in a shared /tmp."""

    def __init__(self) -> None:
        self.path = Path(tempfile.mkdtemp(prefix="restore-ui-"))  # mkdtemp: mode 0700
        self.exports = self.path / "exports"
        self.exports.mkdir(mode=0o700)
        self.cache = self.path / "gradio"
        self.cache.mkdir(mode=0o700)
        atexit.register(self.cleanup)

    def cleanup(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)


def _error_box(message: str) -> str:
    return (
        f'<div class="rs-error" id="error" role="alert">{render.esc(message)}</div>' if message else ""
    )


def _banner(state: ViewState) -> str:
    if state.doc_id is None:
        return ""
    src = f" · {render.esc(state.source)}" if state.source else ""
    if state.read_only:
        return (
            f'<div class="rs-banner" id="queue-banner">Finished <b>{render.esc(state.doc_id)}</b>{src}: '
            "read-only. Press <b>Next document</b> for the next one in the queue.</div>"
        )
    return (
        f'<div class="rs-banner" id="queue-banner">Reviewing <b>{render.esc(state.doc_id)}</b>'
        f"{src} from the review queue: every decision is saved as you make it.</div>"
    )


def _notice(content: str):
    """The notice line (queue banner, errors): absent from the page when there is nothing."""
    return gr.update(value=content, visible=bool(content))


def _prune_exports(root: Path, max_age_s: float = 3600.0) -> None:
    """Drop export folders older than an hour so a long session does not fill the disk."""
    cutoff = time.time() - max_age_s
    for folder in root.iterdir():
        try:
            if folder.is_dir() and folder.stat().st_mtime < cutoff:
                shutil.rmtree(folder, ignore_errors=True)
        except OSError:
            pass


def _exports(state: ViewState, root: Path, author: str) -> tuple[str | None, str | None]:
    """Fresh .txt and .docx files for the download buttons (named by content, so cheap)."""
    if state.restoration is None:
        return None, None
    key = hashlib.sha1(
        "\x00".join(
            (state.restoration.original, ",".join(s.id for s in state.restoration.suggestions),
             ",".join(sorted(state.accepted)), author)
        ).encode()
    ).hexdigest()[:16]
    folder = root / key
    if not folder.exists():
        _prune_exports(root)
    stem = logic._stem(state)
    txt, docx = folder / f"{stem}.txt", folder / f"{stem}.docx"
    if not (txt.exists() and docx.exists()):
        logic.export_txt(state, folder)
        logic.export_docx(state, folder, author=author)
    return str(txt), str(docx)


def _public(message: str, store) -> str:
    """A message fit for the page: the server's own paths replaced by what they are."""
    return message.replace(str(store.path), "the review queue")


def build_app(restorer, store, dictionary) -> gr.Blocks:
    """The review app around one loaded ``Restorer``, a ``ReviewStore`` and a ``HouseDictionary``."""
    private = PrivateDir()
    os.environ["GRADIO_TEMP_DIR"] = str(private.cache)  # uploads land in our folder too
    renders = itertools.count(1)  # every answer redraws the cards, a refused click included

    def view(state: ViewState, message: str = "", note: str = "", reviewer: str = "", extra: str = ""):
        r = state.restoration
        kinds = logic.kinds_present(state)
        counts = state.counts()
        toolbar = render.toolbar_html(
            counts, state.unreviewed_applied(), can_undo=bool(state.past) and not state.read_only,
            can_redo=bool(state.future) and not state.read_only, has_story=r is not None,
        )
        summary = toolbar + render.summary_html(r, state.accepted)
        if note:
            summary += f'<div class="rs-keys" id="timing">{render.esc(note)}</div>'
        writable = r is not None and not state.read_only
        return (
            state,
            render.article_html(r, state.accepted, decided=state.decided),
            render.cards_html(r, state.accepted, decided=state.decided, rev=next(renders), read_only=state.read_only),
            summary,
            state.text,
            gr.update(choices=kinds, value=kinds[0] if kinds else None, interactive=bool(kinds) and writable),
            _notice(_banner(state) + _error_box(message) + extra),
            gr.update(visible=state.doc_id is not None and not state.read_only),
            gr.update(interactive=False),  # fresh files follow (``files``, chained after)
            gr.update(interactive=False),
            gr.update(interactive=not state.locked),
            gr.update(interactive=not state.locked),
            gr.update(visible=state.locked),
            gr.update(visible=state.doc_id is not None),
        )

    def files(state: ViewState, reviewer: str):
        """Download files for the current decisions (cached by content, about 40 ms when new).

        Chained after every view update rather than inside it, so a decision is drawn
        before its .docx is written; the buttons wait disabled meanwhile."""
        try:
            txt, docx = _exports(state, private.exports, (reviewer or "").strip())
        except (RestoreError, OSError):
            log.exception("export failed")
            txt = docx = None
        return (
            gr.update(value=txt, interactive=txt is not None),
            gr.update(value=docx, interactive=docx is not None),
        )

    def fail(state: ViewState, exc: Exception, reviewer: str = ""):
        return view(state, _public(str(exc), store), reviewer=reviewer)

    def broken(state: ViewState, exc: Exception, reviewer: str = ""):
        log.exception("review UI handler failed")
        return fail(state, RestoreError(Errors.E120.format(what=type(exc).__name__)), reviewer)

    def save(state: ViewState, decisions: logic.Decisions, reviewer: str) -> ViewState:
        """Record decisions on a queued story, all or none, against the revision this view
        shows (a stale view is refused: E131). An undo back to "to review" is saved as the
        verdict the engine's default implies, so the stored text is what the page shows; an
        own edit is stored as an editor's suggestion. Returns ``state`` at the new revision."""
        if state.doc_id is None or not decisions:
            return state
        by_id = {s.id: s for s in state.restoration.suggestions}
        known = {s.id for s in store.get(state.doc_id).restoration.suggestions}
        pairs: list[tuple[str, str]] = []
        own = []
        for sid, verdict in decisions:
            if verdict == "pending":
                verdict = "accept" if sid in state.accepted else "reject"
            if sid not in known:
                if sid in by_id and verdict == "accept":
                    own.append(by_id[sid])
                continue  # an own edit undone before it was ever stored
            pairs.append((sid, verdict))
        revision = state.revision
        if pairs:
            made = store.decide_many(
                state.doc_id, pairs, reviewer=reviewer, revision=revision, session=state.session
            )
            revision = made[-1].revision if made else revision
        for x in own:
            store.suggest(
                state.doc_id, x.start, x.end, x.replacement, reviewer=reviewer, reason=x.reason,
                kind=x.kind, revision=revision, session=state.session,
            )
            revision = store.get(state.doc_id).revision
        return replace(state, revision=revision)

    def need_reviewer(state: ViewState, reviewer: str) -> None:
        if state.doc_id is not None and not (reviewer or "").strip():
            raise RestoreError(Errors.E116)

    def on_restore(text: str, state: ViewState, reviewer: str):
        if state.locked:  # an opened document is never dropped by Restore
            return view(state, reviewer=reviewer)
        try:
            t0 = time.perf_counter()
            new = logic.restore_text(restorer, text, house=list(dictionary))
            took = time.perf_counter() - t0
        except RestoreError as exc:
            return fail(ViewState(seq=state.seq), exc)
        except Exception as exc:  # a bug must still leave a usable page
            return broken(ViewState(seq=state.seq), exc)
        log.info("restored %d chars in %.3f s", len(text), took)
        return view(
            logic.carry_seq(new, state), reviewer=reviewer,
            note=f"Restored {len(text):,} characters in {took * 1000:.0f} ms.",
        )

    def discard_prompt(state: ViewState) -> str:
        n = len(state.decided)
        return (
            '<div class="rs-confirm" id="edit-source-ask" role="alertdialog" aria-label="Discard decisions?">'
            f"Editing the source starts over: your {n} decision{'s' if n != 1 else ''} on this story "
            "will be lost. "
            '<button class="act" id="edit-source-confirm" data-act="discard" data-n="0">Discard and edit</button> '
            '<button class="act" id="edit-source-cancel" data-act="keep" data-n="0">Keep reviewing</button></div>'
        )

    def on_edit_source(state: ViewState, reviewer: str):
        if state.decided and state.doc_id is None:
            return view(state, reviewer=reviewer, extra=discard_prompt(state))
        # nothing would be lost: a queued story's decisions are already saved
        return view(logic.unlock(state), reviewer=reviewer)

    def on_command(commands: str, state: ViewState, reviewer: str):
        todo = logic.pending_commands_with_text(state, commands)
        if not todo:
            return view(state, reviewer=reviewer)
        info = ""
        for seq, verb, n, text in todo:
            try:
                if verb == "discard":
                    state = logic.unlock(replace(state, seq=seq))
                    continue
                if state.restoration is None:
                    state = replace(state, seq=seq)
                    continue
                need_reviewer(state, reviewer)
                if verb == "dict":
                    new, decisions, word = logic.add_to_dictionary(state, n, dictionary)
                    logic.refresh_dictionary(restorer, dictionary)
                    info = f"“{word}” added to the house dictionary: it will not be flagged again."
                elif verb == "undo":
                    new, decisions = logic.undo(state)
                elif verb == "redo":
                    new, decisions = logic.redo(state)
                elif verb == "edit":
                    new, decisions, _ = logic.edit(state, n, text)
                elif verb == "noop":  # a cancelled edit: just draw the card again
                    new, decisions = state, []
                elif verb == "ignore":
                    new, decisions = logic.decide(state, n, "reject")
                elif verb in ("accept-all", "reject-all"):
                    new, decisions = logic.decide_all(state, verb.removesuffix("-all"))
                else:
                    new, decisions = logic.decide(state, n, verb)
                new = save(new, decisions, reviewer)
            except RestoreError as exc:
                return fail(replace(state, seq=seq), exc, reviewer)
            except Exception as exc:
                return broken(replace(state, seq=seq), exc, reviewer)
            state = replace(new, seq=seq)
        extra = f'<div class="rs-banner" id="info" role="status">{render.esc(info)}</div>' if info else ""
        return view(state, reviewer=reviewer, extra=extra)

    def on_all(verdict: str):
        def handler(state: ViewState, reviewer: str, kind: str | None = None):
            try:
                need_reviewer(state, reviewer)
                new, decisions = logic.decide_all(state, verdict, kind=kind)
                new = save(new, decisions, reviewer)
            except RestoreError as exc:
                return fail(state, exc, reviewer)
            except Exception as exc:
                return broken(state, exc, reviewer)
            return view(new, reviewer=reviewer)

        return handler

    def on_upload(path: str | None):
        if not path:
            return gr.update(), gr.update(visible=False, choices=[]), [], _notice("")
        try:
            up = logic.read_upload(path)
        except (RestoreError, OSError) as exc:
            return gr.update(), gr.update(visible=False, choices=[]), [], _notice(_error_box(str(exc)))
        picker = gr.update(
            visible=bool(up.records),
            choices=[rid for rid, _ in up.records],
            value=up.records[0][0] if up.records else None,
        )
        note = _error_box(" ".join(up.warnings[:1])) if up.warnings else ""
        return up.text, picker, list(up.records), _notice(note)

    def on_pick(record_id: str, records: list):
        for rid, text in records or []:
            if rid == record_id:
                return text
        return gr.update()

    def on_queue_refresh():
        rows = logic.queue_rows(store)
        ids = [r[0] for r in rows]
        return (
            gr.update(value=rows or None),
            gr.update(choices=ids, value=ids[0] if ids else None),
        )

    def claim(doc_id: str, session: str, reviewer: str) -> str:
        """Take the document for this reviewer and tab; a warning when the same reviewer
        has it open in another tab (someone else's claim is refused by the store: E130)."""
        held = store.get(doc_id).claim
        store.claim(doc_id, reviewer, session=session)
        if held is not None and held.reviewer == reviewer.strip() and held.session not in (None, session):
            return (
                f"{doc_id} is also open in another tab of yours: each tab saves what you decide "
                "there, and a tab that falls behind is refused, so review it in one place."
            )
        return ""

    def open_doc(doc_id: str, state: ViewState, reviewer: str, request: gr.Request | None):
        if not doc_id:
            raise RestoreError(Errors.E118)
        if not (reviewer or "").strip():
            raise RestoreError(Errors.E116)
        session = getattr(request, "session_hash", None) or None
        item = store.get(doc_id)
        warning = "" if item.status == "done" else claim(doc_id, session or "", reviewer)
        new = logic.carry_seq(logic.from_queue(store.get(doc_id), session=session), state)
        warn = f'<div class="rs-warn" id="two-tabs" role="alert">{render.esc(warning)}</div>' if warning else ""
        return new, warn

    def on_open(doc_id: str, state: ViewState, reviewer: str, request: gr.Request):
        try:
            new, warn = open_doc(doc_id, state, reviewer, request)
        except RestoreError as exc:
            return (*fail(state, exc, reviewer), gr.update(), gr.update(), _queue_msg(str(exc)))
        return (*view(new, reviewer=reviewer, extra=warn), gr.Tabs(selected="review"), new.restoration.original, _queue_msg(""))

    def on_next(state: ViewState, reviewer: str, request: gr.Request):
        me = (reviewer or "").strip()
        rows = [  # the oldest pending one nobody else is holding
            p.doc_id for p in store.pending(limit=200)
            if p.doc_id != state.doc_id and getattr(p, "claimed_by", None) in (None, me)
        ]
        if not rows:
            return (*view(state, reviewer=reviewer, extra='<div class="rs-banner" id="queue-empty">The review queue is empty.</div>'), gr.update())
        try:
            new, warn = open_doc(rows[0], state, reviewer, request)
        except RestoreError as exc:
            return (*fail(state, exc, reviewer), gr.update())
        return (*view(new, reviewer=reviewer, extra=warn), new.restoration.original)

    def _queue_msg(message: str):
        return _notice(_error_box(_public(message, store)))

    def on_finish(state: ViewState, reviewer: str):
        try:
            if state.doc_id is None:
                raise RestoreError(Errors.E119)
            if not (reviewer or "").strip():
                raise RestoreError(Errors.E116)
            store.finish(state.doc_id, reviewer=reviewer, revision=state.revision)
        except RestoreError as exc:
            return (*fail(state, exc, reviewer), *on_queue_refresh())
        done = replace(state, read_only=True)
        out = list(view(done, reviewer=reviewer))
        out[6] = _notice(
            f'<div class="rs-banner" id="finished" role="status">Finished <b>{render.esc(state.doc_id)}</b>: '
            "it is out of the queue, read-only and ready for export. Press <b>Next document</b> to go on.</div>"
        )
        return (*out, *on_queue_refresh())

    def words():
        return [[w] for w in dictionary] or None

    def on_dict_add(word: str):
        message = ""
        try:
            dictionary.add(check_entry(word))
            logic.refresh_dictionary(restorer, dictionary)
            word = ""
        except RestoreError as exc:
            message = str(exc)
        return gr.update(value=words()), word, gr.update(choices=list(dictionary), value=None), _notice(_error_box(message))

    def on_dict_remove(word: str | None):
        if word:
            dictionary.remove(word)
            logic.refresh_dictionary(restorer, dictionary)
        return gr.update(value=words()), "", gr.update(choices=list(dictionary), value=None), _notice("")

    with gr.Blocks(title="restore · wire copy review", analytics_enabled=False) as app:
        state = gr.State(ViewState())
        records = gr.State([])
        gr.HTML(
            '<header id="rs-header"><h1>restore</h1><span class="sub">repairs for garbled wire copy'
            " · every change is a suggestion you accept or reject</span>"
            '<button class="act" id="keys-button" aria-haspopup="dialog" aria-controls="keys-overlay" '
            'title="Keyboard shortcuts (?)">?</button></header>' + KEYS_OVERLAY,
            js_on_load=None,
        )
        with gr.Tabs(selected="review") as tabs:
            with gr.Tab("Review", id="review", elem_id="tab-review"):
                notice = gr.HTML("", elem_id="notice", visible=False, js_on_load=None)
                with gr.Row(equal_height=False, elem_id="review-row"):
                    with gr.Column(scale=3, min_width=320):
                        source = gr.Textbox(
                            label="Wire copy",
                            placeholder="Paste a story here, or upload a file below, then press Restore.",
                            lines=6,
                            max_lines=12,
                            elem_id="source",
                        )
                        with gr.Row():
                            restore_btn = gr.Button("Restore", variant="primary", elem_id="restore-btn", scale=2)
                            edit_source = gr.Button(
                                "Edit source", visible=False, elem_id="edit-source", scale=1, size="sm"
                            )
                            upload = gr.File(
                                label="…or upload .txt / .docx / .jsonl",
                                file_types=[".txt", ".docx", ".jsonl"],
                                type="filepath",
                                elem_id="upload",
                                show_label=False,
                                height=110,
                                scale=3,
                            )
                        picker = gr.Dropdown(label="JSONL record", visible=False, elem_id="record-picker")
                        gr.HTML(VIEW_SWITCH, js_on_load=None)
                        article = gr.HTML(render.article_html(None, ()), elem_id="article", js_on_load=None)
                    with gr.Column(scale=2, min_width=320):
                        summary = gr.HTML("", elem_id="summary-box", js_on_load=None)
                        with gr.Row():
                            accept_all = gr.Button("Accept all", size="sm", elem_id="accept-all")
                            reject_all = gr.Button("Reject all", size="sm", elem_id="reject-all")
                        with gr.Row(equal_height=True):
                            kind = gr.Dropdown(
                                label="Kind", choices=[], interactive=False, elem_id="kind",
                                scale=3, container=False,
                            )
                            accept_kind = gr.Button("Accept this kind", size="sm", elem_id="accept-kind", scale=2)
                            reject_kind = gr.Button("Reject this kind", size="sm", elem_id="reject-kind", scale=2)
                        gr.HTML(FILTERS, js_on_load=None)
                        cards = gr.HTML(render.cards_html(None, ()), elem_id="cards", js_on_load=None)
                        gr.HTML(
                            render.legend_html(restorer.threshold)
                            + f'<div class="rs-keys" id="keys-help">{KEYS_HELP}</div>',
                            js_on_load=None,
                        )
                # the story is shown once, in full (the switch above picks Original / Markup /
                # Result); the plain result is a short box with a copy button
                result = gr.Textbox(
                    label="Result as plain text (accepted repairs applied): copy it here",
                    lines=3,
                    max_lines=3,
                    interactive=False,
                    buttons=["copy"],
                    elem_id="result",
                )
                with gr.Row():
                    dl_txt = gr.DownloadButton("Download .txt", interactive=False, elem_id="download-txt", size="sm")
                    dl_docx = gr.DownloadButton(
                        "Download .docx (tracked changes)", interactive=False, elem_id="download-docx", size="sm"
                    )
                    finish = gr.Button("Finish document", variant="primary", visible=False, elem_id="finish-doc", size="sm")
                    next_doc = gr.Button("Next document", visible=False, elem_id="next-doc", size="sm")
                cmd = gr.Textbox(visible="hidden", elem_id="cmd")
            with gr.Tab("Review queue", id="queue", elem_id="tab-queue"):
                gr.Markdown(
                    "Documents added by `restore batch --review` wait here. Open one, decide, then "
                    "**Finish document**. Each decision is saved with your name and the time; "
                    "your name is remembered in this browser."
                )
                queue_notice = gr.HTML("", elem_id="queue-notice", visible=False, js_on_load=None)
                with gr.Row():
                    reviewer = gr.Textbox(label="Reviewer", placeholder="Your name", elem_id="reviewer", scale=2)
                    queue_pick = gr.Dropdown(label="Document", choices=[], elem_id="queue-pick", scale=3)
                    open_btn = gr.Button("Open", variant="primary", elem_id="queue-open", scale=1)
                    refresh = gr.Button("Refresh", elem_id="queue-refresh", scale=1)
                queue = gr.Dataframe(
                    headers=["document", "source", "suggestions", "decided", "added (UTC)"],
                    interactive=False,
                    elem_id="queue",
                    wrap=True,
                )
            with gr.Tab("House dictionary", id="dictionary", elem_id="tab-dictionary") as dict_tab:
                gr.Markdown(
                    "Words and names never flagged, one word or name per entry. "
                    "**+ Dictionary** on a card adds the word it flags, where that word is real."
                )
                dict_notice = gr.HTML("", elem_id="dict-notice", visible=False, js_on_load=None)
                with gr.Row():
                    dict_word = gr.Textbox(label="Add a word or name", elem_id="dict-word", scale=3)
                    dict_add = gr.Button("Add", elem_id="dict-add", scale=1)
                    dict_pick = gr.Dropdown(label="Remove", choices=list(dictionary), elem_id="dict-pick", scale=3)
                    dict_remove = gr.Button("Remove", variant="stop", elem_id="dict-remove", scale=1)
                dict_table = gr.Dataframe(headers=["entry"], value=words(), interactive=False, elem_id="dict-table")

        view_out = [
            state, article, cards, summary, result, kind, notice, finish, dl_txt, dl_docx,
            source, restore_btn, edit_source, next_doc,
        ]
        # One queue for everything that changes the view, so quick clicks and keystrokes are
        # applied in order to the latest state and none is dropped. No handler is part of a
        # public API: the page is the only client.
        private_api = {"api_visibility": "private"}
        serial = {"concurrency_id": "view", "concurrency_limit": 1, **private_api}
        quick = {**serial, "show_progress": "hidden"}  # a decision never dims the page

        exports = {"concurrency_id": "files", "concurrency_limit": 1, "show_progress": "hidden", **private_api}

        def then_files(event):
            event.then(files, [state, reviewer], [dl_txt, dl_docx], **exports)

        then_files(restore_btn.click(on_restore, [source, state, reviewer], view_out, **serial))
        then_files(edit_source.click(on_edit_source, [state, reviewer], view_out, **serial))
        then_files(cmd.change(on_command, [cmd, state, reviewer], view_out, **quick))
        then_files(accept_all.click(on_all("accept"), [state, reviewer], view_out, trigger_mode="multiple", **quick))
        then_files(reject_all.click(on_all("reject"), [state, reviewer], view_out, trigger_mode="multiple", **quick))
        then_files(accept_kind.click(
            lambda s, rv, k: on_all("accept")(s, rv, k), [state, reviewer, kind], view_out, **quick
        ))
        then_files(reject_kind.click(
            lambda s, rv, k: on_all("reject")(s, rv, k), [state, reviewer, kind], view_out, **quick
        ))
        upload.upload(on_upload, [upload], [source, picker, records, notice], **private_api)
        picker.change(on_pick, [picker, records], [source], **private_api)
        refresh.click(on_queue_refresh, None, [queue, queue_pick], **private_api)
        app.load(on_queue_refresh, None, [queue, queue_pick], **private_api)
        then_files(open_btn.click(on_open, [queue_pick, state, reviewer], [*view_out, tabs, source, queue_notice], **serial))
        then_files(next_doc.click(on_next, [state, reviewer], [*view_out, source], **serial))
        then_files(finish.click(on_finish, [state, reviewer], [*view_out, queue, queue_pick], **serial))
        dict_tab.select(
            lambda: (gr.update(value=words()), gr.update(choices=list(dictionary), value=None)),
            None,
            [dict_table, dict_pick],
            **private_api,
        )
        dict_add.click(on_dict_add, [dict_word], [dict_table, dict_word, dict_pick, dict_notice], **private_api)
        dict_remove.click(on_dict_remove, [dict_pick], [dict_table, dict_word, dict_pick, dict_notice], **private_api)
    app.restore_private = private
    return app


def launch(
    app: gr.Blocks,
    *,
    host: str = "127.0.0.1",
    port: int = 7860,
    block: bool = True,
    auth: list[tuple[str, str]] | None = None,
):
    """Start the server with our theme, CSS and keyboard script; nothing fetched online.

    Uploads over ``logic.UPLOAD_MAX_BYTES`` are refused by the server before they are
    stored; exports are served only from this instance's private folder."""
    private: PrivateDir = app.restore_private
    return app.launch(
        server_name=host,
        server_port=port,
        prevent_thread_lock=not block,
        quiet=True,
        show_error=False,
        ssr_mode=False,
        footer_links=[],
        theme=theme(),
        css=CSS,
        head=HEAD,
        allowed_paths=[str(private.exports)],
        max_file_size=logic.UPLOAD_MAX_BYTES,
        auth=auth,
        auth_message="restore review: sign in with the account your desk was given." if auth else None,
    )
