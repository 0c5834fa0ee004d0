"""Tag news sentences as reporting, quotation, opinion or boilerplate, and profile sources.

The Python API mirrors the CLI::

    from classifier import load_model, tag_text, tag_articles, train
    model, card = load_model("models/default")
    tagged_df = tag_text(model, "Putin said talks went well. It was a mistake.")
    model, card = train(labels_df)          # labels_df in the label schema

HTML pages and crawls, with the shipped page model beside the content model::

    from classifier import load_tagger, read_articles, tag_articles
    tagger = load_tagger("models/default", "models/pages")
    tagged_df = tag_articles(tagger, read_articles(["saved-pages/"]).to_frame())
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from .version import __version__

# Where each name of the API lives. They load on first use, so that ``import classifier`` (and the
# command line, which imports the package first) costs only the modules a command needs.
_API = {
    "load_model": ".model.store",
    "load_tagger": ".model.paged",
    "profile_sources": ".profile.profiles",
    "read_articles": ".inputs.articles",
    "read_labels": ".inputs.labels",
    "save_model": ".model.store",
    "segment_articles": ".text.segment",
    "split_sentences": ".text.segment",
    "tag_articles": ".tagging.tag",
    "tag_sentences": ".tagging.tag",
    "tag_text": ".tagging.tag",
    "train": ".model.train",
}

if TYPE_CHECKING:
    from .inputs.articles import read_articles
    from .inputs.labels import read_labels
    from .model.paged import load_tagger
    from .model.store import load_model, save_model
    from .model.train import train
    from .profile.profiles import profile_sources
    from .tagging.tag import tag_articles, tag_sentences, tag_text
    from .text.segment import segment_articles, split_sentences

__all__ = [
    "__version__",
    "load_model",
    "load_tagger",
    "profile_sources",
    "read_articles",
    "read_labels",
    "save_model",
    "segment_articles",
    "split_sentences",
    "tag_articles",
    "tag_sentences",
    "tag_text",
    "train",
]


def __getattr__(name: str):
    if name not in _API:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(_API[name], __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
