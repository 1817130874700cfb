"""The clean training corpus and its one train / held-out split.

Every consumer (model training, rule tuning, ``restore eval``) splits the same way, so
held-out paragraphs never leak into anything we tune on. The corpus is chronological with
whole documents in order; the last ``HELDOUT_LINES`` paragraphs are held out, and a gap of
``GAP_LINES`` before them keeps any document from straddling the split.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from pathlib import Path

HELDOUT_LINES = 1_000
GAP_LINES = 500
DEFAULT_CORPUS = Path(__file__).resolve().parent.parent.parent.parent / "shared" / "corpus" / "news.txt.gz"


def find_corpus(path: str | Path | None = None) -> Path | None:
    """``path`` if given, else ``../shared/corpus/news.txt.gz`` beside the checkout if present."""
    if path is not None:
        return Path(path)
    for candidate in (DEFAULT_CORPUS, Path.cwd().parent / "shared" / "corpus" / "news.txt.gz"):
        if candidate.exists():
            return candidate
    return None


def read_paragraphs(path: str | Path) -> list[str]:
    """One paragraph per line, gzip or plain UTF-8; blank lines skipped."""
    path = Path(path)
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:  # type: ignore[operator]
        return [line.rstrip("\n") for line in handle if line.strip()]


def split(paragraphs: list[str]) -> tuple[list[str], list[str]]:
    """(train, heldout): held-out is the chronological tail, after a gap."""
    if len(paragraphs) < HELDOUT_LINES + GAP_LINES + 1:
        cut = len(paragraphs) * 4 // 5
        return paragraphs[:cut], paragraphs[cut:]
    return paragraphs[: -(HELDOUT_LINES + GAP_LINES)], paragraphs[-HELDOUT_LINES:]


def train_paragraphs(path: str | Path) -> list[str]:
    return split(read_paragraphs(path))[0]


def heldout_paragraphs(path: str | Path) -> list[str]:
    return split(read_paragraphs(path))[1]


def iter_lines(path: str | Path) -> Iterator[str]:
    yield from read_paragraphs(path)
