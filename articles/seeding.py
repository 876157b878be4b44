"""Loading the summit report, the story Diplomatic Desk ships with.

The story's body is ``seed/summit-report.txt``, byte for byte. Everything else (the
article, actors, affiliations, events, participants and quotes) is declared in
``seed/summit.json`` and written by ``seed_load``: every object passes ``full_clean()``,
the whole load is one transaction, and a bad record stops it with a message naming
that record. Loading twice changes nothing: records are found again by their slug
(affiliations by actor and organisation, participants by event and actor, quotes by
article, text and kind) and saved only when the data differs.

Once the story is loaded, its records are the newsroom's: a later run (every
``make run`` seeds) finds the story there and changes nothing, so an editor's
corrections, a withdrawal or a quote they reworded are never undone or duplicated.
It only brings the story's pre-rendered page up to date.
"""

import datetime
import json
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError

from actors.models import Actor, Affiliation, Event, EventParticipant
from articles import richtext
from articles.models import Article, Quote, Section, Topic
from articles.rendering import render_later
from core import dates
from core.dates import DatePrecision
from core.writes import service

SEED_DIR = Path(__file__).resolve().parent / "seed"
SUMMIT_DATA = SEED_DIR / "summit.json"
SUMMIT_BODY = SEED_DIR / "summit-report.txt"

# The keys each kind of record may carry; anything else is a typo worth stopping for.
ARTICLE_KEYS = {
    "slug",
    "headline",
    "standfirst",
    "byline",
    "dateline",
    "status",
    "published_at",
    "about",
    "mentions",
    "events",
    "section",
    "topics",
}
# Sections and topics: the story's primary section, and what it is about across sections.
SECTION_KEYS = {"slug", "name", "description", "position"}
TOPIC_KEYS = {"slug", "name", "description"}
ACTOR_KEYS = {
    "slug",
    "kind",
    "name",
    "aliases",
    "native_name",
    "description",
    "country",
    "wikidata_id",
    "outlet_type",
    "anonymous",
}
AFFILIATION_KEYS = {"actor", "organization", "role_title", "start_date", "end_date"}
EVENT_KEYS = {
    "slug",
    "title",
    "kind",
    "date",
    "end_date",
    "location_name",
    "location_country",
    "parent",
    "description",
    "participants",
}
PARTICIPANT_KEYS = {"actor", "role"}
QUOTE_KEYS = {"text", "kind", "speaker", "speaker_label", "outlets", "said_on", "event"}


class SeedError(Exception):
    """The seed data is wrong; the message names the record and the problem."""


@dataclass
class SeedSummary:
    actors: int = 0
    events: int = 0
    quotes: int = 0
    created: int = 0
    updated: int = 0

    def __str__(self):
        return (
            f"Seeded: 1 article, {self.actors} actors, {self.events} events, "
            f"{self.quotes} quotes ({self.created} created, {self.updated} updated)."
        )


def read_summit(*, data_path=SUMMIT_DATA, body_path=SUMMIT_BODY):
    """Read the seed files: ``(data, body)``, the body exactly as stored on disk."""
    try:
        with open(data_path, encoding="utf-8") as handle:
            data = json.load(handle)
        with open(body_path, encoding="utf-8", newline="") as handle:
            body = handle.read()
    except OSError as exc:
        raise SeedError(f"Cannot read the seed file {exc.filename}: {exc.strerror}.") from exc
    except UnicodeDecodeError as exc:
        raise SeedError(f"A seed file is not valid UTF-8: {exc}.") from exc
    except json.JSONDecodeError as exc:
        raise SeedError(
            f"{data_path} is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}."
        ) from exc
    return data, body


@service
def seed_load(*, data, body):
    """Write the seed's article and everything it refers to; all or nothing, and the
    story's page rendered once."""
    return _Loader(body).load(data)


