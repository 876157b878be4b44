"""The page cache: anonymous pages and API responses come from the cache until a write
changes what they show, on the local-memory cache and on a real Redis (REDIS_URL)."""

import datetime
from http import HTTPStatus

import pytest
import time_machine
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.urls import resolve, reverse
from django.utils import timezone
from django.utils.http import http_date
from rest_framework.authtoken.models import Token

from actors import services as world
from articles import services
from articles.models import Article
from articles.rendering import render_story, story_rendered
from articles.views import ArticleDetailView
from core.cache import PageCacheMiddleware
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]

BODY = (
    "Choe Son Hui said “we will talk again soon” and left the hall.\n"
    "Later she added “the door remains open” to reporters."
)


@pytest.fixture
def story(db):
    speaker = factories.ActorFactory(name="Choe Son Hui", slug="choe-son-hui")
    outlet = factories.OutletFactory(name="KCNA", slug="kcna")
    event = factories.EventFactory(title="Beijing summit", slug="beijing-summit")
    article = factories.PublishedArticleFactory(
        headline="Choe speaks in Beijing", slug="choe-speaks", body=BODY
    )
    article.events.set([event])
    quote = factories.QuoteFactory(
        article=article, text="we will talk again soon", speaker=speaker, outlets=[outlet]
    )
    quote.event = event
    quote.save()
    with_render = Article.objects.get(pk=article.pk)
    render_story(with_render)
    return {
        "article": with_render,
        "quote": quote,
        "speaker": speaker,
        "outlet": outlet,
        "event": event,
    }


def urls(story):
    article, quote = story["article"], story["quote"]
    return {
        "story": article.get_absolute_url(),
        "home": reverse("articles:home"),
        "quote": quote.get_absolute_url(),
        "actor": story["speaker"].get_absolute_url(),
        "outlet": story["outlet"].get_absolute_url(),
        "event": story["event"].get_absolute_url(),
        "timeline": reverse("actors:event-list"),
        "feed": reverse("articles:feed-rss"),
        "sitemap": reverse("sitemap"),
        "api-story": reverse("api:article-detail", kwargs={"slug": article.slug}),
        "api-stories": reverse("api:article-list"),
        "api-quote": reverse("api:quote-detail", kwargs={"pk": quote.pk}),
        "api-actor": reverse("api:actor-detail", kwargs={"slug": story["speaker"].slug}),
        "api-event": reverse("api:event-detail", kwargs={"slug": story["event"].slug}),
    }


def text(client, url, status=HTTPStatus.OK):
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def warm(client, *paths):
    for path in paths:
        text(client, path)
        text(client, path)


def is_cached(client, url, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(url)
    assert response.status_code == HTTPStatus.OK
    return response


PAGES = [
    "story",
    "home",
    "quote",
    "actor",
    "outlet",
    "event",
    "timeline",
    "feed",
    "sitemap",
    "api-story",
    "api-stories",
    "api-quote",
    "api-actor",
    "api-event",
]


@pytest.mark.parametrize("name", PAGES)
def test_a_cached_hit_runs_no_query(client, story, name, django_assert_num_queries):
    """The second anonymous GET of a public page is answered from the cache: no query,
    the same bytes."""
    url = urls(story)[name]
    first = client.get(url)
    assert first.status_code == HTTPStatus.OK
    second = is_cached(client, url, django_assert_num_queries)
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]


def test_publishing_a_story_shows_it_on_cached_lists(client, story, editor, committed):
    """Publishing a draft puts it on the home page, the feed and the API list at once."""
    page = urls(story)
    warm(client, page["home"], page["feed"], page["api-stories"])
    draft = factories.ArticleFactory(headline="A fresh report", slug="fresh-report")
    with committed():
        services.article_publish(article=draft, by=editor)
    for name in ("home", "feed", "api-stories"):
        assert "A fresh report" in text(client, page[name]), name
    assert "A fresh report" in text(client, draft.get_absolute_url())


def test_updating_a_story_shows_the_new_text_everywhere(client, story, editor, committed):
    page = urls(story)
    shown = ["story", "home", "quote", "actor", "event", "feed", "api-story", "api-stories"]
    warm(client, *(page[name] for name in shown))
    with committed():
        services.article_update(article=story["article"], by=editor, headline="Choe in Beijing")
    for name in shown:
        body = text(client, page[name])
        assert "Choe in Beijing" in body, name
        assert "Choe speaks in Beijing" not in body, name


