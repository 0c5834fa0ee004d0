"""Read the marked text of a page into its blocks and the markup tokens of each block.

``html_text.parse_page`` puts markers into the parsed page before it takes the text: ``+i`` before
and ``-i`` after block element ``i``, ``|`` after a ``<br>``, ``tag`` before and ``/tag`` after an
inline element of ``INLINE_CONTEXT_TAGS`` (``a``, ``button``...). Each marker is its code between
two ``MARK`` characters (private use: never visible text). One pass over the markers (never over
the characters) tells, for every piece of text, its owner (the nearest block element around it),
the block elements around the owner and the inline elements around the piece: the block edges and
``<br>`` split the text into blocks exactly as the plain text would, the inline markers do not.

The markup of a block is a string of space-separated tokens, lowercase, in this order:

- ``t:<tag>``: the owner's tag (``p``, ``div``, ``li``, ``td``, ``h2``...; ``body`` for text
  outside any block element);
- ``in:<tag>``: once for each tag of ``IN_TAGS`` among the owner and its block ancestors (the owner
  included: an ``<li>`` block has ``in:li``), and among the inline elements of
  ``INLINE_CONTEXT_TAGS`` around some of the block's text (``in:a`` for text inside a link);
- ``c:<word>``: the words of the ``class``, ``id``, ``role`` and ``itemprop`` attributes of the
  owner and its block ancestors, nearest first, each once, at most ``MAX_CLASS_WORDS``: split on
  anything but ASCII letters and digits and at camelCase humps, lowercased, without words of one
  character or only digits (``class="nav-menu mainNav2"`` gives ``c:nav c:menu c:main c:nav2``);
- ``link:<bin>``: the share of the block's characters inside links, in percent: ``link:0``,
  ``link:1`` (under 25), ``link:25``, ``link:50``, ``link:75`` (75 or more, not all), ``link:100``;
- ``depth:<bin>``: how many block elements enclose the text (the owner and its block ancestors):
  the largest bound of ``DEPTH_BINS`` it reaches;
- ``pos:<decile>``: where the block lies in the page, ``0`` (first tenth of the blocks) to ``9``;
- ``sib:<bin>``: the mean length in characters of the blocks whose owners share the owner's
  parent (this block included): the largest bound of ``LENGTH_BINS`` it reaches;
- ``len:<bin>``: the block's own length in characters, binned the same way.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

MARK = "\ue000"  # private-use characters: never visible text (HTML that has MARK loses it)
INLINE_MARK = "\ue001"
INLINE_CONTEXT_TAGS = ("a", "button", "label", "select", "time", "code", "menu")
IN_TAGS = frozenset(
    "nav header footer aside form figure figcaption li ul ol h1 h2 h3 h4 h5 h6 article main "
    "section table blockquote dl details summary address pre noscript dialog fieldset caption "
    "th".split()
) | frozenset(INLINE_CONTEXT_TAGS)
WORD_ATTRIBUTES = ("class", "id", "role", "itemprop")
MAX_CLASS_WORDS = 30
MIN_WORD_CHARS = 2
LINK_BINS = ((0.25, "link:1"), (0.5, "link:25"), (0.75, "link:50"), (1.0, "link:75"))
DEPTH_BINS = (0, 1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25)
LENGTH_BINS = (0, 8, 16, 32, 64, 128, 256, 512, 1024)
POSITIONS = 10
OUTSIDE_BLOCKS = -1  # the owner of text in no block element
OUTSIDE_TAG = "body"

BR_MARKER = f"{MARK}|{MARK}"
END_MARKER = f"{MARK}-{MARK}"
_BLOCK_MARKER = re.compile(f"{MARK}([-+|][0-9]*){MARK}")
_INLINE_MARKER = re.compile(f"{INLINE_MARK}(/?(?:{'|'.join(INLINE_CONTEXT_TAGS)})){INLINE_MARK}")
_CAMEL_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z0-9]+")
_NOT_ALPHANUMERIC = {c: " " for c in range(128) if not chr(c).isalnum()}


def start_marker(index: int) -> str:
    return f"{MARK}+{index}{MARK}"


def inline_markers(tag: str) -> tuple[str, str]:
    return f"{INLINE_MARK}{tag}{INLINE_MARK}", f"{INLINE_MARK}/{tag}{INLINE_MARK}"


def read_marked_text(text: str, tags: list[str], names: list[str]) -> tuple[list[str], list[str]]:
    """The blocks of marked ``text`` (markers removed, whitespace collapsed, empty ones skipped)
    and the markup of each; ``tags[i]`` and ``names[i]`` are block element ``i``'s tag and the
    values of its ``WORD_ATTRIBUTES`` joined by spaces."""
    read = _read_pieces(text, tags, names)
    blocks, contexts = read.blocks, read.contexts
    sib_tokens = _sibling_tokens(blocks, read.groups)
    count = len(blocks)
    markup = []
    for index, block in enumerate(blocks):
        head = _context_tokens(contexts, read.contexts_of[index])
        inline = read.inline_tags[index]
        if inline:
            head = f"{head} {_in_tokens(inline)}"
        length = len(block)
        markup.append(
            f"{head} {_link_token(read.link_chars[index], length)} "
            f"pos:{index * POSITIONS // count} {sib_tokens[index]} {_length_token('len:', length)}"
        )
    return blocks, markup


class _Read:
    """What one pass over the markers found: per block, its text, its owner's context (an index
    into ``contexts``), its sibling group (the owner's parent), link characters, inline tags."""

    def __init__(self) -> None:
        self.blocks: list[str] = []
        self.contexts_of: list[int] = []
        self.groups: list[int] = []
        self.link_chars: list[int] = []
        self.inline_tags: list[tuple[str, ...]] = []
        # [tokens, (in tags, class words, depth), tag, names, parent] of each distinct context
        self.contexts: list[list] = [
            [f"t:{OUTSIDE_TAG} {_depth_token(0)}", ((), (), 0), OUTSIDE_TAG, "", 0]
        ]


def _read_pieces(text: str, tags: list[str], names: list[str]) -> _Read:
    """One pass over the markers of ``text`` (see the module docstring)."""
    parts = _BLOCK_MARKER.split(text)
    parts.append("|")  # a last edge after the last block
    read = _Read()
    known: dict[tuple[str, str, int], int] = {}  # (tag, names, parent context) -> context
    elements = [OUTSIDE_BLOCKS]  # the open block elements, outermost first
    context_stack = [0]
    open_inline: list[str] = []  # the open inline context elements, outermost first
    add_block, add_context = read.blocks.append, read.contexts_of.append
    add_group, add_linked, add_inline = (
        read.groups.append,
        read.link_chars.append,
        read.inline_tags.append,
    )
    for k in range(0, len(parts), 2):
        chunk = parts[k]
        if INLINE_MARK in chunk:
            block, linked, inline = _read_inline(chunk, open_inline)
        else:
            block = " ".join(chunk.split())
            linked = len(block) if open_inline and "a" in open_inline else 0
            inline = tuple(sorted(set(open_inline))) if open_inline and block else ()
        if block:
            add_block(block)
            add_context(context_stack[-1])
            add_group(elements[-2] if len(elements) > 1 else OUTSIDE_BLOCKS - 1)
            add_linked(linked)
            add_inline(inline)
        code = parts[k + 1]
        if code[0] == "+" and 0 <= (index := int(code[1:] or -1)) < len(tags):
            key = (tags[index], names[index], context_stack[-1])
            context = known.get(key)
            if context is None:
                context = known[key] = _add_context(read.contexts, *key)
            elements.append(index)
            context_stack.append(context)
        elif code == "-" and len(elements) > 1:
            elements.pop()
            context_stack.pop()
    return read


def _read_inline(chunk: str, open_inline: list[str]) -> tuple[str, int, tuple[str, ...]]:
    """A block's text, its characters inside links and the inline tags around some of its text,
    from a chunk with inline markers; ``open_inline`` is updated as the markers open and close."""
    texts = []
    linked_texts = []
    seen: set[str] = set()
    for j, bit in enumerate(_INLINE_MARKER.split(chunk)):
        if j % 2 == 0:
            if bit:
                texts.append(bit)
                if "a" in open_inline:
                    linked_texts.append(bit)
                if open_inline and not bit.isspace():
                    seen.update(open_inline)
        elif bit[0] != "/":
            open_inline.append(bit)
        elif bit[1:] in open_inline:
            _close_last(open_inline, bit[1:])
    block = " ".join("".join(texts).split())
    linked = len(" ".join("".join(linked_texts).split())) if linked_texts else 0
    return block, linked, tuple(sorted(seen)) if seen and block else ()


def _close_last(open_inline: list[str], tag: str) -> None:
    last = len(open_inline) - 1 - open_inline[::-1].index(tag)
    del open_inline[last]


def _add_context(contexts: list, tag: str, names: str, parent: int) -> int:
    """Append the context of an element (``tag``, its word attributes ``names``) inside the
    context ``parent``; its index. Its chain (in tags, class words, depth) and tokens are worked
    out later, only for the contexts that own text and their ancestors (``_context_tokens``)."""
    contexts.append([None, None, tag, names, parent])
    return len(contexts) - 1


def _context_tokens(contexts: list, context: int) -> str:
    """The ``t: in: c: depth:`` tokens of a context (worked out once, on first use)."""
    entry = contexts[context]
    if entry[0] is None:
        path = []
        ancestor = context
        while contexts[ancestor][1] is None:
            path.append(ancestor)
            ancestor = contexts[ancestor][4]
        for ancestor in reversed(path):  # outermost first: each one's parent chain is known
            _, _, tag, names, parent = contexts[ancestor]
            in_tags, words, depth = contexts[parent][1]
            if tag in IN_TAGS and tag not in in_tags:
                in_tags = (*in_tags, tag)
            own = class_words(names) if names else ()
            if own and len(words) < MAX_CLASS_WORDS:
                words = tuple(dict.fromkeys(own + words))[:MAX_CLASS_WORDS]
            elif own:
                words = tuple(dict.fromkeys(own[:MAX_CLASS_WORDS] + words))[:MAX_CLASS_WORDS]
            contexts[ancestor][1] = (in_tags, words, depth + 1)
        in_tags, words, depth = entry[1]
        tokens = [f"t:{entry[2]}"]
        if in_tags:
            tokens.append(_in_tokens(in_tags))
        if words:
            tokens.append(" ".join([f"c:{word}" for word in words]))
        tokens.append(_depth_token(depth))
        entry[0] = " ".join(tokens)
    return entry[0]


def _sibling_tokens(blocks: list[str], groups: list[int]) -> list[str]:
    """Each block's ``sib:`` token: the mean length of the blocks whose owners share a parent."""
    members_of: dict[int, list[int]] = {}
    for index, group in enumerate(groups):
        members_of.setdefault(group, []).append(index)
    tokens = [""] * len(blocks)
    for members in members_of.values():
        token = _length_token("sib:", sum(len(blocks[i]) for i in members) / len(members))
        for i in members:
            tokens[i] = token
    return tokens


@lru_cache(maxsize=4096)
def _in_tokens(in_tags: tuple[str, ...]) -> str:
    return " ".join(f"in:{tag}" for tag in in_tags)


def _depth_token(depth: int) -> str:
    return f"depth:{DEPTH_BINS[bisect_right(DEPTH_BINS, depth) - 1]}"


@lru_cache(maxsize=16384)
def class_words(names: str) -> tuple[str, ...]:
    """The words of attribute values (see the module docstring), in order."""
    if not names.islower():  # split camelCase humps first
        names = " ".join(_CAMEL_WORD.findall(names))
    words = names.lower().translate(_NOT_ALPHANUMERIC).split()
    return tuple(dict.fromkeys(w for w in words if len(w) >= MIN_WORD_CHARS and not w.isdigit()))


def _link_token(linked: int, length: int) -> str:
    if linked <= 0:
        return "link:0"
    if linked >= length:
        return "link:100"
    share = linked / length
    return next(token for bound, token in LINK_BINS if share < bound)


def _length_token(prefix: str, length: float) -> str:
    return f"{prefix}{LENGTH_BINS[bisect_right(LENGTH_BINS, length) - 1]}"
