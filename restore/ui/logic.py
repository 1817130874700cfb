"""What the review UI does, as plain functions over an immutable ``ViewState``.

The Gradio layer only wires these together, so every behaviour here is tested without a
browser. A handler takes the state and returns a new one plus the decisions it made (for the
review queue to record); nothing here imports Gradio.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..errors import Errors, InputError
from ..dictionary import check_entry, dictionary_word, without_house_words
from ..pipeline import Restorer
from ..suggestion import Kind, Restoration, Suggestion

INTERACTIVE_MAX_CHARS = 200_000
"""Largest paste reviewed in the browser (about 30,000 words, a long feature is 10,000
characters). Bigger inputs are refused with a pointer to ``restore batch``: a page holding
thousands of suggestion cards is neither usable nor quick."""

UPLOAD_MAX_BYTES = 20_000_000


UNDO_DEPTH = 500
"""Decisions remembered for Ctrl+Z: more than a long story's cards, few enough to stay small
(a snapshot shares the restoration and holds two id sets)."""


@dataclass(frozen=True)
class Snapshot:
    """What undo goes back to: the suggestion list (own edits change it) and the decisions."""

    restoration: Restoration
    accepted: frozenset[str]
    decided: frozenset[str]


@dataclass(frozen=True)
class ViewState:
    """What one browser tab is looking at: a restoration, the ids applied, the ids decided.

    Every suggestion starts *pending* (not in ``decided``); confident ones are applied to
    the result while pending, as the engine would, and the page says so. ``doc_id`` is set
    when the story came from the review queue; decisions are then saved. ``locked``: the
    pasted source is frozen once restored, so an edit or a stray Ctrl+Z cannot silently
    put the cards and the text out of step.
    """

    restoration: Restoration | None = None
    accepted: frozenset[str] = frozenset()
    decided: frozenset[str] = frozenset()
    doc_id: str | None = None
    source: str = ""
    seq: int = 0
    """The last page command applied (see ``pending_commands``)."""
    past: tuple[Snapshot, ...] = ()
    future: tuple[Snapshot, ...] = ()
    locked: bool = False
    read_only: bool = False
    """A finished queue document: shown, never changed."""
    revision: int | None = None
    """The queue document's revision this view shows; a write from a stale view is refused."""
    session: str | None = None
    """The browser tab's id, so the queue knows one reviewer's two tabs apart."""

    @property
    def text(self) -> str:
        """The result: the original with exactly the accepted suggestions applied."""
        if self.restoration is None:
            return ""
        return self.restoration.apply(self.accepted)

    def snapshot(self) -> Snapshot:
        return Snapshot(self.restoration, self.accepted, self.decided)

    def counts(self) -> tuple[int, int, int]:
        """(to review, accepted, rejected) for the page's "12 to review · 3 accepted · 1 rejected"."""
        if self.restoration is None:
            return 0, 0, 0
        acc = rej = 0
        for s in self.restoration.suggestions:
            if s.id in self.decided:
                if s.id in self.accepted:
                    acc += 1
                else:
                    rej += 1
        return len(self.restoration.suggestions) - acc - rej, acc, rej

    def unreviewed_applied(self) -> int:
        """Machine edits in the result nobody has looked at yet (applied by default)."""
        if self.restoration is None:
            return 0
        return sum(1 for s in self.restoration.suggestions if s.id in self.accepted and s.id not in self.decided)

    def verdict(self, sid: str) -> str:
        """ "accept", "reject" or "pending" for one suggestion id."""
        if sid not in self.decided:
            return "pending"
        return "accept" if sid in self.accepted else "reject"


Decisions = list[tuple[str, str]]
"""(suggestion id, "accept" | "reject" | "pending") made by one action, in order; "pending"
is an undo back to undecided."""


# -- starting a review -----------------------------------------------------------------------


def check_text(text: str | None) -> str:
    """The text to restore, or a coded error for empty or oversized input."""
    if text is None or not text.strip():
        raise InputError(Errors.E110)
    if len(text) > INTERACTIVE_MAX_CHARS:
        raise InputError(Errors.E111.format(size=len(text), limit=INTERACTIVE_MAX_CHARS))
    return text


