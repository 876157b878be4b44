"""Multi-step writes: the newsroom workflow and corrections.

Every transition is one function here. The admin's actions and buttons, the API
and management commands all call these, so the rules (who may do what, from
which state) are enforced in one place, on the server.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from articles.models import Article, Correction

Status = Article.Status

PUBLISH_PERMISSION = "articles.publish_article"
CORRECT_PERMISSION = "articles.correct_article"

# Which states each transition may start from.
TRANSITIONS = {
    "submit": {Status.DRAFT},
    "return_to_draft": {Status.IN_REVIEW, Status.SCHEDULED, Status.WITHDRAWN},
    "schedule": {Status.DRAFT, Status.IN_REVIEW},
    "publish": {Status.DRAFT, Status.IN_REVIEW, Status.SCHEDULED, Status.WITHDRAWN},
    "withdraw": {Status.PUBLISHED, Status.SCHEDULED},
}


def can_edit(user, article):
    """Editors edit anything; reporters only their own stories, and only before review."""
    if user.has_perm(PUBLISH_PERMISSION):
        return user.has_perm("articles.change_article")
    if not user.has_perm("articles.change_article"):
        return False
    if article.pk is None:
        return True
    return article.author_id == user.pk and article.status == Status.DRAFT


def can_transition(user, article, transition):
    if article.status not in TRANSITIONS[transition]:
        return False
    if transition == "submit":
        return can_edit(user, article)
    return user.has_perm(PUBLISH_PERMISSION)


def _check(user, article, transition):
    if article.status not in TRANSITIONS[transition]:
        allowed = ", ".join(sorted(Status(s).label.lower() for s in TRANSITIONS[transition]))
        raise ValidationError(
            f"Cannot {transition.replace('_', ' ')} “{article}”: it is "
            f"{article.get_status_display().lower()}, and only a story that is {allowed} can be.",
            code="invalid_transition",
        )
    if not can_transition(user, article, transition):
        raise PermissionDenied(
            f"You do not have permission to {transition.replace('_', ' ')} “{article}”."
        )


def _save(article, status, **changes):
    article.status = status
    for name, value in changes.items():
        setattr(article, name, value)
    article.full_clean()
    article.save()
    return article


@transaction.atomic
def article_submit(*, article, by):
    """A reporter hands a draft to the editors."""
    _check(by, article, "submit")
    return _save(article, Status.IN_REVIEW)


@transaction.atomic
def article_return_to_draft(*, article, by):
    """An editor sends a story back to its reporter (or takes a withdrawn one back to draft)."""
    _check(by, article, "return_to_draft")
    changes = {"published_at": None} if article.status == Status.SCHEDULED else {}
    return _save(article, Status.DRAFT, **changes)


@transaction.atomic
def article_schedule(*, article, by, at):
    """Publish automatically at ``at``: visibility is computed from state and time, no cron."""
    _check(by, article, "schedule")
    if at is None or at <= timezone.now():
        raise ValidationError(
            {"published_at": "Choose a time in the future to schedule the story."},
            code="schedule_in_past",
        )
    return _save(article, Status.SCHEDULED, published_at=at)


@transaction.atomic
def article_publish(*, article, by, now=None):
    """Publish now. Stamps ``published_at`` unless the story was already live once."""
    _check(by, article, "publish")
    now = now or timezone.now()
    first_time = article.published_at is None or article.published_at > now
    return _save(
        article, Status.PUBLISHED, published_at=now if first_time else article.published_at
    )


@transaction.atomic
def article_withdraw(*, article, by):
    """Take a story off the public site; it stays in the record and in history."""
    _check(by, article, "withdraw")
    return _save(article, Status.WITHDRAWN)


@transaction.atomic
def correction_add(*, article, by, text):
    """Append a dated correction note to a published story."""
    if not by.has_perm(CORRECT_PERMISSION):
        raise PermissionDenied("You do not have permission to correct stories.")
    if not article.is_public:
        raise ValidationError(
            "Corrections are for published stories; edit the draft instead.",
            code="not_published",
        )
    correction = Correction(article=article, text=(text or "").strip(), created_by=by)
    correction.full_clean()
    correction.save()
    return correction
