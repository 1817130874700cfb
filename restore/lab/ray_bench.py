"""Words per second of ``restore batch`` on Ray Data (1 and 2 actors) and locally
(``--jobs 1`` and ``2``), rules only, with the model, and with the model and the critic.

The stories are held-out corpus paragraphs, damaged by the lab's noise generator and
joined into stories of the corpus's average length (its words over its 5,525 documents,
``../shared/corpus/SOURCE.md``). Each run goes through the same result streams that
``restore batch`` writes from; two figures per run:

* ``words/s``: all words over the wall time, start-up included (Ray's actors, the model);
* ``steady``: from a run over one group of stories per worker and one over all of them,
  the extra words over the extra time: start-up cancels out, and this is what a long
  archive run sees.

``python -m restore.lab.ray_bench [--stories N] [--only rules,model,critic]``. The Ray runs
share one local cluster of this machine's CPUs, started here.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from collections.abc import Iterator
from itertools import cycle
from typing import Any

from ..config import RestorerConfig
from ..formats import Document

CORPUS_DOCUMENTS = 5_525
"""Documents behind news.txt.gz (its SOURCE.md); its lines are paragraphs, not stories."""

BATCH_SIZE = 8

CONFIGS: dict[str, RestorerConfig] = {
    "rules": RestorerConfig.build(model=None),
    "model": RestorerConfig.build(critic=False),
    "critic": RestorerConfig.build(critic=True),
}
STORIES = {"rules": 800, "model": 48, "critic": 24}
"""Stories per run (about 460 words each), enough to dwarf Ray's start-up."""


def story_words(corpus: Any) -> float:
    """The corpus's average story length in words."""
    from .corpus import read_paragraphs

    return sum(len(p.split()) for p in read_paragraphs(corpus)) / CORPUS_DOCUMENTS


def stories(corpus: Any, n: int, words: float, seed: int = 0) -> list[Document]:
    """``n`` damaged stories of about ``words`` words from consecutive held-out paragraphs
    (the 1,000 of them go round again for a long run)."""
    from .corpus import heldout_paragraphs
    from .noise import NoiseGenerator

    noise = NoiseGenerator(seed=seed)
    paragraphs = cycle(heldout_paragraphs(corpus))  # re-damaged afresh on each pass
    out: list[Document] = []
    while len(out) < n:
        story: list[str] = []
        count = 0
        while count < words:
            p = next(paragraphs)
            story.append(noise.corrupt(p).damaged)
            count += len(p.split())
        out.append(Document(id=f"s{len(out):04d}", text="\n".join(story) + "\n", source="bench"))
    return out


def _stream(engine: str, docs: list[Document], config: RestorerConfig, jobs: int) -> Iterator[dict[str, Any]]:
    if engine == "ray":
        from ..batch_ray import ray_stream

        return ray_stream(iter(docs), config, jobs, BATCH_SIZE)
    from ..batch import restore_stream

    return restore_stream(iter(docs), config, jobs, BATCH_SIZE)


def _timed(engine: str, docs: list[Document], config: RestorerConfig, jobs: int) -> tuple[float, int]:
    started = time.perf_counter()
    failed = sum("error" in r for r in _stream(engine, docs, config, jobs))
    return time.perf_counter() - started, failed


def measure(engine: str, docs: list[Document], config: RestorerConfig, jobs: int) -> dict[str, Any]:
    """A run over one group per worker and one over all of ``docs``: the second's extra
    words over its extra time is the steady rate, start-up cancelled out (Ray hands
    results over in bursts, so timing single results would not say it)."""
    half = docs[: BATCH_SIZE * jobs]
    words = sum(len(d.text.split()) for d in docs)
    extra = sum(len(d.text.split()) for d in docs[len(half):])
    short, _ = _timed(engine, half, config, jobs)
    full, failed = _timed(engine, docs, config, jobs)
    steady = extra / max(1e-9, full - short)
    return {
        "engine": engine,
        "workers": jobs,
        "docs": len(docs),
        "words": words,
        "failed": failed,
        "seconds": round(full, 1),
        "startup_s": round(max(0.0, full - words / steady), 1),
        "words_per_s": round(words / full, 1),
        "steady_words_per_s": round(steady, 1),
        "steady_s_per_story": round(words / len(docs) / steady, 3),
    }


def main(argv: list[str] | None = None) -> int:
    from .corpus import find_corpus

    parser = argparse.ArgumentParser(prog="python -m restore.lab.ray_bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", help="default: ../shared/corpus/news.txt.gz")
    parser.add_argument("--only", default="rules,model,critic", help="which configs, comma-separated")
    parser.add_argument("--stories", type=int, help="stories per run (default: per config)")
    parser.add_argument("--json", metavar="FILE", help="also write the figures here")
    args = parser.parse_args(argv)
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    corpus = find_corpus(args.corpus)
    if corpus is None:
        parser.error("no corpus: give --corpus PATH")
    import ray

    words = story_words(corpus)
    print(f"average story: {words:.0f} words ({CORPUS_DOCUMENTS:,} corpus documents); {os.cpu_count()} CPUs", flush=True)
    ray.init(num_cpus=os.cpu_count(), include_dashboard=False, log_to_driver=False, logging_level="ERROR")
    rows = []
    try:
        for name in args.only.split(","):
            docs = stories(corpus, args.stories or STORIES[name], words)
            for engine, jobs in (("local", 1), ("local", 2), ("ray", 1), ("ray", 2)):
                row = {"config": name, **measure(engine, docs, CONFIGS[name], jobs)}
                rows.append(row)
                print(
                    f"{name:6} {engine:5} x{jobs}: {row['words_per_s']:8.1f} words/s "
                    f"(steady {row['steady_words_per_s']:8.1f}, {row['steady_s_per_story']:.3f} s/story, "
                    f"start-up {row['startup_s']} s; {row['docs']} stories, {row['words']} words in {row['seconds']} s)",
                    flush=True,
                )
    finally:
        ray.shutdown()
    if args.json:
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump({"story_words": round(words, 1), "runs": rows}, handle, indent=2)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
