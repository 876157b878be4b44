"""Every write to the coverage: stories, their quotes, the workflow and corrections.

"Every write calls one service; the service validates, writes, and asks for the
affected stories to be rendered once when the outermost service finishes." The
admin, the API, management commands and the seed all call these, so each rule
(who may do what, from which state, against which version) lives here, once.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.text import Truncator, get_text_list

from articles import related, richtext
from articles.history import format_time
from articles.models import Article, Authorship, Correction, Quote
from articles.rendering import refresh_public_since, render_later
from articles.tasks import rerender
from core.slugs import unique_slug
from core.writes import after_write, service

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
    # An embargo is a schedule that partners may read before its time.
    "embargo": {Status.DRAFT, Status.IN_REVIEW, Status.SCHEDULED},
    "lift_embargo": {Status.SCHEDULED},
    "extend_embargo": {Status.SCHEDULED},
}
# The transitions that need a story under embargo, and those that start one.
EMBARGO_TRANSITIONS = {"lift_embargo", "extend_embargo"}


def can_edit(user, article):
    """Editors edit anything; reporters only their own stories, and only before review."""
    return edit_refusal(user, article) is None


def edit_refusal(user, article):
    """Why ``user`` may not edit ``article``, in words they can act on (None if they may)."""
    if not user.has_perm("articles.change_article"):
        return f"You do not have permission to edit “{article}”."
    if user.has_perm(PUBLISH_PERMISSION) or article.pk is None:
        return None
    if article.author_id != user.pk:
        return f"“{article}” is another reporter's story: reporters edit only their own drafts."
    if article.status != Status.DRAFT:
        if article.status == Status.IN_REVIEW:
            return (
                f"You cannot edit “{article}”: it is in review; ask an editor to return it "
                "to draft."
            )
        return (
            f"“{article}” is {article.get_status_display().lower()}: it is with the editors "
            "now. Ask an editor to return it to draft."
        )
    return None


def can_transition(user, article, transition):
    """May ``user`` apply ``transition`` to ``article`` in its current state?"""
    if article.status not in TRANSITIONS[transition]:
        return False
    if embargo_refusal(article, transition):
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
    refusal = embargo_refusal(article, transition)
    if refusal:
        raise ValidationError(refusal, code="embargo_state")
    if not can_transition(user, article, transition):
        raise PermissionDenied(
            f"You do not have permission to {transition.replace('_', ' ')} “{article}”."
        )


def _lock(article):
    """Re-read the story under a row lock, so a transition never writes stale text back."""
    article.refresh_from_db(from_queryset=Article.objects.select_for_update())


def _save(article, by, reason=None):
    """Validate and save the story (one revision in its history), and render it once."""
    article.full_clean()
    article._history_user = by
    if reason:
        article._change_reason = reason
    article.save()
    _after_story_write(article)
    return article


def _after_story_write(article):
    render_later(article)
    after_write(("quotes-to-check", article.pk), lambda: refuse_unchecked_quotes(article.pk))


def refuse_unchecked_quotes(pk):
    """A story readers see (or will, once scheduled) may not carry quotes to check.

    Its direct and partial quotes must each be in the body word for word; the
    refusal names each quote and the two ways to fix it.
    """
    article = Article.objects.filter(pk=pk).first()
    if article is None or article.status not in (Status.PUBLISHED, Status.SCHEDULED):
        return
    missing = [
        quote
        for quote in article.quotes.verbatim().select_related("speaker").order_by("pk")
        if quote.locate(article.body) == (None, None)
    ]
    if not missing:
        return
    listed = "; ".join(
        f"“{Truncator(q.text).chars(80)}”"
        + (f" ({q.speaker.display_name})" if q.speaker_id else "")
        for q in missing
    )
    count = "a quote that is" if len(missing) == 1 else f"{len(missing)} quotes that are"
    raise ValidationError(
        f"“{article}” is {article.get_status_display().lower()} and would show {count} not "
        f"in its body word for word: {listed}. For each, restore its words in the body, or "
        "make it a paraphrase.",
        code="quotes_to_check",
    )


def _transition(article, by, name, status, reason=None, **changes):
    _lock(article)
    check_transition(by, article, name)
    article.status = status
    for field, value in changes.items():
        setattr(article, field, value)
    return _save(article, by, reason)


@service
def article_submit(*, article, by):
    """A reporter hands a draft to the editors."""
    return _transition(article, by, "submit", Status.IN_REVIEW)


@service
def article_return_to_draft(*, article, by):
    """An editor sends a story back to its reporter (or takes a withdrawn one back to draft)."""
    _lock(article)
    _refresh_related_lists(article)
    changes = {"published_at": None} if article.status == Status.SCHEDULED else {}
    return _transition(article, by, "return_to_draft", Status.DRAFT, embargoed=False, **changes)


def check_schedule_time(at, now=None):
    """A story is scheduled for a time in the future."""
    if at is None or at <= (now or timezone.now()):
        raise ValidationError(
            {"published_at": "Choose a time in the future to schedule the story."},
            code="schedule_in_past",
        )


@service
def article_schedule(*, article, by, at):
    """Publish automatically at ``at``: visibility is computed from state and time, no cron."""
    check_schedule_time(at)
    _lock(article)
    # Scheduling plainly ends an embargo: partners then wait for the time like everyone.
    reason = "Embargo ended: scheduled for everyone" if article.is_under_embargo else None
    return _transition(
        article, by, "schedule", Status.SCHEDULED, reason, published_at=at, embargoed=False
    )


@service
def article_publish(*, article, by, now=None):
    """Publish now. Stamps ``published_at`` unless the story was already live once."""
    _lock(article)
    now = (now or timezone.now()).replace(microsecond=0)
    first_time = article.published_at is None or article.published_at > now
    return _transition(
        article,
        by,
        "publish",
        Status.PUBLISHED,
        EMBARGO_LIFTED if article.is_under_embargo else None,
        published_at=now if first_time else article.published_at,
    )


@service
def article_withdraw(*, article, by):
    """Take a story off the public site; it stays in the record and in history."""
    _lock(article)
    _refresh_related_lists(article)
    return _transition(article, by, "withdraw", Status.WITHDRAWN)


def _refresh_related_lists(article):
    """A story leaving the site leaves the related lists of the stories sharing with it."""
    if article.is_public:
        story_ids = related.stories_sharing(article)
        after_write(("related lists", article.pk), lambda: rerender(story_ids))


# Embargoes: a scheduled story that partners' API tokens read before its time, marked as
# embargoed until then. Readers, and every other client, see it at its time as for any
# scheduled story. Each change names itself in the story's history.

EMBARGO_LIFTED = "Embargo lifted early"


def embargo_refusal(article, transition):
    """Why ``transition`` does not apply to the story's embargo (None if it does)."""
    if transition in EMBARGO_TRANSITIONS and not article.is_under_embargo:
        went_live = (
            f": it went live at {format_time(article.published_at)}"
            if article.embargoed and article.is_public
            else ""
        )
        return f"“{article}” is not under embargo{went_live}."
    if transition == "embargo" and article.is_under_embargo:
        return (
            f"“{article}” is already embargoed until {format_time(article.published_at)}: "
            "extend the embargo or lift it instead."
        )
    return None


