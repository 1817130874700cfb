"""The registry of repair passes (spaCy-style): each pass registers itself by name.

Two kinds of pass, one registry:

- a *fast* pass is a plain function ``(text, ctx) -> list[Suggestion]``, run on each chunk
  of a document (``register_pass``);
- a *batched* pass (the seq2seq model; the critic) is an object loaded once from weights
  that sees many chunks at once, each with the suggestions found so far for it
  (``prior``), so it can batch its model calls and leave alone what is already repaired
  (``register_batched_pass``).

A pass never edits text; it proposes. Each pass has a ``Tier``, and overlaps between
passes are settled in one place, ``pipeline.resolve``, by that tier first. The registry
only registers and looks up.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import IntEnum
from typing import Protocol

from .context import Context
from .errors import ConfigError, Errors
from .suggestion import Kind, Suggestion

PassFn = Callable[[str, Context], list[Suggestion]]


class Tier(IntEnum):
    """Whose suggestion wins an overlap, strongest first: the resolver's source priority.

    An editor's own edit beats every pass; a deterministic rule, which repairs only what
    it can prove, beats the critic; the critic, which reads the whole sentence, beats the
    seq2seq model's rewrite.
    """

    EDITOR = 0
    RULES = 1
    CRITIC = 2
    MODEL = 3


EDITOR_SOURCE = "editor"
"""The ``source`` of a suggestion a person made (tier ``EDITOR``)."""


class BatchedPass(Protocol):
    """A loaded batched pass: sees many chunks at once so it can batch.

    ``items`` are ``(chunk text, the document's Context, prior)``; ``prior`` holds the
    resolved suggestions found so far for that chunk (the rules', then those of any
    batched pass before this one), with offsets into the chunk. Returns, per item, the
    new suggestions (offsets into the chunk).
    """

    name: str

    def suggest_many(
        self, items: Sequence[tuple[str, Context, Sequence[Suggestion]]]
    ) -> list[list[Suggestion]]: ...


Loader = Callable[[str], "BatchedPass | None"]
"""Loads a batched pass from ``"default"`` (its shipped weights) or a path; None when the
default weights are not installed (the pass is then skipped, with a warning)."""


@dataclass(frozen=True)
class PassSpec:
    name: str
    func: PassFn | None
    """A fast pass's function (None for a batched pass)."""
    kinds: tuple[Kind, ...]
    examples: tuple[tuple[str, str], ...] = ()
    """(damaged, repaired) pairs: documentation that the tests run."""
    tier: Tier = Tier.RULES
    batched: bool = False
    load: Loader | None = None
    """A batched pass's loader."""
    description: str = ""
    on_by_default: bool = True
    """A batched pass that runs only when chosen (``Restorer(critic=True)``) says False."""


_REGISTRY: dict[str, PassSpec] = {}


def register_pass(
    name: str,
    *,
    kinds: tuple[Kind, ...],
    examples: tuple[tuple[str, str], ...] = (),
    tier: Tier = Tier.RULES,
) -> Callable[[PassFn], PassFn]:
    """Decorator: make ``func`` available to ``Restorer(passes=[name, ...])``."""

    def decorate(func: PassFn) -> PassFn:
        _REGISTRY[name] = PassSpec(name, func, kinds, examples, tier)
        return func

    return decorate


def register_batched_pass(
    name: str, *, kinds: tuple[Kind, ...], tier: Tier, load: Loader, description: str = "", on_by_default: bool = True
) -> None:
    """Register a batched pass; ``Restorer(NAME=False | True | PATH)`` and the CLI's
    ``--no-NAME`` / ``--NAME PATH`` choose it (``RestorerConfig.with_weights``)."""
    _REGISTRY[name] = PassSpec(name, None, kinds, (), tier, True, load, description, on_by_default)


def get_pass(name: str) -> PassSpec:
    try:
        return _REGISTRY[name]
    except KeyError:
        raise ConfigError(Errors.E001.format(name=name, known=", ".join(sorted(_REGISTRY)))) from None


def registered_passes(*, batched: bool | None = None) -> list[str]:
    """Pass names in registration order (only the fast or only the batched ones if asked)."""
    return [n for n, spec in _REGISTRY.items() if batched is None or spec.batched == batched]


def tier_of(source: str) -> Tier:
    """The tier of a suggestion's ``source``: its pass's, ``EDITOR`` for an editor's own
    edit, ``RULES`` for a source no pass registered (a suggestion built by hand)."""
    if source == EDITOR_SOURCE:
        return Tier.EDITOR
    spec = _REGISTRY.get(source)
    return spec.tier if spec is not None else Tier.RULES
