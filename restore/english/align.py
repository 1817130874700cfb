"""Edits between two texts: one ``Edit`` type, one ``apply_edits``, and the two cuts restore
needs, built on one token vocabulary and one first-copy rule.

- ``align(source, target)``: the minimal *repairs*, word by word. The model guard turns a
  rewrite into suggestions with it. Texts are cut into whitespace-delimited tokens
  (``english.tokens.TOKEN``); a word alignment pairs similar tokens (substituting one costs
  twice its normalised character distance, inserting or deleting one costs 1, so a mangled
  word, Azerbaijanthe / Azerbaijan’s, aligns with its repair while unrelated words are
  inserted or deleted). Touching steps become one edit; edits a few words apart that move
  the same words become one word-order edit; each edit is then trimmed, on characters, of
  what both sides share when what differs is not letters (apostrophes, spaces, marks)
  (ERRANT-style: align, merge, trim).
- ``token_edits(source, target)``: the *scoring* cut, exact, in word, space and mark
  pieces (``english.tokens.PIECE``). The benchmark (gold = ``token_edits(damaged, clean)``,
  system = ``token_edits(damaged, output)``) and training's held-out figures count these.

In both, an inserted or deleted copy of a repeated word is placed at its first copy, so
the same repair is always the same edit. The noise generator records its gold repairs as
``Edit`` values with their ``kind``.

>>> align("They urged a halt fighting now.", "They urged a halt in fighting now.")
[Edit(start=18, end=18, replacement='in ')]
>>> align("the the fire", "the fire")
[Edit(start=0, end=4, replacement='')]
>>> align("in Azerbaijanthe region", "in Azerbaijan’s region")
[Edit(start=13, end=16, replacement='’s')]
>>> apply_edits("in Azerbaijanthe region", _)
'in Azerbaijan’s region'
"""

from __future__ import annotations

import bisect
import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from rapidfuzz.distance import Levenshtein

from ..errors import Errors, InputError
from .tokens import Token, core, pieces, tokens

if TYPE_CHECKING:
    from ..suggestion import Kind


@dataclass(frozen=True)
class Edit:
    """Replace ``source[start:end]`` by ``replacement``.

    Two edits are equal when they make the same change at the same place; ``kind`` (the
    damage a gold edit undoes), ``original`` (``source[start:end]``) and where the
    replacement sits in the target (``target_start``, ``target_end``) ride along.
    """

    start: int
    end: int
    replacement: str
    kind: Kind | None = field(default=None, compare=False)
    original: str = field(default="", compare=False)
    target_start: int = field(default=0, compare=False)
    target_end: int = field(default=0, compare=False)

    def __repr__(self) -> str:
        kind = f", kind={self.kind.value!r}" if self.kind is not None else ""
        return f"Edit(start={self.start}, end={self.end}, replacement={self.replacement!r}{kind})"


class Span(Protocol):
    start: int
    end: int
    replacement: str


