"""Each reader's page costs a fixed number of SQL queries, however much it shows, and the
long lists (an actor's or event's quotes and stories, the timeline) come a page at a time."""

from http import HTTPStatus

import pytest

from core.writes import write_scope
from tests import factories

pytestmark = pytest.mark.django_db

# Fetched once per page: the object, then one query per prefetched relation.
# The story's body (with its quotes), its sidebar (who's who, timeline, sources) and
# its page data (structured data, corrections) are stored by render_story: the page
# reads the story's row and nothing else.
STORY_QUERIES = 1
# The stories of an actor or event: their links (up to 500 rows), then one page.
ACTOR_QUERIES = 7  # actor, affiliations, participations, quotes + outlets, links, stories
OUTLET_QUERIES = 8  # and the quotes reported through the outlet
EVENT_QUERIES = 7  # event, participants, sub-events, quotes + outlets, links, stories
QUOTE_QUERIES = 2  # quote with speaker, story and event; its outlets
HOME_QUERIES = 4  # count, stories, latest quotes + outlets
SEARCH_QUERIES = 7  # per section: its page with its count, its records; the quotes' outlets
FEED_QUERIES = 3  # actor; its links, its stories
LIST_QUERIES = 1
TIMELINE_QUERIES = 2  # count, one page of events
SITEMAP_QUERIES = 7  # the index: each section's highest id (stories … sections, topics, authors)
PER_PAGE = 20


@pytest.fixture(params=[1, 50], ids=["1-quote", "50-quotes"])
def story(request):
    """A published story with n quotes, each by its own speaker, through its own outlet,
    at its own event, plus n actors it is about, n it mentions and n corrections."""
    size = request.param
    with write_scope():  # built in one write: the story is rendered once, at the end
        return _build_story(size)


def _build_story(size):
    lines = [f"Speaker {i} said “words number {i} exactly” to reporters." for i in range(size)]
    article = factories.PublishedArticleFactory(body="\n".join(lines))
    # With one quote no story shows the hubs; an editor has made them public.
    hub = factories.ActorFactory(slug="hub", public_by_hand=True)
    outlet_hub = factories.OutletFactory(slug="wire")
    event_hub = factories.EventFactory(slug="summit", public_by_hand=True)
    for i in range(size):
        speaker = factories.ActorFactory(country=factories.StateFactory())
        factories.AffiliationFactory(actor=hub)
        factories.EventParticipantFactory(event=event_hub, actor=speaker)
        factories.EventParticipantFactory(actor=hub)
        event = factories.EventFactory(parent=event_hub)
        quote = factories.QuoteFactory(
            article=article,
            text=f"words number {i} exactly",
            speaker=hub if i % 2 else speaker,
            outlets=[factories.OutletFactory(), outlet_hub],
        )
        quote.event = event_hub if i % 2 else event
        quote.save()
        article.about.add(factories.ActorFactory())
        article.mentions.add(factories.StateFactory())
        article.events.add(event)
        factories.CorrectionFactory(article=article)
    return article


def test_story_page_runs_a_fixed_number_of_queries(client, story, django_assert_max_num_queries):
    """A story page costs the same queries with 1 quote or 50."""
    with django_assert_max_num_queries(STORY_QUERIES):
        response = client.get(story.get_absolute_url())
    assert response.content.decode().count('class="quote quote-direct"') == story.quotes.count()


def test_story_preview_for_staff_runs_a_fixed_number_of_queries(
    client, story, django_assert_max_num_queries
):
    """Signed in, the page adds only the session and the user."""
    client.force_login(factories.UserFactory(is_staff=True))
    with django_assert_max_num_queries(STORY_QUERIES + 2):
        client.get(story.get_absolute_url())


def test_actor_page_runs_a_fixed_number_of_queries(client, story, django_assert_max_num_queries):
    """An actor's page costs the same queries however many quotes, events and stories."""
    with django_assert_max_num_queries(ACTOR_QUERIES):
        response = client.get("/actors/hub/")
    assert response.status_code == 200


def test_outlet_page_runs_a_fixed_number_of_queries(client, story, django_assert_max_num_queries):
    """An outlet's page, with every quote reported through it, costs a fixed number of queries."""
    with django_assert_max_num_queries(OUTLET_QUERIES):
        response = client.get("/actors/wire/")
    cards = response.content.decode().count('class="quote-card ')
    assert cards == min(story.quotes.count(), PER_PAGE)


def test_event_page_runs_a_fixed_number_of_queries(client, story, django_assert_max_num_queries):
    """An event page costs the same queries however many participants, quotes and sub-events."""
    with django_assert_max_num_queries(EVENT_QUERIES):
        response = client.get("/events/summit/")
    assert response.status_code == 200


def test_quote_page_runs_a_fixed_number_of_queries(client, story, django_assert_max_num_queries):
    """A quote's page costs two queries."""
    quote = story.quotes.last()
    with django_assert_max_num_queries(QUOTE_QUERIES):
        client.get(quote.get_absolute_url())


