"""Filtering, ordering and pagination of the API lists, as a consumer uses them."""

import datetime
from http import HTTPStatus

import pytest
from rest_framework.test import APIClient

from actors.models import Actor, Event, EventParticipant
from articles.models import Article, Quote
from tests import factories

pytestmark = pytest.mark.django_db

BODY = "Kim said “friendship cannot change” and Xi said “we stand together” at dinner."


@pytest.fixture
def api():
    return APIClient()


def slugs(response, key="slug"):
    assert response.status_code == HTTPStatus.OK, response.content
    return [item[key] for item in response.json()["results"]]


def quote_ids(response):
    return slugs(response, key="id")


@pytest.fixture
def world():
    """Two published stories and a draft, two speakers, two outlets, two events."""
    # The states are no story's subject; an editor has made them public.
    china = factories.StateFactory(name="China", slug="china", public_by_hand=True)
    korea = factories.StateFactory(name="North Korea", slug="north-korea", public_by_hand=True)
    kim = factories.ActorFactory(name="Kim Jong Un", slug="kim-jong-un", country=korea)
    xi = factories.ActorFactory(name="Xi Jinping", slug="xi-jinping", country=china)
    kcna = factories.OutletFactory(name="KCNA", slug="kcna", country=korea)
    xinhua = factories.OutletFactory(name="Xinhua", slug="xinhua", country=china)
    summit = factories.EventFactory(
        title="Xi-Kim summit", slug="summit", kind=Event.Kind.SUMMIT, date=datetime.date(2025, 9, 4)
    )
    parade = factories.EventFactory(
        title="Victory parade",
        slug="parade",
        kind=Event.Kind.CEREMONY,
        date=datetime.date(2024, 9, 3),
        location_name="Tiananmen Square",
    )
    EventParticipant.objects.create(event=summit, actor=kim, role=EventParticipant.Role.GUEST)
    EventParticipant.objects.create(event=summit, actor=xi, role=EventParticipant.Role.HOST)
    EventParticipant.objects.create(event=parade, actor=xi, role=EventParticipant.Role.HOST)

    summit_story = factories.PublishedArticleFactory(
        slug="summit-story",
        headline="Kim and Xi meet in Beijing",
        body=BODY,
        published_at=datetime.datetime(2025, 9, 5, 6, tzinfo=datetime.UTC),
    )
    summit_story.about.set([kim])
    summit_story.events.set([summit])
    parade_story = factories.PublishedArticleFactory(
        slug="parade-story",
        headline="Tanks on Tiananmen Square",
        body="Xi said “peace is precious” as missiles rolled by.",
        published_at=datetime.datetime(2024, 9, 3, 12, tzinfo=datetime.UTC),
    )
    parade_story.mentions.set([xi])
    draft = factories.ArticleFactory(slug="draft-story", headline="Kim draft", body=BODY)
    draft.about.set([kim])

    kim_quote = factories.QuoteFactory(
        article=summit_story,
        text="friendship cannot change",
        speaker=kim,
        said_on=datetime.date(2025, 9, 4),
        event=summit,
        outlets=[kcna],
    )
    xi_quote = factories.QuoteFactory(
        article=summit_story,
        text="we stand together",
        kind=Quote.Kind.PARTIAL,
        speaker=xi,
        said_on=datetime.date(2025, 9, 1),
        said_on_precision="month",
        event=summit,
        outlets=[xinhua],
    )
    parade_quote = factories.QuoteFactory(
        article=parade_story,
        text="peace is precious",
        speaker=xi,
        said_on=datetime.date(2024, 9, 3),
        event=parade,
        outlets=[xinhua, kcna],
    )
    draft_quote = factories.QuoteFactory(
        article=draft, text="friendship cannot change", speaker=kim, outlets=[kcna]
    )
    return {
        "kim": kim,
        "xi": xi,
        "kcna": kcna,
        "summit": summit,
        "kim_quote": kim_quote.pk,
        "xi_quote": xi_quote.pk,
        "parade_quote": parade_quote.pk,
        "draft_quote": draft_quote.pk,
    }


# Articles