def test_a_correction_is_shown_at_once(client, story, editor, committed):
    """No reader gets the uncorrected story from the cache."""
    page = urls(story)
    warm(client, page["story"], page["api-story"])
    with committed():
        services.correction_add(
            article=story["article"], by=editor, text="An earlier version misnamed the hall."
        )
    assert "misnamed the hall" in text(client, page["story"])
    assert "misnamed the hall" in text(client, page["api-story"])


def test_a_withdrawn_story_leaves_every_cached_page(client, story, editor, committed):
    """No reader gets a withdrawn story from the cache, anywhere it was shown."""
    page = urls(story)
    warm(client, *page.values())
    with committed():
        services.article_withdraw(article=story["article"], by=editor)
    for name in ("story", "quote", "api-story", "api-quote"):
        text(client, page[name], HTTPStatus.NOT_FOUND)
    for name in ("home", "feed", "sitemap", "api-stories", "timeline"):
        body = text(client, page[name])
        assert "choe-speaks" not in body, name
        assert "Choe speaks in Beijing" not in body, name
    # Its speaker, outlet and event were public only through it: their pages are gone too.
    for name in ("actor", "outlet", "event", "api-actor", "api-event"):
        text(client, page[name], HTTPStatus.NOT_FOUND)


def test_restoring_a_version_shows_it(client, story, editor, committed):
    article = story["article"]
    with committed():
        services.article_update(article=article, by=editor, headline="A rewritten headline")
    page = urls(story)
    warm(client, page["story"], page["home"])
    first = article.history.order_by("history_date").first()
    with committed():
        services.article_restore(article=article, record=first, by=editor)
    assert "Choe speaks in Beijing" in text(client, page["story"])
    assert "A rewritten headline" not in text(client, page["home"])


def test_a_new_quote_is_shown_on_the_story_and_the_speakers_page(client, story, editor, committed):
    page = urls(story)
    warm(client, page["story"], page["actor"], page["api-story"])
    with committed():
        quote = services.quote_create(
            by=editor,
            article=story["article"],
            text="the door remains open",
            kind="direct",
            speaker=story["speaker"],
        )
    assert f'id="quote-{quote.pk}"' in text(client, page["story"])
    assert "the door remains open" in text(client, page["actor"])
    assert "the door remains open" in text(client, page["api-story"])


def test_a_changed_quote_is_shown_on_its_permalink(client, story, editor, committed):
    page = urls(story)
    warm(client, page["quote"], page["api-quote"], page["actor"])
    with committed():
        services.quote_update(quote=story["quote"], by=editor, text="we will talk again")
    for name in ("quote", "api-quote", "actor"):
        body = text(client, page[name])
        assert "we will talk again" in body
        assert "we will talk again soon" not in body, name


def test_a_deleted_quote_leaves_the_cache(client, story, editor, committed):
    page = urls(story)
    warm(client, page["quote"], page["api-quote"], page["story"])
    with committed():
        services.quote_delete(quote=story["quote"], by=editor)
    text(client, page["quote"], HTTPStatus.NOT_FOUND)
    text(client, page["api-quote"], HTTPStatus.NOT_FOUND)
    assert f'id="quote-{story["quote"].pk}"' not in text(client, page["story"])


def test_renaming_an_actor_shows_the_new_name(client, story, editor, committed):
    page = urls(story)
    shown = ["story", "quote", "actor", "api-story", "api-quote", "api-actor"]
    warm(client, *(page[name] for name in shown))
    with committed():
        world.actor_update(actor=story["speaker"], by=editor, name="Choe Son-hui")
    for name in shown:
        assert "Choe Son-hui" in text(client, page[name]), name


def test_changing_an_event_shows_it(client, story, editor, committed):
    page = urls(story)
    shown = ["story", "event", "timeline", "quote", "api-event"]
    warm(client, *(page[name] for name in shown))
    with committed():
        world.event_update(event=story["event"], by=editor, title="Beijing talks")
    for name in shown:
        assert "Beijing talks" in text(client, page[name]), name


def test_deleting_a_story_leaves_the_cache(client, story, editor, committed):
    page = urls(story)
    warm(client, page["story"], page["home"])
    with committed():
        services.article_delete(article=story["article"], by=editor)
    text(client, page["story"], HTTPStatus.NOT_FOUND)
    assert "choe-speaks" not in text(client, page["home"])


