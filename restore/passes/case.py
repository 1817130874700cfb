"""Case damage rules can judge: a function word capitalised mid-sentence.

"the group Has not taken responsibility": an auxiliary or preposition between two
lower-case words is never a name. A lower-cased name ("kharkiv", "ukraine") is capitalised
when the article itself writes it with a capital elsewhere or when English always
capitalises it (``restore.names``). A capitalised content word mid-sentence ("the Senate
voted") is house style and is left to the model.

>>> from restore.context import Context
>>> t = "Officials said the city Has no power."
>>> [(s.original, s.replacement) for s in fix_case(t, Context.for_text(t))]
[('H', 'h')]
"""

from __future__ import annotations

import re

from ..context import Context
from ..english import looks_foreign, word_set, words_around
from ..english.names import capitalised_words
from ..registry import register_pass
from ..suggestion import Kind, Suggestion

NAME = "case"

FUNCTION_WORDS = word_set("lowercase_mid_sentence")
"""Never names and rarely opening a sentence: capitalised between lower-case words they are
damage ("the group Has not")."""
CAPITAL_MID = re.compile(r"(?<=[a-z,)] )([A-Z][a-z]+)(?= [a-z])")
# "“Who gave this right?” Said Maryam.": the attribution after a quotation goes on in lower case.
ATTRIBUTION = re.compile(
    r"(?<=[”\"] )(Said|Says|Added|Adds|Told|Asked|Wrote|Noted|Explained|Insisted|Continued)"
    r"(?= (?:[A-Z][a-z]+|he|she|they|the|a|an)\b)"
)
SENTENCE_OPENERS = word_set("sentence_openers_lower")
# "he also appreciated …" opening the text or a line after a sentence's end.
LOWER_OPENER = re.compile(r"(?:^|(?<=[.!?”\"]\n)|(?<=\n\n))([a-z]+)(?= [a-z])")
# "“… the solution”, She hammered.": a pronoun after a comma goes on the sentence in lower case.
PRONOUN_AFTER_COMMA = re.compile(r"(?:(?<=[”“\"’], )|(?<=,[”\"’] ))(He|She|They|We)(?= (?:[a-z]+(?:ed|s)|said|told|wrote)\b)")
LOWER_MID = re.compile(r"(?<=[\w,;:)] )([a-z]{3,})\b(?![’'](?!s\b)\w|[\-@./]\w)")
"""A lower-case word in mid-sentence, possibly possessive ("america’s"), not part of a
contraction, compound, handle or domain."""


def _demonym(word: str, names: frozenset[str]) -> bool:
    """"kenyans", "nigerian": the people of a place on the names list (kenya, nigeria)."""
    for ending in ("ns", "n"):
        if word.endswith(ending) and word[: -len(ending)] in names and word[: -len(ending)].endswith("a"):
            return True
    return False


# "… the cities of Kharkiv and": a capitalised word after a lower-case one (group 1), from
# the start of that word; one scan per text (a scan per rare word was quadratic).
CAPITAL_AFTER_LOWER = re.compile(r"(?<![\w’'-])[a-z][\w’'-]*,? ([A-Z][\w’'-]*)(?= [a-z]|[.,;:])")


def _capitals_mid_sentence(text: str) -> dict[str, list[int]]:
    """Each capitalised word written after a lower-case word, with where that word starts."""
    found: dict[str, list[int]] = {}
    for m in CAPITAL_AFTER_LOWER.finditer(text):
        found.setdefault(m.group(1), []).append(m.start())
    return found


def _standalone(text: str, start: int, ctx: Context) -> bool:
    """Whether the capitalised word at ``start`` stands among lower-case words, so its
    capital is evidence of a name: in a run of title case ("the Directorate on Global
    Health Security and Biodefense", "Treatment of Conditions, such as Endometriosis")
    every word is capitalised and proves nothing. Neighbours that are names themselves
    ("Kyiv and Kharkiv") do not count against it."""
    sentence_start = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start)) + 1
    before = re.findall(r"[A-Za-z][\w’'-]*", text[sentence_start:start])[-5:]
    m = re.match(r"[^.!?\n]*", text[start:])
    after = re.findall(r"[A-Za-z][\w’'-]*", m.group() if m else "")[1:6]
    for w in before[1:] + after if len(before) == 5 else before[1:] + after:
        if w[0].isupper() and ctx.lexicon.zipf(w.lower()) >= 4.0 and w.lower() not in capitalised_words():
            return False
    return True


