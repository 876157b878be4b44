"""What each cached page depends on, and which writes make it stale (``core.cache``).

Tags name what a page shows:

- ``story:<pk>``: a story, as stored by ``render_story`` (its page, its quotes'
  permalinks, its API representations). Every change to what a story shows
  re-renders it, so its own tag is all a story's page needs.
- ``actor:<pk>``, ``event:<pk>``: a record of the world, and the pages listing
  what involves it (a new quote by an actor changes the actor's page).
- ``listing``: anything a list may gain or lose (home, the actor list, the timeline,
  feeds, the sitemap, every API list). Every write changes it, so it also stands
  for a page whose records cannot be told without a query, or are too many.

A page depends on the tags of every record it shows (found in what the view
handed its template or serializer, without a query); a list depends on
``listing``. The
writes below invalidate the tags of what they changed when their transaction
commits: a story's render, a change to an actor or event, a deletion.

Each cached page is also kept no later than the next time a scheduled story goes
live, when lists and pages change without anyone's write.
"""

from django.db.models import Min, Model, QuerySet
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from actors.models import Actor, Affiliation, Event, EventParticipant
from actors.signals import record_changed
from articles.models import Article, Author, Correction, Quote, Section, Topic
from articles.rendering import story_rendered
from core.cache import invalidate_on_commit

LISTING = "listing"

# The pages readers and anonymous API clients may get from the cache, by URL name.
CACHED_NAMESPACES = {"articles", "actors", "api"}
UNCACHED_API = {"api:extract", "api:article-import", "api:schema", "api:docs"}
CACHED_VIEWS = {"sitemap", "sitemap-section", "robots-txt", "search"}

# Past this many records, a page depends on the listing instead.
MAX_TAGS = 64
MAX_DEPTH = 4


def story_tag(pk):
    return f"story:{pk}"


def actor_tag(pk):
    return f"actor:{pk}"


def event_tag(pk):
    return f"event:{pk}"


# -- what a page depends on --------------------------------------------------------


