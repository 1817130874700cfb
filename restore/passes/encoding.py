"""Encoding damage: mojibake, HTML entities, stray control characters.

ftfy knows how text gets garbled by wrong decodings; we run it with every fix that would
change *clean* text switched off (quote uncurling, ligatures, width, Unicode normalisation,
line breaks), then turn its output into small local suggestions on the original.

>>> from restore.context import Context
>>> t = "He didnâ€™t go."
>>> [(s.original, s.replacement) for s in fix_encoding(t, Context.for_text(t))]
[('â€™', '’')]
"""

from __future__ import annotations

import re

import ftfy
from rapidfuzz.distance import Levenshtein

from ..context import Context
from ..registry import register_pass
from ..suggestion import Kind, Suggestion

NAME = "encoding"

FTFY_CONFIG = ftfy.TextFixerConfig(
    unescape_html=True,  # plain-text copy never legitimately holds "&amp;" or "&#8217;"
    remove_terminal_escapes=True,
    fix_encoding=True,
    restore_byte_a0=True,
    replace_lossy_sequences=True,
    decode_inconsistent_utf8=True,
    fix_c1_controls=True,
    fix_latin_ligatures=False,  # "ﬁ" may be deliberate typography: not damage
    fix_character_width=False,  # full-width forms may be deliberate (CJK names)
    uncurl_quotes=False,  # house style is the document's choice, never ours
    fix_line_breaks=False,  # line structure is the document's own
    fix_surrogates=True,
    remove_control_chars=True,
    normalization=None,  # NFC would rewrite clean text that merely differs in form
    explain=False,
)

# A line can only hold damage ftfy repairs if it has one of these: control characters,
# C1 controls, the Latin-1 lead characters every UTF-8 mojibake starts with, a BOM, a
# replacement character, a terminal escape or an HTML entity.
TRIGGER = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00c2-\u00f4\ufeff\ufffd]"
    r"|&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z]{2,24}[0-9]{0,2});"
)
ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z]{2,24}[0-9]{0,2});")
LINE = re.compile(r"[^\n]+")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff]")


def _reason(original: str, replacement: str) -> tuple[str, float]:
    """A sentence for the editor and how sure we are, by what the edit looks like."""
    if ENTITY.search(original):
        return f"HTML entity {original!r} shown as code instead of the character.", 0.93
    if not replacement and all(CONTROL.match(c) for c in original):
        return "Invisible control character left over from a conversion.", 0.9
    if not replacement:
        return f"Mojibake: stray {original!r} left by a wrong character-set conversion.", 0.93
    return (
        f"Mojibake: {original!r} is {replacement!r} decoded with the wrong character set.",
        0.95,
    )


def _edits(line: str, fixed: str) -> list[tuple[int, int, str]]:
    """Minimal (start, end, replacement) edits turning ``line`` into ``fixed``.

    Edits only a couple of non-space characters apart are merged, so one garbled
    character sequence becomes one suggestion rather than several fragments.
    """
    spans: list[list[int]] = []  # [src_start, src_end, dst_start, dst_end]
    for op in Levenshtein.opcodes(line, fixed):
        if op.tag == "equal":
            continue
        if spans:
            last = spans[-1]
            gap = line[last[1] : op.src_start]
            if len(gap) <= 2 and not any(c.isspace() for c in gap):
                last[1], last[3] = op.src_end, op.dest_end
                continue
        spans.append([op.src_start, op.src_end, op.dest_start, op.dest_end])
    edits = []
    for a, b, c, d in spans:
        repl = fixed[c:d]
        for ent in ENTITY.finditer(line, max(0, a - 34), min(len(line), b + 34)):
            if ent.start() <= a < ent.end() or ent.start() < b <= ent.end():
                # widen to the whole entity: "&amp;" -> "&", not "amp;" -> ""
                lo, hi = min(a, ent.start()), max(b, ent.end())
                repl = line[lo:a] + repl + line[b:hi]
                a, b = lo, hi
        edits.append((a, b, repl))
    return edits


@register_pass(
    NAME,
    kinds=(Kind.ENCODING,),
    examples=(
        ("The minister didnâ€™t comment.", "The minister didn’t comment."),
        ("A cafÃ© in Paris.", "A café in Paris."),
        ("Johnson &amp; Johnson said.", "Johnson & Johnson said."),
        ("The vote\x07 was held.", "The vote was held."),
        ("Trees areÂ\xa0one of our resources.", "Trees are one of our resources."),
    ),
)
def fix_encoding(text: str, ctx: Context) -> list[Suggestion]:
    """Mojibake, HTML entities and control characters, one suggestion per garbled run."""
    if text.isascii() and "&" not in text and not CONTROL.search(text):
        return []
    found: list[Suggestion] = []
    for m in LINE.finditer(text):
        line = m.group()
        if not TRIGGER.search(line):
            continue
        fixed = ftfy.fix_text(line, FTFY_CONFIG)
        if fixed == line:
            continue
        for start, end, replacement in _edits(line, fixed):
            original = line[start:end]
            if original.endswith("Â") and line[end : end + 1] in ("\xa0", " "):
                end += 1  # ftfy deletes the "Â" of "Â\xa0": take the space along
                original, replacement = line[start:end], replacement + "\xa0"
            if "Â" in original and "\xa0" in replacement:
                # a garbled no-break space: web junk, so the repair is a plain space
                replacement = replacement.replace("\xa0", " ")
            reason, confidence = _reason(original, replacement)
            found.append(
                Suggestion.at(
                    text,
                    m.start() + start,
                    m.start() + end,
                    replacement,
                    kind=Kind.ENCODING,
                    confidence=confidence,
                    reason=reason,
                    source=NAME,
                )
            )
    return found
