"""The Gradio review app: thin wiring of ``restore.ui.logic`` to components.

Every handler reads the session's ``ViewState``, calls one pure function, saves decisions to
the review queue when the story came from there, and re-renders. Errors a user can cause
arrive as coded ``RestoreError`` messages and are shown in the page, never as a traceback.
"""

from __future__ import annotations

import hashlib
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
from ..errors import Errors, RestoreError  # noqa: E402
from . import logic  # noqa: E402
from .assets import CSS, HEAD, KEYS_HELP, theme  # noqa: E402
from .logic import ViewState  # noqa: E402

log = logging.getLogger(__name__)

_EXPORT_DIR = Path(tempfile.gettempdir()) / "restore-ui-exports"


def _error_box(message: str) -> str:
    return f'<div class="rs-error" id="error">{render.esc(message)}</div>' if message else ""


def _banner(state: ViewState) -> str:
    if state.doc_id is None:
        return ""
    src = f" · {render.esc(state.source)}" if state.source else ""
    return (
        f'<div class="rs-banner" id="queue-banner">Reviewing <b>{render.esc(state.doc_id)}</b>'
        f"{src} from the review queue: every decision is saved as you make it.</div>"
    )


def _notice(content: str):
    """The notice line (queue banner, errors): absent from the page when there is nothing."""
    return gr.update(value=content, visible=bool(content))


def _prune_exports(max_age_s: float = 3600.0) -> None:
    """Drop export folders older than an hour so a long session does not fill the disk."""
    if not _EXPORT_DIR.exists():
        return
    cutoff = time.time() - max_age_s
    for folder in _EXPORT_DIR.iterdir():
        try:
            if folder.is_dir() and folder.stat().st_mtime < cutoff:
                shutil.rmtree(folder, ignore_errors=True)
        except OSError:
            pass


def _exports(state: ViewState) -> tuple[str | None, str | None]:
    """Fresh .txt and .docx files for the download buttons (named by content, so cheap)."""
    if state.restoration is None:
        return None, None
    key = hashlib.sha1(
        (state.restoration.original + "\x00" + ",".join(sorted(state.accepted))).encode()
    ).hexdigest()[:16]
    folder = _EXPORT_DIR / key
    if not folder.exists():
        _prune_exports()
    txt, docx = folder / f"{logic._stem(state)}.txt", folder / f"{logic._stem(state)}.docx"
    if not (txt.exists() and docx.exists()):
        logic.export_txt(state, folder)
        logic.export_docx(state, folder)
    return str(txt), str(docx)


