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

from .inputs.articles import read_articles
from .inputs.labels import read_labels
from .model.paged import load_tagger
from .model.store import load_model, save_model
from .model.train import train
from .profile.profiles import profile_sources
from .tagging.tag import tag_articles, tag_sentences, tag_text
from .text.segment import segment_articles, split_sentences
from .version import __version__

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
