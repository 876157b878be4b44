"""Dates a sentence gives for when something was said, to the precision it gives them."""

import datetime
import re
from dataclasses import dataclass

from intake._lexicon import MONTH_PATTERN, MONTHS


@dataclass(frozen=True, slots=True)
class DateMention:
    iso: str
    precision: str  # "day" | "month" | "year"
    start: int
    end: int


_WEEKDAY = r"(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+)?"
_DAY_MDY = re.compile(
    _WEEKDAY + r"(?P<month>" + MONTH_PATTERN + r")\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+"
    r"(?P<year>(?:19|20)\d{2})\b"
)
_DAY_DMY = re.compile(
    _WEEKDAY + r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month>" + MONTH_PATTERN + r"),?"
    r"\s+(?P<year>(?:19|20)\d{2})\b"
)
_ISO = re.compile(r"\b(?P<year>(?:19|20)\d{2})-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b")
_MONTH = re.compile(
    r"\b(?:[Ii]n|[Dd]uring|[Ee]arly|[Ll]ate|[Mm]id-?)\s+(?:early\s+|late\s+|mid-?)?"
    r"(?P<month>" + MONTH_PATTERN + r"),?\s+(?P<year>(?:19|20)\d{2})\b"
)
_YEAR = re.compile(r"\b(?:[Ii]n|[Dd]uring)\s+(?:early\s+|late\s+|mid-)?(?P<year>(?:19|20)\d{2})\b")
_NOT_WHEN = re.compile(r"(?:since|until|till|from|between|by|before|after|through)\s*$", re.I)


def _month(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def find_dates(text: str, offset: int = 0) -> list[DateMention]:
    """Every date in ``text`` precise enough to place a remark (a year at least)."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []

    def free(m):
        return all(m.end() <= s or m.start() >= e for s, e in taken)

    for pattern in (_DAY_MDY, _DAY_DMY, _ISO):
        for m in pattern.finditer(text):
            if not free(m) or _NOT_WHEN.search(text[max(0, m.start() - 12) : m.start()]):
                continue
            month = m.group("month")
            month_no = int(month) if month.isdigit() else _month(month)
            try:
                day = datetime.date(int(m.group("year")), month_no, int(m.group("day")))
            except ValueError:
                continue
            taken.append((m.start(), m.end()))
            found.append(DateMention(day.isoformat(), "day", offset + m.start(), offset + m.end()))
    for m in _MONTH.finditer(text):
        if free(m):
            taken.append((m.start(), m.end()))
            iso = f"{int(m.group('year')):04d}-{_month(m.group('month')):02d}"
            found.append(DateMention(iso, "month", offset + m.start(), offset + m.end()))
    for m in _YEAR.finditer(text):
        if free(m):
            taken.append((m.start(), m.end()))
            found.append(DateMention(m.group("year"), "year", offset + m.start(), offset + m.end()))
    return sorted(found, key=lambda d: d.start)
