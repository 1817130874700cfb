"""``restore batch --engine ray``: a real local Ray cluster restores, and every output file
is byte for byte what the local batch writes (samples, a few hundred corpus paragraphs,
bad documents, a run killed half way and resumed). Under CI (``CI=1``) a missing Ray
fails these tests instead of skipping them."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from restore.batch import run_batch
from restore.config import RestorerConfig

RULES = RestorerConfig.build(model=None)
ROOT = Path(__file__).resolve().parent.parent
PARAGRAPHS = 300


def _ray():
    try:
        import ray
        import ray.data  # noqa: F401
    except ImportError as exc:
        if os.environ.get("CI"):
            pytest.fail(f"CI needs Ray for the Ray engine tests: pip install -e '.[ray]' ({exc})")
        pytest.skip(f"Ray is not installed ({exc}): pip install -e '.[ray]'")
    return ray


@pytest.fixture(scope="module")
def cluster():
    """A real two-CPU Ray cluster owned by this process; its GCS address lets CLI runs in
    other processes join it. Shut down (its processes with it) after the module."""
    ray = _ray()
    if ray.is_initialized():
        ray.shutdown()
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        yield ray.get_runtime_context().gcs_address
    finally:
        ray.shutdown()


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> Path:
    """The samples, a few hundred corpus paragraphs as JSONL, a damaged story, a binary
    file in disguise and a JSONL file with a broken line."""
    src = tmp_path_factory.mktemp("ray-in")
    (src / "samples").mkdir()
    for sample in sorted((ROOT / "samples").glob("*.txt")):
        shutil.copy(sample, src / "samples" / sample.name)
    from restore.lab.corpus import find_corpus, heldout_paragraphs

    corpus = find_corpus()
    if corpus is not None:
        paragraphs = heldout_paragraphs(corpus)[:PARAGRAPHS]
        lines = [json.dumps({"id": f"p{i:04d}", "text": p}, ensure_ascii=False) for i, p in enumerate(paragraphs)]
        (src / "corpus.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (src / "agency").mkdir()  # NITF and NewsML-G2 stories: written back as XML by the driver
    for story in sorted((ROOT / "tests" / "data" / "agency").glob("*.xml")):
        shutil.copy(story, src / "agency" / story.name)
    (src / "a.txt").write_text("The the fire spread in Azerbaijanthe region .\n", encoding="utf-8")
    (src / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (src / "wire.jsonl").write_text(
        '{"id": "w1", "text": "Talks resume on on Monday."}\n{broken json\n{"id": "w2", "text": "Clean copy."}\n',
        encoding="utf-8",
    )
    return src


def read_out(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def local(inputs, tmp_path_factory) -> dict[str, bytes]:
    """What the local batch writes, rules only."""
    out = tmp_path_factory.mktemp("local-out")
    report = run_batch([inputs], out, config=RULES, jobs=1, progress=False)
    assert report.failed == 2 and report.done >= 5
    return read_out(out)


def test_ray_outputs_equal_the_local_batch_byte_for_byte(cluster, inputs, local, tmp_path):
    out = tmp_path / "ray"
    report = run_batch([inputs], out, config=RULES, jobs=2, progress=False, engine="ray")
    got = read_out(out)
    assert sorted(got) == sorted(local)
    for name in local:
        assert got[name] == local[name], name
    errors = [json.loads(line) for line in got["errors.jsonl"].splitlines()]
    assert [e["error"][:4] for e in errors] == ["E009", "E011"]
    assert any(name.endswith(".xml") for name in got)  # the agency stories, as XML
    assert report.failed == 2
    paragraphs = [name for name in got if name.startswith("restored/p")]
    assert len(paragraphs) in (0, PARAGRAPHS)  # 0: no corpus here (../shared), samples only


def test_review_queue_gets_every_document_as_locally(cluster, inputs, local, tmp_path):
    from restore.review import ReviewStore

    report = run_batch([inputs], tmp_path / "ray", config=RULES, jobs=2, progress=False, engine="ray",
                       review_db=tmp_path / "review.sqlite3")
    suggestions = [json.loads(line) for line in local["suggestions.jsonl"].splitlines()]
    with ReviewStore(tmp_path / "review.sqlite3") as store:
        pending = store.pending(limit=len(suggestions) + 10)
        assert len(pending) == report.done == len(suggestions)
        for record in (suggestions[0], suggestions[-1]):
            item = store.get(record["id"])
            assert item.text == record["text"] and item.source == record["source"]


def test_a_run_cut_mid_write_resumes_to_the_same_outputs(cluster, inputs, local, tmp_path):
    """As a kill leaves it: the manifest cut after some ids, a partial suggestions line
    and a restored file the manifest does not list yet."""
    out = tmp_path / "ray"
    out.mkdir()
    (out / "restored").mkdir()
    ids = local["manifest.txt"].splitlines(keepends=True)
    lines = local["suggestions.jsonl"].splitlines(keepends=True)
    keep = len(ids) // 3
    (out / "manifest.txt").write_bytes(b"".join(ids[:keep]))
    (out / "suggestions.jsonl").write_bytes(b"".join(lines[: keep + 1]) + lines[keep + 1][:40])
    for line in lines[: keep + 1]:
        name = json.loads(line)["file"]
        (out / name).write_bytes(local[name])
    report = run_batch([inputs], out, config=RULES, jobs=2, progress=False, engine="ray")
    assert report.skipped == keep
    assert read_out(out) == local


def cli(*args: str, **kwargs) -> subprocess.Popen | subprocess.CompletedProcess:
    env = dict(os.environ, OMP_WAIT_POLICY="PASSIVE", PYTHONPATH=str(ROOT))
    command = [sys.executable, "-m", "restore", *args]
    if kwargs.pop("background", False):
        return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, timeout=kwargs.get("timeout", 300))


def test_cli_killed_half_way_resumes_on_the_cluster_with_nothing_doubled(cluster, inputs, local, tmp_path):
    """``restore batch --engine ray --address`` joins the running cluster; killed with
    SIGKILL after some documents, a second run finishes the rest."""
    out = tmp_path / "ray"
    total = len(local["manifest.txt"].splitlines())
    run = cli("batch", str(inputs), "--out", str(out), "--no-model", "--jobs", "2", "--quiet",
              "--engine", "ray", "--address", cluster, background=True)
    manifest = out / "manifest.txt"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and run.poll() is None:
        if manifest.exists() and len(manifest.read_bytes().splitlines()) >= 3:
            break
        time.sleep(0.02)
    run.send_signal(signal.SIGKILL)
    run.wait(timeout=30)
    run.stderr.close()
    finished = len(manifest.read_bytes().splitlines())
    assert 3 <= finished < total, "the run must be killed part way"
    again = cli("batch", str(inputs), "--out", str(out), "--no-model", "--jobs", "2", "--quiet",
                "--engine", "ray", "--address", cluster)
    assert again.returncode == 1, again.stderr.decode()  # two bad documents
    assert f"{finished} already done" in again.stderr.decode()
    assert read_out(out) == local


def test_an_unreachable_or_client_address_is_one_coded_line_and_no_hang(tmp_path):
    _ray()
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    started = time.monotonic()
    result = cli("batch", str(ROOT / "samples"), "--out", str(tmp_path / "o"), "--no-model", "--quiet",
                 "--engine", "ray", "--address", f"127.0.0.1:{port}", timeout=60)
    err = result.stderr.decode().strip()
    assert result.returncode == 2
    assert err.startswith("restore: E141") and len(err.splitlines()) == 1, err
    assert time.monotonic() - started < 30
    assert not (tmp_path / "o" / "manifest.txt").exists()
    client = cli("batch", str(ROOT / "samples"), "--out", str(tmp_path / "o"), "--no-model", "--quiet",
                 "--engine", "ray", "--address", "ray://127.0.0.1:10001", timeout=60)
    assert client.returncode == 2 and client.stderr.decode().startswith("restore: E143"), client.stderr


def test_without_ray_the_engine_is_a_coded_error_and_local_never_imports_it(tmp_path):
    """Ray blocked from import: ``--engine ray`` says which extra to install; the local
    batch runs and never imports Ray."""
    block = "import sys; sys.modules['ray'] = None; from restore.cli import main; "
    env = dict(os.environ, OMP_WAIT_POLICY="PASSIVE", PYTHONPATH=str(ROOT))
    args = f"['batch', {str(ROOT / 'samples')!r}, '--no-model', '--quiet', '--out', "
    missing = subprocess.run(
        [sys.executable, "-c", block + f"raise SystemExit(main({args}{str(tmp_path / 'r')!r}, '--engine', 'ray']))"],
        capture_output=True, env=env, cwd=ROOT, timeout=120,
    )
    assert missing.returncode == 2
    err = missing.stderr.decode()
    assert err.startswith("restore: E140") and "restore[ray]" in err, err
    local = subprocess.run(
        [sys.executable, "-c", block.replace("sys.modules['ray'] = None; ", "")
         + f"code = main({args}{str(tmp_path / 'l')!r}, '--jobs', '1']); "
         "assert 'ray' not in sys.modules, 'the local batch imported ray'; raise SystemExit(code)"],
        capture_output=True, env=env, cwd=ROOT, timeout=120,
    )
    assert local.returncode == 0, local.stderr.decode()


def test_address_needs_the_ray_engine(tmp_path):
    result = cli("batch", str(ROOT / "samples"), "--out", str(tmp_path / "o"), "--address", "auto", timeout=60)
    assert result.returncode == 2
    assert "--address only makes sense with --engine ray" in result.stderr.decode()


@pytest.mark.slow
def test_with_the_model_ray_equals_local_on_samples(cluster, tmp_path):
    """The shipped model (and the critic) on the samples: one actor, one CPU, against two
    local workers of one thread each."""
    config = RestorerConfig.build(critic=True)
    src = tmp_path / "in"
    src.mkdir()
    for sample in sorted((ROOT / "samples").glob("*.txt"))[:2]:
        shutil.copy(sample, src / sample.name)
    run_batch([src], tmp_path / "local", config=config, jobs=2, progress=False)
    run_batch([src], tmp_path / "ray", config=config, jobs=1, progress=False, engine="ray")
    local, got = read_out(tmp_path / "local"), read_out(tmp_path / "ray")
    assert len(local["manifest.txt"].splitlines()) == 2
    assert got == local
