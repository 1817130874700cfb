"""Line-break hyphens left in the text: "govern- ment", "govern-\\nment", "Kwai- wah".

When copy is re-flowed, the hyphen that split a word at the end of a line stays behind
with a space or line break after it. The lexicon decides whether the word is one word
("government") or a real compound ("Kwai-wah", "self-made"). Suspended hyphens ("well-
and ill-prepared", "pre- or post-war") are real and left alone.

>>> from restore.context import Context
>>> t = "The govern- ment said."
>>> [(s.original, s.replacement) for s in fix_hyphenation(t, Context.for_text(t))]
[('govern- ment', 'government')]
"""

from __future__ import annotations

import re

from ..context import Context
from ..english import word_set
from ..registry import register_pass
from ..suggestion import Kind, Suggestion

NAME = "hyphenation"

# the right-hand piece may carry a possessive: "Ban Ki- moon’s office", "govern- ment’s"
BROKEN = re.compile(r"(?<![\w’'-])([A-Za-z]+)-([ \t]*\n[ \t]*|[ \t])([a-z]+)(?=[’']s\b|[^\w’'-]|$)")
# "Ban Ki- moon": the piece before the hyphen follows a capitalised word of the same name
# (not one that opens a sentence).
IN_NAME = re.compile(r"(?:^|[a-z,;:] |\b(?:Mr|Ms|Mrs|Dr)\.? )([A-Z][a-z]+) $")
SENTENCE_STARTERS = word_set("sentence_starters")
SUSPENDING = word_set("suspending_words")
"""After the hyphen of "well- and ill-prepared", "10- to 15-minute": a suspended hyphen."""


def _after_name(text: str, start: int) -> bool:
    """Whether the word before ``start`` is a capitalised name word ("Ban" of "Ban Ki- moon"),
    not a word that opens a sentence ("The")."""
    lo = max(0, start - 40)
    m = IN_NAME.search(text[lo:start]) if lo == 0 else IN_NAME.search(text[lo:start], 1)
    return m is not None and m.group(1) not in SENTENCE_STARTERS


@register_pass(
    NAME,
    kinds=(Kind.HYPHENATION,),
    examples=(
        ("The govern- ment said on Monday.", "The government said on Monday."),
        ("Officials in Kwai- wah district.", "Officials in Kwai-wah district."),
        ("The govern-\nment said on Monday.", "The government said on Monday."),
        ("The meeting com- mences in March.", "The meeting commences in March."),
    ),
)
def fix_hyphenation(text: str, ctx: Context) -> list[Suggestion]:
    """Join a word broken by a line-break hyphen, or keep the hyphen and close the gap."""
    if "-" not in text:
        return []
    found: list[Suggestion] = []
    lex = ctx.lexicon
    for m in BROKEN.finditer(text):
        left, gap, right = m.groups()
        if right in SUSPENDING:
            continue
        newline = "\n" in gap
        joined = left + right
        z_joined = lex.zipf(joined)
        z_hyphen = lex.zipf(f"{left}-{right}")
        if z_joined >= 1.5 and z_joined >= z_hyphen:
            # any known word beats a hyphenated form nobody writes ("com-mences")
            replacement = joined
            fragment = not lex.is_known(left, 3.0) or not lex.is_known(right, 3.0)
            confidence = 0.9 if newline or fragment else 0.85
            if z_joined < 3.0 and not fragment:
                confidence = 0.7  # "war- time": two words and a rare compound
            reason = f"“{joined}” was split by a line-break hyphen."
        elif newline:
            # a hyphenated compound broken at the line end: keep the hyphen only
            replacement = f"{left}-{right}"
            confidence = 0.8 if z_hyphen >= 2.0 else 0.6
            reason = f"“{left}-{right}” was split across a line break."
        else:
            replacement = f"{left}-{right}"
            # "Canada- via", "city- which": two known words are more likely a sloppy dash
            both_known = lex.is_known(left, 3.0) and lex.is_known(right, 3.0)
            confidence = 0.85 if z_hyphen >= 2.0 or not both_known else 0.6
            if (
                left[0].isupper() and len(left) <= 5 and len(right) <= 5
                and (_after_name(text, m.start()) or ctx.doc_count(f"{left}-{right}") >= 1)
            ):
                confidence = 0.85  # "Ban Ki- moon", "Moon Jae- in": a hyphenated given name
                reason = f"“{left}-{right}” is a name split by a line-break hyphen."
            reason = f"A stray space follows the hyphen in “{left}-{right}”."
        found.append(
            Suggestion.at(
                text, m.start(), m.end(), replacement, kind=Kind.HYPHENATION,
                confidence=confidence, reason=reason, source=NAME,
            )
        )
    return found
