"""RSS and Atom feeds and the sitemap: valid XML that a real feed reader reads correctly."""

import datetime
import xml.etree.ElementTree as ET  # noqa: S405 (parsing our own output)
from http import HTTPStatus

import feedparser
import pytest
from django.utils import timezone

from articles.rendering import render_story
from tests import factories
from tests.sitemap_pages import sitemap_urls

pytestmark = pytest.mark.django_db

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def stories():
    """Two published stories, a day apart, the newer one with a byline."""
    now = timezone.now()
    older = factories.PublishedArticleFactory(
        headline="Older summit story", published_at=now - datetime.timedelta(days=1)
    )
    newer = factories.PublishedArticleFactory(
        headline="Kim & Xi <meet>",
        standfirst="They met in Beijing.",
        byline="Jane Reporter",
        published_at=now - datetime.timedelta(hours=1),
    )
    return newer, older


def parse(client, url):
    response = client.get(url)
    assert response.status_code == HTTPStatus.OK
    ET.fromstring(response.content)  # noqa: S314 (well-formed XML, or this raises)
    return response, feedparser.parse(response.content)


@pytest.mark.parametrize("url", ["/feeds/latest/rss/", "/feeds/latest/atom/"])
def test_markup_in_a_standfirst_reaches_feed_readers_as_text(client, url):
    """A feed reader shows an editor's "<img onerror=…>" as text; it never becomes markup."""
    factories.PublishedArticleFactory(standfirst='Talks <img src=x onerror="alert(1)"> end.')

    _, feed = parse(client, url)

    summary = feed.entries[0].summary
    assert "<img" not in summary
    assert summary.startswith("Talks &lt;img src=x onerror=")


@pytest.mark.parametrize(
    ("url", "version"), [("/feeds/latest/rss/", "rss20"), ("/feeds/latest/atom/", "atom10")]
)
def test_latest_feed_reads_in_a_feed_reader(client, stories, url, version):
    """The latest-stories feed parses cleanly, newest first, with absolute links."""
    newer, older = stories

    response, feed = parse(client, url)

    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == version
    assert [entry.title for entry in feed.entries] == [newer.headline, older.headline]
    assert feed.entries[0].link == f"http://testserver{newer.get_absolute_url()}"
    assert feed.entries[0].summary == "They met in Beijing."


def test_latest_feed_carries_author_and_dates(client, stories):
    """Each Atom entry carries its byline and its publication date."""
    newer, _ = stories

    _, feed = parse(client, "/feeds/latest/atom/")

    entry = feed.entries[0]
    assert entry.author == "Jane Reporter"
    published = datetime.datetime(*entry.published_parsed[:6], tzinfo=datetime.UTC)
    assert published == newer.published_at.replace(microsecond=0)


def test_actor_feed_lists_only_stories_involving_the_actor(client, stories):
    """An actor's feed lists the stories about, mentioning or quoting them, and no other."""
    newer, older = stories
    kim = factories.ActorFactory(name="Kim Jong Un", slug="kim-jong-un")
    newer.about.add(kim)
    render_story(newer)

    for url in ["/actors/kim-jong-un/feed/rss/", "/actors/kim-jong-un/feed/atom/"]:
        _, feed = parse(client, url)
        assert not feed.bozo
        assert feed.feed.title == "Diplomatic Desk: Kim Jong Un"
        assert [entry.title for entry in feed.entries] == [newer.headline]


def test_actor_feed_includes_stories_quoting_the_actor(client):
    """A story that quotes the actor is in their feed."""
    quote = factories.QuoteFactory()

    _, feed = parse(client, f"{quote.speaker.get_absolute_url()}feed/rss/")

    assert [entry.title for entry in feed.entries] == [quote.article.headline]


def test_actor_feed_for_an_unnamed_source_answers_404(client):
    """Unnamed sources have no page, and no feed."""
    factories.ActorFactory(slug="aide", anonymous=True)

    assert client.get("/actors/aide/feed/rss/").status_code == HTTPStatus.NOT_FOUND


def test_sitemap_lists_stories_quotes_actors_and_events(client):
    """sitemap.xml is valid XML listing published stories, their quotes, actors and events."""
    quote = factories.QuoteFactory()
    event = factories.EventFactory(public_by_hand=True)
    factories.ActorFactory(slug="aide", anonymous=True, public_by_hand=True)

    locations = {url.findtext(f"{SITEMAP_NS}loc") for url in sitemap_urls(client)}
    base = "http://testserver"
    assert f"{base}{quote.article.get_absolute_url()}" in locations
    assert f"{base}{quote.get_absolute_url()}" in locations
    assert f"{base}{quote.speaker.get_absolute_url()}" in locations
    assert f"{base}{event.get_absolute_url()}" in locations
    assert f"{base}/actors/aide/" not in locations


def test_sitemap_gives_each_story_its_last_modification(client, article):
    """Each story's entry has a lastmod date."""
    url = next(
        u
        for u in sitemap_urls(client)
        if u.findtext(f"{SITEMAP_NS}loc").endswith(article.get_absolute_url())
    )
    assert url.findtext(f"{SITEMAP_NS}lastmod") == article.updated_at.date().isoformat()


def test_pages_advertise_the_feeds(client, article):
    """Every page links its feeds in the head, so feed readers find them."""
    html = client.get("/").content.decode()

    assert 'type="application/rss+xml"' in html
    assert 'type="application/atom+xml"' in html
