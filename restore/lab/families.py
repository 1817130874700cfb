"""Members of the real damage families, made from clean corpus paragraphs.

The real dev sets (``shared/real``) hold a few members of each family of mechanical damage;
a rule written against them learns the sentences, not the family. Here each family is a
function that damages one clean paragraph the way real scrapers do (or returns None when the
paragraph offers no place for it), so a rule can be tested on members nobody wrote it for.
``python -m restore.lab.families [N]`` prints, per family, how many of N members the rules
repair exactly and how many they change wrongly; ``tests/test_families.py`` holds the line.
"""

from __future__ import annotations

import random
import re
import sys
from collections.abc import Callable, Sequence

Family = Callable[[str, random.Random], "tuple[str, str] | None"]
"""(clean paragraph, rng) -> (damaged, clean) or None; clean may differ from the paragraph
(a story split into lines keeps the split)."""
SENTENCE_END = re.compile(r"(?<=[a-z0-9]{3}[.!?]) (?=[A-Z][a-z])")


def _sentences(text: str) -> list[int]:  # noqa: D103
    """Offsets of the spaces between sentences."""
    return [m.start() for m in SENTENCE_END.finditer(text)]


def _headline(text: str) -> str:
    words = re.sub(r"[.,;:!?“”\"']", "", text).split()[:9]
    return " ".join(words)


# -- leftovers of the page ----------------------------------------------------------------

def footer_line(text: str, rng: random.Random) -> str | None:
    """"…run low.\\nAdvertisement\\nSome 25,000 …": a page line between two sentences."""
    cuts = _sentences(text)
    if not cuts:
        return None
    i = rng.choice(cuts)
    junk = rng.choice(["Advertisement", "ADVERTISEMENT", "Story continues below advertisement",
                       "Read more", "Click to expand", "undefined"])
    return text[:i] + "\n" + junk + "\n" + text[i + 1:], text[:i] + "\n" + text[i + 1:]


def link_caption(text: str, rng: random.Random) -> str | None:
    """"…\\n\\nAlso read: <another story's headline>" after the story."""
    words = text.split()
    if len(words) < 12:
        return None
    headline = _headline(" ".join(words[rng.randrange(0, len(words) - 10):]))
    headline = headline[:1].upper() + headline[1:]
    prefix = rng.choice(["Also read: ", "Read more: ", "See also  ", "READ MORE: "])
    return text + "\n\n" + prefix + headline, text


def template_tags(text: str, rng: random.Random) -> str | None:
    """"…still missing. {{^adFree}} {{/adFree}}" or "… < p > < p > …" between sentences."""
    cuts = _sentences(text)
    tag = rng.choice(["{{^adFree}} {{/adFree}}", "< p > < p >", "<br />", "{{ad_slot}}"])
    if not cuts:
        return text + " " + tag, text
    i = rng.choice(cuts)
    return text[:i] + " " + tag + text[i:], text


def instrument_code(text: str, rng: random.Random) -> str | None:
    """"mining stocks .AXMM to their lowest": a feed's instrument code left after a noun."""
    places = [m.end() for m in re.finditer(r"\b[a-z]{4,}(?= [a-z])", text)]
    if not places:
        return None
    i = rng.choice(places)
    code = "." + "".join(rng.choice("ABCDEFGHKLMNPRSTX") for _ in range(rng.randint(2, 5)))
    return text[:i] + " " + code + text[i:], text


# -- mojibake beyond UTF-8 read as cp1252 ------------------------------------------------

APOSTROPHE = re.compile(r"(?<=[A-Za-z])[’'](?=(?:s|t|d|m|ll|re|ve)\b)")


def accent_apostrophe(text: str, rng: random.Random) -> tuple[str, str] | None:
    """"Friday´s", "don`t": the apostrophe of a contraction or possessive typed as an accent."""
    places = list(APOSTROPHE.finditer(text))
    if not places:
        return None
    m = rng.choice(places)
    return text[: m.start()] + rng.choice("´`") + text[m.end():], text


def big5_as_cp1250(text: str, rng: random.Random) -> tuple[str, str] | None:
    """"ˇ§open and transparentˇ¨": a Big5 page's curly quotes read as Windows-1250."""
    if not any(c in text for c in "“”’"):
        return None
    out = "".join(c.encode("big5").decode("cp1250") if c in "“”’" else c for c in text)
    return out, text