class _Loader:
    def __init__(self, body):
        self.body = body
        self.actors = {}
        self.events = {}
        self.sections = {}
        self.topics = {}
        self.summary = SeedSummary()
        self.created = set()  # (model, pk) of what this run created

    def load(self, data):
        if not isinstance(data, dict):
            raise SeedError("The seed data must be a JSON object.")
        _refuse_nul(data, "the seed data")
        if not isinstance(self.body, str) or not self.body.strip():
            raise SeedError("The article body is empty.")
        if "\x00" in self.body:
            raise SeedError("The article body contains a NUL character.")
        _check_keys(
            data,
            {"article", "actors", "affiliations", "events", "quotes", "sections", "topics"},
            "the seed data",
        )
        sections = _records(
            data, "sections", SECTION_KEYS, lambda r, i: f"section “{r.get('slug')}”"
        )
        topics = _records(data, "topics", TOPIC_KEYS, lambda r, i: f"topic “{r.get('slug')}”")
        actors = _records(data, "actors", ACTOR_KEYS, lambda r, i: f"actor “{r.get('slug')}”")
        affiliations = _records(
            data,
            "affiliations",
            AFFILIATION_KEYS,
            lambda r, i: f"affiliation of “{r.get('actor')}” with “{r.get('organization')}”",
        )
        events = _records(data, "events", EVENT_KEYS, lambda r, i: f"event “{r.get('slug')}”")
        quotes = _records(data, "quotes", QUOTE_KEYS, _quote_label)
        article = data.get("article")
        if not isinstance(article, dict):
            raise SeedError("The seed data needs an “article” object.")
        _check_keys(article, ARTICLE_KEYS, "the article")
        _refuse_duplicates(actors, lambda r: r.get("slug"), "actor")
        _refuse_duplicates(events, lambda r: r.get("slug"), "event")
        _refuse_duplicates(sections, lambda r: r.get("slug"), "section")
        _refuse_duplicates(topics, lambda r: r.get("slug"), "topic")
        _refuse_duplicates(
            affiliations, lambda r: (r.get("actor"), r.get("organization")), "affiliation"
        )
        _refuse_duplicates(quotes, lambda r: (str(r.get("text")).strip(), r.get("kind")), "quote")

        self.summary.actors = len(actors)
        self.summary.events = len(events)
        self.summary.quotes = len(quotes)
        existing = Article.objects.filter(slug=article.get("slug")).first()
        if existing is not None:
            # Loaded before: from then on the records are the newsroom's to change.
            render_later(existing)
            return self.summary

        # States first: every other actor may name one as its country.
        for label, record in sorted(actors, key=lambda item: item[1].get("kind") != "state"):
            self.load_actor(record, label)
        for label, record in affiliations:
            self.load_affiliation(record, label)
        for label, record in events:
            self.load_event(record, label)
        for label, record in sections:
            self.load_taxonomy(Section, self.sections, record, label)
        for label, record in topics:
            self.load_taxonomy(Topic, self.topics, record, label)
        article_obj = self.load_article(article)
        for label, record in quotes:
            self.load_quote(record, label, article_obj)
        render_later(article_obj)
        return self.summary

    # Each kind of record

    def load_actor(self, record, label):
        slug = _required(record, "slug", label)
        country = record.get("country")
        values = {
            "kind": _required(record, "kind", label),
            "name": _required(record, "name", label),
            "aliases": _list(record, "aliases", label),
            "native_name": record.get("native_name", ""),
            "description": record.get("description", ""),
            "country": self.actor(country, label, "country") if country else None,
            "wikidata_id": record.get("wikidata_id", ""),
            "outlet_type": record.get("outlet_type", ""),
            "anonymous": record.get("anonymous", False),
        }
        self.actors[slug] = self.upsert(Actor, {"slug": slug}, values, label)

    def load_affiliation(self, record, label):
        lookup = {
            "actor": self.actor(_required(record, "actor", label), label, "actor"),
            "organization": self.actor(
                _required(record, "organization", label), label, "organization"
            ),
        }
        values = {
            "role_title": record.get("role_title", ""),
            "start_date": _day(record.get("start_date"), label, "start_date"),
            "end_date": _day(record.get("end_date"), label, "end_date"),
        }
        self.upsert(Affiliation, lookup, values, label)

    def load_event(self, record, label):
        slug = _required(record, "slug", label)
        parent = record.get("parent")
        date, precision = _partial_date(record.get("date"), label, "date")
        country = record.get("location_country")
        values = {
            "title": _required(record, "title", label),
            "kind": _required(record, "kind", label),
            "date": date,
            "date_precision": precision,
            "end_date": _day(record.get("end_date"), label, "end_date"),
            "location_name": record.get("location_name", ""),
            "location_country": self.actor(country, label, "location_country") if country else None,
            "parent": self.event(parent, label, "parent") if parent else None,
            "description": record.get("description", ""),
        }
        event = self.upsert(Event, {"slug": slug}, values, label)
        self.events[slug] = event

        participants = _list(record, "participants", label)
        seen = set()
        for participant in participants:
            if not isinstance(participant, dict):
                raise SeedError(f"{label}: each participant must be an object.")
            _check_keys(participant, PARTICIPANT_KEYS, f"{label}, participant")
            actor_slug = _required(participant, "actor", f"{label}, participant")
            who = f"{label}, participant “{actor_slug}”"
            if actor_slug in seen:
                raise SeedError(f"{who}: listed twice.")
            seen.add(actor_slug)
            self.upsert(
                EventParticipant,
                {"event": event, "actor": self.actor(actor_slug, who, "actor")},
                {"role": participant.get("role", EventParticipant.Role.PARTICIPANT)},
                who,
            )

    def load_taxonomy(self, model, loaded, record, label):
        """A section or a topic, found again by its slug."""
        slug = _required(record, "slug", label)
        values = {
            "name": _required(record, "name", label),
            "description": record.get("description", ""),
        }
        if model is Section:
            values["position"] = record.get("position", 0)
        loaded[slug] = self.upsert(model, {"slug": slug}, values, label)

    def load_article(self, record):
        label = "the article"
        published_at = _required(record, "published_at", label)
        try:
            published_at = datetime.datetime.fromisoformat(published_at)
        except (TypeError, ValueError) as exc:
            raise SeedError(
                f"{label}: published_at “{published_at}” is not an ISO 8601 date and time."
            ) from exc
        if published_at.tzinfo is None:
            raise SeedError(f"{label}: published_at needs a time zone, e.g. +00:00.")
        values = {
            "headline": _required(record, "headline", label),
            "standfirst": record.get("standfirst", ""),
            "body": self.body,
            # The report's paragraphs, one per line; no links (the report cites no addresses).
            "body_html": richtext.from_text(self.body),
            "byline": record.get("byline", ""),
            "dateline": record.get("dateline", ""),
            "status": _required(record, "status", label),
            "published_at": published_at,
            "section": self.named(self.sections, record.get("section"), label, "section"),
        }
        article = self.upsert(Article, {"slug": _required(record, "slug", label)}, values, label)
        if (Article, article.pk) in self.created:
            # The story ships as it was on publication: it has not been updated since.
            Article.objects.filter(pk=article.pk).update(
                created_at=published_at, updated_at=published_at
            )
        for field in ("about", "mentions"):
            actors = [self.actor(slug, label, field) for slug in _list(record, field, label)]
            self.set_related(getattr(article, field), actors)
        events = [self.event(slug, label, "events") for slug in _list(record, "events", label)]
        self.set_related(article.events, events)
        topics = [
            self.named(self.topics, slug, label, "topics")
            for slug in _list(record, "topics", label)
        ]
        self.set_related(article.topics, topics)
        return article

    def load_quote(self, record, label, article):
        speaker = record.get("speaker")
        event = record.get("event")
        said_on, precision = _partial_date(record.get("said_on"), label, "said_on")
        lookup = {
            "article": article,
            # Stripped as Quote.save() strips it, so the next run finds the same quote.
            "text": _required(record, "text", label).strip(),
            "kind": _required(record, "kind", label),
        }
        values = {
            "speaker": self.actor(speaker, label, "speaker") if speaker else None,
            "speaker_label": record.get("speaker_label", ""),
            "said_on": said_on,
            "said_on_precision": precision,
            "event": self.event(event, label, "event") if event else None,
        }
        quote = self.upsert(Quote, lookup, values, label)
        outlets = [self.actor(slug, label, "outlets") for slug in _list(record, "outlets", label)]
        for outlet in outlets:
            if outlet.kind != Actor.Kind.OUTLET:
                raise SeedError(
                    f"{label}: outlets: “{outlet.slug}” is a {outlet.kind}, not an outlet."
                )
        self.set_related(quote.outlets, outlets)

    # Writing

    def actor(self, slug, label, field):
        if not isinstance(slug, str) or slug not in self.actors:
            raise SeedError(f"{label}: {field}: unknown actor “{slug}” in the seed data.")
        return self.actors[slug]

    def named(self, loaded, slug, label, field):
        """A section or topic listed in the seed data (None for no slug)."""
        if slug is None:
            return None
        if not isinstance(slug, str) or slug not in loaded:
            raise SeedError(
                f"{label}: {field}: unknown {field.rstrip('s')} “{slug}”; list it under "
                f"“{field if field.endswith('s') else field + 's'}” in the seed data."
            )
        return loaded[slug]

    def event(self, slug, label, field):
        if not isinstance(slug, str) or slug not in self.events:
            raise SeedError(
                f"{label}: {field}: unknown event “{slug}”; an event must be listed in the "
                "seed data before anything that refers to it."
            )
        return self.events[slug]

    def upsert(self, model, lookup, values, label):
        """Find the object by ``lookup``; create or change it only where the data differs."""
        obj = model.objects.filter(**lookup).first()
        created = obj is None
        if created:
            obj = model(**lookup)
        changed = False
        for name, value in values.items():
            field = model._meta.get_field(name)
            new = value.pk if field.is_relation and value is not None else value
            if getattr(obj, field.attname) != new:
                setattr(obj, name, value)
                changed = True
        if created or changed:
            try:
                obj.full_clean()
            except ValidationError as exc:
                raise SeedError(f"{label}: {_describe(exc)}") from exc
            obj.save()
            if created:
                self.created.add((model, obj.pk))
                self.summary.created += 1
            else:
                self.summary.updated += 1
        return obj

    def set_related(self, manager, objects):
        if {obj.pk for obj in manager.all()} != {obj.pk for obj in objects}:
            manager.set(objects)
            if (type(manager.instance), manager.instance.pk) not in self.created:
                self.summary.updated += 1


