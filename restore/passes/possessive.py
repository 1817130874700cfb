"""Possessives mangled by spinners: ``’s`` rewritten as a glued-on "the".

Article spinners treat "’s" as a word and swap it for "the", which they then glue to the
noun: "Azerbaijan’s Nagorny" becomes "Azerbaijanthe Nagorny", "the rebels’ Defense
Ministry" becomes "the rebels‘the Defense Ministry". Real words that end in "the"
(breathe, lathe, Goethe) are known to the lexicon and left alone.

>>> from restore.context import Context
>>> t = "in Azerbaijanthe Nagorny Karabakh region"
>>> [(s.original, s.replacement) for s in fix_possessive(t, Context.for_text(t))]
[('the', '’s')]
"""

from __future__ import annotations

import re

from ..context import Context
from ..english import word_set
from ..english.morphology import glued_the
from ..english.names import capitalised_words
from ..registry import register_pass
from ..suggestion import Kind, Suggestion

NAME = "possessive"

# "Azerbaijanthe Nagorny": a token ending in a glued "the", then a space and a word.
GLUED = re.compile(r"(?<![\w’'‘`-])((?:[A-Za-z]+-)*[A-Za-z]{2,})the(?=[ \t]+([A-Za-z][\w’'-]*))")
# "rebels‘the Defense": a quote mark of any kind between the noun and "the".
QUOTED = re.compile(r"(?<![\w’'‘`-])([A-Za-z]{2,})([’'‘`´])the(?=[ \t]+([A-Za-z][\w’'-]*))")

NOT_AFTER_POSSESSIVE = word_set("not_after_possessive")
"""After a possessive comes a noun phrase, never one of these."""


# "two familie’s", "the government’s touted": an apostrophe that a plural never had.
STRAY_APOSTROPHE = re.compile(r"(?<![\w’'‘-])([a-z]{3,})([’'])s\b(?![’'\w-])")
NEVER_AFTER_POSSESSIVE = word_set("never_after_possessive")
"""Words that follow a plural or a verb but never a noun's possessive ("the member’s of")."""
SAYING_NOUNS = word_set("saying_nouns")
"""Nouns whose "’s that" is spoken "is that" ("the problem’s that we ran out")."""
PLURAL_CUES = word_set("plural_cues")
"""Words before which a noun is plural: "two government’s" can only be "two governments"."""
CONTRACTIONS = word_set("contraction_stems")
"""Stems whose "’s" is a contraction ("it’s", "that’s", "let’s"), never a plural."""


def _previous_word(text: str, start: int) -> str:
    words = text[max(0, start - 30) : start].split()
    return words[-1].lower().strip("“”\"'‘’(,") if words else ""


def stray_apostrophes(text: str, ctx: Context) -> list[Suggestion]:
    """A plural written with an apostrophe ("familie’s", "two government’s").

    Sure when the stem is no word at all and the plural is common ("technologie’s"); with
    a real stem only when a number or plural word comes before it ("two government’s"),
    since "the government’s plan" is a true possessive. A following verb or function word
    alone ("members’s are") is shown at low confidence, never applied.
    """
    found: list[Suggestion] = []
    for m in STRAY_APOSTROPHE.finditer(text):
        stem = m.group(1)
        if stem in CONTRACTIONS or ctx.lexicon.zipf(stem + "s") < 3.0:
            continue
        after = text[m.end() : m.end() + 20].split()
        nxt = after[0].lower().strip(".,;:!?”\"’)") if after else ""
        if ctx.lexicon.zipf(stem) < 2.5 and not ctx.lexicon.in_house(stem):
            confidence, why = 0.92, f"“{stem}” is not a word; “{stem}s” is"
        elif _previous_word(text, m.start()) in PLURAL_CUES and not (nxt.endswith("s") and nxt not in NOT_AFTER_POSSESSIVE):
            # ("two master’s degrees": a plural noun after it means a real possessive)
            confidence, why = 0.86, f"“{_previous_word(text, m.start())}” needs the plural “{stem}s”"
        elif nxt in NEVER_AFTER_POSSESSIVE and after[0] == nxt and not (nxt == "that" and stem in SAYING_NOUNS):
            # 2.5 M words of edited copy: no noun's "’s" before these (only "it’s who")
            confidence, why = 0.85, f"a possessive is followed by a noun, never by “{nxt}”"
        elif nxt in NOT_AFTER_POSSESSIVE - {"not", "been"} and not after[0][:1].isupper():
            confidence, why = 0.6, f"a possessive is followed by a noun, not “{nxt}”"
        elif text[m.end() : m.end() + 1] in tuple(".,;:—)"):
            # mostly a plural ("vicious disease’s—"), but "this year’s." can stand alone
            confidence, why = 0.7, "a possessive is followed by a noun, not by punctuation"
        else:
            continue
        found.append(Suggestion.at(
            text, m.start(2), m.end(), "s", kind=Kind.POSSESSIVE, confidence=confidence,
            source=NAME, reason=f"A plural with a stray apostrophe: {why}.",
        ))
    return found


