"""Synthetic damage that mirrors real scraper/spinner glitches, with gold repairs.

Training the model and scoring every pass (``restore eval``) both need pairs of clean and
damaged copy where we know exactly which edit undoes which damage. ``NoiseGenerator``
damages clean text a few places at a time and records, for each place, the span in the
DAMAGED text and what restores the clean text there (an ``Edit`` of the one aligner
module, ``restore.english.align``, with its ``kind``), so that
``apply_edits(damaged, edits) == clean`` always holds.

The damage types follow ``/work/shared/real/dev_glitches.jsonl``: ``Azerbaijan’s`` becomes
``Azerbaijanthe``, ``rebels’ Defense`` becomes ``rebels‘the Defense``, words are dropped,
swapped or replaced by spinner synonyms (cabinet → cupboard), and so on.

>>> g = NoiseGenerator(seed=1, kinds=[Kind.DUPLICATE])
>>> d = g.corrupt("The fire spread to the next house.", n_edits=1)
>>> apply_edits(d.damaged, d.edits) == d.clean
True
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from functools import lru_cache

from ..english import detect_style, rows
from ..english.align import Edit, apply_edits
from ..english.tokens import LATIN_WORD
from ..suggestion import Kind

__all__ = ["Damaged", "NoiseGenerator", "mojibake", "FUNCTION_WORDS"]


@dataclass(frozen=True)
class Damaged:
    """A clean text, its damaged copy, and the edits that undo the damage."""

    clean: str
    damaged: str
    edits: tuple[Edit, ...]
    """Replace ``damaged[start:end]`` by ``replacement`` to restore the clean text there."""

    @property
    def kinds(self) -> set[Kind]:
        return {e.kind for e in self.edits}


def mojibake(text: str) -> str:
    """``text`` as it looks after UTF-8 bytes were read as Windows-1252 (’ → â€™).

    Bytes cp1252 leaves undefined (0x81, 0x8d, 0x8f, 0x90, 0x9d) come through as the
    matching C1 control character, which is what real broken pages show.
    """
    out: list[str] = []
    for byte in text.encode("utf-8"):
        try:
            out.append(bytes([byte]).decode("cp1252"))
        except UnicodeDecodeError:
            out.append(chr(byte))
    return "".join(out)


FUNCTION_WORDS = tuple(word for word, _ in rows("dropped_words"))
"""Words scrapers most often drop (hyperlinked or stripped); weights favour the first ones."""
_FUNCTION_WEIGHTS = tuple(int(weight) for _, weight in rows("dropped_words"))

SYNONYMS: dict[str, tuple[str, ...]] = {word: tuple(spun) for word, *spun in rows("synonym_swaps")}
"""Spinner synonym swaps (cabinet → cupboard), from ``restore/data/words/synonym_swaps.tsv``."""
_CONFUSABLES: dict[str, tuple[str, ...]] = {word: tuple(near) for word, *near in rows("confusables")}

SENTENCE_END = re.compile(r"[.!?][”’\"']?\s+$")

Candidate = tuple[int, int, str]
"""(clean start, clean end, damaged text for that span)."""


@lru_cache(maxsize=1)
def _common_words() -> tuple[list[str], frozenset[str]]:
    import wordfreq

    words = [w for w in wordfreq.top_n_list("en", 40_000) if w.isalpha() and len(w) > 2]
    return words, frozenset(words)


@lru_cache(maxsize=4096)
def _near_spellings(word: str) -> tuple[str, ...]:
    """Common English words one or two edits from ``word`` (drones → drains)."""
    from rapidfuzz import process
    from rapidfuzz.distance import Levenshtein

    words, _ = _common_words()
    hits = process.extract(
        word, words[:25_000], scorer=Levenshtein.distance, score_cutoff=1 if len(word) < 6 else 2, limit=8
    )
    return tuple(w for w, _, _ in hits if w != word and w[0] == word[0] and abs(len(w) - len(word)) <= 1)


@lru_cache(maxsize=65_536)
def _zipf(word: str) -> float:
    import wordfreq

    return wordfreq.zipf_frequency(word, "en")


def _words(text: str) -> list[re.Match[str]]:
    return list(LATIN_WORD.finditer(text))


def _mid_sentence(text: str, start: int) -> bool:
    """True when the word at ``start`` is not the first of its sentence or line."""
    before = text[:start]
    if not before.strip():
        return False
    if before.endswith("\n") or SENTENCE_END.search(before):
        return False
    return not before.rstrip().endswith(("“", '"', "‘", "(", ":", "—"))


class NoiseGenerator:
    """Damages clean copy the ways scrapers and spinners do; reproducible with ``seed``.

    ``kinds`` limits which damage is made (default: all). ``style`` is ``"curly"``,
    ``"straight"`` or ``"auto"`` (read from each text) and decides which quote marks and
    apostrophes the damage uses, so quote *style* is never itself the damage.
    """

    def __init__(
        self, *, seed: int = 0, kinds: Collection[Kind] | None = None, style: str = "auto"
    ) -> None:
        if style not in ("auto", "curly", "straight"):
            raise ValueError(f"style must be auto, curly or straight, got {style!r}")
        self.rng = random.Random(seed)
        self.style = style
        ops: dict[Kind, tuple[Callable[[str], Candidate | None], float]] = {
            Kind.ENCODING: (self._encoding, 0.6),
            Kind.QUOTE: (self._quote, 0.6),
            Kind.POSSESSIVE: (self._possessive, 1.2),
            Kind.RUN_TOGETHER: (self._run_together, 1.0),
            Kind.SPLIT_WORD: (self._split_word, 0.8),
            Kind.HYPHENATION: (self._hyphenation, 0.4),
            Kind.SHORTCODE: (self._shortcode, 0.3),
            Kind.ARTIFACT: (self._artifact, 0.3),
            Kind.DUPLICATE: (self._duplicate, 0.8),
            Kind.PUNCTUATION: (self._punctuation, 0.6),
            Kind.CASE: (self._case, 0.7),
            Kind.DROPPED_WORD: (self._dropped_word, 1.6),
            Kind.WORD_ORDER: (self._word_order, 1.2),
            Kind.WRONG_WORD: (self._wrong_word, 1.4),
            Kind.SPELLING: (self._spelling, 0.6),
        }
        wanted = set(kinds) if kinds is not None else set(ops)
        unknown = wanted - set(ops)
        if unknown:
            raise ValueError(f"unknown kinds: {unknown}")
        self.ops = [(k, fn, w) for k, (fn, w) in ops.items() if k in wanted]
        self._curly = True

    # -- public -------------------------------------------------------------------------

    def corrupt(self, clean: str, *, n_edits: int | None = None) -> Damaged:
        """Damage ``clean`` in ``n_edits`` places (None: 1-3; 0: an untouched copy).

        Fewer edits are made when the text offers fewer places for the chosen kinds.
        """
        if n_edits is None:
            n_edits = self.rng.choice((1, 1, 1, 2, 2, 3))
        self._curly = (
            detect_style(clean).curly if self.style == "auto" else self.style == "curly"
        )
        chosen: list[tuple[int, int, str, Kind]] = []
        tries = 0
        while len(chosen) < n_edits and tries < n_edits * 8 and self.ops:
            tries += 1
            kind, fn, _ = self.rng.choices(self.ops, weights=[w for _, _, w in self.ops])[0]
            cand = fn(clean)
            if cand is None:
                continue
            start, end, dmg = cand
            if dmg == clean[start:end]:
                continue
            # keep one clear character between damaged places so each gold edit is local
            if any(start <= e + 1 and s <= end + 1 for s, e, _, _ in chosen):
                continue
            chosen.append((start, end, dmg, kind))
        return self._build(clean, chosen)

    # -- assembly -----------------------------------------------------------------------

    @staticmethod
    def _build(clean: str, chosen: list[tuple[int, int, str, Kind]]) -> Damaged:
        parts: list[str] = []
        edits: list[Edit] = []
        cursor = 0
        length = 0
        for start, end, dmg, kind in sorted(chosen):
            keep = clean[cursor:start]
            parts.append(keep)
            length += len(keep)
            edits.append(Edit(length, length + len(dmg), clean[start:end], kind, original=dmg))
            parts.append(dmg)
            length += len(dmg)
            cursor = end
        parts.append(clean[cursor:])
        return Damaged(clean=clean, damaged="".join(parts), edits=tuple(edits))

    def _pick(self, items: list):  # noqa: ANN205 - any list
        return self.rng.choice(items) if items else None

    @property
    def _apos(self) -> str:
        return "’" if self._curly else "'"

    # -- one function per kind: return (clean start, clean end, damaged text) ------------

    def _encoding(self, text: str) -> Candidate | None:
        special = [i for i, c in enumerate(text) if ord(c) > 127 and c not in "\n"]
        r = self.rng.random()
        if special and r < 0.7:
            i = self.rng.choice(special)
            return i, i + 1, mojibake(text[i])
        entities = {"&": "&amp;", "'": "&#39;", '"': "&quot;", "’": "&rsquo;", "“": "&ldquo;", "”": "&rdquo;", "—": "&mdash;"}
        spots = [i for i, c in enumerate(text) if c in entities]
        if spots and r < 0.9:
            i = self.rng.choice(spots)
            return i, i + 1, entities[text[i]]
        spaces = [i for i, c in enumerate(text) if c == " "]
        if spaces:  # a no-break space mangled into Â + space
            i = self.rng.choice(spaces)
            return i, i + 1, "Â "
        return None

    def _quote(self, text: str) -> Candidate | None:
        r = self.rng.random()
        if r < 0.45:  # wrong side / wrong kind of mark
            swaps = {"“": "”", "”": "“", "‘": "’", '"': "“" if self._curly else "''"}
            spots = [i for i, c in enumerate(text) if c in "“”‘"]
            if not spots:
                return None
            i = self.rng.choice(spots)
            return i, i + 1, swaps[text[i]]
        if r < 0.8:  # opening quote glued to the previous word: his ‘strong’ → his’strong’
            spots = [m.start() for m in re.finditer(r"\w [“‘\"']\w", text)]
            i = self._pick(spots)
            if i is None:
                return None
            mark = text[i + 2]
            closed = {"“": "”", "‘": "’"}.get(mark, mark)
            return i + 1, i + 3, closed
        # closing quote moved past the space: now,” said → now, ”said
        spots = [m.start() for m in re.finditer(r"[,.]([”’\"]) \w", text)]
        i = self._pick(spots)
        if i is None:
            return None
        return i + 1, i + 3, " " + text[i + 1]

    def _possessive(self, text: str) -> Candidate | None:
        poss = [m for m in re.finditer(r"\b([A-Z][\w-]+|\w+)(['’])s\b", text)]
        plural = [m for m in re.finditer(r"\b([A-Za-z]+s)(['’])(?= [A-Za-z])", text)]
        r = self.rng.random()
        if poss and (r < 0.55 or not plural):
            m = self.rng.choice(poss)
            s = m.start(2)
            if self.rng.random() < 0.75:  # Azerbaijan’s → Azerbaijanthe
                return s, s + 2, "the"
            return s, s + 2, "s"  # apostrophe dropped
        if plural and r < 0.85:
            m = self.rng.choice(plural)
            s = m.start(2)
            opener = "‘" if self._curly else "'"
            if self.rng.random() < 0.7:  # rebels’ Defense → rebels‘the Defense
                return s, s + 1, opener + "the"
            return s, s + 1, ""
        # a plain plural given an apostrophe: governments → government's
        plurals = [m for m in _words(text) if len(m.group()) > 4 and m.group().endswith("s")
                   and not m.group().endswith("ss") and m.group().islower()]
        m = self._pick(plurals)
        if m is None:
            return None
        return m.end() - 1, m.end(), self._apos + "s"

    def _run_together(self, text: str) -> Candidate | None:
        words = _words(text)
        gaps = [
            (a.end(), b.start())
            for a, b in zip(words, words[1:])
            if text[a.end() : b.start()] in (" ", ". ", ", ")
        ]
        if not gaps:
            return None
        end_a, start_b = self.rng.choice(gaps)
        between = text[end_a:start_b]
        if between == " ":
            return end_a, start_b, ""
        return end_a + 1, start_b, ""  # whatever. Maria → whatever.Maria

    def _split_word(self, text: str) -> Candidate | None:
        _, common = _common_words()
        words = [m for m in _words(text) if len(m.group()) >= 6 and m.group().isalpha()]
        if not words:
            return None
        m = self.rng.choice(words)
        w = m.group()
        cuts = [i for i in range(2, len(w) - 1) if w[:i].lower() in common or w[i:].lower() in common]
        i = self.rng.choice(cuts) if cuts else self.rng.randint(2, len(w) - 2)
        return m.start() + i, m.start() + i, " "

    def _hyphenation(self, text: str) -> Candidate | None:
        words = [m for m in _words(text) if len(m.group()) >= 7 and m.group().isalpha()]
        m = self._pick(words)
        if m is None:
            return None
        i = self.rng.randint(3, len(m.group()) - 3)
        return m.start() + i, m.start() + i, self.rng.choice(("- ", "-\n", "- "))

    def _shortcode(self, text: str) -> Candidate | None:
        r = self.rng.random()
        if r < 0.5:
            code = self.rng.choice(("[ad_1]", "[ad_2]", "[caption]", "[embedded content]"))
            if self.rng.random() < 0.5:
                return 0, 0, code + self.rng.choice(("\n\n", "\n", " "))
            return len(text), len(text), self.rng.choice(("\n\n", "\n", " ")) + code
        # {that a}: spinner template braces around a short phrase
        words = _words(text)
        if len(words) < 3:
            return None
        i = self.rng.randrange(len(words) - 1)
        a, b = words[i], words[i + 1]
        if text[a.end() : b.start()] != " ":
            return None
        return a.start(), b.end(), "{" + text[a.start() : b.end()] + "}"

    def _artifact(self, text: str) -> Candidate | None:
        r = self.rng.random()
        if r < 0.5:
            return len(text), len(text), self.rng.choice(("\n\n.", "\n.", "\n\n. ", "\n•"))
        ends = [m.end() for m in re.finditer(r"[.!?](?=\s|$)", text)]
        i = self._pick(ends)
        if i is None:
            return None
        return i, i, self.rng.choice(("❐", "■", " |", "»", " ▪"))

    def _duplicate(self, text: str) -> Candidate | None:
        words = _words(text)
        if not words:
            return None
        # mostly short words: "the the", "was was"
        short = [m for m in words if len(m.group()) <= 4] or words
        m = self.rng.choice(short if self.rng.random() < 0.7 else words)
        return m.end(), m.end(), " " + m.group()

    def _punctuation(self, text: str) -> Candidate | None:
        r = self.rng.random()
        if r < 0.6:  # space before punctuation: protests .
            spots = [m.start() for m in re.finditer(r"\w[.,;:!?](?=\s|$)", text)]
            i = self._pick(spots)
            if i is None:
                return None
            return i + 1, i + 1, " "
        words = _words(text)
        gaps = [a.end() for a, b in zip(words, words[1:]) if text[a.end() : b.start()] == " " and b.group().islower()]
        i = self._pick(gaps)
        if i is None:
            return None
        return i, i, self.rng.choice((".", ",", ".", ";"))  # want. to

    def _case(self, text: str) -> Candidate | None:
        words = [m for m in _words(text) if len(m.group()) > 2]
        r = self.rng.random()
        if r < 0.55:  # proper noun lower-cased: Kharkiv → kharkiv
            names = [m for m in words if m.group()[0].isupper() and m.group()[1:].islower() and _mid_sentence(text, m.start())]
            m = self._pick(names)
            if m is None:
                return None
            return m.start(), m.start() + 1, m.group()[0].lower()
        lower = [m for m in words if m.group().islower() and _mid_sentence(text, m.start())]
        m = self._pick(lower)
        if m is None:
            return None
        return m.start(), m.start() + 1, m.group()[0].upper()

    def _dropped_word(self, text: str) -> Candidate | None:
        words = _words(text)
        if len(words) < 3:
            return None
        if self.rng.random() < 0.8:
            target = self.rng.choices(FUNCTION_WORDS, weights=_FUNCTION_WEIGHTS)[0]
            hits = [m for m in words[1:] if m.group() == target and text[m.end() : m.end() + 1] == " "]
            if not hits:
                hits = [m for m in words[1:] if m.group() in FUNCTION_WORDS and text[m.end() : m.end() + 1] == " "]
        else:  # a content word (often the noun a link was on)
            hits = [m for m in words[1:] if len(m.group()) > 3 and m.group().islower() and text[m.end() : m.end() + 1] == " "]
        m = self._pick(hits)
        if m is None:
            return None
        return m.start(), m.end() + 1, ""

    def _word_order(self, text: str) -> Candidate | None:
        words = _words(text)
        pairs = [
            (a, b)
            for a, b in zip(words, words[1:])
            if text[a.end() : b.start()] == " " and a.group().lower() != b.group().lower()
        ]
        if not pairs:
            return None
        a, b = self.rng.choice(pairs)
        wa, wb = a.group(), b.group()
        if self.rng.random() < 0.25 and len(wa) >= 7 and wa.islower():
            # truncate-and-move: breakaway Nagorny → Nagorny break
            cut = self.rng.randint(3, len(wa) - 3)
            return a.start(), b.end(), f"{wb} {wa[:cut]}"
        if not _mid_sentence(text, a.start()) and wa[0].isupper() and wb.islower():
            wa, wb = wa[0].lower() + wa[1:], wb[0].upper() + wb[1:]  # keep the capital first
        return a.start(), b.end(), f"{wb} {wa}"

    def _wrong_word(self, text: str) -> Candidate | None:
        words = _words(text)
        syn = [m for m in words if m.group().lower() in SYNONYMS]
        r = self.rng.random()
        if syn and r < 0.6:
            m = self.rng.choice(syn)
            w = m.group()
            new = self.rng.choice(SYNONYMS[w.lower()])
            if w[0].isupper():
                new = new[0].upper() + new[1:]
            return m.start(), m.end(), new
        conf = [m for m in words if m.group() in _CONFUSABLES]
        if conf and r < 0.7:
            m = self.rng.choice(conf)
            return m.start(), m.end(), self.rng.choice(_CONFUSABLES[m.group()])
        cands = [m for m in words if len(m.group()) >= 4 and m.group().islower()]
        for _ in range(3):
            m = self._pick(cands)
            if m is None:
                return None
            near = _near_spellings(m.group())
            if near:
                return m.start(), m.end(), self.rng.choice(near)
        return None

    def _spelling(self, text: str) -> Candidate | None:
        """A typo inside a common word that leaves a non-word: government → goverment."""
        _, common = _common_words()
        words = [m for m in _words(text) if len(m.group()) >= 5 and m.group().islower() and m.group() in common]
        for _ in range(4):
            m = self._pick(words)
            if m is None:
                return None
            w = m.group()
            i = self.rng.randint(1, len(w) - 2)  # keep the first and last letters
            how = self.rng.random()
            if how < 0.35:
                typo = w[:i] + w[i + 1 :]  # a letter dropped
            elif how < 0.6:
                typo = w[:i] + w[i + 1] + w[i] + w[i + 2 :]  # two letters swapped
            elif how < 0.8:
                typo = w[:i] + self.rng.choice("aeiou") + w[i + 1 :]  # a vowel slip
            else:
                typo = w[:i] + w[i] + w[i:]  # a letter doubled
            if typo != w and typo not in common and _zipf(typo) < 1.5:
                return m.start(), m.end(), typo
        return None
