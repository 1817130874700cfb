"""Word boundaries: words run together, words split in two, words doubled.

Scrapers drop spaces ("thanmany", "photoMOSCOW", "whatever.Maria"), insert them
("fro ntline") or repeat a word ("the the"). Unlike SymSpell's segmentation, every repair
here is a small edit on the original, so case and punctuation survive. A token is only
touched when it is not a word (wordfreq), not in the house dictionary and not used again
in the document (names recur; typos rarely do).

>>> from restore.context import Context
>>> t = "more thanmany people"
>>> [(s.original, s.replacement) for s in fix_run_together(t, Context.for_text(t))]
[('thanmany', 'than many')]
"""

from __future__ import annotations

import re
from collections import Counter

from ..context import Context
from ..english import Lexicon, looks_foreign, too_long, word_list, word_set, words_around
from ..english.morphology import glued_the
from ..english.names import capitalised_words
from ..registry import register_pass
from ..suggestion import Kind, Suggestion

RUN_TOGETHER = "run-together"
SPLIT_WORD = "split-word"
DUPLICATE = "duplicate"

# photoMOSCOW, atBangkok’s, AzhaThe: a lower-case letter followed by a capital inside a token.
CAMEL = re.compile(r"(?<![\w’'.@/-])([a-z]{2,}|[A-Z][a-z]+)([A-Z][a-z]+|[A-Z]{3,})(?=[’']s\b|[^\w’'@/-]|$)")
# whatever.Maria, said,adding: sentence punctuation with no space after it.
NO_SPACE_AFTER = re.compile(r"(?<![\w.’'@/\\-])([a-z]{2,})([.!?,;])([A-Z][a-z]+|[a-z]{2,})(?![\w.@/\\-])")
LOWER_TOKEN = re.compile(r"(?<![\w’'‘@/.´¨˜ˆ¸-])[A-Za-z][a-z]{3,}(?![\w’'@/´¨˜ˆ¸-])")
WORD = re.compile(r"[A-Za-z]+")
ROMAN = re.compile(r"[IVXLC]{2,6}")
DOUBLED = re.compile(r"(?<![\w’'-])([A-Za-z]+)[ \t]+(\1)(?![\w’'-])", re.IGNORECASE)
# "the vote was “was not an election": the word before a quotation repeated inside it.
DOUBLED_AT_QUOTE = re.compile(r"(?<![\w’'-])([a-z]+)[ \t]+([“\"‘])(\1)(?![\w’'-])")

# The word tables (restore/data/words/; each file says what its list is for).
NAME_PARTICLES = word_set("name_particles")
SENTENCE_STARTERS = word_set("sentence_starters")
TWO_LETTER_WORDS = word_set("two_letter_words")
FRAGMENTS = word_set("word_fragments")
ALWAYS_HYPHENATED = word_set("always_hyphenated_prefixes")
PREFIXES = word_set("hyphenated_prefixes")
PARTICLES = word_set("compound_particles")
GLUE_BEFORE_THE = word_set("glue_before_the")
NOT_POSSESSORS = word_set("not_possessors")
CAN_REPEAT = word_set("can_repeat")
NEVER_DOUBLED = word_set("never_doubled")
DERIVED_ENDINGS = tuple(word_list("derived_endings"))
"""Endings of long derived words ("besiegement", "trilaterally") a segmenter cuts up."""
SUFFIX_WORDS = word_set("suffix_words")
MODIFIER_ENDINGS = tuple(word_list("modifier_endings"))
FUNCTION_WORDS = word_set("function_words")
AFFIX_LIKE = frozenset({"a", "an", "in", "on", "out", "over", "under", "up", "be", "for", "with", "after", "by", "into", "as", "is", "it", "or", "at", "us"})
"""Function words that are also prefixes or endings of real words ("onshoring",
"inequitably", "prohibitor"): glued to a rare word they prove nothing, except a particle
after a verb's -ing ("bargingout")."""
UNITS = word_set("units")
# "0.3per cent", "15kmnorth", "10million": a number glued to the word after it.
NUMBER_GLUED = re.compile(r"(?<![\w.,$€£%])(\d+(?:[.,]\d+)*)([a-z]{2,})(?![\w’'@/-])")
# "Starmer,61,": a comma glued to the number after it (not "1,000": a letter comes before).
COMMA_DIGIT = re.compile(r"(?<=[A-Za-z]),(?=\d)")
# "(APP):Federal", "2018:President": a colon glued to the capitalised word after it.
COLON_CAPITAL = re.compile(r"(?<=[a-z0-9)]):(?=[A-Z][a-z]{2,}\b)")
# "Western(Kakamega": an opening bracket glued to the word before it.
PAREN_GLUED = re.compile(r"(?<=[a-z]{3})\((?=[A-Z][a-z]{2,}|\d{2,})")


