"""Renderings of a Restoration as data: no UI toolkit is imported here.

Every function takes a Restoration (and optionally the accepted ids) and returns plain
strings or lists, so the CLI, the UI and the tests share one implementation.
"""

from __future__ import annotations

from collections.abc import Collection

from .suggestion import Restoration, Suggestion


def _accepted(r: Restoration, accepted: Collection[str] | None) -> list[Suggestion]:
    ids = set(r.default_accepted if accepted is None else accepted)
    return [s for s in r.suggestions if s.id in ids]


def word_diff_line(line: str, line_start: int, edits: list[Suggestion]) -> str:
    """One line of the original with edits marked git-style: ``[-old-]{+new+}``."""
    out: list[str] = []
    cursor = line_start
    for s in edits:
        out.append(line[cursor - line_start : s.start - line_start])
        if s.original:
            out.append(f"[-{s.original}-]")
        if s.replacement:
            out.append(f"{{+{s.replacement}+}}")
        cursor = s.end
    out.append(line[cursor - line_start :])
    return "".join(out)


def unified_diff(
    r: Restoration, accepted: Collection[str] | None = None, *, context: int = 1
) -> str:
    """A unified word diff (like ``git diff --word-diff``) of the accepted suggestions.

    Lines are those of the original; each changed line is shown once with its edits
    marked, with ``context`` unchanged lines around it. Edits spanning a line break are
    shown on the line where they start.
    """
    edits = _accepted(r, accepted)
    if not edits:
        return ""
    lines = r.original.splitlines(keepends=True)
    starts: list[int] = []
    pos = 0
    for line in lines:
        starts.append(pos)
        pos += len(line)
    by_line: dict[int, list[Suggestion]] = {}
    li = 0
    for s in edits:
        while li + 1 < len(lines) and starts[li + 1] <= s.start and not (
            s.start == starts[li + 1] and s.start == len(r.original)
        ):
            li += 1
        by_line.setdefault(li, []).append(s)
    shown: set[int] = set()
    for li in by_line:
        shown.update(range(max(0, li - context), min(len(lines), li + context + 1)))
    out = ["--- original", "+++ restored"]
    prev = -2
    for li in sorted(shown):
        if li != prev + 1:
            out.append(f"@@ line {li + 1} @@")
        prev = li
        line = lines[li]
        if li in by_line:
            # an edit may run past this line's end (e.g. deleting a line break)
            end = max([starts[li] + len(line)] + [s.end for s in by_line[li]])
            segment = r.original[starts[li] : end]
            out.append("~ " + word_diff_line(segment, starts[li], by_line[li]).rstrip("\n"))
        else:
            out.append("  " + line.rstrip("\n"))
    return "\n".join(out) + "\n"
