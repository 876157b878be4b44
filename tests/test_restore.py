"""Restoring an earlier version is two steps: a preview of what changes, then a confirmation."""

from http import HTTPStatus

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from articles import services
from articles.models import Correction

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def live_story(editor):
    """A published story whose body was edited after it went live (versions 1, 2 and 3)."""
    story = services.article_create(
        by=editor, headline="Kim arrives", slug="kim-arrives", body="Kim arrived by train."
    )
    services.article_publish(article=story, by=editor)
    services.article_update(article=story, by=editor, body="Kim arrived by plane.")
    return story


def _restore_url(story, version):
    return reverse("admin:articles_article_restore", args=[story.pk, version])


def _confirm(client, story, version, **data):
    return client.post(_restore_url(story, version), {"_confirm": "Restore", **data})


def test_preview_shows_what_restoring_changes_and_changes_nothing(editor_client, live_story):
    """GET shows the live text against the chosen version, word by word, and writes nothing."""
    response = editor_client.get(_restore_url(live_story, 2))
    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "Restore version 2 of “Kim arrives”?" in html
    assert "<dt>Body</dt>" in html
    assert "<del>plane</del><ins>train</ins>" in html
    live_story.refresh_from_db()
    assert live_story.body == "Kim arrived by plane."
    assert live_story.history.count() == 3
    assert not Correction.objects.exists()


def test_a_post_without_confirmation_only_shows_the_preview(editor_client, live_story):
    """An old one-click restore form lands on the preview; nothing is restored."""
    response = editor_client.post(_restore_url(live_story, 2))
    assert response.status_code == HTTPStatus.OK
    live_story.refresh_from_db()
    assert live_story.body == "Kim arrived by plane."


def test_preview_of_a_published_story_offers_a_prefilled_correction(editor_client, live_story):
    """Readers saw the text being replaced: a correction is offered, with a suggested wording."""
    form = editor_client.get(_restore_url(live_story, 2)).context["form"]
    assert "append_correction" in form.fields
    assert "undoing a later change to its body" in form["correction"].value()


def test_preview_of_a_draft_offers_no_correction(editor_client, editor):
    """A draft was never seen by readers: its restore has no correction field."""
    draft = services.article_create(by=editor, headline="Draft", slug="draft", body="One.")
    services.article_update(article=draft, by=editor, body="Two.")
    response = editor_client.get(_restore_url(draft, 1))
    assert "<ins>One</ins>" in response.content.decode()
    assert "correction" not in response.context["form"].fields


def test_preview_of_the_live_version_says_nothing_would_change(editor_client, live_story):
    """Restoring the text that is already live would change nothing, and is not offered."""
    response = editor_client.get(_restore_url(live_story, 3))
    html = response.content.decode()
    assert "restoring it would change nothing" in html
    assert 'name="_confirm"' not in html


def test_confirming_restores_the_version(editor_client, live_story):
    """The confirming POST brings the version's text back as a new revision, and says so."""
    response = _confirm(editor_client, live_story, 2)
    assert response.status_code == HTTPStatus.FOUND
    message = str(next(iter(get_messages(response.wsgi_request))))
    assert message.startswith("Restored version 2 (saved ")
    live_story.refresh_from_db()
    assert (live_story.body, live_story.status) == ("Kim arrived by train.", "published")
    assert live_story.history.count() == 4
    assert not Correction.objects.exists()


def test_confirming_with_a_correction_appends_it(editor_client, editor, live_story):
    """A ticked correction is published with the restore, dated and signed."""
    _confirm(
        editor_client,
        live_story,
        2,
        append_correction="on",
        correction="An earlier version said Kim arrived by plane. He came by train.",
    )
    live_story.refresh_from_db()
    assert live_story.body == "Kim arrived by train."
    correction = live_story.corrections.get()
    assert correction.text == "An earlier version said Kim arrived by plane. He came by train."
    assert correction.created_by == editor


def test_a_ticked_but_empty_correction_is_refused(editor_client, live_story):
    """Asking for a correction without its text shows the preview again, and restores nothing."""
    response = _confirm(editor_client, live_story, 2, append_correction="on", correction=" ")
    assert response.status_code == HTTPStatus.OK
    assert response.context["form"].errors["correction"]
    live_story.refresh_from_db()
    assert live_story.body == "Kim arrived by plane."


def test_history_shows_who_restored_which_version(editor_client, editor, live_story):
    """The restore's revision names the version it brought back and who restored it."""
    _confirm(editor_client, live_story, 2)
    history = editor_client.get(reverse("admin:articles_article_history", args=[live_story.pk]))
    latest = history.context["entries"][0]
    assert latest["reason"].startswith("Restored version 2 (saved ")
    assert latest["who"] == editor
    assert "Restored version 2 (saved " in history.content.decode()


def test_an_unknown_version_is_not_found(editor_client, live_story):
    """A restore link to a version the story never had is a 404."""
    assert editor_client.get(_restore_url(live_story, 99)).status_code == HTTPStatus.NOT_FOUND