def restore_text(restorer: Restorer, text: str | None, house: Iterable[str] = ()) -> ViewState:
    """Run the restorer; every suggestion starts pending, confident ones applied meanwhile.

    ``house`` (the house dictionary's words) is applied to whole words as well, since a
    pass may propose a minimal edit inside a word the newsroom told us to leave alone.
    """
    r = filter_house(restorer.restore(check_text(text)), house)
    return ViewState(restoration=r, accepted=frozenset(r.default_accepted), locked=True)


def carry_seq(new: ViewState, old: ViewState) -> ViewState:
    """Keep the page's command counter when a new story replaces the old one."""
    return replace(new, seq=max(new.seq, old.seq))


def from_queue(item, session: str | None = None) -> ViewState:  # item: restore.review.ReviewItem
    """Open a queued document where the reviewers left it (read-only once finished).

    The queue keeps an editor's own edit beside the machine's suggestion for the same words;
    the view shows one card for them: the accepted one, else the editor's."""
    r = item.restoration
    accepted = set(item.accepted)
    keep: list[Suggestion] = []
    rank = lambda x: (x.id in accepted, x.source == EDITOR)  # noqa: E731
    for x in sorted(r.suggestions, key=rank, reverse=True):
        if not any(x.start < k.end and k.start < x.end or (x.start == x.end == k.start == k.end) for k in keep):
            keep.append(x)
    if len(keep) != len(r.suggestions):
        r = replace(r, suggestions=tuple(keep))
    ids = {x.id for x in r.suggestions}
    return ViewState(
        restoration=r,
        accepted=frozenset(accepted & ids),
        decided=frozenset(set(item.decisions) & ids),
        doc_id=item.doc_id,
        source=item.source,
        locked=True,
        read_only=getattr(item, "status", "pending") == "done",
        revision=getattr(item, "revision", None),
        session=session,
    )


def unlock(state: ViewState) -> ViewState:
    """"Edit source": back to an empty review with the source editable again."""
    return ViewState(seq=state.seq)


# -- decisions --------------------------------------------------------------------------------


def _suggestion_at(state: ViewState, n: int):
    r = state.restoration
    count = len(r.suggestions) if r else 0
    if r is None or not (0 <= n < count):
        raise InputError(Errors.E114.format(n=n, count=count))
    return r.suggestions[n]


def _writable(state: ViewState) -> None:
    if state.read_only:
        raise InputError(Errors.E151.format(doc_id=state.doc_id))


def _moved(state: ViewState, *, restoration: Restoration | None = None, accepted=None, decided=None) -> ViewState:
    """``state`` changed as given, with the old one pushed on the undo stack."""
    past = (*state.past, state.snapshot())[-UNDO_DEPTH:]
    return replace(
        state,
        restoration=state.restoration if restoration is None else restoration,
        accepted=frozenset(state.accepted if accepted is None else accepted),
        decided=frozenset(state.decided if decided is None else decided),
        past=past,
        future=(),
    )


def decide(state: ViewState, n: int, verdict: str) -> tuple[ViewState, Decisions]:
    """Accept or reject suggestion number ``n`` (its index in the restoration)."""
    _writable(state)
    s = _suggestion_at(state, n)
    if verdict == "accept":
        accepted = state.accepted | {s.id}
    elif verdict == "reject":
        accepted = state.accepted - {s.id}
    else:
        raise InputError(Errors.E115.format(verb=verdict))
    if state.verdict(s.id) == verdict:
        return state, []
    return _moved(state, accepted=accepted, decided=state.decided | {s.id}), [(s.id, verdict)]


def decide_all(
    state: ViewState, verdict: str, *, kind: str | None = None, pending_only: bool = False
) -> tuple[ViewState, Decisions]:
    """Accept or reject every suggestion (of one ``kind``, if given), as one undo step."""
    _writable(state)
    r = state.restoration
    if r is None:
        return state, []
    if verdict not in ("accept", "reject"):
        raise InputError(Errors.E115.format(verb=verdict))
    chosen = [
        s for s in r.suggestions
        if (kind is None or s.kind.value == kind) and state.verdict(s.id) != verdict
        and not (pending_only and s.id in state.decided)
    ]
    if not chosen:
        return state, []
    ids = {s.id for s in chosen}
    accepted = state.accepted | ids if verdict == "accept" else state.accepted - ids
    new = _moved(state, accepted=accepted, decided=state.decided | ids)
    return new, [(s.id, verdict) for s in chosen]


