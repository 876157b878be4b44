"""Who may do what: the Reporter and Editor roles, enforced on the server."""

import datetime
from http import HTTPStatus

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from articles import services
from articles.models import Article, Correction
from tests import factories
from tests.admin_forms import change_form_data

pytestmark = pytest.mark.django_db

Status = Article.Status
TOMORROW = datetime.timedelta(days=1)


def _article_for(action, author):
    """A story in a state from which ``action`` is possible."""
    status = {
        "submit": Status.DRAFT,
        "publish": Status.IN_REVIEW,
        "schedule": Status.IN_REVIEW,
        "withdraw": Status.PUBLISHED,
        "return_to_draft": Status.IN_REVIEW,
        "correct": Status.PUBLISHED,
    }[action]
    published_at = timezone.now() - TOMORROW if status == Status.PUBLISHED else None
    return factories.ArticleFactory(author=author, status=status, published_at=published_at)


def _do(action, article, user):
    if action == "submit":
        return services.article_submit(article=article, by=user)
    if action == "publish":
        return services.article_publish(article=article, by=user)
    if action == "schedule":
        return services.article_schedule(article=article, by=user, at=timezone.now() + TOMORROW)
    if action == "withdraw":
        return services.article_withdraw(article=article, by=user)
    if action == "return_to_draft":
        return services.article_return_to_draft(article=article, by=user)
    if action == "correct":
        return services.correction_add(article=article, by=user, text="A name was misspelt.")
    raise AssertionError(action)


# The permission matrix: (role, action) -> allowed. Reporters act on their own stories here.
MATRIX = [
    ("reporter", "submit", True),
    ("reporter", "publish", False),
    ("reporter", "schedule", False),
    ("reporter", "withdraw", False),
    ("reporter", "return_to_draft", False),
    ("reporter", "correct", False),
    ("editor", "submit", True),
    ("editor", "publish", True),
    ("editor", "schedule", True),
    ("editor", "withdraw", True),
    ("editor", "return_to_draft", True),
    ("editor", "correct", True),
]


@pytest.mark.parametrize(("role", "action", "allowed"), MATRIX)
def test_permission_matrix(role, action, allowed, request):
    """Reporters submit their drafts; only editors publish, schedule, withdraw and correct."""
    user = request.getfixturevalue(role)
    article = _article_for(action, author=user)
    before = (article.status, Correction.objects.count())
    if allowed:
        _do(action, article, user)
        article.refresh_from_db()
        assert (article.status, Correction.objects.count()) != before
    else:
        with pytest.raises(PermissionDenied):
            _do(action, article, user)
        article.refresh_from_db()
        assert (article.status, Correction.objects.count()) == before


def test_reporter_cannot_submit_someone_elses_draft(reporter):
    """A reporter files only their own drafts."""
    article = factories.ArticleFactory(author=factories.ReporterFactory())
    with pytest.raises(PermissionDenied):
        services.article_submit(article=article, by=reporter)


def test_can_edit_limits_reporters_to_their_own_drafts(reporter, editor):
    """Reporters edit their own drafts only; editors edit every story."""
    own_draft = factories.ArticleFactory(author=reporter)
    own_in_review = factories.ArticleFactory(author=reporter, status=Status.IN_REVIEW)
    other_draft = factories.ArticleFactory(author=factories.ReporterFactory())
    assert services.can_edit(reporter, own_draft)
    assert not services.can_edit(reporter, own_in_review)
    assert not services.can_edit(reporter, other_draft)
    assert all(services.can_edit(editor, a) for a in (own_draft, own_in_review, other_draft))


# --- enforced in the admin, not just hidden ------------------------------------------------


def _change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def test_reporter_posting_a_status_change_is_refused(client, reporter):
    """A reporter who forges a status field in the form gets an error; the status stays."""
    article = factories.ArticleFactory(author=reporter)
    client.force_login(reporter)
    data = change_form_data(client.get(_change_url(article)))
    data["status"] = Status.PUBLISHED
    response = client.post(_change_url(article), data)
    assert response.status_code == HTTPStatus.OK
    assert "The status cannot be edited directly" in response.content.decode()
    article.refresh_from_db()
    assert article.status == Status.DRAFT


def test_reporter_pressing_a_forged_publish_button_is_refused(client, reporter):
    """A reporter who posts the publish button's value gets an error and nothing is saved."""
    article = factories.ArticleFactory(author=reporter, headline="Before")
    client.force_login(reporter)
    data = change_form_data(client.get(_change_url(article)))
    data.update({"headline": "After", "_transition": "publish"})
    response = client.post(_change_url(article), data)
    assert response.status_code == HTTPStatus.OK
    assert "You do not have permission to publish" in response.content.decode()
    article.refresh_from_db()
    assert (article.status, article.headline) == (Status.DRAFT, "Before")