def page_dependencies(request, response):
    """The tags of what a page shows, or None if it is not cached."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return None
    name = match.view_name
    if name in UNCACHED_API or not (
        name in CACHED_VIEWS or name.split(":", 1)[0] in CACHED_NAMESPACES
    ):
        return None
    subject, shown = _shown(response)
    if isinstance(subject, Article):
        # A story's page shows what its render stored: its own tag is all it needs.
        return {story_tag(subject.pk)}
    tags = set()
    if subject is None or any(_collect(value, tags, set(), 0) for value in shown):
        tags = {LISTING}
    elif len(tags) > MAX_TAGS:
        tags = {LISTING}  # every write changes the listing: it stands for any record
    return tags


def _shown(response):
    """``(subject, values)``: the one record a detail page is about (None for a list)
    and everything the page was given to show."""
    context = getattr(response, "context_data", None)
    if context is not None:
        values = [v for k, v in context.items() if k != "view"]
        if "page_obj" in context or "object_list" in context:
            return None, values
        return context.get("object"), values
    data = getattr(response, "data", None)
    serializer = getattr(data, "serializer", None)
    if serializer is not None and isinstance(serializer.instance, Model):
        return serializer.instance, [serializer.instance]
    return None, []


def _collect(value, tags, seen, depth):
    """Add the tags of the records in ``value``; True if some could not be told."""
    if depth > MAX_DEPTH or isinstance(value, str | bytes | int | float | bool) or value is None:
        return False
    if id(value) in seen:
        return False
    seen.add(id(value))
    if isinstance(value, Model):
        return _collect_record(value, tags, seen, depth)
    if isinstance(value, QuerySet):
        if value._result_cache is None:
            return True  # shown some other way (a count, a slice): a query we do not repeat
        value = value._result_cache
    elif hasattr(value, "object_list") and hasattr(value, "number"):  # a paginator's page
        return _collect(value.object_list, tags, seen, depth + 1)
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list | tuple | set | frozenset):
        unknown = False
        for item in value:
            unknown |= _collect(item, tags, seen, depth + 1)
        return unknown
    return False


def _collect_record(record, tags, seen, depth):
    if isinstance(record, Article):
        # Whatever a story shows of the world re-renders it when it changes.
        tags.add(story_tag(record.pk))
        return False
    if isinstance(record, Quote | Correction):
        tags.add(story_tag(record.article_id))
    elif isinstance(record, Actor):
        tags.add(actor_tag(record.pk))
    elif isinstance(record, Event):
        tags.add(event_tag(record.pk))
    elif isinstance(record, Affiliation):
        tags.update({actor_tag(record.actor_id), actor_tag(record.organization_id)})
    elif isinstance(record, EventParticipant):
        tags.update({event_tag(record.event_id), actor_tag(record.actor_id)})
    elif isinstance(record, Section | Topic | Author):
        return True  # listed with their stories: the listing stands for them (articles.taxonomy)
    else:
        return False
    # What was fetched with it (select_related, prefetch_related) is shown with it.
    related = [*record._state.fields_cache.values()]
    related += getattr(record, "_prefetched_objects_cache", {}).values()
    unknown = False
    for value in related:
        unknown |= _collect(value, tags, seen, depth + 1)
    return unknown


def next_go_live(now=None):
    """When the next scheduled story goes live (a timestamp), or None: pages stored now
    are rendered anew by then."""
    now = now or timezone.now()
    first = (
        Article.objects.live_or_scheduled()
        .filter(published_at__gt=now)
        .aggregate(first=Min("published_at"))["first"]
    )
    return first.timestamp() if first is not None else None


# -- what a write makes stale ------------------------------------------------------


def story_tags(article):
    """A story, and every actor and event its stored page shows."""
    shows = (article.page_data or {}).get("shows", {})
    return {
        story_tag(article.pk),
        LISTING,
        *(actor_tag(pk) for pk in shows.get("actors", [])),
        *(event_tag(pk) for pk in shows.get("events", [])),
    }


@receiver(story_rendered, dispatch_uid="cache-story-rendered")
def story_changed(sender, article, **kwargs):
    # The page before this render is tagged with what it showed then (its story tag
    # covers those pages); what it shows now learns of it through the tags below.
    invalidate_on_commit(story_tags(article))


@receiver(post_delete, sender=Article, dispatch_uid="cache-story-deleted")
def story_deleted(sender, instance, **kwargs):
    invalidate_on_commit(story_tags(instance))


def record_tags(record):
    """An actor or event, the records whose pages list it, and every list."""
    if isinstance(record, Event):
        return {
            event_tag(record.pk),
            LISTING,
            *([event_tag(record.parent_id)] if record.parent_id else []),
            # Its participants' pages list it (queried once committed, outside the write).
            *(actor_tag(pk) for pk in participant_ids(record.pk)),
        }
    return {
        actor_tag(record.pk),
        LISTING,
        *([actor_tag(record.country_id)] if record.country_id else []),
    }


def participant_ids(event_pk):
    return EventParticipant.objects.filter(event_id=event_pk).values_list("actor_id", flat=True)


def invalidate_record(record):
    if isinstance(record, Event):
        # Participants are set after the event is saved: they are asked for at commit.
        snapshot = Event(pk=record.pk, parent_id=record.parent_id)
        invalidate_on_commit(lambda: record_tags(snapshot))
    else:
        invalidate_on_commit(record_tags(record))


@receiver(record_changed, sender=Actor, dispatch_uid="cache-actor-changed")
@receiver(record_changed, sender=Event, dispatch_uid="cache-event-changed")
def world_changed(sender, instance, deleting=False, **kwargs):
    invalidate_record(instance)


@receiver(post_save, sender=Actor, dispatch_uid="cache-actor-saved")
@receiver(post_save, sender=Event, dispatch_uid="cache-event-saved")
@receiver(post_delete, sender=Actor, dispatch_uid="cache-actor-deleted")
@receiver(post_delete, sender=Event, dispatch_uid="cache-event-deleted")
def world_saved(sender, instance, **kwargs):
    # Creations too: no service announces a new record, yet a list may show it.
    invalidate_record(instance)


@receiver(post_save, sender=Affiliation, dispatch_uid="cache-affiliation-saved")
@receiver(post_delete, sender=Affiliation, dispatch_uid="cache-affiliation-deleted")
@receiver(post_save, sender=EventParticipant, dispatch_uid="cache-participant-saved")
@receiver(post_delete, sender=EventParticipant, dispatch_uid="cache-participant-deleted")
def link_saved(sender, instance, **kwargs):
    if sender is Affiliation:
        tags = {actor_tag(instance.actor_id), actor_tag(instance.organization_id)}
    else:
        tags = {actor_tag(instance.actor_id), event_tag(instance.event_id)}
    invalidate_on_commit(tags | {LISTING})
