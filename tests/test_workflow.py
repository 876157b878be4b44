"""The newsroom workflow: draft → in review → scheduled → published → withdrawn."""

import datetime
from http import HTTPStatus

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from articles import services
from articles.models import Article, Correction
from tests import factories
from tests.admin_forms import change_form_data

pytestmark = pytest.mark.django_db

Status = Article.Status
NOON = datetime.datetime(2025, 9, 4, 12, 0, tzinfo=datetime.UTC)
HOUR = datetime.timedelta(hours=1)


def _change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


# --- the services ------------------------------------------------------------------------


def test_submit_moves_a_draft_into_review(reporter):
    """A reporter's submission puts the draft in review."""
    article = factories.ArticleFactory(author=reporter)
    services.article_submit(article=article, by=reporter)
    article.refresh_from_db()
    assert article.status == Status.IN_REVIEW


def test_return_to_draft_sends_a_story_back(editor):
    """An editor can send a story in review back to draft."""
    article = factories.ArticleFactory(status=Status.IN_REVIEW)
    services.article_return_to_draft(article=article, by=editor)
    article.refresh_from_db()
    assert article.status == Status.DRAFT


@time_machine.travel(NOON, tick=False)
def test_publish_stamps_published_at(editor):
    """Publishing records the moment it happened."""
    article = factories.ArticleFactory(status=Status.IN_REVIEW)
    services.article_publish(article=article, by=editor)
    article.refresh_from_db()
    assert (article.status, article.published_at) == (Status.PUBLISHED, NOON)


def test_editor_publishes_straight_from_a_draft(editor):
    """Editors need not route their own stories through review."""
    article = factories.ArticleFactory()
    services.article_publish(article=article, by=editor)
    assert Article.objects.published().filter(pk=article.pk).exists()


def test_republishing_keeps_the_first_publication_time(editor):
    """A withdrawn story put back keeps its original publication time."""
    first = timezone.now() - datetime.timedelta(days=2)
    article = factories.ArticleFactory(status=Status.WITHDRAWN, published_at=first)
    services.article_publish(article=article, by=editor)
    article.refresh_from_db()
    assert article.published_at == first


def test_withdraw_takes_a_story_off_the_site(editor):
    """A withdrawn story is no longer visible to readers, but it is kept."""
    article = factories.PublishedArticleFactory()
    services.article_withdraw(article=article, by=editor)
    article.refresh_from_db()
    assert article.status == Status.WITHDRAWN
    assert not Article.objects.published().filter(pk=article.pk).exists()


def test_transition_from_the_wrong_state_is_refused(editor):
    """Withdrawing a draft is not a thing: a clear error names both states."""
    article = factories.ArticleFactory()
    with pytest.raises(ValidationError, match="it is draft"):
        services.article_withdraw(article=article, by=editor)


def test_schedule_in_the_past_is_refused(editor):
    """A scheduled time must lie in the future."""
    article = factories.ArticleFactory(status=Status.IN_REVIEW)
    with pytest.raises(ValidationError, match="in the future"):
        services.article_schedule(article=article, by=editor, at=timezone.now() - HOUR)
    article.refresh_from_db()
    assert article.status == Status.IN_REVIEW


def test_transition_does_not_write_back_stale_text(editor):
    """A transition re-reads the story first: it never overwrites a newer save."""
    stale = factories.ArticleFactory(status=Status.IN_REVIEW, headline="Old")
    Article.objects.filter(pk=stale.pk).update(headline="New")
    services.article_publish(article=stale, by=editor)
    assert Article.objects.get(pk=stale.pk).headline == "New"


def test_transition_is_recorded_in_history_with_its_author(editor):
    """Who published a story is in its history."""
    article = factories.ArticleFactory(status=Status.IN_REVIEW)
    services.article_publish(article=article, by=editor)
    latest = article.history.first()
    assert (latest.status, latest.history_user) == (Status.PUBLISHED, editor)


# --- scheduled visibility, with a pinned clock --------------------------------------------


def test_scheduled_story_is_hidden_before_its_time(editor):
    """Before its time a scheduled story is not published."""
    with time_machine.travel(NOON, tick=False):
        article = factories.ArticleFactory(status=Status.IN_REVIEW)
        services.article_schedule(article=article, by=editor, at=NOON + HOUR)
        assert not Article.objects.published().filter(pk=article.pk).exists()


def test_scheduled_story_goes_live_at_its_time_without_a_job(editor, client):
    """At its time the story is visible, with no cron job: visibility is state plus time."""
    with time_machine.travel(NOON, tick=False):
        article = factories.ArticleFactory(status=Status.IN_REVIEW)
        services.article_schedule(article=article, by=editor, at=NOON + HOUR)
    with time_machine.travel(NOON + HOUR, tick=False):
        assert Article.objects.published().filter(pk=article.pk).exists()
        response = client.get(article.get_absolute_url())
        assert response.status_code == HTTPStatus.OK


