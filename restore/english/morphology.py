"""How damaged words are put together: the pieces a glued-on word leaves behind.

>>> from restore.english import default_lexicon
>>> glued_the("Russiathe", default_lexicon()), glued_the("breathe", default_lexicon())
(True, False)
"""

from __future__ import annotations

from collections.abc import Callable

from .lexicon import Lexicon
from .wordlists import word_set


def _never(_word: str) -> int:
    return 0


def glued_the(token: str, lexicon: Lexicon, doc_count: Callable[[str], int] = _never) -> bool:
    """True if ``token`` looks like a known word with "the" glued on (e.g. "Russiathe").

    ``doc_count(word)``: how often the document uses a word (a name used twice is a
    name). The possessive pass repairs such tokens; the run-together pass leaves them to it.
    """
    if len(token) < 7 or not token.endswith("the"):
        return False  # a stem of 4+ letters: "Gathe", "Anthe" are names
    stem = token[:-3].rsplit("-", 1)[-1]  # "president-electthe": judge "elect"
    token = stem + "the"
    if len(token) < 7:
        return False
    if doc_count(token) > 1 or lexicon.is_known(token):
        return False
    if stem[:1].islower() and (stem.endswith(("ed", "ing")) or stem in word_set("not_possessors")):
        return False  # "draftedthe", "duringthe": a verb or preposition lost its space
    return lexicon.zipf(stem) >= 3.0
