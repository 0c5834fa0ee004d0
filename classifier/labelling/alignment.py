"""Align annotators' sentences of the same article into items that each file labels.

Sentences are compared within an article (the same ``doc_id`` and ``source``). Each
sentence is laid on the article as the characters it covers: its ``start, end`` offsets when every
file has whole-number, non-overlapping offsets for every row of that article; otherwise the
article is rebuilt from the text (each file's sentences joined in ``sent_index`` order, whitespace
dropped, case and quote marks folded) and aligned with difflib: whole sentences first, then the
characters where they differ, so a sentence one annotator left out or retyped does not shift the
others. Every sentence boundary of every file
cuts the article, and the characters covered by the same sentence of each file form one **item**,
which each file labels with the label of its sentence. So when A keeps as one sentence what B
splits in two, A's sentence is compared with each of B's pieces: two items. An item counts once,
whatever its length. A shared stretch shorter than ``MIN_SHARED_CHARS`` that is no file's whole
sentence (a quote mark or full stop on the other side of a boundary) is not an item. A sentence
in no item is "only in" its file: counted and listed, never dropped.
"""

from __future__ import annotations

import itertools
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

import numpy as np
import pandas as pd

from ..errors import LabelFileError
from ..schema import DOC_ID, END, LABEL, SENT_INDEX, SOURCE, START, TEXT

NOTE = "note"
# A stretch shared by two files' sentences that is shorter than this is boundary noise, not an item.
MIN_SHARED_CHARS = 5
ALIGNED_BY_OFFSETS, ALIGNED_BY_TEXT = "offsets", "text"
_QUOTES = str.maketrans({**dict.fromkeys("“”„‟«»″", '"'), **dict.fromkeys("‘’‚‛′", "'")})


@dataclass(frozen=True, eq=False)
class Sentence:
    """One row of one label file (compared by identity: two rows are never the same sentence)."""

    file: int
    doc_id: str
    source: str
    sent_index: int
    text: str
    label: str
    note: str | None
    offsets: tuple[int, int] | None


@dataclass(frozen=True)
class Item:
    """A stretch of an article covered by one sentence of each of two or more files."""

    position: int
    sentences: tuple[Sentence | None, ...]  # one per file; None where that file has none here


def align_sentences(per_file: list[list[Sentence]]) -> tuple[list[Item], str]:
    """The items of one article, whose sentences ``per_file[f]`` are in ``sent_index`` order."""
    positions, weights, aligned_by = _place_sentences(per_file)
    if len(weights) == 0:
        return [], aligned_by
    cover = np.full((len(weights), len(per_file)), -1)
    for f, file_positions in enumerate(positions):
        for k, where in enumerate(file_positions):
            cover[where, f] = k
    combos, firsts, inverse = np.unique(cover, axis=0, return_index=True, return_inverse=True)
    sizes = np.bincount(inverse.reshape(-1), weights=weights)
    items = []
    for combo, first, size in zip(combos, firsts, sizes, strict=True):
        members = [(f, k) for f, k in enumerate(combo) if k >= 0]
        whole = any(size == weights[positions[f][k]].sum() for f, k in members)
        if len(members) >= 2 and (size >= MIN_SHARED_CHARS or whole):
            chosen = tuple(per_file[f][k] if k >= 0 else None for f, k in enumerate(combo))
            items.append(Item(int(first), chosen))
    return sorted(items, key=lambda item: item.position), aligned_by


def group_sentences(file: int, labels_df: pd.DataFrame) -> dict[tuple[str, str], list[Sentence]]:
    by_doc: dict[tuple[str, str], list[Sentence]] = {}
    for row in labels_df.to_dict("records"):
        start, end = _offset(row.get(START)), _offset(row.get(END))
        offsets = (start, end) if start is not None and end is not None and start < end else None
        sentence = Sentence(
            file=file,
            doc_id=str(row[DOC_ID]),
            source=str(row[SOURCE]),
            sent_index=int(row[SENT_INDEX]),
            text=str(row[TEXT]),
            label=str(row[LABEL]),
            note=_note(row.get(NOTE)),
            offsets=offsets,
        )
        by_doc.setdefault((sentence.doc_id, sentence.source), []).append(sentence)
    for sentences in by_doc.values():
        sentences.sort(key=lambda s: s.sent_index)
    return by_doc


