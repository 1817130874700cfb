"""What a Restorer does, as one frozen value: thresholds, passes, weights, house words.

A ``RestorerConfig`` can be compared, printed, pickled to batch workers and rebuilt into
the same Restorer anywhere (``Restorer(config=...)``). ``RestorerConfig.build`` takes the
same keywords as ``Restorer``.

>>> c = RestorerConfig.build(model=None, passes=["duplicate"])
>>> c.passes, c.weights_for("model")
(('duplicate',), None)
>>> RestorerConfig.build(model="runs/avg").weights_for("model")
'runs/avg'
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from os import PathLike

from .errors import ConfigError, Errors
from .suggestion import DEFAULT_THRESHOLD

MAX_CHARS = 10_000_000
"""Largest text accepted in one call (about 1.6 million words)."""

MAX_BYTES = 40_000_000
"""Largest input read as one document, in bytes as read (a file, an archive member,
the expanded XML of a .docx, one JSONL line): enough for ``MAX_CHARS`` of copy, and
checked while streaming, so a small archive or .docx that expands a thousandfold is
refused before it is held in memory."""

DEFAULT_WEIGHTS = "default"
"""A batched pass's own shipped weights."""

Choice = bool | str | PathLike[str] | None
"""How a batched pass is chosen: True or "default" (its shipped weights), a path (a local
checkpoint of the same kind), False or None (off)."""


def _weights(choice: Choice) -> str | None:
    if choice is None or choice is False:
        return None
    if choice is True:
        return DEFAULT_WEIGHTS
    return str(choice)


@dataclass(frozen=True)
class RestorerConfig:
    """Everything that decides what a Restorer does (see the module docstring)."""

    threshold: float = DEFAULT_THRESHOLD
    passes: tuple[str, ...] | None = None
    """The passes to run, by name, in order; None: every registered fast pass. Batched
    passes (the model, the critic) run unless ``weights`` turns them off."""
    weights: tuple[tuple[str, str | None], ...] = ()
    """(batched pass, "default" | a path | None for off). A batched pass not listed runs
    with its default weights."""
    dictionary: str | None = None
    """A house dictionary file (one word or name per line), read when the Restorer is built."""
    house_words: tuple[str, ...] = ()
    """House words given directly (added to the dictionary file's)."""
    max_chars: int = MAX_CHARS

    def __post_init__(self) -> None:
        if not (0.0 <= self.threshold <= 1.0):
            raise ConfigError(Errors.E012.format(threshold=self.threshold))
        if self.passes is not None and not isinstance(self.passes, tuple):
            object.__setattr__(self, "passes", tuple(self.passes))
        object.__setattr__(self, "weights", tuple((str(n), w) for n, w in dict(self.weights).items()))
        object.__setattr__(self, "house_words", tuple(self.house_words))

    def weights_for(self, name: str) -> str | None:
        """Where batched pass ``name`` loads from: "default", a path, or None (off)."""
        return dict(self.weights).get(name, DEFAULT_WEIGHTS)

    def with_weights(self, name: str, choice: Choice) -> RestorerConfig:
        """This config with batched pass ``name`` chosen as ``choice`` (see ``Choice``)."""
        weights = dict(self.weights)
        weights[name] = _weights(choice)
        return replace(self, weights=tuple(weights.items()))

    @classmethod
    def build(
        cls,
        *,
        threshold: float = DEFAULT_THRESHOLD,
        passes: Sequence[str] | None = None,
        dictionary: str | PathLike[str] | Iterable[str] | None = None,
        max_chars: int = MAX_CHARS,
        **batched: Choice,
    ) -> RestorerConfig:
        """The config for ``Restorer(**keywords)``: ``model=None`` (rules only),
        ``model=PATH``, and the same for every other batched pass (``critic=False``)."""
        path: str | None = None
        words: tuple[str, ...] = ()
        if isinstance(dictionary, (str, PathLike)):
            path = str(dictionary)
        elif dictionary is not None:
            words = tuple(w for w in dictionary if w)
        config = cls(
            threshold=threshold,
            passes=None if passes is None else tuple(passes),
            dictionary=path,
            house_words=words,
            max_chars=max_chars,
        )
        for name, choice in batched.items():
            config = config.with_weights(name, choice)
        return config