def check_embargo_time(until, now=None, field="until"):
    """An embargo lifts at a time in the future, given to the second."""
    try:
        check_schedule_time(until, now)
    except ValidationError:
        raise ValidationError(
            {field: "Choose a time in the future for the embargo to lift."},
            code="embargo_in_past",
        ) from None
    return until.replace(microsecond=0)


@service
def article_embargo(*, article, by, until, version=None):
    """Schedule the story for ``until``, and let partners read it before then.

    Partners' API tokens see it marked as embargoed until ``until``; nobody else sees it,
    nor the actors and events only it shows, before then (it is a scheduled story).
    """
    until = check_embargo_time(until)
    _lock(article)
    check_version(article, version)
    return _transition(
        article,
        by,
        "embargo",
        Status.SCHEDULED,
        f"Embargoed for partners until {format_time(until)}",
        published_at=until,
        embargoed=True,
    )


@service
def article_lift_embargo(*, article, by, version=None, now=None):
    """Publish an embargoed story now, before its lift time.

    The story keeps ``embargoed``: it was released under embargo, as one whose embargo
    ran out is. History records the early lift.
    """
    _lock(article)
    check_version(article, version)
    check_transition(by, article, "lift_embargo")
    return article_publish(article=article, by=by, now=now)


@service
def article_extend_embargo(*, article, by, until, version=None):
    """Move the lift time: later, or earlier but still in the future."""
    until = check_embargo_time(until)
    _lock(article)
    check_version(article, version)
    return _transition(
        article,
        by,
        "extend_embargo",
        Status.SCHEDULED,
        _embargo_moved(article, until),
        published_at=until,
    )


