"""Never lose work: every revision of stories, quotes and corrections is kept and restorable."""

import re
from http import HTTPStatus

import pytest
from django.urls import reverse

from articles import services
from articles.models import Article
from tests import factories
from tests.admin_forms import change_form_data

pytestmark = pytest.mark.django_db


def _change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def _edit(client, article, **changes):
    data = change_form_data(client.get(_change_url(article)))
    data.update(changes)
    response = client.post(_change_url(article), data)
    assert response.status_code == HTTPStatus.FOUND, response.context["adminform"].form.errors
    article.refresh_from_db()
    return article


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def story():
    return factories.ArticleFactory(headline="First headline", body="Kim arrived by train.")


def test_every_save_is_kept_with_who_and_when(editor_client, editor, story):
    """Each admin save adds a revision that names the editor."""
    _edit(editor_client, story, headline="Second headline")
    latest, first = story.history.all()[:2]
    assert (latest.headline, latest.history_user) == ("Second headline", editor)
    assert first.headline == "First headline"
    assert latest.history_date >= first.history_date


def test_history_page_shows_a_readable_word_diff(editor_client, story):
    """The history page shows, per revision, the words removed and added."""
    _edit(editor_client, story, body="Kim arrived by armoured train.")
    page = editor_client.get(reverse("admin:articles_article_history", args=[story.pk]))
    html = page.content.decode()
    assert page.status_code == HTTPStatus.OK
    assert "<dt>Body</dt>" in html
    assert re.search(r"<ins>\s?armoured\s?</ins>", html)


def test_history_page_shows_removed_words_struck_through(editor_client, story):
    """Deleted words appear in <del>."""
    _edit(editor_client, story, body="Kim arrived.")
    html = editor_client.get(reverse("admin:articles_article_history", args=[story.pk])).content
    assert "arrived<del> by train</del>." in html.decode()


def test_one_click_restore_brings_back_an_earlier_text(editor_client, story):
    """Restore puts an earlier revision's text back as a new revision; nothing is deleted."""
    original = story.history.earliest()
    _edit(editor_client, story, headline="Bad edit", body="Garbled.")
    url = reverse("admin:articles_article_restore", args=[story.pk, original.history_id])
    response = editor_client.post(url)
    assert response.status_code == HTTPStatus.FOUND
    story.refresh_from_db()
    assert (story.headline, story.body) == ("First headline", "Kim arrived by train.")
    assert story.history.count() == 3
    assert story.history.filter(headline="Bad edit").exists()
    assert story.history.first().history_change_reason.startswith("Restored the version of")


def test_restore_needs_a_post(editor_client, story):
    """Following a link never changes a story: restore answers GET with 405."""
    record = story.history.earliest()
    url = reverse("admin:articles_article_restore", args=[story.pk, record.history_id])
    assert editor_client.get(url).status_code == HTTPStatus.METHOD_NOT_ALLOWED


def test_reporter_cannot_restore_a_story_they_cannot_edit(client, reporter, story):
    """Restore obeys the same rules as editing: 403 for someone else's story."""
    record = story.history.earliest()
    story.headline = "Current"
    story.save()
    client.force_login(reporter)
    url = reverse("admin:articles_article_restore", args=[story.pk, record.history_id])
    assert client.post(url).status_code == HTTPStatus.FORBIDDEN
    story.refresh_from_db()
    assert story.headline == "Current"


def test_restore_keeps_a_published_storys_address_and_state(editor):
    """Restoring text never moves a live story or changes its status."""
    story = factories.ArticleFactory(slug="draft-slug", headline="Old")
    record = story.history.earliest()
    Article.objects.filter(pk=story.pk).update(slug="live-slug")
    story.refresh_from_db()
    services.article_publish(article=story, by=editor)
    services.article_restore(article=story, record=record, by=editor)
    story.refresh_from_db()
    assert (story.slug, story.status, story.headline) == ("live-slug", "published", "Old")


def test_revert_form_post_goes_through_restore(editor_client, story):
    """Posting simple-history's revert form restores via the service, not a raw overwrite."""
    original = story.history.earliest()
    _edit(editor_client, story, headline="Changed")
    url = reverse("admin:articles_article_simple_history", args=[story.pk, original.history_id])
    editor_client.post(url, {"headline": "Injected", "status": "published"})
    story.refresh_from_db()
    assert (story.headline, story.status) == ("First headline", "draft")


def test_quote_history_and_restore(editor_client, editor):
    """Quotes keep their revisions too and can be restored from their history page."""
    article = factories.ArticleFactory(body="He said “we will talk again soon” and “goodbye”.")
    quote = factories.QuoteFactory(article=article, text="we will talk again soon")
    original = quote.history.earliest()
    quote.text = "goodbye"
    quote.save()
    page = editor_client.get(reverse("admin:articles_quote_history", args=[quote.pk]))
    assert "<del>we will talk again soon</del>" in page.content.decode()
    editor_client.post(
        reverse("admin:articles_quote_restore", args=[quote.pk, original.history_id])
    )
    quote.refresh_from_db()
    assert quote.text == "we will talk again soon"
    assert quote.is_verified


def test_restoring_a_quote_whose_words_left_the_body_is_refused(editor_client):
    """A quote version whose words are no longer in the body is not restored; a message says why."""
    quote = factories.QuoteFactory(article=factories.ArticleFactory())
    original = quote.history.earliest()
    Article.objects.filter(pk=quote.article_id).update(body="He said “goodbye”.")
    quote.text, quote.kind = "A farewell", "paraphrase"
    quote.save()
    response = editor_client.post(
        reverse("admin:articles_quote_restore", args=[quote.pk, original.history_id]),
        follow=True,
    )
    assert "Could not restore that version" in response.content.decode()
    quote.refresh_from_db()
    assert quote.text == "A farewell"


def test_every_version_of_a_correction_is_kept(editor):
    """A correction edited afterwards keeps its earlier wording in history."""
    correction = services.correction_add(
        article=factories.PublishedArticleFactory(), by=editor, text="First wording."
    )
    correction.text = "Second wording."
    correction.save()
    assert list(correction.history.values_list("text", flat=True)) == [
        "Second wording.",
        "First wording.",
    ]
    assert correction.history.earliest().history_user == editor


def test_quote_history_records_its_outlets_and_restores_them(editor_client, editor):
    """A quote's outlets are versioned: the diff names them and restore brings them back."""
    kcna, xinhua = factories.OutletFactory(name="KCNA"), factories.OutletFactory(name="Xinhua")
    quote = factories.QuoteFactory(article=factories.ArticleFactory(), outlets=[kcna])
    with_kcna = quote.history.first()
    quote.outlets.set([xinhua])
    page = editor_client.get(reverse("admin:articles_quote_history", args=[quote.pk]))
    html = page.content.decode()
    assert "<dt>Reported by</dt>" in html
    assert '<span class="desk-old">KCNA</span>' in html
    assert '<span class="desk-new">Xinhua</span>' in html
    editor_client.post(
        reverse("admin:articles_quote_restore", args=[quote.pk, with_kcna.history_id])
    )
    assert list(quote.outlets.all()) == [kcna]
