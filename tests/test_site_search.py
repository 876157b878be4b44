"""Search across stories, quotes and actors with ``/search/?q=``, and ``?q=`` in the API.

These run on whichever database the suite runs on (SQLite's FTS5 or PostgreSQL's
full-text search); both must find the same things.
"""

import datetime
from http import HTTPStatus

import pytest
from django.utils import timezone

from articles.models import Article, Quote
from articles.rendering import render_story
from core.writes import write_scope
from tests import factories

pytestmark = pytest.mark.django_db

# Per section: its ranked page with its count (one statement) and its
# records; quotes also fetch their outlets.
SEARCH_QUERIES = 7


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


def results(response, section):
    return response.context["results"][section].records


def test_quote_is_found_by_its_speakers_name(client, lavrov_quote):
    """Searching "Lavrov" finds his quotes, though the words do not contain his name."""
    response = client.get("/search/", {"q": "Lavrov"})

    assert response.status_code == HTTPStatus.OK
    assert results(response, "quotes") == [lavrov_quote]


def test_quote_is_found_by_its_words(client, lavrov_quote):
    """Searching a quote's words finds it, whatever the case."""
    response = client.get("/search/", {"q": "CLOSED matter"})

    assert results(response, "quotes") == [lavrov_quote]


def test_quote_is_found_by_the_speakers_native_name(client, lavrov_quote):
    """Searching in Cyrillic finds the quote too."""
    response = client.get("/search/", {"q": "Лавров"})

    assert results(response, "quotes") == [lavrov_quote]


def test_every_word_must_match(client, lavrov_quote):
    """Each word narrows the search: all of them must match somewhere."""
    assert results(client.get("/search/", {"q": "Lavrov matter"}), "quotes") == [lavrov_quote]
    assert results(client.get("/search/", {"q": "Lavrov sanctions"}), "quotes") == []


def test_stories_and_actors_are_found(client, lavrov_quote):
    """A search finds stories by their words and actors by their name."""
    response = client.get("/search/", {"q": "Lavrov"})
    assert [actor.slug for actor in results(response, "actors")] == ["sergei-lavrov"]

    response = client.get("/search/", {"q": "Moscow"})
    assert results(response, "stories") == [lavrov_quote.article]


def test_unnamed_source_is_not_listed_among_actors(client):
    """Unnamed sources have no page, so the search does not list them as actors."""
    source = factories.ActorFactory(
        name="Kremlin aide", description="a Kremlin aide", anonymous=True
    )
    article = factories.PublishedArticleFactory(body="An aide said “we will talk again soon”.")
    quote = factories.QuoteFactory(article=article, speaker=source)

    response = client.get("/search/", {"q": "Kremlin"})

    assert results(response, "actors") == []
    assert results(response, "quotes") == [quote]


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


def test_empty_search_shows_the_one_search_box(client):
    """Without a query the page points at the header's search box, the only one."""
    response = client.get("/search/")

    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert html.count('role="search"') == 1
    assert 'id="site-search-q"' in html
    assert "results" not in response.context


def test_the_results_page_has_one_search_box_holding_the_query(client, lavrov_quote):
    """The results page keeps the query in the header's box and adds no second form."""
    html = client.get("/search/", {"q": "Lavrov"}).content.decode()

    assert html.count("<form") == 1
    assert 'id="site-search-q" name="q" value="Lavrov"' in html


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


def test_too_many_words_are_refused_with_a_message(client):
    """More than eight words answer 400, saying so; the box is marked invalid."""
    response = client.get("/search/", {"q": "a b c d e f g h i"})

    html = response.content.decode()
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "at most 8 words" in html
    assert 'aria-describedby="search-error"' in html


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"q": "Lavrov", "in": "videos"}, "Search in “stories”, “quotes” or “actors”"),
        ({"q": "Lavrov", "in": "quotes", "page": "two"}, "The page is a number"),
        ({"q": "Lavrov", "in": "quotes", "page": "0"}, "The page is a number"),
        ({"q": "Lavrov", "page": "2"}, "Say which results to page through"),
    ],
)
def test_bad_section_or_page_is_refused_with_a_message(client, lavrov_quote, params, message):
    """An unknown section or a page that is not a number answers 400 with a message."""
    response = client.get("/search/", params)

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert message in response.content.decode()


def test_a_page_past_the_last_is_not_found(client, lavrov_quote):
    """Asking for page 5 of one quote answers 404, saying there is no such page."""
    response = client.get("/search/", {"q": "Lavrov", "in": "quotes", "page": "5"})

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert "There is no page 5 of quotes" in response.content.decode()


def test_search_words_are_escaped(client):
    """The query is shown back escaped, never as markup."""
    response = client.get("/search/", {"q": "<script>alert(1)</script>"})

    html = response.content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_search_refuses_post(client):
    """Search is read-only: a POST answers 405."""
    assert client.post("/search/", {"q": "x"}).status_code == HTTPStatus.METHOD_NOT_ALLOWED


