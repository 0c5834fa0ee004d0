"""Who a quotation sentence quotes: its speaker as written, the speaker's kind and the cue.

Cheap rules find cue candidates (reporting verbs, "according to", an early colon) and the phrases
around them that could be the speaker (``candidates``); a hand-set score (``features``) or a
learned linear one (``speaker_model``, trained by ``fit``) picks one (``read``); across an
article, pronouns are resolved and continued quotes inherit their speaker (``articles``).
Prediction needs only numpy and the standard library.
"""

from .articles import attribute_sentences
from .fit import fit_speaker_model
from .kinds import kind_of_phrase
from .lexicon import SPEAKER_KINDS
from .read import NOT_A_QUOTE, Attribution, read_attribution
from .speaker_model import SpeakerModel

__all__ = [
    "NOT_A_QUOTE",
    "SPEAKER_KINDS",
    "Attribution",
    "SpeakerModel",
    "attribute_sentences",
    "fit_speaker_model",
    "kind_of_phrase",
    "read_attribution",
]
