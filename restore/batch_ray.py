"""``restore batch --engine ray``: the batch's restoring done by Ray Data actors.

Only the restoring moves. The driver still reads the inputs (``restore.formats``, so bad
documents and finished ids are handled exactly as locally), writes every output in input
order (``restore.batch._BatchRun``) and so resumes from the same manifest. What travels
(as ASCII JSON, which round-trips every text and confidence exactly) is groups of ``batch_size`` records, the very groups the local batch restores together.

One Ray Data run serves the whole batch, so each actor builds its Restorer (and loads the
model and critic) once: a single read task streams the groups that the driver puts in a
``ray.util.queue.Queue``, ``map_batches`` hands each group to one of ``jobs`` actors
(``_RestoreActor``, one CPU each), and the driver puts the results back in order. At most
``4 * jobs`` groups are in flight, so memory is bounded however large the archive.

Ray is imported only here and only when this engine runs: restore works without it, and
``--engine ray`` without ``restore[ray]`` installed is E140.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import warnings
from collections.abc import Iterator
from dataclasses import replace
from itertools import islice
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .config import RestorerConfig
from .errors import Errors, RestoreError
from .formats import Document

__all__ = ["RAY_REQUIREMENT", "EngineError", "ray_stream"]

RAY_REQUIREMENT = "ray[data]>=2.51,<3"
"""What ``pip install 'restore[ray]'`` installs (keep in step with pyproject.toml)."""

CONNECT_TIMEOUT_S = 5.0
"""How long to wait for a cluster's port to answer before E141."""

IN_FLIGHT_PER_ACTOR = 4


class EngineError(RestoreError):
    """The Ray engine cannot run: Ray missing (E140), no cluster (E141, E143), the run
    failed (E142)."""


def _import_ray() -> Any:
    try:
        import ray
        import ray.data  # noqa: F401 - the extra installs both; ray alone is not enough
    except ImportError as exc:
        raise EngineError(Errors.E140.format(requirement=RAY_REQUIREMENT, why=exc)) from None
    return ray


def ray_stream(
    docs: Iterator[Document], config: RestorerConfig, jobs: int, batch_size: int, *, address: str | None = None
) -> Iterator[dict[str, Any]]:
    """Results in input order, like ``restore.batch.restore_stream``, restored by ``jobs``
    Ray actors. Uses the Ray already initialised in this process if there is one;
    otherwise connects to ``address`` (the GCS ``host:6379``, or ``auto``; not Ray Client's
    ``ray://``, under which Ray Data's executor does not run, E143), or
    starts a private local cluster, and disconnects (or stops it) when the results end.
    Connects at once, so a missing Ray (E140) or cluster (E141) is raised by this call."""
    ray = _import_ray()  # here, not on first use: no output file is touched before E140/E141
    config = _portable(config)
    owner = _connect(ray, address, jobs)

    def results() -> Iterator[dict[str, Any]]:
        try:
            yield from _run(ray, docs, config, jobs, batch_size)
        finally:
            if owner:
                ray.shutdown()

    return results()


def _portable(config: RestorerConfig) -> RestorerConfig:
    """The config with the house dictionary read here: the actors may run on machines
    that do not have the file."""
    if config.dictionary is None:
        return config
    from .dictionary import HouseDictionary

    words = tuple(HouseDictionary(Path(config.dictionary))) + config.house_words
    return replace(config, dictionary=None, house_words=words)


def _connect(ray: Any, address: str | None, jobs: int) -> bool:
    """Make sure Ray is up; True when this call started or joined it (and must shut it down)."""
    if ray.is_initialized():
        return False
    quiet: dict[str, Any] = {"log_to_driver": False, "logging_level": logging.ERROR}
    if address is None and not os.environ.get("RAY_ADDRESS"):
        ray.init(num_cpus=max(os.cpu_count() or 1, jobs), include_dashboard=False, **quiet)
        return True
    address = address or os.environ["RAY_ADDRESS"]
    _check_reachable(address)
    try:
        ray.init(address=address, **quiet)
    except Exception as exc:  # noqa: BLE001 - ConnectionError, RuntimeError, grpc errors
        raise EngineError(Errors.E141.format(address=address, why=_one_line(exc))) from None
    return True


def _check_reachable(address: str) -> None:
    """E141 within ``CONNECT_TIMEOUT_S`` when nothing listens at ``address`` (Ray itself
    retries for a minute or more); ``auto`` is left to Ray, which answers at once. E143 for
    a Ray Client address."""
    if address == "auto":
        return
    if address.startswith("ray://"):  # Ray 2.60's streaming executor fails under Ray Client
        raise EngineError(Errors.E143.format(address=address))
    parts = urlsplit(address if "://" in address else f"ray://{address}")
    try:
        host, port = parts.hostname, parts.port
    except ValueError as exc:
        raise EngineError(Errors.E141.format(address=address, why=exc)) from None
    if not host or port is None:
        raise EngineError(Errors.E141.format(address=address, why="expected host:port or auto"))
    try:
        socket.create_connection((host, port), timeout=CONNECT_TIMEOUT_S).close()
    except OSError as exc:
        raise EngineError(Errors.E141.format(address=address, why=_one_line(exc))) from None


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0] if text else ''}".rstrip(": ")


