"""The data at the heart of restore: suggestions over an untouched original.

Every view (the repaired text, diffs, the UI, the review database, batch JSONL, .docx
redlines) is built from a ``Restoration``: the original text plus a list of ``Suggestion``.
Nothing ever edits the original; ``Restoration.apply`` rebuilds a text from it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection, Iterable
from dataclasses import asdict, dataclass, field
from enum import Enum
from typing import Any

from .english.align import apply_edits
from .errors import Errors, InputError

DEFAULT_THRESHOLD = 0.8
"""Suggestions at or above this confidence are applied by ``Restoration.text``.

Lower ones are still listed for the editor, unaccepted. Confidence is calibrated, so 0.8
means about 4 in 5 such suggestions are right."""


class Kind(str, Enum):
    """The closed set of damage kinds restore knows about."""

    ENCODING = "encoding"  # mojibake, HTML entities, control characters, odd spaces
    QUOTE = "quote"  # wrong side, wrong kind, misplaced or unbalanced quote marks
    POSSESSIVE = "possessive"  # spinner damage to 's and s'
    RUN_TOGETHER = "run-together"  # two words glued together
    SPLIT_WORD = "split-word"  # one word broken in two
    HYPHENATION = "hyphenation"  # line-break hyphens left in ("govern- ment")
    SHORTCODE = "shortcode"  # CMS leftovers: [ad_1], [caption], {that a}
    ARTIFACT = "artifact"  # stray punctuation-only lines, symbols from templates
    DUPLICATE = "duplicate"  # doubled words ("the the")
    PUNCTUATION = "punctuation"  # space before punctuation, doubled or stray marks
    CASE = "case"  # lower-cased names, capitalised words mid-sentence
    DROPPED_WORD = "dropped-word"  # a missing function or content word
    WORD_ORDER = "word-order"  # swapped, scrambled or truncated-and-moved words
    WRONG_WORD = "wrong-word"  # a real word that breaks the sentence (spinner synonym)
    SPELLING = "spelling"  # a typo that makes a non-word ("goverment")

    def __str__(self) -> str:  # so f-strings and JSON show "run-together", not Kind.X
        return self.value


def suggestion_id(start: int, end: int, replacement: str, kind: str) -> str:
    """A stable id: the same edit on the same text always gets the same id.

    Stable ids let batch runs resume and let the review database match decisions to
    suggestions across re-runs.
    """
    digest = hashlib.sha1(f"{start}:{end}:{kind}:{replacement}".encode()).hexdigest()[:6]
    return f"{start}-{end}-{digest}"


@dataclass(frozen=True)
class Suggestion:
    """One proposed repair: replace ``original`` (= text[start:end]) by ``replacement``.

    ``start == end`` is an insertion. Offsets always index the untouched original text.
    """

    start: int
    end: int
    original: str
    replacement: str
    kind: Kind
    confidence: float
    reason: str
    source: str
    id: str = ""

    def __post_init__(self) -> None:
        if not (0 <= self.start <= self.end):
            raise InputError(Errors.E002.format(start=self.start, end=self.end, length="?"))
        if len(self.original) != self.end - self.start:
            raise InputError(
                Errors.E005.format(original=self.original, start=self.start, end=self.end)
            )
        if not (0.0 <= float(self.confidence) <= 1.0):
            raise InputError(Errors.E003.format(confidence=self.confidence))
        if not self.reason.strip():
            raise InputError(Errors.E004.format(kind=self.kind))
        if not isinstance(self.kind, Kind):
            try:
                object.__setattr__(self, "kind", Kind(self.kind))
            except ValueError:
                raise InputError(
                    Errors.E014.format(kind=self.kind, known=", ".join(k.value for k in Kind))
                ) from None
        if not self.id:
            object.__setattr__(
                self, "id", suggestion_id(self.start, self.end, self.replacement, self.kind.value)
            )

    @classmethod
    def at(
        cls,
        text: str,
        start: int,
        end: int,
        replacement: str,
        *,
        kind: Kind,
        confidence: float,
        reason: str,
        source: str,
    ) -> Suggestion:
        """Build a suggestion for ``text[start:end]``, checking the span against the text."""
        if not (0 <= start <= end <= len(text)):
            raise InputError(Errors.E002.format(start=start, end=end, length=len(text)))
        return cls(
            start=start,
            end=end,
            original=text[start:end],
            replacement=replacement,
            kind=kind,
            confidence=round(float(confidence), 4),
            reason=reason,
            source=source,
        )

    def shifted(self, offset: int) -> Suggestion:
        """The same suggestion with offsets moved by ``offset`` (for chunked texts)."""
        return Suggestion(
            start=self.start + offset,
            end=self.end + offset,
            original=self.original,
            replacement=self.replacement,
            kind=self.kind,
            confidence=self.confidence,
            reason=self.reason,
            source=self.source,
        )

    def overlaps(self, other: Suggestion) -> bool:
        """True if applying both would be ambiguous.

        Spans that only touch do not overlap, except two insertions at the same point (their
        order would be undefined) and an insertion strictly inside the other span.
        """
        if self.start == self.end and other.start == other.end:
            return self.start == other.start
        if self.start == self.end:
            return other.start < self.start < other.end
        if other.start == other.end:
            return self.start < other.start < self.end
        return self.start < other.end and other.start < self.end

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["kind"] = self.kind.value
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Suggestion:
        fields = {k: data[k] for k in cls.__dataclass_fields__ if k in data}
        fields["kind"] = Kind(fields["kind"])
        return cls(**fields)


def apply_suggestions(original: str, suggestions: Iterable[Suggestion]) -> str:
    """Rebuild a text from ``original`` with ``suggestions`` (non-overlapping) applied."""
    return apply_edits(original, suggestions)


@dataclass(frozen=True)
class Restoration:
    """An untouched original plus the resolved, non-overlapping suggestions for it."""

    original: str
    suggestions: tuple[Suggestion, ...] = ()
    threshold: float = DEFAULT_THRESHOLD
    warnings: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "suggestions", tuple(sorted(self.suggestions, key=lambda s: (s.start, s.end)))
        )

    @property
    def default_accepted(self) -> list[str]:
        """Ids of suggestions confident enough to apply without asking."""
        return [s.id for s in self.suggestions if s.confidence >= self.threshold]

    @property
    def text(self) -> str:
        """The original with every suggestion at or above the threshold applied."""
        return self.apply(self.default_accepted)

    def by_id(self, suggestion_id: str) -> Suggestion:
        for s in self.suggestions:
            if s.id == suggestion_id:
                return s
        raise InputError(Errors.E006.format(ids=suggestion_id))

    def apply(self, accepted: Collection[str]) -> str:
        """The original with exactly the ``accepted`` suggestion ids applied.

        ``apply(())`` returns the original byte for byte.
        """
        wanted = set(accepted)
        known = {s.id for s in self.suggestions}
        unknown = wanted - known
        if unknown:
            raise InputError(Errors.E006.format(ids=", ".join(sorted(unknown))))
        if not wanted:
            return self.original
        return apply_suggestions(self.original, (s for s in self.suggestions if s.id in wanted))

    def to_dict(self) -> dict[str, Any]:
        return {
            "original": self.original,
            "text": self.text,
            "threshold": self.threshold,
            "suggestions": [s.to_dict() for s in self.suggestions],
            "warnings": list(self.warnings),
        }

    def to_json(self, **kwargs: Any) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, **kwargs)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Restoration:
        return cls(
            original=data["original"],
            suggestions=tuple(Suggestion.from_dict(s) for s in data.get("suggestions", ())),
            threshold=float(data.get("threshold", DEFAULT_THRESHOLD)),
            warnings=tuple(data.get("warnings", ())),
        )
