"""Rebuild the list of words English always capitalises from the corpus.

The list (``restore/data/words/names.txt``, read by ``restore.english.names``) holds words
seen capitalised in mid-sentence at least ``MIN_COUNT`` times and never in lower case there.
Words whose lower-case use is ordinary English and whose capital is only house style ("the
Gulf", "the Senate", "Treasury bonds", the ``names_house_style`` table) are left out, so a
document's own style is never "corrected".

    python -m restore.lab.names [--corpus PATH] [--out PATH]
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from ..english import default_lexicon, word_set
from ..english.names import NAMES_PATH
from .corpus import find_corpus, train_paragraphs

MIN_COUNT = 20
COMMON_MIN_COUNT = 100
"""A word common in everyday English (Zipf >= 3.5) needs this much capitalised use."""
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
    house_style = word_set("names_house_style")
    return sorted(
        w for w, n in capital.items()
        if n >= MIN_COUNT and not lower[w] and w not in house_style
        and (n >= COMMON_MIN_COUNT or lexicon.zipf(w) < 3.5)
    )


def main(argv: list[str] | None = None) -> int:
    """Rebuild ``restore/data/words/names.txt`` from the training split of a corpus."""
    p = argparse.ArgumentParser(prog="python -m restore.lab.names", description=main.__doc__)
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