def _embargo_moved(article, until):
    """The history's words for moving an embargo from its current time to ``until``."""
    verb = "extended to" if until >= article.published_at else "brought forward to"
    return f"Embargo {verb} {format_time(until)}"


def check_correction(*, article, by):
    """Only editors correct, and only stories readers have seen."""
    if not by.has_perm(CORRECT_PERMISSION):
        raise PermissionDenied("You do not have permission to correct stories.")
    if not article.is_public:
        raise ValidationError(
            "Corrections are for published stories; edit the draft instead.",
            code="not_published",
        )


@service
def correction_add(*, article, by, text):
    """Append a dated correction note to a published story."""
    check_correction(article=article, by=by)
    correction = Correction(article=article, text=(text or "").strip(), created_by=by)
    correction.full_clean()
    correction._history_user = by
    correction.save()
    render_later(article)
    return correction


# The fields a restore brings back. Workflow state (status, publication time,
# author) only changes through the transitions above, and a story's address
# stays stable once readers may have seen it.
RESTORABLE_FIELDS = ["headline", "slug", "standfirst", "body", "body_html", "byline", "dateline"]


def restorable_fields(article):
    """What a restore brings back: the text, and the slug only before publication."""
    fields = list(RESTORABLE_FIELDS)
    if article.published_at is not None:
        fields.remove("slug")
    return fields


@service
def article_restore(*, article, record, by, correction=""):
    """Bring back the text of an earlier version (a historical record) as a new revision.

    Nothing is lost: the version being replaced stays in history too, and the new
    revision names the version restored and who restored it. On a published story,
    ``correction`` (optional) is appended as a correction in the same write.
    Quotes keep their own history; on a draft a quote whose words are not in the
    restored body is flagged for checking, never dropped.
    """
    _lock(article)
    _require_edit(by, article)
    if record.id != article.pk:
        raise ValidationError("That version belongs to another story.", code="wrong_article")
    restored = {name: getattr(record, name) for name in restorable_fields(article)}
    # A version saved before the body was structured has only its text: its paragraphs.
    html = restored.pop("body_html")
    restored.update(story_body(body_html=html) if html else story_body(body=restored["body"]))
    for name, value in restored.items():
        setattr(article, name, value)
    _save(
        article,
        by,
        reason=f"Restored version {record.version} (saved {format_time(record.history_date)})",
    )
    if correction and correction.strip():
        correction_add(article=article, by=by, text=correction)
    return article


# Content writes: stories and their quotes. Each write is all-or-nothing.


def _require(user, permission, what):
    if not user.has_perm(permission):
        raise PermissionDenied(f"You do not have permission to {what}.")


def _require_edit(user, article):
    refusal = edit_refusal(user, article)
    if refusal:
        raise PermissionDenied(refusal)


def check_version(record, version):
    """``version`` must be the version the client or editor edited (None: not checked)."""
    if version is not None and version != record.version:
        raise ValidationError(
            f"“{record}” changed since version {version} (it is now version "
            f"{record.version}). Reload it and apply your change again.",
            code="stale_version",
            params={"loaded": version, "current": record.version},
        )


def check_slug(article, slug):
    """A story keeps its address once readers may have seen it."""
    if slug != article.slug and article.published_at is not None:
        raise ValidationError(
            {
                "slug": "This story has been published, so its address must not change "
                f"(keep “{article.slug}”)."
            },
            code="slug_locked",
        )


def _refuse_status_change(wanted, status):
    """The status changes only through the workflow, never as a field."""
    if wanted != status:
        raise ValidationError(
            {
                "status": "The status cannot be edited directly: use the workflow (submit for "
                "review, publish, schedule, withdraw, return to draft)."
            },
            code="status_not_editable",
        )