# "Turkeys largest city", "Bidens plan": a name whose apostrophe was dropped.
BARE_NAME_S = re.compile(r"(?<=[\w,;:] )([A-Z][a-z]{2,})s(?= ([a-z][\w-]*))")


def dropped_apostrophes(text: str, ctx: Context) -> list[Suggestion]:
    """A name with its possessive apostrophe dropped: "Turkeys largest city".

    Only when the name without the "s" is far commoner than the "s" form (so "Americas",
    "Philippines", "Jones" stay), it is known as a name (the names list, or the article
    writes it elsewhere), and a noun phrase follows, not a verb or function word.
    """
    names = capitalised_words()
    found: list[Suggestion] = []
    for m in BARE_NAME_S.finditer(text):
        stem, nxt = m.group(1), m.group(2)
        if nxt in NOT_AFTER_POSSESSIVE or ctx.doc_count(stem + "s") > 1:
            continue
        if not (stem.lower() in names or ctx.doc_count(stem) >= 1):
            continue
        plural = ctx.lexicon.zipf(stem + "s")
        if plural >= 3.0 or plural > ctx.lexicon.zipf(stem) - 1.5 or ctx.lexicon.in_house(stem + "s"):
            continue
        found.append(Suggestion.at(
            text, m.end(1), m.end(1) + 1, ctx.style.apostrophe + "s", kind=Kind.POSSESSIVE,
            confidence=0.82, source=NAME,
            reason=f"“{stem}s {nxt}” reads as the possessive “{stem}{ctx.style.apostrophe}s {nxt}”.",
        ))
    return found


# "kenyas capital", "nigerias oil": a place on the names list, lower-cased, its apostrophe dropped.
LOWER_PLACE_S = re.compile(r"(?<=[\w,;:] )([a-z]{3,})s(?= ([a-z][\w-]*))")
# "the Ministrys security", "the citys mayor": a noun in -y whose plural is -ies, so "-ys" is
# its possessive without the apostrophe.
Y_S = re.compile(r"(?<![\w’'-])([A-Za-z]{2,}[^aeiouAEIOU\W\d_]y)s(?= ([a-z][\w-]*))")