# --- What it finds ----------------------------------------------------------------------


def test_an_english_word_finds_its_other_forms(client, seeded):
    """ "denuclearization" finds Lavrov's "denuclearizing" in the seeded report."""
    response = client.get("/search/", {"q": "denuclearization"})

    quotes = results(response, "quotes")
    assert "denuclearizing" in [quote.text for quote in quotes]
    assert [story.slug for story in results(response, "stories")] == [
        "kim-jong-un-xi-jinping-beijing-summit"
    ]


def test_an_outlets_name_finds_the_quotes_it_reported(client, seeded):
    """ "kcna" finds every public quote reported by KCNA, and only those."""
    response = client.get("/search/", {"q": "kcna", "in": "quotes"})

    kcna = set(Quote.objects.public().filter(outlets__slug="kcna"))
    assert len(kcna) > 1
    assert response.context["results"]["quotes"].total == len(kcna)
    found = set(results(response, "quotes"))
    assert found <= kcna
    assert len(found) == min(len(kcna), 10)


def test_a_hyphenated_spelling_finds_the_unhyphenated_name(client):
    """ "Kim Jong-un" finds Kim Jong Un, his quotes and the stories quoting him, though
    no record spells it with a hyphen."""
    kim = factories.ActorFactory(name="Kim Jong Un", slug="kim-jong-un", public_by_hand=True)
    article = factories.PublishedArticleFactory(body="Kim said “we will talk again soon”.")
    quote = factories.QuoteFactory(article=article, speaker=kim)

    response = client.get("/search/", {"q": "Kim Jong-un"})

    assert results(response, "quotes") == [quote]
    assert results(response, "stories") == [article]
    assert [actor.slug for actor in results(response, "actors")] == ["kim-jong-un"]


def test_a_spelling_without_accents_finds_the_accented_name(client):
    """ "Segolene" finds Ségolène Royal's quote, and "Ségolène" finds it too."""
    royal = factories.ActorFactory(name="Ségolène Royal", slug="segolene-royal")
    quote = factories.QuoteFactory(speaker=royal)

    assert results(client.get("/search/", {"q": "Segolene"}), "quotes") == [quote]
    assert results(client.get("/search/", {"q": "SÉGOLÈNE"}), "quotes") == [quote]


def test_a_native_name_finds_the_stories_that_quote_him(client, seeded):
    """ "김정은" finds the seeded report, which quotes Kim Jong Un, and his quotes."""
    response = client.get("/search/", {"q": "김정은"})

    assert [story.slug for story in results(response, "stories")] == [
        "kim-jong-un-xi-jinping-beijing-summit"
    ]
    assert {quote.speaker.slug for quote in results(response, "quotes")} == {"kim-jong-un"}
    assert [actor.slug for actor in results(response, "actors")] == ["kim-jong-un"]


def test_korean_text_is_found_inside_a_longer_word(client):
    """Korean attaches particles to names: "김정은" finds "김정은은" in a story's text."""
    article = factories.PublishedArticleFactory(body="김정은은 베이징에 도착했다.")

    assert results(client.get("/search/", {"q": "김정은"}), "stories") == [article]
    assert results(client.get("/search/", {"q": "베이징"}), "stories") == [article]
    assert results(client.get("/search/", {"q": "서울"}), "stories") == []


def test_a_headline_match_ranks_above_a_match_in_the_text(client):
    """The story with the word in its headline comes first, whatever its age."""
    now = timezone.now()
    in_text = factories.PublishedArticleFactory(
        headline="Talks in Beijing",
        body="Delegates spoke of sanctions and of trade.",
        published_at=now - datetime.timedelta(hours=1),
    )
    in_headline = factories.PublishedArticleFactory(
        headline="Sanctions on the agenda",
        body="Delegates spoke of trade.",
        published_at=now - datetime.timedelta(days=3),
    )

    response = client.get("/search/", {"q": "sanctions"})

    assert results(response, "stories") == [in_headline, in_text]


def test_the_story_snippet_marks_the_matching_words(client):
    """A story's result shows a snippet of its text with the words found in <mark>."""
    factories.PublishedArticleFactory(
        body="The idea of “denuclearizing” North Korea was a <closed> matter."
    )

    html = client.get("/search/", {"q": "denuclearization"}).content.decode()

    assert "<mark>denuclearizing</mark>" in html
    assert "&lt;closed&gt;" in html
    assert "<closed>" not in html


