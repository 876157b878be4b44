"""The reader's search: stories, quotes and actors matching every word of a query.

A simple, portable search (case-insensitive containment), the same on SQLite and
PostgreSQL. A quote is found by its words, and by its speaker's name. Only what readers
may see is found: published stories, verified quotes and public actors.
"""

from functools import reduce
from operator import or_

from django.core.exceptions import ValidationError
from django.db.models import Q

from actors.models import Actor
from articles.models import Article, Quote

MAX_QUERY_LENGTH = 200
MAX_TERMS = 8


def parse_query(raw):
    """The search terms in ``raw``; raises ``ValidationError`` naming what is wrong."""
    if "\x00" in raw:
        raise ValidationError("The search contains a NUL character; remove it and try again.")
    if len(raw) > MAX_QUERY_LENGTH:
        raise ValidationError(
            f"The search is too long: {len(raw)} characters, at most {MAX_QUERY_LENGTH}."
        )
    terms = raw.split()
    if len(terms) > MAX_TERMS:
        raise ValidationError(f"Search for at most {MAX_TERMS} words at a time.")
    return terms


def _every_term(terms, fields):
    """Each term must occur in at least one of the fields."""
    condition = Q()
    for term in terms:
        condition &= reduce(or_, (Q(**{f"{field}__icontains": term}) for field in fields))
    return condition


def search_stories(terms):
    return Article.objects.published().filter(
        _every_term(terms, ["headline", "standfirst", "body", "byline"])
    )


def search_quotes(terms):
    fields = ["text", "speaker_label", "speaker__name", "speaker__native_name", "speaker__aliases"]
    # An unnamed source is known by its description, so search that too.
    condition = Q()
    for term in terms:
        condition &= reduce(or_, (Q(**{f"{field}__icontains": term}) for field in fields)) | Q(
            speaker__anonymous=True, speaker__description__icontains=term
        )
    return Quote.objects.public().filter(condition)


def search_actors(terms):
    return (
        Actor.objects.named()
        .public()
        .filter(_every_term(terms, ["name", "native_name", "aliases", "description"]))
    )
