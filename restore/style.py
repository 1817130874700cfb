"""House style of one document: which quote marks and apostrophes it uses.

Repairs must keep the document's own style: a curly-quote story gets curly repairs, a
straight-quote story straight ones. Style is read from the document, never imposed.
"""

from __future__ import annotations

from dataclasses import dataclass


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
