"""A story as IPTC ninjs 3.1 ("News in JSON"), the format news agencies exchange.

Schema: http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json (a copy is in
``tests/data/``). People, organisations and places carry their Wikidata URI when we
know it, else the address of their page here; the outlets quotes reached us
through become ``infoSources``.
"""

from django.conf import settings

from actors.models import Actor
from articles import bylines

NINJS_STANDARD = {
    "name": "ninjs",
    "version": "3.1",
    "schema": "http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json",
}
WIKIDATA_ENTITY = "https://www.wikidata.org/entity/{}"


def _datetime(value):
    return value.isoformat(timespec="seconds") if value else None


def _absolute(request, path):
    return request.build_absolute_uri(path) if path else None


def _pub_status(article):
    if article.status == article.Status.WITHDRAWN:
        return "canceled"
    # An embargoed story is usable once its embargo lifts (``embargoedUntil``).
    return "usable" if article.is_public or article.is_under_embargo else "withheld"


def _actor_entry(actor, rel, request):
    entry = {"name": actor.display_name, "rel": rel, "literal": actor.slug}
    uri = (
        WIKIDATA_ENTITY.format(actor.wikidata_id)
        if actor.wikidata_id
        else _absolute(request, actor.get_absolute_url())
    )
    if uri:
        entry["uri"] = uri
    return entry


def _subjects(article):
    """Named actors in the story with their relationship, strongest first: about, mentions,
    then speakers quoted without being listed."""
    seen = {}
    for actor in article.about.all():
        seen.setdefault(actor.pk, (actor, "about"))
    for actor in article.mentions.all():
        seen.setdefault(actor.pk, (actor, "mentions"))
    for quote in article.quotes.all():
        if quote.speaker is not None:
            seen.setdefault(quote.speaker.pk, (quote.speaker, "quoted"))
    return [(actor, rel) for actor, rel in seen.values() if not actor.anonymous]


def _taxonomy_subjects(article, request):
    """The story's section (``rel: section``) and topics (``rel: topic``) as subjects."""
    records = [(article.section, "section")] if article.section_id else []
    records += [(topic, "topic") for topic in article.topics.all()]
    return [
        {
            "name": record.name,
            "rel": rel,
            "literal": record.slug,
            "uri": _absolute(request, record.get_absolute_url()),
        }
        for record, rel in records
    ]


def article_to_ninjs(article, request):
    """The ninjs 3.1 item for ``article``. Expects quotes, speakers, outlets, about,
    mentions, events, topics and authorships (with their authors, in byline order) to be
    prefetched, and the section selected (as the API's detail queryset does)."""
    web_url = _absolute(request, article.get_absolute_url())
    item = {
        "uri": web_url,
        "standard": NINJS_STANDARD,
        "type": "text",
        "representationType": "full",
        "profile": "diplomatic-desk-story",
        "version": str(article.version),
        "firstCreated": _datetime(article.created_at),
        "versionCreated": _datetime(article.updated_at),
        "contentCreated": _datetime(article.published_at or article.created_at),
        "pubStatus": _pub_status(article),
        "copyrightHolder": settings.SITE_NAME,
        "language": "en",
        "slugline": article.slug,
        "headlines": [{"role": "main", "value": article.headline}],
        "bodies": [
            {
                "role": "main",
                "contentType": "text/plain",
                "charCount": len(article.body),
                "wordCount": len(article.body.split()),
                "value": article.body,
            },
            {"role": "richtext", "contentType": "text/html", "value": article.body_html},
        ],
        "altIds": [{"role": "slug", "value": article.slug}],
    }
    if article.is_under_embargo:
        item["embargoedUntil"] = _datetime(article.embargoed_until)
    if article.standfirst:
        item["descriptions"] = [{"role": "summary", "value": article.standfirst}]
    authors = [authorship.author for authorship in article.authorships.all()]
    by = bylines.byline_text([author.name for author in authors], article.byline)
    if by:
        item["by"] = by
    if article.dateline:
        item["located"] = article.dateline

    people, organisations, places = [], [], []
    for actor, rel in _subjects(article):
        entry = _actor_entry(actor, rel, request)
        if actor.kind == Actor.Kind.PERSON:
            people.append(entry)
        elif actor.kind == Actor.Kind.STATE:
            places.append(entry)
        else:
            organisations.append(entry)
    # The authors, in byline order, after the people the story is about or mentions.
    people += [
        {
            "name": author.name,
            "rel": "author",
            "literal": author.slug,
            "uri": _absolute(request, author.get_absolute_url()),
        }
        for author in authors
    ]
    if people:
        item["people"] = people
    subjects = _taxonomy_subjects(article, request)
    if subjects:
        item["subjects"] = subjects
    if organisations:
        item["organisations"] = organisations
    if places:
        item["places"] = places

    events = {}
    for event in article.events.all():
        events.setdefault(event.pk, (event, "about"))
    for quote in article.quotes.all():
        if quote.event is not None:
            events.setdefault(quote.event.pk, (quote.event, "mentions"))
    if events:
        item["events"] = [
            {
                "id": event.slug,
                "name": event.title,
                "rel": rel,
                "uri": _absolute(request, event.get_absolute_url()),
                "literal": event.slug,
            }
            for event, rel in events.values()
        ]

    sources = {}
    for quote in article.quotes.all():
        for outlet in quote.outlets.all():
            sources.setdefault(outlet.pk, outlet)
    if sources:
        item["infoSources"] = [
            {
                key: value
                for key, value in _actor_entry(outlet, "source", request).items()
                if key != "rel"
            }
            | {"role": "source"}
            for outlet in sources.values()
        ]
    return {key: value for key, value in item.items() if value is not None}
