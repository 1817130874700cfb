"""Channels: the kinds of damage that can explain a candidate edit.

The language model alone would "repair" ``the worst escalation`` into ``the worst
pandemic``; a candidate is only ever proposed by a channel, a small function that knows
one way real copy gets damaged, and each channel's evidence threshold is its own
(``verify.py``). Every channel reads one sentence (a ``Reading``) and proposes
``Candidate`` edits on it; none of them scores a candidate's whole sentence (that is the
verifier's job), they only use the one reading pass to look in the right places.

Never proposed: a change to a number, to a word with a capital inside a sentence (a name)
other than restoring a name's capital, to quotation marks, or a spelling variant
(``defence``/``defense``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from ..english import LETTER_WORD, is_us_uk_variant, too_long, word_list, word_set
from ..suggestion import Kind
from .reading import Reading

DROPPED_WORDS = word_list("insertable_words")
"""The closed set a dropped-word repair may insert (``restore/data/words/insertable_words.txt``)."""
FUNCTION_WORDS = frozenset(DROPPED_WORDS) | word_set("case_exempt")
SENTENCE_START = re.compile(r"^[“‘\"'(\[]*$")


@dataclass(frozen=True)
class Candidate:
    """Replace ``sentence[start:end]`` by ``replacement``, as ``channel`` explains it."""

    start: int
    end: int
    replacement: str
    channel: str
    kind: Kind
    prior: float = 0.0
    """The channel's own evidence from the reading pass (log-prob margin, nats)."""
    source: str = ""
    """Where a related word came from (table, wordnet, neighbour)."""


@dataclass
class Resources:
    """What channels look words up in (built once per critic)."""

    zipf: Callable[[str], float]
    related: Callable[[str], list[tuple[str, str]]]
    """word -> [(related word, source)], most trusted sources first."""
    completions: Callable[[str], list[str]]
    neighbours_by_spelling: Callable[[str], list[str]]
    names: frozenset[str]
    word_id: Callable[[str], int | None]
    first_id: Callable[[str], int]
    dropped_ids: dict[int, str]


def words_of(text: str) -> list[re.Match[str]]:
    """The words a channel may touch: letter words (``english.LETTER_WORD``), leaving out
    the parts of a hyphenated compound ("Turkish-speaking") and of a number ("3rd")."""
    return [
        m for m in LETTER_WORD.finditer(text)
        if not too_long(m.group())  # a blob: no channel's candidates for it are words
        and text[m.start() - 1 : m.start()] not in ("-", "‐") and text[m.end() : m.end() + 1] not in ("-", "‐")
        and not text[m.start() - 1 : m.start()].isdigit() and not text[m.end() : m.end() + 1].isdigit()
    ]


def _first_token(reading: Reading, start: int) -> int:
    """Token index of the word starting at ``start`` (its token carries the space)."""
    return reading.token_at(start - 1 if start and reading.text[start - 1] == " " else start)


def _word_logprob(reading: Reading, m: re.Match[str]) -> float:
    return reading.span_logprob(m.start(), m.end())


def _sentence_initial(text: str, start: int) -> bool:
    return bool(SENTENCE_START.match(text[:start].strip()))


def _in_name_phrase(text: str, m: re.Match[str]) -> bool:
    """A capitalised neighbour ("Captive Nations Week", "the Foster Act") makes a name."""
    before = text[: m.start()].rstrip().rsplit(" ", 1)[-1:]
    after = text[m.end() :].lstrip().split(" ", 1)[:1]
    for w in before + after:
        w = w.strip("“”\"'‘’(),.;:")
        if w[:1].isupper() and not _sentence_initial(text, text.find(w)) and w.lower() not in FUNCTION_WORDS:
            return True
    return False


def _protected(word: str, text: str, start: int) -> bool:
    """Names (a capital inside a sentence) and words with digits are never changed."""
    if any(c.isdigit() for c in word):
        return True
    if word[:1].isupper() and not _sentence_initial(text, start):
        return True
    return word.isupper() and len(word) > 1


def spelling_variant(a: str, b: str) -> bool:
    """``defence``/``defense``: house spelling, never damage."""
    return is_us_uk_variant(a, b)


# -- the channels ------------------------------------------------------------------------