def _unknown(word: str, ctx: Context) -> bool:
    """Not an English word, not a house word and not used elsewhere in the document."""
    return (
        ctx.lexicon.zipf(word) < 1.0
        and not ctx.lexicon.in_house(word)
        and ctx.doc_count(word) <= 1
    )


def _fragment(piece: str, ctx: Context) -> bool:
    """True if ``piece`` cannot stand as a word here: "peo", "ta", "nt", "rican".

    Two-letter pieces must be real two-letter words; longer ones must be fairly common
    (or used elsewhere in the document, or a house word).
    """
    low = piece.lower()
    if len(piece) == 1:
        return False  # "y a", "la s": single letters are too often real (foreign) words
    if len(piece) == 2:
        return low not in TWO_LETTER_WORDS and low not in ("a", "i")
    return (
        (ctx.lexicon.zipf(piece) < 3.0 or (len(piece) <= 4 and not ctx.lexicon.in_dictionary(piece)))
        and not ctx.lexicon.in_house(piece)
        and ctx.doc_count(piece) <= 1
    )


def _piece_ok(piece: str, lexicon: Lexicon) -> float | None:
    """The piece's zipf if it is common enough to stand alone in a split, else None."""
    n = len(piece)
    if n == 1:
        return 7.0 if piece == "a" else None
    z = lexicon.zipf(piece)
    if n == 2:
        return z if piece in TWO_LETTER_WORDS else None
    return z if z >= 3.0 else None


def segment(token: str, lexicon: Lexicon, max_pieces: int = 3) -> list[str] | None:
    """The most probable split of ``token`` into common words (Viterbi over zipf scores).

    Each piece costs its log-probability (zipf - 9), so fewer, commoner pieces win.
    """
    n = len(token)
    best: list[tuple[float, int, int] | None] = [None] * (n + 1)  # (score, prev, pieces)
    best[0] = (0.0, -1, 0)
    for end in range(1, n + 1):
        for start in range(max(0, end - 20), end):
            here = best[start]
            if here is None or here[2] >= max_pieces:
                continue
            z = _piece_ok(token[start:end], lexicon)
            if z is None:
                continue
            score = here[0] + z - 9.0
            if best[end] is None or score > best[end][0]:  # type: ignore[index]
                best[end] = (score, start, here[2] + 1)
    if best[n] is None or best[n][2] < 2:  # type: ignore[index]
        return None
    pieces: list[str] = []
    end = n
    while end > 0:
        start = best[end][1]  # type: ignore[index]
        pieces.append(token[start:end])
        end = start
    return pieces[::-1]


def _glued_pair(token: str, ctx: Context) -> tuple[list[str], float] | None:
    """A function word glued to its neighbour ("ofthe", "themost", "Asit"), and how sure.

    wordfreq's web data knows such tokens ("ofthe" has zipf 3.3), so "unknown" is not
    the test. Instead the pair must be far likelier than the token: two words side by
    side occur about P(a)·P(b) of the time, a real word ("forthwith", "onto") far more
    often than its pieces would suggest. Returns the pieces and the gap in zipf units.
    """
    z = ctx.lexicon.zipf(token)
    if z >= 3.5 or ctx.doc_count(token) > 1 or ctx.lexicon.in_house(token):
        return None
    best: tuple[float, list[str]] | None = None
    for cut in range(2, len(token) - 1):
        left, right = token[:cut], token[cut:]
        zl, zr = _piece_ok(left.lower(), ctx.lexicon), _piece_ok(right, ctx.lexicon)
        if zl is None or zr is None or max(zl, zr) < 6.0:
            continue  # one piece must be a function word
        if right == "the" and left.lower() not in GLUE_BEFORE_THE | NOT_POSSESSORS:
            continue  # "seethe", "Anthe": words and names end in -the; possessives too
        score = zl + zr - 9.0
        if best is None or score > best[0]:
            best = (score, [left, right])
    if best is None or best[0] - z < 1.5:
        return None
    return best[1], best[0] - z


