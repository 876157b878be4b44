"""The intake desk's writes: a draft from wire copy, and the editor's decisions on the
proposed quotes. Each goes through the stories' and actors' own services, so the rules
(who may write what, quotes word for word in the body) are theirs.

Nothing is written without sign-off: ``review`` only reads, and a proposal becomes a
quote (and a new name an actor) only when an editor accepts it.
"""

import json
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.text import Truncator

from actors import services as world
from actors.models import Actor, Event
from articles import services as coverage
from articles.models import Article, Quote
from core import dates
from core.slugs import unique_slug
from core.writes import service
from intake.copy import read_copy, read_ninjs
from intake.extractor import PARAPHRASE, Proposal, extract
from intake.matching import ActorIndex, NewActor, guess_kind, match_event, story_events
from intake.models import RejectedProposal, WireCopy, proposal_key

ACCEPT_ALL_ABOVE = 0.9


# --- a draft from the wire --------------------------------------------------------------------


def _unique_slug(text, model=Article):
    return unique_slug(text, lambda slug: model.objects.filter(slug=slug).exists())


@service
def wire_import(*, by, data=None, item=None, filename="", headline="", slug=""):
    """A draft whose body is the copy: pasted or uploaded text (``data``), or a parsed
    ninjs item (``item``). The copy is kept as it arrived (``WireCopy``)."""
    if item is not None:
        copy = read_ninjs(item)
        copy.original = json.dumps(item, ensure_ascii=False, indent=1)
    else:
        copy = read_copy(data, filename=filename)
    headline = headline or copy.headline or Truncator(copy.body.split("\n")[0]).chars(120)
    article = coverage.article_create(
        by=by,
        headline=headline[:300],
        slug=slug or _unique_slug(headline),
        # The agency's HTML as the structured body (sanitised by the service), else its
        # text as paragraphs.
        **({"body_html": copy.body_html} if copy.body_html else {"body": copy.body}),
        standfirst=copy.standfirst[:600],
        byline=copy.byline[:200],
        dateline=copy.dateline[:200],
    )
    WireCopy.objects.create(
        article=article,
        source_format=copy.source_format,
        filename=filename[:255],
        original=copy.original,
        imported_by=by,
    )
    return article


# --- proposals --------------------------------------------------------------------------------


@dataclass
class Review:
    """One proposal as the editor sees it: what the extractor found, matched to the record."""

    proposal: Proposal
    speaker: Actor | None = None
    new_speaker: NewActor | None = None
    outlet_matches: list = field(default_factory=list)  # (span, actor or None, NewActor or None)
    event: Event | None = None

    @property
    def outlets(self):
        return [actor for _span, actor, _new in self.outlet_matches if actor is not None]

    @property
    def new_outlets(self):
        return [new for _span, _actor, new in self.outlet_matches if new is not None]

    @property
    def confidence(self):
        return self.proposal.confidence


def known_names(actors):
    """What the extractor may know of the record: every name and alias, with its kind."""
    names = []
    for actor in actors:
        kind = "anonymous" if actor.anonymous else actor.kind
        for name in (actor.name, *(actor.aliases or [])):
            names.append((name, kind))
    return names


def story_actor_pks(article):
    if article is None or not article.pk:
        return set()
    return (
        set(article.about.values_list("pk", flat=True))
        | set(article.mentions.values_list("pk", flat=True))
        | set(article.quotes.exclude(speaker=None).values_list("speaker_id", flat=True))
    )


def propose(text, *, article=None, actors=None):
    """Every proposal in ``text``, matched to actors (preferring the story's) and events."""
    actors = list(Actor.objects.all()) if actors is None else actors
    index = ActorIndex(actors, prefer=story_actor_pks(article))
    events = story_events(article) or list(Event.objects.prefetch_related("participations"))
    reviews = []
    for proposal in extract(text, known_names=known_names(actors)):
        review = Review(proposal)
        if proposal.speaker is not None:
            anonymous = proposal.speaker_kind == "anonymous"
            review.speaker = index.match(proposal.speaker.name, kind=proposal.speaker_kind)
            if review.speaker is None:
                review.new_speaker = NewActor(
                    name=proposal.speaker.name,
                    kind=guess_kind(proposal.speaker_kind),
                    anonymous=anonymous,
                )
        for outlet in proposal.outlets:
            actor = index.match(outlet.name, kind="outlet")
            new = None if actor else NewActor(name=outlet.name, kind=Actor.Kind.OUTLET)
            review.outlet_matches.append((outlet, actor, new))
        review.event = match_event(said_on=proposal.said_on, speaker=review.speaker, events=events)
        reviews.append(review)
    return reviews