def _diff(old: ViewState, new: ViewState) -> Decisions:
    """The verdicts that changed between two states of the same story (for the queue): an
    own edit undone is a reject of the editor's suggestion, the machine's card comes back."""
    if new.restoration is None or old.restoration is None:
        return []
    old_ids = {s.id for s in old.restoration.suggestions}
    new_ids = {s.id for s in new.restoration.suggestions}
    out: Decisions = [
        (s.id, new.verdict(s.id))
        for s in new.restoration.suggestions
        if s.id not in old_ids or old.verdict(s.id) != new.verdict(s.id)
    ]
    out += [(s.id, "reject") for s in old.restoration.suggestions if s.id not in new_ids]
    return out


def undo(state: ViewState) -> tuple[ViewState, Decisions]:
    """Ctrl+Z: back one decision (or one bulk decision, or one own edit)."""
    _writable(state)
    if not state.past:
        return state, []
    snap = state.past[-1]
    new = replace(
        state, restoration=snap.restoration, accepted=snap.accepted, decided=snap.decided,
        past=state.past[:-1], future=(state.snapshot(), *state.future),
    )
    return new, _diff(state, new)


def redo(state: ViewState) -> tuple[ViewState, Decisions]:
    """Ctrl+Shift+Z: forward again after an undo."""
    _writable(state)
    if not state.future:
        return state, []
    snap = state.future[0]
    new = replace(
        state, restoration=snap.restoration, accepted=snap.accepted, decided=snap.decided,
        past=(*state.past, state.snapshot()), future=state.future[1:],
    )
    return new, _diff(state, new)


def kinds_present(state: ViewState) -> list[str]:
    """The kinds in this story, in the order of ``Kind`` (for the by-kind menu)."""
    if state.restoration is None:
        return []
    present = {s.kind.value for s in state.restoration.suggestions}
    return [k.value for k in Kind if k.value in present]


# -- the editor's own edits ----------------------------------------------------------------

EDITOR = "editor"
"""``Suggestion.source`` of an edit the reviewer typed: kept, shown and exported like any other."""

EDIT_MAX_CHARS = 2_000


def edit(state: ViewState, n: int, text: str) -> tuple[ViewState, Decisions, Suggestion | None]:
    """The editor rewrites card ``n``: ``text`` replaces the words the card shows
    (``render.card_span``: "Azerbaijanthe", not just "the"). The machine's proposal is
    rejected and an accepted suggestion of source ``editor`` takes its place; typing the
    original words back is a plain reject.

    Returns the new state, the decisions, and the editor's suggestion (None for a reject).
    """
    from ..render import card_span

    _writable(state)
    s = _suggestion_at(state, n)
    r = state.restoration
    text = text.replace("\r\n", "\n")
    if len(text) > EDIT_MAX_CHARS:
        raise InputError(Errors.E152.format(size=len(text), limit=EDIT_MAX_CHARS))
    start, end = card_span(r.original, s)
    others = [x for x in r.suggestions if x is not s and x.start < end and start < x.end]
    if others:  # another card inside the same words: edit only this card's own span
        start, end = s.start, s.end
    if text == r.original[start:end]:
        new, made = decide(state, n, "reject")
        return new, made, None
    if s.source == EDITOR and r.original[:start] + text + r.original[end:] == r.apply([s.id]):
        return state, [], None
    proposed = r.original[start:s.start] + s.replacement + r.original[s.end:end]
    own = Suggestion.at(
        r.original, start, end, text, kind=s.kind, confidence=1.0, source=EDITOR,
        reason=s.reason if s.source == EDITOR
        else f"Editor's own edit; the engine proposed “{proposed}” ({s.reason})",
    )
    suggestions = list(r.suggestions)
    suggestions[n] = own
    accepted = (state.accepted - {s.id}) | {own.id}
    decided = (state.decided - {s.id}) | {own.id}
    made: Decisions = [] if s.source == EDITOR else [(s.id, "reject")]
    new = _moved(state, restoration=replace(r, suggestions=tuple(suggestions)), accepted=accepted, decided=decided)
    return new, [*made, (own.id, "accept")], own


# -- the house dictionary ------------------------------------------------------------------


def filter_house(r: Restoration, words: Iterable[str]) -> Restoration:
    """``r`` without suggestions that would change a house-dictionary word (or part of one):
    the pipeline's own rule (``restore.dictionary.without_house_words``)."""
    return without_house_words(r, words)