def _groups(docs: Iterator[Document], batch_size: int) -> Iterator[list[dict[str, Any]]]:
    from .batch import document_record

    records = (document_record(d) for d in docs)
    while group := list(islice(records, batch_size)):
        yield group


def _run(ray: Any, docs: Iterator[Document], config: RestorerConfig, jobs: int, batch_size: int) -> Iterator[dict[str, Any]]:
    from ray.util.queue import Queue

    context = ray.data.DataContext.get_current()
    saved = (context.target_max_block_size, context.enable_progress_bars)
    # every group is its own block and goes on at once, instead of waiting in the read
    # task's output buffer for 128 MiB of groups that the driver has not put yet
    context.target_max_block_size = 1
    context.enable_progress_bars = False
    logger = logging.getLogger("ray.data")
    level = logger.level
    logger.setLevel(logging.ERROR)  # our own progress bar and messages, not Ray Data's
    # one read task feeds the actors as a stream; Ray's hint that one input cannot keep
    # several actors busy does not apply
    warnings.filterwarnings("ignore", message="The minimum number of concurrent actors", category=UserWarning)
    warnings.filterwarnings("ignore", message="`ray_remote_args` is deprecated")
    queue = Queue(actor_options={"num_cpus": 0})
    try:
        dataset = ray.data.read_datasource(_group_source(queue), override_num_blocks=1, num_cpus=0).map_batches(
            _RestoreActor,
            fn_constructor_kwargs={"config": config},
            batch_size=1,
            batch_format="numpy",
            compute=_actors(ray, jobs),
            num_cpus=1,
            # a group that kills its actor (the OOM killer) is retried once on a fresh one,
            # then fails the run (E142): Ray Data's default retries it for ever, a hang.
            # Ray 2.60 has no named parameter for these and warns about the generic ones.
            max_restarts=2,
            max_task_retries=1,
        )
        yield from _ordered(dataset, queue, _groups(docs, batch_size), IN_FLIGHT_PER_ACTOR * jobs)
    finally:
        context.target_max_block_size, context.enable_progress_bars = saved
        logger.setLevel(level)
        queue.shutdown(force=True)


def _actors(ray: Any, jobs: int) -> Any:
    """``jobs`` actors; on a cluster with fewer CPUs, a pool that starts with what there
    is and grows (a fixed pool would wait for CPUs that may never come)."""
    cpus = ray.cluster_resources().get("CPU", 0)
    if cpus >= jobs:
        return ray.data.ActorPoolStrategy(size=jobs)
    return ray.data.ActorPoolStrategy(min_size=1, max_size=jobs)


def _ordered(dataset: Any, queue: Any, groups: Iterator[list[dict[str, Any]]], window: int) -> Iterator[dict[str, Any]]:
    """Feed ``groups`` through ``dataset`` with at most ``window`` in flight, yielding the
    results in input order (actors finish out of order)."""
    rows: Iterator[dict[str, Any]] | None = None
    fed = received = next_out = 0
    waiting: dict[int, str] = {}
    reading = True
    while True:
        while reading and fed - received < window:
            group = next(groups, None)
            if group is None:
                queue.put(None)
                reading = False
            else:
                queue.put((fed, json.dumps(group)))
                fed += 1
        if received == fed:
            break
        if rows is None:
            rows = iter(dataset.iter_rows())
        try:
            row = next(rows)
        except Exception as exc:  # noqa: BLE001 - an actor died for good, the cluster went away
            raise EngineError(Errors.E142.format(why=_one_line(exc))) from None
        received += 1
        waiting[int(row["seq"])] = row["results"]
        while next_out in waiting:
            yield from json.loads(waiting.pop(next_out))
            next_out += 1
    if rows is not None:
        for _ in rows:  # the read task has its end mark: let the run finish cleanly
            pass


def _group_source(queue: Any) -> Any:
    """A Ray Data datasource of one read task that streams the groups from ``queue`` until
    its end mark (``None``). Built on demand: it subclasses a Ray class."""
    import pyarrow as pa
    from ray.data.block import BlockMetadata
    from ray.data.datasource import Datasource, ReadTask

    class GroupSource(Datasource):
        def estimate_inmemory_data_size(self) -> None:
            return None

        def get_read_tasks(self, parallelism: int, **_: Any) -> list[ReadTask]:
            def read() -> Iterator[Any]:
                while (item := queue.get()) is not None:
                    seq, payload = item
                    yield pa.table({"seq": [seq], "records": [payload]})

            meta = BlockMetadata(num_rows=None, size_bytes=None, exec_stats=None, input_files=None)
            return [ReadTask(read, meta)]

    return GroupSource()


class _RestoreActor:
    """One Ray actor's Restorer, built once; restores one group of records per call with
    ``restore_records``, as a local worker does."""

    def __init__(self, config: RestorerConfig) -> None:
        from .model.infer import THREADS_ENV
        from .pipeline import Restorer

        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        os.environ[THREADS_ENV] = "1"  # one CPU per actor
        self.restorer = Restorer(config=config)

    def __call__(self, batch: dict[str, Any]) -> dict[str, Any]:
        import numpy as np

        from .batch import restore_records

        results = []
        for payload in batch["records"]:
            records = json.loads(payload)
            restored = restore_records(records, restorer=self.restorer, batch_size=max(1, len(records)))
            results.append(json.dumps(list(restored)))
        return {"seq": batch["seq"], "results": np.array(results, dtype=object)}
