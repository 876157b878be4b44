"""Nothing reaches readers that an editor has not approved.

A quote whose words left the body waits for an editor, and an actor or event made
for an unpublished story stays unlisted: neither appears on any page, feed,
search, sitemap, structured data or anonymous API answer until then.
"""

import json
import re
from http import HTTPStatus

import pytest
from django.urls import reverse

from articles import richtext, services
from articles.rendering import render_story
from tests import factories
from tests.sitemap_pages import sitemap_text

pytestmark = pytest.mark.django_db

WORDS = "we will talk again soon"


def jsonld_of(html):
    return [
        json.loads(block)
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html)
    ]


# ---------------------------------------------------------------------------
# A quote whose words left the body


@pytest.fixture
def story():
    """A published story about a minister, covering a summit."""
    article = factories.PublishedArticleFactory(
        headline="Talks in Beijing",
        body="The minister said “we will talk again soon” and left.\nTalks will go on.",
    )
    article.about.add(factories.ActorFactory(name="Sergei Lavrov", slug="sergei-lavrov"))
    article.events.add(factories.EventFactory(title="Beijing summit", slug="beijing-summit"))
    render_story(article)
    return article


@pytest.fixture
def unverified(story):
    """The minister's direct quote at the summit, by way of an outlet, after an edit took
    its words out of the body. A second speaker is quoted only there."""
    minister, summit = story.about.get(), story.events.get()
    outlet = factories.OutletFactory(name="Unchecked Agency", slug="unchecked-agency")
    quote = factories.QuoteFactory(
        article=story, speaker=minister, event=summit, text=WORDS, outlets=[outlet]
    )
    factories.QuoteFactory(
        article=story,
        speaker=factories.ActorFactory(name="Only Unchecked Speaker", slug="only-unchecked"),
        text="talk again",
    )
    story.body = "The minister left.\nTalks will go on."
    story.body_html = richtext.from_text(story.body)  # kept in step, as the services keep it
    story.save()
    render_story(story)
    quote.refresh_from_db()
    assert not quote.is_verified
    return quote


def test_an_unverified_quote_has_no_permalink(client, unverified):
    """Its permalink answers 404 to readers."""
    response = client.get(unverified.get_absolute_url())

    assert response.status_code == HTTPStatus.NOT_FOUND


def test_an_unverified_quote_shows_nobody_on_the_story_page(client, unverified):
    """The story's who's who and sources leave out whoever only an unverified quote shows."""
    html = client.get(unverified.article.get_absolute_url()).content.decode()

    assert "Sergei Lavrov" in html  # the story is about him
    assert "Only Unchecked Speaker" not in html
    assert "Unchecked Agency" not in html


def test_an_unverified_quote_is_not_among_the_home_pages_latest_quotes(client, unverified):
    """The home page's latest quotes leave it out."""
    html = client.get(reverse("articles:home")).content.decode()

    assert "Talks in Beijing" in html
    assert WORDS not in html


def test_an_unverified_quote_is_not_on_its_speakers_page(client, unverified):
    """The speaker's page lists none of their unverified quotes."""
    response = client.get(unverified.speaker.get_absolute_url())

    assert response.status_code == HTTPStatus.OK
    assert WORDS not in response.content.decode()


def test_an_unverified_quote_is_not_on_its_outlets_page(client, unverified):
    """An outlet's page does not list it among the quotes reported through it."""
    html = client.get(reverse("actors:actor-detail", args=["unchecked-agency"])).content.decode()

    assert WORDS not in html


def test_an_unverified_quote_is_not_on_its_events_page(client, unverified):
    """The event's page does not list it under what was said."""
    response = client.get(unverified.event.get_absolute_url())

    assert response.status_code == HTTPStatus.OK
    assert WORDS not in response.content.decode()


def test_an_unverified_quote_is_not_found_by_search(client, unverified):
    """Searching for its words finds no quote."""
    response = client.get(reverse("search"), {"q": "talk again soon"})

    assert response.context["quotes"] == []


def test_an_unverified_quote_is_not_in_the_sitemap(client, unverified):
    """The sitemap lists the story but not the quote's permalink."""
    xml = sitemap_text(client)

    assert unverified.article.get_absolute_url() in xml
    assert unverified.get_absolute_url() not in xml


