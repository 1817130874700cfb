"""The fuzzy guard: turn a model rewrite of a window into small, local, safe edits.

A seq2seq model may paraphrase, respell or "improve" a sentence. The guard aligns the
rewrite to the original with restore's one aligner (``restore.english.align``: minimal
edits, ERRANT-style), and throws the rewrite away when it drifts: a changed number or name, a rewritten clause, low overall
similarity. What survives is classified into a damage ``Kind`` with a reason.

>>> s = to_edits("They urged a halt fighting now.", (0, 31), "They urged a halt in fighting now.", source="model")
>>> [(x.original, x.replacement, x.kind.value) for x in s]
[('', 'in ', 'dropped-word')]
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from rapidfuzz import fuzz

from ..english import LETTER_WORD, TOKEN, is_us_uk_variant
from ..english.align import Edit, align
from ..english.tokens import QUOTE_MARKS, core, tokens
from ..suggestion import Kind, Suggestion

NUMBER_RE = re.compile(r"\d+(?:[.,]\d+)*")
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


class Drift(Exception):
    """The rewrite strays from a repair (names, numbers, paraphrase): drop all of it."""


def _quote_normal(text: str) -> str:
    return text.translate(str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "`": "'"}))


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
        if w.lower() in (core(before[0]).lower(), core(after[0]).lower()):
            return Kind.DUPLICATE
        if not any(ch.isalnum() for ch in w):
            return Kind.PUNCTUATION
        return Kind.ARTIFACT if not any(ch.isalpha() for ch in w) or any(c in w for c in "[]{}<>_=#@|\\") else Kind.DUPLICATE
    if any(c in o + r for c in APOS) and " " not in o + r and ("the" in o or "s" in o + r or not o.strip(APOS)):
        if not any(c in o + r for c in "“”\""):
            return Kind.POSSESSIVE
    if any(c in o + r for c in QUOTE_MARKS):
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
    gone = [core(w).lower() for w in edit.original.split()]
    before = [core(w).lower() for w in src[: edit.start].split()[-len(gone):]] if gone else []
    after = [core(w).lower() for w in src[edit.end :].split()[: len(gone)]]
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
        moved = sorted(core(w).lower() for w in ow) == sorted(core(w).lower() for w in rw)
        if max(len(ow), len(rw)) > (6 if moved else MAX_CHANGED_TOKENS):
            raise Drift("rewritten clause")
        if _changes_name(e):
            raise Drift(f"changed name {e.original!r}")


def _changes_name(e: Edit) -> bool:
    """True when a capitalised word is replaced by a different word (not its own repair)."""
    old = [core(w) for w in TOKEN.findall(e.original)]
    new = [core(w) for w in TOKEN.findall(e.replacement)]
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
    return len(ow) == len(rw) == 1 and is_us_uk_variant(core(ow[0]), core(rw[0]))


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
    for a, b, token in tokens(rewrite):
        if b < e.target_start or a > e.target_end:
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
    known: Callable[[str], bool] | None = None,
) -> list[Suggestion]:
    """Suggestions on ``original`` from a model ``rewrite`` of ``original[window]``.

    ``flagged``: offsets (in ``original``) the detector found suspicious; edits farther
    than ``MAX_DISTANCE_FROM_FLAG`` from all of them are dropped. ``confidence(rs, re)``
    gives the model's raw confidence for the rewrite span ``[rs, re)``; ``calibrate`` maps
    it to a calibrated probability. (Edits that overlap the rules' are settled by the
    pipeline's resolver, not here.) ``known(word)``: whether a word is real; an edit that leaves a word that is neither
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
        if known is not None and _makes_non_word(e, present, rewrite, known):
            continue
        if _never_a_repair(e):
            continue
        kind = classify(e, src)
        if kind is Kind.DUPLICATE and not _repeats_a_neighbour(e, src):
            continue  # deleting words that are not repeated removes content: never a repair
        raw = confidence(e.target_start, e.target_end) if confidence else 0.5
        conf = calibrate(raw, kind) if calibrate else raw
        out.append(
            Suggestion.at(
                original, start, end, e.replacement,
                kind=kind, confidence=min(1.0, max(0.0, conf)), reason=REASONS[kind], source=source,
            )
        )
    return out
