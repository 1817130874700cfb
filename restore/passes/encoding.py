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
import unicodedata

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
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00c2-\u00f4\ufeff\ufffd]|вЂ"  # вЂ™: UTF-8 read as cp1251
    r"|&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z]{2,24}[0-9]{0,2});"
)
ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z]{2,24}[0-9]{0,2});")
LINE = re.compile(r"[^\n]+")
# "Friday´s", "don`t", "We´ve": an accent or a backtick typed (or converted) in place of the
# apostrophe of a contraction or possessive.
ACCENT_APOSTROPHE = re.compile(r"(?<=[A-Za-z])[´`](?=(?:s|t|d|m|ll|re|ve)(?![\w´`’']))")
# A run of symbols and letters from the upper half of a single-byte code page: where a
# double-byte encoding (Big5, GBK, Shift-JIS, EUC-KR) was read as one ("ˇ§open and
# transparentˇ¨" is Big5 “open and transparent” read as Windows-1250).
# "Mu¨ller", "Jos´e", "Jose´ Martí": a spacing accent beside the vowel it belonged on, as
# PDF and old-converter copy leaves it.
SPACING_ACCENTS = {"´": "\u0301", "¨": "\u0308", "`": "\u0300", "ˆ": "\u0302", "˜": "\u0303", "¸": "\u0327"}
# (not the backtick: "Hawai`i" writes the ʻokina with it)
STRAY_ACCENT = re.compile(r"(?<=[A-Za-z])([´¨ˆ˜¸])(?=[A-Za-zı])|(?<=[AEIOUaeiouyn])([´¨ˆ˜])(?=[\s,.;:!?)]|$)")
HIGH_RUN = re.compile(r"[\u00a0-\u02ff\u2010-\u203a\u20ac\u2122]{2,}")
MISREAD_AS = ("cp1250", "cp1252", "latin-1")
DOUBLE_BYTE = ("big5", "gbk", "shift_jis", "euc_kr")
"""In the order ties are broken: the encodings of Taiwan and Hong Kong, then mainland
China, Japan and Korea."""
CJK_PUNCTUATION = frozenset("“”‘’、。「」『』《》〈〉（）：；，！？…—")
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


def _double_byte_readings(run: str) -> dict[tuple[str, str], str]:
    """What ``run`` said before a double-byte encoding was read as a single-byte one, for
    each (single-byte, double-byte) pair of encodings whose reading gives only CJK
    characters and quote marks.

    A run must hold a symbol (ˇ § ¨ ¦ ¤ ˝), so accented names ("Đặng", "Brønnøysund") are
    never decoded."""
    readings: dict[tuple[str, str], str] = {}
    if not any("\u00a0" <= c <= "\u02ff" and not unicodedata.category(c).startswith("L") for c in run):
        return readings  # "––", "Đặng": dashes and accented letters are text, not bytes
    for misread in MISREAD_AS:
        try:
            raw = run.encode(misread)
        except UnicodeEncodeError:
            continue
        if len(raw) % 2:
            continue
        for true in DOUBLE_BYTE:
            try:
                decoded = raw.decode(true)
            except UnicodeDecodeError:
                continue
            if decoded and all(c in CJK_PUNCTUATION or "\u4e00" <= c <= "\u9fff" for c in decoded):
                readings[(misread, true)] = decoded
    return readings


def _plausible(text: str, start: int, end: int, decoded: str) -> bool:
    """Whether ``decoded`` fits where the run stands: an ideograph stands on its own (not
    glued to other garbled bytes), and between two letters only an apostrophe fits."""
    before, after = text[start - 1 : start], text[end : end + 1]
    if before.isalpha() and after.isalpha():
        return decoded in ("’", "'")
    ideographs = sum("\u4e00" <= c <= "\u9fff" for c in decoded)
    if ideographs:
        if ideographs < 2:
            return False  # one stray character is as likely chance as a name
        return before in ("", " ", "(", "（") and after in ("", " ", ")", "）", ",", ".")
    return True


