"""One labelling session, driven as the terminal interface drives it, on a real labels file."""

import shutil

import numpy as np
import pandas as pd
import pytest

from classifier.errors import TrainingError
from classifier.inputs.articles import read_articles
from classifier.inputs.labels import read_label_file
from classifier.labelling.pool import refit_predictor
from classifier.labelling.session import MIN_LABELS_TO_REFIT, LabelSession
from classifier.labelling.store import LabelStore
from classifier.model.train import train
from classifier.schema import LABELS
from classifier.text.segment import segment_articles

from ..conftest import SEED_LABELS, SEEDS

# Two short articles, one sentence per row, as the segmenter would give them.
ARTICLES = {
    ("a1", "Daily Bugle"): [
        "Logo",
        "The minister met the unions on Tuesday.",
        "“We must talk,” she said.",
        "Talks resume today.",
    ],
    ("a2", "Herald"): [
        "It is a disgrace.",
        "Read more",
        "The vote was delayed again.",
    ],
}


def sentences_frame() -> pd.DataFrame:
    rows = []
    for (doc_id, source), texts in ARTICLES.items():
        start = 0
        for index, text in enumerate(texts):
            rows.append((doc_id, source, index, start, start + len(text), text))
            start += len(text) + 1
    return pd.DataFrame(rows, columns=["doc_id", "source", "sent_index", "start", "end", "text"])


SENTENCES = sentences_frame()
COUNT = len(SENTENCES)


def new_session(path, **kwargs) -> LabelSession:
    return LabelSession(
        SENTENCES, LabelStore(path), order=kwargs.pop("order", "sequential"), **kwargs
    )


def on_disk(path) -> dict[tuple, str]:
    """(doc_id, sent_index) -> label, as the labels file holds them; {} for a header-only file."""
    frame = pd.read_csv(path, dtype={"doc_id": str})
    return {
        (d, int(i)): label
        for d, i, label in zip(frame["doc_id"], frame["sent_index"], frame["label"], strict=True)
    }


def where(position) -> tuple:
    row = SENTENCES.iloc[position]
    return (row["doc_id"], int(row["sent_index"]))


def test_starts_at_the_first_sentence_with_its_context(tmp_path):
    session = new_session(tmp_path / "mine.csv")
    assert session.current == 0
    assert session.remaining == COUNT
    assert session.sentence(0)["text"] == "Logo"
    assert session.context(2) == (
        ["Logo", "The minister met the unions on Tuesday."],
        ["Talks resume today."],
    )
    # Context stays inside the article.
    assert session.context(4) == ([], ["Read more", "The vote was delayed again."])
    assert session.context(2, around=1) == (
        ["The minister met the unions on Tuesday."],
        ["Talks resume today."],
    )
    assert session.suggestion(0) is None


def test_give_writes_the_label_at_once_and_moves_on(tmp_path):
    path = tmp_path / "mine.csv"
    session = new_session(path)
    session.give("boilerplate")
    assert on_disk(path) == {("a1", 0): "boilerplate"}
    assert session.current == 1
    assert session.message == "labelled boilerplate"
    session.give("reporting", note="dateline")
    assert on_disk(path) == {("a1", 0): "boilerplate", ("a1", 1): "reporting"}
    assert list(read_label_file(path)["note"]) == ["", "dateline"]
    assert session.remaining == COUNT - 2


def test_unknown_label_is_refused_and_nothing_written(tmp_path):
    path = tmp_path / "mine.csv"
    session = new_session(path)
    with pytest.raises(ValueError, match=r"^unknown label 'gossip'$"):
        session.give("gossip")
    assert not path.exists()
    assert session.current == 0


def test_session_ends_when_everything_is_labelled(tmp_path):
    path = tmp_path / "mine.csv"
    session = new_session(path)
    shown = []
    while session.current is not None:
        shown.append(session.current)
        session.give("reporting")
    assert shown == list(range(COUNT))
    assert session.remaining == 0
    assert len(on_disk(path)) == COUNT
    session.give("opinion")  # nothing is shown: nothing happens
    session.skip()
    assert set(on_disk(path).values()) == {"reporting"}


def test_skipped_sentences_come_back_once_everything_else_is_done(tmp_path):
    path = tmp_path / "mine.csv"
    session = new_session(path)
    session.skip()
    assert session.message == "skipped"
    session.give("reporting")  # 1
    session.skip()  # 2
    shown = []
    while session.current is not None:
        shown.append(session.current)
        session.give("opinion")
    assert shown == [3, 4, 5, 6, 0, 2]
    assert len(on_disk(path)) == COUNT


