"""Dates known to a day, a month or only a year (``core.dates``), and the models using them."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from core import dates
from core.dates import DatePrecision
from tests import factories

DAY = datetime.date(2025, 9, 4)

PRECISIONS = [
    # precision, ISO, display, the date once normalised
    (DatePrecision.DAY, "2025-09-04", "4 September 2025", datetime.date(2025, 9, 4)),
    (DatePrecision.MONTH, "2025-09", "September 2025", datetime.date(2025, 9, 1)),
    (DatePrecision.YEAR, "2025", "2025", datetime.date(2025, 1, 1)),
]


@pytest.mark.parametrize(("precision", "iso", "display", "normalised"), PRECISIONS)
def test_to_iso_gives_only_the_known_parts(precision, iso, display, normalised):
    """A date known to the month is "2025-09", to the year "2025", to the day "2025-09-04"."""
    assert dates.to_iso(DAY, precision) == iso


@pytest.mark.parametrize(("precision", "iso", "display", "normalised"), PRECISIONS)
def test_to_display_gives_only_the_known_parts(precision, iso, display, normalised):
    """Readers see "4 September 2025", "September 2025" or "2025"."""
    assert dates.to_display(DAY, precision) == display


@pytest.mark.parametrize(("precision", "iso", "display", "normalised"), PRECISIONS)
def test_parse_iso_reads_the_precision_from_the_string(precision, iso, display, normalised):
    """Parsing gives the date with unknown parts set to 1, and the precision."""
    assert dates.parse_iso(iso) == (normalised, precision)


@pytest.mark.parametrize(("precision", "iso", "display", "normalised"), PRECISIONS)
def test_normalise_sets_unknown_parts_to_one(precision, iso, display, normalised):
    """Normalising keeps the known parts and sets the rest to the first."""
    assert dates.normalise(DAY, precision) == normalised


def test_early_day_pads_to_two_digits():
    """ISO pads month and day; the display does not pad the day."""
    early = datetime.date(2024, 3, 7)
    assert dates.to_iso(early, DatePrecision.DAY) == "2024-03-07"
    assert dates.to_display(early, DatePrecision.DAY) == "7 March 2024"


def test_parse_iso_ignores_surrounding_spaces():
    """Spaces pasted around a date are not an error."""
    assert dates.parse_iso(" 2024 ") == (datetime.date(2024, 1, 1), DatePrecision.YEAR)


@pytest.mark.parametrize("precision", list(DatePrecision))
def test_no_date_stays_empty(precision):
    """An unknown date has no ISO form, an empty display, and normalises to nothing."""
    assert dates.to_iso(None, precision) is None
    assert dates.to_display(None, precision) == ""
    assert dates.normalise(None, precision) is None


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "25",
        "2025/09/04",
        "04-09-2025",
        "2025-9",
        "2025-09-4",
        "2025-09-04T10:00",
        "September 2025",
        "2025-09-04-01",
        None,
        2025,
    ],
)
def test_malformed_date_is_refused_with_the_expected_forms(text):
    """Anything but YYYY, YYYY-MM or YYYY-MM-DD is refused, showing the forms accepted."""
    with pytest.raises(ValidationError) as excinfo:
        dates.parse_iso(text)
    assert "YYYY, YYYY-MM or YYYY-MM-DD" in excinfo.value.messages[0]


def test_non_ascii_digits_are_refused():
    """ISO 8601 dates are written in ASCII digits; full-width "２０２５" is not one."""
    with pytest.raises(ValidationError):
        dates.parse_iso("２０２５")


@pytest.mark.parametrize("text", ["2025-02-29", "2025-09-31", "2025-13", "2025-00", "0000"])
def test_impossible_date_is_refused_naming_it(text):
    """A well-formed string that is not a real date is refused, quoting it."""
    with pytest.raises(ValidationError) as excinfo:
        dates.parse_iso(text)
    assert f"{text} is not a real date" in excinfo.value.messages[0]


def test_leap_day_is_a_real_date():
    """29 February exists in leap years."""
    assert dates.parse_iso("2024-02-29") == (datetime.date(2024, 2, 29), DatePrecision.DAY)


@pytest.mark.parametrize(("precision", "iso", "display", "normalised"), PRECISIONS)
def test_iso_round_trip_keeps_date_and_precision(precision, iso, display, normalised):
    """Parsing what to_iso wrote gives back the normalised date and its precision."""
    assert dates.parse_iso(dates.to_iso(DAY, precision)) == (normalised, precision)


# The models


@pytest.mark.django_db
@pytest.mark.parametrize(("precision", "iso", "display", "normalised"), PRECISIONS)
def test_event_date_is_normalised_to_its_precision(precision, iso, display, normalised):
    """An event saved with a day inside a known month or year stores the first of it."""
    event = factories.EventFactory(date=DAY, date_precision=precision)
    event.refresh_from_db()
    assert event.date == normalised
    assert (event.date_iso, event.date_display) == (iso, display)


@pytest.mark.django_db
def test_undated_event_displays_as_date_unknown():
    """An event without a date says so."""
    event = factories.EventFactory(date=None)
    assert event.date_iso is None
    assert event.date_display == "Date unknown"


@pytest.mark.django_db
@pytest.mark.parametrize(("precision", "iso", "display", "normalised"), PRECISIONS)
def test_quote_said_on_is_normalised_to_its_precision(precision, iso, display, normalised):
    """A quote's date is stored, shown and serialised only to its precision."""
    quote = factories.QuoteFactory(said_on=DAY, said_on_precision=precision)
    quote.refresh_from_db()
    assert quote.said_on == normalised
    assert (quote.said_on_iso, quote.said_on_display) == (iso, display)


@pytest.mark.django_db
def test_quote_without_a_date_has_none():
    """A quote the story does not date has no ISO date and an empty display."""
    quote = factories.QuoteFactory(said_on=None)
    assert quote.said_on_iso is None
    assert quote.said_on_display == ""
