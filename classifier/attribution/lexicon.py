"""The words the speaker reader knows by heart: reporting verbs, pronouns, titles, determiners.

Constants only. They are copied here, not imported from ``profile``, because ``profile`` sits in a
higher layer than ``attribution`` and will itself read speakers through this package.
"""

from __future__ import annotations

SPEAKER_KINDS = ("named", "role", "anonymous", "pronoun", "none")

# Reporting verbs in the forms a cue takes. A learned model adds the cue words of its training set.
REPORTING_VERBS = frozenset(
    (
        "said says say saying told tells tell telling added adds adding stated states stating "
        "noted notes noting stressed stresses explained explains explaining insisted insists "
        "claimed claims claiming argued argues arguing warned warns warning declared declares "
        "announced announces wrote writes writing asked asks replied replies responded responds "
        "commented comments remarked remarks acknowledged acknowledges admitted admits confirmed "
        "confirms denied denies reiterated reiterates emphasized emphasised urged urges tweeted "
        "tweets expressed hinted vowed vows slammed blasted conceded alleged alleges boasted "
        "recalled recalls predicted predicts pointed threatened threatens blamed blames demanded "
        "demands accused accuses called calls calling condemned condemns criticised criticized "
        "continued continues suggested suggests suggesting reported reports described describes "
        "concluded agreed revealed promised praised complained defended mused quipped joked "
        "countered observed posted reads read according thinks believes believe think"
    ).split()
)
# Cues that are never the sentence's speech verb on their own: "called" in "a man called Smith".
WEAK_CUES = frozenset("read reads called calls calling think thinks believe believes".split())
PRONOUNS = frozenset("he she they it we i you who".split())
PERSONAL_PRONOUNS = frozenset("he she i who".split())
DETERMINERS = frozenset(
    "the a an this that these those his her their its our my your one two three four five "
    "several some many most other another few both all each numerous".split()
)
# A speaker that starts with one of these is an unnamed individual ("a senior official").
ANONYMOUS_STARTS = frozenset(
    "a an one two three four five several some many other another few numerous".split()
)
ANONYMOUS_HEADS = frozenset(
    "source sources insider insiders person people someone official officials".split()
)
ANONYMOUS_MARKS = ("familiar with", "close to", "briefed on", "anonymity", "unnamed", "anonymous")
# Words that sit between a speaker and its verb: "Smith has also said", "police later said".
SKIPPED = frozenset(
    "also has have had was were is are later then again would will could may might did does "
    "do not never n't once already previously recently repeatedly reportedly publicly "
    "privately first last often frequently since just even still".split()
)
# Capitalised words that are titles: "Russian President" alone is a role, not a name.
TITLES = frozenset(
    (
        "president vice prime minister secretary senator sen sen. rep rep. representative gov "
        "gov. governor mayor chairman chairwoman chair director spokesman spokeswoman "
        "spokesperson chief general gen gen. mr mr. mrs mrs. ms ms. dr dr. judge justice king "
        "queen prince pope ambassador commissioner attorney speaker leader candidate nominee "
        "professor prof prof. rev rev. sheriff officer lt lt. col col. sgt sgt. capt capt. "
        "congressman congresswoman councilman adviser advisor aide analyst executive ceo "
        "founder head deputy former acting state senior top"
    ).split()
)
# Lower-case words a name may hold between capitalised ones: "Bank of England", "bin Salman".
NAME_CONNECTORS = frozenset("of the de del da di du la le al bin ibn van von for and".split())
# Words after which a capitalised run does not start a speaker: sentence openers.
OPENERS = frozenset(
    "but and or so yet as in on at after before when while if then also however meanwhile "
    "earlier later last still now today yesterday monday tuesday wednesday thursday friday "
    "saturday sunday this that there here though although despite even since because yet "
    "especially instead indeed still thus here".split()
)
QUOTE_MARKS = frozenset("\"“”«»„‘’'`")
# Words that end a speaker phrase to the right of its cue ("said Smith, who ...").
RIGHT_STOPS = frozenset(
    "that in on at to of for with about after before during when while who which as if "
    "because but and or".split()
)
