"""The speaker, kind and cue of one quotation sentence read alone."""

from __future__ import annotations

from dataclasses import dataclass

from .candidates import find_candidates, find_cues, phrase_start, split_tokens
from .features import RULE_THRESHOLD, describe_candidate, score_by_rules
from .kinds import classify_speaker, join_words
from .lexicon import QUOTE_MARKS, REPORTING_VERBS
from .speaker_model import SpeakerModel


@dataclass(frozen=True)
class Attribution:
    """Who a quotation sentence quotes, as written, and why the reader thinks so."""

    speaker: str  # as written; a resolved pronoun's earlier speaker; "" when none found
    kind: str  # one of SPEAKER_KINDS ("" on a row that is not a quotation)
    cue: str  # the reporting verb or phrase as written; "" when none
    why: str  # one short reason, for --explain


NOT_A_QUOTE = Attribution("", "", "", "")
_WHERE = {
    "left": "before cue '{cue}'",
    "right": "after cue '{cue}'",
    "according": "after '{cue}'",
    "colon": "before a colon",
    "apposed": "before an apposition and cue '{cue}'",
    "apposition": "in an apposition before cue '{cue}'",
    "subject": "opening the sentence before '{cue}'",
}


def list_candidates(
    text: str, cue_words: frozenset[str], *, subjects: bool = True
) -> tuple[list, list]:
    """The sentence's lower-cased tokens and its candidates as ``(candidate, rank, kind, quoted,
    tokens)`` rows (``tokens``: the sentence's tokens, shared by every row); ``subjects``: see
    ``find_candidates``."""
    tokens = split_tokens(text)
    lower = [token.lower() for token in tokens]
    cues = find_cues(tokens, lower, cue_words)
    rank = {cue: place for place, (cue, _) in enumerate(cues)}
    quoted: dict[int, int] = {}
    rows = []
    for candidate in find_candidates(tokens, lower, cues, subjects=subjects):
        start, end, cue = candidate[0], candidate[1], candidate[2]
        if cue not in quoted:
            quoted[cue] = sum(map(QUOTE_MARKS.__contains__, tokens[:cue])) % 2
        kind = classify_speaker(tokens[start:end], lower[start:end])
        rows.append((candidate, rank.get(cue, len(cues)), kind, quoted[cue], tokens))
    return lower, rows


def read_attribution(text: str, model: SpeakerModel | None = None) -> Attribution:
    """Speaker, kind, cue and reason of one quotation sentence read alone: a pronoun speaker
    stays the pronoun ("he"), except "who", which takes the phrase it follows in the sentence.
    With ``model`` the learned scorer picks among the candidates, without it the rules do."""
    if model is None:
        lower, rows = list_candidates(text, REPORTING_VERBS, subjects=False)
    else:
        lower, rows = list_candidates(text, model.cue_words)
    if not rows:
        return Attribution("", "none", "", "no reporting verb, 'according to' or colon")
    best, best_score = None, model.threshold if model else RULE_THRESHOLD
    for row in rows:
        candidate, rank, kind, quoted, _ = row
        if model is None:
            score = score_by_rules(lower, candidate, rank, kind, quoted)
        else:
            score = model.score(describe_candidate(lower, candidate, rank, kind, quoted))
        if score > best_score:
            best, best_score = row, score
    if best is None:
        return Attribution("", "none", "", "a cue but no speaker before or after it")
    return _describe(best, lower)


def _describe(row: tuple, lower: list[str]) -> Attribution:
    (start, end, cue, cue_end, side, _), _, kind, _, tokens = row
    speaker = join_words(tokens[start:end])
    cue_text = join_words(tokens[cue:cue_end])
    where = _WHERE[side].format(cue=cue_text.lower())
    if kind != "pronoun":
        return Attribution(speaker, kind, cue_text, f"{kind} speaker {where}")
    pronoun = lower[start]
    if pronoun == "who" and start >= 2 and tokens[start - 1] == ",":
        first = phrase_start(tokens, lower, start - 2)
        if first >= 0:
            antecedent = join_words(tokens[first : start - 1])
            why = f"pronoun 'who' refers to {antecedent} (same sentence), {where}"
            return Attribution(antecedent, kind, cue_text, why)
    return Attribution(speaker, kind, cue_text, f"pronoun '{pronoun}' {where}")