def test_another_storys_edit_keeps_this_page_cached(
    client, story, editor, committed, django_assert_num_queries
):
    """A write invalidates the pages it changes, not every page."""
    page = urls(story)
    other = factories.PublishedArticleFactory(headline="Elsewhere", slug="elsewhere")
    warm(client, page["story"], page["api-story"], page["home"], other.get_absolute_url())
    with committed():
        services.article_update(article=other, by=editor, headline="Elsewhere, again")
    is_cached(client, page["story"], django_assert_num_queries)
    is_cached(client, page["api-story"], django_assert_num_queries)
    assert "Elsewhere, again" in text(client, page["home"])
    assert "Elsewhere, again" in text(client, other.get_absolute_url())


def test_a_rolled_back_write_purges_nothing(
    client, story, editor, committed, django_assert_num_queries
):
    """A write that rendered the story and was then refused leaves the cache as it was."""
    page = urls(story)
    warm(client, page["story"])
    rendered = []

    def count(sender, article, **kwargs):
        rendered.append(article.pk)

    story_rendered.connect(count)
    try:
        with pytest.raises(ValidationError), committed():
            services.article_update(
                article=story["article"], by=editor, body="Every quoted word is gone."
            )
    finally:
        story_rendered.disconnect(count)
    assert rendered == [story["article"].pk]  # it rendered, inside the write
    is_cached(client, page["story"], django_assert_num_queries)


def test_a_page_rendered_before_a_write_commits_is_not_stored(
    client, story, editor, committed, django_assert_max_num_queries
):
    """A page whose view read the story before a write committed is served once, as it
    was read, but never stored: the next reader gets the write."""
    article = story["article"]
    path = article.get_absolute_url()

    def view_then_write(request):
        request.resolver_match = resolve(path)
        response = ArticleDetailView.as_view()(request, slug=article.slug)
        response.render()
        with committed():
            services.article_update(article=article, by=editor, headline="Written meanwhile")
        return response

    text(client, reverse("articles:home"))  # the cache has a clock
    middleware = PageCacheMiddleware(view_then_write)
    served = middleware(RequestFactory().get(path))
    assert "Choe speaks in Beijing" in served.content.decode()
    assert "Written meanwhile" in text(client, path)


def test_public_pages_tell_caches_in_front_how_long_to_keep_them(client, story):
    response = client.get(urls(story)["story"])
    control = response["Cache-Control"]
    assert "public" in control and "max-age=60" in control
    assert response["ETag"].startswith('"')
    assert response["Last-Modified"]
    assert "Cookie" in response["Vary"]


@pytest.mark.parametrize("name", ["story", "actor", "api-story"])
def test_a_conditional_get_answers_304_from_the_cache(
    client, story, name, django_assert_num_queries
):
    url = urls(story)[name]
    first = client.get(url)
    with django_assert_num_queries(0):
        again = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == HTTPStatus.NOT_MODIFIED
    with django_assert_num_queries(0):
        since = client.get(url, headers={"If-Modified-Since": http_date()})
    assert since.status_code == HTTPStatus.NOT_MODIFIED


def test_a_conditional_get_of_an_uncached_page_answers_304(client, story):
    url = urls(story)["story"]
    etag = client.get(url)["ETag"]
    cache.clear()
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304


def test_signed_in_staff_bypass_the_cache(client, story, editor, django_assert_max_num_queries):
    url = urls(story)["story"]
    warm(client, url)
    client.force_login(editor)
    with django_assert_max_num_queries(20) as queries:
        response = client.get(url)
    assert len(queries) > 0
    assert "private" in response["Cache-Control"]


def test_a_staff_preview_is_never_served_to_readers(client, story, editor):
    draft = factories.ArticleFactory(headline="Not yet", slug="not-yet")
    client.force_login(editor)
    assert "Not yet" in text(client, draft.get_absolute_url())
    client.logout()
    client.cookies.clear()
    text(client, draft.get_absolute_url(), HTTPStatus.NOT_FOUND)


def test_a_token_client_gets_drafts_the_cached_list_does_not_show(client, story, editor):
    url = urls(story)["api-stories"]
    factories.ArticleFactory(headline="Draft for the desk", slug="draft-for-the-desk")
    warm(client, url)
    token = Token.objects.create(user=editor)
    auth = {"Authorization": f"Token {token.key}"}
    assert "draft-for-the-desk" in client.get(url, headers=auth).content.decode()
    assert "draft-for-the-desk" not in text(client, url)


def test_missing_pages_are_not_cached(client, story, django_assert_max_num_queries):
    url = "/stories/no-such-story/"
    client.get(url)
    with django_assert_max_num_queries(50) as queries:
        client.get(url)
    assert len(queries) > 0, url


