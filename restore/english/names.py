"""Words English always capitalises (places, people, months, nationalities), from the corpus.

A lower-cased name ("kharkiv", "ukraine") is damage no spelling list can see: the word is
known, only its case is wrong. The list is learned from clean copy (``restore.lab.names``):
words seen capitalised in mid-sentence often and never in lower case there, leaving out
words whose capital is only house style ("the Gulf", "the Senate"). It ships as
``restore/data/words/names.txt``; rebuild it with ``python -m restore.lab.names``.

>>> "ukraine" in capitalised_words() and "gulf" not in capitalised_words()
True
"""

from __future__ import annotations

from .wordlists import DATA_DIR, word_set

NAMES_PATH = DATA_DIR / "names.txt"


def capitalised_words() -> frozenset[str]:
    """The shipped list, lower-cased (read once per process)."""
    return word_set("names")