def _rare_glued(token: str, ctx: Context) -> list[str] | None:
    """A function word glued to a rare word or a name ("bargingout", "thefloodwaters",
    "Donetskthey"), or a common word glued to a rare one the document uses on its own
    ("gurdwarapremises" where "gurdwara" stands elsewhere): the pieces, or None.

    Only for tokens no dictionary or web list knows at all and the document never repeats;
    a capitalised token (a name) only takes a function word of three letters or more at
    its end, so names ending in "-in", "-on", "-as" stay whole."""
    if len(token) < 6 or ctx.lexicon.zipf(token) > 0 or ctx.lexicon.in_house(token) or ctx.doc_count(token) > 1:
        return None
    best: tuple[float, list[str]] | None = None
    for cut in range(2, len(token) - 1):
        left, right = token[:cut], token[cut:]
        if right == "the":
            continue  # "Tocquevillethe writings": a spinner's possessive, the possessive pass's case
        if token[0].isupper():
            if right not in FUNCTION_WORDS or len(right) < 3 or len(left) < 4:
                continue
            other, z = left, ctx.lexicon.zipf(left)
        elif left in FUNCTION_WORDS and len(right) >= 4 and (left not in AFFIX_LIKE or right in capitalised_words()):
            # "inkharkiv": a function word glued to a lower-cased name
            other, z = right, ctx.lexicon.zipf(right)
        elif right in FUNCTION_WORDS and len(left) >= 4 and (
            (len(right) >= 3 and right not in AFFIX_LIKE) or (right in AFFIX_LIKE and left.endswith("ing"))
        ):
            other, z = left, ctx.lexicon.zipf(left)
        elif len(left) >= 4 and len(right) >= 4:
            zl, zr = ctx.lexicon.zipf(left), ctx.lexicon.zipf(right)
            rare, common = (left, right) if zl < zr else (right, left)
            if ctx.lexicon.zipf(common) < 3.5 or ctx.doc_count(rare) < 1 or ctx.lexicon.zipf(rare) < 1.5:
                continue
            other, z = rare, min(zl, zr)
        else:
            continue
        if z < 2.0 or (not ctx.lexicon.in_dictionary(other) and not other[0].isupper() and ctx.doc_count(other) < 1
                       and z < 2.5):
            continue
        if best is None or z > best[0]:
            best = (z, [left, right])
    return None if best is None else _names_capitalised(best[1])


def _names_capitalised(pieces: list[str]) -> list[str]:
    """"to ukraine" from "toukraine": a piece English always capitalises gets its capital
    back when the token was all lower case (the case pass never sees the split name)."""
    if not "".join(pieces).islower() or not any(p in FUNCTION_WORDS for p in pieces):
        return pieces
    names = capitalised_words()
    return [p[0].upper() + p[1:] if p in names and p not in FUNCTION_WORDS else p for p in pieces]


def _function_and_word(pieces: list[str], ctx: Context) -> bool:
    """A closed-class word and a dictionary word of four letters or more, the function word
    not one that also works as a prefix or an ending ("in-equitably", "on-shoring")."""
    first, second = pieces
    if first in FUNCTION_WORDS and first not in AFFIX_LIKE:
        other = second
    elif second in FUNCTION_WORDS and second not in AFFIX_LIKE and len(second) >= 3:
        other = first
    else:
        return False
    return len(other) >= 4 and ctx.lexicon.in_dictionary(other) and ctx.lexicon.zipf(other) >= 2.5


def _modifier_then_word(pieces: list[str], lexicon: Lexicon) -> bool:
    first, second = pieces
    return (
        len(first) >= 6 and first.islower() and first.endswith(MODIFIER_ENDINGS)
        and lexicon.in_dictionary(first) and lexicon.in_dictionary(second) and lexicon.zipf(second) >= 3.5
    )


def _one_slip_from_a_word(token: str, lexicon: Lexicon) -> bool:
    """True if a common word is one keystroke from ``token`` ("boilding" / "building")."""
    ranked = lexicon.candidates(token.lower())  # the ranking the spelling pass uses
    return bool(ranked) and ranked[0][1] >= 4.0


def _three_words(token: str, pieces: list[str], lexicon: Lexicon) -> bool:
    """Whether a split into three or more pieces is plausible: each piece a common word
    ("thepresidentsaid"), not a rare word cut at its affixes ("tri late rally",
    "pan eli zed", "be siege ment")."""
    if token.lower().endswith(DERIVED_ENDINGS):
        return False
    return all(lexicon.zipf(p) >= 4.0 for p in pieces if len(p) > 1)


