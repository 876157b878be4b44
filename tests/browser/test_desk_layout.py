"""The desk and the story page fit the screen, in headless Chromium.

The seeded story's form fits 1280 px with nothing scrolling sideways and no chip cut
off; its quotes fold away under their count; the reader's page keeps each attribution
chip on one line at 390 px; Chinese, Japanese, Korean and Cyrillic names have glyphs.
Screenshots go to shots/layout/ in the temporary directory.
"""

import pathlib
import tempfile

import pytest
from playwright.sync_api import expect

from articles.models import Article
from core.reading import word_count
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"  # UserFactory's password
SLUG = "kim-jong-un-xi-jinping-beijing-summit"
SHOTS = pathlib.Path(tempfile.gettempdir()) / "shots" / "layout"


def _shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _signed_in(browser, base_url, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    editor = factories.EditorFactory()
    editor.set_password(PASSWORD)
    editor.save()
    page.goto(f"{base_url}/admin/login/")
    page.fill("#id_username", editor.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page.locator("#user-tools")).to_contain_text(editor.username)
    return page


@pytest.fixture
def desk(browser, live_server, seeded):
    page = _signed_in(browser, live_server.url, 1280)
    yield page
    page.context.close()


def _story_form(desk, live_server):
    story = Article.objects.get(slug=SLUG)
    desk.goto(f"{live_server.url}/admin/articles/article/{story.pk}/change/")
    return story


def _open_quotes(desk):
    details = desk.locator("#quotes-group details")
    if not details.evaluate("d => d.open"):
        desk.locator("#quotes-group summary").click()
    expect(desk.locator("#quotes-0")).to_be_visible()


OVERFLOWING = """(root) => {
  const width = window.innerWidth;
  return Array.from(document.querySelectorAll(root + ' *')).filter(el => {
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && box.right > width + 0.5;
  }).map(el => el.tagName + '.' + el.className);
}"""

CUT_OFF_CHIPS = """() => Array.from(document.querySelectorAll(
    '.select2-selection__choice, .select2-selection__rendered'))
  .filter(el => el.offsetParent !== null && el.scrollWidth > el.clientWidth + 1)
  .map(el => el.textContent.trim())"""


def test_story_form_fits_1280px_without_sideways_scrolling(desk, live_server):
    """Quotes open, the seeded story's form is no wider than the screen, and nothing in
    the quotes section sticks out of it."""
    _story_form(desk, live_server)
    _open_quotes(desk)
    assert desk.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert desk.evaluate(OVERFLOWING, "#quotes-group") == []
    assert desk.evaluate(OVERFLOWING, "#content-main") == []
    _shot(desk, "change-form-1280")


def test_no_speaker_outlet_or_event_chip_is_cut_off(desk, live_server):
    """“The New York Times” reads in full in every quote card and the events list."""
    _story_form(desk, live_server)
    _open_quotes(desk)
    assert desk.evaluate(CUT_OFF_CHIPS) == []
    chips = desk.locator("#quotes-group .select2-selection__choice", has_text="The New York Times")
    assert chips.count() >= 1
    assert "The New York Times" in chips.first.inner_text()


def test_quotes_fold_away_under_their_count(desk, live_server):
    """With nothing to check the quotes section is folded, its heading counting them."""
    story = _story_form(desk, live_server)
    summary = desk.locator("#quotes-group summary")
    expect(summary).to_have_text(f"Quotes ({story.quotes.count()})")
    expect(desk.locator("#quotes-0")).to_be_hidden()
    before = desk.evaluate("document.documentElement.scrollHeight")
    summary.click()
    expect(desk.locator("#quotes-0")).to_be_visible()
    assert desk.evaluate("document.documentElement.scrollHeight") > before


def test_quote_text_areas_grow_with_their_text(desk, live_server):
    """Every quote's words show in full, and a longer quote makes its box taller."""
    _story_form(desk, live_server)
    _open_quotes(desk)
    clipped = desk.evaluate(
        """() => Array.from(document.querySelectorAll('#quotes-group .field-text textarea'))
          .filter(t => t.offsetParent !== null && t.scrollHeight > t.clientHeight + 2).length"""
    )
    assert clipped == 0
    field = desk.locator("#id_quotes-0-text")
    before = field.bounding_box()["height"]
    field.fill("words " * 120)
    assert field.bounding_box()["height"] > before


def test_the_storys_length_follows_the_editor(desk, live_server):
    """The word count under the body starts from the saved text and counts as one types."""
    story = _story_form(desk, live_server)
    reading = desk.locator(".desk-reading")
    expect(reading).to_contain_text("min to read")
    saved = int(reading.inner_text().split()[0].replace(",", ""))
    assert saved == word_count(story.body) > 100
    editor = desk.locator(".field-body_html [contenteditable=true], .field-body textarea").first
    editor.click()
    editor.press("Control+A")
    editor.press_sequentially("Kim’s train left Pyongyang on Tuesday", delay=5)
    expect(reading).to_have_text("6 words · about 1 min to read")


def test_slug_follows_the_headline_by_the_servers_rules(desk, live_server):
    """Dashes separate words; Hangul is romanised; Chinese leaves the slug to the server."""
    desk.goto(f"{live_server.url}/admin/articles/article/add/")
    headline, slug = desk.locator("#id_headline"), desk.locator("#id_slug")
    for typed, expected in [
        ("Wang Yi–Lavrov talks", "wang-yi-lavrov-talks"),
        ("김정은 방중", "gimjeongeun-bangjung"),
        ("习近平会见金正恩", ""),
    ]:
        headline.fill("")
        headline.press_sequentially(typed)
        headline.press("End")  # letters typed without a key of their own fire no keyup
        expect(slug).to_have_value(expected)


def test_quote_list_reads_at_1280_and_filters_by_speaker(desk, live_server):
    desk.goto(f"{live_server.url}/admin/articles/quote/")
    assert desk.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    _shot(desk, "quote-list-1280")
    desk.locator("[data-field-name=speaker] + .select2 .select2-selection").click()
    desk.locator(".select2-container--open .select2-search__field").fill("Lavrov")
    desk.locator(".select2-results__option", has_text="Sergei Lavrov").click()
    desk.wait_for_url("**speaker__id__exact=*")
    rows = desk.locator("#result_list tbody tr")
    assert rows.count() >= 1
    for text in rows.all_inner_texts():
        assert "Sergei Lavrov" in text


CHIPS_ON_MORE_THAN_ONE_LINE = """() => Array.from(document.querySelectorAll(
    '.quote-attribution > a:not(.quote-permalink), .quote-attribution > .quote-chip,'
    + ' .quote-via > a, .quote-via > .quote-chip'))
  .filter(el => el.getClientRects().length !== 1).map(el => el.textContent)"""


@pytest.mark.parametrize("width", [390, 1280])
def test_attribution_chips_never_break_across_lines(browser, live_server, seeded, width):
    context = browser.new_context(viewport={"width": width, "height": 900}, is_mobile=width < 500)
    page = context.new_page()
    page.goto(f"{live_server.url}/stories/{SLUG}/")
    assert page.locator(".quote-attribution a").count() > 10
    assert page.evaluate(CHIPS_ON_MORE_THAN_ONE_LINE) == []
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    _shot(page, f"story-{width}")
    page.goto(f"{live_server.url}/actors/kim-jong-un/")
    _shot(page, f"actor-{width}")
    context.close()


# Draws each character in the page's font and compares it with a character no font has:
# a character drawn like that one is a missing-glyph box.
TOFU = """([text, lang]) => {
  const probe = document.createElement('span');
  probe.lang = lang;
  probe.textContent = text;
  document.querySelector('main').append(probe);
  const font = getComputedStyle(probe).font;
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 64;
  const context = canvas.getContext('2d', { willReadFrequently: true });
  function pixels(character) {
    context.clearRect(0, 0, 64, 64);
    context.font = font.replace(/\\d+(\\.\\d+)?px/, '40px');
    context.textBaseline = 'top';
    context.fillText(character, 4, 4);
    return Array.from(context.getImageData(0, 0, 64, 64).data).join(',');
  }
  const missing = pixels('\\u{10FFFD}');
  return Array.from(text).filter(c => c.trim() && pixels(c) === missing);
}"""


@pytest.mark.parametrize(
    ("name", "lang"),
    [("김정은", "ko"), ("习近平", "zh"), ("金正恩", "ja"), ("Владимир Путин", "ru")],
)
def test_cjk_and_cyrillic_names_have_glyphs(browser, live_server, seeded, name, lang):
    """Korean, Chinese, Japanese and Cyrillic names render with real glyphs, in the site's
    font stack, with or without a lang attribute."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server.url}/actors/kim-jong-un/")
    assert page.evaluate(TOFU, [name, lang]) == []
    assert page.evaluate(TOFU, [name, ""]) == []
    context.close()
