"""The critic pass: read each sentence once, propose from channels, verify with the model.

1. Detect: one batched forward pass per sentence (``LanguageModel.read``) gives every
   token's log-probability and, at every gap, how likely each closed-set word would be.
2. Propose: each channel (``channels.py``) looks where the reading points and proposes
   edits that its kind of damage explains.
3. Verify: every candidate's sentence is scored whole, with and without the edit, so the
   words on both sides count; the gain and the channel's evidence become a calibrated
   confidence (``verify.py``). Rival candidates at one place share the evidence.

The critic also reviews the seq2seq model's suggestions: a model edit the language model
does not find more likely loses its confidence, so it is shown, never applied.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from ..context import Context
from ..suggestion import DEFAULT_THRESHOLD, Kind, Suggestion
from .channels import CHANNELS, DROPPED_WORDS, Candidate, Resources, common_words
from .lm import LanguageModel
from .reading import Reading, View, sentence_spans
from .thesaurus import Neighbours, table_sources, wordnet_related
from .verify import Evidence, Verifier, changed_word_zipfs

log = logging.getLogger(__name__)

NAME = "critic"
MIN_SENTENCE_WORDS = 4
MIN_SHOWN = 0.05
"""Candidates less likely right than this are not shown at all. Low, because "right"
in calibration means exactly the gold word: at a clearly damaged gap the model's "to"
for AFP's "in" counts as wrong there, yet it is the question the editor should see."""
MAX_CANDIDATES_PER_CHANNEL = 12
"""Per sentence and channel: beyond this many, a sentence is too broken to judge one edit
at a time, and only the channel's clearest evidence is scored."""
WINDOW = 12
"""Tokens after an edit that its score still counts (``None``: to the sentence end)."""
SHORT_WINDOW = 2
"""The same for the first, cheap look that decides which candidates get the full score."""


@dataclass
class Scoring:
    candidate: Candidate
    sentence: int
    gain: float = 0.0
    short_gain: float = 0.0
    """The gain counting only ``SHORT_WINDOW`` tokens past the edit: a cheap first look."""


