"""Average the weights of checkpoints from one training run (checkpoint averaging).

Two checkpoints of the same run, one before and one after a further leg at a raised
learning rate, make different confident mistakes; their weight average keeps what both
learned and drops much of what only one of them believes. Measured on the shipped model
(``model_cards/restore-t5.md``): the average of steps 10,500 and 17,000 beat both on
recall and precision, with no false edits added on clean copy.

    python -m restore.lab.average runs/a runs/b --out runs/avg

The output directory gets the first checkpoint's config, tokenizer and generation
config, the averaged ``model.safetensors`` and a ``training_state.json`` naming its
sources; calibrate it afterwards (``python -m restore.lab.calibrate``).
"""

from __future__ import annotations

import argparse
import json
import shutil
from collections.abc import Sequence
from pathlib import Path

from ..errors import ConfigError

WEIGHTS = "model.safetensors"
CARRIED = ("config.json", "generation_config.json", "tokenizer.json")


def average_checkpoints(sources: Sequence[str | Path], out: str | Path) -> Path:
    """Write the uniform weight average of ``sources`` (same architecture) to ``out``."""
    from safetensors.torch import load_file, save_file

    paths = [Path(p) for p in sources]
    if len(paths) < 2:
        raise ConfigError("Averaging needs at least two checkpoints.")
    for p in paths:
        if not (p / WEIGHTS).exists():
            raise ConfigError(f"No {WEIGHTS} in {p}: not a checkpoint written by `restore train`.")
    configs = [json.loads((p / "config.json").read_text()) for p in paths]
    if any(_shape_of(c) != _shape_of(configs[0]) for c in configs):
        raise ConfigError("These checkpoints have different architectures and cannot be averaged.")
    states = [load_file(p / WEIGHTS) for p in paths]
    if any(s.keys() != states[0].keys() for s in states):
        raise ConfigError("These checkpoints hold different weights and cannot be averaged.")
    averaged = {k: sum(s[k].float() for s in states) / len(states) for k in states[0]}
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    for name in CARRIED:
        if (paths[0] / name).exists():
            shutil.copy(paths[0] / name, out / name)
    save_file({k: v.contiguous() for k, v in averaged.items()}, out / WEIGHTS, metadata={"format": "pt"})
    steps = [json.loads((p / "training_state.json").read_text()).get("step") if (p / "training_state.json").exists() else None for p in paths]
    state = {"averaged_from": [str(p) for p in paths], "steps": steps}
    if all(isinstance(n, int) for n in steps):
        state["step"] = max(steps)  # `restore train --resume` carries on from the latest
    (out / "training_state.json").write_text(json.dumps(state, indent=2))
    return out


def _shape_of(config: dict) -> tuple:
    keys = ("model_type", "vocab_size", "d_model", "encoder_layers", "decoder_layers", "encoder_ffn_dim", "num_layers")
    return tuple(config.get(k) for k in keys)


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m restore.lab.average", description=__doc__.splitlines()[0])
    p.add_argument("checkpoints", nargs="+", type=Path)
    p.add_argument("--out", type=Path, required=True)
    args = p.parse_args(argv)
    print(average_checkpoints(args.checkpoints, args.out))
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