def review(article):
    """The proposals for a story not yet recorded as quotes, and not rejected before.

    Includes quoted words that have no quote record: the copy quotes someone and the
    story does not say who.
    """
    quotes = list(article.quotes.all())
    rejected = set(RejectedProposal.objects.filter(article=article).values_list("kind", "key"))
    recorded_paraphrases = {proposal_key(q.text) for q in quotes if not q.is_verbatim}
    located = [(q.start, q.end) for q in quotes if q.start is not None]
    pending = []
    for item in propose(article.body, article=article):
        proposal = item.proposal
        key = proposal_key(proposal.text)
        if (proposal.kind, key) in rejected:
            continue
        if proposal.kind == PARAPHRASE:
            if key in recorded_paraphrases:
                continue
        elif any(start < proposal.end and proposal.start < end for start, end in located):
            continue
        pending.append(item)
    return pending


def _create_actor(by, new):
    return world.actor_create(
        by=by,
        name=new.name[:200],
        slug=_unique_slug(new.name, model=Actor),
        kind=new.kind,
        anonymous=new.anonymous,
        description=new.name[:300] if new.anonymous else "",
    )


@service
def proposal_accept(
    *,
    by,
    article,
    kind,
    text,
    speaker=None,
    new_speaker=None,
    speaker_label="",
    outlets=(),
    new_outlets=(),
    said_on=None,
    event=None,
):
    """Record a proposal as a quote, creating the new actors the editor accepted with it.

    ``said_on`` is reduced-precision ISO 8601 ("2025", "2025-09", "2025-09-04") or None.
    """
    if not coverage.can_edit(by, article):
        raise PermissionDenied(coverage.edit_refusal(by, article))
    if new_speaker is not None:
        speaker = _create_actor(by, new_speaker)
    outlets = [*outlets, *(_create_actor(by, new) for new in new_outlets)]
    day, precision = dates.parse_iso(said_on) if said_on else (None, dates.DatePrecision.DAY)
    return coverage.quote_create(
        by=by,
        article=article,
        text=text,
        kind=kind,
        speaker=speaker,
        speaker_label=speaker_label[:300],
        outlets=outlets,
        said_on=day,
        said_on_precision=precision,
        event=event,
    )


@service
def proposal_reject(*, by, article, kind, text):
    """Say no to a proposal: it is not proposed again for this story."""
    if not coverage.can_edit(by, article):
        raise PermissionDenied(coverage.edit_refusal(by, article))
    if kind not in Quote.Kind.values or not text.strip():
        raise ValidationError("A rejected proposal needs its kind and words.", code="invalid")
    return RejectedProposal.objects.get_or_create(
        article=article,
        kind=kind,
        key=proposal_key(text),
        defaults={"text": text, "rejected_by": by},
    )[0]


def accept_as_proposed(*, by, article, item):
    """Accept a proposal exactly as the extractor and the matching made it."""
    proposal = item.proposal
    return proposal_accept(
        by=by,
        article=article,
        kind=proposal.kind,
        text=proposal.text,
        speaker=item.speaker,
        new_speaker=item.new_speaker,
        speaker_label=proposal.speaker_label or "",
        outlets=item.outlets,
        new_outlets=item.new_outlets,
        said_on=proposal.said_on,
        event=item.event,
    )


@service
def accept_all_above(*, by, article, threshold=ACCEPT_ALL_ABOVE):
    """Accept, as proposed, every pending proposal at or above ``threshold`` confidence."""
    return [
        accept_as_proposed(by=by, article=article, item=item)
        for item in review(article)
        if item.confidence >= threshold
    ]
