"""Word knowledge: how common a word is in English (wordfreq), whether it is in an English
spelling dictionary (pyspellchecker's), plus the house dictionary.

Passes ask the lexicon, never wordfreq directly, so a newsroom's own names and spellings
(the house dictionary) are respected everywhere at once. A ``Lexicon`` caches what it
computes itself, so the caches go when it goes (the UI builds a new one per dictionary
edit).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from functools import lru_cache

from .style import is_us_uk_variant
from .tokens import too_long
from .wordlists import word_set

APOSTROPHES = "'’‘`´"
ALPHABET = "abcdefghijklmnopqrstuvwxyz"
MIN_CANDIDATE_ZIPF = 3.0
"""A word one keystroke away counts as a candidate repair only if at least this common."""
ZIPF_CACHE = 300_000
CANDIDATE_CACHE = 50_000


@lru_cache(maxsize=1)
def _frequencies() -> dict[str, float]:
    """wordfreq's English list ('best': large + small sources), loaded once (~0.2 s)."""
    import wordfreq

    return wordfreq.get_frequency_dict("en", wordlist="best")


@lru_cache(maxsize=1)
def _spelling_dictionary() -> frozenset[str]:
    """pyspellchecker's English word list (inflections included, common misspellings
    such as "recieved" left out, unlike web frequency lists), loaded once (~0.15 s)."""
    from spellchecker import SpellChecker

    return frozenset(SpellChecker(language="en", distance=1).word_frequency.dictionary)


def looks_foreign(words: Iterable[str]) -> bool:
    """True if two or more of ``words`` are another language's function words
    (``foreign_function_words``)."""
    foreign = word_set("foreign_function_words")
    return sum(w.lower() in foreign for w in words) >= 2


def normalise(word: str) -> str:
    """The lookup key for a word: lower case, any apostrophe as ASCII."""
    for mark in APOSTROPHES:
        if mark in word:
            word = word.replace(mark, "'")
    return word.lower()


def edits1(word: str) -> set[str]:
    """Every string one deletion, transposition, substitution or insertion from ``word``."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = {a + b[1:] for a, b in splits if b}
    transposes = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    replaces = {a + c + b[1:] for a, b in splits if b for c in ALPHABET}
    inserts = {a + c + b for a, b in splits for c in ALPHABET}
    return (deletes | transposes | replaces | inserts) - {word}


def _only_an_ending(word: str, candidate: str) -> bool:
    """True when one word is the other plus a few letters at the end (an inflection)."""
    short, long_ = sorted((word, candidate), key=len)
    return long_.startswith(short)


class Lexicon:
    """English word frequencies with a house dictionary layered on top.

    ``zipf`` is the Zipf scale used by wordfreq: 7 for "the", 3 for "azerbaijan",
    0 for a word never seen. House-dictionary words always count as known.
    """

    def __init__(self, house_words: Iterable[str] = ()) -> None:
        self._freq = _frequencies()
        self.house_words: frozenset[str] = frozenset(normalise(w) for w in house_words if w)
        # per-instance caches: they live and die with this lexicon
        self.zipf = lru_cache(maxsize=ZIPF_CACHE)(self._zipf)  # type: ignore[method-assign]
        self.candidates = lru_cache(maxsize=CANDIDATE_CACHE)(self._candidates)  # type: ignore[method-assign]

    def _zipf(self, word: str) -> float:
        key = normalise(word)
        freq = self._freq.get(key)
        if freq is None:
            if key.endswith("'s"):
                freq = self._freq.get(key[:-2])
            if freq is None:
                return 0.0
        return round(math.log10(freq * 1e9), 2)

    def zipf(self, word: str) -> float:  # replaced by a cached copy in __init__
        return self._zipf(word)

    def is_known(self, word: str, min_zipf: float = 1.0) -> bool:
        """True for house-dictionary words and words at least this common in English."""
        return normalise(word) in self.house_words or self.zipf(word) >= min_zipf

    def in_house(self, word: str) -> bool:
        return normalise(word) in self.house_words

    def in_dictionary(self, word: str) -> bool:
        """True for words an English spelling dictionary lists, and for house words."""
        key = normalise(word)
        return key in self.house_words or key in _spelling_dictionary()

    def _candidates(self, word: str) -> tuple[tuple[str, float], ...]:
        if too_long(word):
            return ()  # a blob, not a typo: its edits would cost len(word)**2 memory
        found = []
        for cand in edits1(word):
            z = self.zipf(cand)
            if (
                z >= MIN_CANDIDATE_ZIPF
                and self.in_dictionary(cand)
                and not _only_an_ending(word, cand)
                and not is_us_uk_variant(word, cand)
            ):
                found.append((cand, z))
        return tuple(sorted(found, key=lambda x: (-x[1], x[0])))

    def candidates(self, word: str) -> tuple[tuple[str, float], ...]:  # cached in __init__
        """Common dictionary words one keystroke from ``word``, commonest first, with their
        Zipf frequency; inflections ("pandemic" for "pandemics") and US/UK variants are
        not candidates; nor has a word longer than ``MAX_WORD_CHARS``. The spelling and
        run-together passes rank typos with this.

        >>> default_lexicon().candidates("goverment")[0][0]
        'government'
        """
        return self._candidates(word)


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The shared lexicon with no house words (cheap to reuse across Restorers)."""
    return Lexicon()
