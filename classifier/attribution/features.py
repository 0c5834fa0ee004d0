"""What the scorer sees of a speaker candidate: feature strings, and the hand-set rule score.

The features are plain strings ("side:left", "cue:said", "head:official"); the learned model
keeps one weight per string, so scoring is a few dictionary look-ups and no hashing library.
"""

from __future__ import annotations

from .lexicon import QUOTE_MARKS, WEAK_CUES

# Hand-set scores of the rules-only reader, by the side of the cue the speaker stands on.
RULE_SIDE_SCORES = {
    "left": 3.0,
    "according": 3.2,
    "apposed": 2.8,
    "apposition": 1.5,
    "right": 2.0,
    "colon": 1.2,
    "subject": 0.0,  # off: an opening phrase is a speaker too rarely for a fixed rule
}
RULE_THRESHOLD = 1.0  # a best rule score at or below this means "no speaker in this sentence"
_AFTER_QUOTE = frozenset(QUOTE_MARKS | {",", ":", "<s>"})
_PREPOSITIONS = frozenset(
    "in on at of from to into with for by near over across beyond against about under between "
    "through after before during without within".split()
)


def describe_candidate(
    lower: list[str], candidate: tuple, rank: int, kind: str, quoted: int
) -> list[str]:
    """The feature strings of one candidate (``rank``: its cue's place among the sentence's cues;
    ``quoted``: 1 when its cue stands inside quote marks)."""
    start, end, cue, cue_end, side, skipped = candidate
    count = len(lower)
    verb = lower[cue]
    head = lower[end - 1]
    before = lower[start - 1] if start else "<s>"
    after = lower[end] if end < count else "</s>"
    before_cue = lower[cue - 1] if cue else "<s>"
    after_cue = lower[cue_end] if cue_end < count else "</s>"
    length = min(end - start, 6)
    place = 4 * cue // count
    return [
        "side:" + side,
        "cue:" + verb,
        f"side_cue:{side}:{verb}",
        "kind:" + kind,
        f"side_kind:{side}:{kind}",
        "head:" + head,
        f"side_head:{side}:{head}",
        "first:" + lower[start],
        "before:" + before,
        f"side_before:{side}:{before}",
        "after:" + after,
        "before_cue:" + before_cue,
        f"side_before_cue:{side}:{before_cue}",
        "after_cue:" + after_cue,
        f"side_after_cue:{side}:{after_cue}",
        f"length:{length}",
        f"side_length:{side}:{length}",
        f"quoted:{quoted}",
        f"side_quoted:{side}:{quoted}",
        f"rank:{min(rank, 3)}",
        f"side_rank:{side}:{min(rank, 3)}",
        f"skipped:{skipped}",
        f"place:{place}",
        f"side_place:{side}:{place}",
        f"kind_cue:{kind}:{verb}",
    ]


def score_by_rules(lower: list[str], candidate: tuple, rank: int, kind: str, quoted: int) -> float:
    """The rules-only reader's preference for a candidate: the nearest phrase before the first
    reporting verb outside quote marks, "according to X", and "..., said X" after a quote."""
    start, end, cue, cue_end, side, skipped = candidate
    score = RULE_SIDE_SCORES[side] - 0.4 * rank - 0.3 * skipped
    verb = lower[cue]
    if verb in WEAK_CUES:
        score -= 1.5
    if quoted:
        score -= 1.5
    if side == "right":
        before_cue = lower[cue - 1] if cue else "<s>"
        if before_cue not in _AFTER_QUOTE:
            score -= 1.5
        if kind == "role" and end - start == 1:
            score -= 1.0  # "told reporters", "said yesterday"
    if side in ("left", "apposed") and start and lower[start - 1] in _PREPOSITIONS:
        score -= 1.5  # "in Idlib, said the official": a place, not the subject
    if side == "colon" and kind != "named":
        score -= 1.0
    if kind == "role" and end - start > 4:
        score -= 0.8
    return score
