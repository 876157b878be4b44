"""Query-string filters for the article and quote API lists.

Actors, events and articles are named by slug (``?speaker=kim-jong-un&outlet=kcna``);
dates by reduced-precision ISO 8601 (``?said_on_after=2025-09``).
"""

import django_filters

from actors.models import Actor, Event
from articles.models import Article, Author, Quote, Section, Topic
from articles.search import Kind, SearchFilter
from core.filters import PartialDateFilter, SlugFilter


def visible_articles(request):
    return Article.objects.visible_to(getattr(request, "user", None))


# A slug readers may not see yet is refused like an unknown one, so filtering does not
# reveal an actor or event made for an unpublished story.


def visible_actors(request):
    return Actor.objects.visible_to(getattr(request, "user", None))


def visible_outlets(request):
    return visible_actors(request).outlets()


def visible_events(request):
    return Event.objects.visible_to(getattr(request, "user", None))


def visible_sections(request):
    return Section.objects.visible_to(getattr(request, "user", None))


def visible_topics(request):
    return Topic.objects.visible_to(getattr(request, "user", None))


def visible_authors(request):
    return Author.objects.visible_to(getattr(request, "user", None))


class ArticleFilter(django_filters.FilterSet):
    actor = SlugFilter(
        queryset=visible_actors,
        noun="actor",
        method="filter_actor",
        help_text="Slug of an actor the story is about, mentions, quotes or cites as its outlet.",
    )
    event = SlugFilter(
        queryset=visible_events,
        noun="event",
        method="filter_event",
        help_text="Slug of an event the story covers or quotes someone at.",
    )
    section = SlugFilter(
        queryset=visible_sections, noun="section", help_text="Slug of the story's section."
    )
    topic = SlugFilter(
        queryset=visible_topics,
        noun="topic",
        field_name="topics",
        help_text="Slug of a topic of the story.",
    )
    author = SlugFilter(
        queryset=visible_authors,
        noun="author",
        field_name="authors",
        help_text="Slug of one of the story's authors.",
    )
    status = django_filters.ChoiceFilter(
        choices=Article.Status.choices,
        help_text="Workflow status. Anonymous clients only ever see published stories.",
    )
    published_after = PartialDateFilter(field_name="published_at__date", bound="after")
    published_before = PartialDateFilter(field_name="published_at__date", bound="before")
    q = SearchFilter(
        kind=Kind.STORY,
        help_text="Words to find in the story, or in the names of those it shows; English "
        "words match by their stem (denuclearization, denuclearizing). Searches the stories "
        "readers may see.",
    )

    class Meta:
        model = Article
        fields = [
            "actor",
            "event",
            "section",
            "topic",
            "author",
            "status",
            "published_after",
            "published_before",
            "q",
        ]

    def filter_actor(self, queryset, name, actor):
        if actor is None:
            return queryset
        return queryset.involving(actor)

    def filter_event(self, queryset, name, event):
        if event is None:
            return queryset
        return queryset.covering(event)


class QuoteFilter(django_filters.FilterSet):
    speaker = SlugFilter(queryset=visible_actors, noun="actor", help_text="Slug of the speaker.")
    outlet = SlugFilter(
        queryset=visible_outlets,
        noun="outlet",
        method="filter_outlet",
        help_text="Slug of an outlet the quote reached us through.",
    )
    article = SlugFilter(
        queryset=visible_articles, noun="article", help_text="Slug of the story it appears in."
    )
    event = SlugFilter(
        queryset=visible_events, noun="event", help_text="Slug of the event it was said at."
    )
    kind = django_filters.ChoiceFilter(choices=Quote.Kind.choices, help_text="Kind of quote.")
    said_on_after = PartialDateFilter(field_name="said_on", bound="after")
    said_on_before = PartialDateFilter(field_name="said_on", bound="before")
    q = SearchFilter(
        kind=Kind.QUOTE,
        help_text="Words to find in the quote, its speaker's names or label, or its "
        "outlets' names. Searches the quotes readers may see.",
    )

    class Meta:
        model = Quote
        fields = [
            "speaker",
            "outlet",
            "article",
            "event",
            "kind",
            "said_on_after",
            "said_on_before",
            "q",
        ]

    def filter_outlet(self, queryset, name, outlet):
        if outlet is None:
            return queryset
        return queryset.filter(
            pk__in=Quote.outlets.through.objects.filter(actor=outlet).values("quote_id")
        )
