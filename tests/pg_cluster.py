"""A throwaway PostgreSQL cluster on localhost for the review store's tests (stdlib only).

``start()`` runs Debian's ``initdb`` in a temporary folder and ``pg_ctl start`` on a free
port, as the ``postgres`` user when run as root (``initdb`` refuses root), trusting local
connections only; ``stop()`` stops it and removes the folder. The conftest starts one per
test session when ``RESTORE_TEST_PG`` is not set; ``.ci/run`` starts one for the whole run:

    eval "$(python3 tests/pg_cluster.py start /tmp/restore-pg)"   # exports RESTORE_TEST_PG
    python3 tests/pg_cluster.py stop /tmp/restore-pg
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

USER = "restore"  # the cluster's superuser


def pg_bin() -> Path | None:
    """The newest PostgreSQL server binaries installed (Debian keeps them off PATH)."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_owner(cmd: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return cmd
    return ["runuser", "-u", "postgres", "--", *cmd]


def start(root: str | os.PathLike[str] | None = None, *, durable: bool = False) -> tuple[str, Path]:
    """Start a cluster; returns (DSN, folder to pass to ``stop``). Tests run it with
    ``fsync=off`` (it is thrown away); ``durable`` keeps fsync on, as a real desk would."""
    binaries = pg_bin()
    if binaries is None:
        raise RuntimeError("PostgreSQL is not installed (make postgres installs Debian's)")
    folder = Path(root) if root else Path(tempfile.mkdtemp(prefix="restore-pg-"))
    folder.mkdir(parents=True, exist_ok=True)
    data = folder / "data"
    if os.geteuid() == 0:
        owner = pwd.getpwnam("postgres")
        os.chown(folder, owner.pw_uid, owner.pw_gid)
    subprocess.run(
        _as_owner([str(binaries / "initdb"), "-D", str(data), "-U", USER, "--auth=trust",
                   "-E", "UTF8", "--locale=C", "--no-sync"]),
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    for _attempt in range(5):  # a port taken between choosing and binding: try another
        port = _free_port()
        opts = (f"-c listen_addresses=127.0.0.1 -p {port} -k {data} "
                f"-c fsync={'on' if durable else 'off'} -c synchronous_commit=on -c max_connections=200")
        proc = subprocess.run(
            _as_owner([str(binaries / "pg_ctl"), "-D", str(data), "-l", str(folder / "log"),
                       "-o", opts, "-w", "-t", "60", "start"]),
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )
        if proc.returncode == 0:
            return f"postgresql://{USER}@127.0.0.1:{port}/postgres", folder
        time.sleep(0.5)
    log = (folder / "log").read_text(errors="replace")[-2000:] if (folder / "log").exists() else ""
    raise RuntimeError(f"pg_ctl start failed: {proc.stderr.decode(errors='replace')}\n{log}")


def stop(folder: str | os.PathLike[str]) -> None:
    """Stop the cluster in ``folder`` (immediately: it is throwaway) and remove it."""
    folder = Path(folder)
    binaries = pg_bin()
    if binaries is not None and (folder / "data" / "postmaster.pid").exists():
        subprocess.run(
            _as_owner([str(binaries / "pg_ctl"), "-D", str(folder / "data"), "-m", "immediate", "-w", "stop"]),
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("start", "stop"):
        sys.exit("usage: pg_cluster.py start|stop FOLDER")
    if sys.argv[1] == "start":
        dsn, _ = start(sys.argv[2])
        print(f"export RESTORE_TEST_PG={dsn}")
    else:
        stop(sys.argv[2])
