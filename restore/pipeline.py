"""The Restorer: runs passes over a text, resolves overlaps, thresholds, batches.

This is the only place where suggestions from different passes meet.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from os import PathLike
from pathlib import Path
from typing import Protocol

from . import passes  # noqa: F401 - registers the rule passes
from .context import Context
from .english import WORD, Lexicon, default_lexicon, normalise, whole_word_span
from .errors import ConfigError, Errors, InputError
from .registry import get_pass, registered_passes
from .suggestion import DEFAULT_THRESHOLD, Restoration, Suggestion

log = logging.getLogger(__name__)

MAX_CHARS = 10_000_000
"""Largest text accepted in one call (about 1.6 million words)."""

CHUNK_CHARS = 20_000
"""Long texts are split at line breaks into chunks of about this size, so memory and pass
cost stay bounded however long the document is."""



class ModelPass(Protocol):
    """A context pass (the seq2seq model): sees many chunks at once so it can batch.

    ``prior`` holds the deterministic suggestions for each chunk, so the model can leave
    alone what the rules already repair.
    """

    name: str

    def suggest_many(
        self, items: Sequence[tuple[str, Context, Sequence[Suggestion]]]
    ) -> list[list[Suggestion]]: ...


def resolve(suggestions: Iterable[Suggestion]) -> list[Suggestion]:
    """Settle overlaps: keep a set of suggestions that can all be applied together.

    Order of preference: higher confidence, then the longer span, then the earlier start,
    then the pass name (so the result never depends on pass order). Suggestions whose
    spans only touch are both kept. No-op suggestions are dropped.
    """
    ranked = sorted(
        (s for s in suggestions if s.replacement != s.original),
        key=lambda s: (-s.confidence, -(s.end - s.start), s.start, s.source, s.replacement),
    )
    kept: list[Suggestion] = []
    for candidate in ranked:
        if not any(candidate.overlaps(k) for k in kept):
            kept.append(candidate)
    return sorted(kept, key=lambda s: (s.start, s.end))


def touches_house_word(text: str, s: Suggestion, house: frozenset[str]) -> bool:
    """True if ``s`` changes (part of) a house-dictionary word of ``text``.

    The span is widened to whole words first: "Azerbaijanthe" in the dictionary also
    protects it from a suggestion that only rewrites its last three letters.
    """
    start, end = whole_word_span(text, s.start, s.end)
    region = text[start:end]
    return normalise(region.strip()) in house or any(
        normalise(w) in house for w in WORD.findall(region)
    )


def chunk_spans(text: str, size: int = CHUNK_CHARS) -> list[tuple[int, int]]:
    """Split ``text`` into [start, end) spans of about ``size`` chars, cut after newlines."""
    spans: list[tuple[int, int]] = []
    start = 0
    n = len(text)
    while start < n:
        end = min(start + size, n)
        if end < n:
            cut = text.rfind("\n", start, end)
            if cut <= start:  # one enormous line: cut at a space, else hard
                cut = text.rfind(" ", start, end)
            end = cut + 1 if cut > start else end
        spans.append((start, end))
        start = end
    return spans


def _load_house_words(dictionary: str | PathLike[str] | Iterable[str] | None) -> list[str]:
    if dictionary is None:
        return []
    if isinstance(dictionary, (str, PathLike)):
        from .dictionary import HouseDictionary

        return list(HouseDictionary(Path(dictionary)))
    return [w for w in dictionary]


class Restorer:
    """Finds damage in news copy and proposes repairs.

    >>> r = Restorer(model=None).restore("The the fire spread.")
    >>> [(s.original, s.replacement) for s in r.suggestions]
    [('The the', 'The')]
    """

    def __init__(
        self,
        *,
        threshold: float = DEFAULT_THRESHOLD,
        passes: Sequence[str] | None = None,
        dictionary: str | PathLike[str] | Iterable[str] | None = None,
        model: str | PathLike[str] | None = "default",
        max_chars: int = MAX_CHARS,
    ) -> None:
        if not (0.0 <= threshold <= 1.0):
            raise ConfigError(Errors.E012.format(threshold=threshold))
        self.threshold = threshold
        self.max_chars = max_chars
        names = list(passes) if passes is not None else registered_passes()
        self.passes = [get_pass(name) for name in names]
        house_words = _load_house_words(dictionary)
        self.lexicon: Lexicon = Lexicon(house_words) if house_words else default_lexicon()
        self.model: ModelPass | None = self._load_model(model)

    @staticmethod
    def _load_model(model: str | PathLike[str] | None) -> ModelPass | None:
        """``"default"``: the shipped model when installed; a path: that checkpoint;
        ``None``: rules only."""
        if model is None:
            return None
        from .model import load_model_pass  # torch is imported only when a model is used

        return load_model_pass(None if model == "default" else Path(model))

    # -- single documents -------------------------------------------------------------

    def restore(self, text: str) -> Restoration:
        """Suggestions for one text. Empty text gives an empty restoration."""
        return self._restore_many([text])[0]

    def restore_batch(
        self, texts: Iterable[str], *, progress: bool = True, batch_size: int = 16
    ) -> Iterator[Restoration]:
        """Restorations for many texts, in order, streaming in constant memory.

        Documents are taken ``batch_size`` at a time so the model can batch its windows.
        """
        from tqdm.auto import tqdm

        total = len(texts) if hasattr(texts, "__len__") else None  # type: ignore[arg-type]
        iterator = iter(texts)
        with tqdm(total=total, disable=not progress, unit="doc", desc="restore") as bar:
            while True:
                group = list(islice(iterator, batch_size))
                if not group:
                    return
                for restoration in self._restore_many(group):
                    bar.update(1)
                    yield restoration

    # -- the engine ---------------------------------------------------------------------

    def _check(self, text: object) -> str:
        if not isinstance(text, str):
            raise InputError(Errors.E007.format(type_name=type(text).__name__))
        if len(text) > self.max_chars:
            raise InputError(Errors.E008.format(size=len(text), limit=self.max_chars))
        if "\x00" in text:
            raise InputError(Errors.E015.format(why="NUL byte in text"))
        return text

    def _context(self, text: str) -> Context:
        return Context.for_text(text, self.lexicon)

    def _restore_many(self, texts: Sequence[str]) -> list[Restoration]:
        checked = [self._check(t) for t in texts]
        per_doc: list[list[Suggestion]] = [[] for _ in checked]
        model_items: list[tuple[str, Context, Sequence[Suggestion]]] = []
        model_owner: list[tuple[int, int]] = []  # (doc index, chunk offset)
        for i, text in enumerate(checked):
            if not text:
                continue
            ctx = self._context(text)
            for start, end in chunk_spans(text):
                chunk = text[start:end]
                found: list[Suggestion] = []
                for spec in self.passes:
                    found.extend(spec.func(chunk, ctx))
                if self.model is not None:
                    model_items.append((chunk, ctx, resolve(found)))
                    model_owner.append((i, start))
                per_doc[i].extend(s.shifted(start) if start else s for s in found)
        if self.model is not None and model_items:
            for (i, offset), found in zip(model_owner, self.model.suggest_many(model_items)):
                per_doc[i].extend(s.shifted(offset) if offset else s for s in found)
        return [
            Restoration(
                original=text,
                suggestions=tuple(self._filter_house(text, resolve(found))),
                threshold=self.threshold,
            )
            for text, found in zip(checked, per_doc)
        ]

    def set_house_words(self, words: Iterable[str]) -> None:
        """Replace the house dictionary (e.g. after an editor's "always ignore").

        Cheap: the model stays loaded; only the lexicon is rebuilt.
        """
        words = [w for w in words if w]
        self.lexicon = Lexicon(words) if words else default_lexicon()

    def _filter_house(self, text: str, suggestions: list[Suggestion]) -> list[Suggestion]:
        """Never suggest changing a word the newsroom told us to always ignore."""
        house = self.lexicon.house_words
        if not house:
            return suggestions
        return [s for s in suggestions if not touches_house_word(text, s, house)]


_default_restorer: Restorer | None = None


def restore(text: str, **options: object) -> Restoration:
    """Restore one text with a Restorer built from ``options`` (see ``Restorer``).

    With no options the same default Restorer is reused, so the model loads once.
    """
    global _default_restorer
    if options:
        return Restorer(**options).restore(text)  # type: ignore[arg-type]
    if _default_restorer is None:
        _default_restorer = Restorer()
    return _default_restorer.restore(text)