# -- quote marks on the wrong side ---------------------------------------------------------

CLOSE_BEFORE_ATTRIBUTION = re.compile(
    r"(?<=[a-z])([,.?!])” (?=(?:he|she|they|[A-Z][a-z]+)(?: [A-Z][a-z]+)? (?:said|says|told|added)\b"
    r"|(?:said|says|added) [A-Z][a-z]+)"
)


def closer_moved(text: str, rng: random.Random) -> tuple[str, str] | None:
    """"now, ”said Humbert", "path “he said": the closing mark moved past its space, or
    turned and set after a space with its comma lost."""
    places = list(CLOSE_BEFORE_ATTRIBUTION.finditer(text))
    if not places:
        return None
    m = rng.choice(places)
    if m.group(1) == "," and rng.random() < 0.5:
        return text[: m.start()] + " “" + text[m.end():], text
    return text[: m.start()] + m.group(1) + " ”" + text[m.end():], text


def closer_lost(text: str, rng: random.Random) -> tuple[str, str] | None:
    """"“I’m here … the people, lamented Maya": the closing mark before the attribution lost."""
    places = [m for m in CLOSE_BEFORE_ATTRIBUTION.finditer(text) if m.group(1) == ","]
    if not places:
        return None
    m = rng.choice(places)
    if text.count("“", 0, m.start()) - text.count("”", 0, m.start()) != 1:
        return None
    return text[: m.start()] + ", " + text[m.end():], text


def opener_lost(text: str, rng: random.Random) -> tuple[str, str] | None:
    """"There was a loud bang,” a witness told Reuters.": a paragraph's opening mark lost."""
    if not text.startswith("“") or not re.match(r"“[A-Z][^“”]{10,400}?[,.]” ", text):
        return None
    return text[1:], text


def doubled_singles(text: str, rng: random.Random) -> tuple[str, str] | None:
    """"run’’," "‘‘We": a double mark typed as two single ones."""
    if "”" not in text:
        return None
    return text.replace("”", "’’"), text


def space_inside_closer(text: str, rng: random.Random) -> tuple[str, str] | None:
    """"is allowed. ”" at a paragraph's end: a space inside the closing mark."""
    if not re.search(r"[a-z][.!?]”$", text):
        return None
    return text[:-1] + " ”", text


def space_inside_straight_closer(text: str, rng: random.Random) -> tuple[str, str] | None:
    """'"We will win. " He left.': a space inside a straight closing mark, mid-paragraph."""
    if "“" in text or "”" in text:
        text = text.replace("“", '"').replace("”", '"')
    places = [m for m in re.finditer(r'(?<=[a-z][.,!?])" (?=\S)', text) if text.count('"', 0, m.end()) % 2 == 0]
    if not places:
        return None
    m = rng.choice(places)
    return text[: m.start()] + ' " ' + text[m.end():], text


def opener_glued(text: str, rng: random.Random) -> tuple[str, str] | None:
    """"military assets.”Our forces": a quotation's opening mark turned and glued to the stop."""
    places = [m for m in re.finditer(r"(?<=[a-z][.!?]) “(?=[A-Z])", text)
              if text.count("“", 0, m.start()) == text.count("”", 0, m.start())]
    if not places:
        return None
    m = rng.choice(places)
    return text[: m.start()] + "”" + text[m.end():], text


# -- words run together ---------------------------------------------------------------------

def _glue(text: str, rng: random.Random, pattern: str, join: Callable[[re.Match[str]], str]) -> tuple[str, str] | None:
    places = list(re.finditer(pattern, text))
    if not places:
        return None
    m = rng.choice(places)
    return text[: m.start()] + join(m) + text[m.end():], text


def number_glued(text: str, rng: random.Random) -> tuple[str, str] | None:
    """"0.3per cent", "15kmnorth", "10million": a number or its unit glued to the next word."""
    return _glue(text, rng, r"(?<![\w.,$%])\d+(?:\.\d+)?(?:km|kg|bn)? (?=(?:per|million|billion|percent|people|years|miles|north|south|from)\b)",
                 lambda m: m.group()[:-1])