def dropped_word(reading: Reading, res: Resources, *, margin: float = -1.0, per_gap: int = 3) -> list[Candidate]:
    """A function word missing between two words: ``urged a halt fighting``.

    At each gap the reading pass already knows how likely each closed-set word would be
    there; a word is proposed where it is more likely than the word that follows the gap.
    """
    text = reading.text
    out: list[Candidate] = []
    if reading.watch is None:
        return out
    watch_words = list(res.dropped_ids.values())
    words = words_of(text)
    for prev, m in zip(words, words[1:]):
        if text[prev.end() : m.start()] != " ":
            continue
        t = _first_token(reading, m.start())
        if t >= len(reading.ids):
            continue
        actual = reading.logprobs[t]
        row = reading.watch[t].tolist()  # type: ignore[attr-defined]
        ranked = sorted(zip(row, watch_words), reverse=True)[:per_gap]
        for lp, w in ranked:
            if lp - actual < margin or w.lower() in (prev.group().lower(), m.group().lower()):
                continue
            out.append(Candidate(m.start(), m.start(), w + " ", "dropped-word", Kind.DROPPED_WORD, lp - actual))
    return out


def truncated_moved(reading: Reading, res: Resources, *, reach: int = 1, per_word: int = 12) -> list[Candidate]:
    """A word cut short and moved past its neighbour: ``Nagorny break Karabakh`` was
    ``breakaway Nagorny Karabakh``. The fragment must begin a longer common word."""
    text = reading.text
    words = words_of(text)
    out: list[Candidate] = []
    for i, frag in enumerate(words):
        w = frag.group()
        if i == 0 or len(w) < 3 or not w.islower():
            continue
        completions = [c for c in res.completions(w) if c != w]
        if not completions:
            continue
        for back in range(1, reach + 1):
            if i - back < 0:
                break
            first = words[i - back]
            between = text[first.start() : frag.start()]
            if not re.fullmatch(r"[^\W\d_]+(?:[’'-][^\W\d_]+)*(?: [^\W\d_]+(?:[’'-][^\W\d_]+)*)* ", between):
                break
            if text[frag.end() : frag.end() + 1].isalnum():
                break
            t = _first_token(reading, first.start())
            lps = reading.alt_logprobs([(t, res.first_id(" " + c)) for c in completions])
            ranked = sorted(zip(lps, completions), reverse=True)[:per_word]
            moved = between.rstrip(" ")
            surprise = -_word_logprob(reading, frag)
            for lp, c in ranked:
                out.append(Candidate(first.start(), frag.end(), f"{c} {moved}", "truncated-moved", Kind.WORD_ORDER, surprise))
    return out


def swapped_words(reading: Reading, res: Resources, *, gate: float = 2.0) -> list[Candidate]:
    """Two neighbouring words in the wrong order: ``the of results``. Looked at only where
    the second word, or the token after the pair, surprises the model."""
    text = reading.text
    words = words_of(text)
    out: list[Candidate] = []
    for a, b in zip(words, words[1:]):
        if text[a.end() : b.start()] != " " or a.group().lower() == b.group().lower():
            continue
        tb = _first_token(reading, b.start())
        after = reading.token_at(b.end())
        surprise = max(
            -reading.logprobs[tb] if tb < len(reading.ids) else 0.0,
            -reading.logprobs[after] if after < len(reading.ids) else 0.0,
        )
        if surprise < gate:
            continue
        wa, wb = a.group(), b.group()
        if _protected(wa, text, a.start()) and not wa[:1].isupper():
            continue
        if _sentence_initial(text, a.start()) and wa[:1].isupper() and wb[:1].islower() and wa.lower() not in res.names:
            wa, wb = wa[:1].lower() + wa[1:], wb[:1].upper() + wb[1:]
        out.append(Candidate(a.start(), b.end(), f"{wb} {wa}", "swapped-words", Kind.WORD_ORDER, surprise))
    return out


def spun_synonym(reading: Reading, res: Resources, *, gate: float = 2.0, per_word: int = 6) -> list[Candidate]:
    """A spinner's synonym, reversed: ``a brand new cupboard`` was ``cabinet``. The
    original must be a related word (``thesaurus.py``) the model finds likelier here."""
    text = reading.text
    out: list[Candidate] = []
    for m in words_of(text):
        w = m.group()
        if len(w) < 3 or not w.isalpha() or _protected(w, text, m.start()):
            continue
        lower = w.lower()
        related = [(r, src) for r, src in res.related(lower) if not spelling_variant(r, lower)]
        if not related:
            continue
        t = _first_token(reading, m.start())
        own = _word_logprob(reading, m)
        after = reading.token_at(m.end())
        after_lp = reading.logprobs[after] if after < len(reading.ids) else 0.0
        table = [x for x in related if x[1] == "table"]
        if -own < gate and -after_lp < gate and not table:
            continue
        cap = w[:1].isupper()
        space = " " if text[m.start() - 1 : m.start()] == " " else ""
        usable = related
        lps = reading.alt_logprobs([(t, res.first_id(space + (r.capitalize() if cap else r))) for r, _ in related])
        first_own = reading.logprobs[t] if t < len(reading.ids) else 0.0
        ranked = sorted(zip(lps, usable), key=lambda x: (x[1][1] != "table", -x[0]))
        taken = 0
        for lp, (r, src) in ranked:
            if src != "table" and taken >= per_word:
                continue
            taken += src != "table"
            replacement = r.capitalize() if cap else r
            out.append(Candidate(m.start(), m.end(), replacement, "spun-synonym", Kind.WRONG_WORD, lp - first_own, src))
        # multi-word spun phrases ("12 months", "in line") are the spinner pass's table
    return out


