"""The reader's pages: what each shows, and the status code it answers with."""

import datetime
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.rendering import render_story
from core.dates import DatePrecision
from tests import factories

pytestmark = pytest.mark.django_db

STORY = "kim-jong-un-xi-jinping-beijing-summit"


@pytest.fixture
def quote():
    """A direct quote by a named minister, reported through one outlet."""
    minister = factories.ActorFactory(
        name="Sergei Lavrov",
        slug="sergei-lavrov",
        native_name="Сергей Лавров",
        description="Russian Foreign Minister",
    )
    outlet = factories.OutletFactory(name="KCNA", slug="kcna")
    return factories.QuoteFactory(speaker=minister, outlets=[outlet])


def test_home_lists_the_latest_published_stories_newest_first(client):
    """The home page lists published stories, the newest first."""
    now = timezone.now()
    factories.PublishedArticleFactory(
        headline="Older story", published_at=now - datetime.timedelta(days=2)
    )
    factories.PublishedArticleFactory(
        headline="Newer story", published_at=now - datetime.timedelta(hours=1)
    )

    response = client.get(reverse("articles:home"))

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert html.index("Newer story") < html.index("Older story")


def test_home_is_paginated(client):
    """Past the last page the home page answers 404, not an error."""
    factories.PublishedArticleFactory()

    response = client.get(reverse("articles:home"), {"page": 9})

    assert response.status_code == HTTPStatus.NOT_FOUND


def test_story_page_shows_headline_standfirst_byline_dateline_and_dates(client):
    """A story shows its headline, standfirst, byline, dateline and publication date."""
    article = factories.PublishedArticleFactory(
        headline="Summit in Beijing",
        standfirst="Leaders met.",
        byline="Jane Reporter",
        dateline="Seoul",
        published_at=datetime.datetime(2025, 9, 5, 6, 0, tzinfo=datetime.UTC),
    )

    response = client.get(article.get_absolute_url())

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    for text in ["Summit in Beijing", "Leaders met.", "By Jane Reporter", "Seoul"]:
        assert text in html
    assert 'datetime="2025-09-05T06:00:00+00:00"' in html


def test_story_shows_an_updated_date_only_after_a_later_change(client):
    """A story changed well after publication shows when it was updated."""
    published = timezone.now() - datetime.timedelta(days=3)
    article = factories.PublishedArticleFactory(published_at=published)

    response = client.get(article.get_absolute_url())

    assert "Updated <time" in response.content.decode()


def test_story_published_just_now_shows_no_updated_date(client):
    """Saving a story right after publishing it does not add an "Updated" date."""
    article = factories.PublishedArticleFactory(published_at=timezone.now())

    response = client.get(article.get_absolute_url())

    assert "Updated <time" not in response.content.decode()


def test_story_body_marks_up_each_quote_citing_its_permalink(client, quote):
    """Every located quote is a <q> citing the quote's own page."""
    response = client.get(quote.article.get_absolute_url())

    html = response.content.decode()
    assert (
        f'<q id="quote-{quote.pk}" class="quote quote-direct" cite="/quotes/{quote.pk}/">' in html
    )
    assert "we will talk again soon</q>" in html


def test_story_body_links_each_quote_to_its_speaker_and_outlet(client, quote):
    """The attribution after a quote links to the speaker and names the outlet: "via KCNA"."""
    response = client.get(quote.article.get_absolute_url())

    html = response.content.decode()
    assert '<a href="/actors/sergei-lavrov/">Sergei Lavrov</a>' in html
    assert 'via <a href="/actors/kcna/">KCNA</a>' in html


def test_whos_who_shows_descriptions_and_native_names(client, quote):
    """Who's who lists the story's actors with their description and native name."""
    response = client.get(quote.article.get_absolute_url())

    html = response.content.decode()
    assert "Who’s who" in html
    assert "Russian Foreign Minister" in html
    assert '<span class="native-name" lang="ru">Сергей Лавров</span>' in html


def test_unnamed_source_is_shown_by_description_and_never_linked(client):
    """An unnamed source appears by its description, without a link to a page."""
    aide = factories.ActorFactory(
        name="Kremlin aide", slug="kremlin-aide", description="a Kremlin aide", anonymous=True
    )
    quote = factories.QuoteFactory(speaker=aide)

    html = client.get(quote.article.get_absolute_url()).content.decode()

    assert "a Kremlin aide" in html
    assert "/actors/kremlin-aide/" not in html


def test_timeline_shows_events_in_order_with_partial_dates_honestly(client):
    """The story's timeline is chronological, and a year-only date reads "2024"."""
    article = factories.PublishedArticleFactory()
    later = factories.EventFactory(title="The summit", date=datetime.date(2025, 9, 4))
    earlier = factories.EventFactory(
        title="Lavrov's statement",
        date=datetime.date(2024, 6, 1),
        date_precision=DatePrecision.YEAR,
    )
    article.events.set([later, earlier])
    render_story(article)

    html = client.get(article.get_absolute_url()).content.decode()

    assert html.index("Lavrov&#x27;s statement") < html.index("The summit")
    assert '<time datetime="2024">2024</time>' in html
    assert '<time datetime="2025-09-04">4 September 2025</time>' in html


