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
from ..dictionary import ignorable_word, without_house_words
from ..pipeline import Restorer
from ..suggestion import Kind, Restoration

INTERACTIVE_MAX_CHARS = 200_000
"""Largest paste reviewed in the browser (about 30,000 words, a long feature is 10,000
characters). Bigger inputs are refused with a pointer to ``restore batch``: a page holding
thousands of suggestion cards is neither usable nor quick."""

UPLOAD_MAX_BYTES = 20_000_000


@dataclass(frozen=True)
class ViewState:
    """What one browser tab is looking at: a restoration and the ids accepted so far.

    ``doc_id`` is set when the story came from the review queue; decisions are then saved.
    """

    restoration: Restoration | None = None
    accepted: frozenset[str] = frozenset()
    doc_id: str | None = None
    source: str = ""
    seq: int = 0
    """The last page command applied (see ``pending_commands``)."""

    @property
    def text(self) -> str:
        """The result: the original with exactly the accepted suggestions applied."""
        if self.restoration is None:
            return ""
        return self.restoration.apply(self.accepted)


Decisions = list[tuple[str, str]]
"""(suggestion id, "accept" | "reject") made by one action, in order."""


# -- starting a review -----------------------------------------------------------------------


def check_text(text: str | None) -> str:
    """The text to restore, or a coded error for empty or oversized input."""
    if text is None or not text.strip():
        raise InputError(Errors.E110)
    if len(text) > INTERACTIVE_MAX_CHARS:
        raise InputError(Errors.E111.format(size=len(text), limit=INTERACTIVE_MAX_CHARS))
    return text


def restore_text(restorer: Restorer, text: str | None, house: Iterable[str] = ()) -> ViewState:
    """Run the restorer; confident suggestions start accepted, low-confidence ones do not.

    ``house`` (the house dictionary's words) is applied to whole words as well, since a
    pass may propose a minimal edit inside a word the newsroom told us to leave alone.
    """
    r = filter_house(restorer.restore(check_text(text)), house)
    return ViewState(restoration=r, accepted=frozenset(r.default_accepted))


def carry_seq(new: ViewState, old: ViewState) -> ViewState:
    """Keep the page's command counter when a new story replaces the old one."""
    return replace(new, seq=max(new.seq, old.seq))


def from_queue(item) -> ViewState:  # item: restore.review.ReviewItem
    """Open a queued document where the reviewers left it."""
    return ViewState(
        restoration=item.restoration,
        accepted=frozenset(item.accepted),
        doc_id=item.doc_id,
        source=item.source,
    )


# -- decisions --------------------------------------------------------------------------------


def _suggestion_at(state: ViewState, n: int):
    r = state.restoration
    count = len(r.suggestions) if r else 0
    if r is None or not (0 <= n < count):
        raise InputError(Errors.E114.format(n=n, count=count))
    return r.suggestions[n]


def decide(state: ViewState, n: int, verdict: str) -> tuple[ViewState, Decisions]:
    """Accept or reject suggestion number ``n`` (its index in the restoration)."""
    s = _suggestion_at(state, n)
    if verdict == "accept":
        accepted = state.accepted | {s.id}
    elif verdict == "reject":
        accepted = state.accepted - {s.id}
    else:
        raise InputError(Errors.E115.format(verb=verdict))
    return replace(state, accepted=frozenset(accepted)), [(s.id, verdict)]


def decide_all(state: ViewState, verdict: str, *, kind: str | None = None) -> tuple[ViewState, Decisions]:
    """Accept or reject every suggestion (of one ``kind``, if given)."""
    r = state.restoration
    if r is None:
        return state, []
    if verdict not in ("accept", "reject"):
        raise InputError(Errors.E115.format(verb=verdict))
    chosen = [s for s in r.suggestions if kind is None or s.kind.value == kind]
    ids = {s.id for s in chosen}
    accepted = state.accepted | ids if verdict == "accept" else state.accepted - ids
    return replace(state, accepted=frozenset(accepted)), [(s.id, verdict) for s in chosen]


def kinds_present(state: ViewState) -> list[str]:
    """The kinds in this story, in the order of ``Kind`` (for the accept-by-kind menu)."""
    if state.restoration is None:
        return []
    present = {s.kind.value for s in state.restoration.suggestions}
    return [k.value for k in Kind if k.value in present]


