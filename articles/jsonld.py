"""schema.org JSON-LD for the reader's pages: stories, quotes, events and actors.

Each function returns a plain dict; the ``jsonld`` template tag serialises it
safely inside ``<script type="application/ld+json">``. Callers pass only what
readers may see (published stories, verified quotes, public actors and events):
these functions do not filter.
"""

from django.conf import settings

from actors.models import Actor

CONTEXT = "https://schema.org"

_TYPES = {
    Actor.Kind.PERSON: "Person",
    Actor.Kind.STATE: "Country",
    Actor.Kind.ORGANIZATION: "Organization",
    Actor.Kind.OUTLET: "Organization",
}


def _absolute(request, path):
    """``request.build_absolute_uri(path)``, checking the host once per request, not per item."""
    base = getattr(request, "_jsonld_base", None)
    if base is None:
        base = request._jsonld_base = request.build_absolute_uri("/")[:-1]
    return base + path


def publisher(request):
    return {
        "@type": "Organization",
        "name": settings.SITE_NAME,
        "url": _absolute(request, "/"),
    }


def thing(actor, request=None):
    """An actor as a Person, Organization or Country, with Wikidata as ``sameAs``.

    Without a request the ``url`` is a path (stored at save time, made absolute per request).
    """
    data = {"@type": _TYPES.get(actor.kind, "Thing"), "name": actor.display_name}
    if actor.anonymous:
        return data
    path = actor.get_absolute_url()
    data["url"] = _absolute(request, path) if request is not None else path
    if actor.native_name:
        data["alternateName"] = actor.native_name
    if actor.description:
        data["description"] = actor.description
    if actor.wikidata_id:
        data["sameAs"] = actor.wikidata_url
    return data


def _with_absolute_url(thing, request):
    if "url" in thing:
        return {**thing, "url": _absolute(request, thing["url"])}
    return thing


def news_article(article, request, *, corrections, modified):
    """``NewsArticle`` for a published story, with its about, mentions and corrections.

    Who the story is about and mentions comes from ``article.page_data``, stored on save.
    """
    url = _absolute(request, article.get_absolute_url())
    data = {
        "@context": CONTEXT,
        "@type": "NewsArticle",
        "headline": article.headline,
        "url": url,
        "mainEntityOfPage": url,
        "datePublished": article.published_at.isoformat() if article.published_at else None,
        "dateModified": modified.isoformat(),
        "author": authors(article, request),
        "publisher": publisher(request),
        "isAccessibleForFree": True,
    }
    if article.standfirst:
        data["description"] = article.standfirst
    if article.dateline:
        data["dateline"] = article.dateline
    linked = article.page_data or {}
    about = [_with_absolute_url(t, request) for t in linked.get("about", [])]
    mentions = [_with_absolute_url(t, request) for t in linked.get("mentions", [])]
    if about:
        data["about"] = about
    if mentions:
        data["mentions"] = mentions
    if linked.get("lead_image"):
        data["image"] = images(linked["lead_image"], request)
    if corrections:
        data["correction"] = [
            {
                "@type": "CorrectionComment",
                "text": correction.text,
                "datePublished": correction.published_on.isoformat(),
            }
            for correction in corrections
        ]
    return {key: value for key, value in data.items() if value is not None}


def authors(article, request):
    """The story's authors as ``Person`` entries (name, page, role), in byline order, then
    its free-text byline (wire copy) as a ``Person`` too; the publisher when neither.
    One author is one ``Person``, several a list."""
    credits = (article.page_data or {}).get("credits") or {}
    people = []
    for author in credits.get("authors", []):
        person = {
            "@type": "Person",
            "name": author["name"],
            "url": _absolute(request, author["url"]),
        }
        if author.get("role"):
            person["jobTitle"] = author["role"]
        people.append(person)
    if article.byline:
        people.append({"@type": "Person", "name": article.byline})
    if len(people) == 1:
        return people[0]
    return people or publisher(request)


