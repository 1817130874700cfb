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

from .suggestion import Kind, Restoration, Suggestion

FAMILIES: dict[str, tuple[str, str, tuple[Kind, ...]]] = {
    "characters": ("#6b3fa0", "broken characters: mojibake, quotes, punctuation",
                   (Kind.ENCODING, Kind.QUOTE, Kind.PUNCTUATION)),
    "spacing": ("#1f5c99", "word breaks: run together, split, line-break hyphens",
                (Kind.RUN_TOGETHER, Kind.SPLIT_WORD, Kind.HYPHENATION)),
    "leftovers": ("#4d5866", "leftovers: shortcodes and page furniture", (Kind.SHORTCODE, Kind.ARTIFACT)),
    "words": ("#0b6464", "missing, doubled or swapped words",
              (Kind.DUPLICATE, Kind.DROPPED_WORD, Kind.WORD_ORDER)),
    "wording": ("#7a4304", "wording: spinner rewrites, wrong words, spelling, capitals",
                (Kind.POSSESSIVE, Kind.WRONG_WORD, Kind.SPELLING, Kind.CASE)),
}
"""One colour per meaning: a kind's family colours its badge and card edge. Red is kept for
deletions and green for insertions alone, so a colour never means two things. Each is dark
enough for white badge text (contrast at least 4.5:1, checked in the tests)."""

KIND_FAMILY: dict[str, str] = {k.value: fam for fam, (_, _, kinds) in FAMILIES.items() for k in kinds}
KIND_COLOURS: dict[str, str] = {k: FAMILIES[f][0] for k, f in KIND_FAMILY.items()}

KIND_LABELS: dict[str, str] = {k.value: k.value.replace("-", " ") for k in Kind}

EDITOR = "editor"
"""``Suggestion.source`` of the reviewer's own edit (drawn as "your edit")."""

CARD_SPAN_MAX = 60

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


def _class(s: Suggestion, accepted: set[str], decided: set[str], threshold: float) -> str:
    state = "acc" if s.id in accepted else "rej"
    low = " low" if s.confidence < threshold else ""
    done = " decided" if s.id in decided else " pending"
    own = " own" if s.source == EDITOR else ""
    return f"k-{s.kind.value} {state}{done}{low}{own}"


def _verdict_words(s: Suggestion, accepted: set[str], decided: set[str]) -> str:
    if s.id in decided:
        return "accepted" if s.id in accepted else "rejected"
    return "to review, applied" if s.id in accepted else "to review, not applied"


def article_html(
    r: Restoration | None,
    accepted: Collection[str],
    *,
    focus: int | None = None,
    decided: Collection[str] = (),
) -> str:
    """The original with every suggestion marked inline (see the module docstring).

    Deletions and insertions carry hidden words for screen readers ("deleted", "inserted"),
    since strike-through and colour are not announced."""
    if r is None:
        return '<div class="rs-article rs-empty">Paste a story and press Restore.</div>'
    acc, done = set(accepted), set(decided)
    out: list[str] = ['<div class="rs-article" id="article-text" role="document" tabindex="0" aria-label="Story with suggested repairs">']
    cursor = 0
    for n, s in enumerate(r.suggestions):
        out.append(esc(r.original[cursor : s.start]))
        focus_cls = " focus" if n == focus else ""
        colour = KIND_COLOURS.get(s.kind.value, "#555")
        who = "your edit" if s.source == EDITOR else f"{round(s.confidence * 100)}%"
        title = esc(f"{KIND_LABELS[s.kind.value]} · {who} · {_verdict_words(s, acc, done)} · {s.reason}")
        out.append(
            f'<span class="sg {_class(s, acc, done, r.threshold)}{focus_cls}" id="sg-{n}" data-n="{n}"'
            f' style="--kc:{colour}" title="{title}">'
        )
        if s.original:
            shown = s.original if s.original.strip() else visible(s.original)
            out.append(f'<del><span class="sr">deleted: </span>{esc(shown)}</del>')
        if s.replacement:
            shown = s.replacement if s.replacement.strip() else visible(s.replacement)
            out.append(f'<ins><span class="sr">inserted: </span>{esc(shown)}</ins>')
        if not s.original and not s.replacement:
            out.append("<ins>∅</ins>")
        out.append("</span>")
        cursor = s.end
    out.append(esc(r.original[cursor:]))
    out.append("</div>")
    return "".join(out)


