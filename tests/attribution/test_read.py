"""One sentence read alone: speaker, kind and cue in each position, by the rules."""

import pytest

from classifier.attribution import SPEAKER_KINDS, Attribution, read_attribution

CASES = [
    (
        "name_before_cue",
        '"The bridge will open in May," Olga Brandt said.',
        "Olga Brandt",
        "named",
        "said",
    ),
    (
        "cue_before_name",
        '"We have no money left," said Harold Finch.',
        "Harold Finch",
        "named",
        "said",
    ),
    (
        "titled_name",
        "Chief Inspector Mara Jovic told reporters the road stays shut.",
        "Chief Inspector Mara Jovic",
        "named",
        "told reporters",
    ),
    (
        "according_to",
        "According to the regional water board, the lake is safe.",
        "the regional water board",
        "role",
        "According to",
    ),
    ("colon", 'Mayor Tilda Kress: "Nobody will lose a home."', "Mayor Tilda Kress", "named", ":"),
    (
        "role",
        "The fire brigade said the blaze was under control by noon.",
        "The fire brigade",
        "role",
        "said",
    ),
    (
        "anonymous",
        "A senior hospital official said the ward would close.",
        "A senior hospital official",
        "anonymous",
        "said",
    ),
    (
        "familiar_with",
        "People familiar with the talks said a deal was near.",
        "People familiar with the talks",
        "anonymous",
        "said",
    ),
    ("pronoun", '"It was a long night," she added.', "she", "pronoun", "added"),
    (
        "apposition",
        "Ivo Sander, the club's treasurer, said the books were in order.",
        "Ivo Sander",
        "named",
        "said",
    ),
]


@pytest.mark.parametrize(
    ("text", "speaker", "kind", "cue"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_reads_speaker_kind_and_cue(text, speaker, kind, cue):
    found = read_attribution(text)
    assert (found.speaker, found.kind, found.cue) == (speaker, kind, cue)
    assert found.kind in SPEAKER_KINDS and found.why


def test_a_title_alone_is_a_role():
    assert read_attribution("The Dutch Minister said the port would reopen.").kind == "role"


def test_who_takes_the_phrase_it_follows():
    found = read_attribution("The vote was lost, said Rosa Lind, who said she would try again.")
    assert found.speaker == "Rosa Lind"


@pytest.mark.parametrize(
    "text",
    ['"This cannot go on."', "The river rose two metres overnight."],
    ids=["bare_quote", "no_cue"],
)
def test_no_source_is_kind_none(text):
    assert read_attribution(text) == Attribution("", "none", "", read_attribution(text).why)


# The sentences the reader before this one (pattern rules in profile/signals.py) was tested on:
# the kind it gave, and the speaker as this reader writes it (it keeps "the", and it names the
# anonymous source and the pronoun instead of leaving them blank).
OLD_RULES_CASES = [
    ("“We will not back down,” Putin said.", "named", "Putin"),
    ("Putin said the talks would continue next week.", "named", "Putin"),
    ("“The rules are clear,” said Ms Lee.", "named", "Ms Lee"),
    ("As Merkel noted, the rules have not changed.", "named", "Merkel"),
    ("But Johnson insisted the vote was fair.", "named", "Johnson"),
    ("On Monday Johnson said the vote was fair.", "named", "Johnson"),
    (
        "Russian President Vladimir Putin told reporters the war would end.",
        "named",
        "Russian President Vladimir Putin",
    ),
    (
        "The border stays shut, according to the Health Ministry, until May.",
        "named",
        "the Health Ministry",
    ),
    ("According to the Health Ministry, 40 people died.", "named", "the Health Ministry"),
    ("A senior official said the plan was dead.", "anonymous", "A senior official"),
    ("Sources say the deal is close.", "anonymous", "Sources"),
    ("The deal is close, sources told reporters.", "anonymous", "sources"),
    ("Two diplomats told reporters the talks had failed.", "anonymous", "Two diplomats"),
    ("An aide, speaking on condition of anonymity, said the talks failed.", "anonymous", "An aide"),
    (
        "People familiar with the matter said the deal was off.",
        "anonymous",
        "People familiar with the matter",
    ),
    ("“It is over,” he added.", "pronoun", "he"),
    ("She told reporters nothing had changed.", "pronoun", "She"),
    ("“We need more time.”", "none", ""),
    ("The talks will resume on Monday.", "none", ""),
]


@pytest.mark.parametrize(
    ("text", "kind", "speaker"),
    OLD_RULES_CASES,
    ids=[
        "quote-then-name-verb",
        "name-verb",
        "quote-verb-title-name",
        "as-name-noted",
        "drops-leading-but",
        "drops-leading-weekday",
        "title-and-full-name",
        "according-to-organisation",
        "according-to-at-sentence-start",
        "senior-official",
        "sources-say",
        "sources-told",
        "two-diplomats",
        "condition-of-anonymity",
        "familiar-with",
        "pronoun-added",
        "pronoun-told",
        "quote-alone",
        "no-speaker",
    ],
)
def test_the_cases_of_the_old_rules(text, kind, speaker):
    found = read_attribution(text)
    assert (found.kind, found.speaker) == (kind, speaker)
