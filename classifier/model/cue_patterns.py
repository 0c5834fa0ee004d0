"""The lexicons and patterns behind the cue features (``cues``), as plain constants.

The lexicons are deliberately small and general: they carry across outlets where word n-grams do
not. The patterns are RE2 patterns over text whose non-ASCII characters were replaced by ASCII
stand-ins of the same Python classes (see ``cues``), so every class here is ASCII.
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


SPEECH_VERBS = _words(
    "say says said saying tell tells told telling state states stated stating stress stresses "
    "stressed add adds added note notes noted urge urges urged demand demands demanded demanding "
    "blame blames blamed threaten threatens threatened declare declares declared announce "
    "announces announced reiterate reiterated warn warns warned insist insists insisted argue "
    "argues argued claim claims claimed explain explained ask asks asked reply replied "
    "acknowledge acknowledged admit admitted deny denies denied confirm confirms confirmed "
    "accuse accused criticise criticised criticize criticized slam slammed blast blasted "
    "condemn condemned hint hinted suggest suggested tweet tweeted write wrote "
    "call called calling describe described vow vowed pledge pledged promise promised "
    "recall recalled concede conceded predict predicted quip quipped remark remarked"
)
ATTRIBUTION_PHRASES = (
    r"according to|in a statement|in an interview|told reporters|said in|quoted as|"
    r"reported|reports|cited|citing|spokesman|spokeswoman|spokesperson|sources? (?:say|said)|"
    r"expressed (?:his|her|their|its) (?:condolences|hope|concern)|pointed out"
)
EVALUATIVE_WORDS = _words(
    "good bad best worst great terrible important crucial critical dangerous remarkable "
    "shameful disgraceful outrageous absurd ridiculous unacceptable disastrous tragic "
    "welcome troubling worrying alarming significant clear obvious wrong right fair unfair "
    "underscores underscore highlights reflects shows reveals proves signals marks "
    "rising clout failure success victory defeat crisis hypocrisy cynical naive "
    "should must ought deserve deserves needs"
)
HEDGES = _words(
    "may might could perhaps possibly probably likely unlikely apparently seemingly seems "
    "seem appears appear suggests allegedly reportedly presumably arguably"
)
INTENSIFIERS = _words(
    "very extremely highly truly really deeply clearly certainly undoubtedly surely "
    "absolutely totally completely utterly increasingly so too even only"
)
MODALS = _words("will would shall should can could may might must")
FIRST_PERSON = _words("i me my mine we us our ours myself ourselves")
SECOND_PERSON = _words("you your yours yourself yourselves")
BOILERPLATE_WORDS = _words(
    "advertisement advertising sponsored subscribe subscription newsletter sign login log "
    "share tweet facebook twitter whatsapp telegram instagram linkedin email reply comment "
    "comments commentaire donate donation support contact terms privacy cookie cookies "
    "copyright rights reserved photo photos image credit credits caption logo follow click "
    "read related previous next home menu search skip print download app standards policy "
    "editor editors staff newsroom published updated"
)
MONTHS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
# Word lexicons counted per sentence, in the order their cues appear in CUE_NAMES.
LEXICONS = {
    "speech_verbs": SPEECH_VERBS,
    "first_person": FIRST_PERSON,
    "second_person": SECOND_PERSON,
    "evaluative": EVALUATIVE_WORDS,
    "hedges": HEDGES,
    "intensifiers": INTENSIFIERS,
    "modals": MODALS,
    "boilerplate_words": BOILERPLATE_WORDS,
}

# --- stand-ins and classes ----------------------------------------------------------------------

# Characters the patterns read as they are: printable ASCII, the ASCII characters Python counts as
# whitespace, and common punctuation. Every other character is replaced by a stand-in first.
_PLAIN_ASCII = r"\t-\r\x1c-\x7e"
_PLAIN_PUNCTUATION = "‘’“”«»‹›–—―…•·©®™★→▸►"
NOT_PLAIN = rf"[^{_PLAIN_ASCII}{_PLAIN_PUNCTUATION}]"
# Stand-ins, by the Python classes of the character replaced (see _stand_in).
LETTER = "\x01"
UPPER_LETTER = "\x02"
UPPER_SYMBOL = "\x03"  # as "Ⓐ"
SYMBOL = "\x04"
SPACE = "\x1f"  # whitespace, but not the " " that some patterns spell out
DIGIT = "0"


def _escaped(chars: str) -> str:
    return "".join(f"\\x{ord(char):02x}" for char in chars)


# Python's classes, on text with stand-ins.
LETTERS = "A-Za-z" + _escaped(LETTER + UPPER_LETTER)  # [^\W\d_]
DIGITS = "0-9"  # \d
_WORD_CHARS = f"{LETTERS}{DIGITS}_"  # \w
UPPER = "A-Z" + _escaped(UPPER_LETTER + UPPER_SYMBOL)  # str.isupper
_W = rf"[{_WORD_CHARS}]"
_NOT_W = rf"[^{_WORD_CHARS}]"
_S = r"[\t-\r\x1c-\x1f ]"  # \s
_D = rf"[{DIGITS}]"
# RE2 has no lookbehind or lookahead: Python's \b before or after a word character becomes a
# consumed non-word character or the edge of the text. The patterns are only searched for, never
# counted, so consuming it changes nothing.
_BEFORE_WORD = rf"(?:^|{_NOT_W})"
_AFTER_WORD = rf"(?:$|{_NOT_W})"
# A word is a letter or digit, then letters, digits, "_", apostrophes and hyphens.
_IN_WORD = rf"[{_WORD_CHARS}'’-]"
_NOT_IN_WORD = rf"[^{_WORD_CHARS}'’-]"
_LETTER_OR_DIGIT = LETTERS + DIGITS
# What lies between two words: a character that cannot go on a word, then up to the next letter or
# digit; at the start of a text, everything up to the first letter or digit.
BETWEEN_WORDS = rf"^[^{_LETTER_OR_DIGIT}]+|{_NOT_IN_WORD}[^{_LETTER_OR_DIGIT}]*"

# --- cue patterns (RE2) -------------------------------------------------------------------------

_SPEECH_VERB = "(?i:" + "|".join(sorted(SPEECH_VERBS)) + ")"
_NAME_PART = rf"[{_WORD_CHARS}.'’-]"
_SPEAKER = (
    rf"(?:he|she|they|(?:the|a|an|its|his|her|their)(?:{_S}+{_IN_WORD}+){{1,3}}"
    rf"|[A-Z]{_NAME_PART}*(?:{_S}+[A-Z]{_NAME_PART}*){{0,3}})"
)
# The same speakers, ending on a word character. In Python's "said _SPEAKER\b[^.!?]*[.!?]?$" a
# speaker that ends before a word character can take that character in (the tail does not need
# it), so a speaker ending on a word character, then a non-word character or the end, finds the
# same sentences.
_SPEAKER_ENDING_IN_WORD_CHAR = (
    rf"(?:he|she|they|(?:the|a|an|its|his|her|their)(?:{_S}+{_IN_WORD}+){{0,2}}{_S}+{_IN_WORD}*{_W}"
    rf"|(?:[A-Z]{_NAME_PART}*{_S}+){{0,3}}[A-Z](?:{_NAME_PART}*{_W})?)"
)
QUOTE_THEN_SPEECH = rf"[,.?!][\"”’']{_S}+(?:{_W}+{_S}+){{0,4}}{_SPEECH_VERB}{_AFTER_WORD}"
ATTRIBUTION = rf"(?i){_BEFORE_WORD}(?:{ATTRIBUTION_PHRASES}){_AFTER_WORD}"
SPEAKER_COLON = rf"^[A-Z]{_NAME_PART}*(?:{_S}+[A-Z]{_NAME_PART}*){{0,3}}:{_S}"
# "X said ..." (reported speech, at most two words such as "also" between the speaker and verb);
# "..., X said." and "..., said X." closing the sentence; "said ... that". The speech verb is a
# whole word in each.
SPEAKER_THEN_SPEECH_VERB = (
    rf"(?:^|[,;—–-]{_S}*|{_BEFORE_WORD}(?:that|and|but|as){_S}+){_SPEAKER}{_S}+"
    rf"(?:{_W}+{_S}+){{0,2}}{_SPEECH_VERB}(?:$|{_NOT_IN_WORD})"
)
CLOSING_SPEAKER_THEN_VERB = rf",[\"”’']?{_S}+{_SPEAKER}{_S}+(?:{_W}+{_S}+)?{_SPEECH_VERB}[.!?]?$"
CLOSING_VERB_THEN_SPEAKER = (
    rf",[\"”’']?{_S}+{_SPEECH_VERB}{_S}+{_SPEAKER_ENDING_IN_WORD_CHAR}"
    rf"(?:[^{_WORD_CHARS}.!?][^.!?]*)?[.!?]?$"
)
SPEECH_VERB_THAT = (
    rf"(?:^|{_NOT_IN_WORD})[_'’-]*{_SPEECH_VERB}{_S}+(?:{_W}+{_S}+){{0,3}}(?i:that){_AFTER_WORD}"
)
COLON_QUOTE = rf":{_S}*[\"“«]"
# Page chrome shapes: menu separators and bullets, timestamps, "12 comments", teasers cut short.
SEPARATOR = rf"(?:^|{_S})[|•·»›«‹/→▸►]{_S}|^{_S}*[-–—*]{_S}"
SEPARATOR_CHARS = r"[|•·»›«‹/→▸►*–—-]"  # a separator match holds one of these
TIME_STAMP = (
    rf"(?i){_BEFORE_WORD}{_D}{{1,2}}:{_D}{_D}{_AFTER_WORD}"
    rf"|{_BEFORE_WORD}{_D}+{_S}+(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?"
    rf"|years?){_S}+ago{_AFTER_WORD}"
)
COUNT_THEN_WORD = rf"^\(?{_D}[{DIGITS},.]*\)?{_S}*[{LETTERS}]*$"
BYLINE = rf"(?i)^(?:by|written by|posted by|from){_S}+[A-Z]"
URL = (
    rf"(?i)https?://|www\.|(?:^|[^@.{_WORD_CHARS}])[{_WORD_CHARS}-]+\.(?:com|org|net|co\.uk|io)"
    rf"{_AFTER_WORD}"
)
# Python's "\b[\w.+-]+@" finds an address exactly when a word character comes before the "@".
EMAIL = rf"{_W}[{_WORD_CHARS}.+-]*@[{_WORD_CHARS}-]+\.{_W}+|(?i:\[email{_S}*protected\])"
EMAIL_SIGNS = r"@|\[email"
DATE = (
    rf"(?i){_BEFORE_WORD}(?:{MONTHS})\.?{_S}+{_D}{{1,2}}(?:st|nd|rd|th)?,?{_S}+{_D}{{4}}{_AFTER_WORD}"
    rf"|{_BEFORE_WORD}{_D}{{4}}-{_D}{_D}-{_D}{_D}{_AFTER_WORD}"
)
QUOTED_SPAN = r"“[^”]*”?|\"[^\"]*\"?|«[^»]*»?"
ENDS_TERMINAL = r"(?:[.!?]|(?:^|[.!?,])[”\"’»])$"
ENDS_QUESTION = r"(?s)\?.{0,2}$"
ENDS_CLOSED = r"[.!?”\"’»)]$"
STARTS_WITH_QUOTE = r"^[“\"«‘]"
ENDS_WITH_QUOTE = r"[”\"»]$"
ENDS_WITH_ELLIPSIS = r"(?:\.\.\.|…)$"
