"""Sections, topics and authors: their pages, feeds and API, bylines made from the authors,
and the related stories under each story."""

import datetime
import json
import xml.etree.ElementTree as ET
from http import HTTPStatus
from pathlib import Path

import feedparser
import pytest
from django.utils import timezone
from jsonschema import Draft202012Validator
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from articles import bylines, related, services, tasks, taxonomy
from articles.models import Article, Author, Section, Topic
from articles.rendering import render_story
from core.writes import write_scope
from tests import factories
from tests.sitemap_pages import sitemap_text

pytestmark = pytest.mark.django_db

SUMMIT = "kim-jong-un-xi-jinping-beijing-summit"
NINJS = json.loads((Path(__file__).parent / "data" / "ninjs-schema_3.1.json").read_text())
NINJS_VALIDATOR = Draft202012Validator(NINJS, format_checker=Draft202012Validator.FORMAT_CHECKER)
# The record, then one page of its stories, then their authors.
TAXONOMY_PAGE_QUERIES = 3
FEED_QUERIES = 2


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


def token_client(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


@pytest.fixture
def topic():
    return factories.TopicFactory(name="Korean Peninsula", slug="korean-peninsula")


@pytest.fixture
def stories(topic):
    """Two published stories on the topic, a day apart, and a draft on it."""
    newer = factories.PublishedArticleFactory(headline="Newer story", published_at=days_ago(1))
    older = factories.PublishedArticleFactory(headline="Older story", published_at=days_ago(2))
    draft = factories.ArticleFactory(headline="Secret draft")
    for story in (newer, older, draft):
        story.topics.add(topic)
        render_story(story)
    return newer, older, draft


@pytest.fixture
def jane():
    return factories.AuthorFactory(name="Jane Doe", slug="jane-doe", role="Seoul correspondent")


@pytest.fixture
def john():
    return factories.AuthorFactory(name="John Roe", slug="john-roe", role="Beijing bureau chief")


# --- Pages ------------------------------------------------------------------------------


def test_topic_page_lists_its_published_stories_newest_first(client, topic, stories):
    """A topic's page lists its published stories, newest first, and never a draft."""
    response = client.get("/topics/korean-peninsula/")

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert html.index("Newer story") < html.index("Older story")
    assert "Secret draft" not in html
    assert "noindex" not in html


def test_topic_with_no_published_story_is_not_found_for_readers(client, topic):
    """A topic no published story has yet would announce an unpublished one: 404."""
    factories.ArticleFactory().topics.add(topic)

    assert client.get("/topics/korean-peninsula/").status_code == HTTPStatus.NOT_FOUND
    assert client.get("/topics/korean-peninsula/feed/rss/").status_code == HTTPStatus.NOT_FOUND


def test_staff_preview_a_topic_with_no_published_story(client, topic):
    """Signed-in staff see such a topic's page, marked as a preview and noindex."""
    client.force_login(factories.EditorFactory())

    response = client.get("/topics/korean-peninsula/")

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "Preview" in html
    assert '<meta name="robots" content="noindex, nofollow">' in html


def test_section_page_lists_the_sections_stories(client):
    """A section's page lists its published stories and no other."""
    asia = factories.SectionFactory(name="Asia", slug="asia")
    factories.PublishedArticleFactory(headline="From Seoul", section=asia)
    factories.PublishedArticleFactory(headline="From Brussels")
    factories.ArticleFactory(headline="Draft from Tokyo", section=asia)

    response = client.get(asia.get_absolute_url())

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "From Seoul" in html
    assert "From Brussels" not in html
    assert "Draft from Tokyo" not in html


def test_author_page_shows_role_bio_and_their_stories(client, jane):
    """An author's page shows their role and bio, and the published stories they wrote."""
    jane.bio = "Covers the two Koreas."
    jane.save()
    mine = factories.credit(factories.PublishedArticleFactory(headline="Story by Jane"), jane)
    factories.credit(factories.ArticleFactory(headline="Draft by Jane"), jane)
    factories.PublishedArticleFactory(headline="Story by someone else")

    response = client.get("/authors/jane-doe/")

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    for text in ["Jane Doe", "Seoul correspondent", "Covers the two Koreas.", mine.headline]:
        assert text in html
    assert "Draft by Jane" not in html
    assert "Story by someone else" not in html
    assert "<picture" not in html  # no portrait: none shown


def test_taxonomy_pages_list_each_story_with_its_byline(client, jane, topic):
    """Each story listed is credited to its authors, then its free-text byline."""
    story = factories.PublishedArticleFactory(byline="Reuters staff")
    story.topics.add(topic)
    factories.credit(story, jane)

    for url in ["/authors/jane-doe/", "/topics/korean-peninsula/"]:
        assert "Jane Doe and Reuters staff ·" in client.get(url).content.decode()


def test_author_page_shows_the_portrait_when_there_is_one(client, jane, tmp_path, settings):
    """A portrait, when the profile has one, with its alt text and its size."""
    settings.MEDIA_ROOT = tmp_path / "media"
    jane.portrait = factories.image(alt="Jane Doe in Seoul")
    jane.save()
    factories.credit(factories.PublishedArticleFactory(), jane)

    html = client.get("/authors/jane-doe/").content.decode()

    assert '<picture class="author-portrait">' in html
    assert 'alt="Jane Doe in Seoul"' in html
    assert 'width="' in html and 'height="' in html


def test_author_page_carries_person_jsonld(client, jane):
    """An author's page describes them as a schema.org Person with their job title."""
    factories.credit(factories.PublishedArticleFactory(), jane)

    html = client.get("/authors/jane-doe/").content.decode()

    data = json.loads(html.split('<script type="application/ld+json">')[1].split("</script>")[0])
    assert data["@type"] == "Person"
    assert data["name"] == "Jane Doe"
    assert data["jobTitle"] == "Seoul correspondent"
    assert data["url"] == "http://testserver/authors/jane-doe/"


def test_topic_page_comes_a_page_at_a_time(client, topic):
    """Twenty stories a page; past the last page is 404."""
    with write_scope():
        for day in range(25):
            factories.PublishedArticleFactory(published_at=days_ago(day + 1)).topics.add(topic)

    first = client.get("/topics/korean-peninsula/")
    second = client.get("/topics/korean-peninsula/?page=2")

    assert first.content.decode().count('class="story-item"') == 20
    assert 'rel="next"' in first.content.decode()
    assert second.content.decode().count('class="story-item"') == 5
    assert client.get("/topics/korean-peninsula/?page=3").status_code == HTTPStatus.NOT_FOUND


@pytest.mark.parametrize("count", [1, 30])
def test_taxonomy_pages_run_a_fixed_number_of_queries(
    client, count, jane, django_assert_max_num_queries
):
    """A section's, topic's or author's page costs the same queries however many stories."""
    section = factories.SectionFactory(slug="asia")
    topic = factories.TopicFactory(slug="korea")
    with write_scope():
        for _ in range(count):
            story = factories.PublishedArticleFactory(section=section)
            story.topics.add(topic)
            factories.credit(story, jane)

    for url in ["/sections/asia/", "/topics/korea/", "/authors/jane-doe/"]:
        with django_assert_max_num_queries(TAXONOMY_PAGE_QUERIES):
            assert client.get(url).status_code == HTTPStatus.OK
    for url in ["/topics/korea/feed/rss/", "/authors/jane-doe/feed/atom/"]:
        with django_assert_max_num_queries(FEED_QUERIES):
            assert client.get(url).status_code == HTTPStatus.OK


# --- Feeds ------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_topic_feed_lists_only_its_published_stories(client, topic, stories, kind):
    """A topic's feeds list its published stories, newest first, and never a draft."""
    response = client.get(f"/topics/korean-peninsula/feed/{kind}/")

    assert response.status_code == HTTPStatus.OK
    ET.fromstring(response.content)  # noqa: S314 (well-formed, or this raises)
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert [entry.title for entry in feed.entries] == ["Newer story", "Older story"]


def test_author_feed_carries_the_generated_byline(client, jane, john):
    """An author's feed lists their stories, each with its byline made from its authors."""
    factories.credit(factories.PublishedArticleFactory(headline="Joint story"), jane, john)
    factories.credit(factories.ArticleFactory(headline="Draft together"), jane, john)

    feed = feedparser.parse(client.get("/authors/john-roe/feed/atom/").content)

    assert [entry.title for entry in feed.entries] == ["Joint story"]
    assert feed.entries[0].author == "Jane Doe and John Roe"


def test_section_feed_lists_the_sections_stories(client):
    asia = factories.SectionFactory(slug="asia")
    factories.PublishedArticleFactory(headline="In Asia", section=asia)
    factories.PublishedArticleFactory(headline="Elsewhere")

    feed = feedparser.parse(client.get("/sections/asia/feed/rss/").content)

    assert [entry.title for entry in feed.entries] == ["In Asia"]


# --- Bylines ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("names", "free_text", "expected"),
    [
        (["Jane Doe"], "", "Jane Doe"),
        (["Jane Doe", "John Roe"], "", "Jane Doe and John Roe"),
        (["A", "B", "C"], "", "A, B and C"),
        ([], "Reuters staff", "Reuters staff"),
        (["Jane Doe"], "Reuters staff", "Jane Doe and Reuters staff"),
        ([], "", ""),
    ],
)
def test_byline_text_joins_the_authors_then_the_free_text(names, free_text, expected):
    """The authors in order, then the free-text byline, joined as readers write names."""
    assert bylines.byline_text(names, free_text) == expected