def fill_blank_sources(
    labels_dfs: Sequence[pd.DataFrame], names: Sequence[str]
) -> tuple[list[pd.DataFrame], list[str]]:
    """The label tables with a blank ``source`` taken from the other files' rows of the same
    doc_id (when they name exactly one source for it), and a note for each file that needed it:
    one annotator leaving the column empty should not make the same articles different ones."""
    filled, notes = [], []
    for f, labels_df in enumerate(labels_dfs):
        blank = labels_df[SOURCE].astype(str).str.strip() == ""
        if not blank.any():
            filled.append(labels_df)
            continue
        known: dict[str, set[str]] = {}
        for g, other in enumerate(labels_dfs):
            if g == f:
                continue
            named = other[other[SOURCE].astype(str).str.strip() != ""]
            for doc_id, source in zip(named[DOC_ID].astype(str), named[SOURCE], strict=True):
                known.setdefault(doc_id, set()).add(str(source))
        unique = {doc_id: next(iter(found)) for doc_id, found in known.items() if len(found) == 1}
        sources = labels_df.loc[blank, DOC_ID].astype(str).map(unique).fillna("")
        labels_df = labels_df.copy()
        labels_df.loc[blank, SOURCE] = sources
        documents = labels_df.loc[blank & (labels_df[SOURCE] != ""), DOC_ID].nunique()
        if documents:
            notes.append(
                f"{names[f]} has no source for {documents} document(s); they were matched with "
                "the other files by doc_id alone, taking the source from them"
            )
        filled.append(labels_df)
    return filled, notes


def check_common_documents(docs: list[dict], names: Sequence[str]) -> None:
    for f, by_doc in enumerate(docs):
        others = [g for g in range(len(docs)) if g != f]
        if any(by_doc.keys() & docs[g].keys() for g in others):
            continue
        ids = {doc_id for doc_id, _source in by_doc}
        same_ids = any(ids & {doc_id for doc_id, _source in docs[g]} for g in others)
        why = "the doc_ids match but the sources differ" if same_ids else "no doc_id in both"
        raise LabelFileError(
            f"{names[f]} has no document in common with {', '.join(names[g] for g in others)} "
            f"({why}); agreement compares labels of the same articles (same doc_id and source)"
        )


def _place_sentences(per_file: list[list[Sentence]]) -> tuple[list, np.ndarray, str]:
    """Cut the article into cells at every boundary; each sentence as the indices of its cells.

    Returns the cells of each file's sentences, each cell's length in characters, and whether
    offsets or text placed them.
    """
    spans = _offset_spans(per_file)
    if spans is None:
        positions, length = _text_positions(per_file)
        return positions, np.ones(length), ALIGNED_BY_TEXT
    bounds = np.unique([b for file_spans in spans for span in file_spans for b in span])
    positions = [
        [np.arange(*np.searchsorted(bounds, span)) for span in file_spans] for file_spans in spans
    ]
    return positions, np.diff(bounds), ALIGNED_BY_OFFSETS


def _offset_spans(per_file: list[list[Sentence]]) -> list[list[tuple[int, int]]] | None:
    """Every sentence's ``(start, end)``, or None unless all have them without overlaps."""
    spans = [[s.offsets for s in sentences if s.offsets] for sentences in per_file]
    for file_spans, sentences in zip(spans, per_file, strict=True):
        ordered = sorted(file_spans)
        if len(file_spans) < len(sentences) or any(
            before[1] > after[0] for before, after in itertools.pairwise(ordered)
        ):
            return None
    return spans


