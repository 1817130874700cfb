"""Quote marks of the wrong side or kind, or glued to the wrong word.

Works one paragraph (line) at a time and keeps the document's style: a curly story gets
curly marks, a straight one straight marks; nothing is ever converted between the two.
Which side a mark belongs on is read from the marks before it in the paragraph, so a
repair is only confident when the pairing makes it certain.

>>> from restore.context import Context
>>> t = "“It is violent,” he said. “That is what I know now, ”said Humbert."
>>> [(s.original, s.replacement) for s in fix_quotes(t, Context.for_text(t))]
[(' ”', '” ')]
"""

from __future__ import annotations

import re

from ..context import Context
from ..english import word_set
from ..registry import register_pass
from ..suggestion import Kind, Suggestion

NAME = "quotes"

QUOTE_CHARS = frozenset("“”‘’\"'«»")
LINE = re.compile(r"[^\n]+")
CURLY_DOUBLE = re.compile(r"[“”]")
STRAIGHT_MISPLACED = re.compile(r"[,.?!] \"(?=[a-z])")
# his’strong’ actions: a quote glued to the word before it (not an apostrophe: the piece
# after it is quoted, closed a few words on, and the joined form is not a word).
GLUED_SINGLE = re.compile(
    r"(?<![\w’'])([A-Za-z]{2,})([’'])([A-Za-z][A-Za-z-]*)([^’'‘\n]{0,60}?[A-Za-z.,!?])\2(?![A-Za-z])"
)
CONTRACTION_TAILS = word_set("contraction_tails")
WRONG_KIND_APOSTROPHE = re.compile(r"(?<=[A-Za-z])‘(?=[a-z])")
GUILLEMET_PAIR = re.compile(r"«[ \u00a0\u202f]?([^«»\n]{1,600}?)[ \u00a0\u202f]?»")


def _suggest(
    text: str, start: int, end: int, replacement: str, confidence: float, reason: str,
    kind: Kind = Kind.QUOTE,
) -> Suggestion:
    return Suggestion.at(
        text, start, end, replacement, kind=kind, confidence=confidence, reason=reason,
        source=NAME,
    )


def _curly_doubles(text: str, base: int, line: str) -> list[Suggestion]:
    """Walk the “ ” marks of one curly paragraph, tracking whether a quotation is open."""
    found: list[Suggestion] = []
    is_open = False
    for m in CURLY_DOUBLE.finditer(line):
        i = m.start()
        prev = line[i - 1] if i else " "
        nxt = line[i + 1] if i + 1 < len(line) else " "
        if m.group() == "”":
            if prev.isalnum() and nxt.isalnum() and not is_open and "”" in line[i + 1 :]:
                # `building”future proof”`: an opening quote, wrong side, lost its space
                found.append(_suggest(
                    text, base + i, base + i + 1, " “", 0.85,
                    "An opening quote mark faces the wrong way and is glued to the word before it.",
                ))
                is_open = True
                continue
            if prev in "([—–/" and nxt.isalnum() and not is_open:
                found.append(_suggest(
                    text, base + i, base + i + 1, "“", 0.88,
                    "A closing quote mark opens this quotation; it should be an opening one.",
                ))
                is_open = True
                continue
            if prev.isspace() and nxt.isalnum():
                if i >= 2 and line[i - 2] in ",.?!" and (is_open or nxt.islower()):
                    # `now, ”said`: a closer by its punctuation, whatever opened it
                    found.append(_suggest(
                        text, base + i - 1, base + i + 1, "” ", 0.9 if is_open else 0.7,
                        "The closing quote is glued to the next word instead of the punctuation before it.",
                    ))
                    is_open = False
                elif not is_open:
                    found.append(_suggest(
                        text, base + i, base + i + 1, "“", 0.88,
                        "A closing quote mark opens this quotation; it should be an opening one.",
                    ))
                    is_open = True
                else:
                    is_open = False
            else:
                is_open = False
        else:
            if (prev.isalnum() or prev in ",.?!;:") and (nxt.isspace() or nxt in ",.;:!?"):
                found.append(_suggest(
                    text, base + i, base + i + 1, "”", 0.9 if is_open else 0.6,
                    "An opening quote mark closes this quotation; it should be a closing one.",
                ))
                is_open = False
            else:
                is_open = True
    return found


def _straight_doubles(text: str, base: int, line: str) -> list[Suggestion]:
    """`now, "said Humbert`: a closing " (by count) separated from its punctuation."""
    found: list[Suggestion] = []
    for m in STRAIGHT_MISPLACED.finditer(line):
        if line.count('"', 0, m.start() + 2) % 2 == 0:
            continue  # no quotation is open, so this one opens: `he said, "the`
        found.append(_suggest(
            text, base + m.start() + 1, base + m.end(), '" ', 0.85,
            "The closing quote is glued to the next word instead of the punctuation before it.",
        ))
    return found


