"""Batch restoration: files, folders and archives in; restored texts and JSONL out.

``run_batch`` reads whatever ``restore.formats`` reads (plain text, JSONL records, .docx,
``.zip`` / ``.tar.gz`` archives of those, and folders of them, walked recursively),
streaming so an archive is never loaded whole. For each document it writes
``OUT/restored/<safe id>.txt`` (``.xml`` for a NITF or NewsML-G2 story: the file itself,
its text repaired), one line of ``OUT/suggestions.jsonl`` and then the id in
``OUT/manifest.txt``, flushed to disk before the next document, so a killed run loses
nothing it finished: a re-run skips every id in the manifest. One bad document (binary,
undecodable, malformed JSON line, too large) is reported on stderr and in
``OUT/errors.jsonl`` and skipped; it never stops the batch.

Many machines: ``engine="ray"`` (``restore batch --engine ray [--address ADDR]``, the
``restore[ray]`` extra) restores on Ray Data actors, one Restorer each, while this process
still reads the inputs and writes every output above in the same order, byte for byte as
locally (``restore.batch_ray``). Ray is imported only then; restore runs without it.

``restore_records`` is a pure generator from records to result records, so it is also the
partition function of another engine you already run, with one Restorer per worker
process (built on first use)::

    # Spark
    rdd.mapPartitions(restore_records)
    # Dask
    bag.map_partitions(lambda part: list(restore_records(part)))

``--jobs N`` is N worker processes locally, N actors on Ray.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import sys
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from itertools import islice
from pathlib import Path
from typing import Any

from .config import MAX_BYTES, RestorerConfig
from .errors import Errors, RestoreError
from .formats import BadDocument, Document, iter_documents, safe_name
from .pipeline import Restorer
from .suggestion import Restoration

__all__ = [
    "ENGINES", "BatchLocked", "BatchReport", "auto_jobs", "document_record", "iter_documents", "restore_records",
    "restore_stream", "run_batch", "safe_name",
]

SUGGESTIONS = "suggestions.jsonl"
ERRORS = "errors.jsonl"
MANIFEST = "manifest.txt"
RESTORED = "restored"
ENGINES = ("local", "ray")


# -- restoring ----------------------------------------------------------------------------

_worker_restorer: Restorer | None = None


def _restorer() -> Restorer:
    """This process's Restorer, built on first use (the model loads once per worker)."""
    global _worker_restorer
    if _worker_restorer is None:
        _worker_restorer = Restorer()
    return _worker_restorer


def _result(record: dict[str, Any], restoration: Any) -> dict[str, Any]:
    warnings = tuple(record.get("warnings", ())) + tuple(restoration.warnings)
    restoration = replace(restoration, warnings=warnings)
    return {"id": record["id"], "source": record.get("source", ""), **restoration.to_dict()}


def restore_records(
    records: Iterable[dict[str, Any]], *, restorer: Restorer | None = None, batch_size: int = 16
) -> Iterator[dict[str, Any]]:
    """Restore ``{"id", "text"[, "source", "warnings"]}`` records, yielding one result per
    record, in order: ``{"id", "source", "original", "text", "threshold", "suggestions",
    "warnings"}``, or ``{"id", "source", "error"}`` for a record that cannot be restored.

    A pure generator over any iterable, so it is the partition function for Spark
    ``mapPartitions``, Dask ``map_partitions`` or Ray ``map_batches`` (see the module
    docstring). Without ``restorer`` each process builds one default Restorer, once.
    Records are restored ``batch_size`` at a time so the model can batch its windows.
    """
    engine = restorer or _restorer()
    iterator = iter(records)
    while True:
        group = list(islice(iterator, batch_size))
        if not group:
            return
        problems = [_record_problem(r) for r in group]
        good = [r for r, problem in zip(group, problems) if problem is None]
        try:
            restored = iter(engine.restore_batch([r["text"] for r in good], progress=False, batch_size=len(group)))
            results = [next(restored) if p is None else None for p in problems]
        except Exception:  # noqa: BLE001 - one bad text fails its group: redo one at a time
            results = [None] * len(group)
        for record, problem, restoration in zip(group, problems, results):
            if problem is not None:
                yield _head(record) | {"error": problem}
            elif restoration is not None:
                yield _result(record, restoration)
            else:
                yield _restore_one(engine, record)


