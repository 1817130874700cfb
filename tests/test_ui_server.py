"""The review server as an attacker or an unlucky newsroom meets it: who may connect, what
the HTTP API exposes, how big an upload may be, and where exports live. Real server, real
HTTP, no browser needed."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import _free_port

ROOT = Path(__file__).resolve().parent.parent


def _env(tmp_path, **extra):
    env = {k: v for k, v in os.environ.items() if k != "RESTORE_UI_AUTH"}
    return {**env, "RESTORE_HOME": str(tmp_path / "home"), "PYTHONPATH": str(ROOT), **extra}


def test_off_localhost_without_accounts_refuses_to_start(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "restore.cli", "ui", "--host", "0.0.0.0", "--port", str(_free_port()), "--no-model"],
        env=_env(tmp_path), capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 2, proc.stderr
    assert "E153" in proc.stderr and "RESTORE_UI_AUTH" in proc.stderr
    bad = tmp_path / "accounts"
    bad.write_text("nobody\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "restore.cli", "ui", "--host", "0.0.0.0", "--auth-file", str(bad), "--no-model"],
        env=_env(tmp_path), capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 2 and "E154" in proc.stderr
    assert str(tmp_path) not in proc.stderr  # no server path in the message


def test_the_api_lists_no_handler(ui_server):
    with urllib.request.urlopen(ui_server.url + "gradio_api/info", timeout=10) as resp:
        info = json.load(resp)
    assert info.get("named_endpoints", {}) == {} and info.get("unnamed_endpoints", {}) == {}


def test_upload_over_the_limit_is_refused_before_it_is_stored(ui_server):
    from restore.ui.logic import UPLOAD_MAX_BYTES

    private = ui_server.app.restore_private
    before = sorted(p for p in private.cache.rglob("*") if p.is_file())
    boundary = "restoreboundary"
    body = (
        f"--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"big.txt\"\r\n"
        "Content-Type: text/plain\r\n\r\n"
    ).encode() + b"a" * (UPLOAD_MAX_BYTES + 1024) + f"\r\n--{boundary}--\r\n".encode()
    req = urllib.request.Request(
        ui_server.url + "gradio_api/upload", data=body, method="POST",
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
    )
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(req, timeout=60)
    assert err.value.code == 413
    after = sorted(p for p in private.cache.rglob("*") if p.is_file())
    assert after == before, "nothing of the refused upload is kept"


def test_exports_live_in_a_private_folder_removed_on_exit(ui_server, tmp_path):
    from restore.ui.app import PrivateDir

    private = ui_server.app.restore_private
    assert stat.S_IMODE(private.path.stat().st_mode) == 0o700
    assert stat.S_IMODE(private.exports.stat().st_mode) == 0o700
    assert os.environ["GRADIO_TEMP_DIR"] == str(private.cache)
    other = PrivateDir()
    (other.exports / "x").mkdir()
    (other.exports / "x" / "story.docx").write_bytes(b"pk")
    other.cleanup()
    assert not other.path.exists()


def test_with_accounts_nothing_answers_before_sign_in(ui_server):
    from restore.ui import build_app
    from restore.ui.app import launch

    app = build_app(ui_server.restorer, ui_server.store, ui_server.dictionary)
    port = _free_port()
    launch(app, host="127.0.0.1", port=port, block=False, auth=[("ann", "s3cret")])
    try:
        url = f"http://127.0.0.1:{port}/"
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(url + "config", timeout=10)
        assert err.value.code == 401
        with urllib.request.urlopen(url, timeout=10) as resp:  # the sign-in page only
            page = resp.read().decode()
        assert "karabakh" not in page.lower()
        login = urllib.request.Request(
            url + "login", data=b"username=ann&password=wrong", method="POST",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(login, timeout=10)
        assert err.value.code in (400, 401)
    finally:
        app.close()
        app.restore_private.cleanup()
