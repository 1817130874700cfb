"""What a pass may know about the whole document beyond the text it is given.

A long document reaches the passes in chunks; the ``Context`` is built once from the whole
text, so every chunk is judged with the document's own quote style and word counts (a rare
name used several times is not a typo).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .english import WORD, HouseStyle, Lexicon, default_lexicon, detect_style


@dataclass(frozen=True)
class Context:
    """The document's lexicon (with house words), quote style and word counts.

    >>> ctx = Context.for_text("Talks in Kyiv. Kyiv said “no”.")
    >>> ctx.doc_count("Kyiv"), ctx.style.curly
    (2, True)
    """

    lexicon: Lexicon
    style: HouseStyle
    doc_words: Counter[str] = field(default_factory=Counter)

    def doc_count(self, word: str) -> int:
        return self.doc_words.get(word, 0)

    @classmethod
    def for_text(cls, text: str, lexicon: Lexicon | None = None) -> Context:
        """The context of a whole document: its quote style and its word counts."""
        return cls(
            lexicon=lexicon or default_lexicon(),
            style=detect_style(text),
            doc_words=Counter(WORD.findall(text)),
        )
