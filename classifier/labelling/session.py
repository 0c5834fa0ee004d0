"""The state of one labelling session, apart from any screen: what is shown, what was labelled,
what comes next. The terminal interface drives it; tests can drive it directly.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import ClassifierError
from ..schema import DOC_ID, LABELS, SENT_INDEX, SOURCE, TEXT
from .order import count_labels, next_batch, sentence_keys, unlabelled_positions
from .store import LabelStore

CONTEXT_SENTENCES = 2
REFIT_EVERY = 20
MIN_LABELS_TO_REFIT = 30


@dataclass
class Suggestion:
    label: str
    confidence: float


class LabelSession:
    """Sentences to label, in the chosen order, written to ``store`` as they are labelled.

    ``predict`` maps the sentences DataFrame to ``(classes, probabilities)``; ``refit`` maps the
    labels so far to a new ``predict`` (run in the background every ``refit_every`` labels).
    ``only`` (positions in ``sentences_df``) limits the sentences offered, as adjudication does;
    the others still give context.
    """

    def __init__(
        self,
        sentences_df: pd.DataFrame,
        store: LabelStore,
        *,
        order: str,
        predict: Callable | None = None,
        refit: Callable | None = None,
        refit_every: int = REFIT_EVERY,
        seed: int = 0,
        titles: dict[str, str] | None = None,
        only: np.ndarray | None = None,
    ):
        self.sentences_df = sentences_df.reset_index(drop=True)
        self.store = store
        self.order = order
        self.refit = refit
        self.refit_every = refit_every
        self.seed = seed
        self.titles = titles or {}
        self.keys = sentence_keys(self.sentences_df).to_numpy()
        self._offered = None if only is None else np.asarray(only, dtype=np.int64)
        self._done = set(self.keys) & set(sentence_keys(store.labels_df)) if len(store) else set()
        # Positions of each article's sentences in reading order, for the context lines.
        by_article = self.sentences_df.sort_values([SOURCE, DOC_ID, SENT_INDEX], kind="stable")
        groups = by_article.groupby([SOURCE, DOC_ID], sort=False).indices
        self._articles = [np.sort(by_article.index.to_numpy()[rows]) for rows in groups.values()]
        self._article_of = np.empty(len(self.sentences_df), dtype=np.int64)
        for number, positions in enumerate(self._articles):
            self._article_of[positions] = number
        self.classes: list[str] = []
        self.probabilities: np.ndarray | None = None
        if predict is not None:
            self.classes, self.probabilities = predict(self.sentences_df)
        self.queue: list[int] = []
        self.history: list[int] = []
        self.labelled: list[int] = []  # positions labelled this session, for undo
        self.skipped: set[int] = set()
        self.current: int | None = None
        self.refits = 0
        self.macro_f1: float | None = None  # of the last refit, when it was measured
        self._since_refit = 0
        self._refit_lock = threading.Lock()
        self._refitting = False
        self.message = ""
        self._advance()  # also sets _shown_at: when the current sentence came on screen

    # What the screen shows.

    def sentence(self, position: int) -> dict:
        return self.sentences_df.iloc[position].to_dict()

    def context(self, position: int, *, around: int = CONTEXT_SENTENCES):
        """The sentences before and after ``position`` in its article."""
        article = self._articles[self._article_of[position]]
        at = int(np.searchsorted(article, position))
        texts = self.sentences_df[TEXT]
        before = [str(texts.iloc[p]) for p in article[max(0, at - around) : at]]
        after = [str(texts.iloc[p]) for p in article[at + 1 : at + 1 + around]]
        return before, after

    def suggestion(self, position: int) -> Suggestion | None:
        if self.probabilities is None:
            return None
        row = self.probabilities[position]
        best = int(np.argmax(row))
        return Suggestion(str(self.classes[best]), float(row[best]))

    def existing_label(self, position: int) -> str | None:
        return self.store.label_of(self.keys[position])

    @property
    def remaining(self) -> int:
        if self._offered is None:
            return len(self.keys) - len(self._done)
        return sum(self.keys[p] not in self._done for p in self._offered)

    @property
    def is_refitting(self) -> bool:
        return self._refitting

    # Actions.

    def give(self, label: str, *, note: str = "") -> None:
        if self.current is None:
            return
        if label not in LABELS:
            raise ValueError(f"unknown label {label!r}")
        position = self.current
        seconds = time.monotonic() - self._shown_at
        self.store.add(self.sentence(position), label, note=note, seconds=seconds)
        self._done.add(self.keys[position])
        if position in self.labelled:
            self.labelled.remove(position)
        self.labelled.append(position)
        self.message = f"labelled {label}"
        self._since_refit += 1
        self._advance()

    def accept(self, *, note: str = "") -> None:
        suggestion = None if self.current is None else self.suggestion(self.current)
        if suggestion is None:
            self.message = "no suggestion to accept: there is no model"
            return
        self.give(suggestion.label, note=note)

    def skip(self) -> None:
        if self.current is None:
            return
        self.skipped.add(self.current)
        self.message = "skipped"
        self._advance()

    def undo(self) -> None:
        """Take back the last label given in this session and show that sentence again."""
        if not self.labelled:
            self.message = "nothing to undo in this session"
            return
        position = self.labelled.pop()
        self.store.remove(self.keys[position])
        self._done.discard(self.keys[position])
        self._since_refit = max(0, self._since_refit - 1)
        self._show_again(position)
        self.message = "undone: label removed from the file"

    def back(self) -> None:
        """Show the previous sentence again (a new label replaces the one it has)."""
        if not self.history:
            self.message = "this is the first sentence of the session"
            return
        self._show_again(self.history.pop())
        self.message = "back"

    def _show_again(self, position: int) -> None:
        if self.current is not None:
            self.queue.insert(0, self.current)
        if position in self.history:  # it is on screen again, so "back" goes before it
            del self.history[len(self.history) - 1 - self.history[::-1].index(position)]
        self.skipped.discard(position)
        if position in self.queue:
            self.queue.remove(position)
        self.current = position
        self._shown_at = time.monotonic()

    def _advance(self) -> None:
        if self.current is not None:
            self.history.append(self.current)
        self.current = self._next_position()
        self._shown_at = time.monotonic()

    def _next_position(self) -> int | None:
        while True:
            while self.queue:
                position = self.queue.pop(0)
                if self.existing_label(position) is None and position not in self.skipped:
                    return position
            self._fill_queue()
            if not self.queue:
                if self.skipped:  # everything else is done: offer the skipped ones again
                    self.queue, self.skipped = sorted(self.skipped), set()
                    continue
                return None

    def _fill_queue(self) -> None:
        candidates = unlabelled_positions(self.sentences_df, self.store.labels_df)
        if self._offered is not None:
            candidates = np.intersect1d(candidates, self._offered)
        candidates = np.array([c for c in candidates if c not in self.skipped], dtype=np.int64)
        recent = [str(self.sentences_df[TEXT].iloc[p]) for p in self.history[-20:]]
        self.queue = next_batch(
            candidates,
            order=self.order,
            texts=self.sentences_df[TEXT],
            probabilities=self.probabilities,
            classes=self.classes,
            label_counts=count_labels(self.store.labels_df),
            recent_texts=recent,
            seed=self.seed + len(self.history),
        )

    # Refitting in the background.

    def wants_refit(self) -> bool:
        return (
            self.refit is not None
            and not self._refitting
            and self._since_refit >= self.refit_every
            and len(self.store) >= MIN_LABELS_TO_REFIT
            and self.store.labels_df["label"].nunique() >= 2
        )

    def start_refit(self, on_done: Callable[[], None] | None = None) -> threading.Thread:
        """Refit on the labels so far in a thread; the new order applies from the next sentence."""
        labels_df = self.store.labels_df.copy()
        self._refitting = True
        self._since_refit = 0

        def work():
            try:
                predict = self.refit(labels_df)
                classes, probabilities = predict(self.sentences_df)
                with self._refit_lock:
                    self.classes, self.probabilities = classes, probabilities
                    self.queue = []
                    self.refits += 1
                    self.macro_f1 = getattr(predict, "macro_f1", None)
                    scored = (
                        ""
                        if self.macro_f1 is None
                        else f", cross-validated macro-F1 {self.macro_f1:.2f}"
                    )
                    self.message = f"model refitted on {len(labels_df)} labels{scored}"
            except (ClassifierError, ValueError) as error:  # shown; the session goes on
                self.message = f"refit failed, keeping the previous order: {error}"
            finally:
                self._refitting = False
                if on_done is not None:
                    on_done()

        thread = threading.Thread(target=work, daemon=True)
        thread.start()
        return thread