def test_an_unverified_quote_is_in_no_feed(client, unverified):
    """Neither the latest-stories feed nor its speaker's feed carries its words."""
    feeds = [
        reverse("articles:feed-rss"),
        reverse("actors:actor-feed-atom", args=[unverified.speaker.slug]),
    ]
    for url in feeds:
        response = client.get(url)
        assert response.status_code == HTTPStatus.OK
        assert WORDS not in response.content.decode()


def test_an_unverified_quote_is_in_no_structured_data(client, unverified):
    """No page carries it as a Quotation: not its permalink, story, speaker or event."""
    pages = [
        unverified.get_absolute_url(),
        unverified.article.get_absolute_url(),
        unverified.speaker.get_absolute_url(),
        unverified.event.get_absolute_url(),
    ]
    data = [jsonld_of(client.get(url).content.decode()) for url in pages]

    assert all(data[1:])  # the other pages do carry structured data
    assert WORDS not in json.dumps(data, ensure_ascii=False)


def test_an_unverified_quote_is_not_in_the_anonymous_quote_api(client, unverified):
    """The quote list leaves it out and its detail answers 404."""
    listed = client.get("/api/v1/quotes/").json()["results"]

    assert unverified.pk not in [quote["id"] for quote in listed]
    assert client.get(f"/api/v1/quotes/{unverified.pk}/").status_code == HTTPStatus.NOT_FOUND


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/actors/sergei-lavrov/quotes/",
        "/api/v1/actors/unchecked-agency/quotes/",
        "/api/v1/events/beijing-summit/quotes/",
    ],
)
def test_an_unverified_quote_is_not_in_the_anonymous_nested_quote_lists(client, unverified, url):
    """The speaker's, outlet's and event's quote lists leave it out (an outlet it alone
    cites is not public at all: a quote to check shows nobody)."""
    response = client.get(url)

    if "unchecked-agency" in url:
        assert response.status_code == HTTPStatus.NOT_FOUND
        return
    assert response.status_code == HTTPStatus.OK
    assert unverified.pk not in [quote["id"] for quote in response.json()["results"]]


def test_an_unverified_quote_is_not_in_the_anonymous_story_api(client, unverified):
    """The story's API detail and its ninjs leave it out of the story's quotes."""
    slug = unverified.article.slug
    detail = client.get(f"/api/v1/articles/{slug}/").json()
    ninjs = client.get(f"/api/v1/articles/{slug}/ninjs/").content.decode()

    assert unverified.pk not in [quote["id"] for quote in detail["quotes"]]
    assert WORDS not in ninjs


def test_staff_see_an_unverified_quote_in_the_api_flagged(client, unverified, editor):
    """Editors still find it in the API, marked ``verified: false``, so they can fix it."""
    client.force_login(editor)

    listed = client.get("/api/v1/quotes/").json()["results"]
    detail = client.get(f"/api/v1/quotes/{unverified.pk}/")
    story = client.get(f"/api/v1/articles/{unverified.article.slug}/").json()

    assert unverified.pk in [quote["id"] for quote in listed]
    assert detail.status_code == HTTPStatus.OK
    assert detail.json()["verified"] is False
    assert unverified.pk in [quote["id"] for quote in story["quotes"]]


# ---------------------------------------------------------------------------
# An actor made for an unpublished story


@pytest.fixture
def embargoed_story(db):
    """A draft about a new actor, quoting them at a new event."""
    draft = factories.ArticleFactory(headline="Secret talks")
    actor = factories.ActorFactory(name="Embargoed Envoy", slug="embargoed-envoy")
    event = factories.EventFactory(title="Embargoed meeting", slug="embargoed-meeting")
    draft.about.add(actor)
    draft.events.add(event)
    factories.EventParticipantFactory(event=event, actor=actor)
    quote = factories.QuoteFactory(article=draft, speaker=actor, event=event)
    assert not quote.speaker.is_shown and not quote.event.is_shown
    return draft


@pytest.fixture
def envoy(embargoed_story):
    return embargoed_story.about.get()


