"""Coded error catalogue (spaCy-style): every user-facing failure has a code and a sentence.

Raise as ``raise InputError(Errors.E001.format(...))``; the code travels with the message so
logs, the CLI and the UI can all show the same text.
"""

from __future__ import annotations


class Errors:
    E001 = "E001: No pass named {name!r}; known passes: {known}."
    E002 = "E002: Suggestion span [{start}, {end}) is outside a text of {length} characters."
    E003 = "E003: Suggestion confidence must be within 0..1, got {confidence!r}."
    E004 = "E004: Suggestion needs a non-empty reason (kind {kind!r})."
    E005 = "E005: Suggestion 'original' {original!r} does not match the text at [{start}, {end})."
    E006 = "E006: Unknown suggestion id(s): {ids}."
    E007 = "E007: Input is not text: expected str, got {type_name}."
    E008 = (
        "E008: Input of {size:,} characters is larger than the limit of {limit:,}; "
        "split it into articles or raise max_chars."
    )
    E009 = (
        "E009: {path} cannot be read as copy ({why}); restore reads plain text, JSONL, .docx "
        "and .zip/.tar archives of them."
    )
    E010 = (
        "E010: {path} is not valid UTF-8 (first bad byte at offset {offset}); "
        "decoded it as {encoding} instead. Check the result."
    )
    E011 = "E011: {path}: line {line} is not a JSON object with string 'id' and 'text': {why}."
    E012 = "E012: Threshold must be within 0..1, got {threshold!r}."
    E013 = "E013: No model found at {path}: expected config.json and weights (model.safetensors)."
    E014 = "E014: Unknown suggestion kind {kind!r}; known kinds: {known}."
    E015 = "E015: Input contains NUL bytes or other binary data ({why})."
    E016 = "E016: The data file {path} is missing; reinstall restore."
    E017 = "E017: {name!r} is not a batched pass, so it has no weights to choose; batched passes: {known}."


class RestoreError(Exception):
    """Base class for every error restore raises on purpose."""


class InputError(RestoreError, ValueError):
    """The input cannot be restored as given (wrong type, too large, binary, malformed)."""


class ConfigError(RestoreError, ValueError):
    """Options that do not make sense (unknown pass, bad threshold, missing model)."""