def test_undo_removes_the_label_from_the_file_and_shows_the_sentence_again(tmp_path):
    path = tmp_path / "mine.csv"
    session = new_session(path)
    session.give("boilerplate")
    session.give("reporting")
    assert session.current == 2
    session.undo()
    assert on_disk(path) == {("a1", 0): "boilerplate"}
    assert session.current == 1
    assert session.message == "undone: label removed from the file"
    session.undo()
    assert on_disk(path) == {}
    assert session.current == 0
    session.undo()
    assert session.message == "nothing to undo in this session"
    # Labelling again goes on from where it was: 0, then 1, then 2.
    session.give("boilerplate")
    session.give("quotation")
    assert on_disk(path) == {("a1", 0): "boilerplate", ("a1", 1): "quotation"}
    assert session.current == 2


def test_back_shows_the_previous_sentence_and_a_new_label_replaces_its_row(tmp_path):
    path = tmp_path / "mine.csv"
    session = new_session(path)
    session.give("boilerplate")
    session.give("reporting")
    session.back()
    assert session.current == 1
    assert session.message == "back"
    assert session.existing_label(1) == "reporting"
    session.give("quotation")
    assert on_disk(path) == {("a1", 0): "boilerplate", ("a1", 1): "quotation"}
    assert len(pd.read_csv(path)) == 2
    assert session.current == 2  # where it was before going back


def test_back_to_a_skipped_sentence(tmp_path):
    path = tmp_path / "mine.csv"
    session = new_session(path)
    session.skip()
    session.back()
    assert session.current == 0
    session.give("boilerplate")
    assert on_disk(path) == {("a1", 0): "boilerplate"}
    assert session.current == 1


def test_back_at_the_start(tmp_path):
    session = new_session(tmp_path / "mine.csv")
    session.back()
    assert session.current == 0
    assert session.message == "this is the first sentence of the session"


def test_back_after_undo_shows_the_sentence_before(tmp_path):
    session = new_session(tmp_path / "mine.csv")
    session.give("boilerplate")
    session.give("reporting")
    session.undo()  # sentence 1 again, unlabelled
    assert session.current == 1
    session.back()
    assert session.current == 0


def test_a_new_session_resumes_and_never_shows_a_labelled_sentence(tmp_path):
    path = tmp_path / "mine.csv"
    first = new_session(path, order="random", seed=3)
    done = []
    for _ in range(3):
        done.append(first.current)
        first.give("reporting")

    second = new_session(path, order="random", seed=3)
    assert second.remaining == COUNT - 3
    shown = []
    while second.current is not None:
        shown.append(second.current)
        second.give("opinion")
    assert sorted(shown + done) == list(range(COUNT))
    assert {where(p) for p in done} <= on_disk(path).keys()
    assert all(on_disk(path)[where(p)] == "reporting" for p in done)


def test_a_new_session_on_a_fully_labelled_file_has_nothing_to_show(tmp_path):
    path = tmp_path / "mine.csv"
    first = new_session(path)
    while first.current is not None:
        first.give("reporting")
    assert new_session(path).current is None


def test_accept_without_a_model_labels_nothing(tmp_path):
    path = tmp_path / "mine.csv"
    session = new_session(path)
    session.accept()
    assert session.message == "no suggestion to accept: there is no model"
    assert session.current == 0
    assert not path.exists()


# Probabilities over LABELS (boilerplate, opinion, quotation, reporting): every row looks most
# like reporting, so no sentence is from the rarest label and the order is by margin alone.
MARGIN = [0.5, 0.05, 0.3, 0.02, 0.2, 0.4, 0.1]  # by position


def fixed_predict(sentences_df):
    assert len(sentences_df) == COUNT
    top = (1 + np.asarray(MARGIN)) / 2
    runner_up = 1 - top
    zeros = np.zeros(COUNT)
    return list(LABELS), np.column_stack([zeros, zeros, runner_up, top])


def test_with_a_model_the_order_follows_uncertainty(tmp_path):
    path = tmp_path / "mine.csv"
    session = new_session(path, order="uncertain", predict=fixed_predict)
    shown = []
    while session.current is not None:
        shown.append(session.current)
        session.give("reporting")
    assert shown == list(np.argsort(MARGIN, kind="stable"))
    assert shown == [3, 1, 6, 4, 2, 5, 0]


def test_accept_gives_the_suggestion(tmp_path):
    path = tmp_path / "mine.csv"
    session = new_session(path, order="uncertain", predict=fixed_predict)
    suggestion = session.suggestion(session.current)
    assert (suggestion.label, suggestion.confidence) == ("reporting", pytest.approx(0.51))
    session.accept(note="took it")
    assert on_disk(path) == {where(3): "reporting"}
    assert list(read_label_file(path)["note"]) == ["took it"]


