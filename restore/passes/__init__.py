"""Deterministic repair passes, one module per family of damage. Importing this package
registers every pass (``restore.registry``).

A pass imports only the English layer (``restore.english``), ``restore.suggestion`` and the
core (``context``, ``registry``, ``errors``), never another pass.
"""

from . import encoding, quotes, possessive, words, hyphenation, artifacts, case, spinner, spelling  # noqa: F401
