"""Hostile-input figures: peak memory and time for the inputs of issue 13.

Each measurement runs in a child process under ``resource.setrlimit`` (address space and
CPU time), so a regression is reported as ``exceeded`` instead of taking the machine
down. Peak memory is the child's own ``VmHWM`` from ``/proc/self/status`` (the
``RUSAGE_CHILDREN`` figure would include whatever the parent had before ``exec``).

    python -m restore.lab.hostile                 # every measurement, rules only
    python -m restore.lab.hostile word resolver   # some of them
    python -m restore.lab.hostile article_model word_model   # with the shipped model
    HOSTILE_MODEL_BYTES=1000000 python -m restore.lab.hostile --mem-gb 8 --seconds 600 article_model

A lab tool: the runtime never imports it.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import string
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

GB = 1 << 30


def peak_mb() -> float:
    """This process's peak resident memory (VmHWM), in MB."""
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


# -- the inputs -------------------------------------------------------------------------------


def long_word(n: int = 20_000, seed: int = 0) -> str:
    """A paste of ``n`` lower-case letters with no space (a token dump, a base64 blob)."""
    rng = random.Random(seed)
    return "The code was " + "".join(rng.choice(string.ascii_lowercase) for _ in range(n)) + " today."


def many_suggestions(n: int = 32_000, seed: int = 0) -> list:
    """``n`` suggestions on one text from several sources, many overlapping."""
    from restore.suggestion import Kind, Suggestion

    rng = random.Random(seed)
    words = ["word"] * (n // 2 + 10)
    text = " ".join(words)
    sources = ["model", "critic", "spelling", "duplicate", "editor"]
    out = []
    for _ in range(n):
        start = rng.randrange(0, len(text) - 12)
        end = start + rng.choice([0, 1, 4, 9])
        out.append(Suggestion.at(
            text, start, end, "x" * rng.randint(1, 3), kind=Kind.SPELLING,
            confidence=round(rng.random(), 2), reason="r", source=rng.choice(sources),
        ))
    return out


def docx_bomb(path: Path, expanded: int = 64 << 20) -> Path:
    """A small .docx whose ``word/document.xml`` expands to about ``expanded`` bytes."""
    para = b'<w:p><w:r><w:t>' + b"a" * 1000 + b'</w:t></w:r></w:p>'
    head = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>')
    tail = b"</w:body></w:document>"
    content_types = (
        b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        b'<Default Extension="xml" ContentType="application/xml"/>'
        b'<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
        b"</Types>"
    )
    rels = (
        b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
        b"</Relationships>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", content_types)
        zf.writestr("_rels/.rels", rels)
        with zf.open("word/document.xml", "w", force_zip64=True) as member:
            member.write(head)
            for _ in range(expanded // len(para)):
                member.write(para)
            member.write(tail)
    return path


def article(n_bytes: int = 5 << 20) -> str:
    """About ``n_bytes`` of real corpus paragraphs, one article (one line each)."""
    import gzip

    from restore.lab.corpus import find_corpus

    corpus = find_corpus()
    lines: list[str] = []
    size = 0
    opener = gzip.open if corpus and corpus.suffix == ".gz" else open
    if corpus is None:
        raise SystemExit("no corpus at ../shared/corpus/news.txt.gz")
    with opener(corpus, "rt", encoding="utf-8") as handle:  # type: ignore[operator]
        for line in handle:
            if line.strip():
                lines.append(line.rstrip("\n"))
                size += len(line.encode("utf-8"))
                if size >= n_bytes:
                    break
    return "\n".join(lines)


# -- the measurements (run in the child) ------------------------------------------------------


def m_word(model: bool = False) -> dict:
    from restore import Restorer

    r = Restorer(model="default" if model else None)
    text = long_word()
    t, c = time.perf_counter(), time.process_time()
    result = r.restore(text)
    return {"seconds": time.perf_counter() - t, "cpu_seconds": time.process_time() - c, "suggestions": len(result.suggestions)}


def m_resolver() -> dict:
    from restore.pipeline import resolve

    suggestions = many_suggestions()
    t, c = time.perf_counter(), time.process_time()
    kept = resolve(suggestions)
    return {"seconds": time.perf_counter() - t, "cpu_seconds": time.process_time() - c, "kept": len(kept)}


def m_docx() -> dict:
    from restore.formats import BadDocument, read_any

    with tempfile.TemporaryDirectory() as tmp:
        path = docx_bomb(Path(tmp) / "bomb.docx")
        size = path.stat().st_size
        t, c = time.perf_counter(), time.process_time()
        docs = list(read_any(path))
        seconds, cpu = time.perf_counter() - t, time.process_time() - c
    outcome = [d.error[:60] if isinstance(d, BadDocument) else f"document of {len(d.text):,} chars" for d in docs]
    return {"seconds": seconds, "cpu_seconds": cpu, "file_bytes": size, "outcome": outcome}


def _article(model: bool, n_bytes: int) -> dict:
    from restore import Restorer

    r = Restorer(model="default" if model else None)
    text = article(n_bytes)
    t, c = time.perf_counter(), time.process_time()
    result = r.restore(text)
    return {"seconds": time.perf_counter() - t, "cpu_seconds": time.process_time() - c, "chars": len(text), "suggestions": len(result.suggestions)}


def m_article() -> dict:
    return _article(False, 5 << 20)


def m_article_model() -> dict:
    return _article(True, int(os.environ.get("HOSTILE_MODEL_BYTES", 150_000)))


MEASUREMENTS: dict[str, Callable[[], dict]] = {
    "word": m_word,
    "word_model": lambda: m_word(model=True),
    "resolver": m_resolver,
    "docx": m_docx,
    "article": m_article,
    "article_model": m_article_model,
}


# -- the parent -------------------------------------------------------------------------------


def run_limited(argv: list[str], *, mem_bytes: int, cpu_seconds: int, wall_seconds: float) -> subprocess.CompletedProcess:
    """Run ``argv`` with an address-space and CPU-time limit (and a wall-clock timeout)."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (mem_bytes, mem_bytes))
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds))

    return subprocess.run(
        argv, preexec_fn=limit, capture_output=True, text=True, timeout=wall_seconds,
        env={**os.environ, "OMP_WAIT_POLICY": "PASSIVE"},
    )


def measure(name: str, *, mem_gb: float = 3.0, seconds: int = 60) -> dict:
    """One measurement in a limited child: its figures, or ``exceeded`` and why."""
    argv = [sys.executable, "-m", "restore.lab.hostile", "--child", name]
    started = time.perf_counter()
    try:
        done = run_limited(argv, mem_bytes=int(mem_gb * GB), cpu_seconds=seconds, wall_seconds=seconds * 2)
    except subprocess.TimeoutExpired:
        return {"name": name, "exceeded": f"wall clock over {seconds * 2} s"}
    wall = time.perf_counter() - started
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["?"])[-1]
        why = "CPU time" if done.returncode in (-9, -24) else last[:120]
        return {"name": name, "exceeded": f"{why} (limits {mem_gb} GB, {seconds} s; rc {done.returncode})", "wall": wall}
    return {"name": name, **json.loads(done.stdout.strip().splitlines()[-1])}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("names", nargs="*", help=f"measurements (default: all but the *_model ones): {', '.join(MEASUREMENTS)}")
    p.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--mem-gb", type=float, default=3.0)
    p.add_argument("--seconds", type=int, default=60)
    args = p.parse_args(argv)
    if args.child:
        (name,) = args.names
        figures = MEASUREMENTS[name]()
        figures["peak_mb"] = round(peak_mb(), 1)
        print(json.dumps(figures, default=str))
        return 0
    names = args.names or [n for n in MEASUREMENTS if not n.endswith("_model")]
    for name in names:
        print(json.dumps(measure(name, mem_gb=args.mem_gb, seconds=args.seconds)), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())


__all__ = ["docx_bomb", "long_word", "many_suggestions", "measure", "peak_mb", "run_limited"]
