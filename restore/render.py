"""HTML renderings of a Restoration for the review UI: pure functions, no Gradio.

The article view shows every suggestion inline where it sits in the original: accepted ones
as a redline (old text struck through, new text highlighted), the rest with a dotted
underline and the proposal greyed beside it. Cards list each suggestion with its buttons.
Element ids (``sg-<n>``, ``card-<n>``, ``accept-<n>``, ``reject-<n>``, ``ignore-<n>``) use
the suggestion's index ``n`` in ``Restoration.suggestions`` so tests and the keyboard
script can address them.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Collection

from .dictionary import ignorable_word
from .suggestion import Kind, Restoration, Suggestion

KIND_COLOURS: dict[str, str] = {
    Kind.ENCODING.value: "#8e44ad",
    Kind.QUOTE.value: "#c0392b",
    Kind.POSSESSIVE.value: "#d35400",
    Kind.RUN_TOGETHER.value: "#2471a3",
    Kind.SPLIT_WORD.value: "#1f8a70",
    Kind.HYPHENATION.value: "#117a65",
    Kind.SHORTCODE.value: "#7f8c8d",
    Kind.ARTIFACT.value: "#7f8c8d",
    Kind.DUPLICATE.value: "#b7950b",
    Kind.PUNCTUATION.value: "#a04000",
    Kind.CASE.value: "#6c3483",
    Kind.DROPPED_WORD.value: "#1e8449",
    Kind.WORD_ORDER.value: "#2e4053",
    Kind.WRONG_WORD.value: "#943126",
    Kind.SPELLING.value: "#7d6608",
}
"""One colour per kind, dark enough for white text and distinct side by side."""

KIND_LABELS: dict[str, str] = {k.value: k.value.replace("-", " ") for k in Kind}

def esc(text: str) -> str:
    return html.escape(text, quote=True)


def visible(text: str) -> str:
    """Whitespace made visible for a card: ``⏎`` for line breaks, ``·`` for odd spaces."""
    if not text:
        return ""
    shown = text.replace("\n", "⏎").replace("\t", "⇥")
    if not shown.strip():
        shown = shown.replace(" ", "␣")
    return shown


def _class(s: Suggestion, accepted: set[str], threshold: float) -> str:
    state = "acc" if s.id in accepted else "rej"
    low = " low" if s.confidence < threshold else ""
    return f"k-{s.kind.value} {state}{low}"


def article_html(
    r: Restoration | None, accepted: Collection[str], *, focus: int | None = None
) -> str:
    """The original with every suggestion marked inline (see the module docstring)."""
    if r is None:
        return '<div class="rs-article rs-empty">Paste a story and press Restore.</div>'
    acc = set(accepted)
    out: list[str] = ['<div class="rs-article">']
    cursor = 0
    for n, s in enumerate(r.suggestions):
        out.append(esc(r.original[cursor : s.start]))
        focus_cls = " focus" if n == focus else ""
        colour = KIND_COLOURS.get(s.kind.value, "#555")
        title = esc(f"{KIND_LABELS[s.kind.value]} · {round(s.confidence * 100)}% · {s.reason}")
        out.append(
            f'<span class="sg {_class(s, acc, r.threshold)}{focus_cls}" id="sg-{n}" data-n="{n}"'
            f' style="--kc:{colour}" title="{title}">'
        )
        if s.original:
            shown = s.original if s.original.strip() else visible(s.original)
            out.append(f"<del>{esc(shown)}</del>")
        if s.replacement:
            shown = s.replacement if s.replacement.strip() else visible(s.replacement)
            out.append(f"<ins>{esc(shown)}</ins>")
        if not s.original and not s.replacement:
            out.append("<ins>∅</ins>")
        out.append("</span>")
        cursor = s.end
    out.append(esc(r.original[cursor:]))
    out.append("</div>")
    return "".join(out)


def _context(text: str, start: int, end: int, width: int) -> tuple[str, str]:
    """Up to ``width`` characters either side of [start, end), cut at spaces and lines."""
    before = text[max(0, start - width) : start]
    after = text[end : end + width]
    if "\n" in before:
        before = before.rsplit("\n", 1)[1]
    elif start - width > 0 and " " in before:
        before = "…" + before.split(" ", 1)[1]
    if "\n" in after:
        after = after.split("\n", 1)[0]
    elif end + width < len(text) and " " in after:
        after = after.rsplit(" ", 1)[0] + "…"
    return before, after


def card_html(
    n: int,
    s: Suggestion,
    *,
    accepted: bool,
    threshold: float,
    focus: bool,
    text: str | None = None,
) -> str:
    """One suggestion card: badge, confidence, the change in context, reason, buttons.

    With ``text`` (the original) the change is shown inside its surrounding words, since
    a minimal edit such as ``the → ’s`` means little on its own.
    """
    colour = KIND_COLOURS.get(s.kind.value, "#555")
    state = "acc" if accepted else "rej"
    cls = f"card {state}" + (" low" if s.confidence < threshold else "") + (" focus" if focus else "")
    if s.original and s.replacement:  # a replacement: old → new
        change = (
            f'<span class="old">{esc(visible(s.original))}</span><span class="arrow">→</span>'
            f'<span class="new">{esc(visible(s.replacement))}</span>'
        )
    elif s.replacement:  # an insertion
        change = f'<span class="new" title="insert">+{esc(visible(s.replacement))}</span>'
    else:  # a deletion
        change = f'<span class="old" title="delete">{esc(visible(s.original))}</span>'
    before, after = _context(text, s.start, s.end, 28) if text is not None else ("", "")
    ctx_b = f'<span class="ctx">{esc(before)}</span>' if before else ""
    ctx_a = f'<span class="ctx">{esc(after)}</span>' if after else ""
    pct = round(s.confidence * 100)
    low_note = ' <span class="lowtag" title="below the confidence threshold: not applied unless you accept it">low</span>' if s.confidence < threshold else ""
    ignore = ""
    word = ignorable_word(s, text)
    if word is not None:
        ignore = (
            f'<button class="act ign" id="ignore-{n}" data-act="ignore" data-n="{n}"'
            f' title="Always ignore “{esc(word)}”: add it to the house dictionary">Ignore always</button>'
        )
    return (
        f'<div class="{cls}" id="card-{n}" data-n="{n}" style="--kc:{colour}">'
        f'<div class="head"><span class="badge">{esc(KIND_LABELS[s.kind.value])}</span>'
        f'<span class="conf" title="confidence">{pct}%</span>{low_note}'
        f'<span class="state">{"accepted" if accepted else "not applied"}</span></div>'
        f'<div class="change">{ctx_b}{change}{ctx_a}</div>'
        f'<div class="reason">{esc(s.reason)}</div>'
        f'<div class="acts">'
        f'<button class="act acc-b" id="accept-{n}" data-act="accept" data-n="{n}" aria-pressed="{str(accepted).lower()}">✓ Accept</button>'
        f'<button class="act rej-b" id="reject-{n}" data-act="reject" data-n="{n}" aria-pressed="{str(not accepted).lower()}">✗ Reject</button>'
        f"{ignore}</div></div>"
    )


def cards_html(r: Restoration | None, accepted: Collection[str], *, focus: int | None = None) -> str:
    """Every suggestion as a card, in text order."""
    if r is None:
        return '<div class="rs-cards rs-empty">Suggestions appear here.</div>'
    if not r.suggestions:
        return '<div class="rs-cards rs-empty" id="no-suggestions">No repairs suggested: the copy looks clean.</div>'
    acc = set(accepted)
    cards = [
        card_html(n, s, accepted=s.id in acc, threshold=r.threshold, focus=n == focus, text=r.original)
        for n, s in enumerate(r.suggestions)
    ]
    return '<div class="rs-cards">' + "".join(cards) + "</div>"


def summary_html(r: Restoration | None, accepted: Collection[str]) -> str:
    """One line: how many suggestions, how many accepted, a chip per kind."""
    if r is None:
        return ""
    acc = set(accepted)
    n = len(r.suggestions)
    low = sum(1 for s in r.suggestions if s.confidence < r.threshold)
    kinds = Counter(s.kind.value for s in r.suggestions)
    chips = "".join(
        f'<span class="chip" style="--kc:{KIND_COLOURS.get(k, "#555")}">{esc(KIND_LABELS[k])} {c}</span>'
        for k, c in sorted(kinds.items())
    )
    low_txt = f" · {low} low-confidence" if low else ""
    return (
        f'<div class="rs-summary" id="summary"><b>{n}</b> suggestion{"s" if n != 1 else ""} · '
        f'<b id="accepted-count">{sum(1 for s in r.suggestions if s.id in acc)}</b> accepted{low_txt}'
        f'<div class="chips">{chips}</div></div>'
    )


def to_highlighted(
    r: Restoration, accepted: Collection[str] | None = None
) -> list[tuple[str, str | None]]:
    """(text, label) pairs of the repaired text: applied edits labelled by kind.

    >>> from restore.suggestion import Suggestion, Kind
    >>> t = "a the the b"
    >>> s = Suggestion.at(t, 2, 9, "the", kind=Kind.DUPLICATE, confidence=0.9,
    ...                   reason="doubled word", source="x")
    >>> to_highlighted(Restoration(t, (s,)))
    [('a ', None), ('the', 'duplicate'), (' b', None)]
    """
    acc = set(r.default_accepted if accepted is None else accepted)
    out: list[tuple[str, str | None]] = []
    cursor = 0
    for s in r.suggestions:
        if s.id not in acc:
            continue
        if s.start > cursor:
            out.append((r.original[cursor : s.start], None))
        if s.replacement:
            out.append((s.replacement, s.kind.value))
        cursor = s.end
    if cursor < len(r.original):
        out.append((r.original[cursor:], None))
    return out
