"""Updates name the version they edited: "version" in the body, or If-Match with the ETag.

Without either, a story or quote update is 428; a stale version is 409 and a stale
If-Match 412, so that no client overwrites a change it never saw.
"""

from http import HTTPStatus

import pytest
from rest_framework.test import APIClient

from articles.models import Article, Quote
from core.api import ResourceViewSet
from tests import factories

pytestmark = pytest.mark.django_db

BODY = "Kim said “friendship cannot change” on Thursday.\nXi said “we stand together”."


@pytest.fixture
def editor():
    client = APIClient()
    client.force_authenticate(factories.EditorFactory())
    return client


@pytest.fixture
def story():
    return factories.ArticleFactory(slug="summit-story", headline="Summit", body=BODY)


@pytest.fixture
def quote(story):
    return factories.QuoteFactory(article=story, text="we stand together")


def story_put(story, **changes):
    return {"headline": story.headline, "slug": story.slug, "body": story.body, **changes}


def quote_put(quote, **changes):
    return {"article": quote.article.slug, "text": quote.text, "kind": quote.kind, **changes}


@pytest.fixture
def targets(story, quote):
    """What to send to update each resource: its address, a PATCH body and a PUT body."""
    return {
        "story": (
            Article.objects.get(pk=story.pk),
            "/api/v1/articles/summit-story/",
            {"headline": "Mine"},
            story_put(story, headline="Mine"),
        ),
        "quote": (
            Quote.objects.get(pk=quote.pk),
            f"/api/v1/quotes/{quote.pk}/",
            {"kind": "partial"},
            quote_put(quote, kind="partial"),
        ),
    }


def send(client, method, path, data, **headers):
    return getattr(client, method)(path, data, format="json", **headers)


RESOURCES = ["story", "quote"]
METHODS = ["patch", "put"]


def body_for(target, method):
    _record, _path, patch, put = target
    return dict(patch if method == "patch" else put)


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("resource", RESOURCES)
def test_an_update_naming_no_version_is_a_428(editor, targets, resource, method):
    """Without "version" or If-Match the update is refused, saying what to send."""
    record, path, *_ = targets[resource]
    response = send(editor, method, path, body_for(targets[resource], method))
    assert response.status_code == HTTPStatus.PRECONDITION_REQUIRED
    detail = response.json()["detail"]
    assert '"version"' in detail
    assert "If-Match" in detail
    assert type(record).objects.get(pk=record.pk).version == record.version


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("resource", RESOURCES)
def test_an_update_with_the_current_version_goes_through(editor, targets, resource, method):
    """The version read, sent back, lets the change through and moves the version on."""
    record, path, *_ = targets[resource]
    data = body_for(targets[resource], method) | {"version": record.version}
    response = send(editor, method, path, data)
    assert response.status_code == HTTPStatus.OK, response.json()
    assert response.json()["version"] == record.version + 1


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("resource", RESOURCES)
def test_a_stale_version_is_a_409(editor, targets, resource, method):
    """A version someone has saved over is refused, naming the current one."""
    record, path, *_ = targets[resource]
    stale = record.version
    type(record).objects.get(pk=record.pk).save()  # a colleague's save
    data = body_for(targets[resource], method) | {"version": stale}
    response = send(editor, method, path, data)
    assert response.status_code == HTTPStatus.CONFLICT
    assert f"changed since version {stale}" in response.json()["detail"]


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("resource", RESOURCES)
def test_if_match_with_the_etag_from_get_goes_through(editor, targets, resource, method):
    """The ETag a GET returned stands in for the version."""
    record, path, *_ = targets[resource]
    etag = editor.get(path)["ETag"]
    response = send(editor, method, path, body_for(targets[resource], method), HTTP_IF_MATCH=etag)
    assert response.status_code == HTTPStatus.OK, response.json()
    assert response.json()["version"] == record.version + 1


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("resource", RESOURCES)
def test_a_stale_if_match_is_a_412(editor, targets, resource, method):
    """An ETag from before a colleague's save no longer matches: 412, nothing written."""
    record, path, *_ = targets[resource]
    etag = editor.get(path)["ETag"]
    type(record).objects.get(pk=record.pk).save()
    response = send(editor, method, path, body_for(targets[resource], method), HTTP_IF_MATCH=etag)
    assert response.status_code == HTTPStatus.PRECONDITION_FAILED
    assert "GET it again" in response.json()["detail"]
    assert type(record).objects.get(pk=record.pk).version == record.version + 1