def build_app(restorer, store, dictionary) -> gr.Blocks:
    """The review app around one loaded ``Restorer``, a ``ReviewStore`` and a ``HouseDictionary``."""

    def view(state: ViewState, message: str = "", note: str = ""):
        r = state.restoration
        kinds = logic.kinds_present(state)
        summary = render.summary_html(r, state.accepted)
        if note:
            summary += f'<div class="rs-keys" id="timing">{render.esc(note)}</div>'
        return (
            state,
            render.article_html(r, state.accepted),
            render.cards_html(r, state.accepted),
            summary,
            state.text,
            gr.update(choices=kinds, value=kinds[0] if kinds else None, interactive=bool(kinds)),
            _notice(_banner(state) + _error_box(message)),
            gr.update(visible=state.doc_id is not None),
            *files(state),
        )

    def files(state: ViewState):
        """Download files for the current decisions (cached by content, about 30 ms when new)."""
        try:
            txt, docx = _exports(state)
        except (RestoreError, OSError) as exc:
            gr.Warning(str(exc))
            txt = docx = None
        return (
            gr.update(value=txt, interactive=txt is not None),
            gr.update(value=docx, interactive=docx is not None),
        )

    def fail(state: ViewState, exc: Exception):
        gr.Warning(str(exc))
        return view(state, str(exc))

    def broken(state: ViewState, exc: Exception):
        log.exception("review UI handler failed")
        return fail(state, RestoreError(Errors.E120.format(what=type(exc).__name__)))

    def save(state: ViewState, decisions: logic.Decisions, reviewer: str) -> None:
        if state.doc_id is None:
            return
        for sid, verdict in decisions:
            store.decide(state.doc_id, sid, verdict, reviewer=reviewer)

    def need_reviewer(state: ViewState, reviewer: str) -> None:
        if state.doc_id is not None and not (reviewer or "").strip():
            raise RestoreError(Errors.E116)

    def on_restore(text: str, state: ViewState):
        try:
            t0 = time.perf_counter()
            new = logic.restore_text(restorer, text, house=list(dictionary))
            took = time.perf_counter() - t0
        except RestoreError as exc:
            return fail(ViewState(seq=state.seq), exc)
        except Exception as exc:  # a bug must still leave a usable page
            return broken(ViewState(seq=state.seq), exc)
        log.info("restored %d chars in %.3f s", len(text), took)
        return view(logic.carry_seq(new, state), note=f"Restored {len(text):,} characters in {took * 1000:.0f} ms.")

    def on_command(commands: str, state: ViewState, reviewer: str):
        todo = logic.pending_commands(state, commands)
        if not todo or state.restoration is None:
            return view(state)
        for seq, verb, n in todo:
            try:
                need_reviewer(state, reviewer)
                if verb == "ignore":
                    new, decisions, word = logic.ignore(state, n, dictionary)
                    logic.refresh_dictionary(restorer, dictionary)
                    gr.Info(f"“{word}” added to the house dictionary: it will not be flagged again.")
                else:
                    new, decisions = logic.decide(state, n, verb)
                save(new, decisions, reviewer)
            except RestoreError as exc:
                return fail(replace(state, seq=seq), exc)
            except Exception as exc:
                return broken(replace(state, seq=seq), exc)
            state = replace(new, seq=seq)
        return view(state)

    def on_all(verdict: str):
        def handler(state: ViewState, reviewer: str, kind: str | None = None):
            try:
                need_reviewer(state, reviewer)
                new, decisions = logic.decide_all(state, verdict, kind=kind)
                save(new, decisions, reviewer)
            except RestoreError as exc:
                return fail(state, exc)
            except Exception as exc:
                return broken(state, exc)
            return view(new)

        return handler

    def on_upload(path: str | None):
        if not path:
            return gr.update(), gr.update(visible=False, choices=[]), [], _notice("")
        try:
            up = logic.read_upload(path)
        except (RestoreError, OSError) as exc:
            gr.Warning(str(exc))
            return gr.update(), gr.update(visible=False, choices=[]), [], _notice(_error_box(str(exc)))
        for w in up.warnings:
            gr.Warning(w)
        picker = gr.update(
            visible=bool(up.records),
            choices=[rid for rid, _ in up.records],
            value=up.records[0][0] if up.records else None,
        )
        note = _error_box(up.warnings[0]) if up.warnings else ""
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

    def on_open(doc_id: str, state: ViewState):
        try:
            if not doc_id:
                raise RestoreError(Errors.E118)
            new = logic.carry_seq(logic.from_queue(store.get(doc_id)), state)
        except RestoreError as exc:
            return (*fail(state, exc), gr.update())
        return (*view(new), gr.Tabs(selected="review"))

    def on_finish(state: ViewState, reviewer: str):
        try:
            if state.doc_id is None:
                raise RestoreError(Errors.E119)
            if not (reviewer or "").strip():
                raise RestoreError(Errors.E116)
            store.finish(state.doc_id, reviewer=reviewer)
        except RestoreError as exc:
            return (*fail(state, exc), *on_queue_refresh())
        gr.Info(f"{state.doc_id} marked done.")
        done = replace(state, doc_id=None, source="")
        out = list(view(done))
        out[6] = _notice(
            f'<div class="rs-banner" id="finished">Finished <b>{render.esc(state.doc_id)}</b>: '
            "it is out of the queue and ready for export.</div>"
        )
        return (*out, *on_queue_refresh())

    def words():
        return [[w] for w in dictionary] or None

    def on_dict_add(word: str):
        if word and word.strip():
            dictionary.add(word.strip())
            logic.refresh_dictionary(restorer, dictionary)
        return gr.update(value=words()), "", gr.update(choices=list(dictionary), value=None)

    def on_dict_remove(word: str | None):
        if word:
            dictionary.remove(word)
            logic.refresh_dictionary(restorer, dictionary)
        return gr.update(value=words()), "", gr.update(choices=list(dictionary), value=None)

    with gr.Blocks(title="restore · wire copy review", analytics_enabled=False) as app:
        state = gr.State(ViewState())
        records = gr.State([])
        gr.HTML(
            '<div id="rs-header"><h1>restore</h1><span class="sub">repairs for garbled wire copy'
            " · every change is a suggestion you accept or reject</span></div>",
            js_on_load=None,
        )
        with gr.Tabs(selected="review") as tabs:
            with gr.Tab("Review", id="review", elem_id="tab-review"):
                notice = gr.HTML("", elem_id="notice", visible=False, js_on_load=None)
                with gr.Row(equal_height=False):
                    with gr.Column(scale=3, min_width=420):
                        source = gr.Textbox(
                            label="Wire copy",
                            placeholder="Paste a story here, or upload a file below, then press Restore.",
                            lines=6,
                            max_lines=12,
                            elem_id="source",
                        )
                        with gr.Row():
                            restore_btn = gr.Button("Restore", variant="primary", elem_id="restore-btn", scale=2)
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
                        article = gr.HTML(render.article_html(None, ()), elem_id="article", js_on_load=None)
                    with gr.Column(scale=2, min_width=340):
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
                        cards = gr.HTML(render.cards_html(None, ()), elem_id="cards", js_on_load=None)
                        gr.HTML(f'<div class="rs-keys" id="keys-help">{KEYS_HELP}</div>', js_on_load=None)
                result = gr.Textbox(
                    label="Result (accepted repairs applied)",
                    lines=8,
                    max_lines=20,
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
                cmd = gr.Textbox(visible="hidden", elem_id="cmd")
            with gr.Tab("Review queue", id="queue", elem_id="tab-queue"):
                gr.Markdown(
                    "Documents added by `restore batch --review` wait here. Open one, decide, then "
                    "**Finish document**. Each decision is saved with your name and the time."
                )
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
                    f"Words and names never flagged. Stored in `{render.esc(str(dictionary.path))}`, "
                    "one per line. **Ignore always** on a card adds to it."
                )
                with gr.Row():
                    dict_word = gr.Textbox(label="Add a word or name", elem_id="dict-word", scale=3)
                    dict_add = gr.Button("Add", elem_id="dict-add", scale=1)
                    dict_pick = gr.Dropdown(label="Remove", choices=list(dictionary), elem_id="dict-pick", scale=3)
                    dict_remove = gr.Button("Remove", variant="stop", elem_id="dict-remove", scale=1)
                dict_table = gr.Dataframe(headers=["entry"], value=words(), interactive=False, elem_id="dict-table")

        view_out = [state, article, cards, summary, result, kind, notice, finish, dl_txt, dl_docx]
        # One queue for everything that changes the view, so quick clicks and keystrokes are
        # applied in order to the latest state and none is dropped.
        serial = {"concurrency_id": "view", "concurrency_limit": 1}

        restore_btn.click(on_restore, [source, state], view_out, **serial)
        cmd.change(on_command, [cmd, state, reviewer], view_out, **serial)
        accept_all.click(on_all("accept"), [state, reviewer], view_out, trigger_mode="multiple", **serial)
        reject_all.click(on_all("reject"), [state, reviewer], view_out, trigger_mode="multiple", **serial)
        accept_kind.click(
            lambda s, rv, k: on_all("accept")(s, rv, k), [state, reviewer, kind], view_out, **serial
        )
        upload.upload(on_upload, [upload], [source, picker, records, notice])
        picker.change(on_pick, [picker, records], [source])
        refresh.click(on_queue_refresh, None, [queue, queue_pick])
        app.load(on_queue_refresh, None, [queue, queue_pick])
        open_btn.click(on_open, [queue_pick, state], [*view_out, tabs], **serial)
        finish.click(on_finish, [state, reviewer], [*view_out, queue, queue_pick], **serial)
        dict_tab.select(
            lambda: (gr.update(value=words()), gr.update(choices=list(dictionary), value=None)),
            None,
            [dict_table, dict_pick],
        )
        dict_add.click(on_dict_add, [dict_word], [dict_table, dict_word, dict_pick])
        dict_remove.click(on_dict_remove, [dict_pick], [dict_table, dict_word, dict_pick])
    return app


def launch(app: gr.Blocks, *, host: str = "127.0.0.1", port: int = 7860, block: bool = True):
    """Start the server with our theme, CSS and keyboard script; nothing fetched online."""
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
        allowed_paths=[str(_EXPORT_DIR)],
    )