def card_span(text: str, s: Suggestion) -> tuple[int, int]:
    """The span a card shows and an own edit rewrites: the suggestion widened to whole words
    on its line, so ``the → ’s`` reads ``Azerbaijanthe → Azerbaijan’s`` (at most
    ``CARD_SPAN_MAX`` characters, else the bare span)."""
    from .english import whole_word_span

    start, end = whole_word_span(text, s.start, s.end)
    if end - start > CARD_SPAN_MAX or "\n" in text[start : s.start] + text[s.end : end]:
        return s.start, s.end
    return start, end


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
    decided: bool = False,
    count: int = 0,
    read_only: bool = False,
) -> str:
    """One suggestion card: badge, confidence, the change in whole words and context, the
    reason, buttons. Decided cards collapse to one line (the focused one opens).

    "Add to dictionary" is offered only for a real word or name (``dictionary_word``).
    """
    from .dictionary import dictionary_word

    colour = KIND_COLOURS.get(s.kind.value, "#555")
    state = "acc" if accepted else "rej"
    low = s.confidence < threshold
    own = s.source == EDITOR
    cls = (
        f"card {state}" + (" decided" if decided else " pending") + (" low" if low else "")
        + (" own" if own else "") + (" focus" if focus else "")
    )
    if text is not None:
        ws, we = card_span(text, s)
        old_w = text[ws:we]
        new_w = text[ws : s.start] + s.replacement + text[s.end : we]
    else:
        ws, we, old_w, new_w = s.start, s.end, s.original, s.replacement
    if old_w and new_w:  # a replacement: old → new
        change = (
            f'<del class="old"><span class="sr">delete </span>{esc(visible(old_w))}</del><span class="arrow" aria-hidden="true">→</span>'
            f'<ins class="new"><span class="sr">insert </span>{esc(visible(new_w))}</ins>'
        )
    elif new_w:  # an insertion
        change = f'<ins class="new" title="insert"><span class="sr">insert </span>+{esc(visible(new_w))}</ins>'
    else:  # a deletion
        change = f'<del class="old" title="delete"><span class="sr">delete </span>{esc(visible(old_w))}</del>'
    before, after = _context(text, ws, we, 28) if text is not None else ("", "")
    ctx_b = f'<span class="ctx">{esc(before)}</span>' if before else ""
    ctx_a = f'<span class="ctx">{esc(after)}</span>' if after else ""
    pct = round(s.confidence * 100)
    low_note = (
        ' <span class="lowtag" title="below the confidence threshold: not applied unless you accept it">low</span>'
        if low and not own else ""
    )
    conf = (
        '<span class="conf owntag" title="your own edit">your edit</span>' if own
        else f'<span class="conf" title="confidence">{pct}%</span>'
    )
    verdict = ("accepted" if accepted else "rejected") if decided else ("to review · applied" if accepted else "to review · not applied")
    word = None if (text is None or own or read_only) else dictionary_word(s, text)
    dict_btn = (
        f'<button class="act dict" id="add-to-dictionary-{n}" data-act="dict" data-n="{n}"'
        f' title="Add “{esc(word)}” to the house dictionary: never flagged again">+ Dictionary</button>'
        if word is not None else ""
    )
    dis = " disabled" if read_only else ""
    edit_btn = (
        "" if read_only or text is None else
        f'<button class="act edit" id="edit-{n}" data-act="edit-open" data-n="{n}" data-text="{esc(new_w)}"'
        f' aria-label="Edit this change">Edit</button>'
    )
    label = (
        f"Suggestion {n + 1}{f' of {count}' if count else ''}: {KIND_LABELS[s.kind.value]}, "
        + ("your edit" if own else f"{pct}% confidence") + f", {verdict}. {old_w} to {new_w or 'nothing'}"
    )
    return (
        f'<div class="{cls}" id="card-{n}" data-n="{n}" data-kind="{s.kind.value}" data-low="{int(low)}"'
        f' style="--kc:{colour}" role="listitem" aria-label="{esc(label)}">'
        f'<div class="head"><span class="badge">{esc(KIND_LABELS[s.kind.value])}</span>'
        f'{conf}{low_note}<span class="state">{verdict}</span></div>'
        f'<div class="change">{ctx_b}{change}{ctx_a}</div>'
        f'<div class="reason">{esc(s.reason)}</div>'
        f'<div class="acts">'
        f'<button class="act acc-b" id="accept-{n}" data-act="accept" data-n="{n}" aria-pressed="{str(decided and accepted).lower()}"{dis}>✓ Accept</button>'
        f'<button class="act rej-b" id="reject-{n}" data-act="reject" data-n="{n}" aria-pressed="{str(decided and not accepted).lower()}"{dis}>✗ Reject</button>'
        f"{edit_btn}{dict_btn}</div></div>"
    )