def punctuation_glued(text: str, rng: random.Random) -> tuple[str, str] | None:
    """"Starmer,61," "(APP):Federal" "Western(Kakamega": a mark glued to the next word."""
    return _glue(text, rng, r"(?<=[A-Za-z])(?:, (?=\d{2,}\b)|: (?=[A-Z][a-z]{2,})| \((?=[A-Z][a-z]{2,}[^()]*\)))",
                 lambda m: m.group().replace(" ", ""))


FUNCTION_GLUE = re.compile(r"(?<![\w’'-])(the|of|and|they|was|has|with) ([a-z]{6,})\b|\b([A-Z][a-z]{4,}) (was|has|they|while)\b")


def function_word_glued(text: str, rng: random.Random) -> tuple[str, str] | None:
    """"thefloodwaters", "Kiernanwas", "Donetskthey": a function word glued to a rare word or a name."""
    from ..english import default_lexicon

    lexicon = default_lexicon()
    places = [m for m in FUNCTION_GLUE.finditer(text)
              if lexicon.zipf(m.group().replace(" ", "")) == 0 and text.count(m.group().replace(" ", "")) == 0
              and lexicon.zipf(m.group(2) or m.group(3)) < 3.5]
    if not places:
        return None
    m = rng.choice(places)
    return text[: m.start()] + m.group().replace(" ", "") + text[m.end():], text


def name_glued_lowered(text: str, rng: random.Random) -> tuple[str, str] | None:
    """"toukraine", "inafghanistan": a function word glued to a name that lost its capital."""
    from ..english.names import capitalised_words

    names = capitalised_words()
    places = [m for m in re.finditer(r"(?<![\w’'-])(?:in|to|of|from|and) ([A-Z][a-z]{3,})(?![\w’'-])", text)
              if m.group(1).lower() in names]
    if not places:
        return None
    m = rng.choice(places)
    return text[: m.start()] + m.group().replace(" ", "").lower() + text[m.end():], text


def camel_function_word(text: str, rng: random.Random) -> tuple[str, str] | None:
    """"regardlessOf the people": a function word glued on with a capital."""
    return _glue(text, rng, r"(?<=[a-z]{4}) (?:of|with|from|for) (?=[a-z])", lambda m: m.group()[1].upper() + m.group()[2:-1] + " ")


# -- swallowed and invented sentence boundaries ------------------------------------------

def swallowed_stop(text: str, rng: random.Random) -> tuple[str, str] | None:
    """"Alzheimer’s drug The central bank": the full stop before "The" lost. Not in
    FAMILIES: the repair is only shown ("led The preparations" reads the same), so the
    members are scored by ``tests/test_families.py`` as shown, not applied."""
    return _glue(text, rng, r"(?<=[a-z]{3})\. (?=The [a-z])", lambda m: " ")


def break_before_mark(text: str, rng: random.Random) -> tuple[str, str] | None:
    """"near 2.903 percent\n, having": a line break before a comma."""
    return _glue(text, rng, r"(?<=[a-z0-9]), (?=[a-z])", lambda m: "\n, ")


def break_after_function_word(text: str, rng: random.Random) -> tuple[str, str] | None:
    """"began after the death of\n\nMahsa Amini": a paragraph break inside a sentence."""
    return _glue(text, rng, r"(?<= of) (?=[A-Z][a-z])", lambda m: "\n\n")


def unstopped_attribution(text: str, rng: random.Random) -> tuple[str, str] | None:
    """"… usual path,” he said": the full stop after a closing attribution lost."""
    if re.search(r"[,”] (?:he|she|they|[A-Z][a-z]+) (?:said|says|added)\.$", text):
        return text[:-1], text
    if not re.search(r"[a-z]\.”$", text):
        return None
    clean = text[:-2] + ",” " + rng.choice(["he", "she", "they"]) + " said."
    return clean[:-1], clean


def trailing_comma(text: str, rng: random.Random) -> tuple[str, str] | None:
    """"… for longer," at the end: the last full stop turned into a comma."""
    if not re.search(r"[a-z]\.$", text):
        return None
    return text[:-1] + ",", text


def apostrophe_lost(text: str, rng: random.Random) -> tuple[str, str] | None:
    """"we dont know": a contraction that lost its apostrophe."""
    return _glue(text, rng, r"\b(?:do|does|did|is|was|are|were|could|would|should|has|have|had)n[’']t\b",
                 lambda m: m.group().replace("’", "").replace("'", ""))


