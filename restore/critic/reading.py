"""Sentences of a chunk, and what the language model reads in each (one pass per sentence).

The critic works on a *view* of the text: the repairs the rules are sure of applied (so the
model reads ``Azerbaijan’s``, not ``Azerbaijanthe``), with a map back to the original so a
candidate lands on the untouched original, or is dropped where it would touch a rule's
repair.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..english.align import View  # noqa: F401 - the view lives in the English layer now

SENTENCE_END = re.compile(r"(?<=[.!?])[”’\"')\]]*\s+(?=[“‘\"'(\[]?[A-Z0-9])|\n+")
MAX_SENTENCE_CHARS = 600
"""Longer runs (lists, tables, run-on captions) are read in pieces of about this size."""


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """[start, end) of each sentence of ``text`` (without the spaces between them)."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in SENTENCE_END.finditer(text):
        _add(text, start, m.start(), spans)
        start = m.end()
    _add(text, start, len(text), spans)
    return spans


def _add(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while end - start > MAX_SENTENCE_CHARS:  # cut a run-on at a comma or space
        cut = max(text.rfind(", ", start, start + MAX_SENTENCE_CHARS), text.rfind(" ", start, start + MAX_SENTENCE_CHARS // 2))
        cut = cut + 1 if cut > start else start + MAX_SENTENCE_CHARS
        spans.append((start, cut))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        spans.append((start, end))




@dataclass
class Reading:
    """One sentence as the language model read it.

    ``logprobs[t]`` is log p(token t | what comes before); ``hidden[t]`` is the model's
    state *before* token t (row 0: after the start marker), from which ``next_logprobs``
    gives the distribution over what could come at t instead.
    """

    text: str
    ids: list[int]
    offsets: list[tuple[int, int]]
    logprobs: list[float]
    hidden: object  # torch tensor [len(ids) + 1, d]
    lm: object
    watch: object = None  # [len(ids) + 1, len(watch ids)] log-probs of the watched ids
    cache: object = None  # per layer (keys, values) [heads, len(ids) + 1, dim]
    lse: object = None  # [len(ids) + 1] log-sum-exp of the logits at each position

    def token_at(self, char: int) -> int:
        """Index of the first token that ends after ``char`` (len(ids) at the end)."""
        for t, (a, b) in enumerate(self.offsets):
            if b > char:
                return t
        return len(self.ids)

    def span_logprob(self, start: int, end: int) -> float:
        """Summed log-probability of the tokens overlapping text[start:end]."""
        return float(sum(lp for (a, b), lp in zip(self.offsets, self.logprobs) if a < end and b > start))

    def alt_logprobs(self, requests: Sequence[tuple[int, int]]) -> list[float]:
        """log p(id | tokens < t) for each (t, id), from the saved states."""
        return self.lm.alt_logprobs(self.hidden, self.lse, requests)  # type: ignore[attr-defined]