def _after_a_name(text: str, start: int) -> bool:
    """True when the word just before ``start`` (same sentence) is capitalised."""
    before = text[max(0, start - 40) : start]
    m = re.search(r"([A-Z][\w’'.-]*) +$", before)
    return m is not None and not re.search(r"[.!?:;]$", m.group(1)) and before[: m.start()].rstrip()[-1:] not in ("", ".", "!", "?", "\n", "“", '"')


def _foreign_context(text: str, start: int, end: int, ctx: Context) -> bool:
    """True if the words around a span are mostly not English (a quote in Spanish)."""
    around = words_around(text, start, end)
    if looks_foreign(around):
        return True  # "para que as", "por sus siglas": web frequencies know these words
    if len(around) < 3:
        return False
    strange = sum(1 for w in around if ctx.lexicon.zipf(w) < 2.5 and not w[0].isupper())
    return strange * 3 >= len(around)


def _camel(text: str, ctx: Context) -> list[Suggestion]:
    found: list[Suggestion] = []
    for m in CAMEL.finditer(text):
        left, right = m.group(1), m.group(2)
        token = left + right
        if (
            left.lower() in NAME_PARTICLES
            or ctx.lexicon.in_house(token)
            or ctx.lexicon.zipf(token) >= 2.5  # brands: "YouTube"; web junk "ofamerica" is lower
            or ctx.doc_count(token) > 1
        ):
            continue
        zl, zr = ctx.lexicon.zipf(left), ctx.lexicon.zipf(right)
        if right.lower() in FUNCTION_WORDS and left.islower() and zl >= 3.0 and len(right) >= 2:
            # "regardlessOf the people": a function word glued on keeps no capital
            found.append(Suggestion.at(
                text, m.start(2), m.start(2) + 1, " " + right[0].lower(), kind=Kind.RUN_TOGETHER,
                # "systemsTo support": a heading's lost full stop reads the same, so a word
                # that can open a sentence is only asked about
                confidence=0.75 if right in SENTENCE_STARTERS or right == "To" else 0.88, reason=f"“{left}” and “{right.lower()}” are two words run together.",
                source=RUN_TOGETHER,
            ))
            continue
        if zl < 3.0 and zr >= 3.0 and left[0].isupper() and len(left) >= 8:
            pieces = segment(left.lower(), ctx.lexicon, max_pieces=2)
            if pieces is not None and all(ctx.lexicon.zipf(p) >= 3.5 for p in pieces) and len(pieces[0]) >= 4:
                # "IncumbentpresidentDonald": two words and a name, all run together
                cut = m.start(1) + len(pieces[0])
                for at in (cut, m.start(2)):
                    found.append(Suggestion.at(
                        text, at, at, " ", kind=Kind.RUN_TOGETHER, confidence=0.85,
                        reason=f"“{token}” is “{left[:len(pieces[0])]}”, “{pieces[1]}” and “{right}” run together.",
                        source=RUN_TOGETHER,
                    ))
                continue
        if left[0].isupper() and right in SENTENCE_STARTERS:
            # "Eid ul AzhaThe attack took place": a new sentence, its stop and space lost;
            # surer when a lower-case word follows (not a name or a title in title case)
            follows = re.match(r" [a-z]{2,}\b", text[m.end():])
            found.append(Suggestion.at(
                text, m.start(2), m.start(2), ". ", kind=Kind.RUN_TOGETHER,
                confidence=0.85 if follows and right in ("The", "A", "An", "He", "She", "They", "We", "It") else 0.55,
                reason=f"“{right}” starts a new sentence run into “{left}”; a full stop and space are missing.",
                source=RUN_TOGETHER,
            ))
            continue
        if zl < 3.0 or zr < 3.0:
            continue
        # "UnitedStates" reads like damage, but so do brands ("FirstNet", "CalFire",
        # "SelectUSA"): ask the editor rather than apply
        confidence = 0.9 if left[0].islower() else 0.6
        found.append(Suggestion.at(
            text, m.start(2), m.start(2), " ", kind=Kind.RUN_TOGETHER, confidence=confidence,
            reason=f"“{left}” and “{right}” are two words run together.",
            source=RUN_TOGETHER,
        ))
    return found


def _in_url(text: str, start: int, end: int) -> bool:
    """True inside a link or a path: the whitespace-delimited token holds % / = or @."""
    lo = max(text.rfind(" ", 0, start), text.rfind("\n", 0, start)) + 1
    hi = len(text)
    for stop in (" ", "\n"):
        k = text.find(stop, end)
        if k >= 0:
            hi = min(hi, k)
    return any(c in text[lo:hi] for c in "%/=@")