def test_home_runs_a_fixed_number_of_queries(client, story, django_assert_max_num_queries):
    """The home page costs the same queries however many stories and quotes."""
    with django_assert_max_num_queries(HOME_QUERIES):
        client.get("/")


def test_search_runs_a_fixed_number_of_queries(client, story, django_assert_max_num_queries):
    """A search costs the same queries however many results."""
    with django_assert_max_num_queries(SEARCH_QUERIES):
        response = client.get("/search/", {"q": "words"})
    assert response.status_code == 200


def test_timeline_and_directory_run_a_fixed_number_of_queries(
    client, story, django_assert_max_num_queries
):
    """The timeline is a page of events (two queries); the who's who list is one query."""
    with django_assert_max_num_queries(TIMELINE_QUERIES):
        client.get("/events/")
    with django_assert_max_num_queries(LIST_QUERIES):
        client.get("/actors/")


def test_actor_feed_runs_a_fixed_number_of_queries(client, story, django_assert_max_num_queries):
    """An actor's feed costs a fixed number of queries."""
    with django_assert_max_num_queries(FEED_QUERIES):
        client.get("/actors/hub/feed/atom/")


def test_sitemap_runs_a_fixed_number_of_queries(client, story, django_assert_max_num_queries):
    """The sitemap index costs one query per section, however many items."""
    with django_assert_max_num_queries(SITEMAP_QUERIES):
        client.get("/sitemap.xml")


# Pagination of the long lists


def quote_cards(response):
    return response.content.decode().count('class="quote-card ')


@pytest.fixture
def busy_outlet():
    """An outlet that reported 45 quotes, in 45 stories."""
    outlet = factories.OutletFactory(slug="busy-wire")
    with write_scope():
        for i in range(45):
            story = factories.PublishedArticleFactory(body=f"She said “line {i} here”.")
            factories.QuoteFactory(
                article=story, text=f"line {i} here", speaker=None, outlets=[outlet]
            )
    return outlet


def test_actor_page_pages_through_quotes_and_stories(client, busy_outlet):
    """Twenty at a time, the next page a link away; the last page has the rest."""
    first = client.get("/actors/busy-wire/")
    page = first.content.decode()
    assert quote_cards(first) == PER_PAGE
    assert 'href="?reported_page=2#reported-heading" rel="next"' in page
    assert 'href="?stories_page=2#stories-heading" rel="next"' in page
    last = client.get("/actors/busy-wire/", {"reported_page": 3, "stories_page": 3})
    assert quote_cards(last) == 5
    assert last.content.decode().count('class="story-item"') == 5
    assert 'rel="next"' not in last.content.decode()


@pytest.mark.parametrize("page", ["0", "abc", "-1", "99"])
def test_actor_page_refuses_a_page_that_is_not_there(client, busy_outlet, page):
    response = client.get("/actors/busy-wire/", {"stories_page": page})
    assert response.status_code == HTTPStatus.NOT_FOUND


def test_actor_page_queries_do_not_grow_with_pages(
    client, busy_outlet, django_assert_max_num_queries
):
    with django_assert_max_num_queries(OUTLET_QUERIES):
        client.get("/actors/busy-wire/", {"reported_page": 2})


def test_event_page_pages_through_its_quotes(client):
    event = factories.EventFactory(slug="long-summit", public_by_hand=True)
    with write_scope():
        story = factories.PublishedArticleFactory(
            body="\n".join(f"He said “point {i} agreed”." for i in range(25))
        )
        for i in range(25):
            factories.QuoteFactory(article=story, text=f"point {i} agreed", event=event)
    assert quote_cards(client.get("/events/long-summit/")) == PER_PAGE
    assert quote_cards(client.get("/events/long-summit/", {"page": 2})) == 5


def test_timeline_is_paginated(client):
    from articles.views import TIMELINE_PER_PAGE

    assert TIMELINE_PER_PAGE == 25
    factories.EventFactory.create_batch(30, public_by_hand=True)
    first = client.get("/events/").content.decode()
    assert first.count('class="timeline-place"') == 25
    assert 'href="?page=2" rel="next"' in first
    assert client.get("/events/", {"page": 2}).content.decode().count('class="timeline-place"') == 5


def test_home_takes_its_latest_quotes_from_the_latest_stories(client):
    """The latest quotes are the newest stories' (never a sort over every quote)."""
    import datetime

    from django.utils import timezone

    now = timezone.now()
    with write_scope():
        old = factories.PublishedArticleFactory(
            body="He said “old words here”.", published_at=now - datetime.timedelta(days=9)
        )
        factories.QuoteFactory(article=old, text="old words here")
        new = factories.PublishedArticleFactory(body="She said “new words here”.")
        factories.QuoteFactory(article=new, text="new words here")
    page = client.get("/").content.decode()
    assert page.index("new words here") < page.index("old words here")