# -- doubled passages -------------------------------------------------------------------------

def line_twice(text: str, rng: random.Random) -> tuple[str, str] | None:
    """A caption or paragraph printed twice on consecutive lines."""
    if len(text.split()) < 6:
        return None
    return text + "\n" + text, text


def sentence_tail_twice(text: str, rng: random.Random) -> tuple[str, str] | None:
    """"…, while health care companies fell. Health care companies fell.": a sentence's end repeated."""
    m = re.search(r"(?<=[a-z] )((?:[a-z][\w’'-]* ){3,5}[a-z][\w’'-]*)\.$", text)
    if not m:
        return None
    tail = m.group(1)
    return text + " " + tail[0].upper() + tail[1:] + ".", text


def phrase_twice(text: str, rng: random.Random) -> tuple[str, str] | None:
    """", officials said, officials said": a phrase doubled after a comma."""
    return _glue(text, rng, r"(?<=[a-z]), (?:[a-z]+ ){1,3}[a-z]+(?=[,.])", lambda m: m.group() + m.group())


# -- case ---------------------------------------------------------------------------------------

def opener_lowered(text: str, rng: random.Random) -> tuple[str, str] | None:
    """"he also appreciated …": a paragraph's opening pronoun lost its capital."""
    if not re.match(r"(?:He|She|They|We) [a-z]", text):
        return None
    return text[0].lower() + text[1:], text


def pronoun_raised(text: str, rng: random.Random) -> tuple[str, str] | None:
    """"“… the solution”, She hammered.": the pronoun of an attribution capitalised."""
    if not re.search(r"[a-z]\.”$", text):
        return None
    who, verb = rng.choice(["he", "she", "they"]), rng.choice(["said", "added", "insisted"])
    clean = text[:-2] + f",” {who} {verb}."
    return text[:-2] + f",” {who.capitalize()} {verb}.", clean


def demonym_lowered(text: str, rng: random.Random) -> tuple[str, str] | None:
    """"the number of kenyans killed": the people of a place in lower case."""
    return _glue(text, rng, r"(?<=[a-z] )(?:Americans|Africans|Kenyans|Nigerians|Russians|Ukrainians|Syrians|Indians|Mexicans|Colombians)\b",
                 lambda m: m.group().lower())


# -- possessives written as no word -------------------------------------------------------

def place_possessive_lowered(text: str, rng: random.Random) -> tuple[str, str] | None:
    """"kenyas capital": a place's possessive lower-cased and its apostrophe dropped."""
    return _glue(text, rng, r"(?<=[a-z] )(?:China|Russia|Nigeria|Kenya|India|Ukraine|Mexico|Canada|Japan|Germany|Iran|Israel|Brazil)[’']s(?= [a-z])",
                 lambda m: m.group()[:-2].lower() + "s")


def y_possessive(text: str, rng: random.Random) -> tuple[str, str] | None:
    """"the Ministrys security", "the citys mayor": the apostrophe of a -y noun dropped."""
    return _glue(text, rng, r"(?<=[a-z] )(?:[A-Za-z]+[^aeiou\W\d]y)[’']s(?= [a-z])", lambda m: m.group()[:-2] + "s")


# -- line-break hyphens -----------------------------------------------------------------------

def hyphen_before_possessive(text: str, rng: random.Random) -> tuple[str, str] | None:
    """"the govern- ment’s plan": a line-break hyphen in a word that carries a possessive."""
    places = [m for m in re.finditer(r"(?<![\w-])([a-z]{8,})(?=[’']s\b)", text)]
    if not places:
        return None
    m = rng.choice(places)
    cut = m.start() + len(m.group()) // 2
    return text[:cut] + "- " + text[cut:], text


def trailing_footer(text: str, rng: random.Random) -> tuple[str, str] | None:
    """"… the toll rose to 13. Read more": a footer phrase after a paragraph's last sentence."""
    if not re.search(r"[a-z][.!?”]$", text):
        return None
    return text + " " + rng.choice(["Read more", "Read More", "Continue reading", "Click to expand", "Advertisement"]), text


SPACING = {"\u0301": "´", "\u0308": "¨", "\u0303": "˜"}


