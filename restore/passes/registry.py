"""The registry of repair passes (spaCy-style): each pass registers itself by name.

A pass is a plain function ``(text, ctx) -> list[Suggestion]``. It never edits text; it
proposes. Overlaps between passes are settled in one place, ``pipeline.resolve``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from ..errors import ConfigError, Errors
from ..lexicon import Lexicon, default_lexicon
from ..style import HouseStyle, detect_style
from ..suggestion import Kind, Suggestion


WORD_RE = re.compile(r"\w+(?:['’]\w+)*")
"""A word as the document counts it (apostrophes inside words kept: "Azerbaijan’s")."""
LETTER_RUN = re.compile(r"[^\W\d_]+")
"""A run of letters in any script ("conversación" stays one word)."""


def words_around(text: str, start: int, end: int, n: int = 4, reach: int = 60) -> list[str]:
    """Up to ``n`` letter runs on each side of ``text[start:end]``, within ``reach`` chars."""
    return LETTER_RUN.findall(text, max(0, start - reach), start)[-n:] + LETTER_RUN.findall(text, end, end + reach)[:n]


@dataclass(frozen=True)
class Context:
    """What a pass may know about the whole document beyond the text it is given.

    ``text`` given to a pass may be one chunk of a long document; ``doc_words`` counts the
    words of the whole document, so a rare name used several times is not mistaken for a
    typo.
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
            doc_words=Counter(WORD_RE.findall(text)),
        )


PassFn = Callable[[str, Context], list[Suggestion]]


@dataclass(frozen=True)
class PassSpec:
    name: str
    func: PassFn
    kinds: tuple[Kind, ...]
    examples: tuple[tuple[str, str], ...]
    """(damaged, repaired) pairs: documentation that the tests run."""


_REGISTRY: dict[str, PassSpec] = {}


def register_pass(
    name: str, *, kinds: tuple[Kind, ...], examples: tuple[tuple[str, str], ...] = ()
) -> Callable[[PassFn], PassFn]:
    """Decorator: make ``func`` available to ``Restorer(passes=[name, ...])``."""

    def decorate(func: PassFn) -> PassFn:
        _REGISTRY[name] = PassSpec(name, func, kinds, examples)
        return func

    return decorate


def get_pass(name: str) -> PassSpec:
    try:
        return _REGISTRY[name]
    except KeyError:
        raise ConfigError(Errors.E001.format(name=name, known=", ".join(sorted(_REGISTRY)))) from None


def registered_passes() -> list[str]:
    return list(_REGISTRY)
