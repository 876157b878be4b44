"""Writes to the taxonomy: sections, topics and author profiles.

Each is a keyword-only service: it checks the permission, validates with the
model's ``full_clean()``, writes, and has every story page that shows the record
rendered again (its byline, section or topic links), a few in the write and many
in the background (``articles.tasks.rerender``). Pages listing these records
depend on the listing in the page cache, which each write here makes stale.

Slugs are ASCII (letters, digits, hyphens and underscores), as every other slug
on the site: they appear in addresses and in the API's filters.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_slug
from django.utils.text import slugify

from articles.cache_invalidation import LISTING
from articles.models import Article, Author, Section, Topic
from articles.tasks import rerender
from core.cache import invalidate_on_commit
from core.writes import after_write, service

# The story field naming each kind of record.
STORY_LOOKUP = {Section: "section", Topic: "topics", Author: "authors"}
# Changing these changes nothing a story page shows.
UNSHOWN_FIELDS = {
    Section: {"description", "position"},
    Topic: {"description"},
    Author: {"bio", "portrait", "user"},
}


def _require(user, action, model):
    codename = f"articles.{action}_{model._meta.model_name}"
    if not user.has_perm(codename):
        raise PermissionDenied(
            f"You do not have permission to {action} {model._meta.verbose_name_plural}."
        )


def _stories_showing(record):
    return list(
        Article.objects.filter(**{STORY_LOOKUP[type(record)]: record}).values_list("pk", flat=True)
    )


def _rerender_showing(record):
    """Render again, once the write finishes, every story page showing ``record``."""
    key = ("taxonomy pages showing", type(record), record.pk)
    after_write(key, lambda: rerender(_stories_showing(record)))


def _check_slug(record):
    if not record.slug:
        record.slug = slugify(record.name)
    try:
        validate_slug(record.slug)
    except ValidationError:
        raise ValidationError(
            {
                "slug": f"“{record.slug[:80]}” is not a slug: use unaccented letters, digits, "
                "hyphens and underscores (it appears in the page's address)."
            },
            code="invalid_slug",
        ) from None


def _write(record, changes):
    for name, value in changes.items():
        setattr(record, name, value)
    _check_slug(record)
    record.full_clean()
    record.save()
    invalidate_on_commit({LISTING})
    return record


def _create(model, by, fields):
    _require(by, "add", model)
    return _write(model(), fields)


def _update(record, by, changes):
    _require(by, "change", type(record))
    record.refresh_from_db(from_queryset=type(record).objects.select_for_update())
    changed = {n: v for n, v in changes.items() if getattr(record, n) != v}
    if not changed:
        return record
    _write(record, changed)
    if set(changed) - UNSHOWN_FIELDS.get(type(record), set()):
        _rerender_showing(record)
    return record


def _delete(record, by):
    """Delete a record; a section or author still on a story is refused (PROTECT)."""
    _require(by, "delete", type(record))
    story_ids = _stories_showing(record)
    if story_ids and type(record) is not Topic:
        noun = "section" if type(record) is Section else "author"
        raise ValidationError(
            f"“{record}” is the {noun} of {len(story_ids)} "
            f"stor{'y' if len(story_ids) == 1 else 'ies'}: take it off them first.",
            code="in_use",
        )
    record.delete()
    invalidate_on_commit({LISTING})
    after_write(("taxonomy deleted", type(record), tuple(story_ids)), lambda: rerender(story_ids))


@service
def section_create(*, by, **fields):
    return _create(Section, by, fields)


@service
def section_update(*, section, by, **changes):
    return _update(section, by, changes)


@service
def section_delete(*, section, by):
    _delete(section, by)


@service
def topic_create(*, by, **fields):
    return _create(Topic, by, fields)


@service
def topic_update(*, topic, by, **changes):
    """Change a topic; a new name is shown on every story page listing it."""
    return _update(topic, by, changes)


@service
def topic_delete(*, topic, by):
    """Delete a topic: its stories lose it (and are rendered again)."""
    _delete(topic, by)


@service
def author_create(*, by, **fields):
    return _create(Author, by, fields)


@service
def author_update(*, author, by, **changes):
    """Change an author profile; a new name or role is shown in every byline."""
    return _update(author, by, changes)


@service
def author_delete(*, author, by):
    """Delete an author profile no story credits any longer."""
    _delete(author, by)