def _set_authors(article, authors):
    """Set the story's authors in byline order (``Authorship.position``); True if changed."""
    if authors is None:
        return False
    authors = list(authors)
    if len({author.pk for author in authors}) != len(authors):
        raise ValidationError(
            {"authors": "An author is listed twice: name each author once."},
            code="duplicate_author",
        )
    wanted = [author.pk for author in authors]
    current = list(
        article.authorships.order_by("position", "pk").values_list("author_id", flat=True)
    )
    if wanted == current:
        return False
    article.authorships.all().delete()
    Authorship.objects.bulk_create(
        Authorship(article=article, author=author, position=position)
        for position, author in enumerate(authors)
    )
    return True


def _set_links(article, links):
    """Set the story's actors and events; True if anything changed."""
    changed = False
    for name, value in links.items():
        if value is None:
            continue
        manager = getattr(article, name)
        wanted = {obj.pk for obj in value}
        if wanted != set(manager.values_list("pk", flat=True)):
            manager.set(value)
            changed = True
    return changed


def typographic(text):
    """Typographic quotation marks and apostrophes: the one rule for the body and quotes."""
    return richtext.smarten(text) if isinstance(text, str) else text


def story_body(*, body=None, body_html=None):
    """The body as stored, from what an editor or client gave: ``{"body", "body_html"}``.

    ``body_html`` (the structured body) is sanitised and its text becomes ``body``;
    ``body`` alone (plain text) becomes a paragraph per line. Both given must agree:
    the text must be the structured body's. Quotation marks become typographic in
    both, so a quote pasted with straight marks matches. Neither given: ``{}``.
    """
    for name, value in (("body", body), ("body_html", body_html)):
        if isinstance(value, str) and "\x00" in value:
            raise ValidationError(
                {name: "Null characters are not allowed."}, code="null_characters"
            )
    if body_html is not None:
        html = richtext.smarten_html(richtext.sanitise(body_html))
        text = richtext.to_text(html)
        if not text:
            raise ValidationError(
                {"body_html": "The body has no text: write at least one paragraph."},
                code="empty_body",
            )
        if body is not None and richtext.to_text(richtext.from_text(typographic(body))) != text:
            raise ValidationError(
                {
                    "body": "The body's text and its structured body differ. Send only "
                    "the structured body (body_html): its text is derived from it."
                },
                code="body_mismatch",
            )
        return {"body": text, "body_html": html}
    if body is not None:
        html = richtext.from_text(typographic(body))
        return {"body": richtext.to_text(html), "body_html": html}
    return {}


@service
def article_create(*, by, about=(), mentions=(), events=(), topics=(), authors=(), **fields):
    """A new draft, written by ``by`` (an editor may name another author)."""
    _require(by, "articles.add_article", "write stories")
    _refuse_status_change(fields.pop("status", Status.DRAFT), Status.DRAFT)
    fields.setdefault("author", by)
    if fields["author"] != by:
        _require(by, PUBLISH_PERMISSION, "write a story in someone else's name")
    if fields.get("published_at"):
        _require(by, PUBLISH_PERMISSION, "set a story's publication time")
    if not fields.get("slug"):
        # No slug given (the API, or a headline the admin could not make one of): the
        # headline's, made unique.
        fields["slug"] = unique_slug(
            fields.get("headline", ""), lambda slug: Article.objects.filter(slug=slug).exists()
        )
    fields.update(
        story_body(body=fields.pop("body", None), body_html=fields.pop("body_html", None))
    )
    article = Article(status=Status.DRAFT, **fields)
    _save(article, by)
    _set_links(article, {"about": about, "mentions": mentions, "events": events})
    _set_links(article, {"topics": topics})
    _set_authors(article, authors)
    return article


