"""Hostile input (issue 13): each reproduction bounded in time and memory.

The ones that could eat the machine run in a child process under ``resource.setrlimit``
(address space, CPU seconds), so a regression fails here instead of taking the machine
down. Figures (peak memory, seconds) come from ``python -m restore.lab.hostile``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from restore.lab.hostile import run_limited

ROOT = Path(__file__).resolve().parent.parent
GB = 1 << 30


def bounded(code: str, *, mem_gb: float = 1.5, seconds: int = 60) -> dict:
    """Run ``code`` (which prints one JSON line last) in a limited child; its result."""
    done = run_limited(
        [sys.executable, "-c", textwrap.dedent(code)], mem_bytes=int(mem_gb * GB), cpu_seconds=seconds,
        wall_seconds=seconds * 3,
    )
    assert done.returncode == 0, f"child failed (rc {done.returncode}): {done.stderr[-2000:]}"
    return json.loads(done.stdout.strip().splitlines()[-1])


# -- one long run of letters ------------------------------------------------------------------


def test_a_20000_letter_word_is_not_a_typo():
    """Before: the spelling pass built every edit of the whole run (5 GB at 10,000 letters)."""
    out = bounded("""
        import json
        from restore import Restorer
        from restore.lab.hostile import long_word
        r = Restorer(model=None).restore(long_word(20_000))
        print(json.dumps({"n": len(r.suggestions), "text_same": r.text == r.original}))
    """)
    assert out == {"n": 0, "text_same": True}


@pytest.mark.parametrize("shape", ["letters", "Capitalised", "base64", "glued-the"])
def test_long_tokens_of_every_shape_are_cheap(shape):
    out = bounded(f"""
        import base64, json, random, string
        from restore import Restorer
        rng = random.Random(3)
        letters = "".join(rng.choice(string.ascii_lowercase) for _ in range(20_000))
        blob = {{
            "letters": letters,
            "Capitalised": "K" + letters,
            "base64": base64.b64encode(bytes(rng.randrange(256) for _ in range(15_000))).decode(),
            "glued-the": letters + "the report",
        }}[{shape!r}]
        r = Restorer(model=None).restore("The goverment said " + blob + " today.")
        print(json.dumps([s.original for s in r.suggestions]))
    """)
    assert out == ["goverment"]  # the real typo beside the blob is still found


def test_the_lexicon_has_no_candidates_for_a_blob():
    from restore.english import MAX_WORD_CHARS, default_lexicon

    lexicon = default_lexicon()
    assert lexicon.candidates("goverment")
    assert lexicon.candidates("x" * (MAX_WORD_CHARS + 1)) == ()


@pytest.mark.parametrize("shape", ["a line with no full stop", "a run of line breaks", "many rare words"])
def test_no_pass_is_quadratic_in_a_run(shape):
    """Before: a regex searched from every character of a run and failed each time (a
    20,000-letter line with no full stop took 2.4 s in the duplicates pass, 20,000 line
    breaks 3.2 s in the punctuation pass), and the case pass scanned the whole text once per
    rare word; at 200,000 characters that is minutes. Now each is one scan."""
    out = bounded(f"""
        import json, random, string
        from restore import Restorer
        from restore.context import Context
        from restore.passes.case import lowercased_names
        rng = random.Random(5)
        def word(n):
            return "".join(rng.choice(string.ascii_lowercase) for _ in range(n))
        shape = {shape!r}
        if shape == "many rare words":  # the case pass alone: the spelling pass is linear but slow on junk
            text = "Officials in " + " ".join(word(7) for _ in range(25_000)) + "."
            found = lowercased_names(text, Context.for_text(text))
        else:
            text = word(200_000) if shape.startswith("a line") else "a" + "\\n" * 200_000 + "b"
            found = Restorer(model=None).restore(text).suggestions
        print(json.dumps(len(found)))
    """, seconds=20)
    assert out == 0


# -- expanded sizes: checked while streaming ----------------------------------------------------


def test_a_docx_bomb_is_refused_before_it_is_parsed(tmp_path):
    """Before: 150 KB expanding to 64 MB of XML was parsed whole (273 MB), then E008."""
    out = bounded(f"""
        import json
        from pathlib import Path
        from restore.formats import read_any
        from restore.lab.hostile import docx_bomb, peak_mb
        path = docx_bomb(Path({str(tmp_path)!r}) / "bomb.docx")
        docs = list(read_any(path))
        print(json.dumps({{"errors": [d.error for d in docs], "mb": peak_mb(), "size": path.stat().st_size}}))
    """, mem_gb=1.0)
    assert out["size"] < 1_000_000
    (error,) = out["errors"]
    assert error.startswith("E020") and "bytes expanded" in error and "--max-bytes" in error
    assert out["mb"] < 200  # the XML (64 MB, 0.3 GB as a tree) was never held


def test_a_huge_jsonl_line_in_a_zip_is_one_bad_record(tmp_path):
    """Before: iterating lines read a 150 MB line whole before any limit applied."""
    import zipfile

    path = tmp_path / "feed.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf, zf.open("wire.jsonl", "w") as member:
        member.write(b'{"id": "ok1", "text": "The the fire."}\n')
        member.write(b'{"id": "huge", "text": "')
        for _ in range(60):
            member.write(b"y" * (1 << 20))
        member.write(b'"}\n{"id": "ok2", "text": "It it rained."}\n')
    out = bounded(f"""
        import json
        from restore.formats import BadDocument, read_any
        from restore.lab.hostile import peak_mb
        docs = list(read_any({str(path)!r}, max_bytes=1_000_000))
        print(json.dumps({{"docs": [d.error if isinstance(d, BadDocument) else d.id for d in docs], "mb": peak_mb()}}))
    """, mem_gb=1.0)
    ok1, bad, ok2 = out["docs"]
    assert (ok1, ok2) == ("ok1", "ok2")
    assert bad.startswith("E020") and "feed.zip!wire.jsonl:2 is 62,914,587 bytes (one JSONL line)" in bad
    assert out["mb"] < 150


def test_a_big_text_file_is_refused_before_reading(tmp_path):
    path = tmp_path / "upload-a81f3.txt"
    path.write_bytes(b"word " * 2_000_000)
    from restore.formats import BadDocument, read_any

    (doc,) = read_any(path, max_bytes=1_000_000, source="story.txt")
    assert isinstance(doc, BadDocument)
    assert doc.error.startswith("E020: story.txt is 10,000,000 bytes; the limit is 1,000,000 bytes")
    assert str(tmp_path) not in doc.error  # a server's temp path is never shown


def test_limits_name_the_option_that_raises_them(tmp_path):
    story = tmp_path / "s.txt"
    story.write_text("The the fire spread today.", encoding="utf-8")
    chars = cli("fix", "--no-model", "--max-chars", "5", str(story))
    assert chars.returncode == 2 and "E008" in chars.stderr and "--max-chars" in chars.stderr
    size = cli("fix", "--no-model", "--max-bytes", "5", str(story))
    assert size.returncode == 2 and "E020" in size.stderr and "26 bytes" in size.stderr and "--max-bytes" in size.stderr
    raised = cli("fix", "--no-model", "--max-chars", "100", "--max-bytes", "100", str(story))
    assert raised.returncode == 0 and raised.stdout == "The fire spread today."


# -- bad input is a clear error for that document only ----------------------------------------


def cli(*args: str, stdin: str | None = None, shell: str | None = None) -> subprocess.CompletedProcess:
    """``restore ARGS`` as a user runs it (or ``shell``, a bash line with $RESTORE)."""
    env = dict(os.environ, OMP_WAIT_POLICY="PASSIVE", RESTORE=f"{sys.executable} -m restore")
    env.pop("RESTORE_DEBUG", None)
    argv = ["bash", "-c", shell] if shell else [sys.executable, "-m", "restore", *args]
    return subprocess.run(
        argv, input=stdin, capture_output=True, text=True, encoding="utf-8", cwd=ROOT, env=env, timeout=120
    )


def test_a_lone_surrogate_is_a_coded_error_for_its_record_only(tmp_path):
    """Before: a raw UnicodeEncodeError stopped the whole batch with exit 3."""
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        '{"id": "a", "text": "The the fire."}\n{"id": "b", "text": "x \\ud83d y"}\n'
        '{"id": "c", "text": "It it rained."}\n', encoding="utf-8",
    )
    done = cli("batch", "--no-model", "--quiet", str(feed), "--out", str(tmp_path / "out"))
    assert done.returncode == 1, done.stderr
    assert "E021" in done.stderr and "feed.jsonl: line 2" in done.stderr
    assert (tmp_path / "out" / "manifest.txt").read_text().split() == ['"a"', '"c"']
    from restore import Restorer
    from restore.batch import restore_records
    from restore.errors import InputError

    with pytest.raises(InputError, match="E021"):
        Restorer(model=None).restore("x \ud83d y")
    results = list(restore_records([{"id": "p", "text": "a \udc00"}, {"id": "q", "text": "The the end."}],
                                   restorer=Restorer(model=None)))
    assert results[0]["error"].startswith("E021") and results[1]["text"] == "The end."


def test_utf16_without_a_bom_is_named(tmp_path):
    path = tmp_path / "win.txt"
    path.write_bytes("The agency said the talks would go on.\n".encode("utf-16-le"))
    done = cli("fix", "--no-model", str(path))
    assert done.returncode == 2 and "E022" in done.stderr and "UTF-16" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("how", ["process substitution", "fifo", "/dev/stdin"])
def test_pipes_are_files_too(tmp_path, how):
    """Before: "no such file" for all three."""
    story = tmp_path / "s.txt"
    story.write_text("The the fire spread.", encoding="utf-8")
    fifo = tmp_path / "fifo"
    line = {
        "process substitution": f"$RESTORE fix --no-model <(cat {story})",
        "fifo": f"mkfifo {fifo}; (cat {story} > {fifo} &); $RESTORE fix --no-model {fifo}",
        "/dev/stdin": f"cat {story} | $RESTORE fix --no-model /dev/stdin",
    }[how]
    done = cli(shell=line)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "The fire spread."


@pytest.mark.parametrize("line", [
    "$RESTORE fix --no-model <&-", "echo 'The the end.' | $RESTORE fix --no-model >&-",
])
def test_a_closed_standard_stream_is_a_usage_error(line):
    """Before: exit 3, "internal error"."""
    done = cli(shell=line)
    assert done.returncode == 2
    (message,) = done.stderr.strip().splitlines()
    assert "E023" in message and "closed" in message


# -- batches that never hang, never double --------------------------------------------------


def _workers_of(pid: int) -> list[int]:
    """The pool's worker processes under ``pid`` (not multiprocessing's resource tracker)."""
    found = []
    for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split():
        try:
            cmdline = Path(f"/proc/{child}/cmdline").read_bytes()
        except OSError:
            continue
        if b"spawn_main" in cmdline and b"resource_tracker" not in cmdline:
            found.append(int(child))
    return found


def _folder_of_stories(root: Path, n: int) -> Path:
    src = root / "in"
    src.mkdir()
    body = "The the fire spread across the hills, officials said on Monday. " * 30
    for i in range(n):
        (src / f"s{i:04d}.txt").write_text(f"Story {i}. {body}", encoding="utf-8")
    return src


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
def test_a_killed_batch_takes_its_workers_with_it(tmp_path):
    """Before: kill -9 of a --jobs 2 batch left both workers idle forever (found as
    orphans after the suite's kill tests), each holding its Restorer."""
    import signal
    import time

    src = _folder_of_stories(tmp_path, 400)
    proc = subprocess.Popen(
        [sys.executable, "-m", "restore", "batch", str(src), "--out", str(tmp_path / "out"), "--no-model", "--jobs", "2", "--quiet"],
        cwd=ROOT, env=dict(os.environ, OMP_WAIT_POLICY="PASSIVE"), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    workers: list[int] = []
    try:
        deadline = time.monotonic() + 120
        while len(workers) < 2 and time.monotonic() < deadline and proc.poll() is None:
            workers = _workers_of(proc.pid)
            time.sleep(0.05)
        assert len(workers) == 2, "the batch finished before its workers were seen"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    deadline = time.monotonic() + 30
    alive = workers
    while alive and time.monotonic() < deadline:
        alive = [pid for pid in workers if Path(f"/proc/{pid}").exists() and b"zombie" not in _state(pid)]
        time.sleep(0.2)
    for pid in alive:  # do not leave them behind even when the test fails
        os.kill(pid, signal.SIGKILL)
    assert alive == []


def _state(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/status").read_bytes()
    except OSError:
        return b"zombie"


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
def test_a_killed_worker_never_hangs_the_batch(tmp_path):
    """Before: with --jobs 2, kill -9 of one worker made the batch wait forever."""
    import signal
    import time

    n = 600
    src = _folder_of_stories(tmp_path, n)
    out = tmp_path / "out"
    env = dict(os.environ, OMP_WAIT_POLICY="PASSIVE")
    proc = subprocess.Popen(
        [sys.executable, "-m", "restore", "batch", str(src), "--out", str(out), "--no-model", "--jobs", "2", "--quiet"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        killed = None
        deadline = time.monotonic() + 120
        while killed is None and time.monotonic() < deadline and proc.poll() is None:
            manifest = out / "manifest.txt"
            workers = _workers_of(proc.pid)
            if len(workers) == 2 and manifest.exists() and manifest.stat().st_size > 0:
                killed = workers[0]
                os.kill(killed, signal.SIGKILL)
            time.sleep(0.05)
        assert killed is not None, "the batch finished before a worker could be killed"
        _, stderr = proc.communicate(timeout=300)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode in (0, 1), stderr
    done = [json.loads(line) for line in (out / "manifest.txt").read_text().splitlines()]
    errors = [json.loads(line) for line in (out / "errors.jsonl").read_text().splitlines()]
    assert len(done) == len(set(done))  # nothing twice
    assert sorted(done + [e["id"] for e in errors]) == [f"s{i:04d}" for i in range(n)]  # nothing lost
    assert all(e["error"].startswith("E025") for e in errors)
    lines = (out / "suggestions.jsonl").read_text().splitlines()
    assert [json.loads(line)["id"] for line in lines] == done


def test_a_second_batch_into_the_same_folder_is_refused(tmp_path):
    """Before: both ran and wrote every document twice."""
    from restore.batch import LOCK, BatchLocked, run_batch
    from restore.config import RestorerConfig

    src = _folder_of_stories(tmp_path, 3)
    out = tmp_path / "out"
    out.mkdir()
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import fcntl, sys, time
            f = open({str(out / LOCK)!r}, "a+")
            fcntl.flock(f.fileno(), fcntl.LOCK_EX)
            f.write("pid 4242 on newsdesk, since 09:00\\n"); f.flush()
            print("locked", flush=True)
            sys.stdin.read()
        """)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        done = cli("batch", "--no-model", "--quiet", str(src), "--out", str(out))
        assert done.returncode == 2
        (message,) = done.stderr.strip().splitlines()
        assert "E024" in message and "pid 4242 on newsdesk" in message
        with pytest.raises(BatchLocked):
            run_batch([src], out, config=RestorerConfig.build(model=None), progress=False)
        assert not (out / "manifest.txt").exists() or not (out / "manifest.txt").read_text()
    finally:
        holder.communicate("", timeout=30)
    report = run_batch([src], out, config=RestorerConfig.build(model=None), progress=False)
    assert report.done == 3  # the lock went with its holder


def test_temp_files_have_unique_names(tmp_path):
    from restore.batch import _temp_beside

    target = tmp_path / "a.txt"
    names = {_temp_beside(target) for _ in range(50)}
    assert len(names) == 50 and all(p.parent == tmp_path and p.name.startswith(".a.txt.") for p in names)


# -- the model's memory: bounded groups of chunks ---------------------------------------------


def test_batched_passes_get_bounded_groups_of_chunks():
    """Before: every chunk of a document went to the model at once (1.3 GB at 1 MB)."""
    from restore.context import Context
    from restore.pipeline import BATCHED_CHARS, CHUNK_CHARS, _groups, chunk_spans

    text = ("A line of wire copy about the talks that went on today.\n" * 40_000)
    ctx = Context.for_text("x")
    chunks = [(0, s, text[s:e], ctx) for s, e in chunk_spans(text)]
    groups = list(_groups(chunks, BATCHED_CHARS))
    assert [k for g in groups for k in g] == list(range(len(chunks)))  # all, in order, once
    assert len(groups) > 1
    assert all(sum(len(chunks[k][2]) for k in g) <= max(BATCHED_CHARS, CHUNK_CHARS + 100) for g in groups)
