"""What keeps the search, the API's quote lists and the actor and event lists fast at any
archive size: a fixed number of queries, no count or sort over the whole archive, and
the same results readers are entitled to (only what is public)."""

import datetime
from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import search, services
from articles.models import Article, Quote
from articles.search import Kind, find, query_terms
from articles.search_index import SearchEntry, index_actors
from core.writes import write_scope
from tests import factories

pytestmark = pytest.mark.django_db


def terms(text):
    return query_terms(text.split())


def counted(client, url):
    """The response to ``url`` and the SQL it ran."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == HTTPStatus.OK, response.content[:500]
    return response, [query["sql"].upper() for query in queries.captured_queries]


# --- Search ------------------------------------------------------------------------------


def test_search_rows_store_when_readers_may_find_them(db):
    """A story's and a quote's rows carry the story's publication time; a quote's, that
    its words are checked."""
    quote = factories.QuoteFactory(text="we will talk again soon")
    article = quote.article

    story_row = SearchEntry.objects.get(kind=Kind.STORY, object_id=article.pk)
    quote_row = SearchEntry.objects.get(kind=Kind.QUOTE, object_id=quote.pk)
    assert story_row.visible_from == quote_row.visible_from == article.published_at
    assert quote_row.verified is True


def test_a_scheduled_story_is_found_from_its_time_only(db):
    """The stored time decides: before it nobody finds the story or its quotes, after it
    everyone does, with no write in between."""
    editor = factories.EditorFactory()
    article = factories.ArticleFactory(headline="Embassy reopening planned")
    quote = factories.QuoteFactory(article=article, text="we will talk again soon")
    at = timezone.now() + datetime.timedelta(days=1)
    article.refresh_from_db()
    services.article_schedule(article=article, by=editor, at=at)

    assert find(Kind.STORY, terms("embassy")).records == []
    assert find(Kind.QUOTE, terms("talk again")).records == []
    # The index's answer a minute after its time (the page then reads the records,
    # which the publication rule checks again).
    later = at + datetime.timedelta(minutes=1)
    engine = search.engine()
    assert [hit.pk for hit in engine.page(Kind.STORY, terms("embassy"), later, 0, 10)[0]] == [
        article.pk
    ]
    assert [hit.pk for hit in engine.page(Kind.QUOTE, terms("talk again"), later, 0, 10)[0]] == [
        quote.pk
    ]
    assert engine.page(Kind.STORY, terms("embassy"), timezone.now(), 0, 10) == ([], None)


def test_a_withdrawn_story_leaves_the_search(client):
    """Withdrawing (a write service) takes the story and its quotes out of the index."""
    editor = factories.EditorFactory()
    quote = factories.QuoteFactory(text="we will talk again soon")
    article = Article.objects.get(pk=quote.article_id)
    assert find(Kind.QUOTE, terms("talk again")).records == [quote]

    services.article_withdraw(article=article, by=editor)

    assert find(Kind.QUOTE, terms("talk again")).records == []
    assert find(Kind.STORY, terms(article.headline)).records == []
    assert not SearchEntry.objects.filter(article=article).exists()


def test_an_actor_no_published_story_shows_is_not_found(db):
    """An actor's visibility is its own record's: one made for a draft is not found."""
    hidden = factories.ActorFactory(name="Hidden Envoy")
    shown = factories.ActorFactory(name="Public Envoy", public_by_hand=True)
    index_actors([hidden, shown])  # as their services index them
    assert SearchEntry.objects.filter(kind=Kind.ACTOR).count() == 2

    assert [actor.pk for actor in find(Kind.ACTOR, terms("envoy")).records] == [shown.pk]


@pytest.fixture
def small_window(monkeypatch):
    """A search window of 5 rows instead of 1,000, so a test can go past it."""
    monkeypatch.setattr(search, "WINDOW", 5)
    return 5


def test_past_the_window_the_count_says_more_than_and_ranks_the_latest(client, small_window):
    """With more matches than the window holds, the latest are ranked and the page says
    "more than"; nothing counts every match."""
    with write_scope():
        stories = [factories.PublishedArticleFactory(headline=f"Summit {i}") for i in range(8)]
    latest = {story.pk for story in stories[-small_window:]}

    results = find(Kind.STORY, terms("summit"), per_page=10)

    assert results.more is True
    assert results.total == small_window
    assert {story.pk for story in results.records} == latest
    page = client.get("/search/", {"q": "summit"}).content.decode()
    assert "more than 5 stories" in page


def test_paging_stops_at_the_window(client, small_window):
    """Page 2 of a 5-row window at 3 a page holds the last 2; page 3 is past its end."""
    with write_scope():
        for i in range(8):
            factories.PublishedArticleFactory(headline=f"Summit {i}")

    first = find(Kind.STORY, terms("summit"), page=1, per_page=3)
    second = find(Kind.STORY, terms("summit"), page=2, per_page=3)

    assert len(first.records) == 3 and first.has_next
    assert len(second.records) == 2 and not second.has_next
    assert not {s.pk for s in first.records} & {s.pk for s in second.records}
    past = client.get("/search/", {"q": "summit", "in": "stories", "page": "3"})
    assert past.status_code == HTTPStatus.NOT_FOUND


@pytest.mark.parametrize("size", [2, 12])
def test_search_queries_and_counts_do_not_grow(client, size, small_window):
    """Seven queries whatever the number of matches (each section's page comes with its
    count in one statement), and no COUNT over the visible stories or quotes."""
    with write_scope():
        speaker = factories.ActorFactory(name="Speaker Summit", public_by_hand=True)
        for i in range(size):
            article = factories.PublishedArticleFactory(headline=f"Summit {i}")
            factories.QuoteFactory(article=article, speaker=speaker)

    response, queries = counted(client, "/search/?q=summit")

    assert len(queries) <= 7
    assert not [sql for sql in queries if "ARTICLES_ARTICLE" in sql and "MATCH" in sql]
    assert not [sql for sql in queries if sql.startswith("SELECT COUNT")]
    assert response.context["results"]["quotes"].total == min(size, small_window)


# --- The API's quote lists ---------------------------------------------------------------


@pytest.fixture
def quotes(db):
    """Twelve public quotes by one speaker in four stories, and one in a draft."""
    speaker = factories.ActorFactory(slug="envoy")
    made = []
    with write_scope():
        for story in range(4):
            article = factories.PublishedArticleFactory(
                body="“One.” “Two.” “Three.”",
                published_at=timezone.now() - datetime.timedelta(days=story + 1),
            )
            for number, words in enumerate(("One.", "Two.", "Three.")):
                made.append(
                    factories.QuoteFactory(
                        article=article,
                        text=words,
                        speaker=speaker,
                        said_on=datetime.date(2025, 1, 1 + story * 3 + number),
                    )
                )
        draft = factories.ArticleFactory(body="“Secret.”")
        factories.QuoteFactory(article=draft, text="Secret.", speaker=speaker)
    return made


def walk(client, url):
    """Every id of a list, following its ``next`` links; and the pages' SQL."""
    ids, pages = [], []
    while url:
        response, queries = counted(client, url)
        body = response.json()
        assert set(body) == {"next", "previous", "results"}
        ids += [quote["id"] for quote in body["results"]]
        pages.append(queries)
        url = body["next"]
    return ids, pages


