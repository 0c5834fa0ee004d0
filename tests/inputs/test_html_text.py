"""HTML -> title and text blocks, one block per line; charset decoding."""

import pytest

from classifier.inputs.html_text import blocks_to_text, decode_html, html_to_blocks, parse_page
from classifier.text.segment import sentences_of

PAGE = """<!DOCTYPE html>
<html><head><title>  Talks  end &amp; begin </title>
<style>p { color: red }</style><script>var ads = 1;</script></head>
<body>
<!-- tracking pixel below -->
<header><a href="/">Logo</a></header>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav>
<article>
  <h1>Talks end in Geneva</h1>
  <p>Putin <b>said</b> the talks
     went <a href="/x"><i>well</i></a>. The meeting lasted hours.</p>
  <p>Advertisement</p>
</article>
<footer>&copy; 2024 Example News<br>All rights reserved</footer>
</body></html>"""


def test_a_page_becomes_its_blocks_in_order_with_chrome_kept_as_lines():
    page = parse_page(PAGE)

    assert page.title == "Talks end & begin"
    assert page.blocks == [
        "Logo",
        "Home",
        "World",
        "Talks end in Geneva",
        "Putin said the talks went well. The meeting lasted hours.",
        "Advertisement",
        "© 2024 Example News",
        "All rights reserved",
    ]


@pytest.mark.parametrize(
    ("html", "blocks"),
    [
        ("<p>One <b>bold <i>and</i></b> <a href=x>link</a></p>", ["One bold and link"]),
        ("<p>a</p><p>b</p><div>c</div><li>d</li><h2>e</h2><td>f</td>", list("abcdef")),
        ("<blockquote>q</blockquote><pre>p</pre><figcaption>f</figcaption>", ["q", "p", "f"]),
        ("<div>Intro <p>inner</p> tail</div>", ["Intro", "inner", "tail"]),
        ("<p>before<br>after<br/>end</p>", ["before", "after", "end"]),
        ("<p>x</p><script>alert(1)</script><style>p{}</style><p>y</p>", ["x", "y"]),
        # Forums (Discourse, Flarum) serve their posts in <noscript>: its text is kept.
        ("<p>z</p><noscript>Enable JS</noscript><template><p>t</p></template>", ["z", "Enable JS"]),
        ("<svg><text>chart</text></svg><p>after svg</p>", ["after svg"]),
        # An iframe's content is a fallback no browser shows; written as if empty, it is closed
        # there, rather than swallow the rest of the page as raw text.
        ("<p>a</p><iframe src=x><p>Your browser lacks iframes</p></iframe><p>b</p>", ["a", "b"]),
        (
            '<noscript><iframe src="t" height="0" /></noscript><p>Story</p><p>More</p>',
            ["Story", "More"],
        ),
        ("<IFRAME src=t/><p>Upper</p>", ["Upper"]),
        ("<p>kept</p><!-- <p>hidden</p> -->", ["kept"]),
        ("<p>caf&eacute; &amp; &lt;b&gt; &#8220;q&#8221; &nbsp;x</p>", ["café & <b> “q” x"]),
        ("<p>  spaced\n\t out \n text </p>", ["spaced out text"]),
        ("<p> </p><div>\n</div><p>&nbsp;</p><p>only</p>", ["only"]),
        ("<aside>R</aside><section>S</section><nav>N</nav><footer>F</footer>", list("RSNF")),
        ("no tags at all", ["no tags at all"]),
        ("", []),
    ],
    ids=[
        "nested-inline-one-line",
        "block-tags",
        "more-block-tags",
        "text-around-a-nested-block",
        "br-splits",
        "script-style-dropped",
        "noscript-kept-template-dropped",
        "svg-dropped",
        "iframe-dropped",
        "self-closed-iframe-in-noscript",
        "self-closed-iframe-upper-case",
        "comment-dropped",
        "entities-decoded",
        "whitespace-collapsed",
        "empty-blocks-skipped",
        "chrome-kept",
        "plain-text",
        "empty",
    ],
)
def test_html_to_blocks(html, blocks):
    assert html_to_blocks(html) == blocks


def test_a_page_without_title_has_none():
    assert parse_page("<p>x</p>").title is None


def test_blocks_are_separate_sentences_even_without_closing_punctuation():
    text = blocks_to_text(parse_page(PAGE).blocks)

    sentences = sentences_of(text)

    assert sentences[:4] == ["Logo", "Home", "World", "Talks end in Geneva"]
    assert "Putin said the talks went well." in sentences
    assert sentences[-3:] == ["Advertisement", "© 2024 Example News", "All rights reserved"]


@pytest.mark.parametrize(
    ("raw", "content_type", "text"),
    [
        ("<p>café</p>".encode(), "text/html; charset=utf-8", "<p>café</p>"),
        ("<p>café</p>".encode("latin-1"), "text/html; charset=ISO-8859-1", "<p>café</p>"),
        ("<p>“q”</p>".encode("cp1252"), "text/html; charset=iso-8859-1", "<p>“q”</p>"),
        (
            '<meta charset="windows-1251"><p>мир</p>'.encode("cp1251"),
            "text/html",
            '<meta charset="windows-1251"><p>мир</p>',
        ),
        (
            '<meta http-equiv="Content-Type" content="text/html; charset=koi8-r">мир'.encode(
                "koi8-r"
            ),
            None,
            '<meta http-equiv="Content-Type" content="text/html; charset=koi8-r">мир',
        ),
        ("<p>café</p>".encode(), "text/html; charset=no-such-charset", "<p>café</p>"),
        (b"<p>caf\xe9</p>", None, "<p>caf\ufffd</p>"),
        ("\ufeff<p>bom</p>".encode(), "text/html; charset=latin-1", "<p>bom</p>"),
    ],
    ids=[
        "header",
        "header-latin1",
        "latin1-as-windows-1252",
        "meta-charset",
        "meta-http-equiv",
        "unknown-charset-falls-back-to-utf8",
        "undeclared-bad-utf8-replaced",
        "bom-wins",
    ],
)
def test_decode_html(raw, content_type, text):
    assert decode_html(raw, content_type=content_type) == text


def test_header_charset_wins_over_meta():
    raw = '<meta charset="koi8-r"><p>café</p>'.encode()

    assert decode_html(raw, content_type="text/html; charset=utf-8").endswith("café</p>")