@service
def article_update(
    *,
    article,
    by,
    version=None,
    about=None,
    mentions=None,
    events=None,
    topics=None,
    authors=None,
    **changes,
):
    """Change a story's text and what it covers; never its workflow state.

    ``version``, when given, must be the version the client edited, so two people
    never silently overwrite each other. A published story keeps its slug. A save
    that changes nothing writes no revision.
    """
    _lock(article)
    _require_edit(by, article)
    check_version(article, version)
    if "slug" in changes:
        if not changes["slug"]:  # left empty: the story keeps its address
            changes["slug"] = article.slug
        check_slug(article, changes["slug"])
    _refuse_status_change(changes.pop("status", article.status), article.status)
    if "author" in changes and changes["author"] != article.author:
        _require(by, PUBLISH_PERMISSION, "change a story's author")
    if "published_at" in changes and changes["published_at"] != article.published_at:
        _require(by, PUBLISH_PERMISSION, "change a story's publication time")
    if "published_at" in changes and changes["published_at"] is not None:
        changes["published_at"] = changes["published_at"].replace(microsecond=0)
    if "body" in changes or "body_html" in changes:
        changes.update(
            story_body(body=changes.pop("body", None), body_html=changes.pop("body_html", None))
        )
    changed = {n: v for n, v in changes.items() if getattr(article, n) != v}
    reason = None
    if "published_at" in changed and article.is_under_embargo:
        # Moving an embargo's time is extending it (or bringing it forward), as by
        # article_extend_embargo: to a future time, named in the history.
        until = check_embargo_time(changed["published_at"], field="published_at")
        reason = _embargo_moved(article, until)
    for name, value in changed.items():
        setattr(article, name, value)
    if changed:
        _save(article, by, reason)
    links = {"about": about, "mentions": mentions, "events": events, "topics": topics}
    if _set_links(article, links) | _set_authors(article, authors):
        _after_story_write(article)
    return article


@service
def article_delete(*, article, by):
    _require(by, "articles.delete_article", "delete stories")
    _require_edit(by, article)
    shows = (article.page_data or {}).get("shows", {})
    _refresh_related_lists(article)
    article.delete()
    refresh_public_since(actors=shows.get("actors", []), events=shows.get("events", []))


def _save_quote(quote, by, reason=None):
    quote.full_clean()
    quote._history_user = by
    if reason:
        quote._change_reason = reason
    quote.save()
    _after_story_write(quote.article)
    return quote


@service
def quote_create(*, by, article, outlets=(), **fields):
    """Add a quote to a story; a direct or partial quote must be in the body word for word."""
    _require(by, "articles.add_quote", "add quotes")
    _require_edit(by, article)
    if "text" in fields:
        fields["text"] = typographic(fields["text"])
    quote = _save_quote(Quote(article=article, **fields), by)
    quote.outlets.set(outlets)
    return quote


@service
def quote_update(*, quote, by, version=None, outlets=None, **changes):
    """Change a quote (``version``, when given, must be the one edited)."""
    _require(by, "articles.change_quote", "change quotes")
    quote.refresh_from_db(from_queryset=Quote.objects.select_for_update())
    _require_edit(by, quote.article)
    check_version(quote, version)
    changes.pop("article", None)  # a quote stays in its story
    if "text" in changes:
        changes["text"] = typographic(changes["text"])
    changed = {n: v for n, v in changes.items() if getattr(quote, n) != v}
    for name, value in changed.items():
        setattr(quote, name, value)
    outlets_changed = outlets is not None and {o.pk for o in outlets} != set(
        quote.outlets.values_list("pk", flat=True)
    )
    if outlets_changed:
        quote.outlets.set(outlets)
    if changed or outlets_changed:
        _save_quote(quote, by)  # a new version, also when only the outlets changed
    return quote


@service
def quote_delete(*, quote, by):
    _require(by, "articles.delete_quote", "delete quotes")
    _require_edit(by, quote.article)
    article = quote.article
    quote.delete()
    _after_story_write(article)


QUOTE_RESTORABLE_FIELDS = [
    "text",
    "kind",
    "speaker_id",
    "speaker_label",
    "said_on",
    "said_on_precision",
    "event_id",
]


@service
def quote_restore(*, quote, record, by):
    """Bring back an earlier version of a quote as a new revision.

    Refused, with the reason, if its words are no longer in the story's body.
    """
    _require_edit(by, quote.article)
    if record.id != quote.pk:
        raise ValidationError("That version belongs to another quote.", code="wrong_quote")
    for name in QUOTE_RESTORABLE_FIELDS:
        setattr(quote, name, getattr(record, name))
    quote.text = typographic(quote.text)
    _save_quote(
        quote,
        by,
        reason=f"Restored version {record.version} (saved {format_time(record.history_date)})",
    )
    outlets = [row.actor_id for row in record.outlets.all()]
    if sorted(outlets) != sorted(quote.outlets.values_list("pk", flat=True)):
        quote.outlets.set(outlets)
    return quote
