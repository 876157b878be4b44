"""Never lose work: every revision of stories, quotes and corrections is kept and restorable."""

import datetime
import re
from http import HTTPStatus

import pytest
from django.urls import reverse

from articles import services
from articles.history import format_time
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


def _history_html(client, obj, admin="article"):
    response = client.get(reverse(f"admin:articles_{admin}_history", args=[obj.pk]))
    assert response.status_code == HTTPStatus.OK
    return response.content.decode()


def _restore_url(obj, record, admin="article"):
    return reverse(f"admin:articles_{admin}_restore", args=[obj.pk, record.version])


def _revision_url(obj, version, admin="article"):
    return reverse(f"admin:articles_{admin}_simple_history", args=[obj.pk, version])


def test_every_save_is_kept_with_who_and_when(editor_client, editor, story):
    """Each admin save adds a revision that names the editor."""
    _edit(editor_client, story, headline="Second headline")
    latest, first = story.history.all()[:2]
    assert (latest.headline, latest.history_user) == ("Second headline", editor)
    assert first.headline == "First headline"
    assert latest.history_date >= first.history_date


def test_history_page_shows_a_readable_word_diff(editor_client, editor, story):
    """The history page shows, per revision, the words removed and added."""
    services.article_update(article=story, by=editor, body="Kim arrived by armoured train.")
    html = _history_html(editor_client, story)
    assert "<dt>Body</dt>" in html
    assert re.search(r"<ins>\s?armoured\s?</ins>", html)


def test_history_page_shows_removed_words_struck_through(editor_client, editor, story):
    """Deleted words appear in <del>."""
    services.article_update(article=story, by=editor, body="Kim arrived.")
    assert "arrived<del> by train</del>." in _history_html(editor_client, story)


def test_confirmed_restore_brings_back_an_earlier_text(editor_client, editor, story):
    """The confirming POST puts an earlier version's text back as a new revision."""
    original = story.history.earliest()
    services.article_update(article=story, by=editor, headline="Bad edit", body="Garbled.")
    response = editor_client.post(_restore_url(story, original), {"_confirm": "Restore"})
    assert response.status_code == HTTPStatus.FOUND
    story.refresh_from_db()
    assert (story.headline, story.body) == ("First headline", "Kim arrived by train.")
    assert story.history.count() == 3
    assert story.history.filter(headline="Bad edit").exists()
    assert story.history.first().history_change_reason.startswith("Restored version 1 ")


def test_restore_answers_get_with_a_preview_that_changes_nothing(editor_client, editor, story):
    """Following a restore link never changes a story: GET shows what would change."""
    original = story.history.earliest()
    services.article_update(article=story, by=editor, headline="Bad edit")
    response = editor_client.get(_restore_url(story, original))
    assert response.status_code == HTTPStatus.OK
    assert "Bad edit" in response.content.decode()
    story.refresh_from_db()
    assert (story.headline, story.history.count()) == ("Bad edit", 2)


def test_reporter_cannot_restore_a_story_they_cannot_edit(client, reporter, story):
    """Restore obeys the same rules as editing: 403 for someone else's story."""
    record = story.history.earliest()
    story.headline = "Current"
    story.save()
    client.force_login(reporter)
    url = _restore_url(story, record)
    assert client.post(url, {"_confirm": "Restore"}).status_code == HTTPStatus.FORBIDDEN
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


def test_posting_to_a_revision_page_changes_nothing(editor_client, editor, story):
    """The revision page is for reading: simple-history's revert POST is refused."""
    services.article_update(article=story, by=editor, headline="Changed")
    response = editor_client.post(
        _revision_url(story, 1), {"headline": "Injected", "status": "published"}
    )
    assert response.status_code == HTTPStatus.METHOD_NOT_ALLOWED
    story.refresh_from_db()
    assert (story.headline, story.status) == ("Changed", "draft")


def test_quote_history_and_restore(editor_client, editor):
    """Quotes keep their revisions too and can be restored from their history page."""
    article = factories.ArticleFactory(body="He said “we will talk again soon” and “goodbye”.")
    quote = factories.QuoteFactory(article=article, text="we will talk again soon")
    original = quote.history.earliest()
    quote.text = "goodbye"
    quote.save()
    assert "<del>we will talk again soon</del>" in _history_html(editor_client, quote, "quote")
    editor_client.post(_restore_url(quote, original, "quote"), {"_confirm": "Restore"})
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
        _restore_url(quote, original, "quote"), {"_confirm": "Restore"}, follow=True
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
    html = _history_html(editor_client, quote, "quote")
    assert "<dt>Reported by</dt>" in html
    assert '<span class="desk-old">KCNA</span>' in html
    assert '<span class="desk-new">Xinhua</span>' in html
    # The outlets changed without a new version number: the link names the earlier record.
    restore_url = f"{_restore_url(quote, with_kcna, 'quote')}?record={with_kcna.history_id}"
    assert f'href="{restore_url}"' in html
    editor_client.post(restore_url, {"_confirm": "Restore"})
    assert list(quote.outlets.all()) == [kcna]


