"""House style of one document: which quote marks and apostrophes it uses.

Repairs must keep the document's own style: a curly-quote story gets curly repairs, a
straight-quote story straight ones. Style is read from the document, never imposed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .wordlists import rows


@dataclass(frozen=True)
class HouseStyle:
    """The marks repairs should use in this document."""

    curly: bool  # True: ‘ ’ “ ”; False: ' "
    apostrophe: str  # ’ or '
    open_double: str
    close_double: str
    open_single: str
    close_single: str


CURLY = HouseStyle(True, "’", "“", "”", "‘", "’")
STRAIGHT = HouseStyle(False, "'", '"', '"', "'", "'")


def detect_style(text: str) -> HouseStyle:
    """Curly if the text uses more curly than straight quote marks, else straight.

    Ties go to curly. A text with no quote marks at all gives no evidence; it gets curly
    marks, as web and agency copy overwhelmingly uses them today (and the editor sees the
    repair before it is applied).

    >>> detect_style('He said "no".').curly
    False
    >>> detect_style("It’s “fine”.").curly
    True
    >>> detect_style("Talks resumed briefly.").curly
    True
    """
    curly = sum(text.count(c) for c in "‘’“”")
    straight = text.count('"') + text.count("'")
    return CURLY if curly >= straight else STRAIGHT


UK_MARKERS = frozenset(uk for uk, _ in rows("uk_us_spellings"))
US_MARKERS = frozenset(us for _, us in rows("uk_us_spellings"))


def detect_spelling(word_counts: Mapping[str, int]) -> str:
    """"uk" or "us": which spelling a repair that must choose ("Defence"/"Defense") uses.

    Read from the document's own words; with no evidence, US spelling, the larger share
    of English wire copy.

    >>> detect_spelling({"Defence": 1, "ministry": 2})
    'uk'
    >>> detect_spelling({"ministry": 2})
    'us'
    """
    uk = sum(n for w, n in word_counts.items() if w.lower() in UK_MARKERS)
    us = sum(n for w, n in word_counts.items() if w.lower() in US_MARKERS)
    return "uk" if uk > us else "us"


US_UK_ENDINGS = rows("uk_us_endings")
"""(UK, US) spelling pieces: colour/color, organise/organize, centre/center, ..."""


def is_us_uk_variant(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` are the same word in US and UK spelling (colour/color)."""
    a, b = a.lower(), b.lower()
    if a == b:
        return False
    for uk, us in US_UK_ENDINGS:
        for x, y in ((a, b), (b, a)):
            for i in range(len(x)):
                if x.startswith(uk, i) and x[:i] + us + x[i + len(uk) :] == y:
                    return True
    return False