def test_story_page_byline_links_each_author_in_order(client, jane, john):
    """The story's byline names its authors in byline order, each linked to their page."""
    story = factories.credit(factories.PublishedArticleFactory(), john, jane)

    html = client.get(story.get_absolute_url()).content.decode()

    assert (
        'By <a href="/authors/john-roe/" rel="author">John Roe</a> and '
        '<a href="/authors/jane-doe/" rel="author">Jane Doe</a>'
    ) in html


def test_story_page_byline_appends_the_free_text_byline(client, jane):
    """Wire copy with a reporter credits both: "By Jane Doe and Reuters staff"."""
    story = factories.credit(factories.PublishedArticleFactory(byline="Reuters staff"), jane)

    html = client.get(story.get_absolute_url()).content.decode()

    assert 'By <a href="/authors/jane-doe/" rel="author">Jane Doe</a> and Reuters staff' in html


def test_story_page_without_authors_keeps_the_free_text_byline(client):
    story = factories.PublishedArticleFactory(byline="Reuters staff")

    html = client.get(story.get_absolute_url()).content.decode()

    assert '<span class="byline">By Reuters staff</span>' in html


def test_story_page_links_its_section_and_topics(client, topic):
    """The section is in the kicker, the topics under the story, each linked."""
    asia = factories.SectionFactory(name="Asia", slug="asia")
    story = factories.PublishedArticleFactory(section=asia)
    story.topics.add(topic)
    render_story(story)

    html = client.get(story.get_absolute_url()).content.decode()

    assert '<a href="/sections/asia/">Asia</a>' in html
    assert '<a class="chip" href="/topics/korean-peninsula/">Korean Peninsula</a>' in html


