"""Column names, the label set and the shared file conventions, in one place."""

LABELS = ("boilerplate", "opinion", "quotation", "reporting")

DOC_ID = "doc_id"
SENT_INDEX = "sent_index"
SOURCE = "source"
TEXT = "text"
LABEL = "label"
START = "start"
END = "end"
CONFIDENCE = "confidence"
WHY = "why"

LABEL_COLUMNS = (DOC_ID, SENT_INDEX, SOURCE, TEXT, LABEL)
OPTIONAL_LABEL_COLUMNS = (START, END)
SENTENCE_COLUMNS = (DOC_ID, SENT_INDEX, SOURCE, TEXT)
TAGGED_COLUMNS = (DOC_ID, SOURCE, SENT_INDEX, START, END, TEXT, LABEL, CONFIDENCE)
# Who a quotation sentence quotes (``attribution``): "" on the other labels.
SPEAKER = "speaker"
SPEAKER_KIND = "speaker_kind"
CUE = "cue"
SPEAKER_COLUMNS = (SPEAKER, SPEAKER_KIND, CUE)

ARTICLE_ID = "id"
ARTICLE_COLUMNS = (ARTICLE_ID, SOURCE, TEXT)
OPTIONAL_ARTICLE_COLUMNS = ("url", "title", "date")

# HTML pages: MARKUP holds one line of markup tokens per line of the article's text (an article
# key), and the same tokens per sentence (a sentences column; "" for text without markup).
# NO_TEXT: the article key of a page with no visible text (its text is ""), saying where and why.
MARKUP = "markup"
NO_TEXT = "no_text"

UNKNOWN_SOURCE = "unknown"
SOURCES_FILE = "sources.csv"


def probability_column(label: str) -> str:
    return f"p_{label}"