def cards_html(
    r: Restoration | None,
    accepted: Collection[str],
    *,
    focus: int | None = None,
    decided: Collection[str] = (),
    rev: int = 0,
    read_only: bool = False,
) -> str:
    """Every suggestion as a card, in text order. ``rev`` changes with every answer from the
    server, so the page always redraws what the server holds (a refused click included)."""
    if r is None:
        return '<div class="rs-cards rs-empty">Suggestions appear here.</div>'
    if not r.suggestions:
        return '<div class="rs-cards rs-empty" id="no-suggestions">No repairs suggested: the copy looks clean.</div>'
    acc, done = set(accepted), set(decided)
    count = len(r.suggestions)
    cards = [
        card_html(
            n, s, accepted=s.id in acc, threshold=r.threshold, focus=n == focus, text=r.original,
            decided=s.id in done, count=count, read_only=read_only,
        )
        for n, s in enumerate(r.suggestions)
    ]
    return f'<div class="rs-cards" role="list" aria-label="Suggestions" data-rev="{rev}">' + "".join(cards) + "</div>"


def legend_html(threshold: float) -> str:
    """What each colour, mark and number on the page means."""
    fams = "".join(
        f'<li><span class="chip" style="--kc:{colour}">{esc(name)}</span> {esc(what)}</li>'
        for name, (colour, what, _) in FAMILIES.items()
    )
    return (
        '<details class="rs-legend" id="legend"><summary>Legend</summary><ul>'
        '<li><del class="old">struck red</del> is deleted, <ins class="new">green</ins> is inserted.</li>'
        f"{fams}"
        f"<li>The percentage is the engine's confidence; at or above {round(threshold * 100)}% a "
        "suggestion is applied while it waits for review, below it (<span class=\"lowtag\">low</span>, dashed) it is not.</li>"
        "<li>Cards you have decided fold to one line.</li></ul></details>"
    )


def toolbar_html(
    counts: tuple[int, int, int], unreviewed: int, *, can_undo: bool, can_redo: bool, has_story: bool
) -> str:
    """The review's state in one line, with undo/redo and next-unresolved."""
    todo, acc, rej = counts
    dis_u = "" if can_undo else " disabled"
    dis_r = "" if can_redo else " disabled"
    dis_n = "" if todo else " disabled"
    if not has_story:
        return ""
    note = (
        f'<div class="rs-unreviewed" id="unreviewed">The result includes {unreviewed} machine '
        f'edit{"s" if unreviewed != 1 else ""} nobody has reviewed yet.</div>' if unreviewed else ""
    )
    return (
        '<div class="rs-toolbar" role="toolbar" aria-label="Review">'
        f'<span id="pending-count" role="status">{todo} to review · {acc} accepted · {rej} rejected</span>'
        f'<button class="act" id="next-unresolved" data-act="next" data-n="0"{dis_n} title="Next card to review (n)">Next unresolved ↓</button>'
        f'<button class="act" id="undo" data-act="undo" data-n="0"{dis_u} title="Undo (Ctrl+Z)">↶ Undo</button>'
        f'<button class="act" id="redo" data-act="redo" data-n="0"{dis_r} title="Redo (Ctrl+Shift+Z)">↷ Redo</button>'
        f"</div>{note}"
    )


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
