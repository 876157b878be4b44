"""Multi-step writes: the newsroom workflow and corrections.

Every transition is one function here. The admin's actions and buttons, the API
and management commands all call these, so the rules (who may do what, from
which state) are enforced in one place, on the server.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import get_text_list

from articles.models import Article, Correction, Quote

Status = Article.Status

PUBLISH_PERMISSION = "articles.publish_article"
CORRECT_PERMISSION = "articles.correct_article"

# Which states each transition may start from.
TRANSITIONS = {
    "submit": {Status.DRAFT},
    "return_to_draft": {Status.IN_REVIEW, Status.SCHEDULED, Status.WITHDRAWN},
    "schedule": {Status.DRAFT, Status.IN_REVIEW, Status.SCHEDULED},
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
    """May ``user`` apply ``transition`` to ``article`` in its current state?"""
    if article.status not in TRANSITIONS[transition]:
        return False
    if transition == "submit":
        return can_edit(user, article)
    return user.has_perm(PUBLISH_PERMISSION)


def check_transition(user, article, transition):
    """Raise ``ValidationError`` (wrong state) or ``PermissionDenied`` (wrong role)."""
    if article.status not in TRANSITIONS[transition]:
        allowed = get_text_list(
            [Status(s).label.lower() for s in Status if s in TRANSITIONS[transition]], "or"
        )
        raise ValidationError(
            f"Cannot {transition.replace('_', ' ')} “{article}”: it is "
            f"{article.get_status_display().lower()}, and only a story that is {allowed} can be.",
            code="invalid_transition",
        )
    if not can_transition(user, article, transition):
        raise PermissionDenied(
            f"You do not have permission to {transition.replace('_', ' ')} “{article}”."
        )


def _lock(article):
    """Re-read the story under a row lock, so a transition never writes stale text back."""
    article.refresh_from_db(from_queryset=Article.objects.select_for_update())


def _save(article, status, by, **changes):
    article.status = status
    for name, value in changes.items():
        setattr(article, name, value)
    article.full_clean()
    article._history_user = by
    article.save()
    return article


@transaction.atomic
def article_submit(*, article, by):
    """A reporter hands a draft to the editors."""
    _lock(article)
    check_transition(by, article, "submit")
    return _save(article, Status.IN_REVIEW, by)


@transaction.atomic
def article_return_to_draft(*, article, by):
    """An editor sends a story back to its reporter (or takes a withdrawn one back to draft)."""
    _lock(article)
    check_transition(by, article, "return_to_draft")
    changes = {"published_at": None} if article.status == Status.SCHEDULED else {}
    return _save(article, Status.DRAFT, by, **changes)


@transaction.atomic
def article_schedule(*, article, by, at):
    """Publish automatically at ``at``: visibility is computed from state and time, no cron."""
    _lock(article)
    check_transition(by, article, "schedule")
    if at is None or at <= timezone.now():
        raise ValidationError(
            {"published_at": "Choose a time in the future to schedule the story."},
            code="schedule_in_past",
        )
    return _save(article, Status.SCHEDULED, by, published_at=at)


@transaction.atomic
def article_publish(*, article, by, now=None):
    """Publish now. Stamps ``published_at`` unless the story was already live once."""
    _lock(article)
    check_transition(by, article, "publish")
    now = now or timezone.now()
    first_time = article.published_at is None or article.published_at > now
    return _save(
        article, Status.PUBLISHED, by, published_at=now if first_time else article.published_at
    )


@transaction.atomic
def article_withdraw(*, article, by):
    """Take a story off the public site; it stays in the record and in history."""
    _lock(article)
    check_transition(by, article, "withdraw")
    return _save(article, Status.WITHDRAWN, by)


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
    correction._history_user = by
    correction.save()
    return correction


# The fields a restore brings back. Workflow state (status, publication time,
# author) only changes through the transitions above, and a story's address
# stays stable once readers may have seen it.
RESTORABLE_FIELDS = ["headline", "slug", "standfirst", "body", "byline", "dateline"]


@transaction.atomic
def article_restore(*, article, record, by):
    """Bring back the text of an earlier version (a historical record) as a new revision.

    Nothing is lost: the version being replaced stays in history too. Quotes keep
    their own history; a quote whose words are not in the restored body is
    flagged for checking, never dropped.
    """
    _lock(article)
    if not can_edit(by, article):
        raise PermissionDenied(f"You do not have permission to edit “{article}”.")
    if record.id != article.pk:
        raise ValidationError("That version belongs to another story.", code="wrong_article")
    fields = list(RESTORABLE_FIELDS)
    if article.published_at is not None:
        fields.remove("slug")
    for name in fields:
        setattr(article, name, getattr(record, name))
    article.full_clean()
    article._history_user = by
    article._change_reason = f"Restored the version of {record.history_date:%d %B %Y, %H:%M}"
    article.save()
    return article


# Content writes: stories and their quotes. The API calls these; the rules are the
# same as the admin's (``can_edit``), and each write is all-or-nothing.


def _require(user, permission, what):
    if not user.has_perm(permission):
        raise PermissionDenied(f"You do not have permission to {what}.")


def _require_edit(user, article):
    if not can_edit(user, article):
        raise PermissionDenied(
            f"You cannot edit “{article}”: reporters edit only their own drafts."
        )


@transaction.atomic
def article_create(*, by, about=(), mentions=(), events=(), **fields):
    """A new draft, written by ``by``."""
    _require(by, "articles.add_article", "write stories")
    article = Article(author=by, status=Status.DRAFT, **fields)
    article.full_clean()
    article._history_user = by
    article.save()
    article.about.set(about)
    article.mentions.set(mentions)
    article.events.set(events)
    return article


@transaction.atomic
def article_update(*, article, by, version=None, about=None, mentions=None, events=None, **changes):
    """Change a story's text and what it covers; never its workflow state.

    ``version``, when given, must be the version the client edited, so two people
    never silently overwrite each other. A published story keeps its slug.
    """
    _lock(article)
    _require_edit(by, article)
    if version is not None and version != article.version:
        raise ValidationError(
            f"“{article}” changed since version {version} (it is now version "
            f"{article.version}). Reload it and apply your change again.",
            code="stale_version",
        )
    if "slug" in changes and changes["slug"] != article.slug and article.published_at:
        raise ValidationError(
            {"slug": "A story keeps its address once it has been published."},
            code="slug_locked",
        )
    for name, value in changes.items():
        setattr(article, name, value)
    article.full_clean()
    article._history_user = by
    article.save()
    for name, value in (("about", about), ("mentions", mentions), ("events", events)):
        if value is not None:
            getattr(article, name).set(value)
    return article


@transaction.atomic
def article_delete(*, article, by):
    _require(by, "articles.delete_article", "delete stories")
    _require_edit(by, article)
    article.delete()


@transaction.atomic
def quote_create(*, by, article, outlets=(), **fields):
    """Add a quote to a story; a direct or partial quote must be in the body word for word."""
    _require(by, "articles.add_quote", "add quotes")
    _require_edit(by, article)
    quote = Quote(article=article, **fields)
    quote.full_clean()
    quote._history_user = by
    quote.save()
    quote.outlets.set(outlets)
    return quote


@transaction.atomic
def quote_update(*, quote, by, outlets=None, **changes):
    _require(by, "articles.change_quote", "change quotes")
    _require_edit(by, quote.article)
    changes.pop("article", None)  # a quote stays in its story
    for name, value in changes.items():
        setattr(quote, name, value)
    quote.full_clean()
    quote._history_user = by
    quote.save()
    if outlets is not None:
        quote.outlets.set(outlets)
    return quote


@transaction.atomic
def quote_delete(*, quote, by):
    _require(by, "articles.delete_quote", "delete quotes")
    _require_edit(by, quote.article)
    quote.delete()


QUOTE_RESTORABLE_FIELDS = [
    "text",
    "kind",
    "speaker_id",
    "speaker_label",
    "said_on",
    "said_on_precision",
    "event_id",
]


@transaction.atomic
def quote_restore(*, quote, record, by):
    """Bring back an earlier version of a quote as a new revision.

    Refused, with the reason, if its words are no longer in the story's body.
    """
    if not can_edit(by, quote.article):
        raise PermissionDenied(f"You do not have permission to edit “{quote.article}”.")
    if record.id != quote.pk:
        raise ValidationError("That version belongs to another quote.", code="wrong_quote")
    for name in QUOTE_RESTORABLE_FIELDS:
        setattr(quote, name, getattr(record, name))
    quote.full_clean()
    quote._history_user = by
    quote._change_reason = f"Restored the version of {record.history_date:%d %B %Y, %H:%M}"
    quote.save()
    outlets = [row.actor_id for row in record.outlets.all()]
    if sorted(outlets) != sorted(quote.outlets.values_list("pk", flat=True)):
        quote.outlets.set(outlets)
    return quote
