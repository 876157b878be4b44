"""sitemap.xml is an index of paged sections; every public item is on exactly one page."""

import xml.etree.ElementTree as ET
from http import HTTPStatus

import pytest

from articles import services
from articles.models import Quote
from articles.sitemaps import IdRangeSitemap
from core.writes import write_scope
from tests import factories

pytestmark = pytest.mark.django_db

NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
PAGE = 5  # URLs per sitemap page in these tests


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr(IdRangeSitemap, "limit", PAGE)


def story_with_quotes(n, **fields):
    body = "\n".join(f"She said “line {i} of the story” then." for i in range(n))
    with write_scope():
        story = factories.PublishedArticleFactory(body=body, **fields)
        for i in range(n):
            factories.QuoteFactory(article=story, text=f"line {i} of the story")
    return story


def locations(client, url):
    response = client.get(url)
    assert response.status_code == HTTPStatus.OK, url
    root = ET.fromstring(response.content)  # noqa: S314 (our own response)
    return [loc.text.removeprefix("http://testserver") for loc in root.iter(f"{NS}loc")]


def every_url(client):
    urls = []
    for section in locations(client, "/sitemap.xml"):
        urls += locations(client, section)
    return urls


def test_sitemap_xml_is_an_index_of_the_sections(client):
    story_with_quotes(1)
    sections = locations(client, "/sitemap.xml")
    # Each section's further pages (?p=) follow it; ids need not start at 1.
    assert list(dict.fromkeys(s.split("?")[0] for s in sections)) == [
        "/sitemap-stories.xml",
        "/sitemap-quotes.xml",
        "/sitemap-actors.xml",
        "/sitemap-events.xml",
        "/sitemap-sections.xml",
        "/sitemap-topics.xml",
        "/sitemap-authors.xml",
    ]


def test_a_large_section_is_split_into_pages(client, small_pages):
    story_with_quotes(12)
    sections = locations(client, "/sitemap.xml")
    quote_pages = [s for s in sections if s.startswith("/sitemap-quotes.xml")]
    highest = Quote.objects.order_by("-pk").first().pk
    assert len(quote_pages) == -(-highest // PAGE)
    assert quote_pages[1] == "/sitemap-quotes.xml?p=2"


def test_no_public_quote_is_left_out_or_listed_twice(client, small_pages):
    story_with_quotes(13)
    story_with_quotes(4, status="draft", published_at=None)
    urls = every_url(client)
    public = {q.get_absolute_url() for q in Quote.objects.public()}
    listed = [u for u in urls if u.startswith("/quotes/")]
    assert sorted(listed) == sorted(public)
    assert len(listed) == len(set(listed)) == 13


def test_withdrawn_quotes_leave_an_empty_page_not_a_gap(client, small_pages, editor):
    story = story_with_quotes(6)
    story_with_quotes(6)
    services.article_withdraw(article=story, by=editor)
    urls = every_url(client)
    assert not [u for u in urls if u in {q.get_absolute_url() for q in story.quotes.all()}]
    assert len([u for u in urls if u.startswith("/quotes/")]) == 6


@pytest.mark.parametrize("page", ["99", "0", "abc"])
def test_a_page_past_the_end_or_not_a_number_is_404(client, page):
    story_with_quotes(2)
    response = client.get("/sitemap-quotes.xml", {"p": page})
    assert response.status_code == HTTPStatus.NOT_FOUND


def test_an_unknown_section_is_404(client):
    assert client.get("/sitemap-nothing.xml").status_code == HTTPStatus.NOT_FOUND


@pytest.mark.parametrize("size", [2, 30])
def test_the_index_and_a_page_cost_the_same_queries_at_any_size(
    client, small_pages, size, django_assert_max_num_queries
):
    """Two stories or thirty: one query per section for the index, two for a page."""
    for _ in range(size // 2):
        story_with_quotes(2)
    with django_assert_max_num_queries(7):  # stories, quotes, actors, events, the taxonomy's 3
        client.get("/sitemap.xml")
    with django_assert_max_num_queries(2):
        client.get("/sitemap-quotes.xml", {"p": "2"})
