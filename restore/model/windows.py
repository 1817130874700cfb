"""Cut text into short windows (a sentence or ~35 words) for the model.

Training and inference cut text the same way, so the model sees at inference exactly the
kind of input it learned on. Windows never hold leading or trailing whitespace.
"""

from __future__ import annotations

import re

MAX_WORDS = 35
SENTENCE_BREAK = re.compile(r"(?<=[.!?])[”’\"')]*\s+(?=[“‘\"'(A-Z0-9])|\n+")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """[start, end) of each sentence or line of ``text``, whitespace trimmed."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in SENTENCE_BREAK.finditer(text):
        spans.append((start, m.start() + len(m.group()) - len(m.group().lstrip(")”’\"'"))))
        start = m.end()
    spans.append((start, len(text)))
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def window_spans(text: str, max_words: int = MAX_WORDS) -> list[tuple[int, int]]:
    """Sentence spans, with sentences over ``max_words`` words cut at spaces into pieces."""
    out: list[tuple[int, int]] = []
    for s, e in sentence_spans(text):
        spaces = [m.start() for m in re.finditer(r" ", text[s:e])]
        if len(spaces) < max_words + 5:
            out.append((s, e))
            continue
        n_pieces = -(-(len(spaces) + 1) // max_words)
        per = -(-(len(spaces) + 1) // n_pieces)
        cut_at = [spaces[i * per - 1] for i in range(1, n_pieces) if i * per - 1 < len(spaces)]
        prev = s
        for c in cut_at:
            out.append((prev, s + c))
            prev = s + c + 1
        out.append((prev, e))
    return [(a, b) for a, b in out if b > a]