def _versions_listed(client, story):
    response = client.get(reverse("admin:articles_article_history", args=[story.pk]))
    return [e["version"] for e in response.context["entries"] if e["kind"] == "revision"]


@pytest.fixture
def live_story(editor):
    story = services.article_create(
        by=editor, headline="Kim arrives", slug="kim-arrives", body="Kim arrived by train."
    )
    return services.article_publish(article=story, by=editor)


def test_a_sub_second_drift_of_the_publication_time_is_not_a_revision(editor_client, live_story):
    """A save whose only difference is a fraction of a second in a time is not listed."""
    drifted = live_story.published_at + datetime.timedelta(microseconds=250)
    Article.objects.filter(pk=live_story.pk).update(published_at=drifted)
    live_story.refresh_from_db()
    live_story.save()
    assert live_story.history.count() == 3
    assert _versions_listed(editor_client, live_story) == [2, 1]


def test_a_save_that_changed_nothing_is_not_listed(editor_client, live_story):
    """No “saved without changes” rows: a save with no readable change is left out."""
    live_story.save()
    html = _history_html(editor_client, live_story)
    assert _versions_listed(editor_client, live_story) == [2, 1]
    assert "without changes" not in html


def test_publishing_shows_as_a_status_change_with_the_admins_time_format(editor_client, live_story):
    """Publishing is listed as “Status: Draft → Published”, the time as the admin shows times."""
    html = _history_html(editor_client, live_story)
    assert '<dt>Status</dt><dd><span class="desk-old">Draft</span> → ' in html
    assert '<span class="desk-new">Published</span>' in html
    assert f'<span class="desk-new">{format_time(live_story.published_at)}</span>' in html


def test_corrections_are_listed_in_the_storys_history(editor_client, editor, live_story):
    """Each correction appears in the story's history, dated, with who added it."""
    services.correction_add(article=live_story, by=editor, text="The train came from Pyongyang.")
    response = editor_client.get(reverse("admin:articles_article_history", args=[live_story.pk]))
    correction = response.context["entries"][0]
    assert (correction["kind"], correction["who"]) == ("correction", editor)
    html = response.content.decode()
    assert "Correction added" in html
    assert "The train came from Pyongyang." in html


def test_history_links_each_version_to_its_page_by_number(editor_client, live_story):
    """The history list's “Version 2” opens /history/2/: the number and the address agree."""
    html = _history_html(editor_client, live_story)
    assert f'<a href="{_revision_url(live_story, 2)}">Version 2</a>' in html


def test_the_revision_page_is_read_only(editor_client, editor, live_story):
    """An earlier version is shown as text: no inputs, no save buttons, the body as paragraphs."""
    services.article_update(article=live_story, by=editor, body="Kim arrived.\nXi waited.")
    response = editor_client.get(_revision_url(live_story, 1))
    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "<title>Version 1 of “Kim arrives”" in html
    assert "<p>Kim arrived by train.</p>" in html
    assert "<textarea" not in html
    assert "<select" not in html
    inputs = re.findall(r"<input[^>]*>", html)
    assert all('name="csrfmiddlewaretoken"' in tag for tag in inputs), inputs
    assert 'name="_save"' not in html


@pytest.mark.parametrize("version", ["abc", "0", "99", "1.5"])
def test_an_unknown_or_malformed_version_is_not_found(editor_client, live_story, version):
    """/history/abc/ and versions the story never had are 404s, not server errors."""
    url = reverse("admin:articles_article_history", args=[live_story.pk]) + f"{version}/"
    assert editor_client.get(url).status_code == HTTPStatus.NOT_FOUND


def test_a_malformed_story_id_in_a_revision_address_is_not_found(editor_client):
    """A story id that is not a number is a 404 on the revision page too."""
    url = reverse("admin:articles_article_history", args=["abc"]) + "1/"
    assert editor_client.get(url).status_code == HTTPStatus.NOT_FOUND
