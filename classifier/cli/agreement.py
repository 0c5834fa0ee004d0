"""classifier agreement: how far annotators' label files agree (Cohen's or Fleiss' kappa)."""

from __future__ import annotations

import argparse
import itertools
import json
import string
import sys
import textwrap

from ..inputs.labels import read_label_file
from ..labelling.agreement import NOTE, measure_agreement
from ..outputs.writers import check_output, write_text
from ..schema import DOC_ID, LABEL, SENT_INDEX, SOURCE, TEXT

FORMATS = ("text", "json")
FORMAT_SUFFIXES = {"text": (".txt",), "json": (".json",)}
WIDTH = 100


class _TwoOrMore(argparse.Action):
    def __call__(self, parser, namespace, values, option_string=None):
        if len(values) < 2:
            parser.error("agreement needs two or more label files, one per annotator")
        setattr(namespace, self.dest, values)


def add_parser(subparsers, help: str) -> None:
    parser = subparsers.add_parser(
        "agreement",
        help=help,
        description="Align the sentences of label files of the same articles (one file per "
        "annotator) and measure agreement: Cohen's kappa for two files, Fleiss' kappa for more, "
        "overall and per label, with percent agreement, confusion tables and the disagreements "
        "to adjudicate. Alignment: README, section Agreement.",
        epilog="Examples:\n  classifier agreement labels/alice.csv labels/bob.csv\n"
        "  classifier agreement a.csv b.csv c.csv --format json --output agreement.json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "files", nargs="+", action=_TwoOrMore, metavar="FILE", help="label CSVs, one per annotator"
    )
    parser.add_argument("--format", choices=FORMATS, default="text", help="default: text")
    parser.add_argument(
        "-o", "--output", metavar="PATH", help="write here (.txt or .json) instead of stdout"
    )
    parser.add_argument("--force", action="store_true", help="replace an existing output file")
    parser.set_defaults(run=run)


def run(args) -> int:
    check_output(args.output, force=args.force, suffixes=FORMAT_SUFFIXES[args.format])
    labels_dfs = [read_label_file(path) for path in args.files]
    result = measure_agreement(labels_dfs, args.files)
    for note in result["notes"]:
        print(f"note: {note}", file=sys.stderr)
    if args.format == "json":
        text = json.dumps(result, indent=2, ensure_ascii=False) + "\n"
    else:
        text = _format_text(result)
    write_text(text, args.output)
    if args.format == "json" or args.output:
        wrote = f"; wrote {args.output}" if args.output else ""
        print(_format_summary(result) + wrote, file=sys.stderr)
    return 0


def _format_summary(result: dict) -> str:
    """One line: the kappa, how many items it is over, agreement, and disagreements."""
    kind = "Cohen's" if result["method"] == "cohen" else "Fleiss'"
    excluded, count = result["items_excluded"], len(result["disagreements"])
    return (
        f"{kind} kappa {_number(result['kappa'])} over {result['items']} items"
        + (f" ({excluded} more labelled by only some files, excluded)" if excluded else "")
        + f", agreement {_percent(result['agreement'])}, {count} "
        + ("disagreement" if count == 1 else "disagreements")
    )


def _format_text(result: dict) -> str:
    """The result as text that reads at 100 columns; the JSON also lists the "only in" rows."""
    files = result["files"]
    letters = _letters(len(files))
    width = max(len(file["path"]) for file in files)
    lines = [f"Agreement of {len(files)} label files"]
    for letter, file in zip(letters, files, strict=True):
        lines.append(
            f"  {letter}  {file['path']:<{width}}  {file['sentences']} sentences, "
            f"{file['only_in']} only in this file"
        )
    lines += ["", *_wrap(_format_summary(result), "", ""), ""]
    lines += _format_per_label(result, letters)
    lines += _format_confusion(result, letters)
    lines += _format_disagreements(result, letters)
    if any(file["only_in"] for file in files):
        lines += ["", "--format json lists the sentences only in one file (overlapping no other's)"]
    return "\n".join(lines) + "\n"


def _format_per_label(result: dict, letters: list[str]) -> list[str]:
    lines = [f"{'label':<12} {'kappa':>6}" + "".join(f" {letter:>5}" for letter in letters)]
    for label, row in result["per_label"].items():
        counts = "".join(f" {count:>5}" for count in row["labelled"])
        lines.append(f"{label:<12} {_number(row['kappa']):>6}{counts}")
    notes = [("kappa", result["note"])] + [(k, v["note"]) for k, v in result["per_label"].items()]
    for name, note in notes:
        if note:
            lines += _wrap(f"note ({name}): {note}", "", "    ")
    return lines


def _format_confusion(result: dict, letters: list[str]) -> list[str]:
    lines, labels = [], result["labels"]
    pairs = itertools.combinations(letters, 2)
    for table, (rows, columns) in zip(result["confusion"], pairs, strict=True):
        lines += ["", f"confusion over {table['items']} items: rows {rows}, columns {columns}"]
        lines.append(" " * 12 + "".join(f" {label:>11}" for label in labels))
        for label, counts in zip(labels, table["matrix"], strict=True):
            lines.append(f"{label:<12}" + "".join(f" {count:>11}" for count in counts))
    return lines


def _format_disagreements(result: dict, letters: list[str]) -> list[str]:
    lines = ["", f"disagreements to adjudicate: {len(result['disagreements'])}"]
    doc = None
    for disagreement in result["disagreements"]:
        if doc != (disagreement[DOC_ID], disagreement[SOURCE]):
            doc = (disagreement[DOC_ID], disagreement[SOURCE])
            lines += ["", f"{doc[0]} ({doc[1]})"]
        else:
            lines.append("")
        for letter, entry in zip(letters, disagreement["annotations"], strict=True):
            lines += _format_annotation(letter, entry)
    return lines


def _format_annotation(letter: str, entry: dict | None) -> list[str]:
    if entry is None:
        return [f"  {letter}  -"]
    prefix = f"  {f'{letter} #{entry[SENT_INDEX]}':<9} {entry[LABEL]:<12} "
    lines = _wrap(entry[TEXT], prefix, " " * len(prefix))
    if entry[NOTE]:
        lines += _wrap(f"note: {entry[NOTE]}", " " * len(prefix), " " * len(prefix))
    return lines


def _wrap(text: str, first: str, rest: str) -> list[str]:
    return textwrap.wrap(text, WIDTH, initial_indent=first, subsequent_indent=rest) or [first]


def _letters(count: int) -> list[str]:
    return [string.ascii_uppercase[i] if i < 26 else f"F{i + 1}" for i in range(count)]


def _number(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _percent(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:.1f}%"
