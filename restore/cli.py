"""The ``restore`` command: fix | batch | ui | review | train | eval.

Each subcommand parses its options, calls the Python API, prints, and returns an exit
code: 0 success, 1 a batch finished but some documents were reported as bad, 2 a usage or
input error (one line on stderr, never a traceback for a ``RestoreError``), 3 an internal
error (a bug; ``RESTORE_DEBUG=1`` shows the traceback), 130 interrupted.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from . import __version__
from .config import MAX_BYTES, MAX_CHARS, RestorerConfig
from .errors import RestoreError
from .registry import get_pass, registered_passes
from .suggestion import DEFAULT_THRESHOLD

EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, EXIT_BUG = 0, 1, 2, 3


def _threshold(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if not 0.0 <= number <= 1.0:
        raise argparse.ArgumentTypeError(f"must be within 0..1, got {number}")
    return number


def _jobs(value: str) -> int:
    """``--jobs``: a whole number, or ``auto`` for one worker per core (at most 4)."""
    if value == "auto":
        from .batch import auto_jobs

        return auto_jobs()
    return _positive(value)


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {number}")
    return number


def _add_restorer_options(p: argparse.ArgumentParser) -> None:
    """The options every restoring command shares; each batched pass (the model, ...)
    gets ``--no-NAME`` and ``--NAME PATH``."""
    p.add_argument("--threshold", type=_threshold, help="apply suggestions at or above this confidence (0..1)")
    for name in registered_passes(batched=True):
        what = get_pass(name).description or f"the {name} pass"
        choice = p.add_mutually_exclusive_group()
        choice.add_argument(f"--no-{name}", dest=f"no_{name}", action="store_true", help=f"run without {what} (faster)")
        choice.add_argument(f"--{name}", dest=f"weights_{name}", metavar="PATH",
                            help=f"{what} from a local checkpoint instead of the shipped weights")
    p.add_argument("--dictionary", metavar="PATH", help="house dictionary: one word or name per line, never flagged")
    p.add_argument("--passes", metavar="A,B", help="only these rule passes, comma-separated (default: all)")
    p.add_argument("--max-chars", type=_positive, default=MAX_CHARS, metavar="N",
                   help=f"largest document restored, in characters (default {MAX_CHARS:,})")
    p.add_argument("--max-bytes", type=_positive, default=MAX_BYTES, metavar="N",
                   help="largest document read, in bytes: a file, an archive member, a .docx's expanded XML, "
                   f"one JSONL line (default {MAX_BYTES:,})")


def _restorer_config(args: argparse.Namespace) -> RestorerConfig:
    if args.dictionary and not Path(args.dictionary).is_file():
        raise _Usage(f"restore: dictionary {args.dictionary} does not exist")
    config = RestorerConfig.build(
        threshold=DEFAULT_THRESHOLD if args.threshold is None else args.threshold,
        passes=None if args.passes is None else [p.strip() for p in args.passes.split(",") if p.strip()],
        dictionary=args.dictionary or None,
        max_chars=args.max_chars,
    )
    for name in registered_passes(batched=True):
        if getattr(args, f"no_{name}"):
            config = config.with_weights(name, None)
        elif getattr(args, f"weights_{name}"):
            config = config.with_weights(name, getattr(args, f"weights_{name}"))
        elif name == "critic" and not args.no_model:
            # on by default on the command line (fix, batch); --no-model stays "rules only"
            config = config.with_weights(name, True)
    return config


class _Usage(Exception):
    """A usage problem found after parsing: printed as one line, exit 2."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="restore", description="Find damage in garbled news wire copy and propose repairs."
    )
    parser.add_argument("--version", action="version", version=f"restore {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    fix = sub.add_parser("fix", help="restore one text (file or stdin) and print it")
    fix.add_argument("file", nargs="?", default="-", metavar="FILE", help="a text file, or - for stdin")
    out = fix.add_mutually_exclusive_group()
    out.add_argument("--diff", action="store_true", help="print a unified word diff of the repairs")
    out.add_argument("--json", action="store_true", help="print the restoration with every suggestion as JSON")
    _add_restorer_options(fix)

    batch = sub.add_parser("batch", help="restore files, folders, JSONL and archives into a folder")
    batch.add_argument("inputs", nargs="+", metavar="INPUT", help=".txt, .jsonl, .zip, .tar.gz or a folder")
    batch.add_argument("--out", required=True, metavar="DIR", help="output folder (re-runs resume here)")
    batch.add_argument("--jobs", type=_jobs, default="auto", metavar="N",
                       help="worker processes (Ray actors with --engine ray), or auto: one per core, at most 4 (default auto)")
    batch.add_argument("--engine", choices=("local", "ray"), default="local",
                       help="local worker processes, or Ray Data actors (pip install 'restore[ray]')")
    batch.add_argument("--address", metavar="ADDR",
                       help="with --engine ray: the cluster to join (host:6379 or auto, run on one of its "
                       "machines; default: $RAY_ADDRESS, else a local cluster)")
    batch.add_argument("--review", action="store_true", help="also queue every document for review")
    batch.add_argument(
        "--db", metavar="PATH|URL",
        help="review database: a SQLite file or postgresql://... (default: $RESTORE_DB, else ~/.restore/review.sqlite3)",
    )
    batch.add_argument("--quiet", action="store_true", help="no progress bar")
    _add_restorer_options(batch)

    ui = sub.add_parser("ui", help="start the review web app")
    ui.add_argument("--host", default="127.0.0.1")
    ui.add_argument("--port", type=int, default=7860)
    ui.add_argument("--review-db", metavar="PATH|URL", help="review database (default: $RESTORE_DB, else ~/.restore/review.sqlite3)")
    ui.add_argument("--dictionary", metavar="PATH")
    ui.add_argument("--no-model", action="store_true")
    ui.add_argument("--no-critic", action="store_true", help="no language-model critic")
    ui.add_argument(
        "--auth-file", metavar="FILE",
        help="sign-in accounts, one user:password a line (or set RESTORE_UI_AUTH=user:password); "
        "required off localhost. Passwords never go on the command line.",
    )

    for name, help_text in (
        ("review", "export or list the review queue (restore review --help)"),
        ("train", "train the repair model (restore train --help)"),
        ("eval", "benchmark restore against peers on held-out copy (restore eval --help)"),
    ):
        # parsed by the module itself: main() hands it everything after the command name
        sub.add_parser(name, help=help_text, add_help=False)
    return parser


# -- subcommands --------------------------------------------------------------------------


def _read_input(file: str, *, max_chars: int = MAX_CHARS, max_bytes: int = MAX_BYTES):  # noqa: ANN202
    """The one document ``restore fix`` restores, as (text, warnings, writer): stdin, or a
    file in any format ``restore.formats`` reads (a JSONL file or an archive must hold
    exactly one). ``writer`` is the document's own (an XML story's), else None."""
    import io

    from .errors import InputError
    from .formats import SNIFF_BYTES, BadDocument, Input, decode_bytes, format_of, read_any, read_bounded, read_input

    if file == "-":
        stdin = _stream("stdin", "read from")
        data = read_bounded(stdin.buffer, max_bytes, "<stdin>")
        story = format_of("stdin.xml", data[:SNIFF_BYTES])
        if story is None or story.sniff is None:  # not an NITF or NewsML-G2 story: plain text
            return *decode_bytes(data, "<stdin>"), None
        pipe = Input("stdin.xml", "<stdin>", len(data), lambda: io.BytesIO(data), "stdin", max_bytes)
        documents = read_input(pipe, max_chars=max_chars)
    else:
        path = Path(file)
        if path.is_dir():
            raise _Usage(f"restore: {file} is a folder; `restore fix` takes one file (see `restore batch`)")
        if not path.exists():  # a FIFO, `<(cmd)` and /dev/stdin exist without being regular files
            raise _Usage(f"restore: {file}: no such file")
        documents = read_any(path, max_chars=max_chars, max_bytes=max_bytes)
    docs = []
    for doc in documents:
        if isinstance(doc, BadDocument):
            raise InputError(doc.error)
        docs.append(doc)
        if len(docs) > 1:
            raise _Usage(f"restore: {file} holds several documents; `restore fix` takes one (see `restore batch`)")
    if not docs:
        raise _Usage(f"restore: {file} holds no document to restore")
    return docs[0].text, list(docs[0].warnings), docs[0].writer


def _stream(name: str, what: str):  # noqa: ANN202 - a text stream
    """``sys.stdin`` / ``sys.stdout``, or E023 when the shell closed it (``<&-``, ``>&-``):
    Python then sets it to None, and writing to None would be an "internal error"."""
    from .errors import Errors, InputError

    stream = getattr(sys, name)
    if stream is None:
        label = {"stdin": "input", "stdout": "output"}[name]
        raise InputError(Errors.E023.format(what=what, stream=label, why="it is closed"))
    return stream


def cmd_fix(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from .pipeline import Restorer

    config = _restorer_config(args)
    out = _stream("stdout", "write to")  # before the work, not after it
    text, warnings, writer = _read_input(args.file, max_chars=args.max_chars, max_bytes=args.max_bytes)
    for warning in warnings:
        print(f"restore: warning: {warning}", file=sys.stderr)
    restoration = Restorer(config=config).restore(text)
    restoration = replace(restoration, warnings=tuple(warnings) + restoration.warnings)
    if writer is not None:  # an XML story: only what its markup can hold, printed as XML
        before = len(restoration.warnings)
        restoration = writer.writable(restoration)
        for warning in restoration.warnings[before:]:
            print(f"restore: warning: {warning}", file=sys.stderr)
    if args.json:
        out.write(restoration.to_json(indent=2) + "\n")
    elif args.diff:
        from .diff import unified_diff

        out.write(unified_diff(restoration))
    elif writer is not None:
        data = writer.write(restoration, restoration.default_accepted)
        out.flush()
        binary = getattr(out, "buffer", None)  # the file's own bytes, in its own encoding
        if binary is None:
            out.write(data.decode("utf-8", errors="replace"))
        else:
            binary.write(data)
        out.flush()
    else:
        out.write(restoration.text)
    return EXIT_OK


def cmd_batch(args: argparse.Namespace) -> int:
    from .batch import run_batch

    missing = [p for p in args.inputs if not Path(p).exists()]
    if missing:
        raise _Usage(f"restore: no such input: {', '.join(missing)}")
    if args.db and not args.review:
        raise _Usage("restore: --db only makes sense with --review")
    if args.address and args.engine != "ray":
        raise _Usage("restore: --address only makes sense with --engine ray")
    review_db = None
    if args.review:
        from .review import default_db

        review_db = args.db or default_db()  # a path or a postgresql:// URL; else $RESTORE_DB
    report = run_batch(
        args.inputs,
        args.out,
        config=_restorer_config(args),
        jobs=args.jobs,
        review_db=review_db,
        progress=not args.quiet,
        max_bytes=args.max_bytes,
        engine=args.engine,
        address=args.address,
    )
    print(
        f"restore: {report.done} restored, {report.skipped} already done, "
        f"{report.failed} failed, {report.warnings} warnings -> {args.out}",
        file=sys.stderr,
    )
    return EXIT_PARTIAL if report.failed else EXIT_OK


def cmd_ui(args: argparse.Namespace) -> int:
    from .ui import serve

    result = serve(
        host=args.host,
        port=args.port,
        review_db=args.review_db,
        dictionary=args.dictionary,
        model=None if args.no_model else "default",
        critic=not (args.no_critic or args.no_model),
        auth_file=args.auth_file,
    )
    return int(result) if isinstance(result, int) else EXIT_OK


DELEGATED: dict[str, tuple[str, str]] = {
    "review": ("restore.review", "export_main"),
    "train": ("restore.lab.train", "main"),
    "eval": ("restore.lab.evaluate", "main"),
}
"""Subcommands whose options belong to another module: ``restore eval --quick`` calls
``restore.lab.evaluate.main(["--quick"])``."""


def _run_delegated(command: str, rest: list[str]) -> int:
    import importlib

    module, function = DELEGATED[command]
    target = getattr(importlib.import_module(module), function)
    return int(target(rest) or 0)


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "fix": cmd_fix,
    "batch": cmd_batch,
    "ui": cmd_ui,
}


def _utf8_streams() -> None:
    """Copy is UTF-8 whatever the terminal's locale says."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(encoding="utf-8")
            except (ValueError, OSError):  # already written to, or not a real stream
                pass


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``restore`` console script; returns the exit code."""
    _utf8_streams()
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    if argv and argv[0] in DELEGATED:
        args = argparse.Namespace(command=argv[0])
        run: Callable[[], int] = lambda: _run_delegated(argv[0], argv[1:])  # noqa: E731
    else:
        try:
            args = parser.parse_args(argv)
        except SystemExit as exc:  # --help, --version and usage errors
            return exc.code if isinstance(exc.code, int) else EXIT_USAGE
        if not args.command:
            parser.print_help(sys.stderr)
            return EXIT_USAGE
        run = lambda: COMMANDS[args.command](args)  # noqa: E731
    try:
        return run()
    except _Usage as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_USAGE
    except RestoreError as exc:
        print(f"restore: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except ModuleNotFoundError as exc:
        what = f"{exc.name} is missing" if exc.name else str(exc)
        print(f"restore {args.command}: not available in this install ({what})", file=sys.stderr)
        return EXIT_USAGE
    except OSError as exc:
        if isinstance(exc, BrokenPipeError):  # `restore fix x | head`: not an error
            try:
                sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silence the flush at exit
            except OSError:
                pass
            return EXIT_OK
        print(f"restore: {exc.filename or ''}{': ' if exc.filename else ''}{exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("restore: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug, not bad input: one line, the traceback on request
        if os.environ.get("RESTORE_DEBUG"):
            raise
        print(
            f"restore: internal error: {type(exc).__name__}: {exc} "
            "(run with RESTORE_DEBUG=1 for the traceback, and please report it)",
            file=sys.stderr,
        )
        return EXIT_BUG


if __name__ == "__main__":
    raise SystemExit(main())
