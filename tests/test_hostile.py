"""Hostile input (issue 13): each reproduction bounded in time and memory.

The ones that could eat the machine run in a child process under ``resource.setrlimit``
(address space, CPU seconds), so a regression fails here instead of taking the machine
down. Figures (peak memory, seconds) come from ``python -m restore.lab.hostile``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from restore.lab.hostile import run_limited

ROOT = Path(__file__).resolve().parent.parent
GB = 1 << 30


def bounded(code: str, *, mem_gb: float = 1.5, seconds: int = 60) -> dict:
    """Run ``code`` (which prints one JSON line last) in a limited child; its result."""
    done = run_limited(
        [sys.executable, "-c", textwrap.dedent(code)], mem_bytes=int(mem_gb * GB), cpu_seconds=seconds,
        wall_seconds=seconds * 3,
    )
    assert done.returncode == 0, f"child failed (rc {done.returncode}): {done.stderr[-2000:]}"
    return json.loads(done.stdout.strip().splitlines()[-1])


# -- one long run of letters ------------------------------------------------------------------


def test_a_20000_letter_word_is_not_a_typo():
    """Before: the spelling pass built every edit of the whole run (5 GB at 10,000 letters)."""
    out = bounded("""
        import json
        from restore import Restorer
        from restore.lab.hostile import long_word
        r = Restorer(model=None).restore(long_word(20_000))
        print(json.dumps({"n": len(r.suggestions), "text_same": r.text == r.original}))
    """)
    assert out == {"n": 0, "text_same": True}


@pytest.mark.parametrize("shape", ["letters", "Capitalised", "base64", "glued-the"])
def test_long_tokens_of_every_shape_are_cheap(shape):
    out = bounded(f"""
        import base64, json, random, string
        from restore import Restorer
        rng = random.Random(3)
        letters = "".join(rng.choice(string.ascii_lowercase) for _ in range(20_000))
        blob = {{
            "letters": letters,
            "Capitalised": "K" + letters,
            "base64": base64.b64encode(bytes(rng.randrange(256) for _ in range(15_000))).decode(),
            "glued-the": letters + "the report",
        }}[{shape!r}]
        r = Restorer(model=None).restore("The goverment said " + blob + " today.")
        print(json.dumps([s.original for s in r.suggestions]))
    """)
    assert out == ["goverment"]  # the real typo beside the blob is still found


def test_the_lexicon_has_no_candidates_for_a_blob():
    from restore.english import MAX_WORD_CHARS, default_lexicon

    lexicon = default_lexicon()
    assert lexicon.candidates("goverment")
    assert lexicon.candidates("x" * (MAX_WORD_CHARS + 1)) == ()