class CriticPass:
    """A batched pass (the pipeline's ``ModelPass`` protocol) backed by SmolLM2-135M."""

    name = NAME

    def __init__(self, lm: LanguageModel, verifier: Verifier | None = None, channels: Sequence[str] | None = None) -> None:
        self.lm = lm
        self.verifier = verifier or Verifier.load()
        self.channels = list(channels) if channels is not None else list(CHANNELS)
        self.dropped_ids = {i: w for w in DROPPED_WORDS if (i := lm.word_id(" " + w)) is not None}
        self._neighbours = Neighbours(lm)
        self.warm_up()
        self.window: int | None = WINDOW
        self.stats = {"sentences": 0, "candidates": 0, "read_s": 0.0, "verify_s": 0.0}

    @classmethod
    def load(cls, path: str | Path | None = None) -> CriticPass:
        return cls(LanguageModel.load(path))

    def warm_up(self) -> None:
        """Build the word lists now, so the first document does not pay for them."""
        _common_set()
        _by_prefix()
        common_words(3.5)
        wordnet_related("word", _common_set().__contains__)
        _names()

    # -- resources --------------------------------------------------------------------

    def resources(self, ctx: Context) -> Resources:
        zipf = ctx.lexicon.zipf
        return Resources(
            zipf=zipf,
            related=self._related,
            completions=_completions,
            neighbours_by_spelling=_near_spellings,
            names=_names(),
            word_id=self.lm.word_id,
            first_id=self.lm.first_id,
            dropped_ids=self.dropped_ids,
        )

    def _related(self, word: str) -> list[tuple[str, str]]:
        return _related(word, self._neighbours)

    # -- the ModelPass protocol -------------------------------------------------------

    def suggest_many(
        self, items: Sequence[tuple[str, Context, Sequence[Suggestion]]], *, threshold: float = DEFAULT_THRESHOLD
    ) -> list[list[Suggestion]]:
        """Suggestions for each (chunk, context, prior suggestions) item.

        The chunk is read with the confident prior repairs applied; candidates that
        would touch one are left out (the rules own that place)."""
        out: list[list[Suggestion]] = [[] for _ in items]
        for k, judged in enumerate(self.judge_many(items, threshold=threshold)):
            for start, end, ev, sentence in judged:
                conf = self.verifier.confidence(ev)
                if conf < MIN_SHOWN:
                    continue
                c = ev.candidate
                out[k].append(
                    Suggestion.at(
                        items[k][0], start, end, c.replacement, kind=c.kind, confidence=round(conf, 4),
                        reason=reason(sentence, c, ev.gain), source=NAME,
                    )
                )
        return out

    def judge_many(
        self,
        items: Sequence[tuple[str, Context, Sequence[Suggestion]]],
        *,
        threshold: float = DEFAULT_THRESHOLD,
        gated: bool = True,
        verify: bool = True,
    ) -> list[list[tuple[int, int, Evidence, str]]]:
        """Every candidate of each item with its evidence, as (start, end) on the item's
        text, the evidence and the sentence it was judged in. ``gated=False`` keeps the
        candidates the channels' gates would drop, ``verify=False`` skips the whole-
        sentence scores (the lab uses both to tune the gates)."""
        views: list[View] = []
        sentences: list[tuple[int, int, int]] = []  # (item, view start, view end)
        for k, (text, _ctx, prior) in enumerate(items):
            view = View.build(text, [p for p in prior if p.confidence >= threshold])
            views.append(view)
            for s, e in sentence_spans(view.text):
                if len(view.text[s:e].split()) >= MIN_SENTENCE_WORDS:
                    sentences.append((k, s, e))
        out: list[list[tuple[int, int, Evidence, str]]] = [[] for _ in items]
        if not sentences:
            return out
        started = time.perf_counter()
        readings = self.lm.read([views[k].text[s:e] for k, s, e in sentences], watch=list(self.dropped_ids))
        self.stats["read_s"] += time.perf_counter() - started
        self.stats["sentences"] += len(sentences)
        started = time.perf_counter()
        resources = [self.resources(items[k][1]) for k in range(len(items))]
        scorings: list[Scoring] = []
        for n, ((k, s, e), reading) in enumerate(zip(sentences, readings)):
            found = [c for name in self.channels for c in CHANNELS[name](reading, resources[k])]
            found = _dedupe(found + _unsure_rules(items[k][2], views[k], s, e, threshold))
            if gated:
                found = _capped([c for c in found if c.prior >= self.verifier.gate(c.channel)])
            scorings.extend(Scoring(c, n) for c in found)
        self.stats["candidates"] += len(scorings)
        if verify:
            self._score(scorings, readings, window=SHORT_WINDOW)
            for sc in scorings:
                sc.short_gain = sc.gain
            if gated:
                scorings = [sc for sc in scorings if sc.short_gain >= self.verifier.short_gate(sc.candidate.channel)]
            self._score(scorings, readings, window=self.window)
        for ev, sc in self._evidence(scorings, readings, resources, sentences):
            k, s, _e = sentences[sc.sentence]
            c = ev.candidate
            span = views[k].to_original(s + c.start, s + c.end)
            if span is not None:
                out[k].append((span[0], span[1], ev, readings[sc.sentence].text))
        self.stats["verify_s"] += time.perf_counter() - started
        return out

    # -- verification -----------------------------------------------------------------

    def _score(self, scorings: list[Scoring], readings: list[Reading], *, window: int | None) -> None:
        """Sentence-level gain of each candidate: log p(edited) - log p(as is).

        The tokens before the first one the edit changes are the same in both, so they are
        not read again (the suffix continues from the reading pass's keys and values), and
        the tokens more than ``window`` past the edit are left out on both sides: by
        then the two sentences agree again and an edit's effect has died away."""
        jobs, spans = [], []
        for sc in scorings:
            r = readings[sc.sentence]
            c = sc.candidate
            ids = self.lm.encode(r.text[: c.start] + c.replacement + r.text[c.end :])[0]
            k = 0
            while k < min(len(ids), len(r.ids)) and ids[k] == r.ids[k]:
                k += 1
            same = 0  # tokens shared at the end
            while same < min(len(ids), len(r.ids)) - k and ids[-1 - same] == r.ids[-1 - same]:
                same += 1
            stop_new = len(ids) if window is None else min(len(ids), len(ids) - same + window)
            stop_old = len(r.ids) if window is None else min(len(r.ids), len(r.ids) - same + window)
            jobs.append((r, k, ids[k:stop_new]))
            spans.append((k, stop_old))
        for sc, (k, stop), total in zip(scorings, spans, self.lm.suffix_logprobs(jobs)):
            sc.gain = float(total - sum(readings[sc.sentence].logprobs[k:stop]))

    def _evidence(self, scorings, readings, resources, sentences):  # noqa: ANN001
        out = []
        places: dict[tuple[int, int, int], list[Scoring]] = {}
        for sc in scorings:
            c = sc.candidate
            places.setdefault((sc.sentence, c.start, c.end), []).append(sc)
        for sc in scorings:
            c = sc.candidate
            rivals = [o.gain for o in _overlapping(sc, scorings) if o is not sc]
            margin = sc.gain - max(rivals) if rivals else sc.gain
            r = readings[sc.sentence]
            zipf = resources[sentences[sc.sentence][0]].zipf
            zipf_original, zipf_replacement = changed_word_zipfs(r.text[c.start : c.end], c.replacement, zipf)
            out.append(
                (
                    Evidence(
                        short_gain=sc.short_gain,
                        candidate=c,
                        gain=sc.gain,
                        margin=margin,
                        zipf_original=zipf_original,
                        zipf_replacement=zipf_replacement,
                        edit_chars=abs(len(c.replacement) - (c.end - c.start)) + sum(
                            a != b for a, b in zip(r.text[c.start : c.end], c.replacement)
                        ),
                    ),
                    sc,
                )
            )
        return out

    # -- reviewing the seq2seq model ----------------------------------------------------

    def review(self, text: str, suggestions: Sequence[Suggestion], *, min_gain: float = 2.0) -> list[Suggestion]:
        """The model's suggestions, each kept only as far as the language model agrees:
        one whose sentence gains less than ``min_gain`` nats drops below the threshold."""
        if not suggestions:
            return []
        spans = sentence_spans(text)
        jobs = []
        for s in suggestions:
            where = next(((a, b) for a, b in spans if a <= s.start and s.end <= b), None)
            if where is None:
                where = (max(0, s.start - 200), min(len(text), s.end + 200))
            a, b = where
            sentence = text[a:b]
            jobs.append((sentence, sentence[: s.start - a] + s.replacement + sentence[s.end - a :]))
        scores = self.lm.sentence_logprobs([x for pair in jobs for x in pair])
        out = []
        for i, s in enumerate(suggestions):
            gain = scores[2 * i + 1] - scores[2 * i]
            if gain < min_gain:
                out.append(replace(s, confidence=min(s.confidence, 0.5), reason=s.reason + " The language model does not find the repair more likely, so it is only a question."))
            else:
                out.append(s)
        return out


