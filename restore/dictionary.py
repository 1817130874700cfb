"""The house dictionary: words and names a newsroom never wants flagged, and the one rule
for what they protect.

Stored as a UTF-8 text file, one entry per line, so it can be edited by hand and kept in
version control. Writes go through a temporary file and a rename, so a crash never leaves
a half-written dictionary.

``check_entry`` is the one rule for what may go in, ``dictionary_word`` the one rule for
when a card offers "Add to dictionary". ``touches_house_word`` is the one house-word filter: the pipeline drops every suggestion it
matches before resolving, and the UI's "Always ignore" uses the same rule
(``without_house_words``).
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from .english import WORD, default_lexicon, normalise, whole_word_span, word_at
from .suggestion import Kind, Restoration, Suggestion

_NOT_IGNORABLE = frozenset({Kind.DUPLICATE, Kind.PUNCTUATION, Kind.ARTIFACT, Kind.SHORTCODE})
"""Kinds where the word itself is fine and the damage is around it: nothing to remember."""

COMMON_ZIPF = 5.5
"""Words at least this common (the, of, said, year) are never offered for the dictionary."""

_HAS_WORD = re.compile(r"\w")


def ignorable_word(s: Suggestion, text: str | None = None) -> str | None:
    """What "Always ignore" adds to the house dictionary for ``s``, or None.

    With the original ``text`` the whole word around the edit is taken (``word_at``).
    Only an edit that touches a word can be ignored, and only a word or short name (no line
    breaks, at most 40 characters, not a common English word): punctuation, doubled words,
    template leftovers and insertions have nothing to remember.
    """
    if s.kind in _NOT_IGNORABLE or s.start == s.end or not _HAS_WORD.search(s.original):
        return None
    word = word_at(text, s.start, s.end) if text is not None else s.original.strip()
    if not word or "\n" in word or len(word) > 40 or not _HAS_WORD.search(word):
        return None
    if default_lexicon().zipf(word) >= COMMON_ZIPF:
        return None  # "the" or "of" in the dictionary would silence every repair near them
    return word


ENTRY_MAX_CHARS = 40
"""Longest house-dictionary entry: longer than any name a wire story spells, short enough
that a pasted paragraph is refused."""

_DICTIONARY_KINDS = frozenset({Kind.SPELLING, Kind.WRONG_WORD, Kind.CASE, Kind.RUN_TOGETHER, Kind.SPLIT_WORD})
"""Kinds where the flagged token may be a real word or name the engine does not know: a
foreign name "misspelt", a brand run together. Mojibake, quotes, possessives and the rest
flag damage, and damage never belongs in a dictionary."""

_ENTRY = re.compile(r"^\w+(?:['’.&-]\w+)*\.?$")
"""One word or name: letters/digits, joined inside by an apostrophe, hyphen, dot or "&"
(O’Brien, Jean-Luc, AT&T, U.S.)."""


def check_entry(entry: str) -> str:
    """``entry`` stripped, or a coded error unless it is one word or name (E150).

    The dictionary silences repairs, so what goes in is checked where it goes in: no line
    breaks or spaces, at most ``ENTRY_MAX_CHARS``, no common English word."""
    from .errors import Errors, InputError

    word = (entry or "").strip()
    why = None
    if not word:
        why = "it is empty"
    elif any(c in word for c in "\r\n\u2028\u2029"):
        why = "it spans lines"
    elif len(word) > ENTRY_MAX_CHARS:
        why = f"it has {len(word)} characters"
    elif not _ENTRY.match(word) or "_" in word:
        why = "it is not a single word or name"
    elif default_lexicon().zipf(word) >= COMMON_ZIPF:
        why = "it is a common English word, and would silence every repair near it"
    if why:
        shown = word if len(word) <= 60 else word[:57] + "…"
        raise InputError(Errors.E150.format(entry=shown, why=why, limit=ENTRY_MAX_CHARS))
    return word


def dictionary_word(s: Suggestion, text: str) -> str | None:
    """The word "Add to dictionary" would remember for ``s``, or None where it must not be
    offered: only a real word or name token (``check_entry``) flagged by a kind that can
    mistake one for damage. ``rebels‘the`` (a dropped possessive) is damage, not a name."""
    if s.kind not in _DICTIONARY_KINDS:
        return None
    word = ignorable_word(s, text)
    if word is None:
        return None
    try:
        word = check_entry(word)
    except ValueError:
        return None
    if s.kind in (Kind.RUN_TOGETHER, Kind.SPLIT_WORD) and default_lexicon().zipf(word) <= 0:
        return None  # "Azerbaijanthe" is two words glued: only a word the lexicon knows is kept
    return word


def touches_house_word(text: str, s: Suggestion, house: frozenset[str]) -> bool:
    """True if ``s`` changes (part of) a house-dictionary word of ``text`` (``house``:
    normalised words, ``english.normalise``).

    The span is widened to whole words first: "Azerbaijanthe" in the dictionary also
    protects it from a suggestion that only rewrites its last three letters; and the word
    an editor would have ignored (``ignorable_word``: "AT&T", edge marks off) counts too.
    """
    if not house:
        return False
    start, end = whole_word_span(text, s.start, s.end)
    region = text[start:end]
    if normalise(region.strip()) in house or any(normalise(w) in house for w in WORD.findall(region)):
        return True
    word = ignorable_word(s, text)
    return word is not None and normalise(word) in house


def without_house_words(r: Restoration, words: Iterable[str]) -> Restoration:
    """``r`` without the suggestions that touch one of ``words`` (``touches_house_word``)."""
    house = frozenset(normalise(w) for w in words if w)
    if not house:
        return r
    return replace(r, suggestions=tuple(s for s in r.suggestions if not touches_house_word(r.original, s, house)))



def restore_home() -> Path:
    """Where restore keeps its files: ``$RESTORE_HOME``, else ``~/.restore`` (read each call)."""
    return Path(os.environ.get("RESTORE_HOME") or Path.home() / ".restore")


def default_dictionary_path() -> Path:
    return restore_home() / "house-dictionary.txt"


class HouseDictionary:
    """A set of words persisted to ``path`` (default: ``default_dictionary_path()``)."""

    def __init__(self, path: Path | str | None = None) -> None:
        self.path = Path(path) if path is not None else default_dictionary_path()
        self._words: list[str] = []
        if self.path.exists():
            seen: set[str] = set()
            for line in self.path.read_text(encoding="utf-8").splitlines():
                word = line.strip()
                if word and not word.startswith("#") and word not in seen:
                    seen.add(word)
                    self._words.append(word)

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._words))

    def __len__(self) -> int:
        return len(self._words)

    def __contains__(self, word: object) -> bool:
        return word in self._words

    def add(self, word: str) -> None:
        word = word.strip()
        if word and word not in self._words:
            self._words.append(word)
            self._save()

    def remove(self, word: str) -> None:
        if word in self._words:
            self._words.remove(word)
            self._save()

    def _save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".dict-", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write("".join(f"{w}\n" for w in self._words))
        os.replace(tmp, self.path)