def test_jsonld_author_lists_each_author_as_a_person(client, jane, john):
    """JSON-LD ``author``: a Person per author, in byline order, with page and job title."""
    story = factories.credit(factories.PublishedArticleFactory(), jane, john)

    html = client.get(story.get_absolute_url()).content.decode()

    data = json.loads(html.split('<script type="application/ld+json">')[1].split("</script>")[0])
    assert data["author"] == [
        {
            "@type": "Person",
            "name": "Jane Doe",
            "url": "http://testserver/authors/jane-doe/",
            "jobTitle": "Seoul correspondent",
        },
        {
            "@type": "Person",
            "name": "John Roe",
            "url": "http://testserver/authors/john-roe/",
            "jobTitle": "Beijing bureau chief",
        },
    ]


def test_renaming_an_author_renders_their_bylines_again(client, jane):
    """A renamed author is renamed in every byline, through the background path if many."""
    story = factories.credit(factories.PublishedArticleFactory(), jane)

    taxonomy.author_update(author=jane, by=factories.EditorFactory(), name="Jane Doe-Kim")

    assert "Jane Doe-Kim</a>" in client.get(story.get_absolute_url()).content.decode()


def test_renaming_a_topic_renders_its_stories_again(client, topic, stories):
    newer, _older, _draft = stories

    taxonomy.topic_update(topic=topic, by=factories.EditorFactory(), name="The two Koreas")

    assert "The two Koreas</a>" in client.get(newer.get_absolute_url()).content.decode()


