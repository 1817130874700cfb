"""The review UI: paste or upload a story, accept or reject each repair, copy the result.

``serve`` is what ``restore ui`` runs; ``build_app`` builds the Gradio app around a loaded
``Restorer``, a ``ReviewStore`` and a ``HouseDictionary`` (tests pass temporary ones).

Decisions on the page:

- Keys (ignored while typing in a text box): ``j``/``k`` next/previous, ``a`` accept,
  ``r`` reject (both move on), ``i`` ignore always, ``Shift+A``/``Shift+R`` accept/reject all.
- Stories over ``logic.INTERACTIVE_MAX_CHARS`` (200,000 characters) are refused with a
  pointer to ``restore batch``: thousands of cards are no way to review, and the batch
  runner streams any size. Uploads over 20 MB are refused before reading.
- Suggestions below the threshold start unaccepted and are drawn dashed with a "low" tag.
- Stories opened from the review queue save every decision (reviewer, UTC time, verdict)
  the moment it is made; "Finish document" moves them to ``restore review export``.
- Served on 127.0.0.1 by default, analytics off, system fonts: nothing is fetched online.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import gradio as gr

__all__ = ["build_app", "serve"]


def build_app(restorer, store, dictionary) -> gr.Blocks:
    from .app import build_app as _build

    return _build(restorer, store, dictionary)


def serve(
    *,
    host: str = "127.0.0.1",
    port: int = 7860,
    review_db: str | Path | None = None,
    dictionary: str | Path | None = None,
    model: str | None = "default",
    critic: bool = True,
) -> int:
    """Load the model once, open the review queue and dictionary, serve until stopped."""
    os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
    from ..dictionary import HouseDictionary, default_dictionary_path
    from ..errors import RestoreError
    from ..pipeline import Restorer
    from ..review import ReviewStore
    from .app import build_app as _build
    from .app import launch

    dict_path = Path(dictionary) if dictionary is not None else default_dictionary_path()
    try:
        restorer = Restorer(dictionary=dict_path, model=model, critic=critic)
        store = ReviewStore(review_db)
    except (RestoreError, OSError) as exc:
        print(f"restore ui: {exc}", file=sys.stderr)
        return 1
    app = _build(restorer, store, HouseDictionary(dict_path))
    try:
        try:
            launch(app, host=host, port=port, block=False)
        except OSError as exc:
            print(f"restore ui: cannot listen on {host}:{port}: {exc}", file=sys.stderr)
            return 1
        print(f"restore ui: http://{host}:{port}  (review queue {store.path}; Ctrl+C to stop)", flush=True)
        app.block_thread()  # returns on Ctrl+C, after closing the server
    except KeyboardInterrupt:
        pass
    finally:
        store.close()
    return 0
