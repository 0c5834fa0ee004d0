"""Turn an HTML page into its title and its visible text as blocks, one block per line.

A small pipeline over the parsed page (selectolax, lexbor backend):

1. Decode the bytes: the charset of the HTTP header, else of a ``<meta>`` tag, else UTF-8; bytes
   that do not fit are replaced, never an error.
2. Drop what is never shown: ``script, style, template, svg, head, iframe`` (an iframe shows
   another page; its content is a fallback no current browser displays) and comments. An iframe
   written as if it were empty, ``<iframe .../>``, is closed where it is written: HTML ignores that
   slash, and the iframe's raw text would run to the end of the page (inside a ``noscript``, where
   trackers put such iframes, browsers that run scripts never parse it). ``noscript`` is kept, as
   a block: forums (Discourse, Flarum) serve their posts there.
3. Mark the edges of every block-level element (``p, div, li, h1``-``h6, td``...) and every ``br``,
   so that each block becomes its own line and inline tags (``a, b, span``) stay inside one, and
   the inline elements that say what a piece of text is (``a, button, label``...).
4. Read the marked text in one pass (``html_markup``): the blocks, whitespace collapsed and empty
   ones skipped, and for each block its markup tokens (its tag, its ancestors' tags and class
   words, link density, depth, position, its siblings' length), which page-aware models read.

Navigation, footers and other page chrome are kept as lines of their own: telling them apart from
the article is the tagger's job (they are boilerplate), and the line structure is what lets the
sentence splitter keep them separate.
"""

from __future__ import annotations

import codecs
import re
from typing import NamedTuple

from selectolax.lexbor import LexborHTMLParser

from .html_markup import (
    BR_MARKER,
    END_MARKER,
    INLINE_CONTEXT_TAGS,
    MARK,
    WORD_ATTRIBUTES,
    inline_markers,
    read_marked_text,
    start_marker,
)

BLOCK_TAGS = (
    "address article aside blockquote caption dd details dialog div dl dt fieldset "
    "figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr legend li main nav noscript ol p "
    "pre section summary table tbody td tfoot th thead tr ul"
).split()
LINE_BREAK_TAGS = ("br",)
DROPPED_TAGS = ("script", "style", "template", "svg", "head", "iframe")
FALLBACK_CHARSET = "utf-8"
META_SNIFF_BYTES = 4096
# Browsers decode pages labelled Latin-1 or ASCII as Windows-1252 (WHATWG Encoding Standard).
_CHARSET_ALIASES = {"iso-8859-1": "cp1252", "latin-1": "cp1252", "latin1": "cp1252"}
_CHARSET_ALIASES |= {"us-ascii": "cp1252", "ascii": "cp1252"}

_BLOCKS = frozenset(BLOCK_TAGS)
_INLINE_MARKERS = {tag: inline_markers(tag) for tag in INLINE_CONTEXT_TAGS}
_MARKED_SELECTOR = ",".join((*BLOCK_TAGS, *LINE_BREAK_TAGS, *INLINE_CONTEXT_TAGS))
_URL_SOURCES = (('link[rel="canonical"]', "href"), ('meta[property="og:url"]', "content"))
_SELF_CLOSED_IFRAME = re.compile(r"<iframe\b[^>]*/\s*>", re.IGNORECASE)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)


class Page(NamedTuple):
    title: str | None
    blocks: list[str]
    markup: list[str]  # the markup tokens of each block (``html_markup``)
    url: str | None = None  # <link rel="canonical">, else <meta property="og:url">


def parse_page(html: str) -> Page:
    """The page's ``<title>`` (None when it has none), its visible text blocks in order and the
    markup tokens of each block."""
    html = _SELF_CLOSED_IFRAME.sub(r"\g<0></iframe>", html.replace(MARK, " "))
    tree = LexborHTMLParser(html)
    title_node = tree.css_first("title")
    title = _collapse(title_node.text(deep=True)) if title_node is not None else ""
    url = _canonical_url(tree)
    tree.strip_tags(list(DROPPED_TAGS))
    tags, names = _mark_elements(tree)
    root = tree.body if tree.body is not None else tree.root
    text = root.text(deep=True) if root is not None else ""
    blocks, markup = read_marked_text(text, tags, names)
    return Page(title or None, blocks, markup, url)


def _canonical_url(tree: LexborHTMLParser) -> str | None:
    for selector, attribute in _URL_SOURCES:
        node = tree.css_first(selector)
        value = (node.attributes.get(attribute) or "").strip() if node is not None else ""
        if value.startswith(("http://", "https://")):
            return value
    return None


def _mark_elements(tree: LexborHTMLParser) -> tuple[list[str], list[str]]:
    """Put the markers of ``html_markup`` around the block and inline context elements and after
    every ``<br>``; the tag and the word attributes of each block element, by index."""
    tags: list[str] = []
    names: list[str] = []
    for node in tree.css(_MARKED_SELECTOR):
        tag = node.tag
        if tag in _BLOCKS:
            index = len(tags)
            node.insert_before(start_marker(index))
            node.insert_after(END_MARKER)
            tags.append(tag)
            attributes = node.attributes
            names.append(" ".join(v for a in WORD_ATTRIBUTES if (v := attributes.get(a))))
        elif tag in _INLINE_MARKERS:
            start, end = _INLINE_MARKERS[tag]
            node.insert_before(start)
            node.insert_after(end)
        else:
            node.insert_after(BR_MARKER)
    return tags, names


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
