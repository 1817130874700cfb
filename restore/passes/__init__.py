"""Deterministic repair passes. Importing this package registers every pass."""

from .registry import Context, PassSpec, get_pass, register_pass, registered_passes

# Each module registers its passes on import.
from . import encoding, quotes, possessive, words, hyphenation, artifacts, case, spinner, spelling  # noqa: E402,F401

__all__ = ["Context", "PassSpec", "get_pass", "register_pass", "registered_passes"]
