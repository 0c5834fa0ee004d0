"""The folders the commands read and write unless told otherwise, relative to where they run."""

DEFAULT_LABELS = "labels/"
DEFAULT_MODEL = "models/default"
# The shipped page model (trained on WCXB pages): boilerplate on HTML pages, beside any model.
DEFAULT_PAGE_MODEL = "models/pages"
NO_PAGE_MODEL = "none"