def _text_positions(per_file: list[list[Sentence]]) -> tuple[list[list[np.ndarray]], int]:
    """Each sentence's characters as positions in one text that all the files' texts align to."""
    parts = [[_normalise(s.text) for s in sentences] for sentences in per_file]
    char_positions, length = _align_texts(parts)
    positions = []
    for file_parts, chars in zip(parts, char_positions, strict=True):
        bounds = _starts(file_parts)
        positions.append([chars[a:b] for a, b in itertools.pairwise(bounds)])
    return positions, length


def _align_texts(parts: list[list[str]]) -> tuple[list[np.ndarray], int]:
    """Merge the files' texts one by one into a reference; map each file's characters into it.

    The reference is kept cut at every sentence boundary seen so far. A text equal to it maps
    character for character. Otherwise sentences found once in each are matched whole first (as
    anchors), and characters only between anchors, so repeated wording cannot pair sentences
    from different places of the article.
    """
    units: list[str] = []
    positions: list[np.ndarray] = []
    for file_parts in parts:
        unit_starts, part_starts = _starts(units), _starts(file_parts)
        if "".join(units) == "".join(file_parts):
            text = "".join(units)
            positions.append(np.arange(len(text)))
            bounds = sorted(set(unit_starts) | set(part_starts))
            units = [text[c0:c1] for c0, c1 in itertools.pairwise(bounds)]
            continue
        moved = np.zeros(unit_starts[-1], dtype=int)  # old reference position -> new
        mine = np.zeros(part_starts[-1], dtype=int)
        merged: list[str] = []
        size = 0
        anchors = _anchors(units, file_parts), _anchors(file_parts, units)
        for tag, i1, i2, j1, j2 in SequenceMatcher(None, *anchors, autojunk=False).get_opcodes():
            a0, a1, b0, b1 = unit_starts[i1], unit_starts[i2], part_starts[j1], part_starts[j2]
            if tag == "equal":
                moved[a0:a1] = mine[b0:b1] = np.arange(size, size + a1 - a0)
                merged += units[i1:i2]
                size += a1 - a0
                continue
            ref_map, new_map, text = _merge_chars("".join(units[i1:i2]), "".join(file_parts[j1:j2]))
            moved[a0:a1], mine[b0:b1] = size + ref_map, size + new_map
            cuts = {0, len(text)} | {int(ref_map[k - a0]) for k in unit_starts[i1:i2] if k < a1}
            cuts |= {int(new_map[k - b0]) for k in part_starts[j1:j2] if k < b1}
            merged += [text[c0:c1] for c0, c1 in itertools.pairwise(sorted(cuts))]
            size += len(text)
        positions = [moved[chars] for chars in positions] + [mine]
        units = merged
    return positions, sum(map(len, units))


def _anchors(parts: list[str], other: list[str]) -> list:
    """``parts`` with each string not found exactly once in both lists made unmatchable."""
    mine, theirs = Counter(parts), Counter(other)
    return [part if mine[part] == theirs[part] == 1 else object() for part in parts]


def _merge_chars(reference: str, text: str) -> tuple[np.ndarray, np.ndarray, str]:
    """Both strings' characters as positions in their merge: matched ones share a position."""
    ref_map = np.zeros(len(reference), dtype=int)
    new_map = np.zeros(len(text), dtype=int)
    merged: list[str] = []
    size = 0
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, reference, text, autojunk=False).get_opcodes():
        if tag != "insert":
            ref_map[i1:i2] = np.arange(size, size + i2 - i1)
            merged.append(reference[i1:i2])
            size += i2 - i1
        if tag == "equal":
            new_map[j1:j2] = ref_map[i1:i2]
        elif tag != "delete":
            new_map[j1:j2] = np.arange(size, size + j2 - j1)
            merged.append(text[j1:j2])
            size += j2 - j1
    return ref_map, new_map, "".join(merged)


def _starts(parts: list[str]) -> list[int]:
    """Where each string starts in their concatenation, and the total length last."""
    return [0, *itertools.accumulate(map(len, parts))]


def _normalise(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold().split())


def _offset(value) -> int | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return int(number) if number.is_integer() and number >= 0 else None


def _note(value) -> str | None:
    return (value.strip() or None) if isinstance(value, str) else None
