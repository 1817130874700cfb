"""The registry of repair passes (spaCy-style): each pass registers itself by name.

A pass is a plain function ``(text, ctx) -> list[Suggestion]``. It never edits text; it
proposes. The registry only registers and looks up; overlaps between passes are settled in
one place, ``pipeline.resolve``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .context import Context
from .errors import ConfigError, Errors
from .suggestion import Kind, Suggestion

PassFn = Callable[[str, Context], list[Suggestion]]


@dataclass(frozen=True)
class PassSpec:
    name: str
    func: PassFn
    kinds: tuple[Kind, ...]
    examples: tuple[tuple[str, str], ...]
    """(damaged, repaired) pairs: documentation that the tests run."""


_REGISTRY: dict[str, PassSpec] = {}


def register_pass(
    name: str, *, kinds: tuple[Kind, ...], examples: tuple[tuple[str, str], ...] = ()
) -> Callable[[PassFn], PassFn]:
    """Decorator: make ``func`` available to ``Restorer(passes=[name, ...])``."""

    def decorate(func: PassFn) -> PassFn:
        _REGISTRY[name] = PassSpec(name, func, kinds, examples)
        return func

    return decorate


def get_pass(name: str) -> PassSpec:
    try:
        return _REGISTRY[name]
    except KeyError:
        raise ConfigError(Errors.E001.format(name=name, known=", ".join(sorted(_REGISTRY)))) from None


def registered_passes() -> list[str]:
    return list(_REGISTRY)
