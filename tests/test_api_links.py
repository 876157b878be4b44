"""Navigable relations: every resource links to its API URL, its public page and its
related lists, and the links lead where they say."""

from http import HTTPStatus

import pytest
from rest_framework.test import APIClient

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def quote():
    kim = factories.ActorFactory(slug="kim-jong-un", name="Kim Jong Un")
    summit = factories.EventFactory(slug="summit")
    factories.EventParticipantFactory(event=summit, actor=kim)
    quote = factories.QuoteFactory(
        speaker=kim, event=summit, outlets=[factories.OutletFactory(slug="kcna")]
    )
    quote.article.about.add(kim)
    return quote


def follow(api, url, expected=HTTPStatus.OK):
    response = api.get(url)
    assert response.status_code == expected, url
    return response


def test_a_quote_links_to_itself_its_page_its_story_and_its_event(api, quote):
    """url, web_url, article_url and event_url all resolve."""
    body = follow(api, f"/api/v1/quotes/{quote.pk}/").json()
    assert body["url"] == f"http://testserver/api/v1/quotes/{quote.pk}/"
    assert body["web_url"] == f"http://testserver/quotes/{quote.pk}/"
    assert follow(api, body["article_url"]).json()["slug"] == quote.article.slug
    assert follow(api, body["event_url"]).json()["slug"] == "summit"
    assert follow(api, body["speaker"]["url"]).json()["slug"] == "kim-jong-un"
    follow(api, body["web_url"])


def test_an_actor_links_to_its_quotes_events_and_articles(api, quote):
    """The actor's related lists are one link away, and list what they say."""
    actor = follow(api, "/api/v1/actors/kim-jong-un/").json()
    assert actor["web_url"] == "http://testserver/actors/kim-jong-un/"
    quotes = follow(api, actor["quotes_url"]).json()["results"]
    events = follow(api, actor["events_url"]).json()["results"]
    articles = follow(api, actor["articles_url"]).json()["results"]
    assert [q["id"] for q in quotes] == [quote.pk]
    assert [e["slug"] for e in events] == ["summit"]
    assert [a["slug"] for a in articles] == [quote.article.slug]


def test_an_outlets_quotes_are_those_it_reported(api, quote):
    """/actors/kcna/quotes/ lists what reached us through KCNA."""
    quotes = follow(api, "/api/v1/actors/kcna/quotes/").json()["results"]
    assert [q["id"] for q in quotes] == [quote.pk]


def test_an_event_links_to_its_quotes(api, quote):
    """/events/{slug}/quotes/ lists what was said there."""
    event = follow(api, "/api/v1/events/summit/").json()
    assert event["web_url"] == "http://testserver/events/summit/"
    quotes = follow(api, event["quotes_url"]).json()["results"]
    assert [q["id"] for q in quotes] == [quote.pk]


def test_an_article_links_to_its_page_and_its_ninjs(api, quote):
    """The story's web_url is its public page; ninjs_url its IPTC export."""
    story = follow(api, "/api/v1/articles/").json()["results"][0]
    assert story["web_url"] == f"http://testserver/stories/{quote.article.slug}/"
    assert follow(api, story["ninjs_url"]).json()["headlines"][0]["value"] == story["headline"]


def test_an_unnamed_source_has_no_public_page(api):
    """Unnamed sources have no page of their own: web_url is null."""
    factories.ActorFactory(
        slug="aide", description="Kremlin aide", anonymous=True, public_by_hand=True
    )
    body = follow(api, "/api/v1/actors/aide/").json()
    assert body["web_url"] is None
    assert body["name"] == "Kremlin aide"


def test_nested_lists_of_an_unknown_record_are_404(api, db):
    """An unknown actor or event has no quotes list, rather than an empty one."""
    follow(api, "/api/v1/actors/nobody/quotes/", HTTPStatus.NOT_FOUND)
    follow(api, "/api/v1/actors/nobody/events/", HTTPStatus.NOT_FOUND)
    follow(api, "/api/v1/actors/nobody/articles/", HTTPStatus.NOT_FOUND)
    follow(api, "/api/v1/events/nothing/quotes/", HTTPStatus.NOT_FOUND)


def test_nested_lists_take_the_same_filters(api, quote):
    """/actors/{slug}/quotes/ filters like /quotes/."""
    paraphrases = follow(api, "/api/v1/actors/kim-jong-un/quotes/?kind=paraphrase").json()
    assert len(paraphrases["results"]) == 0
    assert len(follow(api, "/api/v1/actors/kim-jong-un/quotes/?kind=direct").json()["results"]) == 1