def lowercased_names(text: str, ctx: Context) -> list[Suggestion]:
    """A name written in lower case mid-sentence: "the cities of Kyiv and kharkiv".

    Two kinds of evidence: the same text writes the word with a capital elsewhere in
    mid-sentence and on its own (a capital opening a sentence or inside a title such as
    "the Revitalization Working Group" proves nothing) and it is no everyday English
    word; or it is on the list of words English always capitalises (``restore.names``:
    months, places, nationalities). The house dictionary wins: a word entered there in
    lower case is left alone.
    """
    names = capitalised_words()
    found: list[Suggestion] = []
    capitals = _capitals_mid_sentence(text)
    for m in LOWER_MID.finditer(text):
        word = m.group(1)
        title = word[0].upper() + word[1:]
        if ctx.lexicon.in_house(word) and title not in ctx.doc_words:
            continue
        if word in names or _demonym(word, names):
            confidence, why = 0.86, "is a name English always capitalises"
        elif (
            ctx.lexicon.zipf(word) < 3.0 and ctx.doc_count(word) == 1
            and not ctx.doc_count(word[:-1] if word.endswith("s") else word + "s")  # "brownfield sites"
            and not looks_foreign(words_around(text, m.start(1), m.end(1), n=8))
            and any(_standalone(text, start, ctx) for start in capitals.get(title, ()))
        ):
            confidence, why = 0.85, f"is written “{title}” elsewhere in this article"
        else:
            continue
        found.append(Suggestion.at(
            text, m.start(1), m.start(1) + 1, title[0], kind=Kind.CASE, confidence=confidence,
            source=NAME, reason=f"“{word}” {why}.",
        ))
    return found


@register_pass(
    NAME,
    kinds=(Kind.CASE,),
    examples=(
        ("a day before the holiday and the group Has not taken responsibility.",
         "a day before the holiday and the group has not taken responsibility."),
        ("Drones hit Kyiv and Kharkiv overnight. Officials in kharkiv said power was out.",
         "Drones hit Kyiv and Kharkiv overnight. Officials in Kharkiv said power was out."),
        ("Talks with ukraine resumed on Monday.", "Talks with Ukraine resumed on Monday."),
        ("“Who gave you this right?” Said Maryam.", "“Who gave you this right?” said Maryam."),
    ),
)
def fix_case(text: str, ctx: Context) -> list[Suggestion]:
    """Lower-case a function word capitalised between two lower-case words; capitalise a
    name written in lower case."""
    found: list[Suggestion] = lowercased_names(text, ctx)
    for m in ATTRIBUTION.finditer(text):
        found.append(Suggestion.at(
            text, m.start(1), m.start(1) + 1, m.group(1)[0].lower(), kind=Kind.CASE, confidence=0.85,
            source=NAME, reason=f"“{m.group(1)}” goes on the sentence of the quotation before it.",
        ))
    for m in LOWER_OPENER.finditer(text):
        if m.group(1) not in SENTENCE_OPENERS:
            continue
        found.append(Suggestion.at(
            text, m.start(1), m.start(1) + 1, m.group(1)[0].upper(), kind=Kind.CASE, confidence=0.88,
            source=NAME, reason=f"“{m.group(1)}” opens a sentence: it takes a capital.",
        ))
    for m in PRONOUN_AFTER_COMMA.finditer(text):
        found.append(Suggestion.at(
            text, m.start(1), m.start(1) + 1, m.group(1)[0].lower(), kind=Kind.CASE, confidence=0.85,
            source=NAME, reason=f"“{m.group(1)}” goes on the sentence after the comma in lower case.",
        ))
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