NAME_THEN_ACRONYM = re.compile(r"(?<![\w.’'@/\\-])([A-Z][a-z]{3,})\.([A-Z]{3,6})(?=[\s,.;:)]|$)")


def _glued_marks(text: str, ctx: Context) -> list[Suggestion]:
    """A number glued to a word, a comma to a number, a colon or bracket to a word."""
    found: list[Suggestion] = []
    if any(c.isdigit() for c in text):
        for m in NUMBER_GLUED.finditer(text):
            number, letters = m.groups()
            if _in_url(text, m.start(), m.end()):
                continue  # "announced%20will": a link's escaped text
            if letters in UNITS or ctx.lexicon.in_house(m.group()) or ctx.doc_count(m.group()) > 1:
                continue
            at = None
            if ctx.lexicon.zipf(letters) >= 4.0 and ctx.lexicon.in_dictionary(letters):
                at = m.start(2)  # "0.3per cent", "10million"
            else:
                for cut in range(1, min(4, len(letters) - 1)):
                    unit, word = letters[:cut], letters[cut:]
                    if unit in UNITS and len(word) >= 3 and ctx.lexicon.zipf(word) >= 4.0 and ctx.lexicon.in_dictionary(word):
                        at = m.start(2) + cut  # "15kmnorth"
                        break
            if at is None:
                continue
            found.append(Suggestion.at(
                text, at, at, " ", kind=Kind.RUN_TOGETHER, confidence=0.88,
                reason=f"“{m.group()}” is a number and a word run together.", source=RUN_TOGETHER,
            ))
        for m in COMMA_DIGIT.finditer(text):
            if _in_url(text, m.start(), m.end()):
                continue
            found.append(Suggestion.at(
                text, m.end(), m.end(), " ", kind=Kind.RUN_TOGETHER, confidence=0.85,
                reason="The space after the comma is missing.", source=RUN_TOGETHER,
            ))
    if ":" in text:
        for m in COLON_CAPITAL.finditer(text):
            if text[max(0, m.start() - 8): m.start()].lower().endswith(("http", "https", "re", "mailto")):
                continue
            found.append(Suggestion.at(
                text, m.end(), m.end(), " ", kind=Kind.RUN_TOGETHER, confidence=0.85,
                reason="The space after the colon is missing.", source=RUN_TOGETHER,
            ))
    if "(" in text:
        for m in PAREN_GLUED.finditer(text):
            if text.find(")", m.end()) < 0:
                continue
            found.append(Suggestion.at(
                text, m.start(), m.start(), " ", kind=Kind.RUN_TOGETHER, confidence=0.85,
                reason="The space before the bracket is missing.", source=RUN_TOGETHER,
            ))
    if "." in text:
        for m in NAME_THEN_ACRONYM.finditer(text):
            if ctx.lexicon.zipf(m.group(1)) < 4.0 or m.group(2) in ("COM", "NET", "ORG", "JS", "IO") or ctx.doc_count(m.group()) > 1:
                continue
            # "on Monday.IANS": a credit or a new sentence glued to the full stop
            found.append(Suggestion.at(
                text, m.end(1) + 1, m.end(1) + 1, " ", kind=Kind.RUN_TOGETHER, confidence=0.85,
                reason=f"The space after “{m.group(1)}.” is missing.", source=RUN_TOGETHER,
            ))
    return found


def _no_space_after(text: str, ctx: Context) -> list[Suggestion]:
    found: list[Suggestion] = []
    for m in NO_SPACE_AFTER.finditer(text):
        left, mark, right = m.groups()
        if mark in ".!?" and right[0].islower():
            continue  # "node.js", "e.g": not a sentence break
        if mark in ",;" and right[0].isupper() and len(right) < 3:
            continue
        zl, zr = ctx.lexicon.zipf(left), ctx.lexicon.zipf(right)
        if zl < 3.0:
            continue
        if right[0].islower() and zr < 3.0:
            continue
        confidence = 0.9 if (zr >= 3.0 or right[0].isupper()) else 0.7
        found.append(Suggestion.at(
            text, m.end(2), m.end(2), " ", kind=Kind.RUN_TOGETHER, confidence=confidence,
            reason=f"The space after “{left}{mark}” is missing.",
            source=RUN_TOGETHER,
        ))
    return found