def _head(record: Any) -> dict[str, Any]:
    if not isinstance(record, dict):
        return {"id": None, "source": ""}
    return {"id": record.get("id"), "source": record.get("source", "")}


def _record_problem(record: Any) -> str | None:
    """Why ``record`` is not a restorable ``{"id": str, "text": str}``, or None."""
    if not isinstance(record, dict):
        return Errors.E011.format(path="record", line="?", why=f"found a {type(record).__name__}")
    problems = [
        f"{key!r} is missing" if key not in record else f"{key!r} is {type(record[key]).__name__}"
        for key in ("id", "text")
        if not isinstance(record.get(key), str)
    ]
    if not problems:
        return None
    return Errors.E011.format(path=record.get("source") or "record", line="?", why=", ".join(problems))


def _restore_one(engine: Restorer, record: dict[str, Any]) -> dict[str, Any]:
    """One record, with any failure turned into an error result (one bad document must
    never stop a batch)."""
    try:
        return _result(record, engine.restore(record["text"]))
    except RestoreError as exc:
        return _head(record) | {"error": str(exc)}
    except Exception as exc:  # noqa: BLE001 - a pass or model bug: report, keep going
        where = record.get("source") or record.get("id")
        return _head(record) | {"error": f"{where}: internal error: {type(exc).__name__}: {exc}"}


PARENT_CHECK_S = 1.0
"""How often a worker looks whether its batch is still alive."""


def _exit_with_parent(parent: int) -> None:
    """End this worker when the batch ``parent`` that started it is gone: a batch killed
    with ``kill -9`` (or by the out-of-memory killer) cannot stop its pool, and its workers
    would sit idle forever, each holding a model. Polling the parent id works wherever
    Python runs; the worker is reparented the moment its batch dies (which may be before
    this worker has even started: the batch's id is passed in, not read here)."""
    import threading
    import time

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_S)
        os._exit(1)

    threading.Thread(target=watch, name="restore-exit-with-batch", daemon=True).start()


def _worker_init(config: RestorerConfig, threads: int = 0, parent: int | None = None) -> None:
    global _worker_restorer
    if parent is not None:
        _exit_with_parent(parent)
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    if threads:  # share the cores between workers instead of each grabbing all of them
        from .model.infer import THREADS_ENV

        os.environ[THREADS_ENV] = str(threads)
    _worker_restorer = Restorer(config=config)


