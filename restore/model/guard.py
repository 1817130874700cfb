"""The fuzzy guard: turn a model rewrite of a window into small, local, safe edits.

A seq2seq model may paraphrase, respell or "improve" a sentence. The guard aligns the
rewrite to the original (rapidfuzz opcodes on word tokens, then characters), keeps only
minimal edits (ERRANT-style: merge neighbours, trim shared ends), and throws the rewrite
away when it drifts: a changed number or name, a rewritten clause, low overall
similarity. What survives is classified into a damage ``Kind`` with a reason.

>>> s = to_edits("They urged a halt fighting now.", (0, 31), "They urged a halt in fighting now.", source="model")
>>> [(x.original, x.replacement, x.kind.value) for x in s]
[('', 'in ', 'dropped-word')]
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from ..english import LETTER_WORD, TOKEN, is_us_uk_variant
from ..suggestion import Kind, Suggestion

NUMBER_RE = re.compile(r"\d+(?:[.,]\d+)*")
QUOTES = "'’‘`\"“”«»"
APOS = "'’‘"
MAX_CHANGED_TOKENS = 3
"""A rewrite touching more words than this in one place is a paraphrase, not a repair."""
MIN_SIMILARITY = 80.0
MAX_DISTANCE_FROM_FLAG = 40

REASONS = {
    Kind.DROPPED_WORD: "A word seems to be missing here; the sentence reads as broken without it.",
    Kind.WORD_ORDER: "The words here look out of order.",
    Kind.WRONG_WORD: "This word does not fit the sentence; it looks like a spinner swap or typo.",
    Kind.SPELLING: "This word looks misspelt.",
    Kind.POSSESSIVE: "The possessive looks mangled.",
    Kind.RUN_TOGETHER: "Two words look glued together.",
    Kind.SPLIT_WORD: "One word looks broken in two.",
    Kind.HYPHENATION: "A line-break hyphen was left in the word.",
    Kind.CASE: "The capitalisation looks wrong here.",
    Kind.DUPLICATE: "A word is repeated.",
    Kind.PUNCTUATION: "The punctuation looks misplaced.",
    Kind.QUOTE: "The quote mark looks misplaced or on the wrong side.",
    Kind.ENCODING: "The characters look garbled by a wrong text encoding.",
    Kind.ARTIFACT: "This looks like a leftover from a web template.",
    Kind.SHORTCODE: "This looks like a leftover CMS code.",
}



@dataclass(frozen=True)
class Edit:
    """A candidate edit in window coordinates: window[start:end] -> replacement."""

    start: int
    end: int
    original: str
    replacement: str
    rewrite_start: int
    rewrite_end: int


class Drift(Exception):
    """The rewrite strays from a repair (names, numbers, paraphrase): drop all of it."""


def _tokens(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in TOKEN.finditer(text)]


def _core(word: str) -> str:
    return word.strip(QUOTES + ".,;:!?()[]{}—–-")


def _quote_normal(text: str) -> str:
    return text.translate(str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "`": "'"}))


def align(src: str, rewrite: str) -> list[Edit]:
    """Minimal edits that turn ``src`` into ``rewrite`` (word opcodes, merged, trimmed)."""
    a, b = _tokens(src), _tokens(rewrite)
    groups = _token_ops([t[2] for t in a], [t[2] for t in b])
    groups = _merge_moves(groups, a, b)
    edits = []
    for i1, i2, j1, j2 in groups:
        edits.append(_to_chars(src, rewrite, a, b, i1, i2, j1, j2))
    return [e for e in edits if e.original != e.replacement]


def _token_ops(a: list[str], b: list[str]) -> list[list[int]]:
    """Non-equal [i1, i2, j1, j2] steps of a word alignment where similar words pair up.

    Substituting a word costs twice its normalised character distance, so a mangled
    word (Azerbaijanthe / Azerbaijan’s) aligns with its repair while unrelated words are
    inserted or deleted (which keeps moves visible as an insert plus a delete).
    """
    n, m = len(a), len(b)
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
    merged: list[list[int]] = []  # touching steps are one edit, except a fixed word + a new one
    for st in steps:
        if merged and merged[-1][1] == st[0] and merged[-1][3] == st[2] and not (
            _is_sub(merged[-1]) != _is_sub(st)
        ):
            merged[-1][1], merged[-1][3] = st[1], st[3]
        else:
            merged.append(st)
    return merged


def _is_sub(step: list[int]) -> bool:
    return step[1] - step[0] == 1 and step[3] - step[2] == 1


def _merge_moves(groups: list[list[int]], a, b) -> list[list[int]]:  # noqa: ANN001
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
                removed = [_core(t[2]).lower() for t in a[p[0] : p[1]] + a[g[0] : g[1]]]
                added = [_core(t[2]).lower() for t in b[p[2] : p[3]] + b[g[2] : g[3]]]
                if any(x and y and (x.startswith(y) or y.startswith(x)) for x in removed for y in added):
                    p[1], p[3] = g[1], g[3]
                    continue
        out.append(list(g))
    return out


def _cores(tokens) -> list[str]:  # noqa: ANN001
    return sorted(c for c in (_core(t[2]).lower() for t in tokens) if c)


def _inside_word(text: str, k: int) -> bool:
    """True when offset ``k`` falls between two letters or digits of one word."""
    return 0 < k < len(text) and text[k - 1].isalnum() and text[k].isalnum()


def _to_chars(src: str, rw: str, a, b, i1: int, i2: int, j1: int, j2: int) -> Edit:  # noqa: ANN001
    """Character spans for a token-level group, trimmed of what both sides share."""
    if i1 < i2:
        s, e = a[i1][0], a[i2 - 1][1]
    else:  # insertion: before the next token (or after the last one)
        s = e = a[i1][0] if i1 < len(a) else len(src)
    if j1 < j2:
        rs, re_ = b[j1][0], b[j2 - 1][1]
    else:
        rs = re_ = b[j1][0] if j1 < len(b) else len(rw)
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
    return Edit(s, e, orig, repl, rs, re_)


def classify(edit: Edit, src: str) -> Kind:
    """The damage kind an edit repairs, from what it changes."""
    o, r = edit.original, edit.replacement
    if o.replace(" ", "") == r.replace(" ", "") and o != r:
        if not o.strip() and src[edit.end : edit.end + 1] in tuple(".,;:!?)"):
            return Kind.PUNCTUATION  # "protests ." -> "protests."
        return Kind.RUN_TOGETHER if r.count(" ") > o.count(" ") else Kind.SPLIT_WORD
    if o.replace("- ", "").replace("-\n", "") == r and o != r:
        return Kind.HYPHENATION
    if o.lower() == r.lower():
        return Kind.CASE
    if any(c in o for c in "âÃÂ€&") and not any(c in r for c in "âÃÂ€"):
        return Kind.ENCODING
    ow, rw = o.split(), r.split()
    if not o.strip():
        return Kind.DROPPED_WORD if any(ch.isalnum() for ch in r) else Kind.PUNCTUATION
    if not r.strip():
        w = o.strip()
        before = src[: edit.start].split()[-1:] or [""]
        after = src[edit.end :].split()[:1] or [""]
        if w.lower() in (_core(before[0]).lower(), _core(after[0]).lower()):
            return Kind.DUPLICATE
        if not any(ch.isalnum() for ch in w):
            return Kind.PUNCTUATION
        return Kind.ARTIFACT if not any(ch.isalpha() for ch in w) or any(c in w for c in "[]{}<>_=#@|\\") else Kind.DUPLICATE
    if any(c in o + r for c in APOS) and " " not in o + r and ("the" in o or "s" in o + r or not o.strip(APOS)):
        if not any(c in o + r for c in "“”\""):
            return Kind.POSSESSIVE
    if any(c in o + r for c in QUOTES):
        return Kind.QUOTE
    if not any(ch.isalnum() for ch in o + r) or _strip_punct(o) == _strip_punct(r):
        return Kind.PUNCTUATION
    low_o, low_r = [w.lower() for w in ow], [w.lower() for w in rw]
    if len(ow) >= 2 and (sorted(low_o) == sorted(low_r) or any(x.startswith(y) or y.startswith(x) for x in low_o for y in low_r if len(x) > 2 and len(y) > 2)):
        return Kind.WORD_ORDER
    if len(rw) > len(ow) and all(w in low_r for w in low_o):
        return Kind.DROPPED_WORD
    return Kind.WRONG_WORD


def _repeats_a_neighbour(edit: Edit, src: str) -> bool:
    """True when the deleted words equal the words just before or just after them."""
    gone = [_core(w).lower() for w in edit.original.split()]
    before = [_core(w).lower() for w in src[: edit.start].split()[-len(gone):]] if gone else []
    after = [_core(w).lower() for w in src[edit.end :].split()[: len(gone)]]
    return bool(gone) and (gone == before or gone == after)


def _strip_punct(text: str) -> str:
    return "".join(ch for ch in text if ch.isalnum() or ch == " ").split().__str__()


def check_drift(src: str, rewrite: str, edits: Sequence[Edit]) -> None:
    """Raise ``Drift`` when the rewrite is not a local repair of ``src``."""
    if fuzz.ratio(src, rewrite) < MIN_SIMILARITY:
        raise Drift("low similarity")
    if sorted(NUMBER_RE.findall(src)) != sorted(NUMBER_RE.findall(rewrite)):
        raise Drift("changed number")
    if len(edits) > 4:
        raise Drift("too many edits")
    for e in edits:
        ow, rw = e.original.split(), e.replacement.split()
        moved = sorted(_core(w).lower() for w in ow) == sorted(_core(w).lower() for w in rw)
        if max(len(ow), len(rw)) > (6 if moved else MAX_CHANGED_TOKENS):
            raise Drift("rewritten clause")
        if _changes_name(e):
            raise Drift(f"changed name {e.original!r}")


def _changes_name(e: Edit) -> bool:
    """True when a capitalised word is replaced by a different word (not its own repair)."""
    old = [_core(w) for w in TOKEN.findall(e.original)]
    new = [_core(w) for w in TOKEN.findall(e.replacement)]
    old_joined, new_joined = "".join(old).lower(), "".join(new).lower()
    for w in old:
        if not w[:1].isupper():
            continue
        if w.lower() in (x.lower() for x in new):
            continue  # kept (maybe moved or re-cased)
        stem = w.rstrip("s").lower()
        stem = re.sub(r"(the|s)$", "", w.lower())
        if any(x.lower().startswith(stem) and len(stem) >= 3 for x in new):
            continue  # its own possessive / run-together repair: Azerbaijanthe -> Azerbaijan’s
        if old_joined.replace("'", "").replace("’", "") == new_joined.replace("'", "").replace("’", ""):
            continue
        return True
    for w in new:  # a new name appearing from nowhere
        if w[:1].isupper() and w.lower() not in old_joined and not any(w.lower().startswith(x.lower()[:4]) for x in old if x):
            return True
    return False


def _is_style_only(e: Edit) -> bool:
    """Quote style or US/UK spelling: never ours to change."""
    if e.original != e.replacement and _quote_normal(e.original) == _quote_normal(e.replacement):
        return True
    ow, rw = e.original.split(), e.replacement.split()
    return len(ow) == len(rw) == 1 and is_us_uk_variant(_core(ow[0]), _core(rw[0]))


def _never_a_repair(e: Edit) -> bool:
    """Model output no reading of the damage explains: a U+FFFD (the byte-level decoder
    met a broken UTF-8 sequence), or a punctuation mark turned into a word ('"' -> "obtain")."""
    if "\ufffd" in e.replacement:
        return True
    marks = e.original.strip()
    return bool(marks) and not any(ch.isalnum() for ch in marks) and any(ch.isalpha() for ch in e.replacement) and not any(
        ch in e.replacement for ch in marks
    )


def _makes_non_word(e: Edit, present: set[str], rewrite: str, known: Callable[[str], bool]) -> bool:
    """True if the words of ``rewrite`` that the edit touches include an invented one
    (``present``: the words the window already has)."""
    for a, b, token in _tokens(rewrite):
        if b < e.rewrite_start or a > e.rewrite_end:
            continue
        for word in LETTER_WORD.findall(token):
            if word not in present and not known(word):
                return True
    return False


def to_edits(
    original: str,
    window: tuple[int, int],
    rewrite: str,
    *,
    source: str,
    flagged: Sequence[int] | None = None,
    confidence: Callable[[int, int], float] | None = None,
    calibrate: Callable[[float, Kind], float] | None = None,
    avoid: Sequence[tuple[int, int]] = (),
    known: Callable[[str], bool] | None = None,
) -> list[Suggestion]:
    """Suggestions on ``original`` from a model ``rewrite`` of ``original[window]``.

    ``flagged``: offsets (in ``original``) the detector found suspicious; edits farther
    than ``MAX_DISTANCE_FROM_FLAG`` from all of them are dropped. ``confidence(rs, re)``
    gives the model's raw confidence for the rewrite span ``[rs, re)``; ``calibrate`` maps
    it to a calibrated probability. ``avoid``: spans already repaired by the rules.
    ``known(word)``: whether a word is real; an edit that leaves a word that is neither
    known nor already in the window ("However, one name" -> "Howeverame") is dropped.
    Returns [] when the rewrite drifts.
    """
    ws, we = window
    src = original[ws:we]
    if rewrite == src or not rewrite.strip():
        return []
    edits = align(src, rewrite)
    try:
        check_drift(src, rewrite, edits)
    except Drift:
        return []
    out: list[Suggestion] = []
    present = set(LETTER_WORD.findall(src)) if known is not None else set()
    for e in edits:
        if _is_style_only(e):
            continue
        start, end = ws + e.start, ws + e.end
        if flagged is not None and not any(start - MAX_DISTANCE_FROM_FLAG <= f <= end + MAX_DISTANCE_FROM_FLAG for f in flagged):
            continue
        if any(start < b and a < end or (start == end and a <= start <= b) for a, b in avoid):
            continue
        if known is not None and _makes_non_word(e, present, rewrite, known):
            continue
        if _never_a_repair(e):
            continue
        kind = classify(e, src)
        if kind is Kind.DUPLICATE and not _repeats_a_neighbour(e, src):
            continue  # deleting words that are not repeated removes content: never a repair
        raw = confidence(e.rewrite_start, e.rewrite_end) if confidence else 0.5
        conf = calibrate(raw, kind) if calibrate else raw
        out.append(
            Suggestion.at(
                original, start, end, e.replacement,
                kind=kind, confidence=min(1.0, max(0.0, conf)), reason=REASONS[kind], source=source,
            )
        )
    return out
