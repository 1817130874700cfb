"""The Restorer: runs passes over a text, resolves overlaps, thresholds, batches.

This is the only place where suggestions from different passes meet: ``resolve`` is the
one place overlaps are settled.

How a batch of texts goes through (``Restorer._restore_many``):

1. each text is checked and cut into chunks at line breaks (``chunk_spans``); one
   ``Context`` per document;
2. every fast pass runs on every chunk;
3. every batched pass (the model, then the critic) gets all chunks of the batch at once,
   each with the resolved suggestions found so far for it (``prior``);
4. per document, the suggestions are resolved into a ``Restoration``.

Suggestions that touch a house-dictionary word (``dictionary.touches_house_word``) are
dropped as soon as a pass makes them, so they never take part in resolving, nor hide
another pass's suggestion from a batched pass.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from os import PathLike
from pathlib import Path

from . import model as _model  # noqa: F401 - registers the model pass (runs first)
from . import critic as _critic  # noqa: F401,I001 - registers the critic pass (runs after the model)
from . import passes as _passes  # noqa: F401 - registers the rule passes
from .config import DEFAULT_WEIGHTS, MAX_CHARS, Choice, RestorerConfig
from .context import Context
from .dictionary import touches_house_word
from .english import Lexicon, default_lexicon
from .english.align import View
from .errors import ConfigError, Errors, InputError
from .registry import BatchedPass, PassSpec, Tier, get_pass, registered_passes, tier_of
from .suggestion import DEFAULT_THRESHOLD, Restoration, Suggestion

log = logging.getLogger(__name__)

__all__ = ["BATCHED_CHARS", "CHUNK_CHARS", "MAX_CHARS", "Restorer", "chunk_spans", "lone_surrogate", "resolve", "restore"]

CHUNK_CHARS = 20_000
"""Long texts are split at line breaks into chunks of about this size, so memory and pass
cost stay bounded however long the document is."""

RULE_ROUNDS = 3
"""How often the fast passes may run on a chunk: once, then again while their confident
repairs reveal new damage (``Restorer._fast``)."""

BATCHED_CHARS = 64_000
"""A batched pass (the model, the critic) gets chunks in groups of about this many
characters: what it holds for a group (encoder states, readings) is then bounded by
this, not by the document (before: 1.3 GB for a 1 MB article with the model). Enough
for 16 typical articles in one group, so batching across documents is kept."""


def resolve(suggestions: Iterable[Suggestion]) -> list[Suggestion]:
    """Settle overlaps: keep a set of suggestions that can all be applied together.

    Order of preference:

    1. the source's tier (``registry.Tier``): an editor's own edit, then the rules, then
       the critic, then the model;
    2. higher confidence;
    3. the longer span;
    4. the earlier start;
    5. the pass name, then the replacement (so the result never depends on pass order).

    Suggestions whose spans only touch are both kept, except an insertion from a weaker
    tier at either edge of a stronger tier's edit: it would change that word again
    ("Azerbaijan’s" + "in "). No-op suggestions are dropped.

    >>> from restore import Kind, Suggestion
    >>> t = "a halt fighting"
    >>> rule = Suggestion.at(t, 7, 15, "combat", kind=Kind.WRONG_WORD, confidence=0.6, reason="r", source="spinner")
    >>> model = Suggestion.at(t, 7, 15, "fight", kind=Kind.WRONG_WORD, confidence=0.9, reason="m", source="model")
    >>> [s.replacement for s in resolve([model, rule])]
    ['combat']
    """
    candidates = [s for s in suggestions if s.replacement != s.original]
    tiers = {s.source: tier_of(s.source) for s in candidates}
    ranked = sorted(
        candidates,
        key=lambda s: (tiers[s.source], -s.confidence, -(s.end - s.start), s.start, s.source, s.replacement),
    )
    kept = _Kept()
    for candidate in ranked:
        kept.offer(candidate, tiers[candidate.source])
    return sorted(kept.taken, key=lambda s: (s.start, s.end))


class _Kept:
    """The suggestions kept so far, indexed by position so that each new candidate is
    checked against its neighbours only: O(log n) per candidate, where comparing it with
    every kept suggestion made resolving 32,000 suggestions take 48 s.

    Kept suggestions never overlap, so the kept spans are disjoint (sorted by start is
    sorted by end) and the kept insertions sit at distinct points, none strictly inside a
    kept span. The conflict rule is the one ``resolve`` states (``Suggestion.overlaps``
    plus the weaker-tier insertion at either edge of a stronger edit); the tests keep the
    pairwise version and check that both keep the same suggestions.
    """

    def __init__(self) -> None:
        from sortedcontainers import SortedList

        self.spans: SortedList = SortedList()  # (end, start, tier) of non-empty spans
        self.points: SortedList = SortedList()  # positions of insertions
        self.taken: list[Suggestion] = []

    def offer(self, s: Suggestion, tier: Tier) -> None:
        """Keep ``s`` unless it conflicts with a suggestion kept before it."""
        if self._conflicts(s.start, s.end, tier):
            return
        if s.start == s.end:
            self.points.add(s.start)
        else:
            self.spans.add((s.end, s.start, tier))
        self.taken.append(s)

    def _conflicts(self, start: int, end: int, tier: Tier) -> bool:
        spans, points = self.spans, self.points
        after = spans.bisect_right((start, _INF, _INF))  # the first span ending after start
        if start < end:
            if after < len(spans) and spans[after][1] < end:
                return True  # overlaps a kept span
            inside = points.bisect_right(start)
            return inside < len(points) and points[inside] < end  # a kept insertion inside
        if start in points:
            return True  # two insertions at one point: their order is undefined
        if after < len(spans) and spans[after][1] < start:
            return True  # strictly inside a kept span
        # at either edge of a stronger tier's edit it would change that word again
        if after < len(spans) and spans[after][1] == start and tier > spans[after][2]:
            return True
        return after > 0 and spans[after - 1][0] == start and tier > spans[after - 1][2]


_INF = float("inf")


_SURROGATE = re.compile("[\ud800-\udfff]")


def lone_surrogate(text: str) -> int | None:
    """The offset of the first lone surrogate in ``text``, or None. JSON allows
    ``"\\ud83d"`` alone and Python keeps it, but it is no character: it cannot be written
    as UTF-8, so it would fail every pass and every output file."""
    if text.isascii():
        return None
    m = _SURROGATE.search(text)
    return m.start() if m else None


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


def _groups(chunks: Sequence[tuple[int, int, str, Context]], limit: int) -> Iterator[list[int]]:
    """Indexes of ``chunks`` in consecutive groups of at most ``limit`` characters (a
    group holds at least one chunk)."""
    group: list[int] = []
    size = 0
    for k, (_, _, chunk, _) in enumerate(chunks):
        if group and size + len(chunk) > limit:
            yield group
            group, size = [], 0
        group.append(k)
        size += len(chunk)
    if group:
        yield group


def _house_words(config: RestorerConfig) -> list[str]:
    words = list(config.house_words)
    if config.dictionary is not None:
        from .dictionary import HouseDictionary

        words = list(HouseDictionary(Path(config.dictionary))) + words
    return [w for w in words if w]


class Restorer:
    """Finds damage in news copy and proposes repairs.

    Keywords build a ``RestorerConfig`` (or pass ``config=``): ``threshold``, ``passes``
    (fast passes by name), ``dictionary`` (a file or words), ``max_chars``, and one
    keyword per batched pass: ``model="default" | PATH | None``. The chosen batched
    passes load once, here.

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
        model: Choice = DEFAULT_WEIGHTS,
        max_chars: int = MAX_CHARS,
        config: RestorerConfig | None = None,
        **batched: Choice,
    ) -> None:
        if config is None:
            config = RestorerConfig.build(
                threshold=threshold, passes=passes, dictionary=dictionary, max_chars=max_chars,
                model=model, **batched,
            )
        for name, _ in config.weights:
            if not get_pass(name).batched:
                raise ConfigError(Errors.E017.format(name=name, known=", ".join(registered_passes(batched=True))))
        self.config = config
        names = list(config.passes) if config.passes is not None else registered_passes(batched=False)
        specs = [get_pass(name) for name in names]
        self.passes: list[PassSpec] = [s for s in specs if not s.batched]
        self.batched: dict[str, BatchedPass] = {}
        chosen = dict(config.weights)
        for name in registered_passes(batched=True):
            weights = config.weights_for(name) if get_pass(name).on_by_default or name in chosen else None
            if weights is not None:
                loaded = get_pass(name).load(weights)  # type: ignore[misc]
                if loaded is not None:
                    self.batched[name] = loaded
        self.lexicon: Lexicon = self._lexicon(_house_words(config))

    @classmethod
    def from_config(cls, config: RestorerConfig) -> Restorer:
        return cls(config=config)

    @property
    def threshold(self) -> float:
        return self.config.threshold

    @property
    def max_chars(self) -> int:
        return self.config.max_chars

    @property
    def model(self) -> BatchedPass | None:
        """The loaded seq2seq model pass, or None (rules only)."""
        return self.batched.get("model")

    @staticmethod
    def _lexicon(words: list[str]) -> Lexicon:
        return Lexicon(words) if words else default_lexicon()

    # -- single documents -------------------------------------------------------------

    def restore(self, text: str) -> Restoration:
        """Suggestions for one text. Empty text gives an empty restoration."""
        return self._restore_many([text])[0]

    def restore_batch(
        self, texts: Iterable[str], *, progress: bool = True, batch_size: int = 16
    ) -> Iterator[Restoration]:
        """Restorations for many texts, in order, streaming in constant memory.

        Documents are taken ``batch_size`` at a time so the batched passes can batch.
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

    # -- in stages: the fast passes first --------------------------------------------------

    def restore_stages(self, text: str) -> Iterator[Restoration]:
        """The restoration of ``text`` in stages, for a UI that shows the rules' repairs at
        once: first after the fast passes, then the full one after every batched pass
        (the model, the critic). The last one yielded is what ``restore`` returns; with no
        batched pass on, it is the only one. A suggestion of the first stage that is still
        there in the last keeps its id (ids come from the edit itself).

        >>> [len(r.suggestions) for r in Restorer(model=None).restore_stages("The the fire.")]
        [1]
        """
        for stage in self._stages([text], staged=True):
            yield stage[0]

    def restore_batch_stages(self, texts: Sequence[str]) -> Iterator[list[Restoration]]:
        """``restore_stages`` for many texts at once (the batched passes batch across them):
        a list of restorations, in order, per stage."""
        yield from self._stages(list(texts), staged=True)

    # -- the engine ---------------------------------------------------------------------

    def _check(self, text: object) -> str:
        if not isinstance(text, str):
            raise InputError(Errors.E007.format(type_name=type(text).__name__))
        if len(text) > self.max_chars:
            raise InputError(Errors.E008.format(size=len(text), limit=self.max_chars))
        if "\x00" in text:
            raise InputError(Errors.E015.format(why="NUL byte in text"))
        surrogate = lone_surrogate(text)
        if surrogate is not None:
            raise InputError(Errors.E021.format(path="the text", code=ord(text[surrogate]), offset=surrogate))
        return text

    def _context(self, text: str) -> Context:
        return Context.for_text(text, self.lexicon)

    def _restore_many(self, texts: Sequence[str]) -> list[Restoration]:
        *_, final = self._stages(texts, staged=False)
        return final

    def _stages(self, texts: Sequence[str], *, staged: bool) -> Iterator[list[Restoration]]:
        """The restorations of ``texts``: after the fast passes (only when ``staged`` and
        a batched pass is to come), then after every batched pass (always last)."""
        checked = [self._check(t) for t in texts]
        chunks: list[tuple[int, int, str, Context]] = []  # (doc index, offset, chunk, context)
        for i, text in enumerate(checked):
            if not text:
                continue
            ctx = self._context(text)
            chunks.extend((i, start, text[start:end], ctx) for start, end in chunk_spans(text))
        found: list[list[Suggestion]] = [self._fast(chunk, ctx) for _, _, chunk, ctx in chunks]
        if staged and self.batched:
            yield self._assemble(checked, chunks, found)
        for batched in self.batched.values():
            for group in _groups(chunks, BATCHED_CHARS):
                items = [(chunks[k][2], chunks[k][3], resolve(found[k])) for k in group]
                for k, new in zip(group, batched.suggest_many(items)):
                    found[k].extend(self._not_house(chunks[k][2], new))
        yield self._assemble(checked, chunks, found)

    def _fast(self, chunk: str, ctx: Context) -> list[Suggestion]:
        """The fast passes' suggestions for one chunk, run to a fixed point.

        One repair can reveal the next ("regardlessOf" -> "regardless Of" -> "regardless
        of"): a second ``restore`` of the result would suggest it, confidently. So the
        passes run again on the chunk with their confident repairs applied (a ``View``),
        and what they newly find is mapped back onto the original; a suggestion that would
        touch an applied repair is left out (that place is decided). At most
        ``RULE_ROUNDS`` rounds; clean copy, with no confident repair, takes one.
        """
        found = self._not_house(chunk, [s for spec in self.passes for s in spec.func(chunk, ctx)])  # type: ignore[misc]
        seen = {(s.start, s.end, s.replacement) for s in found}
        for _ in range(RULE_ROUNDS - 1):
            sure = [s for s in resolve(found) if s.confidence >= self.threshold]
            if not sure:
                break
            view = View.build(chunk, sure)
            new: list[Suggestion] = []
            for s in self._not_house(view.text, [s for spec in self.passes for s in spec.func(view.text, ctx)]):  # type: ignore[misc]
                span = view.to_original(s.start, s.end)
                if span is None or (span[0], span[1], s.replacement) in seen:
                    continue
                seen.add((span[0], span[1], s.replacement))
                new.append(Suggestion.at(
                    chunk, span[0], span[1], s.replacement, kind=s.kind, confidence=s.confidence,
                    reason=s.reason, source=s.source,
                ))
            if not any(s.confidence >= self.threshold for s in new):
                found.extend(new)
                break
            found.extend(new)
        return found

    def _assemble(
        self, texts: list[str], chunks: list[tuple[int, int, str, Context]], found: list[list[Suggestion]]
    ) -> list[Restoration]:
        per_doc: list[list[Suggestion]] = [[] for _ in texts]
        for (i, offset, _, _), f in zip(chunks, found):
            per_doc[i].extend(s.shifted(offset) if offset else s for s in f)
        return [
            Restoration(original=text, suggestions=tuple(resolve(f)), threshold=self.threshold)
            for text, f in zip(texts, per_doc)
        ]

    def set_house_words(self, words: Iterable[str]) -> None:
        """Replace the house dictionary (e.g. after an editor's "always ignore").

        Cheap: the batched passes stay loaded; only the lexicon is rebuilt.
        """
        from dataclasses import replace

        words = [w for w in words if w]
        self.config = replace(self.config, dictionary=None, house_words=tuple(words))
        self.lexicon = self._lexicon(words)

    def _not_house(self, text: str, suggestions: list[Suggestion]) -> list[Suggestion]:
        """Never suggest changing a word the newsroom told us to always ignore (``text``:
        the chunk the suggestions index; a chunk ends at a line break, so no word is cut)."""
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
