"""Leftovers of the publishing machinery and stray punctuation.

CMS shortcodes (``[ad_1]``, ``[caption …]…[/caption]``), template braces (``{that a}``),
punctuation-only lines (the lone "." at the end of a scraped story), template symbols
("❐"), a space before a full stop or comma, and doubled commas or full stops.

>>> from restore.context import Context
>>> t = "[ad_1]\\n\\nFollowing is a summary of world news."
>>> [(s.original, s.replacement) for s in fix_shortcodes(t, Context.for_text(t))]
[('[ad_1]\\n\\n', '')]
"""

from __future__ import annotations

import re

from ..context import Context
from ..english import looks_foreign, word_list, word_set, words_around
from ..registry import register_pass
from ..suggestion import Kind, Suggestion

SHORTCODES = "shortcodes"
STRAY = "stray-punctuation"

SHORTCODE_NAMES = (
    r"ad(?:s|sense)?|advert|advertisement|banner|related|related_posts|embed|tweet|video|"
    r"gallery|audio|playlist|contact-form|wp_ad_camp|ads?_\w*|ad_\d+|td_\w+|vc_\w+|et_pb_\w+|"
    r"embedded content|embed content"
)
# [ad_1], [ad_2], [/embed] ...
SHORTCODE = re.compile(
    rf"\[/?(?:{SHORTCODE_NAMES})(?:[ _][^\[\]\n]{{0,200}})?\]", re.IGNORECASE
)
TRAILING_BREAKS = re.compile(r"(?:[ \t]*\n)+")
CAPTION_TAG = re.compile(r"\[caption\b[^\[\]\n]{0,400}\][ \t]*|[ \t]*\[/caption\]", re.IGNORECASE)
BRACED_WORDS = re.compile(r"\{([A-Za-z][\w’'-]*(?: [A-Za-z][\w’'-]*){0,4})\}")
PUNCT_LINE = re.compile(r"^[ \t]*[.,;:·•][.,;:·•]*[ \t]*$", re.MULTILINE)
SYMBOLS = "❐❑❒\ufffc▪■□►▶◆◇"
# Not at the start of a line, where such a mark is a list bullet the story meant.
STRAY_SYMBOL = re.compile(rf"(?<=[^\s])[ \t]?[{SYMBOLS}]+|(?<=[^\n])[ \t]+[{SYMBOLS}]+")
# "consult with its partners. about": a full stop inside a sentence (not an abbreviation).
STRAY_STOP = re.compile(r"(?<![\w.])([A-Za-z][a-z]{3,})\.(?= ([a-z]{2,})\b)")
ABBREVIATIONS = word_set("abbreviations")
SPACE_BEFORE = re.compile(r"(?<=[A-Za-z0-9’”)\]])([ \t]+)([.,;:])(?=[\s”’\"')]|$)")
# "with the. vigilance", "and. banning": a short function word never ends a sentence.
STRAY_STOP_SHORT = re.compile(
    r"(?<![\w.’'-])(the|and|of|not|to|in|for|with|our|his|its|by|at|on|or|but|was|are|is|their|an)\.(?= [a-z]{2,}\b)"
)
# "Today, we; celebrate", "the, vigilance": a mark that cannot follow these words.
MARK_AFTER_DETERMINER = re.compile(
    r"(?<![\w’'-])(?:(the|an|our|their|his|its|my|your)([;,])|(we|they|he|she|i)(;))(?= [a-z])"
)
DROPPED_WORD_HINTS = word_set("dropped_word_hints")
"""A function word right before the mark means a word went missing there."""
# "thank you!» Together", "our nation.»" with no « anywhere: a mark left from a template.
# Only after a full sentence: "Ukraine»Retreating" is a quotation whose « lies elsewhere.
LONE_GUILLEMET = re.compile(r"(?<=[.!?])»(?=\s|$)")
# "our great Republic. | Under my leadership", "... of our nation. |": a pipe from a page.
STRAY_PIPE = re.compile(r"(?<=[.!?”’\"])[ \t]+\|(?=[ \t]*(?:\n|$))|(?<=[.!?”’\"] )\|[ \t]+(?=[A-Z“\"])|(?m:^)\|[ \t]+(?=[A-Z“\"])")
DOUBLED_COMMA = re.compile(r"(?<=\w),,(?!,)")
# "Alzheimer’s drug The central bank": a sentence run into the one before, its full stop
# lost ("The" with a lower-case word after it never stands inside a sentence).
SWALLOWED_STOP = re.compile(r"(?<=[a-z’]{3}) (?=The [a-z]{2,})")
# "2.903 percent\n, having": a line break before the comma that goes on the sentence.
# (only from the run's first blank: a search from inside a long run of breaks is quadratic)
BREAK_BEFORE_MARK = re.compile(r"(?<![\n \t])[ \t]*\n[\n \t]*(?=[,;:])")
NEVER_LINE_FINAL = word_set("never_line_final")
# "the death of\n\nMahsa Amini": a paragraph break after a word that never ends a line.
BREAK_AFTER_FUNCTION = re.compile(r"(?<![\w’'-])([a-z]+)([ \t]*\n[\n \t]*)(?=[A-Za-z])")
# "the second\nlargest": a single line break between two lower-case words.
BREAK_INSIDE = re.compile(r"(?<=[a-z,])([ \t]*\n[ \t]*)(?=[a-z])")
LINE_END_MIDSENTENCE = re.compile(r"[a-z,]\n[a-z]")
# "… procession’s usual path,” he said": an attribution that ends its paragraph unstopped.
UNSTOPPED_ATTRIBUTION = re.compile(
    r"(?:(?<=[,”\"’] )|(?<=[“”]))(?:he|she|they|officials|police|[A-Z][a-z]+) (?:said|says|added|told reporters)(?=[ \t]*(?:\n|$))"
)
# "… finish the session at 7,527.11\nConsumer cyclicals lost …": a sentence line unstopped.
UNSTOPPED_LINE = re.compile(r"^(?=[A-Z“\"])[^\n]{60,}?[a-z0-9)](?=[ \t]*\n+[ \t]*[A-Z“\"][a-z])", re.MULTILINE)
# "killing two; according to police": a semicolon before words that cannot open a clause.
SEMICOLON_BEFORE_PHRASE = re.compile(r"(?<=[a-z0-9]);(?= according to )")
TRAILING_COMMA = re.compile(r"(?<=[a-z0-9)]),[ \t]*$")
APOSTROPHE_LESS = word_set("apostrophe_less")
APOSTROPHE_LESS_RE = re.compile(r"(?<![\w’'-])(" + "|".join(sorted(APOSTROPHE_LESS)) + r")(?![\w’'-])", re.IGNORECASE)
DOUBLED_STOP = re.compile(r"(?<=[a-z]{3})\.\.(?=\s|$)")


