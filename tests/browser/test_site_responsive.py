"""The reader's pages work at 360 px wide, and keyboard focus is always visible."""

import pytest

from articles.models import Quote

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STORY = "/stories/kim-jong-un-xi-jinping-beijing-summit/"


def pages():
    quote = Quote.objects.filter(start__isnull=False).order_by("pk").first()
    return [
        "/",
        STORY,
        "/actors/kim-jong-un/",
        "/actors/kcna/",
        "/events/",
        "/actors/",
        quote.get_absolute_url(),
        "/search/?q=Lavrov",
    ]


def test_no_page_scrolls_sideways_at_360px(live_server, seeded, phone_page):
    """At 360 px nothing is wider than the screen: no sideways scrolling."""
    for path in pages():
        phone_page.goto(live_server.url + path)
        width = phone_page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"{path} is {width}px wide"


def test_search_and_navigation_fit_on_a_phone(live_server, seeded, phone_page):
    """On a phone the search box and the main navigation are on screen and usable."""
    phone_page.goto(live_server.url + STORY)

    for selector in ["#site-search-q", ".site-search button", ".site-nav a >> nth=2"]:
        box = phone_page.locator(selector).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 360, selector

    phone_page.fill("#site-search-q", "Lavrov")
    phone_page.press("#site-search-q", "Enter")
    phone_page.wait_for_url("**/search/?q=Lavrov")
    assert "Sergei Lavrov" in phone_page.inner_text("main")


def test_story_body_text_is_readable_on_a_phone(live_server, seeded, phone_page):
    """The story's body text is at least 16 px on a phone, and its lines fit the screen."""
    phone_page.goto(live_server.url + STORY)

    size = phone_page.evaluate(
        "parseFloat(getComputedStyle(document.querySelector('.story-body p')).fontSize)"
    )
    assert size >= 16
    box = phone_page.locator(".story-body p >> nth=0").bounding_box()
    assert box["x"] >= 8 and box["x"] + box["width"] <= 352


def test_keyboard_focus_is_visible(live_server, seeded, page):
    """Tabbing shows the skip link first, then every focused link carries a visible outline."""
    page.goto(live_server.url + STORY)

    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert skip.evaluate("el => el === document.activeElement")
    assert skip.bounding_box()["y"] >= 0
    for _ in range(6):
        style = page.evaluate(
            "(() => { const s = getComputedStyle(document.activeElement);"
            " return [s.outlineStyle, parseFloat(s.outlineWidth)]; })()"
        )
        assert style[0] != "none" and style[1] >= 2, style
        page.keyboard.press("Tab")


def test_skip_link_moves_focus_to_the_main_content(live_server, seeded, page):
    """The skip link takes keyboard users straight to the story."""
    page.goto(live_server.url + STORY)

    page.keyboard.press("Tab")
    page.keyboard.press("Enter")

    assert page.evaluate("document.activeElement.id") == "main"


def test_quote_attribution_follows_the_closing_mark_on_screen(live_server, seeded, page):
    """In the seeded story, each quote's attribution is drawn after its closing quotation mark."""
    page.goto(live_server.url + STORY)

    # Attributed quotes: those with a speaker or an outlet (an unattributed phrase has none).
    quotes = page.locator(".story-body q:has(+ .quote-attribution)")
    assert quotes.count() > 10
    for index in range(quotes.count()):
        quote = quotes.nth(index)
        between = quote.evaluate("q => q.nextSibling.textContent")
        assert between.rstrip(",.;:!?")[-1:] in "”’", between
        assert quote.locator("+ .quote-attribution").bounding_box()["width"] > 0
