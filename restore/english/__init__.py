"""The English layer: what a word is, the word tables, the lexicon, house style.

Everything that knows English and nothing about damage or passes lives here, so passes,
the model, the critic and the benchmark share one definition of each idea:

- ``tokens``: the token patterns (``WORD``, ``LETTER_WORD``, ``TOKEN``, ...) and tokens
  with offsets (``words``, ``tokens``, ``word_at``, ``whole_word_span``, ``words_around``);
- ``wordlists``: the loader of the word tables in ``restore/data/words/`` (``word_set``,
  ``word_list``, ``rows``);
- ``lexicon``: ``Lexicon`` (wordfreq + spelling dictionary + house words), ``normalise``;
- ``style``: the document's quote style and spelling (``detect_style``, ``detect_spelling``,
  ``is_us_uk_variant``);
- ``names``: words English always capitalises; ``morphology``: glued-on pieces.

This layer imports nothing from restore but ``errors``.
"""

from .lexicon import Lexicon, default_lexicon, looks_foreign, normalise
from .style import CURLY, STRAIGHT, HouseStyle, detect_spelling, detect_style, is_us_uk_variant
from .tokens import (
    LETTER_RUN,
    LETTER_WORD,
    MAX_WORD_CHARS,
    TOKEN,
    WORD,
    Token,
    tokens,
    too_long,
    whole_word_span,
    word_at,
    words,
    words_around,
)
from .wordlists import rows, word_list, word_set

__all__ = [
    "CURLY",
    "LETTER_RUN",
    "LETTER_WORD",
    "MAX_WORD_CHARS",
    "STRAIGHT",
    "TOKEN",
    "WORD",
    "HouseStyle",
    "Lexicon",
    "Token",
    "default_lexicon",
    "detect_spelling",
    "detect_style",
    "is_us_uk_variant",
    "looks_foreign",
    "normalise",
    "rows",
    "tokens",
    "too_long",
    "whole_word_span",
    "word_at",
    "word_list",
    "word_set",
    "words",
    "words_around",
]