def test_articles_filter_by_actor_they_are_about(api, world):
    """?actor= finds the stories about an actor (published only, for anonymous clients)."""
    assert slugs(api.get("/api/v1/articles/?actor=kim-jong-un")) == ["summit-story"]


def test_articles_filter_by_actor_they_mention_or_quote(api, world):
    """?actor= also finds stories that mention or quote the actor, each story once."""
    assert slugs(api.get("/api/v1/articles/?actor=xi-jinping")) == [
        "summit-story",
        "parade-story",
    ]


def test_articles_filter_by_outlet_cited(api, world):
    """?actor= with an outlet finds the stories whose quotes reached us through it."""
    assert slugs(api.get("/api/v1/articles/?actor=xinhua")) == ["summit-story", "parade-story"]


def test_articles_filter_by_event(api, world):
    """?event= finds the stories covering the event."""
    assert slugs(api.get("/api/v1/articles/?event=summit")) == ["summit-story"]


def test_articles_filter_by_event_quoted_at(api, world):
    """?event= also finds stories quoting someone at the event."""
    assert slugs(api.get("/api/v1/articles/?event=parade")) == ["parade-story"]


def test_articles_filter_by_publication_date_range(api, world):
    """?published_after= and ?published_before= bound the publication date."""
    assert slugs(api.get("/api/v1/articles/?published_after=2025-01-01")) == ["summit-story"]
    assert slugs(api.get("/api/v1/articles/?published_before=2024-12-31")) == ["parade-story"]


def test_articles_date_range_takes_a_month_or_a_year(api, world):
    """A reduced-precision bound covers the whole month or year it names."""
    assert slugs(api.get("/api/v1/articles/?published_before=2024")) == ["parade-story"]
    assert slugs(api.get("/api/v1/articles/?published_after=2025-09&published_before=2025-09")) == [
        "summit-story"
    ]


def test_articles_text_search(api, world):
    """?q= finds every word in the headline, standfirst or body, ignoring case."""
    assert slugs(api.get("/api/v1/articles/?q=tiananmen")) == ["parade-story"]
    assert slugs(api.get("/api/v1/articles/?q=beijing+kim")) == ["summit-story"]


def test_articles_status_filter_never_shows_drafts_to_anonymous_clients(api, world):
    """?status=draft gives an anonymous client nothing."""
    assert slugs(api.get("/api/v1/articles/?status=draft")) == []


def test_articles_status_filter_for_staff(api, world):
    """Staff can list their drafts with ?status=draft."""
    api.force_authenticate(factories.EditorFactory())
    assert slugs(api.get("/api/v1/articles/?status=draft")) == ["draft-story"]


def test_articles_ordering(api, world):
    """?ordering= sorts by an allowed field, - for descending."""
    assert slugs(api.get("/api/v1/articles/?ordering=headline")) == [
        "summit-story",
        "parade-story",
    ]
    assert slugs(api.get("/api/v1/articles/?ordering=published_at")) == [
        "parade-story",
        "summit-story",
    ]


# Quotes


def test_quotes_filter_by_speaker(api, world):
    """?speaker= keeps quotes by that actor, and never a draft's."""
    assert quote_ids(api.get("/api/v1/quotes/?speaker=kim-jong-un")) == [world["kim_quote"]]


def test_quotes_filter_by_outlet(api, world):
    """?outlet= keeps quotes that reached us through that outlet."""
    response = api.get("/api/v1/quotes/?outlet=kcna")
    assert sorted(quote_ids(response)) == sorted([world["kim_quote"], world["parade_quote"]])


def test_quotes_filter_by_speaker_and_outlet(api, world):
    """Filters combine: Xi as reported by KCNA."""
    response = api.get("/api/v1/quotes/?speaker=xi-jinping&outlet=kcna")
    assert quote_ids(response) == [world["parade_quote"]]


def test_quotes_filter_by_article(api, world):
    """?article= keeps the quotes of one story."""
    assert quote_ids(api.get("/api/v1/quotes/?article=parade-story")) == [world["parade_quote"]]


