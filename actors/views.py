"""The reader's pages for actors and events.

These pages show our published coverage of an actor or an event, so unlike the
models they read from ``articles``. Each view fetches what its template shows in
a fixed number of queries.
"""

from django.db.models import F, Prefetch, Q
from django.views.generic import DetailView, ListView

from actors.models import Actor, Affiliation, Event, EventParticipant
from articles import jsonld
from articles.models import Article, Quote
from articles.views import quotes_with_provenance


def published_stories():
    return Article.objects.published().only(
        "headline", "slug", "standfirst", "byline", "dateline", "published_at"
    )


class ActorListView(ListView):
    """Everyone with a page, by kind: people, states, organisations, outlets."""

    context_object_name = "actors"

    def get_queryset(self):
        return Actor.objects.named().order_by("kind", "name")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        groups = {kind: [] for kind in Actor.Kind}
        for actor in context["actors"]:
            groups[actor.kind].append(actor)
        context["groups"] = [(kind.label, kind.value, groups[kind]) for kind in Actor.Kind]
        return context


class ActorDetailView(DetailView):
    """An actor's page. Unnamed sources have none: their slug answers 404."""

    context_object_name = "actor"

    def get_queryset(self):
        return (
            Actor.objects.named()
            .select_related("country")
            .prefetch_related(
                Prefetch(
                    "affiliations",
                    queryset=Affiliation.objects.select_related("organization"),
                ),
                Prefetch(
                    "participations",
                    queryset=EventParticipant.objects.select_related(
                        "event__location_country"
                    ).order_by(F("event__date").desc(nulls_last=True), "event__title"),
                ),
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        actor = self.object
        by_date = (F("said_on").desc(nulls_last=True), "-article__published_at", "start")
        context.update(
            quotes=quotes_with_provenance(
                Quote.objects.published().filter(speaker=actor).order_by(*by_date)
            ),
            reported=(
                quotes_with_provenance(
                    Quote.objects.published().filter(outlets=actor).order_by(*by_date)
                )
                if actor.kind == Actor.Kind.OUTLET
                else []
            ),
            stories=published_stories()
            .filter(Q(about=actor) | Q(mentions=actor) | Q(quotes__speaker=actor))
            .distinct(),
            participations=list(actor.participations.all()),
            jsonld=jsonld.actor(actor, self.request),
        )
        return context


class EventListView(ListView):
    """The timeline: every event in date order, undated ones last."""

    context_object_name = "events"
    template_name = "actors/event_list.html"

    def get_queryset(self):
        return Event.objects.chronological().select_related("location_country")


class EventDetailView(DetailView):
    context_object_name = "event"

    def get_queryset(self):
        return Event.objects.select_related("location_country", "parent").prefetch_related(
            Prefetch(
                "participations",
                queryset=EventParticipant.objects.select_related("actor").order_by("pk"),
            ),
            Prefetch("children", queryset=Event.objects.chronological()),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event = self.object
        participations = list(event.participations.all())
        context.update(
            participations=participations,
            quotes=quotes_with_provenance(
                Quote.objects.published()
                .filter(event=event)
                .order_by("-article__published_at", "start", "pk")
            ),
            stories=published_stories().filter(events=event),
            jsonld=jsonld.event(event, participations, self.request),
        )
        return context
