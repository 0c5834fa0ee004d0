"""Tag news sentences as reporting, quotation, opinion or boilerplate, and profile sources.

The Python API mirrors the CLI::

    from classifier import load_model, tag_text, tag_articles, train
    model, card = load_model("models/default")
    tagged_df = tag_text(model, "Putin said talks went well. It was a mistake.")
    model, card = train(labels_df)          # labels_df in the label schema
"""

from .inputs.labels import read_labels
from .model.store import load_model, save_model
from .model.train import train
from .profile.profiles import profile_sources
from .tagging.tag import tag_articles, tag_sentences, tag_text
from .text.segment import segment_articles, split_sentences
from .version import __version__

__all__ = [
    "__version__",
    "load_model",
    "profile_sources",
    "read_labels",
    "save_model",
    "segment_articles",
    "split_sentences",
    "tag_articles",
    "tag_sentences",
    "tag_text",
    "train",
]
