"""Misspelt everyday words: "goverment", "recieved", "statment".

A typo that makes a non-word is the one spelling error a rule can judge without the
sentence: the word is in no English spelling dictionary and rare on the web, and one
common word is a single keystroke away (Norvig's edit-distance-1 candidates, ranked by
wordfreq like SymSpell). Everything else is left alone, because news copy is full of rare
words that are right:

* capitalised words (names: "Sunak", "Zelenskyy") are never touched;
* new coinages built from a prefix or two words ("reshoring", "livestream") and
  derivations of a dictionary word ("servicers", "funder", "preferencing") are words;
* a lower-case word between two capitalised ones is a name particle ("Reema bint Bandar");
* a word the article uses twice, or a house-dictionary word, is intentional;
* a word whose candidate only adds or drops an ending ("pandemics" -> "pandemic",
  "zelenskyy" -> "zelensky") is an inflection or a variant, not a typo;
* US/UK variants ("enrol"/"enroll") are the document's house style;
* a word among other non-dictionary words is probably foreign ("las personas que crean").

Real-word errors ("attacked by drains") need the sentence, so they are the model's job.

>>> from restore.context import Context
>>> t = "The goverment said the funds were spent."
>>> [(s.original, s.replacement) for s in fix_spelling(t, Context.for_text(t))]
[('goverment', 'government')]
"""

from __future__ import annotations

import re

from ..context import Context
from ..english import LETTER_RUN, Lexicon, looks_foreign, too_long, word_set, words_around
from ..registry import register_pass
from ..suggestion import Kind, Suggestion

NAME = "spelling"
WORD = re.compile(r"(?<![\w@#/.’'´¨˜ˆ¸-])[a-z]{4,}(?![\w@/’'´¨˜ˆ¸-]|\.\w)")  # not a piece cut off by a spacing accent ("Pin˜eiro")
"""A lower-case word of four letters or more, not part of a handle, URL, path or compound."""
VOWELS = frozenset("aeiou")
MAX_TYPO_ZIPF = 3.0
"""Common misspellings reach Zipf 2.5-2.9 in web text ("recieved" 2.75); a word commoner
than this is in use, whatever the dictionary says ("covid")."""
MIN_GAP = 2.0
"""The candidate must be this much (100x) commoner than the word as written."""
AMBIGUOUS_GAP = 1.0
"""A runner-up this close to the best candidate makes the choice a guess."""


PREFIXES = word_set("coinage_prefixes")


def _coined(word: str, lexicon: Lexicon) -> bool:
    """True for a prefix or a word joined to a dictionary word ("reshoring", "livestream")."""
    for i in range(2, len(word) - 2):
        head, tail = word[:i], word[i:]
        if lexicon.in_dictionary(tail) and len(tail) >= 4 and (head in PREFIXES or (len(head) >= 3 and lexicon.in_dictionary(head))):
            return True
    return False


SUFFIXES = word_set("derivation_suffixes")


def _derived(word: str, lexicon: Lexicon) -> bool:
    """True for a dictionary word plus an ending ("servicers", "funder", "dunal")."""
    for suffix in SUFFIXES:
        stem = word[: -len(suffix)]
        if not word.endswith(suffix) or len(stem) < 3:
            continue
        if lexicon.in_dictionary(stem) or lexicon.in_dictionary(stem + "e"):
            return True
        if stem[-1] == stem[-2] and lexicon.in_dictionary(stem[:-1]):  # "planned"
            return True
    return False


def typo_like(word: str, candidate: str) -> bool:
    """True for the slips fingers make: a letter left out, two letters swapped, a letter
    doubled, a vowel for a vowel (a consonant left out only in longer words). An extra or
    changed consonant ("doxing" / "doing",
    "tule" / "rule") is as often a rare word that is right, so it stays a guess."""
    if word[0] != candidate[0]:
        return False
    if len(candidate) == len(word) + 1:  # a letter left out: goverment -> government
        i = next((k for k in range(len(word)) if word[k] != candidate[k]), len(word))
        # short words sit a letter away from many real ones ("doulas" / "douglas")
        return candidate[i] in VOWELS or len(word) >= 7
    if len(candidate) == len(word) - 1:
        i = next((k for k in range(len(candidate)) if word[k] != candidate[k]), len(candidate))
        return word[i] == word[i - 1] or (i + 1 < len(word) and word[i] == word[i + 1])  # yeesterday
    diff = [k for k in range(len(word)) if word[k] != candidate[k]]
    if len(diff) == 2:
        return True  # recieved -> received: a swap
    return len(diff) == 1 and word[diff[0]] in VOWELS and candidate[diff[0]] in VOWELS


def _foreign_around(text: str, start: int, end: int, lexicon: Lexicon) -> bool:
    """True if nearby words are not English either (a phrase in another language)."""
    near = words_around(text, start, end)
    if looks_foreign(near):
        return True
    return any(w.islower() and len(w) >= 3 and not lexicon.in_dictionary(w) for w in near[1:-1])


def _inside_a_name(text: str, start: int, end: int) -> bool:
    """True for "bint" in "Reema bint Bandar": both neighbours are capitalised words."""
    before = LETTER_RUN.findall(text, max(0, start - 30), start)[-1:]
    after = LETTER_RUN.findall(text, end, end + 30)[:1]
    return bool(before and after) and before[0][0].isupper() and after[0][0].isupper()


@register_pass(
    NAME,
    kinds=(Kind.SPELLING,),
    examples=(
        ("The goverment said it had recieved the letter.", "The government said it had received the letter."),
        ("Officials said the statment was false.", "Officials said the statement was false."),
    ),
)
def fix_spelling(text: str, ctx: Context) -> list[Suggestion]:
    found: list[Suggestion] = []
    for m in WORD.finditer(text):
        word = m.group()
        if too_long(word):
            continue  # a pasted blob: its coinage and edit checks grow with length squared
        z = ctx.lexicon.zipf(word)
        if z >= MAX_TYPO_ZIPF or ctx.lexicon.in_dictionary(word) or ctx.doc_count(word) > 1:
            continue
        if _coined(word, ctx.lexicon) or _derived(word, ctx.lexicon):
            continue
        ranked = ctx.lexicon.candidates(word)
        if not ranked or ranked[0][1] < z + MIN_GAP:
            continue
        if _foreign_around(text, m.start(), m.end(), ctx.lexicon) or _inside_a_name(text, m.start(), m.end()):
            continue
        best, best_z = ranked[0]
        ambiguous = len(ranked) > 1 and ranked[1][1] >= best_z - AMBIGUOUS_GAP
        confidence = 0.55 if ambiguous else 0.85 if typo_like(word, best) else 0.65
        why = (
            f"“{word}” is not an English word; “{best}” is one keystroke away"
            + (f" (so is “{ranked[1][0]}”)." if ambiguous else ".")
        )
        found.append(Suggestion.at(
            text, m.start(), m.end(), best, kind=Kind.SPELLING, confidence=confidence,
            source=NAME, reason=why,
        ))
    return found
