"""Two editors, one story: the second save is refused, nothing is overwritten silently."""

import re
import threading
from http import HTTPStatus

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from articles.models import Article
from tests import factories
from tests.admin_forms import change_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def story():
    return factories.ArticleFactory(
        headline="Kim arrives in Beijing",
        body="Kim Jong Un arrived by train.\nHe met Xi Jinping.",
    )


def _url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def _open(user, article):
    """An editor opens the story: a signed-in client and the form as loaded."""
    client = Client()
    client.force_login(user)
    return client, change_form_data(client.get(_url(article)))


def test_second_save_is_refused_with_what_the_other_editor_changed(story):
    """Both open the story; the first save wins, the second is refused showing the first's diff."""
    alice, bob = factories.EditorFactory(username="alice"), factories.EditorFactory(username="bob")
    alice_client, alice_data = _open(alice, story)
    bob_client, bob_data = _open(bob, story)

    alice_data["body_html"] = (
        "<p>Kim Jong Un arrived by armoured train.</p><p>He met Xi Jinping.</p>"
    )
    assert alice_client.post(_url(story), alice_data).status_code == HTTPStatus.FOUND

    bob_data["headline"] = "Kim meets Xi in Beijing"
    response = bob_client.post(_url(story), bob_data)
    page = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "Another editor saved this story while you were editing it" in page
    assert "alice" in page
    assert re.search(r"<ins>\s?armoured\s?</ins>", page)
    story.refresh_from_db()
    assert story.headline == "Kim arrives in Beijing"
    assert "armoured" in story.body


def test_refused_form_keeps_the_second_editors_text(story):
    """After the refusal, the second editor's typing is still in the form to merge."""
    alice, bob = factories.EditorFactory(), factories.EditorFactory()
    alice_client, alice_data = _open(alice, story)
    bob_client, bob_data = _open(bob, story)
    alice_data["standfirst"] = "Alice's standfirst."
    alice_client.post(_url(story), alice_data)
    bob_data["headline"] = "Bob's better headline"
    response = bob_client.post(_url(story), bob_data)
    form = response.context["adminform"].form
    assert form["headline"].value() == "Bob's better headline"


def test_second_editor_can_save_after_confirming_the_merge(story):
    """Having merged the other changes and said so, the second editor's next save goes through."""
    alice, bob = factories.EditorFactory(), factories.EditorFactory()
    alice_client, alice_data = _open(alice, story)
    bob_client, bob_data = _open(bob, story)
    alice_data["standfirst"] = "Alice's standfirst."
    alice_client.post(_url(story), alice_data)
    bob_data["headline"] = "Bob's headline"
    refused = bob_client.post(_url(story), bob_data)
    assert "I have merged their changes" in refused.content.decode()
    merged = change_form_data(refused)
    merged["standfirst"] = "Alice's standfirst."  # Bob merges Alice's change
    merged["confirm_merge"] = "on"
    assert bob_client.post(_url(story), merged).status_code == HTTPStatus.FOUND
    story.refresh_from_db()
    assert (story.headline, story.standfirst) == ("Bob's headline", "Alice's standfirst.")


def test_saving_the_refused_form_again_without_confirming_is_refused_again(story):
    """Pressing Save again on the unmerged form never silently overwrites the other editor."""
    alice, bob = factories.EditorFactory(), factories.EditorFactory()
    alice_client, alice_data = _open(alice, story)
    bob_client, bob_data = _open(bob, story)
    alice_data["standfirst"] = "Alice's standfirst."
    alice_client.post(_url(story), alice_data)
    bob_data["headline"] = "Bob's headline"
    refused = bob_client.post(_url(story), bob_data)
    again = bob_client.post(_url(story), change_form_data(refused))
    assert again.status_code == HTTPStatus.OK
    assert "Another editor saved this story while you were editing it" in again.content.decode()
    story.refresh_from_db()
    assert (story.headline, story.standfirst) == ("Kim arrives in Beijing", "Alice's standfirst.")


def test_a_transition_in_between_also_counts_as_a_change(story):
    """If an editor publishes while another edits, the editor's stale save is refused."""
    from articles import services

    editor, other = factories.EditorFactory(), factories.EditorFactory(username="publisher")
    client, data = _open(editor, story)
    services.article_publish(article=Article.objects.get(pk=story.pk), by=other)
    data["headline"] = "Late edit"
    response = client.post(_url(story), data)
    assert "publisher" in response.content.decode()
    labels = [change["label"] for change in response.context["conflict"]["changes"]]
    assert "Published at" in labels
    story.refresh_from_db()
    assert story.headline == "Kim arrives in Beijing"


def test_a_save_without_the_loaded_version_is_refused(story, editor, client):
    """A POST that does not say which version it edits cannot overwrite anything."""
    client.force_login(editor)
    data = change_form_data(client.get(_url(story)))
    del data["loaded_version"]
    data["headline"] = "Blind write"
    response = client.post(_url(story), data)
    assert response.status_code == HTTPStatus.OK
    story.refresh_from_db()
    assert story.headline == "Kim arrives in Beijing"


@pytest.mark.django_db(transaction=True)
def test_simultaneous_saves_let_exactly_one_through():
    """Two saves racing in two threads (two connections): one wins, one is refused."""
    if connection.vendor == "sqlite":
        pytest.skip(
            "the in-memory test SQLite locks tables without waiting; the row lock this "
            "race exercises is PostgreSQL's (SQLite files serialise writers with BEGIN IMMEDIATE)"
        )
    story = factories.ArticleFactory(headline="Original")
    editors = [factories.EditorFactory(), factories.EditorFactory()]
    opened = [_open(user, story) for user in editors]
    barrier = threading.Barrier(2)
    statuses = []

    def save(index):
        client, data = opened[index]
        data["headline"] = f"Edit {index}"
        barrier.wait()
        try:
            statuses.append(client.post(_url(story), data).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [HTTPStatus.OK, HTTPStatus.FOUND]
    story.refresh_from_db()
    assert story.headline in {"Edit 0", "Edit 1"}
    assert story.history.count() == 2  # created, then exactly one edit


def test_saving_the_story_never_writes_back_a_quote_changed_since_it_was_opened():
    """A colleague fixes a quote after the editor opened the story: the editor's save is
    refused on that quote's row, and the colleague's fix stays."""
    story = factories.PublishedArticleFactory()
    quote = factories.QuoteFactory(article=story, speaker_label="the minister")
    editor_client, data = _open(factories.EditorFactory(), story)

    quote.refresh_from_db()
    quote.speaker_label = "Foreign Minister Wang Yi"
    quote.save()

    data["headline"] = "A new headline"
    response = editor_client.post(_url(story), data)
    page = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "Someone changed this quote after you opened the story" in page
    assert "Foreign Minister Wang Yi" in page
    quote.refresh_from_db()
    story.refresh_from_db()
    assert quote.speaker_label == "Foreign Minister Wang Yi"
    assert story.headline != "A new headline"


def test_an_unchanged_quote_row_does_not_block_saving_the_story():
    """With no one else touching the quotes, the story and its rows save as usual."""
    story = factories.PublishedArticleFactory()
    factories.QuoteFactory(article=story, speaker_label="the minister")
    editor_client, data = _open(factories.EditorFactory(), story)

    data["headline"] = "A new headline"
    assert editor_client.post(_url(story), data).status_code == HTTPStatus.FOUND
    story.refresh_from_db()
    assert story.headline == "A new headline"
