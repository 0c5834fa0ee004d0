"""The command line: ``classifier train|tag|extract|report|evaluate|explain|label|agreement``.

``main`` is the one place where errors become exit codes.
"""

from __future__ import annotations

import argparse
import sys

from ..errors import ClassifierError
from ..version import __version__
from . import agreement, evaluate, explain, extract, label, report, tag, train

COMMANDS = (train, tag, extract, report, evaluate, explain, label, agreement)
EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="classifier",
        description="Tag news sentences as reporting, quotation, opinion or boilerplate, "
        "and profile sources.",
    )
    parser.add_argument("--version", action="version", version=f"classifier {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for command in COMMANDS:
        command.add_parser(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as e:
        return int(e.code or 0)
    try:
        return args.run(args)
    except ClassifierError as e:
        print(f"error: {e}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return EXIT_OK
