"""Spinner signatures: undo an article spinner's word-by-word synonym swaps.

Spinner sites reword scraped wire copy with a fixed synonym table, and the same swaps
recur across sites and stories: "Foreign Ministry" becomes "Overseas Ministry", "year"
becomes "12 months", "corruption charges" become "corruption prices", "opened fire"
becomes "opened hearth". Most of these words are fine English on their own, so a
spelling checker never sees them; what gives them away is the context. Each rule in
``restore/data/spinner.tsv`` (LanguageTool-style: a pattern with its context, the
original, a confidence) matches a spun phrase only where edited copy never uses it, and
a test checks that no rule fires anywhere in the clean training corpus.

>>> from restore.context import Context
>>> t = "The Overseas Ministry said this 12 months."
>>> [(s.original, s.replacement) for s in reverse_spinner(t, Context.for_text(t))]
[('Overseas', 'Foreign'), ('12 months', 'year')]
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import regex

from ..context import Context
from ..english import detect_spelling
from ..errors import ConfigError
from ..registry import register_pass
from ..suggestion import Kind, Suggestion

NAME = "spinner"
RULES_PATH = Path(__file__).resolve().parent.parent / "data" / "spinner.tsv"
SPELLINGS = {
    "us": {"DEFENCE": "Defense", "PER_CENT": "percent"},
    "uk": {"DEFENCE": "Defence", "PER_CENT": "per cent"},
}


@dataclass(frozen=True)
class SpinnerRule:
    pattern: regex.Pattern[str]
    original: str
    confidence: float
    line: int
    kind: Kind = Kind.WRONG_WORD


def _compile(pattern: str) -> regex.Pattern[str]:
    """Whole words only; a leading lower-case letter also matches its capital where a
    sentence or a quotation opens."""
    if pattern[:1].islower():
        c = pattern[0]
        pattern = f"(?:{c}|(?<=(?:^|[.!?:][\"”’)]?\\s+|[\"“‘])){c.upper()}){pattern[1:]}"
    return regex.compile(rf"(?<![\w-])(?:{pattern})(?:(?<=\s)|(?![\w-]))")


@lru_cache(maxsize=1)
def load_rules(path: Path = RULES_PATH) -> tuple[SpinnerRule, ...]:
    """The shipped rule table (comments and blank lines skipped)."""
    rules = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        try:
            pattern, original, confidence, *kind = line.split("\t")
            if len(kind) > 1:
                raise ValueError(f"{len(kind) + 3} fields, at most 4")
            rules.append(SpinnerRule(_compile(pattern), original, float(confidence), n, Kind(kind[0]) if kind else Kind.WRONG_WORD))
        except (ValueError, regex.error) as err:
            raise ConfigError(f"{path}, line {n}: not a spinner rule ({err}).") from None
    return tuple(rules)


def _minimal(spun: str, original: str) -> tuple[int, int, str]:
    """Trim the words both share at either end: "Safety Council" → "Security Council"
    becomes "Safety" → "Security" (offsets within ``spun``)."""
    a, b = spun.split(" "), original.split(" ")
    head = 0
    while head < min(len(a), len(b)) - 1 and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < min(len(a), len(b)) - head - 1 and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    start = sum(len(w) + 1 for w in a[:head])
    end = len(spun) - sum(len(w) + 1 for w in a[len(a) - tail :])
    return start, end, " ".join(b[head : len(b) - tail])


@register_pass(
    NAME,
    kinds=(Kind.WRONG_WORD, Kind.SPLIT_WORD),
    examples=(
        ("An Inside Ministry spokesman said the taking pictures was not planned.",
         "An Interior Ministry spokesman said the shooting was not planned."),
        ("He was jailed this 12 months on corruption prices.",
         "He was jailed this year on corruption charges."),
        ("But it surely was unclear who opened hearth first.", "But it was unclear who opened fire first."),
        ("The U.N. Safety Council met as the loss of life toll rose to 26.",
         "The U.N. Security Council met as the death toll rose to 26."),
    ),
)
def reverse_spinner(text: str, ctx: Context) -> list[Suggestion]:
    """Suggest the wire original for each spinner signature in ``text``."""
    found: list[Suggestion] = []
    for rule in load_rules():
        for m in rule.pattern.finditer(text):
            original = rule.original
            if "{" in original:  # only a repair that must pick a spelling reads the document's
                original = original.format(**SPELLINGS[detect_spelling(ctx.doc_words)])
            original = m.expand(original)
            spun = m.group()
            if spun[:1].isupper() and original[:1].islower():
                original = original[0].upper() + original[1:]
            start, end, replacement = _minimal(spun, original)
            if spun[start:end] == replacement:
                continue
            found.append(Suggestion.at(
                text, m.start() + start, m.start() + end, replacement, kind=rule.kind,
                confidence=rule.confidence, source=NAME,
                reason=f"“{spun.strip()}” is an article spinner’s rewording of “{original.strip()}”.",
            ))
    unique = {(s.start, s.end, s.replacement): s for s in reversed(found)}  # two rules, one repair
    return sorted(unique.values(), key=lambda s: (s.start, s.end))
