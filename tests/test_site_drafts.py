"""Only published content is public: no surface of the reader's site leaks an unpublished story.

Each test puts the same secret words in an unpublished story (a draft, a story
scheduled for later, a withdrawn one) and checks one surface.
"""

import datetime
from http import HTTPStatus

import pytest
from django.utils import timezone

from articles.models import Article
from articles.rendering import render_story
from tests import factories
from tests.sitemap_pages import sitemap_text

pytestmark = pytest.mark.django_db

SECRET = "Embargoed words"


@pytest.fixture(params=[Article.Status.DRAFT, "scheduled", Article.Status.WITHDRAWN])
def unpublished(request):
    """An unpublished story whose headline and quote carry SECRET, with a speaker, an outlet
    and an event that readers already see (an editor made them public)."""
    if request.param == "scheduled":
        fields = {
            "status": Article.Status.SCHEDULED,
            "published_at": timezone.now() + datetime.timedelta(days=1),
        }
    elif request.param == Article.Status.WITHDRAWN:
        fields = {
            "status": Article.Status.WITHDRAWN,
            "published_at": timezone.now() - datetime.timedelta(days=1),
        }
    else:
        fields = {"status": request.param}
    article = factories.ArticleFactory(
        headline=f"{SECRET} headline",
        body=f"The envoy said “{SECRET} in the quote” today.",
        **fields,
    )
    speaker = factories.ActorFactory(name="Envoy", slug="envoy", public_by_hand=True)
    outlet = factories.OutletFactory(name="Wire", slug="wire", public_by_hand=True)
    event = factories.EventFactory(slug="talks", public_by_hand=True)
    factories.QuoteFactory(
        article=article,
        text=f"{SECRET} in the quote",
        speaker=speaker,
        outlets=[outlet],
        event=event,
    )
    article.about.add(speaker)
    article.events.add(event)
    render_story(article)
    return article


@pytest.fixture(params=["anonymous", "staff"])
def reader(request, client):
    """Anonymous readers, and staff too: only the story preview shows staff a draft."""
    if request.param == "staff":
        client.force_login(factories.UserFactory(is_staff=True, is_superuser=True))
    return client


def test_unpublished_story_answers_404_to_anonymous_readers(client, unpublished):
    """An unpublished story's page answers 404 to a reader who is not signed in."""
    response = client.get(unpublished.get_absolute_url())

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert SECRET not in response.content.decode()


def test_unpublished_story_answers_404_to_signed_in_non_staff(client, unpublished):
    """Being signed in is not enough to preview: only staff may."""
    client.force_login(factories.UserFactory(is_staff=False))

    response = client.get(unpublished.get_absolute_url())

    assert response.status_code == HTTPStatus.NOT_FOUND


def test_quote_of_unpublished_story_answers_404(reader, unpublished):
    """A quote's permalink answers 404 while its story is unpublished."""
    quote = unpublished.quotes.get()

    response = reader.get(quote.get_absolute_url())

    assert response.status_code == HTTPStatus.NOT_FOUND


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/actors/envoy/",
        "/actors/wire/",
        "/events/talks/",
        "/search/?q=Embargoed",
        "/search/?q=Envoy",
        "/feeds/latest/rss/",
        "/feeds/latest/atom/",
        "/actors/envoy/feed/rss/",
        "/actors/envoy/feed/atom/",
        "/sitemap.xml",
    ],
)
def test_surface_never_shows_unpublished_stories(reader, unpublished, url):
    """Home, actor, outlet and event pages, search, feeds and sitemap omit unpublished stories."""
    response = reader.get(url)

    assert response.status_code == HTTPStatus.OK
    body = response.content.decode()
    assert SECRET not in body
    assert unpublished.get_absolute_url() not in body
    assert f"/quotes/{unpublished.quotes.get().pk}/" not in body


def test_published_story_does_show_on_those_surfaces(client):
    """The same story, published, does appear: the leak tests above can fail."""
    article = factories.PublishedArticleFactory(
        headline=f"{SECRET} headline", body=f"The envoy said “{SECRET} in the quote” today."
    )
    speaker = factories.ActorFactory(name="Envoy", slug="envoy")
    factories.QuoteFactory(article=article, text=f"{SECRET} in the quote", speaker=speaker)

    for url in [
        "/",
        "/actors/envoy/",
        "/search/?q=Embargoed",
        "/feeds/latest/rss/",
    ]:
        assert article.get_absolute_url() in client.get(url).content.decode(), url
    assert article.get_absolute_url() in sitemap_text(client)


def test_the_sitemap_never_lists_unpublished_stories(reader, unpublished):
    """No page of the sitemap lists the unpublished story or its quote."""
    listed = sitemap_text(reader)
    assert unpublished.get_absolute_url() not in listed
    assert f"/quotes/{unpublished.quotes.get().pk}/" not in listed


def test_jsonld_of_an_actor_page_mentions_no_unpublished_story(client, unpublished):
    """The structured data on an actor's page names no unpublished story."""
    html = client.get("/actors/envoy/").content.decode()

    script = html[html.index("application/ld+json") :]
    script = script[: script.index("</script>")]
    assert SECRET not in script


def test_corrections_of_an_unpublished_story_are_not_shown(client, unpublished):
    """A correction to an unpublished story stays unseen (its story answers 404)."""
    factories.CorrectionFactory(article=unpublished, text=f"{SECRET} correction")

    assert client.get(unpublished.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND
    assert SECRET not in client.get("/feeds/latest/atom/").content.decode()