def _worker_run(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return list(restore_records(records, restorer=_restorer()))


def document_record(doc: Document) -> dict[str, Any]:
    """The record ``restore_records`` takes for ``doc`` (what every engine sends its workers)."""
    return {"id": doc.id, "text": doc.text, "source": doc.source, "warnings": list(doc.warnings)}


def auto_jobs() -> int:
    """One worker per core, at most 4: each worker holds its own model (~0.7 GB) and
    two workers on 2 cores beat one process's two threads (1,167 vs 758 words/s)."""
    return max(1, min(4, os.cpu_count() or 1))


def restore_stream(
    docs: Iterator[Document], config: RestorerConfig, jobs: int, batch_size: int
) -> Iterator[dict[str, Any]]:
    """Results in input order, restored on this machine (``restore.batch_ray.ray_stream``
    is the same on Ray). With ``jobs > 1``, groups of documents go to worker
    processes (each with its own Restorer) and at most ``4 * jobs`` groups are in flight,
    so a huge input never piles up in memory. A worker that dies (the OOM killer, a
    ``kill -9``) never hangs the batch: see ``_Workers``."""
    records = (document_record(d) for d in docs)
    if jobs <= 1:
        yield from restore_records(records, restorer=Restorer(config=config), batch_size=batch_size)
        return
    workers = _Workers(config, jobs)
    finished = False
    try:
        pending: deque[tuple[list[dict[str, Any]], Any]] = deque()
        while True:
            group = list(islice(records, batch_size))
            if group:
                pending.append((group, workers.submit(group)))
            while pending and (len(pending) >= 4 * jobs or not group):
                head, future = pending.popleft()
                try:
                    yield from future.result()
                except BrokenProcessPool:
                    # a worker died: every group in flight is lost; redo them one at a
                    # time in a fresh pool, so a group that kills its worker again is
                    # known for sure and reported, and the others are restored
                    suspects = [head] + [g for g, _ in pending]
                    pending.clear()
                    for suspect in suspects:
                        yield from workers.probation(suspect)
            if not group:
                finished = True
                return
    finally:
        workers.close(wait=finished)  # interrupted: do not wait for groups nobody will read


class _Workers:
    """The worker pool of a batch, rebuilt when a worker dies.

    ``concurrent.futures`` notices a dead worker (``multiprocessing.Pool`` waits for its
    result forever) and fails every group in flight; ``probation`` then runs those groups
    one at a time in a one-worker pool: a group that kills that worker too is reported
    (E025), the others are restored like any other. Then the full pool is rebuilt."""

    def __init__(self, config: RestorerConfig, jobs: int) -> None:
        self.config, self.jobs = config, jobs
        self.threads = max(1, (os.cpu_count() or 1) // jobs)
        self.pool: ProcessPoolExecutor | None = None
        self.solo: ProcessPoolExecutor | None = None

    def _new_pool(self, workers: int) -> ProcessPoolExecutor:
        context = multiprocessing.get_context("spawn")  # torch and fork do not mix
        threads = self.threads if workers > 1 else max(1, os.cpu_count() or 1)
        return ProcessPoolExecutor(workers, mp_context=context, initializer=_worker_init, initargs=(self.config, threads, os.getpid()))

    def submit(self, group: list[dict[str, Any]]) -> Any:
        if self.pool is None:
            self._drop("solo")
            self.pool = self._new_pool(self.jobs)
        try:
            return self.pool.submit(_worker_run, group)
        except BrokenProcessPool:  # it broke since the last result was read
            self._drop("pool")
            return self.submit(group)

    def _drop(self, which: str) -> None:
        pool = getattr(self, which)
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)
            setattr(self, which, None)

    def probation(self, group: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """``group``'s results, run alone; E025 for each of its documents if its worker
        dies again."""
        self._drop("pool")
        if self.solo is None:
            self.solo = self._new_pool(1)
        try:
            return self.solo.submit(_worker_run, group).result()
        except BrokenProcessPool:
            self._drop("solo")
            why = "killed, as by the out-of-memory killer or kill -9"
            return [
                _head(r) | {"error": Errors.E025.format(where=r.get("source") or r.get("id"), why=why)}
                for r in group
            ]

    def close(self, *, wait: bool = True) -> None:
        for pool in (self.pool, self.solo):
            if pool is not None:
                pool.shutdown(wait=wait, cancel_futures=True)


# -- writing outputs ----------------------------------------------------------------------

def _read_manifest(out: Path) -> set[str]:
    """Finished ids. A last line without its newline was cut by a kill: it is dropped."""
    path = out / MANIFEST
    if not path.exists():
        return set()
    data = path.read_bytes()
    if data and not data.endswith(b"\n"):
        data = data[: data.rfind(b"\n") + 1]
        path.write_bytes(data)
    return {json.loads(line) for line in data.decode("utf-8").splitlines() if line}


def _repair_suggestions(out: Path, done: set[str]) -> None:
    """Keep only whole lines of finished documents (a kill can leave a partial line, or a
    line written just before its manifest entry), so a resumed run never duplicates."""
    path = out / SUGGESTIONS
    if not path.exists():
        return
    needs_repair = False
    seen: set[str] = set()
    with path.open("rb") as handle:
        for raw in handle:
            record_id = _line_id(raw)
            if not raw.endswith(b"\n") or record_id not in done or record_id in seen:
                needs_repair = True
                break
            seen.add(record_id)
    if not needs_repair:
        return
    tmp = _temp_beside(path)
    seen.clear()
    with path.open("rb") as src, tmp.open("wb") as dst:
        for raw in src:
            record_id = _line_id(raw)
            if raw.endswith(b"\n") and record_id in done and record_id not in seen:
                seen.add(record_id)
                dst.write(raw)
    os.replace(tmp, path)


def _line_id(raw: bytes) -> str | None:
    try:
        return json.loads(raw)["id"]
    except (ValueError, KeyError, TypeError):
        return None


def _temp_beside(path: Path) -> Path:
    """A temp file name beside ``path`` that no other process or thread will pick."""
    import secrets

    return path.with_name(f".{path.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp")


def _write_atomic(path: Path, text: str | bytes) -> None:
    tmp = _temp_beside(path)
    try:
        if isinstance(text, bytes):
            tmp.write_bytes(text)
        else:
            tmp.write_text(text, encoding="utf-8", newline="")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


LOCK = ".restore-batch.lock"


class _FolderLock:
    """An exclusive lock on a batch's output folder, held for the whole run: two runs
    into one ``--out`` would both restore and append every document (a second run is
    refused, E024, naming the holder). ``flock`` goes with the process, so a killed run
    leaves no stale lock."""

    def __init__(self, out: Path) -> None:
        self.path = out / LOCK
        self.handle: Any = None

    def __enter__(self) -> _FolderLock:
        import socket
        import time

        try:
            import fcntl
        except ImportError:  # not POSIX: no lock, as before
            return self
        handle = self.path.open("a+", encoding="utf-8")
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.seek(0)
            holder = handle.read().strip() or "a process that has not said who it is"
            handle.close()
            raise BatchLocked(Errors.E024.format(path=self.path.parent, holder=holder)) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()} on {socket.gethostname()}, since {time.strftime('%Y-%m-%d %H:%M:%S')}\n")
        handle.flush()
        self.handle = handle
        return self

    def __exit__(self, *exc: object) -> None:
        if self.handle is not None:
            self.handle.truncate(0)
            self.handle.close()  # closing releases the lock


class BatchLocked(RestoreError):
    """Another run holds the output folder (E024)."""


def _append_line(handle: Any, line: str) -> None:
    handle.write(line + "\n")
    handle.flush()
    os.fsync(handle.fileno())


@dataclass
class BatchReport:
    """What a batch run did; the CLI prints it and derives the exit code."""

    done: int = 0
    skipped: int = 0
    failed: int = 0
    warnings: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)