def test_no_refit_with_too_few_labels(tmp_path):
    calls = []
    session = new_session(tmp_path / "mine.csv", refit=calls.append, refit_every=2)
    session.give("reporting")
    session.give("opinion")
    assert MIN_LABELS_TO_REFIT > 2
    assert not session.wants_refit()
    assert calls == []


@pytest.fixture(scope="module")
def seed_sentences():
    return segment_articles(read_articles([str(SEEDS)]).to_frame())


def seed_labels_missing_one_article(tmp_path):
    """The seed labels less the last article's non-opinion rows: its sentences are left to label.

    (The 106 seed labels cover every sentence of the seeds, so a session over all of them would
    have nothing to show; the opinion rows stay so every label keeps enough examples to train.)
    """
    path = tmp_path / "mine.csv"
    shutil.copyfile(SEED_LABELS, path)
    labels = pd.read_csv(path, dtype=str, keep_default_na=False)
    last = labels["doc_id"] == labels["doc_id"].iloc[-1]
    labels[~last | (labels["label"] == "opinion")].to_csv(path, index=False)
    return path


def refit_with_train(labels_df):
    model, _card = train(labels_df, cv=0)

    def predict(sentences_df):
        return [str(c) for c in model.classes_], model.predict_proba(sentences_df)

    return predict


def uniform(sentences_df):
    return list(LABELS), np.full((len(sentences_df), len(LABELS)), 1 / len(LABELS))


def test_refit_in_the_background_changes_the_suggestions(tmp_path, seed_sentences):
    path = seed_labels_missing_one_article(tmp_path)
    store = LabelStore(path)
    before = len(store)
    assert before >= MIN_LABELS_TO_REFIT
    session = LabelSession(
        seed_sentences,
        store,
        order="uncertain",
        predict=uniform,
        refit=refit_with_train,
        refit_every=2,
    )
    assert session.current is not None
    assert not session.wants_refit()
    session.give("reporting")
    assert not session.wants_refit()
    session.give("quotation")
    assert session.wants_refit()

    done = []
    thread = session.start_refit(on_done=lambda: done.append(True))
    assert not session.wants_refit()  # one refit at a time
    thread.join(timeout=60)
    assert not thread.is_alive()
    assert done == [True]
    assert session.refits == 1
    assert not session.is_refitting
    assert session.message == f"model refitted on {before + 2} labels"

    assert session.classes == list(LABELS)
    assert session.probabilities.shape == (len(seed_sentences), len(LABELS))
    np.testing.assert_allclose(session.probabilities.sum(axis=1), 1)
    assert session.probabilities.max(axis=1).mean() > 0.35  # uniform would be 0.25
    # The refitted model agrees with most of the labels it was fitted on.
    labelled = read_label_file(path)
    keys = seed_sentences["doc_id"] + "/" + seed_sentences["sent_index"].astype(str)
    position = {k: i for i, k in enumerate(keys)}
    suggested = [
        session.suggestion(position[f"{d}/{i}"]).label
        for d, i in zip(labelled["doc_id"], labelled["sent_index"], strict=True)
    ]
    assert np.mean(np.array(suggested) == labelled["label"].to_numpy()) > 0.8
    # Labelling goes on with the new model; the counter starts again.
    assert session.current is not None
    assert not session.wants_refit()
    session.give("reporting")
    session.give("reporting")
    assert session.wants_refit()


def test_the_real_refit_measures_its_cross_validated_macro_f1(tmp_path, seed_sentences):
    path = seed_labels_missing_one_article(tmp_path)
    session = LabelSession(
        seed_sentences,
        LabelStore(path),
        order="mixed",
        predict=None,
        refit=refit_predictor,
        refit_every=1,
    )
    session.give("reporting")
    session.start_refit().join(timeout=120)
    assert session.refits == 1
    assert 0.0 <= session.macro_f1 <= 1.0
    assert session.message.endswith(f"cross-validated macro-F1 {session.macro_f1:.2f}")
    assert session.probabilities is not None  # the mixed order now has a model to half follow


def test_failed_refit_keeps_the_previous_order(tmp_path, seed_sentences):
    path = seed_labels_missing_one_article(tmp_path)

    def refuse(labels_df):
        raise TrainingError("label 'opinion' has 1 example")

    session = LabelSession(
        seed_sentences,
        LabelStore(path),
        order="uncertain",
        predict=uniform,
        refit=refuse,
        refit_every=1,
    )
    session.give("reporting")
    assert session.wants_refit()
    session.start_refit().join(timeout=10)
    assert session.refits == 0
    assert session.message == (
        "refit failed, keeping the previous order: label 'opinion' has 1 example"
    )
    np.testing.assert_array_equal(session.probabilities, uniform(seed_sentences)[1])
    assert not session.is_refitting