def test_reporters_may_not_change_topics(topic):
    """Sections, topics and authors are the editors' to change."""
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        taxonomy.topic_update(topic=topic, by=factories.ReporterFactory(), name="Other")


def test_an_author_on_a_story_cannot_be_deleted(jane):
    from django.core.exceptions import ValidationError

    factories.credit(factories.PublishedArticleFactory(), jane)

    with pytest.raises(ValidationError, match="take it off them first"):
        taxonomy.author_delete(author=jane, by=factories.EditorFactory())
    assert Author.objects.filter(pk=jane.pk).exists()


def test_a_topic_slug_must_be_ascii():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="not a slug"):
        taxonomy.topic_create(by=factories.EditorFactory(), name="Китай", slug="китай")


# --- API --------------------------------------------------------------------------------


def test_api_topics_list_only_those_with_a_published_story(topic, stories):
    """Anonymous clients see the topics a published story has; staff see every topic."""
    factories.TopicFactory(slug="unannounced")

    anonymous = APIClient().get("/api/v1/topics/").json()
    staff = token_client(factories.EditorFactory()).get("/api/v1/topics/").json()

    assert [t["slug"] for t in anonymous["results"]] == ["korean-peninsula"]
    assert {t["slug"] for t in staff["results"]} == {"korean-peninsula", "unannounced"}
    assert APIClient().get("/api/v1/topics/unannounced/").status_code == HTTPStatus.NOT_FOUND


def test_api_detail_endpoints_for_sections_topics_and_authors(jane):
    asia = factories.SectionFactory(name="Asia", slug="asia")
    topic = factories.TopicFactory(name="Korean Peninsula", slug="korean-peninsula")
    story = factories.credit(factories.PublishedArticleFactory(section=asia), jane)
    story.topics.add(topic)
    client = APIClient()

    section = client.get("/api/v1/sections/asia/").json()
    topic_data = client.get("/api/v1/topics/korean-peninsula/").json()
    author = client.get("/api/v1/authors/jane-doe/").json()

    assert section["name"] == "Asia"
    assert section["web_url"] == "http://testserver/sections/asia/"
    assert topic_data["name"] == "Korean Peninsula"
    assert author["role"] == "Seoul correspondent"
    assert author["web_url"] == "http://testserver/authors/jane-doe/"


@pytest.mark.parametrize("parameter", ["topic", "section", "author"])
def test_api_filters_articles_by_topic_section_and_author(parameter, jane):
    """``?topic=``, ``?section=``, ``?author=`` keep the published stories that have it."""
    asia = factories.SectionFactory(slug="asia")
    topic = factories.TopicFactory(slug="korea")
    mine = factories.credit(factories.PublishedArticleFactory(slug="mine", section=asia), jane)
    mine.topics.add(topic)
    factories.PublishedArticleFactory(slug="other")
    draft = factories.credit(factories.ArticleFactory(slug="draft", section=asia), jane)
    draft.topics.add(topic)
    slug = {"topic": "korea", "section": "asia", "author": "jane-doe"}[parameter]

    response = APIClient().get(f"/api/v1/articles/?{parameter}={slug}")

    assert response.status_code == HTTPStatus.OK
    assert [a["slug"] for a in response.json()["results"]] == ["mine"]


def test_api_filter_refuses_an_unknown_topic():
    response = APIClient().get("/api/v1/articles/?topic=nowhere")

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "No topic has the slug “nowhere”." in str(response.json())


def test_api_article_shows_authors_in_order_section_and_topics(jane, john, topic):
    asia = factories.SectionFactory(name="Asia", slug="asia")
    story = factories.credit(factories.PublishedArticleFactory(section=asia), john, jane)
    story.topics.add(topic)

    for url in [f"/api/v1/articles/{story.slug}/", "/api/v1/articles/"]:
        data = APIClient().get(url).json()
        data = data["results"][0] if "results" in data else data
        assert [a["slug"] for a in data["authors"]] == ["john-roe", "jane-doe"]
        assert data["authors"][0]["name"] == "John Roe"
        assert data["authors"][0]["url"] == "http://testserver/api/v1/authors/john-roe/"
        assert data["section"]["slug"] == "asia"
        assert [t["slug"] for t in data["topics"]] == ["korean-peninsula"]