def add_to_dictionary(state: ViewState, n: int, dictionary) -> tuple[ViewState, Decisions, str]:
    """"Add to dictionary": remember the word, reject and drop every suggestion touching it.

    Offered only for a real word or name token (``dictionary_word``), never for a damaged
    span such as ``rebels‘the``. ``dictionary`` is a ``HouseDictionary``; saved at once.
    """
    _writable(state)
    s = _suggestion_at(state, n)
    word = dictionary_word(s, state.restoration.original)
    if word is None:
        raise InputError(Errors.E117.format(n=n))
    dictionary.add(check_entry(word))
    r = filter_house(state.restoration, [word])
    dropped = [x for x in state.restoration.suggestions if x not in r.suggestions]
    keep_ids = {x.id for x in r.suggestions}
    gone = {x.id for x in dropped}

    def pruned(snap: Snapshot) -> Snapshot:  # undo never brings back a card for a house word
        rr = replace(snap.restoration, suggestions=tuple(x for x in snap.restoration.suggestions if x.id not in gone))
        return Snapshot(rr, snap.accepted - gone, snap.decided - gone)

    new = replace(
        state, restoration=r, accepted=frozenset(state.accepted & keep_ids),
        decided=frozenset(state.decided & keep_ids),
        past=tuple(pruned(p) for p in state.past), future=tuple(pruned(f) for f in state.future),
    )
    return new, [(x.id, "reject") for x in dropped], word


def refresh_dictionary(restorer: Restorer, dictionary) -> None:
    """Make ``restorer`` respect the dictionary's current words without reloading the model."""
    restorer.set_house_words(dictionary)


# -- the command channel (card buttons and keyboard) ------------------------------------------

VERBS = ("accept-all", "reject-all", "accept", "reject", "ignore", "dict", "undo", "redo", "edit", "discard", "noop")
"""Shift+A / Shift+R travel as ``accept-all`` / ``reject-all`` in the same log, so they are
applied after the keystrokes before them, never beside them in another event."""
_COMMAND = re.compile(r"^(\d+):(" + "|".join(VERBS) + r"):(\d+)(?::([^;]*))?$")


def parse_commands(log: str | None) -> list[tuple[int, str, int]]:
    """The page's command log ``"1:accept:0;2:reject:3"`` as (seq, verb, index) triples.

    The page appends every click and keystroke to this log with a rising sequence number and
    the server applies only those past ``ViewState.seq``. So a burst of keystrokes that
    arrives as one value, or an update the browser coalesced, loses nothing and applies
    nothing twice. Malformed entries are skipped. ``edit`` carries its text as a fourth,
    URI-encoded field (see ``command_payloads``).
    """
    return [(seq, verb, n) for seq, verb, n, _ in _parse(log)]


def _parse(log: str | None) -> list[tuple[int, str, int, str]]:
    from urllib.parse import unquote

    out: list[tuple[int, str, int, str]] = []
    for entry in (log or "").split(";"):
        m = _COMMAND.match(entry.strip())
        if m:
            out.append((int(m.group(1)), m.group(2), int(m.group(3)), unquote(m.group(4) or "")))
    return out


def pending_commands(state: ViewState, log: str | None) -> list[tuple[int, str, int]]:
    """Commands in ``log`` not yet applied to ``state``, in order."""
    return sorted(c for c in parse_commands(log) if c[0] > state.seq)


def pending_commands_with_text(state: ViewState, log: str | None) -> list[tuple[int, str, int, str]]:
    """``pending_commands`` with each command's text field (empty but for ``edit``)."""
    return sorted(c for c in _parse(log) if c[0] > state.seq)


# -- files in and out ------------------------------------------------------------------------


@dataclass(frozen=True)
class Upload:
    """A file read for the review view: its text, and for JSONL every record to pick from."""

    text: str
    records: tuple[tuple[str, str], ...] = ()
    warnings: tuple[str, ...] = field(default=())