def test_sources_list_the_outlets_cited(client, quote):
    """The Sources panel lists every outlet the story's quotes came through."""
    html = client.get(quote.article.get_absolute_url()).content.decode()

    sources = html[html.index('id="sources-heading"') :]
    assert "KCNA" in sources
    assert "News agency" in sources


def test_corrections_are_shown_with_their_date(client):
    """A story's corrections appear, dated."""
    correction = factories.CorrectionFactory(
        text="An earlier version misspelt Lavrov.",
        published_on=datetime.datetime(2025, 9, 6, 9, 0, tzinfo=datetime.UTC),
    )

    html = client.get(correction.article.get_absolute_url()).content.decode()

    assert "An earlier version misspelt Lavrov." in html
    assert "6 September 2025" in html


def test_unknown_story_answers_404(client):
    """A story address that does not exist answers 404 with the site's page."""
    response = client.get(reverse("articles:article-detail", kwargs={"slug": "no-such-story"}))

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert "Page not found" in response.content.decode()


def test_staff_preview_of_a_draft_carries_a_banner_and_noindex(client, draft):
    """Staff see a draft with a clear preview banner, and search engines are kept away."""
    client.force_login(factories.UserFactory(is_staff=True))

    response = client.get(draft.get_absolute_url())

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "Preview — not published (draft)" in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert "application/ld+json" not in html


def test_published_story_has_no_preview_banner_even_for_staff(client, article):
    """A published story is not marked as a preview."""
    client.force_login(factories.UserFactory(is_staff=True))

    html = client.get(article.get_absolute_url()).content.decode()

    assert "Preview — not published" not in html
    assert 'name="robots"' not in html


def test_quote_page_shows_the_quote_speaker_outlet_story_and_event(client, quote):
    """A quote's permalink shows its words, speaker, outlet, story and event."""
    quote.event = factories.EventFactory(title="Press conference")
    quote.save()

    response = client.get(quote.get_absolute_url())

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    for text in [
        "“we will talk again soon”",
        '<a href="/actors/sergei-lavrov/">Sergei Lavrov</a>',
        '<a href="/actors/kcna/">KCNA</a>',
        quote.article.headline,
        "Press conference",
    ]:
        assert text in html


def test_quote_page_is_good_to_share(client, quote):
    """A shared quote's card names the speaker and the words."""
    html = client.get(quote.get_absolute_url()).content.decode()

    assert '<meta property="og:title" content="Sergei Lavrov: “we will talk again soon”">' in html
    assert '<meta name="twitter:card" content="summary">' in html
    assert '<meta property="og:url" content="http://testserver/quotes/' in html


def test_quote_page_shows_the_quote_in_its_paragraph(client, quote):
    """The quote page shows the paragraph around the quote, with the words marked."""
    html = client.get(quote.get_absolute_url()).content.decode()

    assert "The minister said “<mark>we will talk again soon</mark>” and left." in html


def test_unknown_quote_answers_404(client):
    """A quote id that does not exist answers 404."""
    response = client.get(reverse("articles:quote-detail", kwargs={"pk": 999999}))

    assert response.status_code == HTTPStatus.NOT_FOUND


def test_actor_page_shows_description_native_name_and_affiliations(client):
    """An actor's page shows their description, native name and affiliations."""
    affiliation = factories.AffiliationFactory(
        actor__name="Kim Jong Un",
        actor__slug="kim-jong-un",
        actor__native_name="김정은",
        actor__description="North Korean leader",
        actor__public_by_hand=True,
        organization__name="Workers' Party of Korea",
        organization__public_by_hand=True,
        role_title="General Secretary",
    )

    response = client.get("/actors/kim-jong-un/")

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "North Korean leader" in html
    assert '<span class="native-name" lang="ko">김정은</span>' in html
    assert "General Secretary" in html
    assert affiliation.organization.get_absolute_url() in html


def test_actor_page_lists_their_quotes_with_date_and_outlet(client, quote):
    """An actor's page lists every published quote by them, with its date and outlet."""
    quote.said_on = datetime.date(2024, 1, 1)
    quote.said_on_precision = DatePrecision.YEAR
    quote.save()

    html = client.get("/actors/sergei-lavrov/").content.decode()

    assert "we will talk again soon" in html
    assert '<time datetime="2024">2024</time>' in html
    assert 'via <a href="/actors/kcna/">KCNA</a>' in html


def test_actor_page_lists_events_they_took_part_in(client):
    """An actor's page lists the events they took part in, with their role."""
    participation = factories.EventParticipantFactory(
        event__title="Military parade", event__public_by_hand=True, actor__public_by_hand=True
    )

    html = client.get(participation.actor.get_absolute_url()).content.decode()

    assert "Military parade" in html
    assert "Guest" in html