def run_batch(
    inputs: Sequence[str | Path],
    out: str | Path,
    *,
    config: RestorerConfig | None = None,
    jobs: int = 1,
    batch_size: int = 8,
    review_db: str | Path | None = None,
    progress: bool = True,
    stderr: Any = None,
    max_bytes: int = MAX_BYTES,
    engine: str = "local",
    address: str | None = None,
) -> BatchReport:
    """Restore every document in ``inputs`` into folder ``out`` (see the module docstring).

    ``config`` says how to restore (default: ``RestorerConfig()``, the shipped model and
    every pass); each worker builds its Restorer from it. Resumable: ids listed in
    ``out/manifest.txt`` are skipped. ``errors.jsonl`` is written
    afresh by each run (bad inputs are found again, cheaply). With ``review_db`` each
    restored document is also queued for review in that SQLite store. ``max_bytes``
    bounds each document as read (``restore.formats.read_any``). ``engine="ray"`` restores
    on Ray Data with ``jobs`` actors, on the cluster at ``address`` or a local one
    (``restore.batch_ray.ray_stream``); the outputs are the same.
    """
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {ENGINES}, got {engine!r}")
    run = _BatchRun(Path(out), config or RestorerConfig(), stderr or sys.stderr, engine=engine, address=address)
    if review_db is not None:
        from .review import ReviewStore  # written by the review helper; imported on demand

        run.store = ReviewStore(review_db)
    try:
        run.run(inputs, jobs=jobs, batch_size=batch_size, progress=progress, max_bytes=max_bytes)
    finally:
        if run.store is not None:
            run.store.close()
    return run.report


