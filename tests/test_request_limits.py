"""A request body over the size limit: the desk keeps its page, the API answers JSON; both 413."""

import json
from http import HTTPStatus
from urllib.parse import urlencode

import pytest
from django.test.client import MULTIPART_CONTENT
from django.urls import reverse

from articles import services

pytestmark = pytest.mark.django_db

THREE_MB = "x" * (3 * 1024 * 1024)


@pytest.fixture
def story(editor):
    return services.article_create(by=editor, headline="Kim arrives", slug="kim", body="Kim.")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def _post(client, url, data, content_type):
    if content_type == MULTIPART_CONTENT:
        return client.post(url, data)
    return client.post(url, urlencode(data), content_type=content_type)


@pytest.mark.parametrize("content_type", ["application/x-www-form-urlencoded", MULTIPART_CONTENT])
def test_an_oversized_admin_form_keeps_the_page_and_names_the_limit(
    editor_client, story, content_type
):
    """A 3 MB story form comes back as the form page with the limit in MB; nothing is saved."""
    url = reverse("admin:articles_article_change", args=[story.pk])
    response = _post(editor_client, url, {"headline": "New", "body": THREE_MB}, content_type)
    assert response.status_code == HTTPStatus.REQUEST_ENTITY_TOO_LARGE
    assert "adminform" in response.context
    assert "larger than the limit of 2.5 MB" in response.content.decode()
    story.refresh_from_db()
    assert (story.headline, story.body, story.history.count()) == ("Kim arrives", "Kim.", 1)


def test_the_limit_follows_the_setting(editor_client, story, settings):
    """The message names the configured limit, whatever it is."""
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
    url = reverse("admin:articles_article_change", args=[story.pk])
    response = editor_client.post(url, {"body": "x" * (2 * 1024 * 1024)})
    assert "larger than the limit of 1 MB" in response.content.decode()


def test_an_admin_form_under_the_limit_is_not_touched(editor_client, story):
    """Bodies under the limit reach the view as they were sent."""
    url = reverse("admin:articles_article_change", args=[story.pk])
    response = editor_client.post(url, {"headline": ""})
    assert response.status_code == HTTPStatus.OK
    assert response.context["adminform"].form.errors["headline"]


def test_an_oversized_api_body_is_a_json_413_naming_the_limit(client):
    """The API answers an oversized body with a JSON 413 saying the limit."""
    response = client.post(
        "/api/v1/articles/",
        json.dumps({"headline": "New", "body": THREE_MB}),
        content_type="application/json",
    )
    assert response.status_code == HTTPStatus.REQUEST_ENTITY_TOO_LARGE
    assert response.json() == {"detail": "The request body is larger than the limit of 2.5 MB."}
