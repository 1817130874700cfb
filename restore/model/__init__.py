"""The seq2seq repair model: training noise, training, inference and the fuzzy guard.

``load_model_pass`` is the one entry point the pipeline uses.
"""

from __future__ import annotations

import logging
from pathlib import Path

log = logging.getLogger(__name__)

SHIPPED = Path(__file__).resolve().parent.parent / "weights" / "restore-t5"


def load_model_pass(path: Path | None = None):
    """Load a model pass from ``path`` (default: the shipped weights).

    Returns None, with a warning, when the default weights are not installed.
    """
    target = path or SHIPPED
    if path is None and not (target / "config.json").exists():
        log.warning("No shipped model at %s: running rules only.", target)
        return None
    from .infer import ModelRepairPass

    return ModelRepairPass.from_pretrained(target)
