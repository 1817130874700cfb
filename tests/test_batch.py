"""Batch runs: mixed inputs, bad documents reported and skipped, resume after a kill,
worker processes with deterministic output, the review queue and ``restore_records``."""

from __future__ import annotations

import io
import json
import os
import shutil
import signal
import subprocess
import sys
import tarfile
import time
import zipfile
from pathlib import Path

import pytest

from restore import Restorer
from restore.batch import restore_records, run_batch, safe_name
from restore.config import RestorerConfig

RULES = RestorerConfig.build(model=None)

ROOT = Path(__file__).resolve().parent.parent
DUP = "The the fire spread.\n"
POSS = "Fighting continued in Azerbaijanthe Nagorny Karabakh region.\n"
CLEAN = "Officials said the talks would resume on Monday.\n"


def cli(*args: str, timeout: int = 300) -> subprocess.CompletedProcess:
    env = dict(os.environ, OMP_WAIT_POLICY="PASSIVE")
    return subprocess.run(
        [sys.executable, "-m", "restore", *args], capture_output=True, cwd=ROOT, env=env, timeout=timeout
    )


def jsonl(records) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


@pytest.fixture()
def inputs(tmp_path: Path) -> Path:
    """A folder of everything batch reads, plus two bad documents."""
    src = tmp_path / "in"
    (src / "desk").mkdir(parents=True)
    (src / "a.txt").write_text(DUP, encoding="utf-8")
    (src / "desk" / "b.txt").write_text(POSS, encoding="utf-8")
    (src / "win.txt").write_bytes("The the rebels’ chief spoke.\n".encode("cp1252"))
    (src / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")  # binary in disguise
    (src / "notes.md").write_text("not read: only .txt, .jsonl and archives", encoding="utf-8")
    (src / "wire.jsonl").write_text(
        jsonl([{"id": "w1", "text": DUP}, {"id": "w2", "text": CLEAN}])
        + "{broken json\n"
        + jsonl([{"id": "w3", "text": POSS}]),
        encoding="utf-8",
    )
    with zipfile.ZipFile(src / "pack.zip", "w") as zf:
        zf.writestr("z1.txt", CLEAN + DUP)
        zf.writestr("inner/feed.jsonl", jsonl([{"id": "zj", "text": POSS}]))
        zf.writestr("image.png", b"\x89PNG not copy")
    buffer = io.BytesIO(POSS.encode())
    with tarfile.open(src / "pack.tar.gz", "w:gz") as tf:
        info = tarfile.TarInfo("t1.txt")
        info.size = len(buffer.getvalue())
        tf.addfile(info, buffer)
    return src


EXPECTED_IDS = ["a", "desk/b", "pack/z1", "zj", "pack/t1", "win", "w1", "w2", "w3"]


def read_out(out: Path) -> dict[str, bytes]:
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file()
    }


