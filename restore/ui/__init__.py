"""The review UI: paste or upload a story, accept or reject each repair, copy the result.

``serve`` is what ``restore ui`` runs; ``build_app`` builds the Gradio app around a loaded
``Restorer``, a ``ReviewStore`` and a ``HouseDictionary`` (tests pass temporary ones).

Decisions on the page:

- Every suggestion starts *to review*; confident ones are applied to the result meanwhile
  and the page counts them ("12 to review · 3 accepted · 1 rejected").
- Keys (ignored while typing in a text box): ``j``/``k`` next/previous, ``n`` next to
  review, ``a`` accept, ``r``/``i`` reject (both move on), ``e`` edit, ``d`` add to the house
  dictionary, ``Shift+A``/``Shift+R`` accept/reject all, ``Ctrl+Z``/``Ctrl+Shift+Z``
  undo/redo, ``?`` the list of keys.
- After Restore the source is locked; "Edit source" starts over, asking first when
  decisions would be lost.
- An editor's own edit (a card's text rewritten) is a suggestion of source ``editor``,
  exported to .docx as a tracked change by the reviewer, each reason a comment.
- Stories over ``logic.INTERACTIVE_MAX_CHARS`` (200,000 characters) are refused with a
  pointer to ``restore batch``: thousands of cards are no way to review, and the batch
  runner streams any size. Uploads over 20 MB are refused by the server before they are
  stored; uploads and exports live in a private folder (0700) removed on exit.
- Suggestions below the threshold start unaccepted and are drawn dashed with a "low" tag.
- Stories opened from the review queue save every decision (reviewer, UTC time, verdict)
  the moment it is made; "Finish document" moves them to ``restore review export``.
- Served on 127.0.0.1 by default, analytics off, system fonts: nothing is fetched online.
  Any other address needs accounts (``RESTORE_UI_AUTH=user:password`` or ``--auth-file``),
  and the log warns that the app is reachable from the network.
"""

from __future__ import annotations

import ipaddress
import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import gradio as gr

__all__ = ["LazyRestorer", "build_app", "load_auth", "serve"]

AUTH_ENV = "RESTORE_UI_AUTH"
log = logging.getLogger("restore.ui")


def is_loopback(host: str) -> bool:
    """True for addresses only this machine can reach (127.0.0.0/8, ::1, "localhost")."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def load_auth(auth_file: str | Path | None = None, env: dict | None = None) -> list[tuple[str, str]] | None:
    """Accounts for the sign-in page: ``auth_file`` (one ``user:password`` a line, ``#``
    comments) or else ``$RESTORE_UI_AUTH`` (``user:password``, several separated by ``,``).
    Never from the command line, where every user of the machine can read it (``ps``)."""
    from ..errors import ConfigError, Errors

    env = os.environ if env is None else env
    if auth_file is not None:
        what = f"--auth-file {Path(auth_file).name}"
        try:
            lines = Path(auth_file).read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise ConfigError(Errors.E154.format(what=f"{what} ({exc.strerror})")) from None
    elif env.get(AUTH_ENV):
        what, lines = AUTH_ENV, env[AUTH_ENV].split(",")
    else:
        return None
    accounts = []
    for line in lines:
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        user, sep, password = line.partition(":")
        if not sep or not user or not password or user != user.strip() or " " in user:
            raise ConfigError(Errors.E154.format(what=what))
        accounts.append((user, password))
    if not accounts:
        raise ConfigError(Errors.E154.format(what=what))
    return accounts


def build_app(restorer, store, dictionary) -> gr.Blocks:
    from .app import build_app as _build

    return _build(restorer, store, dictionary)


class LazyRestorer:
    """A ``Restorer`` loading in the background, so the page is up in seconds while the
    model and critic load (a minute on a busy machine): the first Restore waits for it,
    the review queue and dictionary work at once. A load failure is kept and raised, as
    its coded message, by every Restore."""

    def __init__(self, factory, threshold: float) -> None:
        import threading

        self._factory = factory
        self._ready = threading.Event()
        self._restorer = None
        self._error: BaseException | None = None
        self._words: list[str] | None = None
        self._lock = threading.Lock()
        self.threshold = threshold
        threading.Thread(target=self._load, name="restore-load", daemon=True).start()

    def _load(self) -> None:
        import time

        t0 = time.perf_counter()
        try:
            restorer = self._factory()
            with self._lock:
                if self._words is not None:
                    restorer.set_house_words(self._words)
                self._restorer = restorer
            log.info("restore ui: model loaded in %.1f s", time.perf_counter() - t0)
        except BaseException as exc:  # kept for the page; the server goes on for the queue
            self._error = exc
            print(f"restore ui: {exc}", file=sys.stderr, flush=True)
        finally:
            self._ready.set()

    def _get(self):
        self._ready.wait()
        if self._error is not None:
            raise self._error
        return self._restorer

    def restore(self, text: str, *args, **kwargs):
        return self._get().restore(text, *args, **kwargs)

    def set_house_words(self, words) -> None:
        words = list(words)
        with self._lock:
            if self._restorer is None:
                self._words = words  # applied when the load finishes
                return
        self._restorer.set_house_words(words)


def serve(
    *,
    host: str = "127.0.0.1",
    port: int = 7860,
    review_db: str | Path | None = None,
    dictionary: str | Path | None = None,
    model: str | None = "default",
    critic: bool = True,
    auth_file: str | Path | None = None,
) -> int:
    """Open the review queue and dictionary, serve at once, load the model once behind
    the page (``LazyRestorer``), serve until stopped.

    Off localhost the app needs accounts (``load_auth``) and says in the log that it is
    reachable from the network; without accounts it refuses to start (exit 2)."""
    os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
    from ..dictionary import HouseDictionary, default_dictionary_path
    from ..errors import Errors, RestoreError

    try:
        auth = load_auth(auth_file)
    except RestoreError as exc:
        print(f"restore ui: {exc}", file=sys.stderr)
        return 2
    if not is_loopback(host):
        if auth is None:
            print(f"restore ui: {Errors.E153.format(host=host)}", file=sys.stderr)
            return 2
        where = "every network interface" if host in ("0.0.0.0", "::") else host
        msg = f"restore ui: WARNING: serving on {where}: anyone who can reach port {port} sees the sign-in page"
        log.warning(msg)
        print(msg, file=sys.stderr, flush=True)
    from ..pipeline import Restorer
    from ..review import ReviewStore
    from .app import build_app as _build
    from .app import launch

    from ..suggestion import DEFAULT_THRESHOLD

    dict_path = Path(dictionary) if dictionary is not None else default_dictionary_path()
    try:
        store = ReviewStore(review_db)
    except (RestoreError, OSError) as exc:
        print(f"restore ui: {exc}", file=sys.stderr)
        return 1
    # the page first, the model behind it (the first Restore waits for the load)
    restorer = LazyRestorer(lambda: Restorer(dictionary=dict_path, model=model, critic=critic), DEFAULT_THRESHOLD)
    app = _build(restorer, store, HouseDictionary(dict_path))
    try:
        try:
            launch(app, host=host, port=port, block=False, auth=auth)
        except OSError as exc:
            print(f"restore ui: cannot listen on {host}:{port}: {exc}", file=sys.stderr)
            return 1
        print(f"restore ui: http://{host}:{port}  (review queue {store.path}; Ctrl+C to stop)", flush=True)
        app.block_thread()  # returns on Ctrl+C, after closing the server
    except KeyboardInterrupt:
        pass
    finally:
        store.close()
        app.restore_private.cleanup()  # exports and uploads do not outlive the server
    return 0