def test_api_create_takes_authors_in_byline_order(jane, john, topic):
    """Writes name the authors by slug; their order is the byline's."""
    factories.SectionFactory(slug="asia")
    editor = token_client(factories.EditorFactory())

    response = editor.post(
        "/api/v1/articles/",
        {
            "headline": "Kim meets Xi",
            "slug": "kim-meets-xi",
            "body": "They met.",
            "authors": ["john-roe", "jane-doe"],
            "section": "asia",
            "topics": ["korean-peninsula"],
        },
        format="json",
    )

    assert response.status_code == HTTPStatus.CREATED, response.content
    story = Article.objects.get(slug="kim-meets-xi")
    assert [a.author.slug for a in story.authorships.order_by("position")] == [
        "john-roe",
        "jane-doe",
    ]
    assert story.section.slug == "asia"
    assert bylines.stored_byline(story) == "John Roe and Jane Doe"
    assert [a["slug"] for a in response.json()["authors"]] == ["john-roe", "jane-doe"]


def test_api_update_reorders_the_authors(jane, john):
    story = factories.credit(factories.ArticleFactory(slug="joint"), jane, john)
    editor = token_client(factories.EditorFactory())

    response = editor.patch(
        "/api/v1/articles/joint/",
        {"authors": ["john-roe", "jane-doe"], "version": story.version},
        format="json",
    )

    assert response.status_code == HTTPStatus.OK, response.content
    story.refresh_from_db()
    assert bylines.stored_byline(story) == "John Roe and Jane Doe"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("authors", ["nobody"], "No author has the slug “nobody”."),
        ("topics", ["nowhere"], "No topic has the slug “nowhere”."),
        ("section", "atlantis", "No section has the slug “atlantis”."),
        ("authors", ["jane-doe", "jane-doe"], "An author is listed twice"),
    ],
)
def test_api_write_refuses_unknown_or_repeated_slugs(jane, field, value, message):
    """An unknown slug, or an author twice, is a 400 naming it; nothing is written."""
    editor = token_client(factories.EditorFactory())

    response = editor.post(
        "/api/v1/articles/",
        {"headline": "Kim meets Xi", "slug": "kim-meets-xi", "body": "They met.", field: value},
        format="json",
    )

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert message in json.dumps(response.json(), ensure_ascii=False)
    assert not Article.objects.filter(slug="kim-meets-xi").exists()


def test_ninjs_carries_the_byline_authors_and_topics(jane, john, topic):
    """ninjs: ``by`` is the byline, the authors are people with ``rel: author``, the
    section and topics are subjects; the item stays valid ninjs 3.1."""
    asia = factories.SectionFactory(name="Asia", slug="asia")
    story = factories.credit(factories.PublishedArticleFactory(section=asia), jane, john)
    story.topics.add(topic)

    item = APIClient().get(f"/api/v1/articles/{story.slug}/ninjs").json()

    errors = list(NINJS_VALIDATOR.iter_errors(item))
    assert not errors, errors
    assert item["by"] == "Jane Doe and John Roe"
    assert [p["literal"] for p in item["people"] if p["rel"] == "author"] == [
        "jane-doe",
        "john-roe",
    ]
    assert {(s["rel"], s["literal"]) for s in item["subjects"]} == {
        ("section", "asia"),
        ("topic", "korean-peninsula"),
    }


# --- Related stories --------------------------------------------------------------------


def _story(headline, days, about=(), events=(), **fields):
    story = factories.PublishedArticleFactory(
        headline=headline, published_at=days_ago(days), **fields
    )
    story.about.set(about)
    story.events.set(events)
    render_story(story)
    return story


def test_related_stories_rank_by_shared_actors_and_events_then_recency():
    """The stories sharing the most actors and events come first; ties go to the latest."""
    kim, xi, putin = (factories.ActorFactory() for _ in range(3))
    summit = factories.EventFactory()
    two_shared = _story("Two shared", 5, about=[kim], events=[summit])
    one_old = _story("One shared, older", 4, about=[xi])
    one_new = _story("One shared, newer", 3, about=[kim])
    _story("Nothing shared", 1, about=[putin])
    story = _story("The story", 0, about=[kim, xi], events=[summit])

    listed = [(r["headline"], r["shared"]) for r in story.page_data["related"]]

    assert listed == [
        (two_shared.headline, 2),
        (one_new.headline, 1),
        (one_old.headline, 1),
    ]


