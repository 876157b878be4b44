"""The desk stays fast on a large archive: the article list, the busiest actor's page and a
story's page each cost a fixed number of queries, however much there is."""

import re
from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles import services
from articles.admin import ACTOR_QUOTES_LISTED
from core.writes import write_scope
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def quoted_story(n, speaker, **fields):
    body = "\n".join(f"He said “words number {i} in full” and left." for i in range(n))
    with write_scope():
        story = factories.PublishedArticleFactory(body=body, **fields)
        for i in range(n):
            factories.QuoteFactory(
                article=story,
                text=f"words number {i} in full",
                speaker=speaker,
                outlets=[factories.OutletFactory()],
            )
    return story


def queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == HTTPStatus.OK, url
    return response, context.captured_queries


def test_article_list_queries_do_not_grow_with_the_archive(editor_client, editor):
    """Two stories or thirty, the list costs the same queries."""
    speaker = factories.ActorFactory()
    url = reverse("admin:articles_article_changelist")
    for _ in range(2):
        quoted_story(2, speaker, author=editor)
    _, small = queries(editor_client, url)
    for _ in range(28):
        quoted_story(2, speaker, author=editor)
    _, large = queries(editor_client, url)
    assert len(small) == len(large)


def test_quotes_to_check_are_counted_per_row_without_grouping_every_column(editor_client, editor):
    """A draft whose body lost a quote shows ⚠ 1; the count is a subquery, not a GROUP BY
    over the stories' bodies and pages."""
    draft = factories.ArticleFactory(body="He said “we will talk again soon”.", author=editor)
    factories.QuoteFactory(article=draft)
    services.article_update(article=draft, by=editor, body="He said nothing.")
    response, captured = queries(editor_client, reverse("admin:articles_article_changelist"))
    assert "⚠ 1" in response.content.decode()
    listing = [q["sql"] for q in captured if "unverified_count" in q["sql"]]
    assert listing
    assert all("GROUP BY" not in sql.split("FROM")[-1] for sql in listing)
    assert all('"articles_article"."rendered_body"' not in sql for sql in listing)


def test_busiest_actor_page_lists_a_page_of_quotes_and_links_to_the_rest(editor_client):
    speaker = factories.ActorFactory(name="Busy Speaker")
    for _ in range(4):
        quoted_story(10, speaker)
    response = editor_client.get(reverse("admin:actors_actor_change", args=[speaker.pk]))
    page = response.content.decode()
    rows = re.findall(r'href="/admin/articles/quote/\d+/change/', page)
    assert len(rows) == ACTOR_QUOTES_LISTED
    link = reverse("admin:articles_quote_changelist") + f"?speaker__id__exact={speaker.pk}"
    assert link.replace("&", "&amp;") in page
    assert "40 in all" in page
    listed = editor_client.get(link)
    assert listed.status_code == HTTPStatus.OK
    assert "40 quotes" in listed.content.decode()


def test_busiest_actor_page_queries_do_not_grow_with_their_quotes(editor_client):
    """5 quotes or 60: the same queries (each row's speaker is fetched with the row)."""
    speaker = factories.ActorFactory()
    url = reverse("admin:actors_actor_change", args=[speaker.pk])
    quoted_story(5, speaker)
    _, small = queries(editor_client, url)
    for _ in range(5):
        quoted_story(11, speaker)
    _, large = queries(editor_client, url)
    assert len(small) == len(large)


def test_story_page_queries_do_not_grow_with_its_quotes(editor_client):
    """A story with 2 quotes or 30 (each with speaker and outlet): the same queries."""
    small_story = quoted_story(2, factories.ActorFactory())
    large_story = quoted_story(30, factories.ActorFactory())
    # The first page view fills per-process caches (content types) once.
    editor_client.get(reverse("admin:articles_article_change", args=[small_story.pk]))
    _, small = queries(
        editor_client, reverse("admin:articles_article_change", args=[small_story.pk])
    )
    _, large = queries(
        editor_client, reverse("admin:articles_article_change", args=[large_story.pk])
    )
    assert len(small) == len(large)
