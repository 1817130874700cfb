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
SPEECH_VERBS = word_set("speech_verbs")
_VERBS = "|".join(sorted(SPEECH_VERBS, key=len, reverse=True))
# What follows a quotation's end: "he said", "Mr. Shewale explained", "lamented Maya",
# "media reports said", "said His Majesty".
ATTRIBUTION_AFTER = re.compile(
    rf"(?:(?:Mr|Ms|Mrs|Dr|Prof)\.? )?(?:[A-Za-z][\w’'.-]* ){{0,4}}?(?:{_VERBS})\b"
    rf"|(?:{_VERBS}) (?:(?:Mr|Ms|Mrs|Dr)\.? )?[A-Z][\w’'-]+"
)
PRONOUNS = frozenset({"he", "she", "they", "we", "i", "it"})
# "run’’," "‘‘We": two single marks for one double mark.
DOUBLED_SINGLE_CLOSE = re.compile(r"(?<=[\w.,!?])(’’|'')(?=[\s,.;:!?)]|$)")
DOUBLED_SINGLE_OPEN = re.compile(r"(?:(?<=^)|(?<=[\s(]))(‘‘|'')(?=[A-Za-z])")
GUILLEMET_PAIR = re.compile(r"«[ \u00a0\u202f]?([^«»\n]{1,600}?)[ \u00a0\u202f]?»")


def _suggest(
    text: str, start: int, end: int, replacement: str, confidence: float, reason: str,
    kind: Kind = Kind.QUOTE,
) -> Suggestion:
    return Suggestion.at(
        text, start, end, replacement, kind=kind, confidence=confidence, reason=reason,
        source=NAME,
    )


def _attribution_at(line: str, i: int, *, named: bool) -> bool:
    """Whether an attribution ("he said", "Mr. Shewale explained") starts at ``line[i]``
    and ends its clause. ``named``: the speaker must be a name or a pronoun, not any noun."""
    m = ATTRIBUTION_AFTER.match(line, i)
    if m is None:
        return False
    after = line[m.end(): m.end() + 1]
    if after == " ":
        # "he said in a statement", "she told Reuters" end an attribution; "Biden announced
        # a strategy" is a sentence of its own (a quotation running on to the next paragraph)
        nxt = re.match(r"[\w’'-]+", line[m.end() + 1:])
        word = nxt.group() if nxt else ""
        if not (word in ("in", "on", "at", "to", "from", "during", "after", "before", "by", "with")
                or word[:1].isupper() and word not in ("I",)):
            return False
    elif after not in ("", ".", ",", ";"):
        return False
    words = m.group().split()
    if words[0].lower() in SPEECH_VERBS:
        return True  # "lamented Maya", "said His Majesty"
    who = words[:-1]
    if not who:
        return False
    if named:
        return all(w[0].isupper() for w in who) or (len(who) == 1 and who[0].lower() in PRONOUNS)
    return True


def _attribution_in_sentence(line: str, i: int) -> bool:
    """Whether the sentence going on at ``line[i]`` is an attribution: a verb of saying
    within its first 15 words ("businessman Makoto Ichikawa, who was there, told Reuters.")."""
    end = re.search(r"[.!?](?=\s|$)|[“”\"]", line[i:])
    words = re.findall(r"[A-Za-z]+", line[i: i + end.start()] if end else line[i:])
    return 0 < len(words) <= 15 and any(w.lower() in SPEECH_VERBS for w in words)