def test_a_quoted_speaker_counts_once_however_they_appear():
    """An actor both about a story and quoted in it is one shared actor."""
    kim = factories.ActorFactory()
    other = _story("Other", 2, about=[kim])
    factories.QuoteFactory(article=other, speaker=kim, text="we will talk again soon")
    story = _story("The story", 0, about=[kim])

    assert [(r["id"], r["shared"]) for r in story.page_data["related"]] == [(other.pk, 1)]


def test_related_stories_never_list_an_unpublished_story():
    """Drafts, scheduled stories not yet live and withdrawn stories are never related."""
    kim = factories.ActorFactory()
    draft = factories.ArticleFactory(headline="A draft")
    draft.about.set([kim])
    scheduled = factories.ArticleFactory(
        headline="Scheduled",
        status=Article.Status.SCHEDULED,
        published_at=timezone.now() + datetime.timedelta(days=1),
    )
    scheduled.about.set([kim])
    story = _story("The story", 0, about=[kim])

    assert story.page_data["related"] == []


def test_a_withdrawn_story_leaves_the_related_lists(client):
    """Withdrawing a story renders again the stories whose related list named it."""
    kim = factories.ActorFactory()
    withdrawn = _story("To be withdrawn", 1, about=[kim])
    story = _story("The story", 0, about=[kim])
    assert "To be withdrawn" in client.get(story.get_absolute_url()).content.decode()

    services.article_withdraw(article=withdrawn, by=factories.EditorFactory())

    story.refresh_from_db()
    assert story.page_data["related"] == []
    assert "To be withdrawn" not in client.get(story.get_absolute_url()).content.decode()


def test_a_background_render_keeps_the_ranking_and_drops_what_left(
    django_assert_max_num_queries,
):
    """A background re-render (after a rename) does not rank again: it keeps the stored
    list, in one query, less a story that has since left the site."""
    kim = factories.ActorFactory()
    gone = _story("Since withdrawn", 2, about=[kim])
    kept = _story("Still live", 1, about=[kim])
    story = _story("The story", 0, about=[kim])
    Article.objects.filter(pk=gone.pk).update(status=Article.Status.WITHDRAWN)
    newer = _story("Published since", 0, about=[kim])

    with django_assert_max_num_queries(1):
        assert [r["id"] for r in related.still_related(story.page_data["related"])] == [kept.pk]
    tasks.render_one(story.pk)

    story.refresh_from_db()
    assert [r["id"] for r in story.page_data["related"]] == [kept.pk]
    render_story(story)  # an editor's save ranks again, and finds the newer story
    assert [r["id"] for r in story.page_data["related"]] == [newer.pk, kept.pk]


def test_related_stories_are_at_most_five():
    kim = factories.ActorFactory()
    with write_scope():
        for day in range(8):
            _story(f"Story {day}", day + 1, about=[kim])
        story = _story("The story", 0, about=[kim])

    story.refresh_from_db()
    assert len(story.page_data["related"]) == related.RELATED_LIMIT


@pytest.mark.parametrize("others", [2, 40])
def test_related_stories_cost_a_fixed_number_of_queries(others, django_assert_max_num_queries):
    """The ranking is one aggregated query (plus the story's own links and the headlines),
    however many stories share something."""
    kim, xi = factories.ActorFactory(), factories.ActorFactory()
    summit = factories.EventFactory()
    with write_scope():
        for day in range(others):
            _story(f"Story {day}", day + 1, about=[kim, xi], events=[summit])
    story = _story("The story", 0, about=[kim, xi], events=[summit])

    with django_assert_max_num_queries(7):  # the story's 5 kinds of link, ranking, headlines
        listed = related.related_stories(story)
    assert len(listed) == min(others, related.RELATED_LIMIT)


# --- Seed and sitemap --------------------------------------------------------------------


