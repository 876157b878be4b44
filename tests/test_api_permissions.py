"""Who may do what through the API: anonymous, reporter and editor × read and write ×
draft and published. The rules are the admin's (``articles.services``)."""

from http import HTTPStatus

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from articles.models import Article, Quote
from tests import factories

pytestmark = pytest.mark.django_db

BODY = "The minister said “we will talk again soon” and left.\nA second paragraph."


@pytest.fixture
def reporter():
    return factories.ReporterFactory()


@pytest.fixture
def editor():
    return factories.EditorFactory()


@pytest.fixture
def client_for(request):
    """An API client signed in with a token as ``role`` (the role's user made on demand)."""

    def make(role):
        client = APIClient()
        if role == "anonymous":
            return client
        token = Token.objects.create(user=request.getfixturevalue(role))
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return make


@pytest.fixture
def stories(reporter):
    """The reporter's own draft, and a published story."""
    return {
        "draft": factories.ArticleFactory(slug="own-draft", author=reporter, body=BODY),
        "published": factories.PublishedArticleFactory(slug="live-story", body=BODY),
    }


READ = [
    ("anonymous", "draft", HTTPStatus.NOT_FOUND),
    ("anonymous", "published", HTTPStatus.OK),
    ("reporter", "draft", HTTPStatus.OK),
    ("reporter", "published", HTTPStatus.OK),
    ("editor", "draft", HTTPStatus.OK),
    ("editor", "published", HTTPStatus.OK),
]


@pytest.mark.parametrize(("role", "state", "expected"), READ)
def test_reading_an_article(role, state, expected, client_for, stories):
    """Anonymous clients read published stories only; the newsroom also reads drafts."""
    client = client_for(role)
    response = client.get(f"/api/v1/articles/{stories[state].slug}/")
    assert response.status_code == expected


@pytest.mark.parametrize(("role", "state", "expected"), READ)
def test_reading_a_quote(role, state, expected, client_for, stories):
    """A quote is as visible as the story it belongs to."""
    quote = factories.QuoteFactory(article=stories[state])
    client = client_for(role)
    assert client.get(f"/api/v1/quotes/{quote.pk}/").status_code == expected


EDIT = [
    ("anonymous", "draft", HTTPStatus.UNAUTHORIZED),
    ("anonymous", "published", HTTPStatus.UNAUTHORIZED),
    ("reporter", "draft", HTTPStatus.OK),
    ("reporter", "published", HTTPStatus.FORBIDDEN),
    ("editor", "draft", HTTPStatus.OK),
    ("editor", "published", HTTPStatus.OK),
]


@pytest.mark.parametrize(("role", "state", "expected"), EDIT)
def test_editing_an_article(role, state, expected, client_for, stories):
    """Reporters edit their own drafts; editors edit anything; anonymous clients nothing."""
    client = client_for(role)
    response = client.patch(
        f"/api/v1/articles/{stories[state].slug}/",
        {"headline": "New headline", "version": stories[state].version},
        format="json",
    )
    assert response.status_code == expected
    stories[state].refresh_from_db()
    changed = stories[state].headline == "New headline"
    assert changed == (expected == HTTPStatus.OK)


@pytest.mark.parametrize(
    ("role", "state", "expected"),
    [
        ("anonymous", "draft", HTTPStatus.UNAUTHORIZED),
        ("anonymous", "published", HTTPStatus.UNAUTHORIZED),
        ("reporter", "draft", HTTPStatus.CREATED),
        ("reporter", "published", HTTPStatus.FORBIDDEN),
        ("editor", "draft", HTTPStatus.CREATED),
        ("editor", "published", HTTPStatus.CREATED),
    ],
)
def test_adding_a_quote(role, state, expected, client_for, stories):
    """Quotes follow their story's rules: a reporter adds them to their own draft only."""
    client = client_for(role)
    response = client.post(
        "/api/v1/quotes/",
        {"article": stories[state].slug, "text": "we will talk again soon"},
        format="json",
    )
    assert response.status_code == expected
    assert Quote.objects.filter(article=stories[state]).exists() == (expected == HTTPStatus.CREATED)