UNSURE_KINDS = frozenset({Kind.POSSESSIVE, Kind.RUN_TOGETHER, Kind.SPLIT_WORD, Kind.CASE, Kind.DUPLICATE})
"""Kinds whose rule guesses below the threshold the critic may confirm."""


def _unsure_rules(prior: Sequence[Suggestion], view: View, start: int, end: int, threshold: float) -> list[Candidate]:
    """Rule suggestions too unsure to apply (``Azerbaijanthe`` -> ``Azerbaijan the`` or
    ``Azerbaijan’s``?), as candidates of the sentence view[start:end]: the channel is the
    rule's own kind of damage, its evidence the rule's confidence."""
    out = []
    for p in prior:
        if p.confidence >= threshold or p.kind not in UNSURE_KINDS:
            continue
        span = view.from_original(p.start, p.end)
        if span is None or not (start <= span[0] and span[1] <= end):
            continue
        out.append(Candidate(span[0] - start, span[1] - start, p.replacement, "unsure-rule", p.kind, p.confidence, p.source))
    return out


def _overlapping(sc: Scoring, scorings: list[Scoring]) -> list[Scoring]:
    c = sc.candidate
    return [
        o for o in scorings
        if o.sentence == sc.sentence and o.candidate.start <= c.end and c.start <= o.candidate.end
    ]


def _capped(found: list[Candidate]) -> list[Candidate]:
    by_channel: dict[str, list[Candidate]] = {}
    for c in found:
        by_channel.setdefault(c.channel, []).append(c)
    out: list[Candidate] = []
    for group in by_channel.values():
        out.extend(sorted(group, key=lambda c: -c.prior)[:MAX_CANDIDATES_PER_CHANNEL])
    return out


