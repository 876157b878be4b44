"""Zero axe-core violations on the section, topic and author pages, and on a story with
authors, topics and related stories, in headless Chromium on desktop and phone."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from actors.models import Actor
from articles.models import Article
from articles.rendering import render_story
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SUMMIT = "kim-jong-un-xi-jinping-beijing-summit"
PAGES = {
    "section": "/sections/asia/",
    "topic": "/topics/korean-peninsula/",
    "author": "/authors/jane-doe/",
    "story with authors": "/stories/kim-xi-follow-up/",
}


@pytest.fixture
def credited(seeded):
    """A published follow-up to the seeded story, by two authors, on its topics: the
    seeded story then lists it as related."""
    summit = Article.objects.get(slug=SUMMIT)
    jane = factories.AuthorFactory(
        name="Jane Doe", slug="jane-doe", role="Seoul correspondent", bio="Covers the Koreas."
    )
    john = factories.AuthorFactory(name="John Roe", slug="john-roe", role="Beijing bureau")
    story = factories.PublishedArticleFactory(
        slug="kim-xi-follow-up", headline="After the summit", section=summit.section
    )
    story.topics.set(summit.topics.all())
    story.about.set(Actor.objects.filter(slug__in=["kim-jong-un", "xi-jinping"]))
    factories.credit(story, jane, john)
    render_story(summit)
    return story


def violations(page, url):
    page.goto(url)
    results = Axe().run(page)
    return results.violations_count, results.generate_report()


@pytest.mark.parametrize("name", list(PAGES))
def test_taxonomy_page_has_no_axe_violations_on_desktop(live_server, credited, page, name):
    count, report = violations(page, live_server.url + PAGES[name])

    assert count == 0, report


@pytest.mark.parametrize("name", ["topic", "author"])
def test_taxonomy_page_has_no_axe_violations_on_a_phone(live_server, credited, phone_page, name):
    count, report = violations(phone_page, live_server.url + PAGES[name])

    assert count == 0, report


def test_seeded_story_with_topics_and_related_has_no_axe_violations(live_server, credited, page):
    """The seeded story, now showing its topics and a related story, still passes."""
    count, report = violations(page, live_server.url + f"/stories/{SUMMIT}/")

    assert count == 0, report
    assert "After the summit" in page.content()