def test_quotes_filter_by_event(api, world):
    """?event= keeps quotes said at that event."""
    response = api.get("/api/v1/quotes/?event=summit")
    assert sorted(quote_ids(response)) == sorted([world["kim_quote"], world["xi_quote"]])


def test_quotes_filter_by_kind(api, world):
    """?kind= keeps direct, partial or paraphrased quotes."""
    assert quote_ids(api.get("/api/v1/quotes/?kind=partial")) == [world["xi_quote"]]


def test_quotes_filter_by_said_on_range(api, world):
    """?said_on_after= and ?said_on_before= bound the date the words were said."""
    response = api.get("/api/v1/quotes/?said_on_after=2025-09-02")
    assert quote_ids(response) == [world["kim_quote"]]
    response = api.get("/api/v1/quotes/?said_on_before=2024")
    assert quote_ids(response) == [world["parade_quote"]]


def test_quotes_text_search(api, world):
    """?q= searches the words, the speaker's label and the speaker's name."""
    assert quote_ids(api.get("/api/v1/quotes/?q=PRECIOUS")) == [world["parade_quote"]]
    assert quote_ids(api.get("/api/v1/quotes/?q=kim")) == [world["kim_quote"]]


def test_quotes_filter_by_draft_article_is_unknown_to_anonymous_clients(api, world):
    """A draft's slug is answered exactly like a slug that does not exist."""
    draft = api.get("/api/v1/quotes/?article=draft-story")
    unknown = api.get("/api/v1/quotes/?article=no-such-story")
    assert draft.status_code == unknown.status_code == HTTPStatus.BAD_REQUEST
    assert draft.json() == {"article": ["No article has the slug “draft-story”."]}


def test_quotes_ordering_by_said_on(api, world):
    """?ordering=-said_on puts the latest words first."""
    response = api.get("/api/v1/quotes/?ordering=-said_on")
    assert quote_ids(response) == [world["kim_quote"], world["xi_quote"], world["parade_quote"]]


def test_unknown_slug_in_a_filter_is_a_400_naming_it(api, world):
    """?speaker=nobody is refused with a message naming the slug, not an empty list."""
    response = api.get("/api/v1/quotes/?speaker=nobody")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.json() == {"speaker": ["No actor has the slug “nobody”."]}


def test_an_actor_who_is_no_outlet_is_refused_as_outlet(api, world):
    """?outlet= only accepts outlets."""
    response = api.get("/api/v1/quotes/?outlet=kim-jong-un")
    assert response.json() == {"outlet": ["No outlet has the slug “kim-jong-un”."]}


def test_invalid_date_in_a_filter_is_a_400_naming_the_problem(api, world):
    """A date that is not YYYY, YYYY-MM or YYYY-MM-DD is explained."""
    response = api.get("/api/v1/quotes/?said_on_after=4 September")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "YYYY-MM-DD" in response.json()["said_on_after"][0]


def test_impossible_date_in_a_filter_is_a_400(api, world):
    """30 February is not a date."""
    response = api.get("/api/v1/events/?date_after=2025-02-30")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "not a real date" in response.json()["date_after"][0]


# Events


def test_events_filter_by_participant(api, world):
    """?participant= keeps events an actor takes part in."""
    assert slugs(api.get("/api/v1/events/?participant=kim-jong-un")) == ["summit"]


def test_events_filter_by_participant_and_role(api, world):
    """?participant=&role= keeps events where that actor had that role."""
    assert slugs(api.get("/api/v1/events/?participant=xi-jinping&role=host")) == [
        "parade",
        "summit",
    ]
    assert slugs(api.get("/api/v1/events/?participant=kim-jong-un&role=host")) == []


def test_events_filter_by_kind(api, world):
    """?kind= keeps summits, ceremonies, …"""
    assert slugs(api.get("/api/v1/events/?kind=ceremony")) == ["parade"]


def test_events_filter_by_date_range(api, world):
    """?date_after= and ?date_before= bound the event's date."""
    assert slugs(api.get("/api/v1/events/?date_after=2025")) == ["summit"]
    assert slugs(api.get("/api/v1/events/?date_before=2024-09-03")) == ["parade"]


