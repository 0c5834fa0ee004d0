"""Print tagged sentences as a readable listing: ``python -m classifier.show TAGGED``."""

from __future__ import annotations

import sys

from .inputs.readers import read_tagged
from .schema import CONFIDENCE, DOC_ID, LABEL, SENT_INDEX, SOURCE, TEXT

TEXT_WIDTH = 70


def format_tagged(tagged_df) -> str:
    lines = []
    for (doc_id, source), sentences in tagged_df.groupby([DOC_ID, SOURCE], sort=False):
        lines.append(f"\n== {doc_id} ({source})")
        for row in sentences.itertuples(index=False):
            text = " ".join(str(getattr(row, TEXT)).split())
            if len(text) > TEXT_WIDTH:
                text = text[: TEXT_WIDTH - 1] + "…"
            lines.append(
                f"{int(getattr(row, SENT_INDEX)):>3} {getattr(row, LABEL):<11} "
                f"{float(getattr(row, CONFIDENCE)):.2f}  {text}"
            )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m classifier.show TAGGED", file=sys.stderr)
        return 2
    sys.stdout.write(format_tagged(read_tagged(args[0])))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