def _segments(text: str, ctx: Context) -> list[Suggestion]:
    found: list[Suggestion] = []
    for m in LOWER_TOKEN.finditer(text):
        token = m.group()
        if too_long(token):
            continue  # a pasted blob: every cut of it would be tried (length squared)
        if glued_the(token, ctx.lexicon, ctx.doc_count):
            continue  # "Russiathe": the possessive pass's case
        # "Sao Tome", "De Soto", "Thomas Meskill" are names, not "To me", "So to", "Me skill"
        # (while "President Trumpis" is "Trump is")
        in_name = token[0].isupper() and _after_a_name(text, m.start())
        if not (token[0].islower() and len(token) >= 6 and _unknown(token, ctx)):
            glued = _glued_pair(token, ctx)
            if glued is None and token[0].isupper():
                rare = _rare_glued(token, ctx)
                if rare is not None and not _foreign_context(text, m.start(), m.end(), ctx):
                    # "Donetskthey may have": a name and a new clause's subject; the split
                    # alone leaves a comma missing, so it is only shown
                    pronoun = rare[1] in ("they", "he", "she", "we", "it")
                    found.append(Suggestion.at(
                        text, m.start(), m.end(), " ".join(rare), kind=Kind.RUN_TOGETHER,
                        confidence=0.7 if pronoun else 0.85,
                        reason=f"“{token}” is not a word: “{rare[0]}” and “{rare[1]}” run together.",
                        source=RUN_TOGETHER,
                    ))
                continue
            if glued is not None and in_name and len(glued[0][0]) <= 2:
                continue
            if glued is not None and not _foreign_context(text, m.start(), m.end(), ctx):
                pieces, gap = glued
                pieces = _names_capitalised(pieces)
                found.append(Suggestion.at(
                    text, m.start(), m.end(), " ".join(pieces), kind=Kind.RUN_TOGETHER,
                    confidence=0.9 if gap >= 2.5 else 0.75,
                    reason=f"“{token}” is {' + '.join(f'“{p}”' for p in pieces)} run together.",
                    source=RUN_TOGETHER,
                ))
            continue
        if text[max(0, m.start() - 3) : m.start()].rstrip(" \t\n").endswith("-"):
            continue  # "envir- onmental": the tail of a line-break hyphen, not two words
        pieces = segment(token, ctx.lexicon)
        rare = None if pieces is not None and len(pieces) == 2 else _rare_glued(token, ctx)
        if rare is not None and any(p in FUNCTION_WORDS and p not in AFFIX_LIKE for p in rare) and not _foreign_context(
            text, m.start(), m.end(), ctx
        ):
            # "thefloodwaters" is "the floodwaters", not "the flood waters"
            found.append(Suggestion.at(
                text, m.start(), m.end(), " ".join(rare), kind=Kind.RUN_TOGETHER, confidence=0.88,
                reason=f"“{token}” is not a word: “{rare[0]}” and “{rare[1]}” run together.",
                source=RUN_TOGETHER,
            ))
            continue
        if pieces is None or (len(pieces) > 2 and not _three_words(token, pieces, ctx.lexicon)):
            if rare is not None and not _foreign_context(text, m.start(), m.end(), ctx):
                found.append(Suggestion.at(
                    text, m.start(), m.end(), " ".join(rare), kind=Kind.RUN_TOGETHER, confidence=0.85,
                    reason=f"“{token}” is not a word: “{rare[0]}” and “{rare[1]}” run together.",
                    source=RUN_TOGETHER,
                ))
            continue
        if in_name and len(pieces[0]) <= 2:
            continue
        if _foreign_context(text, m.start(), m.end(), ctx):
            continue  # Spanish "ampliar" is not "amp liar"
        low = min(ctx.lexicon.zipf(p) if len(p) > 1 else 7.0 for p in pieces)
        if len(pieces) == 2 and pieces[0] in PREFIXES:
            replacement = "-".join(pieces)
            confidence = 0.85 if pieces[0] in ALWAYS_HYPHENATED else 0.7
            reason = f"“{token}” is not a word: the prefix “{pieces[0]}-” needs its hyphen."
        else:
            replacement = " ".join(_names_capitalised(pieces))
            function = any(ctx.lexicon.zipf(p) >= 6.0 for p in pieces)
            if len(pieces) == 2 and pieces[1] in PARTICLES:
                confidence = 0.6  # "phasedown", "buildout": compounds wordfreq lacks
            elif len(pieces) == 2 and pieces[1] in SUFFIX_WORDS:
                confidence = 0.55  # "preventability", "predictiveness": a word and its suffix
            elif len(pieces) == 2 and function and low >= 3.5:
                confidence = 0.92  # "thanmany", "weaddress": a function word lost its space
            elif len(pieces) == 2 and len(token) >= 11 and low >= 4.5:
                confidence = 0.85
            elif len(pieces) == 2 and _modifier_then_word(pieces, ctx.lexicon):
                confidence = 0.85  # "plentifultimber", "unspeakableviolence"
            elif len(pieces) == 2 and _function_and_word(pieces, ctx):
                confidence = 0.88  # "thecoronavirus", "ofeviction": a function word and a rarer word
            elif _one_slip_from_a_word(token, ctx.lexicon):
                continue  # "boilding", "saolen": a typo of one word (the spelling pass), not two
            else:
                confidence = 0.7  # two content words may be a compound ("workstreams")
            reason = f"“{token}” is not a word: {' + '.join(f'“{p}”' for p in pieces)} run together."
        found.append(Suggestion.at(
            text, m.start(), m.end(), replacement, kind=Kind.RUN_TOGETHER,
            confidence=confidence, reason=reason, source=RUN_TOGETHER,
        ))
    return found


