"""Shared fixtures. UI only: a live review app on a free port and a headless Chromium page."""

from __future__ import annotations

import os
import shutil
import socket
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def ui_home(tmp_path_factory):
    """A throwaway RESTORE_HOME so no test writes to the real home."""
    home = tmp_path_factory.mktemp("restore-home")
    old = os.environ.get("RESTORE_HOME")
    os.environ["RESTORE_HOME"] = str(home)
    yield home
    if old is None:
        os.environ.pop("RESTORE_HOME", None)
    else:
        os.environ["RESTORE_HOME"] = old


@pytest.fixture(scope="session")
def ui_server(ui_home):
    """The real app (real Restorer, SQLite queue, on-disk dictionary) served in-process."""
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.skip(f"browser tests need Debian chromium at {CHROMIUM}")
    os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
    from restore import Restorer
    from restore.dictionary import HouseDictionary
    from restore.review import ReviewStore
    from restore.ui import build_app
    from restore.ui.app import launch

    restorer = Restorer(dictionary=ui_home / "house-dictionary.txt")
    store = ReviewStore(ui_home / "review.sqlite3")
    house = HouseDictionary(ui_home / "house-dictionary.txt")
    app = build_app(restorer, store, house)
    port = _free_port()
    launch(app, host="127.0.0.1", port=port, block=False)

    class Server:
        url = f"http://127.0.0.1:{port}/"

    server = Server()
    server.restorer, server.store, server.dictionary, server.app = restorer, store, house, app
    yield server
    app.close()
    store.close()


@pytest.fixture(scope="session")
def browser(ui_server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, ui_server):
    """A fresh tab on the app; ``page.external`` lists any request that left localhost."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    pg = context.new_page()
    pg.external = []
    pg.on(
        "request",
        lambda r: pg.external.append(r.url)
        if not r.url.startswith(("http://127.0.0.1", "http://localhost", "data:", "blob:"))
        else None,
    )
    pg.goto(ui_server.url)
    pg.wait_for_selector("#source textarea")
    ARTIFACTS.mkdir(exist_ok=True)
    yield pg
    context.close()


@pytest.fixture(scope="session")
def critic():
    """The critic with the real SmolLM2 from the installed package, loaded once a session.

    The first run on a machine converts the GGUF into the cache under ``RESTORE_HOME``
    (about 20 s); later sessions load the cache."""
    from restore.critic import load_critic_pass

    return load_critic_pass()
