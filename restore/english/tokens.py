"""What a word is: the one home of every token pattern restore uses, with offsets.

Passes, the model and the lab all cut text with these, so "a word" means the same thing
everywhere. Each pattern says what it is for; a pass's own damage patterns (a glued "the",
a camel-case join) stay in the pass, built on these ideas.

>>> [(t.start, t.end, t.text) for t in words("Azerbaijan’s 2 rebels")]
[(0, 12, 'Azerbaijan’s'), (13, 14, '2'), (15, 21, 'rebels')]
>>> word_at("in Azerbaijanthe, region", 14, 17)
'Azerbaijanthe'
"""

from __future__ import annotations

import re
from typing import NamedTuple

MAX_WORD_CHARS = 60
"""The longest token any pass enumerates candidates for (typo edits, splits, near
spellings, completions). No dictionary word is longer than 45 letters and three glued
words rarely pass 60, while the work per token grows with its length squared (a
20,000-letter paste has a million edit-1 strings of 20,000 letters each): a longer run
of letters is a blob (base64, a token dump), not a typo."""


def too_long(word: str) -> bool:
    """True for a token longer than ``MAX_WORD_CHARS``: never a repair candidate."""
    return len(word) > MAX_WORD_CHARS


WORD = re.compile(r"\w+(?:['’]\w+)*")
"""A word as the document counts it: word characters with apostrophes inside kept
("Azerbaijan’s", "COVID19", "2020"). ``Context.doc_words`` counts these."""

LETTER_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
"""A word of letters only, in any script, apostrophes inside kept: what the lexicon can
judge ("conversación", "don’t"; not "COVID19", which gives "COVID")."""

LETTER_RUN = re.compile(r"[^\W\d_]+")
"""A run of letters in any script ("conversación" stays one run; "don’t" is two)."""

LATIN_WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ]+(?:['’][A-Za-z]+)?")
"""A word in Latin letters with at most one apostrophe ending: the words the noise
generator damages (``restore.lab.noise``)."""

TOKEN = re.compile(r"\S+")
"""A token as written: everything between two spaces ("said,", "“Yes"). The aligner
(``restore.english.align``) works on these."""

PIECE = re.compile(r"\w+|\s+|[^\w\s]")
"""The finest unit of text: a run of word characters, a run of whitespace or one mark.
The benchmark counts edits in these (``restore.english.align.token_edits``)."""

EDGE_PUNCTUATION = "\"'.,;:!?()[]{}«»“”‘’„…-–—"
"""Marks stripped from a token's ends to name the word an editor sees (``word_at``)."""

QUOTE_MARKS = "'’‘`\"“”«»"
"""Every quote mark and apostrophe restore knows."""

CORE_STRIP = QUOTE_MARKS + ".,;:!?()[]{}—–-"
"""Marks stripped from a token's ends to compare the words of two texts (``core``)."""

WORD_JOINERS = "'’-"
"""Characters that join letters into one word when widening a span (``whole_word_span``)."""


class Token(NamedTuple):
    """A piece of text and where it sits: ``source[start:end] == text``."""

    start: int
    end: int
    text: str


def words(text: str) -> list[Token]:
    """Every ``WORD`` of ``text`` with its offsets."""
    return [Token(m.start(), m.end(), m.group()) for m in WORD.finditer(text)]


def tokens(text: str) -> list[Token]:
    """Every whitespace-delimited ``TOKEN`` of ``text`` with its offsets."""
    return [Token(m.start(), m.end(), m.group()) for m in TOKEN.finditer(text)]


def core(token: str) -> str:
    """The word inside a token, for comparing texts: quotes, brackets, dashes and sentence
    marks stripped from both ends ("“Azerbaijan’s," -> "Azerbaijan’s")."""
    return token.strip(CORE_STRIP)


def pieces(text: str) -> list[Token]:
    """Every ``PIECE`` of ``text`` with its offsets (together they are the whole text)."""
    return [Token(m.start(), m.end(), m.group()) for m in PIECE.finditer(text)]


def words_around(text: str, start: int, end: int, n: int = 4, reach: int = 60) -> list[str]:
    """Up to ``n`` letter runs on each side of ``text[start:end]``, within ``reach`` chars."""
    return LETTER_RUN.findall(text, max(0, start - reach), start)[-n:] + LETTER_RUN.findall(text, end, end + reach)[:n]


def whole_word_span(text: str, start: int, end: int) -> tuple[int, int]:
    """[start, end) widened to whole words: letters, digits and ``WORD_JOINERS`` on either
    side are taken in ("the" inside "Azerbaijanthe" becomes all of it)."""
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] in WORD_JOINERS):
        start -= 1
    while end < len(text) and (text[end].isalnum() or text[end] in WORD_JOINERS):
        end += 1
    return start, end


def word_at(text: str, start: int, end: int) -> str:
    """The whole whitespace-delimited token(s) around [start, end), edge punctuation off.

    A minimal edit names only part of a word (``the`` → ``’s`` inside ``Azerbaijanthe``);
    an editor means the word as it stands in the copy.
    """
    a, b = start, end
    while a > 0 and not text[a - 1].isspace():
        a -= 1
    while b < len(text) and not text[b].isspace():
        b += 1
    return text[a:b].strip().strip(EDGE_PUNCTUATION)