@register_pass(
    RUN_TOGETHER,
    kinds=(Kind.RUN_TOGETHER,),
    examples=(
        ("It has more thanmany countries.", "It has more than many countries."),
        ("Archival photoMOSCOW, April 25", "Archival photo MOSCOW, April 25"),
        ("We met atBangkok’s airport.", "We met at Bangkok’s airport."),
        ("symmetrical, whatever.Maria Zakharova said", "symmetrical, whatever. Maria Zakharova said"),
        ("small butlarge crowds", "small but large crowds"),
    ),
)
def fix_run_together(text: str, ctx: Context) -> list[Suggestion]:
    """Insert the space two glued words lost, keeping their case and punctuation."""
    return _camel(text, ctx) + _no_space_after(text, ctx) + _segments(text, ctx) + _glued_marks(text, ctx)


@register_pass(
    SPLIT_WORD,
    kinds=(Kind.SPLIT_WORD,),
    examples=(
        ("troops on the fro ntline said", "troops on the frontline said"),
        ("The govern ment said", "The government said"),
    ),
)
def fix_split_words(text: str, ctx: Context) -> list[Suggestion]:
    """Join two pieces of one word when a piece is not a word and the whole is common."""
    found: list[Suggestion] = []
    tokens = list(WORD.finditer(text))
    for a, b in zip(tokens, tokens[1:]):
        if b.start() - a.end() != 1 or text[a.end()] != " ":
            continue
        left, right = a.group(), b.group()
        if not right.islower() or (a.start() and text[a.start() - 1] in "’'-") or (
            b.end() < len(text) and text[b.end()] in "’'-"
        ):
            continue
        if (left.isupper() and len(left) > 1) or (left[0].isupper() and len(left) < 3):
            continue  # "MA in", "PA in", "Lu is": abbreviations and short names
        if (a.start() and text[a.start() - 1].isalnum()) or (
            b.end() < len(text) and text[b.end()].isalpha()
        ):
            continue  # a piece of a word with letters our tokens don't cover ("sûres")
        fragment = right in FRAGMENTS or _fragment(right, ctx) or _fragment(left, ctx)
        if not fragment or _foreign_context(text, a.start(), b.end(), ctx):
            continue
        joined = left + right
        zj = ctx.lexicon.zipf(joined)
        # the whole word must be common, and likelier than the two pieces side by side
        if zj < 3.3 or zj + 9.0 < ctx.lexicon.zipf(left) + ctx.lexicon.zipf(right) + 0.5:
            continue
        found.append(Suggestion.at(
            text, a.start(), b.end(), joined, kind=Kind.SPLIT_WORD,
            confidence=0.9 if zj >= 4.0 else 0.8,
            reason=f"“{left} {right}” is the word “{joined}” broken in two.",
            source=SPLIT_WORD,
        ))
    return found


LINE_WITH_BREAKS = re.compile(r"([^\n]+)(\n+)")
# Every run of text up to its marks (the mark optional), so a line with no full stop is one
# match, not a failed search from each of its characters (quadratic on a 20,000-letter paste).
SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+[”’\"']?)?")
# ", officials said, officials said": a phrase of two to five words doubled after a comma.
DOUBLED_PHRASE = re.compile(r"(, ((?:[A-Za-z][\w’'-]* ){1,4}[A-Za-z][\w’'-]*))\1(?![\w’'-])")