@pytest.mark.parametrize(
    ("role", "state", "expected"),
    [
        ("anonymous", "draft", HTTPStatus.UNAUTHORIZED),
        ("anonymous", "published", HTTPStatus.UNAUTHORIZED),
        ("reporter", "draft", HTTPStatus.FORBIDDEN),
        ("reporter", "published", HTTPStatus.FORBIDDEN),
        ("editor", "draft", HTTPStatus.NO_CONTENT),
        ("editor", "published", HTTPStatus.NO_CONTENT),
    ],
)
def test_deleting_an_article(role, state, expected, client_for, stories):
    """Only editors delete stories."""
    client = client_for(role)
    response = client.delete(f"/api/v1/articles/{stories[state].slug}/")
    assert response.status_code == expected
    assert Article.objects.filter(pk=stories[state].pk).exists() == (
        expected != HTTPStatus.NO_CONTENT
    )


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", HTTPStatus.UNAUTHORIZED),
        ("reporter", HTTPStatus.FORBIDDEN),
        ("editor", HTTPStatus.OK),
    ],
)
def test_publishing_a_draft(role, expected, client_for, stories):
    """A reporter cannot publish through the API; an editor can."""
    client = client_for(role)
    response = client.post("/api/v1/articles/own-draft/publish/")
    assert response.status_code == expected
    stories["draft"].refresh_from_db()
    assert stories["draft"].is_public == (expected == HTTPStatus.OK)


def test_reporter_cannot_edit_another_reporters_draft(client_for):
    """Object-level permission: a reporter's drafts are their own."""
    other = factories.ArticleFactory(author=factories.ReporterFactory(), body=BODY)
    client = client_for("reporter")
    response = client.patch(
        f"/api/v1/articles/{other.slug}/",
        {"headline": "x", "version": other.version},
        format="json",
    )
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert "own drafts" in response.json()["detail"]


def test_reporter_cannot_change_quotes_of_another_reporters_draft(client_for):
    """A quote's story decides who may change it."""
    quote = factories.QuoteFactory(
        article=factories.ArticleFactory(author=factories.ReporterFactory(), body=BODY)
    )
    client = client_for("reporter")
    response = client.patch(
        f"/api/v1/quotes/{quote.pk}/",
        {"kind": "paraphrase", "version": quote.version},
        format="json",
    )
    assert response.status_code == HTTPStatus.FORBIDDEN


def test_reporter_submits_own_draft(client_for, stories):
    """A reporter hands their draft to the editors, after which they can no longer edit it."""
    client = client_for("reporter")
    response = client.post("/api/v1/articles/own-draft/submit/")
    assert response.status_code == HTTPStatus.OK
    assert response.json()["status"] == "in_review"
    version = response.json()["version"]
    response = client.patch(
        "/api/v1/articles/own-draft/", {"headline": "x", "version": version}, format="json"
    )
    assert response.status_code == HTTPStatus.FORBIDDEN


def test_a_reporter_creating_an_article_becomes_its_author(client_for, reporter):
    """The story belongs to whoever wrote it, whatever the request says."""
    client = client_for("reporter")
    response = client.post(
        "/api/v1/articles/",
        {"headline": "Lavrov in Pyongyang", "slug": "lavrov", "body": BODY, "status": "published"},
        format="json",
    )
    assert response.status_code == HTTPStatus.CREATED
    article = Article.objects.get(slug="lavrov")
    assert article.author == reporter
    assert article.status == Article.Status.DRAFT


def test_actors_and_events_are_public_records(stories):
    """Anonymous clients read public actors and events, but cannot write them."""
    actor = factories.ActorFactory(public_by_hand=True)
    client = APIClient()
    assert client.get(f"/api/v1/actors/{actor.slug}/").status_code == HTTPStatus.OK
    response = client.post("/api/v1/actors/", {"name": "X", "slug": "x"}, format="json")
    assert response.status_code == HTTPStatus.UNAUTHORIZED


def test_a_user_without_model_permissions_cannot_write(stories):
    """Being signed in is not enough: writing needs the model permission."""
    client = APIClient()
    client.force_authenticate(factories.UserFactory(is_staff=False))
    response = client.post("/api/v1/actors/", {"name": "X", "slug": "x"}, format="json")
    assert response.status_code == HTTPStatus.FORBIDDEN


def test_a_non_staff_user_sees_published_stories_only(stories):
    """Tokens for non-staff accounts (partners) read what the public reads."""
    client = APIClient()
    client.force_authenticate(factories.UserFactory(is_staff=False))
    assert client.get("/api/v1/articles/own-draft/").status_code == HTTPStatus.NOT_FOUND


def test_a_bad_token_is_a_401(stories):
    """An unknown token is refused, not treated as anonymous."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert client.get("/api/v1/articles/").status_code == HTTPStatus.UNAUTHORIZED
