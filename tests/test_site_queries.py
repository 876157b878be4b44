"""Each reader's page costs a fixed number of SQL queries, however much it shows."""

import pytest

from core.writes import write_scope
from tests import factories

pytestmark = pytest.mark.django_db

# Fetched once per page: the object, then one query per prefetched relation.
# The story's body (with its quotes), its sidebar (who's who, timeline, sources) and
# its page data (structured data, corrections) are stored by render_story: the page
# reads the story's row and nothing else.
STORY_QUERIES = 1
ACTOR_QUERIES = 6  # actor, affiliations, participations, quotes + outlets, stories
OUTLET_QUERIES = 7  # and the quotes reported through the outlet
EVENT_QUERIES = 6  # event, participants, sub-events, quotes + outlets, stories
QUOTE_QUERIES = 2  # quote with speaker, story and event; its outlets
HOME_QUERIES = 4  # count, stories, latest quotes + outlets
SEARCH_QUERIES = 4  # stories, quotes + outlets, actors
FEED_QUERIES = 2  # actor; its stories
LIST_QUERIES = 1
SITEMAP_QUERIES = 8  # each of the four sections counts, then lists, its items


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
    assert response.content.decode().count('class="quote-card ') == story.quotes.count()


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


def test_timeline_and_directory_run_one_query(client, story, django_assert_max_num_queries):
    """The timeline and the who's who list are one query each."""
    for url in ["/events/", "/actors/"]:
        with django_assert_max_num_queries(LIST_QUERIES):
            client.get(url)


def test_actor_feed_runs_a_fixed_number_of_queries(client, story, django_assert_max_num_queries):
    """An actor's feed costs a fixed number of queries."""
    with django_assert_max_num_queries(FEED_QUERIES):
        client.get("/actors/hub/feed/atom/")


def test_sitemap_runs_a_fixed_number_of_queries(client, story, django_assert_max_num_queries):
    """The sitemap costs two queries per section, however many items."""
    with django_assert_max_num_queries(SITEMAP_QUERIES):
        client.get("/sitemap.xml")