def _records(data, key, allowed, labeller):
    records = data.get(key, [])
    if not isinstance(records, list):
        raise SeedError(f"“{key}” in the seed data must be a list.")
    labelled = []
    for index, record in enumerate(records, start=1):
        if not isinstance(record, dict):
            raise SeedError(f"{key}, record {index}: must be an object.")
        label = labeller(record, index)
        _check_keys(record, allowed, label)
        labelled.append((label, record))
    return labelled


def _quote_label(record, index):
    text = str(record.get("text", ""))
    short = text if len(text) <= 50 else text[:49] + "…"
    return f"quote {index} (“{short}”)"


def _check_keys(record, allowed, label):
    unknown = sorted(set(record) - allowed)
    if unknown:
        raise SeedError(
            f"{label}: unknown field{'s' if len(unknown) > 1 else ''} {', '.join(unknown)}; "
            f"expected some of {', '.join(sorted(allowed))}."
        )


def _required(record, key, label):
    value = record.get(key)
    if not isinstance(value, str) or not value.strip():
        raise SeedError(f"{label}: “{key}” is required and must be text.")
    return value


def _list(record, key, label):
    value = record.get(key, [])
    if not isinstance(value, list):
        raise SeedError(f"{label}: “{key}” must be a list.")
    return value


def _refuse_duplicates(records, key, what):
    seen = set()
    for label, record in records:
        value = repr(key(record))  # repr: a mistyped list or object is still comparable
        if value in seen:
            raise SeedError(f"{label}: this {what} is listed twice.")
        seen.add(value)


