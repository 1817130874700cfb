"""Case damage rules can judge: a function word capitalised mid-sentence.

"the group Has not taken responsibility": an auxiliary or preposition between two
lower-case words is never a name. A capitalised content word mid-sentence ("the Senate
voted") is house style, and a lower-cased name ("kharkiv") cannot be told from a common
noun that title-case names also use ("superfund", "Superfund Program") without context:
both are left to the model.

>>> from restore.passes.registry import Context
>>> t = "Officials said the city Has no power."
>>> [(s.original, s.replacement) for s in fix_case(t, Context.for_text(t))]
[('H', 'h')]
"""

from __future__ import annotations

import re

from ..suggestion import Kind, Suggestion
from .registry import Context, register_pass

NAME = "case"

# Words that are never names and rarely open a sentence: capitalised between lower-case
# words they are damage. ("This", "As", "In" are left out: there the full stop before them
# is more often what was lost.)
FUNCTION_WORDS = frozenset(
    "has have had is was are were will would could should been not than into of or be".split()
)
CAPITAL_MID = re.compile(r"(?<=[a-z,)] )([A-Z][a-z]+)(?= [a-z])")


@register_pass(
    NAME,
    kinds=(Kind.CASE,),
    examples=(
        ("a day before the holiday and the group Has not taken responsibility.",
         "a day before the holiday and the group has not taken responsibility."),
    ),
)
def fix_case(text: str, ctx: Context) -> list[Suggestion]:
    """Lower-case a function word capitalised between two lower-case words."""
    found: list[Suggestion] = []
    for m in CAPITAL_MID.finditer(text):
        word = m.group(1)
        if word.lower() in FUNCTION_WORDS:
            if any(w[:1].isupper() for w in text[m.end(1) : m.end(1) + 40].split()[:3]):
                continue  # "the For the People Act": a title in title case
            found.append(Suggestion.at(
                text, m.start(1), m.start(1) + 1, word[0].lower(), kind=Kind.CASE,
                confidence=0.85, source=NAME,
                reason=f"“{word}” is capitalised in the middle of a sentence.",
            ))
    return found