@pytest.mark.parametrize("path", ["/api/v1/quotes/", "/api/v1/quotes/?speaker=envoy"])
def test_quote_lists_page_newest_first_by_cursor_without_counting(client, quotes, path):
    """Newest first (by id), a cursor in the links, every public quote once, the draft's
    never; each page a fixed number of queries, none a COUNT or a sort by story."""
    separator = "&" if "?" in path else "?"
    ids, pages = walk(client, f"{path}{separator}page_size=5")

    public = sorted(Quote.objects.public().values_list("pk", flat=True), reverse=True)
    assert ids == public == sorted((quote.pk for quote in quotes), reverse=True)
    assert len(pages) == 3
    assert len({len(queries) for queries in pages}) == 1
    for queries in pages:
        assert not [sql for sql in queries if "COUNT(" in sql]
        assert not [sql for sql in queries if 'ORDER BY "ARTICLES_ARTICLE"' in sql]


def test_quote_list_previous_link_goes_back(client, quotes):
    """``previous`` from the second page gives the first page again."""
    first = client.get("/api/v1/quotes/", {"page_size": 5}).json()
    second = client.get(first["next"]).json()
    back = client.get(second["previous"]).json()

    assert [q["id"] for q in back["results"]] == [q["id"] for q in first["results"]]
    assert first["previous"] is None


def test_quote_list_ordered_by_date_pages_without_a_count(client, quotes):
    """``?ordering=-said_on`` still works, paged by ``?page=`` without a count."""
    ids, pages = walk(client, "/api/v1/quotes/?ordering=-said_on&page_size=5")

    expected = sorted(quotes, key=lambda quote: (quote.said_on, quote.pk), reverse=True)
    assert ids == [quote.pk for quote in expected]
    for queries in pages:
        assert not [sql for sql in queries if "COUNT(" in sql]
    response = client.get("/api/v1/quotes/", {"ordering": "-said_on", "page": "9"})
    assert response.status_code == HTTPStatus.NOT_FOUND


def test_a_malformed_cursor_is_a_404(client, quotes):
    response = client.get("/api/v1/quotes/", {"cursor": "not-a-cursor%%"})
    assert response.status_code == HTTPStatus.NOT_FOUND


# --- An actor's and an event's latest stories --------------------------------------------