def near_spelling(reading: Reading, res: Resources, *, gate: float = 2.0) -> list[Candidate]:
    """A real word one slip from the intended one: ``boarder`` for ``border``,
    ``broke lose`` for ``broke loose``, ``then`` for ``than``."""
    text = reading.text
    out: list[Candidate] = []
    for m in words_of(text):
        w = m.group()
        if len(w) < 3 or not w.isalpha() or _protected(w, text, m.start()):
            continue  # "Let’s" / "Lets" is an apostrophe, not a slip
        own = _word_logprob(reading, m)
        after = reading.token_at(m.end())
        after_lp = reading.logprobs[after] if after < len(reading.ids) else 0.0
        if -own < gate and -after_lp < gate:
            continue
        cap = w[:1].isupper()
        near = [r for r in res.neighbours_by_spelling(w.lower()) if r.isalpha() and not spelling_variant(r, w)]
        if not near:
            continue
        t = _first_token(reading, m.start())
        space = " " if text[m.start() - 1 : m.start()] == " " else ""
        forms = [r.capitalize() if cap else r for r in near]
        lps = reading.alt_logprobs([(t, res.first_id(space + f)) for f in forms])
        first_own = reading.logprobs[t] if t < len(reading.ids) else 0.0
        for lp, f in zip(lps, forms):
            out.append(Candidate(m.start(), m.end(), f, "near-spelling", Kind.WRONG_WORD, lp - first_own))
    return out


def lost_capital(reading: Reading, res: Resources, *, gate: float = 1.0) -> list[Candidate]:
    """A name printed in lower case (``kharkiv``), or a capital on an ordinary word in
    mid-sentence (``officials said Prices rose``). The evidence is how much likelier the
    model finds the other case at that place, from the left context alone."""
    text = reading.text
    out: list[Candidate] = []
    for m in words_of(text):
        w = m.group()
        if len(w) < 3 or w.lower() in FUNCTION_WORDS:
            continue
        if w.islower():
            other, channel = w[0].upper() + w[1:], "lost-capital"
        elif (
            w[0].isupper() and w[1:].islower() and not _sentence_initial(text, m.start())
            and not _in_name_phrase(text, m)
            and w.lower() not in res.names and res.zipf(w.lower()) >= 3.5
            and not text[: m.start()].rstrip().endswith((":", "“", '"', "‘", "(", "—", "–", "-"))
        ):
            other, channel = w.lower(), "stray-capital"
        else:
            continue
        t = _first_token(reading, m.start())
        if t >= len(reading.ids):
            continue
        space = " " if text[m.start() - 1 : m.start()] == " " else ""
        lp = reading.alt_logprobs([(t, res.first_id(space + other))])[0]
        prior = lp - reading.logprobs[t]
        if prior >= gate:
            out.append(Candidate(m.start(), m.start() + 1, other[0], channel, Kind.CASE, prior))
    return out


CHANNELS: dict[str, Callable[[Reading, Resources], list[Candidate]]] = {
    "dropped-word": dropped_word,
    "truncated-moved": truncated_moved,
    "swapped-words": swapped_words,
    "spun-synonym": spun_synonym,
    "near-spelling": near_spelling,
    "lost-capital": lost_capital,
}
"""Every channel by name; ``verify.py`` holds each one's calibration and threshold."""


def propose(reading: Reading, res: Resources, channels: Iterator[str] | None = None) -> list[Candidate]:
    names = list(channels) if channels is not None else list(CHANNELS)
    found: list[Candidate] = []
    for name in names:
        found.extend(CHANNELS[name](reading, res))
    return found


@lru_cache(maxsize=1)
def _ranked_words() -> tuple[tuple[str, float], ...]:
    """(word, Zipf frequency) for lower-case English words, most common first."""
    import math

    import wordfreq

    freq = wordfreq.get_frequency_dict("en", wordlist="best")
    words = [w for w in wordfreq.top_n_list("en", 60_000) if w.isalpha() and w.islower()]
    return tuple((w, math.log10(freq[w] * 1e9)) for w in words if w in freq)


@lru_cache(maxsize=8)
def common_words(min_zipf: float = 3.0) -> tuple[str, ...]:
    """Lower-case English words at least this common (wordfreq), most common first."""
    return tuple(w for w, z in _ranked_words() if z >= min_zipf)