def lost_possessives(text: str, ctx: Context) -> list[Suggestion]:
    """Possessives a scraper wrote as no word at all: "kenyas capital" (a place, lower
    case: "Kenya’s"), "the Ministrys security" ("Ministry’s": the plural of a noun in -y
    is -ies, so "-ys" before a noun can only be a possessive). A real plural stays: the
    token must be no word and a noun phrase must follow."""
    names = capitalised_words()
    found: list[Suggestion] = []
    for m in LOWER_PLACE_S.finditer(text):
        stem, nxt = m.group(1), m.group(2)
        if stem not in names or nxt in NOT_AFTER_POSSESSIVE:
            continue
        token = stem + "s"
        if ctx.lexicon.zipf(token) >= 2.5 or ctx.lexicon.in_house(token) or ctx.doc_count(token) > 1:
            continue
        found.append(Suggestion.at(
            text, m.start(1), m.end(1) + 1, stem[0].upper() + stem[1:] + ctx.style.apostrophe + "s",
            kind=Kind.POSSESSIVE, confidence=0.85, source=NAME,
            reason=f"“{token} {nxt}” reads as the possessive of the name “{stem.capitalize()}”.",
        ))
    for m in Y_S.finditer(text):
        stem, nxt = m.group(1), m.group(2)
        token = stem + "s"
        if nxt in NOT_AFTER_POSSESSIVE or ctx.lexicon.zipf(token) >= 2.5 or ctx.lexicon.in_house(token) or ctx.doc_count(token) > 1:
            continue
        if ctx.lexicon.zipf(stem.lower()) < 3.0 or ctx.lexicon.zipf(stem[:-1].lower() + "ies") < 2.0:
            continue
        found.append(Suggestion.at(
            text, m.end(1), m.end(1) + 1, ctx.style.apostrophe + "s", kind=Kind.POSSESSIVE,
            confidence=0.85, source=NAME,
            reason=f"“{token}” is no word (the plural is “{stem[:-1]}ies”): the possessive “{stem}{ctx.style.apostrophe}s”.",
        ))
    return found


def _ending(stem: str, ctx: Context) -> str:
    """’ after a plural or s-final name ("rebels’"), ’s otherwise ("Azerbaijan’s")."""
    return ctx.style.apostrophe if stem.endswith(("s", "S")) else ctx.style.apostrophe + "s"


@register_pass(
    NAME,
    kinds=(Kind.POSSESSIVE,),
    examples=(
        ("clashes in Azerbaijanthe Nagorny Karabakh region.", "clashes in Azerbaijan’s Nagorny Karabakh region."),
        ("the rebels'the Defense Ministry said.", "the rebels' Defense Ministry said."),
        ("He criticised Chinathe foreign policy.", "He criticised China’s foreign policy."),
        ("The two government’s touted it as a model.", "The two governments touted it as a model."),
        ("Officials backed Bidens plan on Monday.", "Officials backed Biden’s plan on Monday."),
    ),
)
def fix_possessive(text: str, ctx: Context) -> list[Suggestion]:
    """Turn a glued-on "the" back into the possessive ending it replaced; take the stray
    apostrophe out of a plural."""
    found: list[Suggestion] = (
        stray_apostrophes(text, ctx) + dropped_apostrophes(text, ctx) + lost_possessives(text, ctx) if "s" in text else []
    )
    if "the" not in text:
        return found
    for m in QUOTED.finditer(text):
        stem, nxt = m.group(1), m.group(3)
        if nxt.lower() in NOT_AFTER_POSSESSIVE or not ctx.lexicon.is_known(stem, 2.0):
            continue
        found.append(
            Suggestion.at(
                text,
                m.start(2),
                m.end(),
                _ending(stem, ctx),
                kind=Kind.POSSESSIVE,
                confidence=0.9,
                reason=f"“{stem}{m.group(2)}the” is a spinner's rewrite of the possessive “{stem}{_ending(stem, ctx)}”.",
                source=NAME,
            )
        )
    for m in GLUED.finditer(text):
        stem, nxt = m.group(1), m.group(2)
        if nxt.lower() in NOT_AFTER_POSSESSIVE or not glued_the(stem + "the", ctx.lexicon, ctx.doc_count):
            continue
        proper = stem[0].isupper() and not stem.isupper()
        found.append(
            Suggestion.at(
                text,
                m.end() - 3,
                m.end(),
                _ending(stem, ctx),
                kind=Kind.POSSESSIVE,
                # "companythe" may also be "company the" run together; a name is surer.
                confidence=0.88 if proper else 0.65,
                reason=f"“{stem}the” is not a word: a spinner's rewrite of “{stem}{_ending(stem, ctx)}”.",
                source=NAME,
            )
        )
    return found
