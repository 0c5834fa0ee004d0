"""The HTML report in a real headless Chromium: no script errors, no missing files, and a click on
a sentence explains its label. Screenshots go to out/screenshots/ for a person to look at.

Needs Debian's chromium (``apt-get install chromium``; ``.ci/run`` installs it) or
``CLASSIFIER_CHROMIUM`` pointing at another Chromium binary. Without one the test fails.
"""

import json
import os
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from classifier.report.html import slug

from ..conftest import REPO

CHROMIUM = os.environ.get("CLASSIFIER_CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = REPO / "out" / "screenshots"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).is_file():
        pytest.fail(
            f"no Chromium at {CHROMIUM}: install it with 'apt-get install chromium' "
            "(.ci/run does) or set CLASSIFIER_CHROMIUM to a Chromium binary"
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox"]
        )
        yield browser
        browser.close()


def open_page(browser, path: Path):
    """The page at ``path`` and the errors seen while it loaded."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    page.on("console", lambda m: errors.append(f"console: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: errors.append(f"request failed: {r.url}"))
    page.goto(path.as_uri(), wait_until="load")
    return page, errors


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    path.unlink(missing_ok=True)
    page.screenshot(path=str(path), full_page=True)
    data = path.read_bytes()
    assert data.startswith(PNG_SIGNATURE) and len(data) > 1000, path
    return path


def seed_pages(report: Path, tagged: Path) -> tuple[Path, Path]:
    """The source page and the article page of the first tagged seed."""
    first = json.loads(tagged.read_text(encoding="utf-8").splitlines()[0])
    source, doc_id = slug(first["source"]), slug(first["doc_id"])
    return report / "sources" / f"{source}.html", report / "articles" / source / f"{doc_id}.html"


def test_overview_renders(browser, seeds_report):
    page, errors = open_page(browser, seeds_report / "index.html")
    assert page.title() == "Sources compared"
    assert page.locator("table.mix tbody tr").count() == 5
    # Beside the shares, the shipped model's measured scores, one row per label.
    assert page.locator("table.trust tbody tr").count() == 4
    # The stylesheet loaded: the page background is the report's, not the browser default.
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(250, 250, 250)"
    screenshot(page, "overview")
    assert errors == []


def test_source_page_renders(browser, seeds_report, seeds_tagged):
    page, errors = open_page(browser, seed_pages(seeds_report, seeds_tagged)[0])
    assert page.locator("h2", has_text="Signals").count() == 1
    assert page.locator("a[href^='../articles/']").count() >= 1
    screenshot(page, "source")
    assert errors == []


def test_article_page_explains_a_clicked_sentence(browser, seeds_report, seeds_tagged):
    page, errors = open_page(browser, seed_pages(seeds_report, seeds_tagged)[1])
    spans = page.locator("span.s")
    assert spans.count() > 5
    why = page.locator("#why")
    assert why.inner_text() == "Click a sentence to see why it got its label."
    target = page.locator("span.s.quotation").nth(1)
    expected = json.loads(target.get_attribute("data-why"))
    target.click()
    text = why.inner_text()
    assert f"#{expected['i']}: {expected['label']}" in text
    assert expected["label"] in text
    assert "Signals read off the sentence" in text
    assert "picked" in target.get_attribute("class").split()
    # The tint comes from the stylesheet: a sentence is not left unstyled.
    tint = target.evaluate("e => getComputedStyle(e).backgroundColor")
    assert tint not in ("rgba(0, 0, 0, 0)", "transparent")
    screenshot(page, "article")
    assert errors == []
