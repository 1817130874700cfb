"""The word tables, as data: one file per list under ``restore/data/words/``.

A ``NAME.txt`` holds one entry per line; a ``NAME.tsv`` one row of tab-separated fields per
line. Lines starting with ``#`` say what the list is for and who reads it. Every word list
restore uses lives there, so a newsroom (or a reviewer) can read, diff and extend them
without touching code. Files are read once per process.

>>> "the" in word_set("never_doubled") and "had" in word_set("can_repeat")
True
>>> rows("uk_us_spellings")[0]
('defence', 'defense')
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from ..errors import ConfigError, Errors

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "words"


def _lines(path: Path) -> list[str]:
    if not path.exists():
        raise ConfigError(Errors.E016.format(path=path))
    return [
        line.rstrip("\n")
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]


@cache
def word_list(name: str) -> tuple[str, ...]:
    """The entries of ``NAME.txt`` in file order."""
    return tuple(line.strip() for line in _lines(DATA_DIR / f"{name}.txt"))


@cache
def word_set(name: str) -> frozenset[str]:
    """The entries of ``NAME.txt`` as a set."""
    return frozenset(word_list(name))


@cache
def rows(name: str) -> tuple[tuple[str, ...], ...]:
    """The rows of ``NAME.tsv``, each a tuple of its tab-separated fields, in file order."""
    return tuple(tuple(line.split("\t")) for line in _lines(DATA_DIR / f"{name}.tsv"))