def test_any_of_several_etags_may_match(editor, story):
    """If-Match may list tags; one current one is enough."""
    etag = editor.get("/api/v1/articles/summit-story/")["ETag"]
    response = editor.patch(
        "/api/v1/articles/summit-story/",
        {"headline": "Mine"},
        format="json",
        HTTP_IF_MATCH=f'"0123", {etag}',
    )
    assert response.status_code == HTTPStatus.OK


def test_a_weak_etag_never_matches(editor, story):
    """If-Match compares strongly (RFC 9110): W/ in front of the current tag is a 412."""
    etag = editor.get("/api/v1/articles/summit-story/")["ETag"]
    response = editor.patch(
        "/api/v1/articles/summit-story/",
        {"headline": "Mine"},
        format="json",
        HTTP_IF_MATCH=f"W/{etag}",
    )
    assert response.status_code == HTTPStatus.PRECONDITION_FAILED


def test_if_match_star_names_no_version(editor, story):
    """``If-Match: *`` only asks that the story exist; the version is still needed."""
    path = "/api/v1/articles/summit-story/"
    response = editor.patch(path, {"headline": "Mine"}, format="json", HTTP_IF_MATCH="*")
    assert response.status_code == HTTPStatus.PRECONDITION_REQUIRED
    response = editor.patch(
        path, {"headline": "Mine", "version": story.version}, format="json", HTTP_IF_MATCH="*"
    )
    assert response.status_code == HTTPStatus.OK


def test_a_save_between_if_match_and_the_write_is_a_409(editor, story, monkeypatch):
    """A matching If-Match hands its version to the service, which catches a save in between."""
    check_if_match = ResourceViewSet.check_if_match

    def check_then_a_colleague_saves(view, request, instance):
        matched = check_if_match(view, request, instance)
        Article.objects.get(pk=story.pk).save()
        return matched

    monkeypatch.setattr(ResourceViewSet, "check_if_match", check_then_a_colleague_saves)
    path = "/api/v1/articles/summit-story/"
    etag = editor.get(path)["ETag"]
    response = editor.patch(path, {"headline": "Mine"}, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == HTTPStatus.CONFLICT
    assert Article.objects.get(pk=story.pk).headline == "Summit"


def test_an_update_answers_with_the_new_etag(editor, story):
    """The ETag of a successful update is the one the next GET returns: edits can chain."""
    path = "/api/v1/articles/summit-story/"
    response = editor.patch(path, {"headline": "Mine", "version": story.version}, format="json")
    assert response["ETag"] == editor.get(path)["ETag"]
    response = editor.patch(
        path, {"headline": "Mine again"}, format="json", HTTP_IF_MATCH=response["ETag"]
    )
    assert response.status_code == HTTPStatus.OK


def test_a_quote_shows_its_version_and_each_save_moves_it_on(editor, quote):
    """Quotes carry "version" like stories, in the quote and in its story."""
    path = f"/api/v1/quotes/{quote.pk}/"
    version = editor.get(path).json()["version"]
    assert version == quote.version
    response = editor.patch(path, {"kind": "partial", "version": version}, format="json")
    assert response.json()["version"] == version + 1
    story = editor.get("/api/v1/articles/summit-story/").json()
    assert story["quotes"][0]["version"] == version + 1


def test_creating_a_quote_ignores_a_version(editor, story):
    """A new quote starts at version 1, whatever the request says."""
    response = editor.post(
        "/api/v1/quotes/",
        {"article": "summit-story", "text": "we stand together", "version": 7},
        format="json",
    )
    assert response.status_code == HTTPStatus.CREATED, response.json()
    assert response.json()["version"] == 1


def test_actors_honour_if_match_without_requiring_it(editor):
    """Actors and events update unconditionally, but a stale If-Match is still a 412."""
    actor = factories.ActorFactory(slug="kim-jong-un")
    path = "/api/v1/actors/kim-jong-un/"
    etag = editor.get(path)["ETag"]
    assert editor.patch(path, {"description": "Leader"}, format="json").status_code == 200
    response = editor.patch(path, {"description": "Chair"}, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == HTTPStatus.PRECONDITION_FAILED
    actor.refresh_from_db()
    assert actor.description == "Leader"