def test_events_text_search(api, world):
    """?q= searches title, description and place."""
    assert slugs(api.get("/api/v1/events/?q=tiananmen")) == ["parade"]


def test_events_ordering(api, world):
    """?ordering=-date puts the latest event first."""
    assert slugs(api.get("/api/v1/events/?ordering=-date")) == ["summit", "parade"]


# Actors


def test_actors_filter_by_kind(api, world):
    """?kind=outlet lists the outlets."""
    assert slugs(api.get("/api/v1/actors/?kind=outlet")) == ["kcna", "xinhua"]


def test_actors_filter_by_country(api, world):
    """?country= takes a state's slug."""
    assert slugs(api.get("/api/v1/actors/?country=north-korea")) == ["kcna", "kim-jong-un"]


def test_actors_filter_by_country_refuses_a_non_state(api, world):
    """A country must be a state."""
    response = api.get("/api/v1/actors/?country=kim-jong-un")
    assert response.json() == {"country": ["No state has the slug “kim-jong-un”."]}


def test_actors_text_search(api, world):
    """?q= searches the name, native name, description and slug."""
    assert slugs(api.get("/api/v1/actors/?q=jinping")) == ["xi-jinping"]


def test_actors_filter_unnamed_sources(api, world):
    """?anonymous=true lists only unnamed sources."""
    factories.ActorFactory(
        slug="aide", name="Aide", description="Kremlin aide", anonymous=True, public_by_hand=True
    )
    assert slugs(api.get("/api/v1/actors/?anonymous=true")) == ["aide"]


def test_actors_ordering(api, world):
    """?ordering=-name sorts by name, descending."""
    assert slugs(api.get("/api/v1/actors/?ordering=-name&kind=state")) == ["north-korea", "china"]


# Pagination


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/articles/",
        "/api/v1/quotes/",
        "/api/v1/actors/",
        "/api/v1/events/",
        "/api/v1/actors/xi-jinping/quotes/",
        "/api/v1/actors/xi-jinping/events/",
        "/api/v1/actors/xi-jinping/articles/",
        "/api/v1/events/summit/quotes/",
    ],
)
def test_every_list_is_paginated_the_same_way(api, world, path):
    """Every list answers {count, next, previous, results} and honours ?page_size=; the
    quote lists, too long to count, answer {next, previous, results}, newest first, with
    a cursor in their links."""
    response = api.get(path, {"page_size": 1})
    assert response.status_code == HTTPStatus.OK
    body = response.json()
    assert len(body["results"]) == 1
    if path.endswith("quotes/"):
        assert set(body) == {"next", "previous", "results"}
        assert "cursor=" in body["next"]
        following = api.get(body["next"]).json()
        assert following["results"][0]["id"] < body["results"][0]["id"]
        assert "cursor=" in following["previous"]
        return
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] >= 2
    assert "page=2" in body["next"]


def test_page_size_is_capped_at_100(api, db):
    """?page_size=1000 returns at most 100 items."""
    Actor.objects.bulk_create(
        Actor(name=f"Actor {n}", slug=f"bulk-{n}", kind=Actor.Kind.PERSON, public_by_hand=True)
        for n in range(105)
    )
    body = api.get("/api/v1/actors/?page_size=1000").json()
    assert body["count"] == 105
    assert len(body["results"]) == 100


def test_a_page_past_the_end_is_a_404_with_a_message(api, world):
    """Asking for page 99 of a short list is a 404 that says so."""
    response = api.get("/api/v1/actors/?page=99")
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert response.json() == {"detail": "Invalid page."}


def test_draft_quotes_stay_out_of_nested_lists(api, world):
    """An actor's quotes, for anonymous clients, leave out quotes in drafts."""
    ids = quote_ids(api.get("/api/v1/actors/kim-jong-un/quotes/"))
    assert world["draft_quote"] not in ids
    assert ids == [world["kim_quote"]]


def test_articles_unpublished_are_not_counted(api, world):
    """The count is of what the client may see."""
    assert api.get("/api/v1/articles/").json()["count"] == 2
    assert Article.objects.count() == 3