def _curly_doubles(text: str, base: int, line: str, opened_before: bool = False) -> list[Suggestion]:
    """Walk the “ ” marks of one curly paragraph, tracking whether a quotation is open.

    ``opened_before``: the paragraph before this one left a quotation open (a quotation
    running on over paragraphs), so a closing mark with no opening one here is right."""
    found: list[Suggestion] = []
    is_open = False
    marks = list(CURLY_DOUBLE.finditer(line))
    first = marks[0] if marks else None
    if (
        first is not None and first.group() == "”" and not opened_before
        and line[:1].isupper() and line[first.start() - 1: first.start()] in (",", ".", "?", "!")
        and line[first.end(): first.end() + 1] == " " and _attribution_in_sentence(line, first.end() + 1)
    ):
        # "There was a loud bang,” a witness told Reuters.": the opening mark was lost
        found.append(_suggest(
            text, base, base, "“", 0.85,
            "This quotation closes before its attribution but never opens: the opening mark is missing.",
        ))
        is_open = True
    single_opened = bool(re.match(r"‘[A-Z]", line)) and "“" not in line
    for k, m in enumerate(marks):
        i = m.start()
        prev = line[i - 1] if i else " "
        nxt = line[i + 1] if i + 1 < len(line) else " "
        rest = marks[k + 1:]
        if m.group() == "“" and prev == " " and i >= 2 and (not rest or rest[0].group() == "“") and (
            _attribution_at(line, i + 1, named=True)
        ):
            # "inside the complex “Mr. Shewale explained.": a closing mark turned and moved
            punct = line[i - 2]
            if punct.isalnum():
                found.append(_suggest(
                    text, base + i - 1, base + i + 1, ",” ", 0.85,
                    "The quotation ends before its attribution: a closing mark, with its comma, belongs here.",
                ))
            elif punct in ",.?!":
                found.append(_suggest(
                    text, base + i - 1, base + i + 1, "” ", 0.85,
                    "The closing quote is glued to the next word instead of the punctuation before it.",
                ))
            is_open = False
            continue
        if m.group() == "“" and prev == " " and nxt in ",.;:" and is_open:
            # `August 18, 2020 “, a press release said`: a closing mark turned, with a space
            found.append(_suggest(
                text, base + i - 1, base + i + 1, "”", 0.88,
                "A turned quote mark with a space before it closes this quotation.",
            ))
            is_open = False
            continue
        if m.group() == "”" and prev in ".!?" and nxt.isupper() and not is_open and i >= 2 and line[i - 2].isalpha():
            # `military assets.”Our forces`: an opening mark turned and glued to the full stop
            found.append(_suggest(
                text, base + i, base + i + 1, " “", 0.85,
                "A new quotation opens here: the mark faces the wrong way and lost its space.",
            ))
            is_open = True
            continue
        if m.group() == "”" and prev == " " and i >= 2 and line[i - 2] in ",.?!" and (
            i + 1 == len(line) or nxt == " " and is_open
        ) and (is_open or i + 1 == len(line)):
            # `is allowed. ”` at the paragraph's end: a space inside the closing mark
            found.append(_suggest(
                text, base + i - 1, base + i + 1, "”", 0.88,
                "No space belongs between the quotation's last mark and its closing quote.",
            ))
            is_open = False
            continue
        if m.group() == "”" and prev.isspace() and nxt.isalnum() and single_opened and not is_open and (
            i >= 2 and line[i - 2] in ",.?!"
        ):
            # `‘It’s violent. That’s all I have now, ”said Humbert.`: a single-quoted quotation
            found.append(_suggest(
                text, base + i - 1, base + i + 1, "’ ", 0.85,
                "The quotation opened with a single mark, so it closes with one, before its attribution.",
            ))
            continue
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
                if i >= 2 and line[i - 2] in ",.?!" and (
                    is_open or nxt.islower() or _attribution_at(line, i + 1, named=True)
                ):
                    # `now, ”said`: a closer by its punctuation, whatever opened it
                    found.append(_suggest(
                        text, base + i - 1, base + i + 1, "” ", 0.9 if is_open or nxt.isupper() else 0.7,
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
    touched = {s.start - base for s in found} | {s.end - base for s in found}
    for k, m in enumerate(marks):
        # "“I’m here because … the people, lamented Maya": the closing mark was lost
        stop = marks[k + 1].start() if k + 1 < len(marks) else len(line)
        if m.group() != "“" or (k + 1 < len(marks) and marks[k + 1].group() != "“"):
            continue
        if any(m.start() - 1 <= t <= stop + 1 for t in touched) or DOUBLED_SINGLE_CLOSE.search(line, m.end(), stop):
            continue
        for c in re.finditer(r",(?= )", line[m.end():stop]):
            at = m.end() + c.end()
            if _attribution_at(line, at + 1, named=True):
                found.append(_suggest(
                    text, base + at, base + at, "”", 0.85,
                    "The quotation runs to its attribution but never closes: the closing mark is missing.",
                ))
                break
    return found


def _doubled_singles(text: str, base: int, line: str, ctx: Context) -> list[Suggestion]:
    """`run’’,` `‘‘We`: two single quote marks typed for one double mark."""
    found: list[Suggestion] = []
    for m in DOUBLED_SINGLE_CLOSE.finditer(line):
        found.append(_suggest(
            text, base + m.start(1), base + m.end(1), ctx.style.close_double, 0.88,
            "Two single quote marks stand for one closing double mark.",
        ))
    for m in DOUBLED_SINGLE_OPEN.finditer(line):
        found.append(_suggest(
            text, base + m.start(1), base + m.end(1), ctx.style.open_double, 0.88,
            "Two single quote marks stand for one opening double mark.",
        ))
    return found


STRAIGHT_SPACED_END = re.compile(r"(?<=[a-z0-9][.,!?]) \"(?=[ \t]*$)")
# '"We will win. " He left.': a closing " (by count) with a space inside it.
STRAIGHT_SPACED_CLOSER = re.compile(r"(?<=[a-z0-9][.,!?]) \"(?= \S)")
# 'a "possibility.""She wanted': a closing and an opening mark glued together.
STRAIGHT_GLUED_PAIR = re.compile(r"(?<=[a-z0-9][.,!?]\")\"(?=[A-Z])")


def _straight_doubles(text: str, base: int, line: str) -> list[Suggestion]:
    """`now, "said Humbert`: a closing " (by count) separated from its punctuation; `is
    allowed. "` at a paragraph's end: a closing " with a space inside it (nothing follows
    for it to open)."""
    found: list[Suggestion] = []
    for m in STRAIGHT_GLUED_PAIR.finditer(line):
        if line.count('"', 0, m.start()) % 2:
            continue  # the first of the two does not close a quotation
        found.append(_suggest(
            text, base + m.start(), base + m.start(), " ", 0.88,
            "One quotation closes and the next opens: the space between the marks is missing.",
            kind=Kind.RUN_TOGETHER,
        ))
    for m in STRAIGHT_SPACED_CLOSER.finditer(line):
        if line.count('"', 0, m.start() + 2) % 2:
            continue  # it opens a quotation: not ours to move
        found.append(_suggest(
            text, base + m.start(), base + m.start() + 2, '"', 0.88,
            "No space belongs between the quotation's last mark and its closing quote.",
        ))
    for m in STRAIGHT_SPACED_END.finditer(line):
        found.append(_suggest(
            text, base + m.start(), base + m.start() + 2, '"', 0.88,
            "No space belongs between the quotation's last mark and its closing quote.",
        ))
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
    opened_before = False
    for m in LINE.finditer(text):
        line, base = m.group(), m.start()
        if "“" in line or "”" in line:
            found.extend(_curly_doubles(text, base, line, opened_before))
        opened_before = line.count("“") > line.count("”")
        if "’’" in line or "‘‘" in line or "''" in line:
            found.extend(_doubled_singles(text, base, line, ctx))
        if '"' in line and not ctx.style.curly:
            found.extend(_straight_doubles(text, base, line))
        if "’" in line or "'" in line:
            found.extend(_glued_singles(text, base, line, ctx))
        if "‘" in line:
            found.extend(_apostrophes(text, base, line, ctx))
        if "«" in line:
            found.extend(_guillemets(text, base, line, ctx))
    return found