# -- the house dictionary ------------------------------------------------------------------


def filter_house(r: Restoration, words: Iterable[str]) -> Restoration:
    """``r`` without suggestions that would change a house-dictionary word (or part of one):
    the pipeline's own rule (``restore.dictionary.without_house_words``)."""
    return without_house_words(r, words)


def ignore(state: ViewState, n: int, dictionary) -> tuple[ViewState, Decisions, str]:
    """"Always ignore": remember the word, drop every suggestion touching it, reject it.

    ``dictionary`` is a ``HouseDictionary``; the word is saved to disk at once.
    """
    s = _suggestion_at(state, n)
    word = ignorable_word(s, state.restoration.original)
    if word is None:
        raise InputError(Errors.E117.format(n=n))
    dictionary.add(word)
    r = filter_house(state.restoration, [word])
    dropped = [x for x in state.restoration.suggestions if x not in r.suggestions]
    keep_ids = {x.id for x in r.suggestions}
    new = replace(state, restoration=r, accepted=frozenset(state.accepted & keep_ids))
    return new, [(x.id, "reject") for x in dropped], word


def refresh_dictionary(restorer: Restorer, dictionary) -> None:
    """Make ``restorer`` respect the dictionary's current words without reloading the model."""
    restorer.set_house_words(dictionary)


# -- the command channel (card buttons and keyboard) ------------------------------------------

_COMMAND = re.compile(r"^(\d+):(accept|reject|ignore):(\d+)$")


def parse_commands(log: str | None) -> list[tuple[int, str, int]]:
    """The page's command log ``"1:accept:0;2:reject:3"`` as (seq, verb, index) triples.

    The page appends every click and keystroke to this log with a rising sequence number and
    the server applies only those past ``ViewState.seq``. So a burst of keystrokes that
    arrives as one value, or an update the browser coalesced, loses nothing and applies
    nothing twice. Malformed entries are skipped.
    """
    out: list[tuple[int, str, int]] = []
    for entry in (log or "").split(";"):
        m = _COMMAND.match(entry.strip())
        if m:
            out.append((int(m.group(1)), m.group(2), int(m.group(3))))
    return out


def pending_commands(state: ViewState, log: str | None) -> list[tuple[int, str, int]]:
    """Commands in ``log`` not yet applied to ``state``, in order."""
    return sorted(c for c in parse_commands(log) if c[0] > state.seq)


# -- files in and out ------------------------------------------------------------------------


@dataclass(frozen=True)
class Upload:
    """A file read for the review view: its text, and for JSONL every record to pick from."""

    text: str
    records: tuple[tuple[str, str], ...] = ()
    warnings: tuple[str, ...] = field(default=())


def read_upload(path: str | Path) -> Upload:
    """Read an uploaded file in any format ``restore.formats`` reads (.txt, .docx, .jsonl /
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
        known = ", ".join(s for f in FORMATS for s in f.suffixes)
        raise InputError(Errors.E112.format(name=name, suffix=path.suffix.lower(), known=known))
    single = fmt is None or fmt.name in ("text", "docx")
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


def _stem(state: ViewState) -> str:
    """The download's file name: the queue id as ``restore batch`` names it, else "restored"."""
    from ..formats import safe_name

    return safe_name(state.doc_id) if state.doc_id else "restored"


def export_txt(state: ViewState, directory: str | Path) -> Path:
    """The result as a UTF-8 .txt file, byte for byte what the result box shows."""
    if state.restoration is None:
        raise InputError(Errors.E110)
    out = Path(directory) / f"{_stem(state)}.txt"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(state.text, encoding="utf-8", newline="")
    return out


def export_docx(state: ViewState, directory: str | Path, *, author: str = "restore") -> Path:
    """The story as .docx with each accepted repair a tracked change."""
    from ..formats.docx import write_tracked_docx

    if state.restoration is None:
        raise InputError(Errors.E110)
    out = Path(directory) / f"{_stem(state)}.docx"
    return write_tracked_docx(state.restoration, state.accepted, out, author=author or "restore")


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
    "ignore",
    "kinds_present",
    "carry_seq",
    "parse_commands",
    "pending_commands",
    "queue_rows",
    "read_upload",
    "refresh_dictionary",
    "restore_text",
]
