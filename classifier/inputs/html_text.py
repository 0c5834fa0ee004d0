"""Turn an HTML page into its title and its visible text as blocks, one block per line.

A small pipeline over the parsed page (selectolax, lexbor backend):

1. Decode the bytes: the charset of the HTTP header, else of a ``<meta>`` tag, else UTF-8; bytes
   that do not fit are replaced, never an error.
2. Drop what is never shown: ``script, style, noscript, template, svg, head`` and comments.
3. Mark the edges of every block-level element (``p, div, li, h1``-``h6, td``...) and every ``br``,
   so that each block becomes its own line and inline tags (``a, b, span``) stay inside one.
4. Collapse the whitespace inside each block and skip the empty ones.

Navigation, footers and other page chrome are kept as lines of their own: telling them apart from
the article is the tagger's job (they are boilerplate), and the line structure is what lets the
sentence splitter keep them separate.
"""

from __future__ import annotations

import codecs
import re
from typing import NamedTuple

from selectolax.lexbor import LexborHTMLParser

BLOCK_TAGS = (
    "address article aside blockquote caption dd details dialog div dl dt fieldset "
    "figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr legend li main nav ol p pre "
    "section summary table tbody td tfoot th thead tr ul"
).split()
LINE_BREAK_TAGS = ("br",)
DROPPED_TAGS = ("script", "style", "noscript", "template", "svg", "head")
FALLBACK_CHARSET = "utf-8"
META_SNIFF_BYTES = 4096
# Browsers decode pages labelled Latin-1 or ASCII as Windows-1252 (WHATWG Encoding Standard).
_CHARSET_ALIASES = {"iso-8859-1": "cp1252", "latin-1": "cp1252", "latin1": "cp1252"}
_CHARSET_ALIASES |= {"us-ascii": "cp1252", "ascii": "cp1252"}

_BLOCK_EDGE = "\ue000"  # a private-use character: never visible text
_BLOCK_SELECTOR = ",".join(BLOCK_TAGS)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)


class Page(NamedTuple):
    title: str | None
    blocks: list[str]


def parse_page(html: str) -> Page:
    """The page's ``<title>`` (None when it has none) and its visible text blocks in order."""
    tree = LexborHTMLParser(html.replace(_BLOCK_EDGE, " "))
    title_node = tree.css_first("title")
    title = _collapse(title_node.text(deep=True)) if title_node is not None else ""
    tree.strip_tags(list(DROPPED_TAGS))
    for node in tree.css(_BLOCK_SELECTOR):
        node.insert_before(_BLOCK_EDGE)
        node.insert_after(_BLOCK_EDGE)
    for node in tree.css(",".join(LINE_BREAK_TAGS)):
        node.insert_after(_BLOCK_EDGE)
    root = tree.body if tree.body is not None else tree.root
    text = root.text(deep=True) if root is not None else ""
    blocks = [block for piece in text.split(_BLOCK_EDGE) if (block := _collapse(piece))]
    return Page(title or None, blocks)


def html_to_blocks(html: str) -> list[str]:
    """The visible text blocks of ``html``, in order (see ``parse_page``)."""
    return parse_page(html).blocks


def blocks_to_text(blocks: list[str]) -> str:
    """Article text with one block per line, as ``segment.split_sentences`` expects."""
    return "\n".join(blocks)


def decode_html(raw: bytes, *, content_type: str | None = None) -> str:
    """Decode a page: the HTTP ``Content-Type`` charset, else a ``<meta>`` charset, else UTF-8.

    A known charset decodes with replacement characters for bytes that do not fit; an unknown or
    missing one falls back to UTF-8 (with replacement).
    """
    if raw.startswith(codecs.BOM_UTF8):
        return raw[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace")
    for charset in (_header_charset(content_type), _meta_charset(raw)):
        codec = _known_codec(charset)
        if codec is not None:
            return raw.decode(codec, errors="replace")
    return raw.decode(FALLBACK_CHARSET, errors="replace")


def _header_charset(content_type: str | None) -> str | None:
    match = _HEADER_CHARSET.search(content_type or "")
    return match.group(1) if match else None


def _meta_charset(raw: bytes) -> str | None:
    match = _META_CHARSET.search(raw[:META_SNIFF_BYTES])
    return match.group(1).decode("ascii") if match else None


def _known_codec(charset: str | None) -> str | None:
    if not charset:
        return None
    name = charset.strip().lower()
    name = _CHARSET_ALIASES.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _collapse(text: str) -> str:
    return " ".join(text.split())
