"""Dates known to a precision: a day, a month or only a year.

Stored as a ``date`` plus a ``DatePrecision``; the unknown parts of the date are
normalised to 1 so that ordering and range filters keep working.
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.db import models


class DatePrecision(models.TextChoices):
    DAY = "day", "Day"
    MONTH = "month", "Month"
    YEAR = "year", "Year"


_ISO_PARTIAL = re.compile(r"^(?P<year>[0-9]{4})(?:-(?P<month>[0-9]{2})(?:-(?P<day>[0-9]{2}))?)?$")


def normalise(value, precision):
    """Return ``value`` with the parts below ``precision`` set to 1."""
    if value is None:
        return None
    if precision == DatePrecision.YEAR:
        return value.replace(month=1, day=1)
    if precision == DatePrecision.MONTH:
        return value.replace(day=1)
    return value


def to_iso(value, precision):
    """Reduced-precision ISO 8601: "2024", "2025-09" or "2025-09-04"."""
    if value is None:
        return None
    if precision == DatePrecision.YEAR:
        return f"{value.year:04d}"
    if precision == DatePrecision.MONTH:
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()


def to_display(value, precision):
    """Human form: "2024", "September 2025" or "4 September 2025"."""
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        return str(value.year)
    if precision == DatePrecision.MONTH:
        return f"{value:%B} {value.year}"
    return f"{value.day} {value:%B} {value.year}"


def parse_iso(text):
    """Parse a reduced-precision ISO 8601 string into ``(date, precision)``.

    Raises ``ValidationError`` naming the problem for anything else.
    """
    match = _ISO_PARTIAL.match(text.strip()) if isinstance(text, str) else None
    if not match:
        raise ValidationError(
            "Enter a date as YYYY, YYYY-MM or YYYY-MM-DD, for example 2024, 2025-09 or 2025-09-04.",
            code="invalid_partial_date",
        )
    year = int(match["year"])
    month = int(match["month"] or 1)
    day = int(match["day"] or 1)
    try:
        value = datetime.date(year, month, day)
    except ValueError as exc:
        raise ValidationError(f"{text} is not a real date: {exc}.", code="invalid_date") from exc
    if match["day"]:
        return value, DatePrecision.DAY
    if match["month"]:
        return value, DatePrecision.MONTH
    return value, DatePrecision.YEAR