def _stray_accents(text: str, ctx: Context, taken: set[int]) -> list[Suggestion]:
    """"Mu¨ller" → "Müller", "Jos´e" → "José": an accent left beside its vowel."""
    found: list[Suggestion] = []
    for m in STRAY_ACCENT.finditer(text):
        if m.start() in taken:
            continue  # "don`t": the apostrophe rule has it
        mark = m.group()
        accent = SPACING_ACCENTS[mark]
        before, after = text[m.start() - 1], text[m.end(): m.end() + 1]
        # the accent belongs on a vowel: the one after it ("Jos´e") when the one before is
        # a consonant, else the one before ("Mu¨ller", "Jose´")
        if mark == "˜" and before in "Nn":
            start, end, base = m.start() - 1, m.end(), before  # "Pin˜eiro": the tilde of ñ
        elif after and after in "AEIOUaeiouıNnCc" and before not in "AEIOUaeiou":
            start, end, base = m.start(), m.end() + 1, "i" if after == "ı" else after
        elif before in "AEIOUaeiouyNnCc":
            start, end, base = m.start() - 1, m.end(), before
        else:
            continue
        composed = unicodedata.normalize("NFC", base + accent)
        if len(composed) != 1:
            continue  # no such letter: leave it to the editor
        plain = re.search(r"[A-Za-z]*$", text[: m.start()]).group() + re.match(r"[A-Za-z]*", text[m.end():]).group()
        if ctx.lexicon.zipf(plain) >= 3.5 and not plain[:1].isupper():
            continue  # "the´ end": a plain English word with a stray mark, not a lost accent
        found.append(Suggestion.at(
            text, start, end, composed, kind=Kind.ENCODING, confidence=0.88,
            reason=f"“{text[start:end]}” is “{composed}”: the accent was left beside its letter.",
            source=NAME,
        ))
    return found


def _other_code_pages(text: str, ctx: Context) -> list[Suggestion]:
    """Accents and backticks for apostrophes; double-byte text read as single-byte."""
    found: list[Suggestion] = []
    if "´" in text or "`" in text:
        for m in ACCENT_APOSTROPHE.finditer(text):
            # "Andre´s Manuel" may be "Andrés": before a name, an accent on a vowel is unsure
            unsure = m.group() == "´" and text[m.start() - 1] in "aeiou" and re.match(r"s [A-Z]", text[m.end():]) is not None
            found.append(Suggestion.at(
                text, m.start(), m.end(), ctx.style.close_single, kind=Kind.ENCODING,
                confidence=0.6 if unsure else 0.9,
                reason=f"“{m.group()}” stands for the apostrophe of a contraction or possessive.",
                source=NAME,
            ))
    if any(c in text for c in "´¨ˆ˜¸"):
        found.extend(_stray_accents(text, ctx, {s.start for s in found}))
    if not text.isascii():
        # the document was misread one way: the pair of encodings that explains most runs
        runs = []
        votes: dict[tuple[str, str], int] = {}
        for m in HIGH_RUN.finditer(text):
            readings = {
                pair: d for pair, d in _double_byte_readings(m.group()).items()
                if _plausible(text, m.start(), m.end(), d)
            }
            runs.append((m, readings))
            for pair in readings:
                votes[pair] = votes.get(pair, 0) + 1
        for m, readings in runs:
            if not readings:
                continue
            best = max(votes[p] for p in readings)
            # ties go to the commoner encoding of wire copy misread (DOUBLE_BYTE's order)
            pair = min((p for p in readings if votes[p] == best), key=lambda p: DOUBLE_BYTE.index(p[1]))
            decoded = readings[pair]
            found.append(Suggestion.at(
                text, m.start(), m.end(), decoded, kind=Kind.ENCODING, confidence=0.9,
                reason=f"Mojibake: {m.group()!r} is {decoded!r} in a double-byte encoding read as a single-byte one.",
                source=NAME,
            ))
    return found


@register_pass(
    NAME,
    kinds=(Kind.ENCODING,),
    examples=(
        ("The minister didnâ€™t comment.", "The minister didn’t comment."),
        ("A cafÃ© in Paris.", "A café in Paris."),
        ("Johnson &amp; Johnson said.", "Johnson & Johnson said."),
        ("The vote\x07 was held.", "The vote was held."),
        ("Trees areÂ\xa0one of our resources.", "Trees are one of our resources."),
        ("Trading near Friday´s peak, we don`t expect much.", "Trading near Friday’s peak, we don’t expect much."),
        ("a process that is ˇ§open and transparentˇ¨.", "a process that is “open and transparent”."),
    ),
)
def fix_encoding(text: str, ctx: Context) -> list[Suggestion]:
    """Mojibake, HTML entities and control characters, one suggestion per garbled run."""
    found: list[Suggestion] = _other_code_pages(text, ctx)
    if text.isascii() and "&" not in text and not CONTROL.search(text):
        return found
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