def _read_upload(path: str | Path) -> Upload:
    """(``read_upload`` without the path scrubbing.) Read an uploaded file in any format ``restore.formats`` reads (.txt, .docx, .jsonl /
    .ndjson, .zip / .tar.gz of them); refuse other types, binaries and oversized files
    clearly. A file of several documents offers each as a record to pick."""
    from ..formats import FORMATS, BadDocument, format_of, read_any

    path = Path(path)
    name = path.name
    size = path.stat().st_size
    if size > UPLOAD_MAX_BYTES:
        raise InputError(Errors.E111.format(size=size, limit=UPLOAD_MAX_BYTES))
    fmt = format_of(name)
    if fmt is None and path.suffix:
        known = ", ".join(dict.fromkeys(s for f in FORMATS for s in f.suffixes))  # .xml is claimed thrice
        raise InputError(Errors.E112.format(name=name, suffix=path.suffix.lower(), known=known))
    single = fmt is None or fmt.name in ("text", "docx", "nitf", "newsml", "xml")
    records: list[tuple[str, str]] = []
    problems: list[str] = []
    for doc in read_any(path, doc_id=path.stem):
        if isinstance(doc, BadDocument):
            if single:
                raise InputError(doc.error)
            problems.append(doc.error)
            continue
        if single:
            return Upload(text=doc.text, warnings=doc.warnings)
        records.append((doc.id, doc.text))
        problems.extend(doc.warnings)
        if len(records) >= 500:
            problems.append(f"{name}: only the first 500 records are offered here.")
            break
    if not records:
        raise InputError(Errors.E113.format(name=name, why=problems[0] if problems else "empty file"))
    return Upload(text=records[0][1], records=tuple(records), warnings=tuple(problems[:3]))


def read_upload(path: str | Path) -> Upload:
    """Read an uploaded file in any format ``restore.formats`` reads (.txt, .docx, .jsonl /
    .ndjson, .zip / .tar.gz of them); refuse other types, binaries and oversized files
    clearly. A file of several documents offers each as a record to pick. Messages name
    the file as the user called it, never the server's upload folder."""
    path = Path(path)
    folder = str(path.parent) + "/"

    def scrub(text: str) -> str:
        return text.replace(folder, "")

    try:
        up = _read_upload(path)
    except InputError as exc:
        raise InputError(scrub(str(exc))) from None
    return replace(up, warnings=tuple(scrub(w) for w in up.warnings))


STEM_MAX = 60


def _stem(state: ViewState) -> str:
    """The download's file name: the story's first line as a file name ("Nagorny-Karabakh-26-
    killed"), the queue id when the story has no words, else "restored"."""
    from ..formats import safe_name

    r = state.restoration
    if r is not None:
        first = next((line.strip() for line in r.original.splitlines() if line.strip()), "")
        words = re.findall(r"\w+", first)
        stem = ""
        for w in words:
            if len(stem) + len(w) + 1 > STEM_MAX:
                break
            stem = f"{stem}-{w}" if stem else w
        if stem:
            return safe_name(stem)
    return safe_name(state.doc_id) if state.doc_id else "restored"


def export_txt(state: ViewState, directory: str | Path) -> Path:
    """The result as a UTF-8 .txt file, byte for byte what the result box shows."""
    if state.restoration is None:
        raise InputError(Errors.E110)
    out = Path(directory) / f"{_stem(state)}.txt"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(state.text, encoding="utf-8", newline="")
    return out


def export_docx(state: ViewState, directory: str | Path, *, author: str = "") -> Path:
    """The story as .docx: each accepted repair a tracked change by ``author`` (the reviewer),
    its reason a comment on it."""
    from ..formats.docx import write_tracked_docx

    if state.restoration is None:
        raise InputError(Errors.E110)
    out = Path(directory) / f"{_stem(state)}.docx"
    return write_tracked_docx(
        state.restoration, state.accepted, out, author=(author or "").strip() or "restore", comments=True
    )


def queue_rows(store, limit: int = 50) -> list[list[object]]:
    """The review queue as table rows: id, source, suggestions, decided, added."""
    return [
        [p.doc_id, p.source, p.suggestions, p.decided, p.added_at[:19].replace("T", " ")]
        for p in store.pending(limit=limit)
    ]


__all__ = [
    "INTERACTIVE_MAX_CHARS",
    "Upload",
    "ViewState",
    "check_text",
    "decide",
    "decide_all",
    "export_docx",
    "export_txt",
    "filter_house",
    "from_queue",
    "add_to_dictionary",
    "edit",
    "redo",
    "undo",
    "unlock",
    "kinds_present",
    "carry_seq",
    "parse_commands",
    "pending_commands",
    "queue_rows",
    "read_upload",
    "refresh_dictionary",
    "restore_text",
]