def _refuse_nul(value, where):
    """PostgreSQL cannot store NUL in text; say where it is rather than fail at the database."""
    if isinstance(value, str) and "\x00" in value:
        raise SeedError(f"{where} contains a NUL character.")
    if isinstance(value, dict):
        for key, item in value.items():
            _refuse_nul(key, where)
            _refuse_nul(item, f"{where} → {key}")
    elif isinstance(value, list):
        for index, item in enumerate(value, start=1):
            _refuse_nul(item, f"{where} → item {index}")


def _partial_date(value, label, field):
    """A reduced-precision ISO date ("2024", "2025-09", "2025-09-04") as (date, precision)."""
    if value in (None, ""):
        return None, DatePrecision.DAY
    try:
        return dates.parse_iso(value)
    except ValidationError as exc:
        raise SeedError(f"{label}: {field}: {_describe(exc)}") from exc


def _day(value, label, field):
    date, precision = _partial_date(value, label, field)
    if date is not None and precision != DatePrecision.DAY:
        raise SeedError(f"{label}: {field}: give a full date, YYYY-MM-DD.")
    return date


def _describe(exc):
    if hasattr(exc, "error_dict"):
        return "; ".join(
            f"{field}: {message}" if field != "__all__" else message
            for field, messages in exc.message_dict.items()
            for message in messages
        )
    return " ".join(exc.messages)