def author(author, request):
    """An author's page describes them: a ``Person`` with their role and short bio."""
    data = {
        "@context": CONTEXT,
        "@type": "Person",
        "name": author.name,
        "url": _absolute(request, author.get_absolute_url()),
        "worksFor": publisher(request),
    }
    if author.role:
        data["jobTitle"] = author.role
    if author.bio:
        data["description"] = author.bio
    return data


def _absolute_url(request, url):
    """A storage address made absolute: local files are paths, cloud storage full URLs."""
    return url if url.startswith(("https://", "http://")) else _absolute(request, url)


def images(picture, request):
    """The lead photo (``images.pictures.picture``, stored in the page data): an
    ``ImageObject`` with its caption and credit, largest rendition first, then the
    1200×630 share card's address."""
    photo = {
        "@type": "ImageObject",
        "url": _absolute_url(request, picture["url"]),
        "contentUrl": _absolute_url(request, picture["url"]),
        "width": picture["renditions"]["jpeg"][-1]["width"],
        "height": picture["renditions"]["jpeg"][-1]["height"],
    }
    for key, name in (
        ("caption", "caption"),
        ("credit", "creditText"),
        ("copyright", "copyrightNotice"),
    ):
        if picture.get(key):
            photo[name] = picture[key]
    found = [photo]
    if picture.get("share"):
        found.append(_absolute_url(request, picture["share"]["url"]))
    return found


def quotation(quote, request):
    """``Quotation`` with ``spokenByCharacter``, the story it is part of and its event."""
    article = quote.article
    data = {
        "@context": CONTEXT,
        "@type": "Quotation",
        "text": quote.text,
        "url": _absolute(request, quote.get_absolute_url()),
        "isPartOf": {
            "@type": "NewsArticle",
            "headline": article.headline,
            "url": _absolute(request, article.get_absolute_url()),
        },
    }
    if quote.speaker is not None:
        speaker = thing(quote.speaker, request)
        if quote.speaker.anonymous:
            speaker["@type"] = "Person"
        data["spokenByCharacter"] = speaker
    outlets = [thing(outlet, request) for outlet in quote.outlets.all()]
    if outlets:
        data["sourceOrganization"] = outlets
    if quote.said_on:
        data["dateCreated"] = quote.said_on_iso
    if quote.event is not None:
        data["recordedAt"] = {
            "@type": "Event",
            "name": quote.event.title,
            "url": _absolute(request, quote.event.get_absolute_url()),
        }
    return data


def event(event, participations, request, *, parent=None):
    """``Event`` with its ``startDate`` (as precise as known), ``location`` and ``attendee``.

    ``participations`` and ``parent`` (the ``superEvent``) are those readers may see.
    """
    data = {
        "@context": CONTEXT,
        "@type": "Event",
        "name": event.title,
        "url": _absolute(request, event.get_absolute_url()),
    }
    if event.date:
        data["startDate"] = event.date_iso
    if event.end_date:
        data["endDate"] = event.end_date.isoformat()
    if event.description:
        data["description"] = event.description
    if event.location:
        place = {"@type": "Place", "name": event.location}
        if event.location_country is not None:
            place["address"] = {
                "@type": "PostalAddress",
                "addressCountry": event.location_country.name,
            }
        data["location"] = place
    attendees = [thing(p.actor, request) for p in participations if not p.actor.anonymous]
    if attendees:
        data["attendee"] = attendees
    if parent is not None:
        data["superEvent"] = {
            "@type": "Event",
            "name": parent.title,
            "url": _absolute(request, parent.get_absolute_url()),
        }
    return data


def actor(actor, request, *, country=None):
    """The actor's page describes a Person, Organization or Country.

    ``country`` is the actor's country if readers may see it.
    """
    data = {"@context": CONTEXT, **thing(actor, request)}
    if country is not None and actor.kind == Actor.Kind.PERSON:
        data["nationality"] = {"@type": "Country", "name": country.name}
    return data