@pytest.fixture(params=[500, 2], ids=["few-links", "many-links"])
def linked_limit(request, monkeypatch):
    """Both ways of finding the latest stories: among the links, or by checking the
    latest stories one by one (past ``LINKED_LIMIT`` links)."""
    monkeypatch.setattr(Article.objects._queryset_class, "LINKED_LIMIT", request.param)
    return request.param


def test_an_actors_latest_stories_are_the_ones_involving_them(client, linked_limit):
    """The page and the feed list exactly ``involving(actor)``'s published stories, latest
    first, whichever way they are found."""
    actor = factories.ActorFactory(slug="envoy", public_by_hand=True)
    outlet = factories.OutletFactory(slug="wire", public_by_hand=True)
    with write_scope():
        about = factories.PublishedArticleFactory(headline="About")
        about.about.add(actor)
        mentioning = factories.PublishedArticleFactory(headline="Mentioning")
        mentioning.mentions.add(actor)
        quoting = factories.PublishedArticleFactory(headline="Quoting")
        factories.QuoteFactory(article=quoting, speaker=actor)
        citing = factories.PublishedArticleFactory(headline="Citing")
        factories.QuoteFactory(article=citing, outlets=[actor])
        draft = factories.ArticleFactory(headline="Draft")
        draft.about.add(actor)
        factories.PublishedArticleFactory(headline="Elsewhere")
        wire_story = factories.PublishedArticleFactory(headline="Wire")
        factories.QuoteFactory(article=wire_story, outlets=[outlet])

    expected = list(Article.objects.published().involving(actor).values_list("headline", flat=True))
    latest = list(
        Article.objects.published().involving_latest(actor).values_list("headline", flat=True)
    )
    assert sorted(expected) == ["About", "Citing", "Mentioning", "Quoting"]
    assert latest == expected

    page = client.get("/actors/envoy/")
    assert [story.headline for story in page.context["stories"].items] == expected
    feed = client.get("/actors/envoy/feed/atom/").content.decode()
    for headline in expected:
        assert f"<title>{headline}</title>" in feed
    assert "<title>Draft</title>" not in feed and "<title>Elsewhere</title>" not in feed


def test_an_events_latest_stories_are_the_ones_covering_it(client, linked_limit):
    event = factories.EventFactory(slug="summit", public_by_hand=True)
    with write_scope():
        covering = factories.PublishedArticleFactory(headline="Covering")
        covering.events.add(event)
        quoting = factories.PublishedArticleFactory(headline="Quoting")
        quote = factories.QuoteFactory(article=quoting)
        Quote.objects.filter(pk=quote.pk).update(event=event)
        factories.PublishedArticleFactory(headline="Elsewhere")

    page = client.get("/events/summit/")

    headlines = [story.headline for story in page.context["stories"].items]
    assert headlines == list(
        Article.objects.published().covering(event).values_list("headline", flat=True)
    )
    assert sorted(headlines) == ["Covering", "Quoting"]


@pytest.mark.parametrize("size", [3, 30])
def test_the_busiest_actors_page_and_feed_cost_the_same_at_any_size(client, size):
    """The actor's page and feed run the same queries with 3 or 30 stories, none a
    COUNT."""
    actor = factories.ActorFactory(slug="envoy", public_by_hand=True)
    with write_scope():
        for _ in range(size):
            factories.QuoteFactory(speaker=actor)

    _, page = counted(client, "/actors/envoy/")
    _, feed = counted(client, "/actors/envoy/feed/atom/")

    assert len(page) <= 7
    assert len(feed) <= 3
    assert not [sql for sql in page + feed if sql.startswith("SELECT COUNT")]


def test_an_actors_events_come_a_page_at_a_time(client):
    """The busiest actor took part in hundreds of events: their page lists 20, latest
    first, and links to the next 20 (``?events_page=2``); events readers may not see
    are left out."""
    actor = factories.ActorFactory(slug="envoy", public_by_hand=True)
    for day in range(25):
        event = factories.EventFactory(
            public_by_hand=True, date=datetime.date(2025, 1, 1) + datetime.timedelta(days=day)
        )
        factories.EventParticipantFactory(event=event, actor=actor)
    factories.EventParticipantFactory(event=factories.EventFactory(title="Unlisted"), actor=actor)

    first = client.get("/actors/envoy/")
    second = client.get("/actors/envoy/", {"events_page": "2"})

    shown = [p.event.date.day for p in first.context["participations"].items]
    assert len(shown) == 20 and shown[0] == 25
    assert first.context["participations"].has_next
    assert "?events_page=2#events-heading" in first.content.decode()
    assert len(second.context["participations"].items) == 5
    assert "Unlisted" not in first.content.decode() + second.content.decode()
    assert client.get("/actors/envoy/", {"events_page": "3"}).status_code == HTTPStatus.NOT_FOUND
