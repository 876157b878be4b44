"""Search across stories, quotes and actors with ``/search/?q=``."""

from http import HTTPStatus

import pytest

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def lavrov_quote():
    """Lavrov's "closed matter", in a published story that never names him in the quote."""
    lavrov = factories.ActorFactory(
        name="Sergei Lavrov", slug="sergei-lavrov", native_name="Сергей Лавров"
    )
    article = factories.PublishedArticleFactory(
        headline="Moscow's position", body="The minister called it a “closed matter” in 2024."
    )
    return factories.QuoteFactory(article=article, text="closed matter", speaker=lavrov)


def test_quote_is_found_by_its_speakers_name(client, lavrov_quote):
    """Searching "Lavrov" finds his quotes, though the words do not contain his name."""
    response = client.get("/search/", {"q": "Lavrov"})

    assert response.status_code == HTTPStatus.OK
    assert response.context["quotes"] == [lavrov_quote]


def test_quote_is_found_by_its_words(client, lavrov_quote):
    """Searching a quote's words finds it, whatever the case."""
    response = client.get("/search/", {"q": "CLOSED matter"})

    assert response.context["quotes"] == [lavrov_quote]


def test_quote_is_found_by_the_speakers_native_name(client, lavrov_quote):
    """Searching in Cyrillic finds the quote too."""
    response = client.get("/search/", {"q": "Лавров"})

    assert response.context["quotes"] == [lavrov_quote]


def test_every_word_must_match(client, lavrov_quote):
    """Each word narrows the search: all of them must match somewhere."""
    assert client.get("/search/", {"q": "Lavrov matter"}).context["quotes"] == [lavrov_quote]
    assert client.get("/search/", {"q": "Lavrov sanctions"}).context["quotes"] == []


def test_stories_and_actors_are_found(client, lavrov_quote):
    """A search finds stories by their words and actors by their name."""
    response = client.get("/search/", {"q": "Lavrov"})
    assert [actor.slug for actor in response.context["actors"]] == ["sergei-lavrov"]

    response = client.get("/search/", {"q": "Moscow"})
    assert response.context["stories"] == [lavrov_quote.article]


def test_unnamed_source_is_not_listed_among_actors(client):
    """Unnamed sources have no page, so the search does not list them as actors."""
    factories.ActorFactory(name="Kremlin aide", anonymous=True)

    response = client.get("/search/", {"q": "Kremlin"})

    assert response.context["actors"] == []


def test_results_link_to_their_pages(client, lavrov_quote):
    """Results link to the quote's permalink, the story and the actor's page."""
    html = client.get("/search/", {"q": "Lavrov"}).content.decode()

    assert lavrov_quote.get_absolute_url() in html
    assert lavrov_quote.article.get_absolute_url() in html
    assert "/actors/sergei-lavrov/" in html


def test_no_match_says_so(client, lavrov_quote):
    """A search that finds nothing says so."""
    response = client.get("/search/", {"q": "Pyongyang"})

    assert response.status_code == HTTPStatus.OK
    assert "Nothing matches “Pyongyang”" in response.content.decode()


def test_empty_search_shows_the_form(client):
    """Without a query the page shows only the search form."""
    response = client.get("/search/")

    assert response.status_code == HTTPStatus.OK
    assert 'id="search-page-q"' in response.content.decode()
    assert "quotes" not in response.context


def test_nul_character_is_refused_with_a_message(client):
    """A NUL character answers 400 with a message naming it, never a server error."""
    response = client.get("/search/", {"q": "Lav\x00rov"})

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "NUL character" in response.content.decode()


def test_overlong_search_is_refused_with_a_message(client):
    """A search longer than 200 characters answers 400 and says how long it may be."""
    response = client.get("/search/", {"q": "a" * 201})

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "at most 200" in response.content.decode()


def test_search_words_are_escaped(client):
    """The query is shown back escaped, never as markup."""
    response = client.get("/search/", {"q": "<script>alert(1)</script>"})

    html = response.content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_search_refuses_post(client):
    """Search is read-only: a POST answers 405."""
    assert client.post("/search/", {"q": "x"}).status_code == HTTPStatus.METHOD_NOT_ALLOWED
