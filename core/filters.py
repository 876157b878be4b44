"""Filters every API list shares: related objects by slug, reduced-precision dates, words.

Filters take the identifiers API consumers see (slugs), and dates in the same
reduced-precision ISO 8601 the API returns: ``2025``, ``2025-09`` or ``2025-09-04``.
"""

import calendar
import re

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from drf_spectacular.drainage import set_override

from core import dates
from core.dates import DatePrecision

SLUG_RE = re.compile(r"^[-a-zA-Z0-9_]+$")


def end_of_period(value, precision):
    """The last day of the year, month or day that ``value`` stands for."""
    if precision == DatePrecision.YEAR:
        return value.replace(month=12, day=31)
    if precision == DatePrecision.MONTH:
        return value.replace(day=calendar.monthrange(value.year, value.month)[1])
    return value


class PartialDateField(forms.CharField):
    """A form field for ``2025``, ``2025-09`` or ``2025-09-04``: cleans to ``(date, precision)``."""

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        return dates.parse_iso(value)


def document_as_string(filter_, description):
    """Show the filter in the OpenAPI schema as a string with its help text."""
    set_override(filter_, "field", {"type": "string", "description": description})


class PartialDateFilter(django_filters.Filter):
    """``?x_after=2025-09`` keeps everything from 1 September 2025 on;
    ``?x_before=2025`` keeps everything up to the end of 2025."""

    field_class = PartialDateField

    def __init__(self, *args, bound="after", **kwargs):
        self.bound = bound
        kwargs.setdefault("lookup_expr", "gte" if bound == "after" else "lte")
        kwargs.setdefault(
            "help_text",
            f"Keep items {'on or after' if bound == 'after' else 'on or before'} this date: "
            "YYYY, YYYY-MM or YYYY-MM-DD.",
        )
        super().__init__(*args, **kwargs)
        document_as_string(self, kwargs["help_text"])

    def filter(self, qs, value):
        if not value:
            return qs
        day, precision = value
        if self.bound == "before":
            day = end_of_period(day, precision)
        return super().filter(qs, day)


class SlugModelChoiceField(django_filters.fields.ModelChoiceField):
    """Look an object up by slug, refusing malformed slugs before they reach the database."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if not isinstance(value, str) or not SLUG_RE.match(value):
            raise ValidationError(
                "“%(value)s” is not a slug: use letters, digits, hyphens and underscores.",
                code="invalid_slug",
                params={"value": str(value)[:80]},
            )
        return super().to_python(value)


class SlugFilter(django_filters.ModelChoiceFilter):
    """A related object by its slug; an unknown slug is a 400 naming it."""

    field_class = SlugModelChoiceField

    def __init__(self, *args, noun="object", **kwargs):
        kwargs.setdefault("to_field_name", "slug")
        kwargs.setdefault(
            "error_messages",
            {"invalid_choice": f"No {noun} has the slug “%(value)s”."},
        )
        super().__init__(*args, **kwargs)
        document_as_string(self, kwargs.get("help_text", f"Slug of the {noun}."))


class TextSearchFilter(django_filters.CharFilter):
    """Case-insensitive text search over several fields: every word must match one of them."""

    def __init__(self, *args, search_fields=(), **kwargs):
        self.search_fields = search_fields
        kwargs.setdefault("max_length", 200)
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        for word in (value or "").split():
            match = Q()
            for field in self.search_fields:
                match |= Q(**{f"{field}__icontains": word})
            qs = qs.filter(match)
        return qs
