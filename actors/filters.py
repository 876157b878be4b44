"""Query-string filters for the actor and event API lists."""

import re

import django_filters
from django.db.models import Q

from actors.models import Actor, Event, EventParticipant
from core.filters import PartialDateFilter, SlugFilter, TextSearchFilter


class NameSearchFilter(TextSearchFilter):
    """Every word must occur in one of the fields, however the query hyphenates or
    punctuates it: "Kim Jong-un" finds Kim Jong Un (kim, jong and un each match)."""

    WORD = re.compile(r"[^\W_]+")

    def filter(self, qs, value):
        for word in self.WORD.findall(value or ""):
            match = Q()
            for field in self.search_fields:
                match |= Q(**{f"{field}__icontains": word})
            qs = qs.filter(match)
        return qs


class ActorFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=Actor.Kind.choices, help_text="Kind of actor.")
    country = SlugFilter(
        queryset=lambda request: Actor.objects.states().visible_to(getattr(request, "user", None)),
        noun="state",
        help_text="Slug of the state the actor belongs to.",
    )
    anonymous = django_filters.BooleanFilter(help_text="true for unnamed sources only.")
    q = NameSearchFilter(
        search_fields=("name", "native_name", "aliases", "description", "slug"),
        help_text="Words to find in the name, native name, other names, description or slug.",
    )

    class Meta:
        model = Actor
        fields = ["kind", "country", "anonymous", "q"]


class EventFilter(django_filters.FilterSet):
    participant = SlugFilter(
        field_name="participants",
        queryset=lambda request: Actor.objects.visible_to(getattr(request, "user", None)),
        noun="actor",
        help_text="Slug of an actor taking part in the event.",
    )
    role = django_filters.ChoiceFilter(
        field_name="participations__role",
        choices=EventParticipant.Role.choices,
        help_text="With participant: the role that actor had; alone: any actor in that role.",
    )
    kind = django_filters.ChoiceFilter(choices=Event.Kind.choices, help_text="Kind of event.")
    date_after = PartialDateFilter(field_name="date", bound="after")
    date_before = PartialDateFilter(field_name="date", bound="before")
    q = TextSearchFilter(
        search_fields=("title", "description", "location_name"),
        help_text="Words to find in the title, description or place.",
    )

    class Meta:
        model = Event
        fields = ["participant", "role", "kind", "date_after", "date_before", "q"]

    def filter_queryset(self, queryset):
        # participant and role describe the same participation row, so filter them together
        # and without joins that would repeat an event once per participant.
        data = dict(self.form.cleaned_data)
        participant, role = data.pop("participant", None), data.pop("role", None)
        if participant or role:
            rows = EventParticipant.objects.all()
            if participant:
                rows = rows.filter(actor=participant)
            if role:
                rows = rows.filter(role=role)
            queryset = queryset.filter(pk__in=rows.values("event_id"))
        for name, value in data.items():
            queryset = self.filters[name].filter(queryset, value)
        return queryset