def _dedupe(found: list[Candidate]) -> list[Candidate]:
    best: dict[tuple[int, int, str], Candidate] = {}
    for c in found:
        key = (c.start, c.end, c.replacement)
        if key not in best or c.prior > best[key].prior:
            best[key] = c
    return list(best.values())


def _likelier(gain: float) -> str:
    return "far more likely" if gain >= 5 else "more likely"


def _around(text: str, start: int, end: int, replacement: str | None = None) -> str:
    """The edited words, whole, with one word of context each side."""
    ws, we = start, end
    while ws > 0 and text[ws - 1].isalnum():
        ws -= 1
    while we < len(text) and text[we].isalnum():
        we += 1
    middle = text[ws:we] if replacement is None else text[ws:start] + replacement + text[end:we]
    parts = text[:ws].split()[-1:] + ([middle.strip()] if middle.strip() else []) + text[we:].split()[:1]
    return " ".join(parts)


def reason(sentence: str, c: Candidate, gain: float) -> str:
    """One sentence for the editor, naming the damage and the evidence."""
    before = _around(sentence, c.start, c.end)
    after = _around(sentence, c.start, c.end, c.replacement)
    likely = _likelier(gain)
    if c.channel == "dropped-word":
        return f"“{before}” reads as a dropped word: “{after}” is {likely}."
    if c.channel == "truncated-moved":
        return f"“{before}” reads as a word cut short and moved: “{after}” is {likely}."
    if c.channel == "swapped-words":
        return f"“{before}” reads as two words swapped: “{after}” is {likely}."
    if c.channel == "spun-synonym":
        where = {"table": "a known spinner swap", "wordnet": "a WordNet synonym", "neighbour": "a close word"}.get(c.source, "a related word")
        return f"“{sentence[c.start:c.end]}” reads as a spinner’s synonym ({where}): “{after}” is {likely}."
    if c.channel == "near-spelling":
        return f"“{sentence[c.start:c.end]}” reads as a slip for “{c.replacement}”: “{after}” is {likely}."
    if c.channel == "unsure-rule":
        return f"“{before}” reads as {c.kind.value} damage, as the rules guessed: “{after}” is {likely}."
    if c.kind is Kind.CASE:
        return f"The capital looks wrong: “{after}” is {likely}."
    return f"“{after}” is {likely} than “{before}”."


# -- word lists ------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _names() -> frozenset[str]:
    from ..english.names import capitalised_words

    return capitalised_words()


@lru_cache(maxsize=1)
def _common_set() -> frozenset[str]:
    return frozenset(common_words())


@lru_cache(maxsize=1)
def _by_prefix() -> dict[str, list[str]]:
    index: dict[str, list[str]] = {}
    for w in common_words(3.0):
        if len(w) >= 6:
            for cut in range(3, len(w) - 1):
                index.setdefault(w[:cut], []).append(w)
    return index


def _completions(fragment: str) -> list[str]:
    """Common words that begin with ``fragment`` and are at least two letters longer."""
    return _by_prefix().get(fragment, [])[:12]


@lru_cache(maxsize=8192)
def _near_spellings(word: str) -> list[str]:
    """Common words one edit from ``word`` (two for long words), same first letter."""
    from rapidfuzz import process
    from rapidfuzz.distance import Levenshtein

    words = common_words(3.5)
    cutoff = 1 if len(word) < 7 else 2
    hits = process.extract(word, words, scorer=Levenshtein.distance, score_cutoff=cutoff, limit=10)
    return [w for w, _, _ in hits if w != word and (w[0] == word[0] or len(word) < 4)]


_RELATED_CACHE: dict[str, list[tuple[str, str]]] = {}


def _related(word: str, neighbours: Neighbours) -> list[tuple[str, str]]:
    if word in _RELATED_CACHE:
        return _RELATED_CACHE[word]
    found: list[tuple[str, str]] = []
    seen = {word}
    common = _common_set()
    for r in table_sources().get(word, ()):
        if r not in seen:
            found.append((r, "table"))
            seen.add(r)
    for r in wordnet_related(word, common.__contains__):
        if r not in seen:
            found.append((r, "wordnet"))
            seen.add(r)
    for r in neighbours(word):
        if r not in seen and r in common:
            found.append((r, "neighbour"))
            seen.add(r)
    _RELATED_CACHE[word] = found
    return found