@dataclass
class View:
    """``text``: the original with ``applied`` edits in; ``to_original`` maps a span of the
    view back, or None when it touches an applied repair. The critic reads such a view
    (the rules' sure repairs in), and the pipeline runs the rules again on one, so what a
    second ``restore`` would suggest is suggested the first time."""

    original: str
    text: str
    segments: list[tuple[int, int, int]] = field(default_factory=list)
    """(view start, view end, original start) of each stretch copied unchanged."""
    _index: list[int] = field(default_factory=list, repr=False, compare=False)

    @classmethod
    def build(cls, original: str, applied: Iterable[Span]) -> View:
        parts: list[str] = []
        segments: list[tuple[int, int, int]] = []
        cursor = 0
        length = 0
        for s in sorted(applied, key=lambda s: (s.start, s.end)):
            if s.start < cursor:
                continue
            keep = original[cursor : s.start]
            segments.append((length, length + len(keep), cursor))
            parts.append(keep)
            length += len(keep)
            parts.append(s.replacement)
            length += len(s.replacement)
            cursor = s.end
        keep = original[cursor:]
        segments.append((length, length + len(keep), cursor))
        parts.append(keep)
        return cls(original, "".join(parts), segments)

    def to_original(self, start: int, end: int) -> tuple[int, int] | None:
        # the first segment holding the span (found by bisection: a chunk may have
        # thousands of repairs, and every candidate is mapped back)
        starts = self._starts()
        i = bisect.bisect_right(starts, start) - 1
        while i > 0 and self.segments[i - 1][0] <= start and end <= self.segments[i - 1][1]:
            i -= 1
        if i < 0:
            return None
        vs, ve, os_ = self.segments[i]
        if not (vs <= start and end <= ve):
            return None
        # an insertion at a segment edge that a repair also touches is ambiguous
        if start == end and (start == vs and vs > 0 or start == ve and ve < len(self.text)):
            return None
        return os_ + start - vs, os_ + end - vs

    def _starts(self) -> list[int]:
        if len(self._index) != len(self.segments):
            self._index[:] = [vs for vs, _, _ in self.segments]
        return self._index


    def from_original(self, start: int, end: int) -> tuple[int, int] | None:
        """The view's span for ``original[start:end]``, None when a repair touches it."""
        for vs, ve, os_ in self.segments:
            oe = os_ + (ve - vs)
            if os_ <= start and end <= oe:
                return vs + start - os_, vs + end - os_
        return None


def apply_edits(source: str, edits: Iterable[Span]) -> str:
    """``source`` with ``edits`` (anything with ``start``, ``end`` and ``replacement``:
    an ``Edit``, a ``Suggestion``) applied; overlapping edits are an ``InputError``."""
    parts: list[str] = []
    cursor = 0
    for e in sorted(edits, key=lambda e: (e.start, e.end)):
        if e.start < cursor:
            which = f", id {e.id}" if getattr(e, "id", "") else ""
            raise InputError(Errors.E018.format(start=e.start, which=which))
        parts.append(source[cursor : e.start])
        parts.append(e.replacement)
        cursor = e.end
    parts.append(source[cursor:])
    return "".join(parts)


def align(source: str, target: str) -> list[Edit]:
    """The minimal repairs that turn ``source`` into ``target``, word by word (see the
    module docstring): what the model guard makes suggestions of. Words only: inserted or
    deleted words bring or take one space, and the spaces between unchanged words are not
    compared (a rewrite's spacing is never a repair)."""
    if source == target:
        return []
    a, b = tokens(source), tokens(target)
    groups = _token_ops([t.text for t in a], [t.text for t in b])
    groups = _merge_moves(groups, a, b)
    groups = _first_copy(groups, [t.text for t in a], [t.text for t in b])
    edits = [_to_chars(source, target, a, b, *g) for g in groups]
    return [e for e in edits if e.original != e.replacement]


def token_edits(source: str, target: str) -> list[Edit]:
    """The changed runs of word, space and mark pieces (``english.tokens.PIECE``) that turn
    ``source`` into ``target``: the unit the benchmark and training score in. Exact.

    The pieces are matched as longest common blocks (``difflib.SequenceMatcher``), which
    makes an edit depend only on the text around it: the same repair scores as the same
    edit whatever else in the document is still damaged. (``align``'s search settles
    ties by the whole text, and merges nearby changes into one repair, so a half-right
    document would score as all wrong: measured, it judged 52 of 582 right suggestions
    wrong on the held-out set.) Deleting either copy of a doubled run, or inserting a copy
    of the run before, is placed at the first copy, as ``align`` does.

    >>> token_edits("the the fire", "the fire")
    [Edit(start=0, end=4, replacement='')]
    >>> token_edits("in Azerbaijanthe region", "in Azerbaijan’s region")
    [Edit(start=3, end=16, replacement='Azerbaijan’s')]
    """
    if source == target:
        return []
    a, b = pieces(source), pieces(target)
    ta, tb = [t.text for t in a], [t.text for t in b]
    matcher = difflib.SequenceMatcher(None, ta, tb, autojunk=False)
    runs = [[i1, i2, j1, j2] for op, i1, i2, j1, j2 in matcher.get_opcodes() if op != "equal"]
    edits = []
    for i1, i2, j1, j2 in _first_copy(runs, ta, tb):
        start = a[i1].start if i1 < len(a) else len(source)
        end = a[i2 - 1].end if i2 > i1 else start
        edits.append(Edit(start, end, "".join(tb[j1:j2]), original=source[start:end]))
    return edits


