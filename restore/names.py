"""Words English always capitalises (places, people, months, nationalities), from the corpus.

A lower-cased name ("kharkiv", "ukraine") is damage no spelling list can see: the word is
known, only its case is wrong. The list is learned from clean copy: words seen capitalised
in mid-sentence at least ``MIN_COUNT`` times and never in lower case there. Words whose
lower-case use is ordinary English and whose capital is only house style ("the Gulf",
"the Senate", "Treasury bonds") are left out, so a document's own style is never
"corrected". The list ships in ``restore/data/names.txt``; rebuild it with
``python -m restore.names --corpus PATH``.

>>> "ukraine" in capitalised_words() and "gulf" not in capitalised_words()
True
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from .lexicon import default_lexicon

NAMES_PATH = Path(__file__).parent / "data" / "names.txt"
MIN_COUNT = 20
COMMON_MIN_COUNT = 100
"""A word common in everyday English (Zipf >= 3.5) needs this much capitalised use."""
HOUSE_STYLE = frozenset(
    "gulf senate treasury republicans democrats republican democratic august china dr mr ms mrs jr st "
    "king god guinea".split()
)
"""Capitalised in the corpus by its house style, or ordinary lower-case English elsewhere
too ("republican government", "bone china", "the king's rejection", "guinea pig")."""
MID_SENTENCE_WORD = re.compile(r"(?<=[a-z,;:] )([A-Za-z][a-z]+)\b")


def build_names(paragraphs: Iterable[str]) -> list[str]:
    """The always-capitalised words of ``paragraphs``, lower-cased and sorted."""
    capital: Counter[str] = Counter()
    lower: Counter[str] = Counter()
    for paragraph in paragraphs:
        for m in MID_SENTENCE_WORD.finditer(paragraph):
            word = m.group(1)
            (capital if word[0].isupper() else lower)[word.lower()] += 1
    lexicon = default_lexicon()
    return sorted(
        w for w, n in capital.items()
        if n >= MIN_COUNT and not lower[w] and w not in HOUSE_STYLE
        and (n >= COMMON_MIN_COUNT or lexicon.zipf(w) < 3.5)
    )


@lru_cache(maxsize=1)
def capitalised_words() -> frozenset[str]:
    """The shipped list (empty if the file is missing: the rule then simply finds nothing)."""
    if not NAMES_PATH.exists():
        return frozenset()
    return frozenset(NAMES_PATH.read_text(encoding="utf-8").split())


def main(argv: list[str] | None = None) -> int:
    """Rebuild ``restore/data/names.txt`` from the training split of a corpus."""
    from .corpus import find_corpus, train_paragraphs

    p = argparse.ArgumentParser(prog="python -m restore.names", description=main.__doc__)
    p.add_argument("--corpus", type=Path, default=None)
    p.add_argument("--out", type=Path, default=NAMES_PATH)
    args = p.parse_args(argv)
    corpus = find_corpus(args.corpus)
    if corpus is None or not Path(corpus).exists():
        p.error("no corpus found: pass --corpus PATH")
    names = build_names(train_paragraphs(corpus))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(names) + "\n", encoding="utf-8")
    print(f"{len(names)} names written to {args.out}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
