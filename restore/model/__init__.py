"""The seq2seq repair model at run time: a batched pass (``model``) over suspicious
windows, the fuzzy guard that turns rewrites into safe edits, and the calibration map.

Importing this package registers the pass; torch loads only when a Restorer loads the
weights. Training, calibrating and averaging checkpoints are lab tools (``restore.lab``).
"""

from __future__ import annotations

import logging
from pathlib import Path

from ..config import DEFAULT_WEIGHTS
from ..registry import BatchedPass, Tier, register_batched_pass
from ..suggestion import Kind

log = logging.getLogger(__name__)

NAME = "model"
SHIPPED = Path(__file__).resolve().parent.parent / "weights" / "restore-t5"


def load_model_pass(path: Path | str | None = None) -> BatchedPass | None:
    """Load a model pass from ``path`` (default: the shipped weights).

    Returns None, with a warning, when the default weights are not installed.
    """
    if path == DEFAULT_WEIGHTS:
        path = None
    target = Path(path) if path is not None else SHIPPED
    if path is None and not (target / "config.json").exists():
        log.warning("No shipped model at %s: running rules only.", target)
        return None
    from .infer import ModelRepairPass

    return ModelRepairPass.from_pretrained(target)


register_batched_pass(
    NAME,
    kinds=tuple(Kind),
    tier=Tier.MODEL,
    load=load_model_pass,
    description="the seq2seq model",
)