def test_reporter_cannot_save_someone_elses_draft(client, reporter):
    """Saving another reporter's draft is forbidden (403) and changes nothing."""
    article = factories.ArticleFactory(author=factories.ReporterFactory(), headline="Theirs")
    editor_client = client
    editor_client.force_login(factories.EditorFactory())
    data = change_form_data(editor_client.get(_change_url(article)))
    client.force_login(reporter)
    data["headline"] = "Mine now"
    response = client.post(_change_url(article), data)
    assert response.status_code == HTTPStatus.FORBIDDEN
    article.refresh_from_db()
    assert article.headline == "Theirs"


def test_reporter_cannot_edit_their_story_once_in_review(client, reporter):
    """After submission the story is the editors': a reporter's save is forbidden."""
    article = factories.ArticleFactory(author=reporter, status=Status.IN_REVIEW, headline="Filed")
    client.force_login(factories.EditorFactory())
    data = change_form_data(client.get(_change_url(article)))
    client.force_login(reporter)
    data["headline"] = "Sneaky edit"
    response = client.post(_change_url(article), data)
    assert response.status_code == HTTPStatus.FORBIDDEN
    article.refresh_from_db()
    assert article.headline == "Filed"


def test_reporter_sees_a_story_in_review_read_only(client, reporter):
    """A reporter may read a story in review, without a save button."""
    article = factories.ArticleFactory(author=reporter, status=Status.IN_REVIEW)
    client.force_login(reporter)
    response = client.get(_change_url(article))
    assert response.status_code == HTTPStatus.OK
    assert 'name="_save"' not in response.content.decode()


def test_reporter_bulk_publish_action_is_refused(client, reporter):
    """Posting the publish action as a reporter publishes nothing: the action is not theirs."""
    article = factories.ArticleFactory(author=reporter)
    client.force_login(reporter)
    response = client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish_selected", "_selected_action": [article.pk]},
        follow=True,
    )
    assert response.status_code == HTTPStatus.OK
    article.refresh_from_db()
    assert article.status == Status.DRAFT


def test_reporter_is_offered_only_the_submit_action(client, reporter):
    """The article list offers a reporter the submit action and none of the editors'."""
    client.force_login(reporter)
    response = client.get(reverse("admin:articles_article_changelist"))
    actions = [
        choice for choice, _label in response.context["action_form"].fields["action"].choices
    ]
    assert "submit_selected" in actions
    assert not {"publish_selected", "schedule_selected", "withdraw_selected"} & set(actions)


def test_reporter_cannot_add_a_correction_through_the_form(client, reporter):
    """Corrections are editors' work: a reporter's forged correction row is ignored."""
    article = factories.PublishedArticleFactory(author=reporter)
    client.force_login(factories.EditorFactory())
    data = change_form_data(client.get(_change_url(article)))
    data["corrections-TOTAL_FORMS"] = "1"
    data["corrections-0-text"] = "Forged correction"
    client.force_login(reporter)
    client.post(_change_url(article), data)
    assert not Correction.objects.filter(article=article).exists()


def test_reporter_cannot_quote_into_someone_elses_story(client, reporter):
    """The stand-alone quote form refuses a story the reporter cannot edit."""
    other = factories.ArticleFactory(author=factories.ReporterFactory())
    client.force_login(reporter)
    response = client.post(
        reverse("admin:articles_quote_add"),
        {
            "article": other.pk,
            "text": "we will talk again soon",
            "kind": "direct",
            "said_on_precision": "day",
        },
    )
    assert response.status_code == HTTPStatus.OK
    assert "reporters edit only their own drafts" in response.content.decode()
    assert not other.quotes.exists()


def test_roles_exist_after_migrations():
    """The migration creates the Reporter and Editor groups with the custom permissions."""
    from django.contrib.auth.models import Group

    editor = Group.objects.get(name="Editor")
    reporter = Group.objects.get(name="Reporter")
    editor_codes = set(editor.permissions.values_list("codename", flat=True))
    reporter_codes = set(reporter.permissions.values_list("codename", flat=True))
    assert {"publish_article", "correct_article", "delete_article"} <= editor_codes
    assert {"add_article", "change_article", "add_quote"} <= reporter_codes
    assert not {"publish_article", "correct_article", "delete_article"} & reporter_codes


def test_reporter_is_told_why_a_story_in_review_is_read_only(client, reporter):
    """The read-only page says the story is with the editors, not just greys out the form."""
    article = factories.ArticleFactory(author=reporter, status=Status.IN_REVIEW)
    client.force_login(reporter)
    page = client.get(_change_url(article)).content.decode()
    assert "it is in review; ask an editor to return it to draft" in page