def _s(text: str, start: int, end: int, replacement: str, kind: Kind, confidence: float,
       reason: str, source: str) -> Suggestion:
    return Suggestion.at(text, start, end, replacement, kind=kind, confidence=confidence,
                         reason=reason, source=source)


def _tag_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a tag's span so removing it leaves no blank line or double space.

    A tag on its own line goes with the line breaks after it (or, on the story's last
    line, those before it); a tag opening a line of text takes the spaces after it; a
    tag between words takes one of the two spaces.
    """
    if start == 0 or text[start - 1] == "\n":
        after = TRAILING_BREAKS.match(text, end)
        if after and (after.end() < len(text) or start == 0):
            return start, after.end()
        if not text[end:].strip():
            return len(text[:start].rstrip(" \t\n")), end
        while end < len(text) and text[end] in " \t":
            end += 1
        return start, end
    if text[start - 1] == " " and (end == len(text) or text[end] in " \n"):
        return start - 1, end
    return start, end


@register_pass(
    SHORTCODES,
    kinds=(Kind.SHORTCODE,),
    examples=(
        ("[ad_1]\n\nFollowing is a summary of world news.", "Following is a summary of world news."),
        ("Sörös mentioned {that a} second woman had died.", "Sörös mentioned that a second woman had died."),
        ("[caption id=\"attachment_5\" align=\"alignleft\"]Police in Vienna.[/caption]",
         "Police in Vienna."),
    ),
)
def fix_shortcodes(text: str, ctx: Context) -> list[Suggestion]:
    """Remove CMS shortcodes and template braces; the words inside braces are kept."""
    if "[" not in text and "{" not in text:
        return []
    found: list[Suggestion] = []
    if "[" in text:
        for m in SHORTCODE.finditer(text):
            start, end = _tag_span(text, m.start(), m.end())
            found.append(_s(text, start, end, "", Kind.SHORTCODE, 0.95,
                            f"“{m.group().strip()}” is a CMS shortcode, not part of the story.",
                            SHORTCODES))
        for m in CAPTION_TAG.finditer(text):
            start, end = _tag_span(text, m.start(), m.end())
            found.append(_s(text, start, end, "", Kind.SHORTCODE, 0.9,
                            "A WordPress caption tag, not part of the story.", SHORTCODES))
    if "{" in text:
        for m in BRACED_WORDS.finditer(text):
            words = m.group(1).split()
            if len(words) == 1 and (len(words[0]) < 3 or not words[0].islower()):
                continue  # "{x}", "{FirstName}": a variable or a placeholder, not a slip
            lower = [w for w in words if w[0].islower()]
            if not all(ctx.lexicon.is_known(w, 2.0) or ctx.lexicon.in_dictionary(w) for w in lower):
                continue
            if not any(len(w) >= 3 and ctx.lexicon.is_known(w, 3.0) for w in words):
                continue
            # "{Donald J}. Trump": names in braces are a slip too, but "{Foo Bar}" may be a
            # placeholder, so braces with no lower-case word are only shown
            confidence = 0.9 if len(lower) == len(words) else 0.85 if lower else 0.7
            reason = "Template braces around ordinary words."
            found.append(_s(text, m.start(), m.start() + 1, "", Kind.SHORTCODE, confidence, reason, SHORTCODES))
            found.append(_s(text, m.end() - 1, m.end(), "", Kind.SHORTCODE, confidence, reason, SHORTCODES))
    return found


def _punct_lines(text: str) -> list[Suggestion]:
    """A line holding only "." or similar: drop it with its line break.

    At the end of the text the blank lines before it go too, so the story ends as it
    would have without it (one final line break if the text had one).
    """
    found: list[Suggestion] = []
    for m in PUNCT_LINE.finditer(text):
        if not m.group().strip():
            continue
        rest = text[m.end():]
        if not rest.strip():
            content_end = len(text[: m.start()].rstrip())
            if content_end == 0:
                continue  # the whole text is punctuation: leave it to the editor
            start = content_end + 1 if text.endswith("\n") and text[content_end] == "\n" else content_end
            end = len(text)
        else:
            start, end = m.start(), m.end() + 1  # the line and its line break
            if m.start() >= 2 and text[m.start() - 2 : m.start()] == "\n\n" and text[end : end + 1] == "\n":
                end += 1  # a blank line on both sides: keep only one
        if start >= end:
            continue
        found.append(_s(text, start, end, "", Kind.ARTIFACT, 0.9,
                        f"A line holding only “{m.group().strip()}” is left over from the page template.",
                        STRAY))
    return found


def _hard_wrapped(text: str) -> bool:
    """Whether the copy is wrapped at a fixed width (lines broken mid-sentence throughout):
    then its line breaks are its layout, and no single one of them is damage."""
    return len(LINE_END_MIDSENTENCE.findall(text)) >= 2


def _sentence_breaks(text: str, ctx: Context) -> list[Suggestion]:
    """Sentence boundaries a scraper swallowed or invented: a lost full stop before "The",
    line breaks inside a sentence, an unstopped last sentence, a comma ending the text,
    and contractions that lost their apostrophe."""
    found: list[Suggestion] = []
    if " The " in text:
        for m in SWALLOWED_STOP.finditer(text):
            before = text[max(0, m.start() - 30): m.start()].split()
            if not before or before[-1].lower() in NEVER_LINE_FINAL or before[-1].lower() in DROPPED_WORD_HINTS:
                continue
            if before[-1].lower() in ("said", "says", "told", "called", "named", "titled", "read", "watched", "saw"):
                continue  # "the film titled The end of days": a title follows
            # only shown: "led The preparations" is the same pattern with a capital spread
            # by damage (the case kind), where the repair is "the"
            found.append(_s(text, m.start(), m.start(), ".", Kind.PUNCTUATION, 0.7,
                            "“The” opens a new sentence here: the full stop before it is missing.", STRAY))
    if "\n" in text:
        wrapped = _hard_wrapped(text)
        for m in BREAK_BEFORE_MARK.finditer(text):
            if m.start() == 0 or text[m.start() - 1] in ".!?\n":
                continue
            found.append(_s(text, m.start(), m.end(), "", Kind.PUNCTUATION, 0.88,
                            f"A line break cuts the sentence before “{text[m.end()]}”.", STRAY))
        for m in BREAK_AFTER_FUNCTION.finditer(text):
            if m.group(1) not in NEVER_LINE_FINAL or (wrapped and m.group(2).count("\n") < 2):
                continue
            found.append(_s(text, m.start(2), m.end(2), " ", Kind.PUNCTUATION, 0.88,
                            f"A line never ends on “{m.group(1)}”: the break cuts a sentence.", STRAY))
        if not wrapped:
            for m in BREAK_INSIDE.finditer(text):
                left = text[max(0, m.start() - 20): m.start()].split()[-1:]
                if left and left[0].rstrip(",") in NEVER_LINE_FINAL:
                    continue  # the rule above has it
                found.append(_s(text, m.start(1), m.end(1), " ", Kind.PUNCTUATION, 0.85,
                                "A line break cuts the sentence between two lower-case words.", STRAY))
            for m in UNSTOPPED_LINE.finditer(text):
                line = m.group()
                words = line.split()
                if words[-1].lower() in NEVER_LINE_FINAL:
                    continue  # "the death of\n\nMahsa Amini": a broken line, not an unstopped one
                lower = sum(w[:1].islower() for w in words)
                if len(words) < 10 or lower * 2 < len(words) or line.count("“") + line.count('"') > line.count("”") + (line.count('"') // 2) * 2:
                    continue  # a headline (title case) or an open quotation is not a sentence to stop
                found.append(_s(text, m.end(), m.end(), ".", Kind.PUNCTUATION, 0.85,
                                "This sentence ends its paragraph without a full stop.", STRAY))
    for m in UNSTOPPED_ATTRIBUTION.finditer(text):
        found.append(_s(text, m.end(), m.end(), ".", Kind.PUNCTUATION, 0.85,
                        "The attribution ends the paragraph without a full stop.", STRAY))
    if ";" in text:
        for m in SEMICOLON_BEFORE_PHRASE.finditer(text):
            found.append(_s(text, m.start(), m.end(), ",", Kind.PUNCTUATION, 0.85,
                            "A semicolon must be followed by a clause; this phrase goes on the sentence after a comma.",
                            STRAY))
    m = TRAILING_COMMA.search(text)
    if m is not None and len(text.split()) >= 6:
        found.append(_s(text, m.start(), m.start() + 1, ".", Kind.PUNCTUATION, 0.85,
                        "The text ends on a comma: the sentence's full stop was turned into one.", STRAY))
    if "nt" in text:
        for m in APOSTROPHE_LESS_RE.finditer(text):
            word = m.group(1)
            if ctx.lexicon.in_house(word) or looks_foreign(words_around(text, m.start(), m.end(), n=8)):
                continue  # French "dont certains"
            found.append(_s(text, m.end(1) - 1, m.end(1) - 1, ctx.style.close_single, Kind.PUNCTUATION, 0.88,
                            f"“{word}” is a contraction that lost its apostrophe.", STRAY))
    return found


@register_pass(
    STRAY,
    kinds=(Kind.ARTIFACT, Kind.PUNCTUATION),
    examples=(
        ("The talks collapsed in 2010.\n\n.\n", "The talks collapsed in 2010.\n"),
        ("Belarus is also engulfed in protests .", "Belarus is also engulfed in protests."),
        ("before crossing the sea to Vietnam.❐", "before crossing the sea to Vietnam."),
        ("The mayor,, who was elected", "The mayor, who was elected"),
        ("“It will consult with its partners. about a joint reaction,” it said.",
         "“It will consult with its partners about a joint reaction,” it said."),
        ("Families stay apart. ▪ The bill supports them.", "Families stay apart. The bill supports them."),
    ),
)
def fix_stray_punctuation(text: str, ctx: Context) -> list[Suggestion]:
    """Stray lines, symbols and spaces around punctuation."""
    found: list[Suggestion] = []
    if "\n" in text:
        found.extend(_punct_lines(text))
    if any(c in text for c in SYMBOLS):
        for m in STRAY_SYMBOL.finditer(text):
            found.append(_s(text, m.start(), m.end(), "", Kind.ARTIFACT, 0.9,
                            f"“{m.group().strip()}” is a symbol left over from the page template.",
                            STRAY))
    if ". " in text:
        for m in STRAY_STOP.finditer(text):
            word, following = m.group(1), m.group(2)
            if word.lower() in ABBREVIATIONS or ctx.lexicon.zipf(word) < 3.0:
                continue
            if ctx.lexicon.zipf(following) < 3.0:
                continue
            found.append(_s(text, m.end(1), m.end(), "", Kind.PUNCTUATION, 0.85,
                            f"A full stop after “{word}” cuts the sentence: “{following}” continues it.",
                            STRAY))
    if ". " in text:
        for m in STRAY_STOP_SHORT.finditer(text):
            found.append(_s(text, m.end(1), m.end(), "", Kind.PUNCTUATION, 0.85,
                            f"A sentence does not end on “{m.group(1)}”: the full stop is stray.",
                            STRAY))
    if ";" in text or "," in text:
        for m in MARK_AFTER_DETERMINER.finditer(text):
            word, mark = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
            found.append(_s(text, m.end() - 1, m.end(), "", Kind.PUNCTUATION, 0.85,
                            f"“{mark}” cannot follow “{word}”: the mark is stray.", STRAY))
    if " ." in text or " ," in text or " ;" in text or " :" in text or "\t" in text:
        for m in SPACE_BEFORE.finditer(text):
            if m.group(2) == "." and (text[max(0, m.start() - 2): m.start()] == ". " or text[m.end(): m.end() + 2] == " ."):
                continue  # "waited . . . and left": a spaced ellipsis, a convention
            before = text[max(0, m.start() - 12) : m.start()].split()
            if before and before[-1].lower() in DROPPED_WORD_HINTS:
                continue  # "killed in a , including": a word was lost here, not a space added
            if m.group(2) in ";:" and looks_foreign(words_around(text, m.start(), m.end(), n=8)):
                continue  # French sets a space before ; and :
            found.append(_s(text, m.start(1), m.end(1), "", Kind.PUNCTUATION, 0.9,
                            f"No space belongs before “{m.group(2)}”.", STRAY))
    if "»" in text and "«" not in text:
        for m in LONE_GUILLEMET.finditer(text):
            found.append(_s(text, m.start(), m.end(), "", Kind.ARTIFACT, 0.85,
                            "A closing “»” with no opening “«” anywhere: a leftover mark.", STRAY))
    if "|" in text:
        for m in STRAY_PIPE.finditer(text):
            found.append(_s(text, m.start(), m.end(), "", Kind.ARTIFACT, 0.85,
                            "A “|” between sentences is a leftover from the page layout.", STRAY))
    found.extend(_sentence_breaks(text, ctx))
    if ",," in text:
        for m in DOUBLED_COMMA.finditer(text):
            found.append(_s(text, m.start(), m.end(), ",", Kind.PUNCTUATION, 0.9,
                            "The comma is doubled.", STRAY))
    if ".." in text:
        for m in DOUBLED_STOP.finditer(text):
            if text[m.start() - 1] == "." or text[m.end(): m.end() + 1] == ".":
                continue
            found.append(_s(text, m.start(), m.end(), ".", Kind.PUNCTUATION, 0.85,
                            "The full stop is doubled.", STRAY))
    return found


LEFTOVERS = "leftovers"

FOOTER_LINES = word_set("footer_lines")
FOOTER_PREFIXES = tuple(
    (p.lstrip("*"), p.startswith("*")) for p in sorted(word_list("footer_prefixes"), key=len, reverse=True)
)
LINE_RE = re.compile(r"[^\n]+")
# '["other","Asia"]': a page's JSON tag array printed as text.
JSON_ARRAY_LINE = re.compile(r'\[\s*"[^"\n]{0,40}"(?:\s*,\s*"[^"\n]{0,40}"){0,20}\s*\]')
# "body-container-line-1": a CSS class or element id printed as text.
CSS_ID_LINE = re.compile(r"[a-z]+(?:[-_][a-z0-9]+){2,}")
# "Notice: ob_end_flush(): failed to send buffer ... on line 5373": a PHP error message.
PHP_NOTICE_LINE = re.compile(
    r"(?:PHP )?(?:Notice|Warning|Deprecated|Fatal error|Parse error|Strict Standards): .{0,400}? on line \d+\.?"
)
# "BTI | -1.41% | 41.26 | $ |": a ticker row; cells short, one of them a signed or % figure.
TICKER_ROW = re.compile(r"(?:[^|\n]{0,14}\|){3,}[^|\n]{0,14}")
TICKER_FIGURE = re.compile(r"[+-−]\d[\d.,]*%?|\d[\d.,]*%")
# "{{^adFree}} {{/adFree}}": template-engine tags (Mustache, Handlebars, Jinja).
MUSTACHE = re.compile(r"\{\{[^{}\n]{1,80}\}\}|\{%[^{}\n]{1,80}%\}")
# "< p > < p >", "<br />": HTML tags printed as text.
HTML_TAG = re.compile(r"<\s*/?\s*(?:p|br|div|span|strong|em|b|i|u|li|ul|ol|h[1-6]|tr|td|hr)\s*/?\s*>", re.IGNORECASE)
HTML_RUN = re.compile(rf"{HTML_TAG.pattern}(?:[ \t]*{HTML_TAG.pattern})*", re.IGNORECASE)
# "... many survivors. headtopics.com": the aggregator's domain left after the story's last sentence.
TRAILING_DOMAIN = re.compile(r"(?<=[.!?”\"’])[ \t]+(?:www\.)?[a-z0-9-]{3,30}\.(?:com|net|org|info|news|co\.[a-z]{2}|com\.[a-z]{2})[ \t]*$", re.MULTILINE)
# "mining stocks .AXMM to their lowest": a Reuters instrument code whose link text is gone.
INSTRUMENT_CODE = re.compile(r"(?<=[a-z,)] )\.[A-Z][A-Z0-9]{1,7}(?=[ ,;:)]|\.(?:\s|$)|$)")
# "… the toll rose to 13. Read more": a footer phrase after a line's last sentence.
TRAILING_FOOTER = re.compile(r"(?<=[.!?”\"’])[ \t]+((?:[A-Z][A-Za-z]*)(?: [A-Za-z:.|]+){0,6}?[:.]?)[ \t]*$", re.MULTILINE)
NOT_INSTRUMENTS = frozenset({".NET", ".COM", ".ORG", ".GOV", ".EDU", ".UK", ".US", ".EU", ".AI", ".IO"})


def _footer_line(line: str) -> bool:
    """A line that is only scraper furniture ("Advertisement", "Read more", "Click to expand")."""
    parts = [p.strip(" \t:.|•-–—›»>").lower() for p in re.split(r"(?<=[.:|•])\s+|\s{2,}", line.strip())]
    parts = [p for p in parts if p]
    return bool(parts) and all(p in FOOTER_LINES for p in parts)


def _link_caption(line: str) -> bool:
    """"Also read: Flood toll rises", "See also  A red hot October ...": a link to another story."""
    low = line.strip().lower()
    for prefix, headline_only in FOOTER_PREFIXES:
        if not low.startswith(prefix):
            continue
        rest = line.strip()[len(prefix):]
        if rest[:1] in (":", "|", "›", "»", "–", "—") and rest[1:].strip():
            return True
        if headline_only and rest[:1].isspace() and rest.strip()[:1].isupper() and not rest.rstrip().endswith((".", "!", "?", "”", '"', ",", ";")):
            return len(rest.split()) <= 25
    return False


def _leftover_line(line: str) -> str | None:
    """Why a whole line is page leftovers, or None when it is story text."""
    stripped = line.strip()
    if _footer_line(stripped):
        return f"“{stripped}” is a line of the page around the story, not part of it."
    if _link_caption(stripped):
        return f"“{stripped[:40]}” is a link to another story left by the scraper."
    if JSON_ARRAY_LINE.fullmatch(stripped):
        return f"“{stripped[:40]}” is the page's tag data printed as text."
    if CSS_ID_LINE.fullmatch(stripped) and any(c.isdigit() for c in stripped):
        return f"“{stripped}” is a page element's name printed as text."
    if PHP_NOTICE_LINE.fullmatch(stripped):
        return "A PHP error message from the web server, not part of the story."
    if "|" in stripped and TICKER_ROW.fullmatch(stripped) and TICKER_FIGURE.search(stripped):
        return f"“{stripped[:40]}” is a ticker row from the page, not part of the story."
    return None


def _line_span(text: str, start: int, end: int) -> tuple[int, int]:
    """A whole line with the line breaks after it; the story's last line with those before it,
    so the text reads as if the line had never been there."""
    after = TRAILING_BREAKS.match(text, end)
    if after and after.end() < len(text):
        return start, after.end()
    return len(text[:start].rstrip("\n \t")), len(text)


@register_pass(
    LEFTOVERS,
    kinds=(Kind.SHORTCODE,),
    examples=(
        ("The river burst its banks.\nAdvertisement\nSome 25,000 people fled.",
         "The river burst its banks.\nSome 25,000 people fled."),
        ("The toll rose to 13.\n\nAlso read: Floods hit the coast again", "The toll rose to 13."),
        ("Ten people are missing. {{^adFree}} {{/adFree}}", "Ten people are missing."),
        ("Stocks .AXMM fell to their lowest in a month.", "Stocks fell to their lowest in a month."),
        ("Rescuers reached the village. < p > < p > The storm weakened.", "Rescuers reached the village. The storm weakened."),
    ),
)
def fix_leftovers(text: str, ctx: Context) -> list[Suggestion]:
    """Lines and marks the page around a story leaves in scraped copy: "Advertisement" and
    link captions on their own line, JSON tag arrays, CSS ids, PHP notices, ticker rows,
    template tags, HTML tags printed as text, a trailing aggregator domain, instrument
    codes whose link text is gone. A line is removed only when all of it is leftovers."""
    found: list[Suggestion] = []
    lines = list(LINE_RE.finditer(text))
    for m in lines:
        why = _leftover_line(m.group())
        if why is None:
            continue
        if len(lines) == 1 and not _footer_line(m.group()):
            continue  # a one-line text that is all "leftovers" is the editor's to judge
        start, end = _line_span(text, m.start(), m.end())
        if start >= end:
            continue
        found.append(_s(text, start, end, "", Kind.SHORTCODE, 0.9, why, LEFTOVERS))
    for m in TRAILING_FOOTER.finditer(text):
        # "… the toll rose to 13. Read more": furniture after the last sentence of a line
        if _footer_line(m.group(1)) or _link_caption(m.group(1)):
            found.append(_s(text, m.start(), m.end(), "", Kind.SHORTCODE, 0.88,
                            f"“{m.group(1).strip()[:40]}” is a link of the page, not part of the story.", LEFTOVERS))
    if "{{" in text or "{%" in text:
        for m in MUSTACHE.finditer(text):
            start, end = _tag_span(text, m.start(), m.end())
            found.append(_s(text, start, end, "", Kind.SHORTCODE, 0.9,
                            f"“{m.group()}” is a template tag, not part of the story.", LEFTOVERS))
    if "<" in text:
        for m in HTML_RUN.finditer(text):
            start, end = _tag_span(text, m.start(), m.end())
            if end < len(text) and text[end] == " " and start > 0 and text[start - 1] == " ":
                end += 1
            found.append(_s(text, start, end, "", Kind.SHORTCODE, 0.9,
                            "HTML tags printed as text, not part of the story.", LEFTOVERS))
    for m in TRAILING_DOMAIN.finditer(text):
        found.append(_s(text, m.start(), m.end(), "", Kind.SHORTCODE, 0.85,
                        f"“{m.group().strip()}” is the scraping site's name left after the story.", LEFTOVERS))
    if " ." in text:
        for m in INSTRUMENT_CODE.finditer(text):
            if m.group() in NOT_INSTRUMENTS:
                continue
            found.append(_s(text, m.start() - 1, m.end(), "", Kind.SHORTCODE, 0.85,
                            f"“{m.group()}” is an instrument code from a wire feed whose link text is gone.",
                            LEFTOVERS))
    return found