def _steps(a: list[str], b: list[str]) -> list[list[int]]:
    """Non-equal [i1, i2, j1, j2] steps (one token each) of the cheapest alignment of
    ``a`` with ``b``, where similar tokens pair up.

    Substituting a token costs twice its normalised character distance, so a mangled
    word (Azerbaijanthe / Azerbaijan’s) aligns with its repair while unrelated words are
    inserted or deleted (which keeps moves visible as an insert plus a delete). Equal
    tokens at the end are matched without search: the alignment would match them anyway
    (a free match is always optimal there and wins ties), so the result is the same.
    """
    n, m = len(a), len(b)
    while n and m and a[n - 1] == b[m - 1]:
        n, m = n - 1, m - 1
    inf = float("inf")
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    back = [[0] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            c = cost[i][j]
            if c == inf:
                continue
            if i < n and j < m:
                sub = 0.0 if a[i] == b[j] else 2 * Levenshtein.normalized_distance(a[i], b[j])
                if c + sub < cost[i + 1][j + 1]:
                    cost[i + 1][j + 1], back[i + 1][j + 1] = c + sub, 0
            if i < n and c + 1 < cost[i + 1][j]:
                cost[i + 1][j], back[i + 1][j] = c + 1, 1
            if j < m and c + 1 < cost[i][j + 1]:
                cost[i][j + 1], back[i][j + 1] = c + 1, 2
    steps: list[list[int]] = []
    i, j = n, m
    while i or j:
        move = back[i][j]
        if move == 0:
            i, j = i - 1, j - 1
            if a[i] != b[j]:
                steps.append([i, i + 1, j, j + 1])
        elif move == 1:
            i -= 1
            steps.append([i, i + 1, j, j])
        else:
            j -= 1
            steps.append([i, i, j, j + 1])
    steps.reverse()
    return steps


def _token_ops(a: list[str], b: list[str]) -> list[list[int]]:
    """The word alignment's steps, touching ones joined into one edit, except a fixed
    word next to a new one (a repair and an insertion stay two edits)."""
    merged: list[list[int]] = []
    for st in _steps(a, b):
        if merged and merged[-1][1] == st[0] and merged[-1][3] == st[2] and not (
            _is_sub(merged[-1]) != _is_sub(st)
        ):
            merged[-1][1], merged[-1][3] = st[1], st[3]
        else:
            merged.append(st)
    return merged


def _is_sub(step: list[int]) -> bool:
    return step[1] - step[0] == 1 and step[3] - step[2] == 1


def _merge_moves(groups: list[list[int]], a: list[Token], b: list[Token]) -> list[list[int]]:
    """Join two edits a few words apart when together they move words (word order).

    One word apart: any shared word or prefix (break / breakaway). Up to four words
    apart: the deleted words are exactly the inserted ones.
    """
    groups = [list(g) for g in groups]
    i = 0
    while i < len(groups):  # words moved a few places: same words on both sides of a run
        for j in range(i + 1, len(groups)):
            gi, gj = groups[i], groups[j]
            if gj[1] - gi[0] > 8:
                break
            if _cores(a[gi[0] : gj[1]]) == _cores(b[gi[2] : gj[3]]):
                groups[i : j + 1] = [[gi[0], gj[1], gi[2], gj[3]]]
                break
        i += 1
    out: list[list[int]] = []
    for g in groups:
        if out:
            p = out[-1]
            gap_a, gap_b = g[0] - p[1], g[2] - p[3]
            if gap_a <= 1 and gap_b <= 1:
                removed = [core(t.text).lower() for t in a[p[0] : p[1]] + a[g[0] : g[1]]]
                added = [core(t.text).lower() for t in b[p[2] : p[3]] + b[g[2] : g[3]]]
                if any(x and y and (x.startswith(y) or y.startswith(x)) for x in removed for y in added):
                    p[1], p[3] = g[1], g[3]
                    continue
        out.append(list(g))
    return out


def _cores(toks: list[Token]) -> list[str]:
    return sorted(c for c in (core(t.text).lower() for t in toks) if c)


def _first_copy(groups: list[list[int]], a: list[str], b: list[str]) -> list[list[int]]:
    """Move a pure deletion or insertion of a repeated run to the first copy.

    Deleting either "the" of "the the" (or inserting a copy of the word before) is the
    same repair wherever the alignment put it; placing it as far left as it goes makes
    the same output always the same edit. A move never crosses the edit before it.
    """
    out: list[list[int]] = []
    floor_a = floor_j = 0
    for i1, i2, j1, j2 in groups:
        while j1 == j2 and i1 > floor_a and a[i1 - 1] == a[i2 - 1]:  # a deletion
            i1, i2 = i1 - 1, i2 - 1
        while i1 == i2 and i1 > floor_a and j1 > floor_j and a[i1 - 1] == b[j2 - 1]:  # an insertion
            i1, i2, j1, j2 = i1 - 1, i2 - 1, j1 - 1, j2 - 1
        out.append([i1, i2, j1, j2])
        floor_a, floor_j = i2, j2
    return out


def _inside_word(text: str, k: int) -> bool:
    """True when offset ``k`` falls between two letters or digits of one word."""
    return 0 < k < len(text) and text[k - 1].isalnum() and text[k].isalnum()


def _to_chars(src: str, rw: str, a: list[Token], b: list[Token], i1: int, i2: int, j1: int, j2: int) -> Edit:
    """Character spans for a token-level group, trimmed of what both sides share."""
    if i1 < i2:
        s, e = a[i1].start, a[i2 - 1].end
    else:  # insertion: before the next token (or after the last one)
        s = e = a[i1].start if i1 < len(a) else len(src)
    if j1 < j2:
        rs, re_ = b[j1].start, b[j2 - 1].end
    else:
        rs = re_ = b[j1].start if j1 < len(b) else len(rw)
    orig, repl = src[s:e], rw[rs:re_]
    if i1 == i2:  # pure insertion: add the space that separates the new words
        if i1 < len(a):
            repl, re_ = repl + " ", re_ + 1 if re_ < len(rw) else re_
        else:
            repl, rs = " " + repl, rs - 1 if rs > 0 else rs
    elif j1 == j2:  # pure deletion: take one neighbouring space with it
        if e < len(src) and src[e] == " ":
            e += 1
        elif s > 0 and src[s - 1] == " ":
            s -= 1
        orig = src[s:e]
    else:  # trim shared ends when what differs is not letters (apostrophes, spaces, marks)
        p = 0
        while p < min(len(orig), len(repl)) and orig[p] == repl[p]:
            p += 1
        q = 0
        while q < min(len(orig), len(repl)) - p and orig[-1 - q] == repl[-1 - q]:
            q += 1
        # a move of whole words ("to transition" -> "transition to") is shown on whole
        # words, never cut from inside one ("o transition" -> "ransition to")
        o2, r2 = orig[p : len(orig) - q], repl[p : len(repl) - q]
        if " " in o2 + r2 and any(ch.isalnum() for ch in o2) and any(ch.isalnum() for ch in r2):
            while p > 0 and (_inside_word(orig, p) or _inside_word(repl, p)):
                p -= 1
            while q > 0 and (_inside_word(orig, len(orig) - q) or _inside_word(repl, len(repl) - q)):
                q -= 1
        o2, r2 = orig[p : len(orig) - q], repl[p : len(repl) - q]
        if any(not ch.isalnum() for ch in o2 + r2):
            s, e = s + p, e - q
            rs, re_ = rs + p, re_ - q
            orig, repl = o2, r2
    return Edit(s, e, repl, original=orig, target_start=rs, target_end=re_)