def test_each_section_pages_through_its_results(client):
    """Twelve matching stories: page 1 of stories shows ten, page 2 the other two,
    ranked and without repeats; the overview links to the rest."""
    with write_scope():
        stories = [
            factories.PublishedArticleFactory(headline=f"Summit report {i}") for i in range(12)
        ]

    overview = client.get("/search/", {"q": "summit"})
    first = client.get("/search/", {"q": "summit", "in": "stories", "page": "1"})
    second = client.get("/search/", {"q": "summit", "in": "stories", "page": "2"})

    assert overview.context["results"]["stories"].total == 12
    assert "in=stories&amp;page=2" in overview.content.decode()
    assert len(results(first, "stories")) == 10
    assert len(results(second, "stories")) == 2
    assert set(results(first, "stories")) | set(results(second, "stories")) == set(stories)
    assert list(second.context["results"]) == ["stories"]


def test_unpublished_stories_and_their_quotes_are_never_found(client):
    """Drafts, stories in review and scheduled stories not yet live stay out of results."""
    speaker = factories.ActorFactory(name="Envoy Embargo", slug="envoy", public_by_hand=True)
    for status, published_at in [
        ("draft", None),
        ("in_review", None),
        ("scheduled", timezone.now() + datetime.timedelta(days=1)),
        ("withdrawn", timezone.now() - datetime.timedelta(days=1)),
    ]:
        article = factories.ArticleFactory(
            headline=f"Embargoed {status}",
            status=status,
            published_at=published_at,
            body="The envoy said “we will talk again soon”.",
        )
        factories.QuoteFactory(article=article, speaker=speaker)

    response = client.get("/search/", {"q": "Embargo"})

    assert results(response, "stories") == []
    assert results(response, "quotes") == []
    assert [actor.slug for actor in results(response, "actors")] == ["envoy"]


def test_a_quote_to_check_is_not_found(client):
    """A direct quote whose words left the body is not found by readers: the index row
    stores that its words are unchecked when the story is rendered."""
    article = factories.PublishedArticleFactory(body="The envoy said “we will talk again soon”.")
    quote = factories.QuoteFactory(article=article, text="we will talk again soon")
    assert results(client.get("/search/", {"q": "talk again"}), "quotes") == [quote]

    # A body changed before the quote checks existed, rendered again.
    Article.objects.filter(pk=article.pk).update(body="The envoy said nothing.")
    with write_scope():
        render_story(Article.objects.get(pk=article.pk))
    assert Quote.objects.get(pk=quote.pk).start is None

    assert results(client.get("/search/", {"q": "talk again"}), "quotes") == []


@pytest.mark.parametrize("size", [1, 15])
def test_search_runs_a_fixed_number_of_queries(client, size, django_assert_max_num_queries):
    """A search costs the same queries with one result per section or many pages."""
    with write_scope():
        speaker = factories.ActorFactory(name="Speaker Summit", public_by_hand=True)
        for i in range(size):
            article = factories.PublishedArticleFactory(headline=f"Summit {i}")
            factories.QuoteFactory(
                article=article, speaker=speaker, outlets=[factories.OutletFactory()]
            )
            factories.ActorFactory(name=f"Summit host {i}", public_by_hand=True)

    with django_assert_max_num_queries(SEARCH_QUERIES):
        response = client.get("/search/", {"q": "summit"})

    assert response.status_code == HTTPStatus.OK
    assert len(results(response, "quotes")) == min(size, 10)


# --- The API's ?q= --------------------------------------------------------------------------


def test_api_articles_q_uses_the_same_search(client, seeded):
    """``/api/v1/articles/?q=denuclearizing`` finds the report that says "denuclearization"."""
    response = client.get("/api/v1/articles/", {"q": "denuclearizing"})

    assert response.status_code == HTTPStatus.OK
    assert [story["slug"] for story in response.json()["results"]] == [
        "kim-jong-un-xi-jinping-beijing-summit"
    ]


def test_api_quotes_q_finds_an_outlets_quotes(client, seeded):
    """``/api/v1/quotes/?q=kcna`` lists the quotes KCNA reported."""
    response = client.get("/api/v1/quotes/", {"q": "kcna", "page_size": 100})

    expected = Quote.objects.public().filter(outlets__slug="kcna").count()
    assert response.status_code == HTTPStatus.OK
    assert len(response.json()["results"]) == expected


def test_api_actors_q_finds_a_hyphenated_spelling(client):
    """``/api/v1/actors/?q=Kim Jong-un`` finds Kim Jong Un."""
    factories.ActorFactory(name="Kim Jong Un", slug="kim-jong-un", public_by_hand=True)

    response = client.get("/api/v1/actors/", {"q": "Kim Jong-un"})

    assert [actor["slug"] for actor in response.json()["results"]] == ["kim-jong-un"]


@pytest.mark.parametrize("url", ["/api/v1/articles/", "/api/v1/quotes/"])
def test_api_bad_q_is_refused_with_a_message(client, url):
    """Nine words answer 400 naming the limit, as on the search page."""
    response = client.get(url, {"q": "a b c d e f g h i"})

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "at most 8 words" in str(response.json())