def test_actor_page_lists_stories_about_or_mentioning_them(client):
    """Stories about an actor and stories mentioning them both appear on their page."""
    actor = factories.ActorFactory()
    about = factories.PublishedArticleFactory(headline="About them")
    about.about.add(actor)
    mentions = factories.PublishedArticleFactory(headline="Mentions them")
    mentions.mentions.add(actor)
    render_story(about)
    render_story(mentions)

    html = client.get(actor.get_absolute_url()).content.decode()

    assert "About them" in html
    assert "Mentions them" in html


def test_outlet_page_lists_the_quotes_reported_through_it(client, quote):
    """An outlet's page lists the quotes that reached us through it."""
    html = client.get("/actors/kcna/").content.decode()

    assert "Quotes reported by KCNA" in html
    assert "we will talk again soon" in html


def test_unnamed_source_has_no_page(client):
    """An unnamed source's slug answers 404."""
    factories.ActorFactory(slug="kremlin-aide", anonymous=True)

    response = client.get("/actors/kremlin-aide/")

    assert response.status_code == HTTPStatus.NOT_FOUND


def test_actor_list_groups_actors_by_kind_without_unnamed_sources(client):
    """The who's who page lists named actors by kind, and no unnamed source."""
    factories.ActorFactory(name="Xi Jinping", public_by_hand=True)
    factories.StateFactory(name="China", public_by_hand=True)
    factories.ActorFactory(
        name="Secret aide", slug="secret-aide", anonymous=True, public_by_hand=True
    )

    response = client.get(reverse("actors:actor-list"))

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "People" in html and "Xi Jinping" in html
    assert "States" in html and "China" in html
    assert "Secret aide" not in html


def test_event_page_shows_date_location_participants_and_quotes(client, quote):
    """An event page shows when and where, who took part, and what was said there."""
    china = factories.StateFactory(name="China", slug="china", public_by_hand=True)
    event = factories.EventFactory(
        title="Xi–Kim summit", location_name="Beijing", location_country=china
    )
    factories.EventParticipantFactory(event=event, actor=quote.speaker)
    quote.event = event
    quote.save()
    render_story(quote.article)

    response = client.get(event.get_absolute_url())

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert '<time datetime="2025-09-04">4 September 2025</time>' in html
    assert "Beijing" in html and "/actors/china/" in html
    assert "Sergei Lavrov" in html
    assert "we will talk again soon" in html


def test_unknown_event_answers_404(client):
    """An event slug that does not exist answers 404."""
    response = client.get(reverse("actors:event-detail", kwargs={"slug": "no-such-event"}))

    assert response.status_code == HTTPStatus.NOT_FOUND


def test_timeline_page_lists_every_event_in_date_order_undated_last(client):
    """The timeline lists all events chronologically, with undated ones last."""
    factories.EventFactory(title="Undated event", date=None, public_by_hand=True)
    factories.EventFactory(
        title="Second event", date=datetime.date(2025, 9, 4), public_by_hand=True
    )
    factories.EventFactory(
        title="First event",
        date=datetime.date(2024, 1, 1),
        date_precision=DatePrecision.YEAR,
        public_by_hand=True,
    )

    response = client.get(reverse("actors:event-list"))

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert html.index("First event") < html.index("Second event") < html.index("Undated event")


def test_every_page_has_a_labelled_search_form(client, article):
    """Every page carries the search form, with a label."""
    html = client.get(article.get_absolute_url()).content.decode()

    assert '<form class="site-search" role="search" action="/search/"' in html
    assert '<label for="site-search-q">' in html


@pytest.mark.parametrize(
    "url",
    ["/", f"/stories/{STORY}/", "/actors/kim-jong-un/", "/events/", "/actors/", "/quotes/1/"],
)
def test_every_page_has_open_graph_and_twitter_tags(client, seeded, url):
    """Each page has Open Graph and Twitter card tags, and a canonical address."""
    from articles.models import Quote

    if url == "/quotes/1/":
        url = Quote.objects.first().get_absolute_url()

    response = client.get(url)

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    for tag in [
        'property="og:title"',
        'property="og:url"',
        'name="twitter:card"',
        'rel="canonical"',
    ]:
        assert tag in html


def test_seeded_summit_story_renders_every_located_quote(client, seeded):
    """Every verbatim quote of the seeded story is marked up in its body."""
    article = Article.objects.get(slug=STORY)
    located = article.quotes.filter(start__isnull=False)

    html = client.get(article.get_absolute_url()).content.decode()

    for quote in located:
        assert f'id="quote-{quote.pk}"' in html


def test_robots_txt_points_to_the_sitemap(client):
    """robots.txt names the sitemap's absolute address and keeps crawlers out of the admin."""
    response = client.get("/robots.txt")

    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Disallow: /admin/" in text


def test_a_malformed_session_cookie_reads_as_no_session(client, article):
    """A session cookie no session could have (with NUL, which PostgreSQL refuses) is
    ignored on every page, never a 500."""
    client.cookies["sessionid"] = "\x00abcdefgh"
    assert client.get(article.get_absolute_url()).status_code == HTTPStatus.OK
    response = client.get("/admin/")
    assert response.status_code == HTTPStatus.FOUND
    assert "/admin/login/" in response["Location"]
