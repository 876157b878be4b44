"""Zero axe-core violations on the reader's pages, in headless Chromium, on desktop and phone."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from actors.models import Actor, Event
from articles.models import Quote

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STORY = "/stories/kim-jong-un-xi-jinping-beijing-summit/"


def reader_pages():
    """The pages a reader meets, on the seeded summit report."""
    quote = Quote.objects.filter(start__isnull=False).order_by("pk").first()
    return {
        "home": "/",
        "story": STORY,
        "actor": Actor.objects.get(slug="kim-jong-un").get_absolute_url(),
        "outlet": Actor.objects.get(slug="kcna").get_absolute_url(),
        "event": Event.objects.filter(participants__isnull=False).first().get_absolute_url(),
        "quote": quote.get_absolute_url(),
        "search": "/search/?q=Lavrov",
        "timeline": "/events/",
        "directory": "/actors/",
        "not found": "/stories/no-such-story/",
    }


def violations(page, url):
    page.goto(url)
    results = Axe().run(page)
    return results.violations_count, results.generate_report()


@pytest.mark.parametrize(
    "name",
    [
        "home",
        "story",
        "actor",
        "outlet",
        "event",
        "quote",
        "search",
        "timeline",
        "directory",
        "not found",
    ],
)
def test_page_has_no_axe_violations_on_desktop(live_server, seeded, page, name):
    """Each page passes every axe-core rule (WCAG and best practice) at 1280 px."""
    count, report = violations(page, live_server.url + reader_pages()[name])

    assert count == 0, report


@pytest.mark.parametrize("name", ["home", "story", "quote", "search"])
def test_page_has_no_axe_violations_on_a_phone(live_server, seeded, phone_page, name):
    """The same pages pass axe-core at 360 px wide."""
    count, report = violations(phone_page, live_server.url + reader_pages()[name])

    assert count == 0, report


def test_axe_does_report_a_violation(page):
    """The check above can fail: axe reports an unlabelled field and an image without text."""
    page.set_content('<html lang="en"><body><main><img src="x.png"><input></main></body></html>')

    assert Axe().run(page).violations_count >= 2
