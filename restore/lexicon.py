"""Word knowledge: how common a word is in English (wordfreq), whether it is in an English
spelling dictionary (pyspellchecker's), plus the house dictionary.

Passes ask the lexicon, never wordfreq directly, so a newsroom's own names and spellings
(the house dictionary) are respected everywhere at once.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from functools import lru_cache

APOSTROPHES = "'’‘`´"


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


FOREIGN_FUNCTION_WORDS = frozenset(
    "de la el los las que en del con por para una es se al le les des du et est une il und der "
    "die das dos da em não ne pas sur dans".split()
)
"""Function words of the languages most often quoted in English copy (Spanish, Portuguese,
French, German): English web frequencies rank several of them high ("de", "la", "que")."""


def looks_foreign(words: Iterable[str]) -> bool:
    """True if two or more of ``words`` are another language's function words."""
    return sum(w.lower() in FOREIGN_FUNCTION_WORDS for w in words) >= 2


def normalise(word: str) -> str:
    """The lookup key for a word: lower case, any apostrophe as ASCII."""
    for mark in APOSTROPHES:
        if mark in word:
            word = word.replace(mark, "'")
    return word.lower()


class Lexicon:
    """English word frequencies with a house dictionary layered on top.

    ``zipf`` is the Zipf scale used by wordfreq: 7 for "the", 3 for "azerbaijan",
    0 for a word never seen. House-dictionary words always count as known.
    """

    def __init__(self, house_words: Iterable[str] = ()) -> None:
        self._freq = _frequencies()
        self.house_words: frozenset[str] = frozenset(normalise(w) for w in house_words if w)

    def zipf(self, word: str) -> float:
        key = normalise(word)
        freq = self._freq.get(key)
        if freq is None:
            if key.endswith("'s"):
                freq = self._freq.get(key[:-2])
            if freq is None:
                return 0.0
        return round(math.log10(freq * 1e9), 2)

    def is_known(self, word: str, min_zipf: float = 1.0) -> bool:
        """True for house-dictionary words and words at least this common in English."""
        return normalise(word) in self.house_words or self.zipf(word) >= min_zipf

    def in_house(self, word: str) -> bool:
        return normalise(word) in self.house_words

    def in_dictionary(self, word: str) -> bool:
        """True for words an English spelling dictionary lists, and for house words."""
        key = normalise(word)
        return key in self.house_words or key in _spelling_dictionary()


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The shared lexicon with no house words (cheap to reuse across Restorers)."""
    return Lexicon()