@pytest.fixture
def meeting(embargoed_story):
    return embargoed_story.events.get()


def test_an_embargoed_actor_has_no_page(client, envoy):
    """Their page answers 404 to readers."""
    assert client.get(envoy.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND


def test_an_embargoed_actor_has_no_feed(client, envoy):
    """Their RSS and Atom feeds answer 404."""
    for name in ("actors:actor-feed-rss", "actors:actor-feed-atom"):
        response = client.get(reverse(name, args=[envoy.slug]))
        assert response.status_code == HTTPStatus.NOT_FOUND


def test_an_embargoed_actor_is_not_in_the_actor_list(client, envoy):
    """The who's who page leaves them out."""
    html = client.get(reverse("actors:actor-list")).content.decode()

    assert "Embargoed Envoy" not in html


def test_an_embargoed_actor_is_not_found_by_search(client, envoy):
    """Searching for their name finds nobody."""
    response = client.get(reverse("search"), {"q": "Embargoed Envoy"})

    assert response.context["actors"] == []


def test_an_embargoed_actor_is_not_in_the_sitemap(client, envoy):
    """The sitemap leaves their page out."""
    assert envoy.get_absolute_url() not in sitemap_text(client)


def test_an_embargoed_actor_is_not_in_the_anonymous_api(client, envoy):
    """The actor list leaves them out; their detail and nested lists answer 404."""
    listed = client.get("/api/v1/actors/").json()["results"]

    assert envoy.slug not in [actor["slug"] for actor in listed]
    for url in [
        f"/api/v1/actors/{envoy.slug}/",
        f"/api/v1/actors/{envoy.slug}/quotes/",
        f"/api/v1/actors/{envoy.slug}/articles/",
        f"/api/v1/actors/{envoy.slug}/events/",
    ]:
        assert client.get(url).status_code == HTTPStatus.NOT_FOUND, url


def test_an_embargoed_actor_is_refused_as_an_api_filter_like_an_unknown_one(client, envoy):
    """Filtering by their slug answers as for a slug that does not exist."""
    known = client.get("/api/v1/articles/", {"actor": envoy.slug})
    unknown = client.get("/api/v1/articles/", {"actor": "no-such-actor"})

    assert known.status_code == unknown.status_code == HTTPStatus.BAD_REQUEST


def test_staff_preview_an_embargoed_actors_page(client, envoy, editor):
    """Editors see the page, marked as a preview and kept from search engines."""
    client.force_login(editor)

    response = client.get(envoy.get_absolute_url())

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "Preview — not yet public" in html
    assert '<meta name="robots" content="noindex, nofollow">' in html


def test_an_embargoed_actor_appears_when_the_story_is_published(client, envoy, editor):
    """Publishing the story that shows them puts them on every surface at once."""
    services.article_publish(article=envoy.articles_about.get(), by=editor)

    page = client.get(envoy.get_absolute_url())
    listing = client.get(reverse("actors:actor-list")).content.decode()
    feed = client.get(reverse("actors:actor-feed-rss", args=[envoy.slug]))
    sitemap = sitemap_text(client)
    api = client.get(f"/api/v1/actors/{envoy.slug}/")

    assert page.status_code == HTTPStatus.OK
    assert "Secret talks" in page.content.decode()
    assert "Embargoed Envoy" in listing
    assert feed.status_code == HTTPStatus.OK
    assert envoy.get_absolute_url() in sitemap
    assert api.status_code == HTTPStatus.OK


def test_an_actor_made_public_by_hand_appears_without_a_story(client, envoy):
    """An editor may show an actor before any story does."""
    envoy.public_by_hand = True
    envoy.save()

    assert client.get(envoy.get_absolute_url()).status_code == HTTPStatus.OK
    assert "Embargoed Envoy" in client.get(reverse("actors:actor-list")).content.decode()
    assert client.get(f"/api/v1/actors/{envoy.slug}/quotes/").status_code == HTTPStatus.OK


# ---------------------------------------------------------------------------
# An event made for an unpublished story


def test_an_embargoed_event_has_no_page(client, meeting):
    """Its page answers 404 to readers."""
    assert client.get(meeting.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND


def test_an_embargoed_event_is_not_on_the_timeline(client, meeting):
    """The timeline page leaves it out."""
    html = client.get(reverse("actors:event-list")).content.decode()

    assert "Embargoed meeting" not in html


def test_an_embargoed_event_is_not_in_the_sitemap(client, meeting):
    """The sitemap leaves its page out."""
    assert meeting.get_absolute_url() not in sitemap_text(client)


def test_an_embargoed_event_is_not_in_the_anonymous_api(client, meeting):
    """The event list leaves it out; its detail and quote list answer 404."""
    listed = client.get("/api/v1/events/").json()["results"]

    assert meeting.slug not in [event["slug"] for event in listed]
    for url in [f"/api/v1/events/{meeting.slug}/", f"/api/v1/events/{meeting.slug}/quotes/"]:
        assert client.get(url).status_code == HTTPStatus.NOT_FOUND, url


def test_an_embargoed_event_is_not_on_a_public_participants_page(client, meeting):
    """A public actor taking part in it does not list it among their events."""
    minister = factories.ActorFactory(name="Public Minister", public_by_hand=True)
    factories.EventParticipantFactory(event=meeting, actor=minister)

    html = client.get(minister.get_absolute_url()).content.decode()

    assert "Embargoed meeting" not in html


def test_an_embargoed_event_appears_when_the_story_is_published(client, meeting, editor):
    """Publishing the story that covers it puts it on the timeline and its page."""
    services.article_publish(article=meeting.articles.get(), by=editor)

    page = client.get(meeting.get_absolute_url())
    timeline = client.get(reverse("actors:event-list")).content.decode()
    api = client.get(f"/api/v1/events/{meeting.slug}/quotes/")

    assert page.status_code == HTTPStatus.OK
    assert "Embargoed meeting" in timeline
    assert meeting.get_absolute_url() in sitemap_text(client)
    assert api.status_code == HTTPStatus.OK
    assert len(api.json()["results"]) == 1


def test_an_event_made_public_by_hand_appears_without_a_story(client, meeting):
    """An editor may show an event before any story does."""
    meeting.public_by_hand = True
    meeting.save()

    assert client.get(meeting.get_absolute_url()).status_code == HTTPStatus.OK
    assert "Embargoed meeting" in client.get(reverse("actors:event-list")).content.decode()


def test_an_event_page_lists_only_public_participants(client, envoy):
    """A public event's page and JSON-LD leave out a participant no story shows yet."""
    summit = factories.EventFactory(title="Open summit", public_by_hand=True)
    factories.EventParticipantFactory(
        event=summit, actor=factories.ActorFactory(name="Known Host", public_by_hand=True)
    )
    factories.EventParticipantFactory(event=summit, actor=envoy)

    html = client.get(summit.get_absolute_url()).content.decode()

    assert "Known Host" in html
    assert "Embargoed Envoy" not in html
    assert "Embargoed Envoy" not in json.dumps(jsonld_of(html), ensure_ascii=False)


def test_an_actors_page_leaves_out_an_organisation_no_story_shows(client, envoy):
    """A public actor's affiliation with an embargoed organisation is not shown."""
    minister = factories.ActorFactory(name="Public Minister", public_by_hand=True)
    factories.AffiliationFactory(actor=minister, organization=envoy, role_title="Adviser")

    html = client.get(minister.get_absolute_url()).content.decode()

    assert "Embargoed Envoy" not in html


# ---------------------------------------------------------------------------
# One meaning of "an actor's stories"


def test_an_outlets_page_lists_the_stories_citing_it_as_its_feed_does(client):
    """A story that cites an outlet is among the outlet's stories, on its page and feed."""
    outlet = factories.OutletFactory(name="KCNA", slug="kcna")
    factories.QuoteFactory(article__headline="Reported by KCNA", outlets=[outlet])

    page = client.get(outlet.get_absolute_url()).content.decode()
    feed = client.get(reverse("actors:actor-feed-rss", args=[outlet.slug])).content.decode()

    stories = page[page.index('id="stories-heading"') :]
    assert "Reported by KCNA" in stories
    assert "Reported by KCNA" in feed