def _doubled_passages(text: str) -> list[Suggestion]:
    """A line printed twice (a caption, a paragraph), a sentence repeating itself or the
    end of the one before ("…, while health care companies fell. Health care companies
    fell."), a phrase doubled after a comma."""
    found: list[Suggestion] = []
    lines = list(LINE_WITH_BREAKS.finditer(text + "\n"))
    counts = Counter(m.group(1).strip() for m in lines)
    for a, b in zip(lines, lines[1:]):
        first, second = a.group(1).strip(), b.group(1).strip()
        # printed twice, exactly: a line that recurs more often is the text's own pattern
        if first == second and len(first.split()) >= 4 and counts[first] == 2:
            end = min(b.end(1), len(text))
            found.append(Suggestion.at(
                text, a.end(1), end, "", kind=Kind.DUPLICATE, confidence=0.9,
                reason="The same line is printed twice.", source=DUPLICATE,
            ))
    for line in re.finditer(r"[^\n]+", text):
        sentences = [m for m in SENTENCE.finditer(line.group()) if m.group().rstrip("”’\"'")[-1:] in ".!?"]
        for a, b in zip(sentences, sentences[1:]):
            first, second = a.group().strip(), b.group().strip()
            words = second.split()
            if len(words) < 4 or second[:1].islower():
                continue  # "… made in America. Made in America.": a short echo is rhetoric
            tail = " ".join(first.split()[-len(words):])
            if tail.lower() == second.lower() or first == second:
                start = line.start() + a.end()
                found.append(Suggestion.at(
                    text, start, line.start() + b.end(), "", kind=Kind.DUPLICATE,
                    confidence=0.9 if first == second else 0.88,
                    reason="This sentence repeats the words just before it.", source=DUPLICATE,
                ))
    if ", " in text:
        for m in DOUBLED_PHRASE.finditer(text):
            found.append(Suggestion.at(
                text, m.end(1), m.end(), "", kind=Kind.DUPLICATE, confidence=0.88,
                reason=f"“{m.group(2)}” is repeated.", source=DUPLICATE,
            ))
    return found


@register_pass(
    DUPLICATE,
    kinds=(Kind.DUPLICATE,),
    examples=(
        ("The the fire spread.", "The fire spread."),
        ("a report of of the UN", "a report of the UN"),
        ("he said the vote was “was not an election,” he said.", "he said the vote “was not an election,” he said."),
    ),
)
def fix_duplicates(text: str, ctx: Context) -> list[Suggestion]:
    """Drop a word repeated by accident; words that can repeat ("had had") are left."""
    found: list[Suggestion] = []
    for m in DOUBLED.finditer(text):
        first, second = m.group(1), m.group(2)
        low = second.lower()
        if low in NEVER_DOUBLED and (second.islower() or first.isupper() or first == second):
            confidence = 0.9
        elif (
            first.islower() and second.islower() and len(second) >= 3
            and low not in CAN_REPEAT and ctx.lexicon.zipf(second) >= 2.5
        ):
            confidence = 0.85  # "also also", "clearing clearing": content words never double
        elif first == second and (ROMAN.fullmatch(first) or first == "I"):
            confidence = 0.9  # "Charles III III", "I I highlight"
        elif (
            first == second and first[0].isupper() and first[1:].islower() and len(first) >= 3
            and low not in CAN_REPEAT and ctx.lexicon.zipf(low) >= 4.0 and text.count(m.group()) == 1
        ):
            confidence = 0.85  # "the United States States": a common word, not "Bora Bora"
        else:
            continue  # "had had", "that that", "Bora Bora", "very very"
        found.append(Suggestion.at(
            text, m.start(), m.end(), first, kind=Kind.DUPLICATE, confidence=confidence,
            reason=f"“{second}” is repeated.", source=DUPLICATE,
        ))
    found.extend(_doubled_passages(text))
    for m in DOUBLED_AT_QUOTE.finditer(text):
        word = m.group(1)
        if word in CAN_REPEAT or not (word in NEVER_DOUBLED or ctx.lexicon.zipf(word) >= 2.5):
            continue
        found.append(Suggestion.at(
            text, m.start(), m.end(), m.group(2) + m.group(3), kind=Kind.DUPLICATE, confidence=0.85,
            reason=f"“{word}” is repeated on both sides of the opening quote mark.", source=DUPLICATE,
        ))
    return found