def accent_beside_letter(text: str, rng: random.Random) -> tuple[str, str] | None:
    """"Mu¨ller", "Jos´e": an accented letter taken apart by a converter, the accent left
    as a spacing mark after (or before) its letter."""
    import unicodedata

    places = [m for m in re.finditer(r"[áéíóúüñãÁÉÍÓÚÜÑ]", text)]
    if not places:
        return None
    m = rng.choice(places)
    base, accent = unicodedata.normalize("NFD", m.group())
    mark = SPACING.get(accent)
    if mark is None:
        return None
    split = base + mark if rng.random() < 0.5 or base in "nN" else mark + base
    if split.startswith(mark) and text[m.start() - 1: m.start()] in "aeiouAEIOU":
        split = base + mark
    return text[: m.start()] + split + text[m.end():], text


FAMILIES: dict[str, Family] = {
    "accent-beside-letter": accent_beside_letter,
    "trailing-footer": trailing_footer,
    "hyphen-before-possessive": hyphen_before_possessive,
    "place-possessive-lowered": place_possessive_lowered,
    "y-possessive": y_possessive,
    "opener-lowered": opener_lowered,
    "pronoun-raised": pronoun_raised,
    "demonym-lowered": demonym_lowered,
    "line-twice": line_twice,
    "sentence-tail-twice": sentence_tail_twice,
    "phrase-twice": phrase_twice,
    "break-before-mark": break_before_mark,
    "break-after-function-word": break_after_function_word,
    "unstopped-attribution": unstopped_attribution,
    "trailing-comma": trailing_comma,
    "apostrophe-lost": apostrophe_lost,
    "number-glued": number_glued,
    "punctuation-glued": punctuation_glued,
    "function-word-glued": function_word_glued,
    "camel-function-word": camel_function_word,
    "name-glued-lowered": name_glued_lowered,
    "closer-moved": closer_moved,
    "closer-lost": closer_lost,
    "opener-lost": opener_lost,
    "doubled-singles": doubled_singles,
    "space-inside-closer": space_inside_closer,
    "opener-glued": opener_glued,
    "space-inside-straight-closer": space_inside_straight_closer,
    "accent-apostrophe": accent_apostrophe,
    "big5-as-cp1250": big5_as_cp1250,
    "footer-line": footer_line,
    "link-caption": link_caption,
    "template-tags": template_tags,
    "instrument-code": instrument_code,
}


def members(family: Family, paragraphs: Sequence[str], n: int, seed: int = 0) -> list[tuple[str, str]]:
    """Up to ``n`` (damaged, clean) pairs of ``family`` from ``paragraphs``, in order."""
    rng = random.Random(seed)
    out: list[tuple[str, str]] = []
    for clean in paragraphs:
        made = family(clean, rng)
        if made is not None and made[0] != made[1]:
            out.append(made)
            if len(out) >= n:
                break
    return out


def score(restorer, pairs: Sequence[tuple[str, str]]) -> tuple[int, int]:  # noqa: ANN001
    """(repaired exactly, changed but not to the clean text)."""
    fixed = wrong = 0
    for damaged, clean in pairs:
        out = restorer.restore(damaged).text
        fixed += out == clean
        wrong += out not in (clean, damaged)
    return fixed, wrong


def sample_paragraphs(step: int = 2, limit: int = 16000) -> list[str]:
    """An evenly spaced sample of the corpus TRAIN paragraphs (never the held-out ones)."""
    from .corpus import find_corpus, train_paragraphs

    path = find_corpus()
    return [] if path is None else train_paragraphs(path)[::step][:limit]


def main(argv: Sequence[str] | None = None) -> int:
    from ..pipeline import Restorer

    args = list(sys.argv[1:] if argv is None else argv)
    n = int(args[0]) if args else 100
    paragraphs = sample_paragraphs()
    restorer = Restorer(model=None, critic=False)
    for name, family in FAMILIES.items():
        pairs = members(family, paragraphs, n)
        fixed, wrong = score(restorer, pairs)
        print(f"{name:20} {fixed:4}/{len(pairs):<4} repaired, {wrong} wrong")
        if "-v" in args:
            for damaged, clean in pairs:
                out = restorer.restore(damaged).text
                if out != clean:
                    print("   in :", damaged[:300].replace("\n", "⏎"))
                    print("   out:", out[:300].replace("\n", "⏎"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