@dataclass
class _BatchRun:
    """One run over an output folder: the open output files and the running report."""

    out: Path
    config: RestorerConfig
    stderr: Any
    store: Any = None
    engine: str = "local"
    address: str | None = None
    report: BatchReport = field(default_factory=BatchReport)
    writers: dict[str, Any] = field(default_factory=dict)
    """The ``Document.writer`` of each document in flight that has one (an XML story)."""

    def run(
        self, inputs: Sequence[str | Path], *, jobs: int, batch_size: int, progress: bool, max_bytes: int = MAX_BYTES
    ) -> None:
        (self.out / RESTORED).mkdir(parents=True, exist_ok=True)
        with _FolderLock(self.out):
            self._run_locked(inputs, jobs=jobs, batch_size=batch_size, progress=progress, max_bytes=max_bytes)

    def _run_locked(
        self, inputs: Sequence[str | Path], *, jobs: int, batch_size: int, progress: bool, max_bytes: int
    ) -> None:
        from tqdm.auto import tqdm

        self.done = _read_manifest(self.out)
        _repair_suggestions(self.out, self.done)
        max_chars = self.config.max_chars
        docs = iter_documents(inputs, max_chars=max_chars, max_bytes=max_bytes, exclude=self.out, known=self.done)
        results = self._stream(self._todo(docs), jobs, batch_size)  # lazy; Ray connects now
        with (
            (self.out / SUGGESTIONS).open("a", encoding="utf-8", newline="\n") as self.sugg,
            (self.out / MANIFEST).open("a", encoding="utf-8", newline="\n") as self.manifest,
            (self.out / ERRORS).open("w", encoding="utf-8", newline="\n") as self.errors,
            tqdm(unit="doc", desc="restore", disable=not progress, file=self.stderr) as self.bar,
        ):
            for result in results:
                self.bar.update(1)
                if "error" in result:
                    self._error(result["source"], result["id"], result["error"])
                else:
                    self._finish(result)

    def _stream(self, todo: Iterator[Document], jobs: int, batch_size: int) -> Iterator[dict[str, Any]]:
        """The results of ``todo`` in input order, from this machine or from Ray."""
        if self.engine == "ray":
            from .batch_ray import ray_stream  # imports ray only now

            return ray_stream(todo, self.config, jobs, batch_size, address=self.address)
        return restore_stream(todo, self.config, jobs, batch_size)

    def _say(self, message: str) -> None:
        self.bar.write(f"restore: {message}", file=self.stderr)

    def _todo(self, docs: Iterator[Document | BadDocument]) -> Iterator[Document]:
        """Documents still to do; bad ones are reported and finished ones counted here."""
        for doc in docs:
            if isinstance(doc, BadDocument):
                self._error(doc.source, doc.id, doc.error)
                self.bar.update(1)
            elif doc.id in self.done:
                self.report.skipped += 1
                self.bar.update(1)
            else:
                if doc.writer is not None:
                    self.writers[doc.id] = doc.writer
                yield doc

    def _error(self, source: str, doc_id: str | None, message: str) -> None:
        self.writers.pop(doc_id, None)  # type: ignore[arg-type]
        entry = {"id": doc_id, "source": source, "error": message}
        self.report.errors.append(entry)
        self.report.failed += 1
        _append_line(self.errors, json.dumps(entry, ensure_ascii=False))
        self._say(message)

    def _finish(self, result: dict[str, Any]) -> None:
        """Write one document's outputs, the manifest entry last: a kill before it means
        the document is simply redone. A document with a writer (an XML story) is written
        back in its own format, with only the suggestions that format can hold."""
        writer = self.writers.pop(result["id"], None)
        name = safe_name(result["id"])
        content: str | bytes = result["text"]
        if writer is None:
            name += ".txt"
        else:
            try:
                restoration = writer.writable(Restoration.from_dict(result))
                content = writer.write(restoration, restoration.default_accepted)
            except RestoreError as exc:
                self._error(result["source"], result["id"], str(exc))
                return
            result = {"id": result["id"], "source": result["source"], **restoration.to_dict()}
            name += writer.suffix
        for warning in result["warnings"]:
            self.report.warnings += 1
            self._say(f"warning: {warning}")
        _write_atomic(self.out / RESTORED / name, content)
        record = {
            "id": result["id"],
            "source": result["source"],
            "file": f"{RESTORED}/{name}",
            **{k: v for k, v in result.items() if k not in ("id", "source")},
        }
        _append_line(self.sugg, json.dumps(record, ensure_ascii=False))
        if self.store is not None:
            self.store.add(Restoration.from_dict(record), doc_id=record["id"], source=record["source"])
        _append_line(self.manifest, json.dumps(record["id"], ensure_ascii=False))
        self.done.add(record["id"])
        self.report.done += 1
