"""Verify: turn a candidate's evidence into a calibrated confidence, per channel.

Evidence is the gain in whole-sentence log-probability (nats) the candidate brings, so
context on both sides of the edit counts, plus what makes a gain more or less telling:
the margin over the best rival candidate at the same place, how common the words are,
how big the edit is. A small logistic model per channel maps these to the chance the
edit is right; it is fitted in the lab (``restore/lab/critic_calibrate.py``) on the
noise generator's damage and on clean corpus windows, and only its few numbers ship,
in ``restore/data/critic.json``. Each channel also has a floor on the gain below which
a candidate is not even shown (its evidence threshold), set so clean copy stays clean.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .channels import Candidate

PARAMS_PATH = Path(__file__).resolve().parent.parent / "data" / "critic.json"
FEATURES = ("bias", "gain", "margin", "zipf_original", "zipf_replacement", "edit_chars", "prior", "source_table")


def changed_word_zipfs(original: str, replacement: str, zipf) -> tuple[float, float]:  # noqa: ANN001
    """How common the rarest word is that the edit takes out, and the rarest it puts in
    (7.0, "the", when none): a moved name is neither, so "Nagorny" does not count."""
    before, after = original.split(), replacement.split()
    gone = [w for w in before if w not in after]
    new = [w for w in after if w not in before]
    return min((zipf(w) for w in gone), default=7.0), min((zipf(w) for w in new), default=7.0)


@dataclass(frozen=True)
class Evidence:
    """What the verifier knows about one candidate."""

    candidate: Candidate
    gain: float
    margin: float
    zipf_original: float
    zipf_replacement: float
    edit_chars: int
    short_gain: float = 0.0

    def features(self) -> dict[str, float]:
        return {
            "bias": 1.0,
            "gain": self.gain,
            "margin": min(self.margin, 20.0),
            "zipf_original": self.zipf_original,
            "zipf_replacement": self.zipf_replacement,
            "edit_chars": min(self.edit_chars, 20) / 10.0,
            "prior": max(-10.0, min(self.candidate.prior, 20.0)),
            "source_table": 1.0 if self.candidate.source == "table" else 0.0,
        }


@dataclass(frozen=True)
class ChannelModel:
    weights: dict[str, float]
    min_gain: float
    """Candidates with less gain than this are never shown (clean copy stays clean)."""
    max_confidence: float = 0.97

    def confidence(self, ev: Evidence) -> float:
        if ev.gain < self.min_gain or ev.margin <= 0:
            return 0.0
        z = sum(self.weights.get(k, 0.0) * v for k, v in ev.features().items())
        z = max(-30.0, min(30.0, z))
        return min(self.max_confidence, 1.0 / (1.0 + math.exp(-z)))


DEFAULTS = {
    # before calibration: confidence 0.5 at this many nats of gain, +1 nat -> x e
    "dropped-word": (6.0,),
    "truncated-moved": (6.0,),
    "swapped-words": (7.0,),
    "spun-synonym": (8.0,),
    "near-spelling": (8.0,),
    "lost-capital": (6.0,),
    "stray-capital": (6.0,),
    "unsure-rule": (4.0,),
}


@dataclass
class Verifier:
    channels: dict[str, ChannelModel] = field(default_factory=dict)
    version: str = "uncalibrated"
    gates: dict[str, float] = field(default_factory=dict)
    """Per channel: the least reading-pass evidence (``Candidate.prior``) worth a
    whole-sentence score. Cheap to check, so most candidates never cost a forward pass."""

    short_gates: dict[str, float] = field(default_factory=dict)
    """Per channel: the least gain over the first tokens after the edit worth scoring the
    rest of the sentence for."""

    def gate(self, channel: str) -> float:
        return self.gates.get(channel, -math.inf)

    def short_gate(self, channel: str) -> float:
        return self.short_gates.get(channel, -math.inf)

    def confidence(self, ev: Evidence) -> float:
        model = self.channels.get(ev.candidate.channel)
        return model.confidence(ev) if model is not None else 0.0

    @classmethod
    def default(cls) -> Verifier:
        return cls(
            {name: ChannelModel({"bias": -mid, "gain": 1.0}, min_gain=mid - 3.0) for name, (mid,) in DEFAULTS.items()}
        )

    @classmethod
    def load(cls, path: Path | None = None) -> Verifier:
        path = path or PARAMS_PATH
        if not path.exists():
            return cls.default()
        data = json.loads(path.read_text(encoding="utf-8"))
        models = {
            name: ChannelModel(
                {k: float(v) for k, v in c["weights"].items()}, float(c["min_gain"]), float(c.get("max_confidence", 0.97))
            )
            for name, c in data["channels"].items()
        }
        return cls(
            models,
            data.get("version", "calibrated"),
            {k: float(v) for k, v in data.get("gates", {}).items()},
            {k: float(v) for k, v in data.get("short_gates", {}).items()},
        )


@lru_cache(maxsize=1)
def shipped_verifier() -> Verifier:
    return Verifier.load()
