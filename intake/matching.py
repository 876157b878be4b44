"""Matching the names the extractor finds to the actors and events on record.

A speaker or outlet is matched by name, native name and alias, ignoring case,
diacritics, hyphens and spacing ("Kim Jong-un" is Kim Jong Un), and preferring
an actor the story already names (its "Kim" is the Kim it is about). A name with
no match is proposed as a new actor with a guessed kind; it is never created
without an editor's sign-off.
"""

import re
from collections import defaultdict
from dataclasses import dataclass

from django.utils.text import slugify

from actors.models import Actor, Event
from intake._names import normalise

_ARTICLE = re.compile(r"^(?:a|an|the)\s+")
# The extractor's kinds, as Actor kinds.
KINDS = {
    "person": Actor.Kind.PERSON,
    "state": Actor.Kind.STATE,
    "organization": Actor.Kind.ORGANIZATION,
    "organisation": Actor.Kind.ORGANIZATION,
    "outlet": Actor.Kind.OUTLET,
}


def name_key(name):
    """The form names are compared in: case, accents, hyphens, articles and spaces folded."""
    return _ARTICLE.sub("", normalise(name or "")).replace(" ", "")


@dataclass
class NewActor:
    """A name with no actor on record, as the editor would create it."""

    name: str
    kind: str
    anonymous: bool = False

    @property
    def slug(self):
        return slugify(self.name)[:200] or "actor"


class ActorIndex:
    """Every actor by every name it goes by, built in one query."""

    def __init__(self, actors=None, prefer=()):
        self.by_key = defaultdict(list)
        self.prefer = set(prefer)
        rows = actors if actors is not None else Actor.objects.all()
        for actor in rows:
            names = [actor.name, actor.native_name, *(actor.aliases or [])]
            if actor.anonymous and actor.description:
                names.append(actor.description)
            for name in names:
                key = name_key(name)
                if key and actor not in self.by_key[key]:
                    self.by_key[key].append(actor)
        self.preferred = [a for key in self.by_key for a in self.by_key[key] if a.pk in self.prefer]

    def match(self, name, *, kind=None):
        """The actor ``name`` stands for, or None. ``kind`` ("outlet", ...) breaks ties."""
        key = name_key(name)
        if not key:
            return None
        candidates = self.by_key.get(key, [])
        if not candidates:
            candidates = self._short_form(name)
        if not candidates:
            return None
        wanted = KINDS.get(kind or "")
        return sorted(
            candidates,
            key=lambda a: (a.pk not in self.prefer, wanted is not None and a.kind != wanted, a.pk),
        )[0]

    def _short_form(self, name):
        """ "Kim" or "Putin" for an actor the story names in full: its words are all theirs."""
        words = normalise(name).split()
        if not words:
            return []
        words = [w for w in words if w not in {"a", "an", "the"}]
        found = []
        for actor in dict.fromkeys(self.preferred):
            if actor.anonymous:  # "an aide" for the story's "Kremlin aide"
                theirs = normalise(f"{actor.name} {actor.description}").split()
            elif actor.kind == Actor.Kind.PERSON:
                theirs = normalise(actor.name).split()
            else:
                continue
            if words and all(word in theirs for word in words):
                found.append(actor)
        return found if len(found) == 1 else []


def guess_kind(proposal_kind, *, outlet=False):
    """The Actor kind a new name probably has."""
    if outlet:
        return Actor.Kind.OUTLET
    return KINDS.get(proposal_kind or "", Actor.Kind.PERSON)


def match_event(*, said_on, speaker, events):
    """The event a quote was said at, when its date (and its speaker, a participant) tie it
    to exactly one of ``events``; otherwise None."""
    if not said_on:
        return None
    fitting = [
        event
        for event in events
        if event.date_iso
        and (said_on.startswith(event.date_iso) or event.date_iso.startswith(said_on))
        and (speaker is None or speaker.pk in {p.actor_id for p in event.participations.all()})
    ]
    return fitting[0] if len(fitting) == 1 else None


def story_events(article):
    return list(
        Event.objects.filter(articles=article).prefetch_related("participations")
        if article is not None and article.pk
        else []
    )
