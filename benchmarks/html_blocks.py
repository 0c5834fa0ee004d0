"""Benchmark ``classifier.inputs.html_text.parse_page``: HTML pages -> title and text blocks.

Pages are synthetic, generated from a seeded random generator (made-up words; no real text) with
the shape of a news page: a ``<head>`` with styles and scripts, a header and a navigation menu of
links, an article of paragraphs with inline tags, entities and a ``<br>``, a sidebar list, inline
scripts and comments, and a footer. Every page is converted by its own call, as the WARC reader
does, on one core; the best of ``--repeat`` runs counts. MB are 10**6 bytes of UTF-8 HTML.

    python benchmarks/html_blocks.py [--pages 2000] [--repeat 3] [--check]

prints one line: ``html -> blocks: N pages (X MB) in S s: P pages/s, M MB/s, B blocks/page``.
"""

from __future__ import annotations

import argparse
import os
import random
import time

from classifier.inputs.html_text import parse_page

CHECK_PAGES = 50
PARAGRAPHS = (8, 25)
MENU_LINKS = (10, 40)


def make_word(rng: random.Random) -> str:
    return "".join(rng.choice("aeioubcdfghklmnprstvw") for _ in range(rng.randint(2, 9)))


def make_sentence(rng: random.Random) -> str:
    words = [make_word(rng) for _ in range(rng.randint(6, 24))]
    for _ in range(rng.randint(0, 2)):
        i = rng.randrange(len(words))
        tag = rng.choice(("b", "i", "em", "strong", "span"))
        words[i] = f"<{tag}>{words[i]}</{tag}>"
    if rng.random() < 0.3:
        i = rng.randrange(len(words))
        words[i] = f'<a href="/{make_word(rng)}/{rng.randint(1, 9999)}">{words[i]}</a>'
    if rng.random() < 0.2:
        words.insert(rng.randrange(len(words)), rng.choice(("&amp;", "&nbsp;", "&#8220;q&#8221;")))
    return " ".join(words).capitalize() + "."


def make_page(rng: random.Random) -> str:
    menu = "".join(
        f'<li><a href="/{make_word(rng)}">{make_word(rng).title()}</a></li>'
        for _ in range(rng.randint(*MENU_LINKS))
    )
    paragraphs = "\n".join(
        "<p>" + " ".join(make_sentence(rng) for _ in range(rng.randint(1, 5))) + "</p>"
        for _ in range(rng.randint(*PARAGRAPHS))
    )
    sidebar = "".join(f"<li>{make_sentence(rng)}</li>" for _ in range(rng.randint(3, 10)))
    script = "var d = {" + ",".join(f"'{make_word(rng)}': {i}" for i in range(40)) + "};"
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{make_sentence(rng)}</title>"
        f"<style>body {{ margin: 0 }} .x {{ color: #333 }}</style><script>{script}</script>"
        f"</head><body><header><div class='logo'>{make_word(rng).title()}</div></header>"
        f"<nav><ul>{menu}</ul></nav><!-- ad slot -->\n<main><article>"
        f"<h1>{make_sentence(rng)}</h1><div class='byline'>By {make_word(rng).title()} "
        f"<br>{rng.randint(1, 28)} May 2024</div>\n{paragraphs}\n"
        f"<figure><img src='x.jpg'><figcaption>{make_sentence(rng)}</figcaption></figure>"
        f"</article><aside><h3>Related</h3><ul>{sidebar}</ul></aside></main>"
        f"<script>{script}</script><noscript>Enable JavaScript</noscript>"
        f"<footer><p>&copy; 2024 {make_word(rng).title()} Media</p>"
        f"<div><a href='/privacy'>Privacy</a> | <a href='/terms'>Terms</a></div></footer>"
        "</body></html>"
    )


def pin_to_one_core() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=2000, help="synthetic pages (default 2000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs; the best counts (default 3)")
    parser.add_argument("--check", action="store_true", help="a tiny run that asserts its result")
    args = parser.parse_args(argv)
    pages_count, repeat = (CHECK_PAGES, 1) if args.check else (args.pages, args.repeat)
    rng = random.Random(0)
    pages = [make_page(rng) for _ in range(pages_count)]
    megabytes = sum(len(page.encode("utf-8")) for page in pages) / 1e6
    if not args.check:
        pin_to_one_core()
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        blocks = sum(len(parse_page(page).blocks) for page in pages)
        best = min(best, time.perf_counter() - start)
    assert blocks >= pages_count * (PARAGRAPHS[0] + MENU_LINKS[0]), f"only {blocks} blocks"
    print(
        f"html -> blocks: {pages_count} pages ({megabytes:.1f} MB) in {best:.2f} s: "
        f"{pages_count / best:,.0f} pages/s, {megabytes / best:.1f} MB/s, "
        f"{blocks / pages_count:.0f} blocks/page"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