def test_search_is_cached_and_a_withdrawal_clears_it(
    client, story, editor, committed, django_assert_num_queries
):
    """Search results come from the cache, per query, until any story changes."""
    url = "/search/?q=Choe"
    assert "choe-speaks" in text(client, url)
    with django_assert_num_queries(0):
        assert "choe-speaks" in text(client, url)
    assert "choe-speaks" not in text(client, "/search/?q=nothing-matches-this")
    with committed():
        services.article_withdraw(article=story["article"], by=editor)
    assert "choe-speaks" not in text(client, url)


def test_the_json_and_browsable_api_are_stored_apart(client, story):
    url = urls(story)["api-story"]
    as_json = client.get(url, headers={"Accept": "application/json"})
    as_html = client.get(url, headers={"Accept": "text/html"})
    assert as_json["Content-Type"] == "application/json"
    assert as_html["Content-Type"].startswith("text/html")
    assert client.get(url, headers={"Accept": "application/json"}).content == as_json.content


def test_a_scheduled_story_reaches_cached_lists_at_its_time(client, story, editor, committed):
    """A story going live changes lists with no write: what was stored before is renewed."""
    draft = factories.ArticleFactory(headline="Due at noon", slug="due-at-noon")
    at = timezone.now() + datetime.timedelta(hours=1)
    with committed():
        services.article_schedule(article=draft, by=editor, at=at)
    page = urls(story)
    warm(client, page["home"], page["api-stories"])
    assert "Due at noon" not in text(client, page["home"])
    with time_machine.travel(at + datetime.timedelta(minutes=1)):
        assert "Due at noon" in text(client, page["home"])
        assert "due-at-noon" in text(client, page["api-stories"])


def test_headers_for_caches_in_front_without_the_page_cache(client, story, settings):
    """With the page cache off, public pages still tell a CDN how to keep them."""
    settings.PAGE_CACHE_SECONDS = 0
    settings.PAGE_CACHE_HEADERS = True
    url = urls(story)["story"]
    response = client.get(url)
    assert "public" in response["Cache-Control"]
    assert client.get(url, headers={"If-None-Match": response["ETag"]}).status_code == 304


def test_a_new_public_event_appears_on_its_participants_pages(client, story, editor, committed):
    """A record created by hand, with no story, reaches the lists and pages that show it."""
    page = urls(story)
    warm(client, page["actor"], page["timeline"], page["event"])
    with committed():
        world.event_create(
            by=editor,
            title="Pyongyang parade",
            slug="pyongyang-parade",
            kind="ceremony",
            public_by_hand=True,
            parent=story["event"],
            participants=[{"actor": story["speaker"]}],
        )
    for name in ("actor", "timeline", "event"):
        assert "Pyongyang parade" in text(client, page[name]), name


def test_a_cached_api_response_can_count_against_the_anonymous_rate(
    client, story, settings, django_assert_num_queries
):
    """With API_THROTTLE_CACHED, a stored API response is served without running the
    API and still counts: past API_ANON_RATE the client gets 429 and how long to wait,
    as from the API itself. Pages are not rate limited."""
    settings.PAGE_CACHE_ADMIT = "coverage_site.throttling.admit_cached"
    settings.API_ANON_RATE = "4/min"
    page = urls(story)
    assert client.get(page["api-story"]).status_code == HTTPStatus.OK  # stored
    for _ in range(3):
        is_cached(client, page["api-story"], django_assert_num_queries)
    refused = client.get(page["api-story"])
    assert refused.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert "throttled" in refused.json()["detail"]
    assert 0 < int(refused["Retry-After"]) <= 60
    assert client.get(page["api-stories"]).status_code == HTTPStatus.TOO_MANY_REQUESTS
    for _ in range(6):
        assert client.get(page["story"]).status_code == HTTPStatus.OK


def test_by_default_a_cached_api_response_is_not_counted(client, story, settings):
    """Off by default: a hit costs nothing, as one from a CDN in front of us would."""
    settings.API_ANON_RATE = "2/min"
    page = urls(story)
    statuses = [client.get(page["api-story"]).status_code for _ in range(5)]
    assert statuses == [HTTPStatus.OK] * 5  # the API ran once
    assert client.get(page["api-stories"]).status_code == HTTPStatus.OK  # and twice
    fresh = client.get(page["api-stories"], {"page_size": 1})  # a third time: refused
    assert fresh.status_code == HTTPStatus.TOO_MANY_REQUESTS
