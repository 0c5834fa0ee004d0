"""Speakers of every quotation sentence of whole articles: pronouns resolved to the article's
earlier speakers, and unattributed quotes given the speaker of the quote they continue.

Sentence numbers in the reasons ("continues the quote of sentence 5") count the article's rows
as given, from 0.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

from ..errors import InputError
from .lexicon import PERSONAL_PRONOUNS
from .read import NOT_A_QUOTE, Attribution, read_attribution
from .speaker_model import SpeakerModel

CONTINUATION_GAP = 1  # sentences that are not quotes allowed between a quote and its continuation


def attribute_sentences(
    texts: Sequence[str],
    articles: Sequence[Hashable],
    is_quote: Sequence[bool],
    model: SpeakerModel | None = None,
) -> list[Attribution]:
    """One ``Attribution`` per row of ``texts`` (in article order; ``articles`` tells which
    consecutive rows share an article); rows that are not quotations get ``NOT_A_QUOTE``."""
    if not len(texts) == len(articles) == len(is_quote):
        raise InputError(
            f"attribute_sentences: {len(texts)} texts, {len(articles)} articles and "
            f"{len(is_quote)} quotation flags; give one article and one flag per text"
        )
    found = [NOT_A_QUOTE] * len(texts)
    start = 0
    while start < len(texts):
        end = start + 1
        while end < len(texts) and articles[end] == articles[start]:
            end += 1
        _attribute_article(texts, is_quote, start, end, model, found)
        start = end
    return found


def _attribute_article(texts, is_quote, start, end, model, found) -> None:
    quotes = [i for i in range(start, end) if is_quote[i]]
    last_named, last_role = None, None  # (speaker, sentence) of the latest of each kind
    for i in quotes:
        own = read_attribution(str(texts[i]), model)
        if own.kind == "pronoun" and not own.why.startswith("pronoun 'who'"):
            own = _resolve(own, last_named, last_role)
        elif own.kind == "named" or own.why.startswith("pronoun 'who'"):
            last_named = (own.speaker, i - start)
        elif own.kind in ("role", "anonymous"):
            last_role = (own.speaker, i - start)
        found[i] = own
    origin = {}  # row -> the row whose speaker it carries
    for i in quotes:
        if found[i].kind != "none":
            origin[i] = i
            continue
        source = _find_continued(found, is_quote, origin, i, start, end)
        if source is not None:
            root = origin[source]
            speaker = found[root]
            found[i] = Attribution(
                speaker.speaker, speaker.kind, speaker.cue, _continuation(i, root, start)
            )
            origin[i] = root


def _resolve(own: Attribution, last_named, last_role) -> Attribution:
    """A pronoun's speaker: "he"/"she"/"I" take the latest named speaker, "they"/"it"/"we" the
    latest role (an organisation, a group), else the latest named one."""
    pronoun = own.speaker.lower()
    earlier = last_named if pronoun in PERSONAL_PRONOUNS else (last_role or last_named)
    if earlier is None:
        return Attribution(own.speaker, own.kind, own.cue, own.why + ", no earlier speaker")
    speaker, sentence = earlier
    why = f"pronoun '{pronoun}' resolved to {speaker} (sentence {sentence})"
    return Attribution(speaker, own.kind, own.cue, why)


def _find_continued(found, is_quote, origin, i, start, end) -> int | None:
    """The quote sentence whose speaker row ``i`` takes: the quote just before it, else the first
    attributed quote of the run it opens, else a quote at most ``CONTINUATION_GAP`` rows back."""
    if i > start and is_quote[i - 1] and (i - 1) in origin:
        return i - 1
    if i == start or not is_quote[i - 1]:
        after = i + 1
        while after < end and is_quote[after]:
            if found[after].kind != "none" and not found[after].why.startswith("continues"):
                origin.setdefault(after, after)
                return after
            after += 1
    back = i - 1
    while back >= start and i - back <= CONTINUATION_GAP + 1:
        if is_quote[back] and back in origin:
            return back
        back -= 1
    return None


def _continuation(i: int, root: int, start: int) -> str:
    if root > i:
        return f"the quote attributed in sentence {root - start}"
    return f"continues the quote of sentence {root - start}"