def test_the_seeded_story_has_its_section_and_topics(seeded, client):
    """The summit report is in Asia, on the Korean Peninsula and the relations it reports;
    its byline stays as the report gives it (no reporter is named)."""
    story = Article.objects.get(slug=SUMMIT)

    assert story.section.name == "Asia"
    assert set(story.topics.values_list("name", flat=True)) == {
        "Korean Peninsula",
        "China–North Korea relations",
        "North Korea–Russia relations",
        "Denuclearization",
    }
    assert not story.authors.exists()
    assert client.get("/topics/korean-peninsula/").status_code == HTTPStatus.OK
    assert client.get("/sections/asia/").status_code == HTTPStatus.OK


def test_the_seed_loads_twice_without_duplicating_its_topics(seeded):
    from django.core.management import call_command

    call_command("seed_summit", verbosity=0)

    assert Topic.objects.count() == 4
    assert Section.objects.count() == 1


def test_sitemap_lists_only_taxonomy_pages_with_a_published_story(client, topic, stories):
    factories.TopicFactory(slug="unannounced")
    factories.credit(factories.ArticleFactory(), factories.AuthorFactory(slug="drafting"))

    listed = sitemap_text(client)

    assert "/topics/korean-peninsula/" in listed
    assert "/topics/unannounced/" not in listed
    assert "/authors/drafting/" not in listed


# --- The desk ---------------------------------------------------------------------------


def test_editors_add_a_topic_in_the_desk(client, editor):
    """The topic admin saves through the taxonomy's services."""
    client.force_login(editor)

    response = client.post(
        "/admin/articles/topic/add/",
        {"name": "China–Russia", "slug": "china-russia", "description": ""},
    )

    assert response.status_code == HTTPStatus.FOUND, response.content.decode()[:2000]
    assert Topic.objects.get(slug="china-russia").name == "China–Russia"


def test_the_desk_refuses_a_slug_that_is_not_ascii(client, editor):
    client.force_login(editor)

    response = client.post("/admin/articles/topic/add/", {"name": "Китай", "slug": "китай"})

    assert response.status_code == HTTPStatus.OK
    assert "is not a slug" in response.content.decode()
    assert not Topic.objects.exists()


def test_the_story_form_offers_section_topics_and_ordered_authors(client, editor):
    """The story's change form has the section and topics, and its authors by position."""
    story = factories.ArticleFactory()
    client.force_login(editor)

    html = client.get(f"/admin/articles/article/{story.pk}/change/").content.decode()

    assert 'name="section"' in html
    assert 'name="topics"' in html
    assert 'name="authorships-TOTAL_FORMS"' in html


def test_reporters_can_pick_topics_for_their_story(client, reporter):
    """A reporter may read the taxonomy (to pick from it) but not change it."""
    factories.TopicFactory(name="Korean Peninsula")
    client.force_login(reporter)

    assert client.get("/admin/articles/topic/").status_code == HTTPStatus.OK
    assert client.get("/admin/articles/topic/add/").status_code == HTTPStatus.FORBIDDEN


def test_demo_staff_get_author_profiles_once(settings):
    """The demo editor and reporter can be credited on stories; running again adds none."""
    from django.core.management import call_command

    settings.DEBUG = True
    call_command("demo_accounts")
    call_command("demo_accounts")

    assert sorted(Author.objects.values_list("user__username", flat=True)) == [
        "editor",
        "reporter",
    ]


def test_the_desk_saves_the_authors_in_position_order(client, editor, jane, john):
    """Authors added on the story form are credited by position: the byline follows it."""
    from articles.models import Authorship
    from tests.admin_forms import add_inline_row, change_form_data, inline_prefix

    story = factories.ArticleFactory()
    client.force_login(editor)
    url = f"/admin/articles/article/{story.pk}/change/"
    response = client.get(url)
    data = change_form_data(response)
    prefix = inline_prefix(response, Authorship)
    add_inline_row(data, prefix, author=str(jane.pk), position="2")
    add_inline_row(data, prefix, author=str(john.pk), position="1")

    response = client.post(url, data)

    assert response.status_code == HTTPStatus.FOUND, response.content.decode()[:3000]
    story.refresh_from_db()
    assert bylines.stored_byline(story) == "John Roe and Jane Doe"