def test_scheduled_story_page_is_not_found_for_readers_before_its_time(editor, client):
    """An anonymous reader gets 404 for a story scheduled later."""
    with time_machine.travel(NOON, tick=False):
        article = factories.ArticleFactory(status=Status.IN_REVIEW)
        services.article_schedule(article=article, by=editor, at=NOON + HOUR)
        assert client.get(article.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND


# --- buttons on the story page ------------------------------------------------------------


def test_story_page_offers_the_buttons_for_the_users_role(client, reporter, editor):
    """A reporter's draft shows "submit"; the editor sees publish and schedule too."""
    article = factories.ArticleFactory(author=reporter)
    client.force_login(reporter)
    buttons = [b["name"] for b in client.get(_change_url(article)).context["workflow_buttons"]]
    assert buttons == ["submit"]
    client.force_login(editor)
    buttons = [b["name"] for b in client.get(_change_url(article)).context["workflow_buttons"]]
    assert {"submit", "publish", "schedule"} <= set(buttons)


def test_reporter_saves_and_submits_with_one_button(client, reporter):
    """ "Save and submit for review" saves the edit and files the story."""
    article = factories.ArticleFactory(author=reporter)
    client.force_login(reporter)
    data = change_form_data(client.get(_change_url(article)))
    data.update({"headline": "Filed headline", "_transition": "submit"})
    response = client.post(_change_url(article), data)
    assert response.status_code == HTTPStatus.FOUND
    article.refresh_from_db()
    assert (article.headline, article.status) == ("Filed headline", Status.IN_REVIEW)


def test_new_story_can_be_submitted_on_its_first_save(client, reporter):
    """A reporter can write a new story and submit it in one go; they become its author."""
    client.force_login(reporter)
    url = reverse("admin:articles_article_add")
    data = change_form_data(client.get(url))
    data.update(
        {
            "headline": "Talks resume",
            "slug": "talks-resume",
            "body_html": "<p>The envoys met.</p>",
            "_transition": "submit",
        }
    )
    response = client.post(url, data)
    assert response.status_code == HTTPStatus.FOUND
    article = Article.objects.get(slug="talks-resume")
    assert (article.status, article.author) == (Status.IN_REVIEW, reporter)


@time_machine.travel(NOON, tick=False)
def test_editor_publishes_with_the_button(client, editor):
    """ "Save and publish now" publishes and stamps the time."""
    article = factories.ArticleFactory(status=Status.IN_REVIEW)
    client.force_login(editor)
    data = change_form_data(client.get(_change_url(article)))
    data["_transition"] = "publish"
    client.post(_change_url(article), data)
    article.refresh_from_db()
    assert (article.status, article.published_at) == (Status.PUBLISHED, NOON)


@time_machine.travel(NOON, tick=False)
def test_schedule_button_uses_the_published_at_field(client, editor):
    """ "Save and schedule" takes the go-live time from the form."""
    article = factories.ArticleFactory(status=Status.IN_REVIEW)
    client.force_login(editor)
    data = change_form_data(client.get(_change_url(article)))
    data.update(
        {"published_at_0": "2025-09-05", "published_at_1": "08:00:00", "_transition": "schedule"}
    )
    client.post(_change_url(article), data)
    article.refresh_from_db()
    assert article.status == Status.SCHEDULED
    assert article.published_at == datetime.datetime(2025, 9, 5, 8, 0, tzinfo=datetime.UTC)


@time_machine.travel(NOON, tick=False)
def test_schedule_button_without_a_future_time_shows_the_error_on_the_field(client, editor):
    """Scheduling without a future time is an error on "published at"; nothing is saved."""
    article = factories.ArticleFactory(status=Status.IN_REVIEW, headline="Unchanged")
    client.force_login(editor)
    data = change_form_data(client.get(_change_url(article)))
    data.update({"headline": "Changed", "_transition": "schedule"})
    response = client.post(_change_url(article), data)
    assert response.status_code == HTTPStatus.OK
    assert "published_at" in response.context["adminform"].form.errors
    article.refresh_from_db()
    assert (article.status, article.headline) == (Status.IN_REVIEW, "Unchanged")


# --- bulk actions on the list -------------------------------------------------------------


def _action(client, action, articles, **extra):
    return client.post(
        reverse("admin:articles_article_changelist"),
        {"action": action, "_selected_action": [a.pk for a in articles], **extra},
        follow=True,
    )


def test_bulk_publish_publishes_every_selected_story(client, editor):
    """The publish action runs the publish service on each selected story."""
    stories = factories.ArticleFactory.create_batch(2, status=Status.IN_REVIEW)
    client.force_login(editor)
    response = _action(client, "publish_selected", stories)
    assert "2 stories published" in response.content.decode()
    assert Article.objects.published().count() == 2


def test_bulk_action_reports_the_stories_it_could_not_move(client, editor):
    """A story in the wrong state is skipped with a message; the others go through."""
    ready = factories.ArticleFactory(status=Status.PUBLISHED, published_at=timezone.now() - HOUR)
    draft = factories.ArticleFactory(headline="Still a draft")
    client.force_login(editor)
    response = _action(client, "withdraw_selected", [ready, draft])
    page = response.content.decode()
    assert "1 story withdrawn" in page
    assert "Still a draft" in page
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_bulk_submit_files_a_reporters_drafts(client, reporter):
    """Reporters can submit several of their drafts at once."""
    stories = factories.ArticleFactory.create_batch(2, author=reporter)
    client.force_login(reporter)
    _action(client, "submit_selected", stories)
    assert set(Article.objects.values_list("status", flat=True)) == {Status.IN_REVIEW}


def test_bulk_return_to_draft(client, editor):
    """The return-to-draft action sends stories in review back."""
    stories = factories.ArticleFactory.create_batch(2, status=Status.IN_REVIEW)
    client.force_login(editor)
    _action(client, "return_selected_to_draft", stories)
    assert set(Article.objects.values_list("status", flat=True)) == {Status.DRAFT}


@time_machine.travel(NOON, tick=False)
def test_bulk_schedule_asks_for_the_time_then_schedules(client, editor):
    """The schedule action asks for a time, then schedules every selected story."""
    stories = factories.ArticleFactory.create_batch(2, status=Status.IN_REVIEW)
    client.force_login(editor)
    asked = _action(client, "schedule_selected", stories)
    assert "Go live at" in asked.content.decode()
    _action(client, "schedule_selected", stories, apply="1", at_0="2025-09-05", at_1="09:30")
    assert set(Article.objects.values_list("status", flat=True)) == {Status.SCHEDULED}
    assert set(Article.objects.values_list("published_at", flat=True)) == {
        datetime.datetime(2025, 9, 5, 9, 30, tzinfo=datetime.UTC)
    }


@time_machine.travel(NOON, tick=False)
def test_bulk_schedule_in_the_past_is_refused_on_the_field(client, editor):
    """A past time on the schedule page is an error there; nothing is scheduled."""
    stories = factories.ArticleFactory.create_batch(1, status=Status.IN_REVIEW)
    client.force_login(editor)
    response = _action(
        client, "schedule_selected", stories, apply="1", at_0="2025-09-01", at_1="09:30"
    )
    assert "Choose a time in the future to schedule the story." in response.content.decode()
    assert Article.objects.get().status == Status.IN_REVIEW


# --- corrections ----------------------------------------------------------------------------


def test_editor_appends_a_correction_from_the_story_page(client, editor):
    """A correction typed into the inline is added by the service, dated and signed."""
    article = factories.PublishedArticleFactory()
    client.force_login(editor)
    data = change_form_data(client.get(_change_url(article)))
    data["corrections-TOTAL_FORMS"] = "1"
    data["corrections-0-text"] = "An earlier version misspelt Lee Byong-chul."
    client.post(_change_url(article), data)
    correction = Correction.objects.get(article=article)
    assert (correction.created_by, correction.text) == (
        editor,
        "An earlier version misspelt Lee Byong-chul.",
    )


def test_existing_corrections_cannot_be_edited_in_the_form(client, editor):
    """A posted change to an existing correction is ignored: corrections are appended only."""
    correction = factories.CorrectionFactory(text="Original note")
    client.force_login(editor)
    url = _change_url(correction.article)
    data = change_form_data(client.get(url))
    data["corrections-0-text"] = "Rewritten note"
    data["corrections-0-DELETE"] = "on"
    client.post(url, data)
    correction.refresh_from_db()
    assert correction.text == "Original note"


def test_correction_on_a_draft_is_refused(editor):
    """Corrections are for published stories."""
    with pytest.raises(ValidationError, match="published stories"):
        services.correction_add(article=factories.ArticleFactory(), by=editor, text="Fix")


def test_enter_key_saves_and_never_runs_a_transition(client, editor):
    """The form's first submit button (the one Enter presses) is a plain save, not a transition."""
    article = factories.PublishedArticleFactory()
    client.force_login(editor)
    page = client.get(_change_url(article)).content.decode()
    form = page[page.index('id="article_form"') :]
    assert 'name="_transition"' in form
    assert form.index('name="_save"') < form.index('name="_transition"')