def _glued_singles(text: str, base: int, line: str, ctx: Context) -> list[Suggestion]:
    """`his’strong’ actions` → `his ‘strong’ actions`."""
    found: list[Suggestion] = []
    for m in GLUED_SINGLE.finditer(line):
        left, mark, first = m.group(1), m.group(2), m.group(3)
        if first.lower() in CONTRACTION_TAILS or ctx.lexicon.zipf(left) < 3.5:
            continue
        if ctx.lexicon.is_known(f"{left}'{first}") or ctx.doc_count(f"{left}{mark}{first}") > 1:
            continue
        opening = ctx.style.open_single
        found.append(_suggest(
            text, base + m.start(2), base + m.end(2), " " + opening, 0.85,
            f"The opening quote before “{first}” is glued to “{left}” and faces the wrong way.",
            kind=Kind.RUN_TOGETHER,
        ))
    return found


def _apostrophes(text: str, base: int, line: str, ctx: Context) -> list[Suggestion]:
    """`don‘t`: an opening single quote used as an apostrophe inside a word."""
    found: list[Suggestion] = []
    for m in WRONG_KIND_APOSTROPHE.finditer(line):
        i = m.start()
        word_start = i
        while word_start and line[word_start - 1].isalpha():
            word_start -= 1
        word_end = i + 1
        while word_end < len(line) and line[word_end].isalpha():
            word_end += 1
        word = line[word_start:i] + "’" + line[i + 1 : word_end]
        if line[i + 1 : word_end] == "the":
            continue  # "rebels‘the": the possessive pass knows this one
        # only a contraction or possessive ending is certain: "Hawai‘i" uses an ʻokina
        tail = line[i + 1 : word_end].lower()
        sure = tail in CONTRACTION_TAILS and ctx.lexicon.is_known(word, 2.0)
        found.append(_suggest(
            text, base + i, base + i + 1, "’", 0.88 if sure else 0.5,
            f"“{word}” needs an apostrophe (’), not an opening quote mark (‘).",
        ))
    return found


def _guillemets(text: str, base: int, line: str, ctx: Context) -> list[Suggestion]:
    """«…» in English copy (machine translation) become the document's double quotes."""
    found: list[Suggestion] = []
    for m in GUILLEMET_PAIR.finditer(line):
        inner_start = base + m.start(1)
        inner_end = base + m.end(1)
        reason = "Guillemets «…» are not used in English copy; use the story's quote marks."
        found.append(_suggest(text, base + m.start(), inner_start, ctx.style.open_double, 0.85, reason))
        found.append(_suggest(text, inner_end, base + m.end(), ctx.style.close_double, 0.85, reason))
    return found


@register_pass(
    NAME,
    kinds=(Kind.QUOTE, Kind.RUN_TOGETHER),
    examples=(
        ("“It is violent,” he said. “That is all I have now, ”said Humbert.",
         "“It is violent,” he said. “That is all I have now,” said Humbert."),
        ("“Twenty-six servicemen were killed“ in action, the ministry said.",
         "“Twenty-six servicemen were killed” in action, the ministry said."),
        ("He accused Khan of threatening the opposition with his’strong’ actions.",
         "He accused Khan of threatening the opposition with his ‘strong’ actions."),
        ("«It is significant,» Ong said.", "“It is significant,” Ong said."),
        ("The plan prioritizes building”future proof” broadband.",
         "The plan prioritizes building “future proof” broadband."),
        ("has identified an area (”the Morro Bay Area”) for", "has identified an area (“the Morro Bay Area”) for"),
        ('He said "yes." «It is significant,» Ong said.', 'He said "yes." "It is significant," Ong said.'),
    ),
)
def fix_quotes(text: str, ctx: Context) -> list[Suggestion]:
    """Quote marks on the wrong side, of the wrong kind, or glued to the wrong word."""
    if not any(c in text for c in QUOTE_CHARS):
        return []
    found: list[Suggestion] = []
    for m in LINE.finditer(text):
        line, base = m.group(), m.start()
        if "“" in line or "”" in line:
            found.extend(_curly_doubles(text, base, line))
        if '"' in line and not ctx.style.curly:
            found.extend(_straight_doubles(text, base, line))
        if "’" in line or "'" in line:
            found.extend(_glued_singles(text, base, line, ctx))
        if "‘" in line:
            found.extend(_apostrophes(text, base, line, ctx))
        if "«" in line:
            found.extend(_guillemets(text, base, line, ctx))
    return found
