"""The command line: ``classifier train|tag|extract|report|evaluate|explain|label|agreement``.

``main`` is the one place where errors become exit codes; ``console_main``, the ``classifier``
command, runs it and exits. Each command's module is imported only
when that command runs, so ``classifier tag`` starts without the labelling, report and training
code (start-up is most of the time on a few files).
"""

from __future__ import annotations

import argparse
import atexit
import importlib
import os
import sys
from typing import NoReturn

from ..errors import ClassifierError
from ..version import __version__

# Each command, the module (classifier.cli.NAME) with its arguments and run, and its one-line help.
COMMANDS = {
    "train": "train a model from hand-labelled sentences",
    "tag": "tag every sentence of articles",
    "extract": "the main text of every article or web page",
    "report": "per-source credibility profile of tagged sentences",
    "evaluate": "precision, recall and F1 against hand labels",
    "explain": "why each sentence got its label",
    "label": "hand-label sentences (terminal interface or spreadsheet)",
    "agreement": "agreement between annotators' label files (kappa)",
}
EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The parser with every command named, and the arguments of the one ``argv`` runs."""
    parser = argparse.ArgumentParser(
        prog="classifier",
        description="Tag news sentences as reporting, quotation, opinion or boilerplate, "
        "and profile sources.",
    )
    parser.add_argument("--version", action="version", version=f"classifier {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    chosen = _command_in(sys.argv[1:] if argv is None else argv)
    for name, help in COMMANDS.items():
        if name == chosen:
            importlib.import_module(f"{__name__}.{name}").add_parser(subparsers, help)
        else:
            subparsers.add_parser(name, help=help, add_help=False)
    return parser


def _command_in(argv: list[str]) -> str | None:
    """The command ``argv`` runs: its first word that is not an option (the top level has only
    options without values)."""
    first = next((word for word in argv if not word.startswith("-")), None)
    return first if first in COMMANDS else None


def main(argv: list[str] | None = None) -> int:
    parser = build_parser(argv)
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


def console_main() -> NoReturn:
    """The ``classifier`` command (and ``python -m classifier``): ``main``, then an exit that
    skips tearing the interpreter down. Freeing pandas', pyarrow's and scipy's modules one by
    one took 0.13-0.15 s of every run, a fifth of tagging five short articles, and by then
    nothing is left to do: outputs are closed and moved into place, worker pools joined. The
    exit functions (logging, pools) still run, and stdout and stderr are flushed. Under a
    profiler or a tracer, which write their results after the program ends, it exits as usual."""
    code = main()
    if sys.getprofile() is not None or sys.gettrace() is not None:
        sys.exit(code)  # profiled (cProfile) or traced (coverage): they write their data last
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BrokenPipeError:  # the reader went away (`| head`): what it wanted, it got
            pass
        except ValueError:  # closed by whoever wrote to it, and flushed then
            pass
    os._exit(code)