def test_batch_restores_everything_readable_and_reports_the_rest(inputs, tmp_path):
    out = tmp_path / "out"
    result = cli("batch", str(inputs), "--out", str(out), "--no-model")
    err = result.stderr.decode()
    assert result.returncode == 1, err  # finished, with bad documents reported
    assert "Traceback" not in err

    records = [json.loads(line) for line in (out / "suggestions.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sorted(r["id"] for r in records) == sorted(EXPECTED_IDS)
    api = Restorer(model=None)
    for r in records:
        expected = api.restore(r["original"])
        assert r["text"] == expected.text
        assert len(r["suggestions"]) == len(expected.suggestions)
        assert (out / r["file"]).read_text(encoding="utf-8") == r["text"]
        assert set(r) >= {"id", "source", "text", "suggestions", "warnings", "original"}
    by_id = {r["id"]: r for r in records}
    assert by_id["a"]["text"] == "The fire spread.\n"
    assert by_id["w3"]["source"].endswith("wire.jsonl:4")
    assert by_id["zj"]["source"].endswith("pack.zip!inner/feed.jsonl:1")
    assert by_id["win"]["original"] == "The the rebels’ chief spoke.\n"
    assert by_id["win"]["warnings"] and by_id["win"]["warnings"][0].startswith("E010")
    assert "E010" in err

    errors = [json.loads(line) for line in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(errors) == 2
    binary = next(e for e in errors if "E009" in e["error"])
    assert binary["source"].endswith("photo.txt") and "photo.txt" in binary["error"]
    malformed = next(e for e in errors if "E011" in e["error"])
    assert malformed["source"].endswith("wire.jsonl:3") and "line 3" in malformed["error"]
    assert "photo.txt" in err and "line 3" in err
    assert "9 restored, 0 already done, 2 failed" in err


def test_second_run_skips_finished_documents_and_changes_nothing(inputs, tmp_path):
    out = tmp_path / "out"
    first = cli("batch", str(inputs), "--out", str(out), "--no-model", "--quiet")
    assert first.returncode == 1
    before = read_out(out)
    second = cli("batch", str(inputs), "--out", str(out), "--no-model", "--quiet")
    assert "0 restored, 9 already done, 2 failed" in second.stderr.decode()
    assert read_out(out) == before


def test_resume_after_a_kill_mid_write_completes_identically(inputs, tmp_path):
    """The state a SIGKILL can leave: manifest behind, a half-written suggestions line."""
    full = tmp_path / "full"
    assert run_batch([inputs], full, config=RULES, progress=False).done == 9
    crashed = tmp_path / "crashed"
    shutil.copytree(full, crashed)
    manifest = (crashed / "manifest.txt").read_text(encoding="utf-8").splitlines(keepends=True)
    (crashed / "manifest.txt").write_text("".join(manifest[:3]) + manifest[3][:2], encoding="utf-8")
    lines = (crashed / "suggestions.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    (crashed / "suggestions.jsonl").write_text("".join(lines[:4]) + lines[4][:30], encoding="utf-8")
    for name in list((crashed / "restored").iterdir())[:5]:
        name.unlink()
    report = run_batch([inputs], crashed, config=RULES, progress=False)
    assert (report.done, report.skipped) == (6, 3)
    assert read_out(crashed) == read_out(full)


@pytest.mark.slow
def test_resume_after_a_real_kill(tmp_path):
    texts = [f"Report {i}: the the council met on Monday in Azerbaijanthe capital.\n" * 10 for i in range(800)]
    source = tmp_path / "many.jsonl"
    source.write_text(jsonl({"id": f"doc{i:04d}", "text": t} for i, t in enumerate(texts)), encoding="utf-8")
    out = tmp_path / "out"
    env = dict(os.environ, OMP_WAIT_POLICY="PASSIVE")
    proc = subprocess.Popen(
        [sys.executable, "-m", "restore", "batch", str(source), "--out", str(out), "--no-model", "--quiet"],
        cwd=ROOT,
        env=env,
        stderr=subprocess.DEVNULL,
    )
    manifest = out / "manifest.txt"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if manifest.exists() and manifest.stat().st_size > 200:
            break
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    finished = len(manifest.read_text(encoding="utf-8").splitlines())
    assert 0 < finished < 800  # killed mid-run, after some documents were finished
    again = cli("batch", str(source), "--out", str(out), "--no-model", "--quiet", timeout=600)
    assert again.returncode == 0, again.stderr.decode()[-2000:]
    assert "already done" in again.stderr.decode()
    fresh = tmp_path / "fresh"
    assert run_batch([source], fresh, config=RULES, progress=False).done == 800
    assert read_out(out) == read_out(fresh)


def test_jobs_give_the_same_output_in_the_same_order(inputs, tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    run_batch([inputs], one, config=RULES, progress=False, batch_size=2)
    result = cli("batch", str(inputs), "--out", str(two), "--no-model", "--quiet", "--jobs", "2")
    assert result.returncode == 1, result.stderr.decode()
    assert read_out(two) == read_out(one)


def test_jobs_default_to_one_per_core_and_reject_nonsense(inputs, tmp_path):
    from restore.batch import auto_jobs

    assert auto_jobs() == max(1, min(4, os.cpu_count() or 1))
    bad = cli("batch", str(inputs), "--out", str(tmp_path / "x"), "--no-model", "--jobs", "0")
    assert bad.returncode == 2 and "--jobs" in bad.stderr.decode()
    auto = cli("batch", str(inputs), "--out", str(tmp_path / "y"), "--no-model", "--quiet", "--jobs", "auto")
    assert auto.returncode == 1, auto.stderr.decode()


def test_too_large_document_is_reported_and_the_rest_goes_on(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "big.txt").write_text("x" * 500, encoding="utf-8")
    (src / "small.txt").write_text(DUP, encoding="utf-8")
    (src / "feed.jsonl").write_text(jsonl([{"id": "huge", "text": "y" * 500}, {"id": "ok", "text": DUP}]))
    report = run_batch([src], tmp_path / "out", config=RestorerConfig.build(model=None, max_chars=100), progress=False)
    assert report.done == 2
    assert sorted(e["source"].rsplit("/", 1)[-1] for e in report.errors) == ["big.txt", "feed.jsonl:1"]
    assert all("E008" in e["error"] for e in report.errors)


def test_output_file_names_are_safe_and_distinct(tmp_path):
    ids = ["../../escape", "a/b", "a_b", "con", "Ünïcode id", "x" * 300]
    src = tmp_path / "odd.jsonl"
    src.write_text(jsonl({"id": i, "text": CLEAN} for i in ids), encoding="utf-8")
    out = tmp_path / "out"
    run_batch([src], out, config=RULES, progress=False)
    files = sorted(p.name for p in (out / "restored").iterdir())
    assert len(files) == len(ids)
    assert all(p.parent == out / "restored" for p in (out / "restored").iterdir())
    assert not (tmp_path / "escape.txt").exists()
    assert len({safe_name(i) for i in ids}) == len(ids)


def test_review_flag_queues_every_document(inputs, tmp_path):
    from restore.review import ReviewStore

    db = tmp_path / "review.sqlite3"
    result = cli("batch", str(inputs), "--out", str(tmp_path / "out"), "--no-model", "--quiet", "--review", "--db", str(db))
    assert result.returncode == 1, result.stderr.decode()
    with ReviewStore(db) as store:
        item = store.get("a")
        assert item.restoration.original == DUP
        assert item.source.endswith("a.txt")
        assert item.text == "The fire spread.\n"
        assert len(store.pending(limit=100)) == 9
    listed = cli("review", "list", "--db", str(db))  # the CLI hands `review` to restore.review
    assert listed.returncode == 0, listed.stderr.decode()
    assert "desk/b" in listed.stdout.decode("utf-8")


def test_restore_records_is_a_lazy_ordered_generator():
    restorer = Restorer(model=None)
    pulled = []

    def records():
        for i in range(50):
            pulled.append(i)
            yield {"id": f"r{i}", "text": DUP if i % 2 else CLEAN}
        yield {"id": "bad", "text": 42}
        yield {"id": "nul", "text": "a\x00b"}
        yield {"text": CLEAN}
        yield ["not", "a", "dict"]
        yield {"id": "last", "text": DUP}

    results = restore_records(records(), restorer=restorer, batch_size=8)
    first = next(results)
    assert first["id"] == "r0" and first["text"] == CLEAN
    assert len(pulled) <= 8
    rest = list(results)
    assert [r["id"] for r in rest[:49]] == [f"r{i}" for i in range(1, 50)]
    assert rest[0]["text"] == "The fire spread.\n"
    assert "E011" in rest[49]["error"] and "E015" in rest[50]["error"]
    assert "'id' is missing" in rest[51]["error"] and "E011" in rest[52]["error"]
    assert rest[53]["id"] == "last" and rest[53]["text"] == "The fire spread.\n"


def test_restore_records_builds_its_own_restorer_per_process():
    # what a Spark executor calls: only the records, no restorer
    (result,) = restore_records([{"id": "x", "text": CLEAN, "source": "s3://bucket/x"}])
    assert result["source"] == "s3://bucket/x" and result["text"] == CLEAN


def test_output_folder_inside_the_input_folder_is_not_read_back(tmp_path):
    (tmp_path / "a.txt").write_text(DUP, encoding="utf-8")
    out = tmp_path / "out"
    first = run_batch([tmp_path], out, config=RULES, progress=False)
    second = run_batch([tmp_path], out, config=RULES, progress=False)
    assert (first.done, second.done, second.skipped) == (1, 0, 1)
    assert [p.name for p in (out / "restored").iterdir()] == ["a.txt"]


def test_docx_files_are_read_as_their_body_text(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("The the fire spread.")
    document.add_paragraph("Officials said the talks would resume.")
    document.save(tmp_path / "story.docx")
    (tmp_path / "fake.docx").write_bytes(b"not a zip at all")
    report = run_batch([tmp_path], tmp_path / "out", config=RULES, progress=False)
    assert report.done == 1
    assert [e["source"].rsplit("/", 1)[-1] for e in report.errors] == ["fake.docx"]
    assert "E009" in report.errors[0]["error"]
    text = (tmp_path / "out" / "restored" / "story.txt").read_text(encoding="utf-8")
    assert text == "The fire spread.\nOfficials said the talks would resume."


def test_broken_archives_are_reported_and_the_batch_goes_on(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tf:
        for i in range(30):
            data = (f"Story {i}. " * 2000).encode()
            info = tarfile.TarInfo(f"s{i:02d}.txt")
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
    (src / "cut.tar.gz").write_bytes(buffer.getvalue()[: len(buffer.getvalue()) // 2])
    (src / "junk.zip").write_bytes(b"PK\x03\x04 this is no zip")
    (src / "fine.txt").write_text(DUP, encoding="utf-8")
    report = run_batch([src], tmp_path / "out", config=RULES, progress=False)
    sources = sorted(e["source"].rsplit("/", 1)[-1] for e in report.errors)
    assert sources == ["cut.tar.gz", "junk.zip"]
    assert all(e["error"].startswith("E009") for e in report.errors)
    assert report.done >= 2  # fine.txt and the members before the cut
    assert (tmp_path / "out" / "restored" / "fine.txt").read_text(encoding="utf-8") == "The fire spread.\n"


def test_resume_does_not_even_read_finished_files(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(DUP, encoding="utf-8")
    out = tmp_path / "out"
    assert run_batch([src], out, config=RULES, progress=False).done == 1
    (src / "a.txt").write_bytes(b"%PDF now unreadable")  # would be an E009 if it were read
    (src / "b.txt").write_text(POSS, encoding="utf-8")
    report = run_batch([src], out, config=RULES, progress=False)
    assert (report.done, report.skipped, report.failed) == (1, 1, 0)
    assert (out / "restored" / "a.txt").read_text(encoding="utf-8") == "The fire spread.\n"


_RULES = Restorer(model=None)


@pytest.mark.filterwarnings("ignore")
def test_restore_records_never_loses_the_original():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from restore import Restoration

    alphabet = st.sampled_from(list("ab ’'\".,\n-") + ["the ", "The the ", "Azerbaijanthe ", "[ad_1]", "â€™"])

    @settings(max_examples=60, deadline=None)
    @given(st.lists(st.lists(alphabet, max_size=20).map("".join), min_size=1, max_size=5))
    def check(texts):
        records = [{"id": str(i), "text": t} for i, t in enumerate(texts)]
        results = list(restore_records(records, restorer=_RULES, batch_size=2))
        assert [r["id"] for r in results] == [r["id"] for r in records]
        for record, result in zip(records, results):
            restoration = Restoration.from_dict(result)
            assert restoration.apply([]) == record["text"]
            assert result["text"] == restoration.text
            for s in restoration.suggestions:
                assert record["text"][s.start : s.end] == s.original

    check()
