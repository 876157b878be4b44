"""The actors and events API: who exists and what happened, readable by anyone.

Field names are a public contract: add fields freely, never rename one.
"""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers

from actors import services
from actors.filters import ActorFilter, EventFilter
from actors.models import Actor, Affiliation, Event, EventParticipant
from core import dates
from core.api import (
    PartialDateField,
    ResourceViewSet,
    SlugRefField,
    WebUrlField,
    apply_partial_date,
    write_schema,
)


class ActorRefSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="display_name", read_only=True)
    url = serializers.HyperlinkedIdentityField(view_name="api:actor-detail", lookup_field="slug")

    class Meta:
        model = Actor
        fields = ["slug", "name", "url"]


class AffiliationSerializer(serializers.ModelSerializer):
    organization = ActorRefSerializer(read_only=True)

    class Meta:
        model = Affiliation
        fields = ["organization", "role_title", "start_date", "end_date"]


class ActorSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="display_name", read_only=True)
    aliases = serializers.ListField(child=serializers.CharField(), read_only=True)
    country = ActorRefSerializer(read_only=True, allow_null=True)
    affiliations = AffiliationSerializer(many=True, read_only=True)
    wikidata_url = serializers.CharField(read_only=True)
    url = serializers.HyperlinkedIdentityField(view_name="api:actor-detail", lookup_field="slug")
    web_url = WebUrlField()
    quotes_url = serializers.HyperlinkedIdentityField(
        view_name="api:actor-quotes", lookup_field="slug"
    )
    events_url = serializers.HyperlinkedIdentityField(
        view_name="api:actor-events", lookup_field="slug"
    )
    articles_url = serializers.HyperlinkedIdentityField(
        view_name="api:actor-articles", lookup_field="slug"
    )

    class Meta:
        model = Actor
        fields = [
            "name",
            "slug",
            "kind",
            "outlet_type",
            "native_name",
            "aliases",
            "description",
            "wikidata_id",
            "wikidata_url",
            "anonymous",
            "country",
            "affiliations",
            "url",
            "web_url",
            "quotes_url",
            "events_url",
            "articles_url",
            "created_at",
            "updated_at",
        ]


class ActorWriteSerializer(serializers.ModelSerializer):
    """Create or change an actor. ``country`` is the slug of a state."""

    aliases = serializers.ListField(
        child=serializers.CharField(max_length=200),
        required=False,
        max_length=50,
        help_text="Other names the copy may use: spellings, transliterations, short forms.",
    )

    country = SlugRefField(
        noun="state", queryset=Actor.objects.states(), required=False, allow_null=True
    )

    class Meta:
        model = Actor
        fields = [
            "name",
            "slug",
            "kind",
            "outlet_type",
            "native_name",
            "aliases",
            "description",
            "wikidata_id",
            "anonymous",
            "country",
        ]


class ParticipantSerializer(serializers.ModelSerializer):
    actor = ActorRefSerializer(read_only=True)

    class Meta:
        model = EventParticipant
        fields = ["actor", "role"]


class ParticipantWriteSerializer(serializers.Serializer):
    actor = SlugRefField(noun="actor", queryset=Actor.objects.all())
    role = serializers.ChoiceField(
        choices=EventParticipant.Role.choices, default=EventParticipant.Role.PARTICIPANT
    )


class EventSerializer(serializers.ModelSerializer):
    date = serializers.CharField(
        source="date_iso",
        read_only=True,
        allow_null=True,
        help_text="Reduced-precision ISO 8601: YYYY, YYYY-MM or YYYY-MM-DD; null if unknown.",
    )
    date_display = serializers.CharField(read_only=True)
    location = serializers.CharField(read_only=True)
    location_country = ActorRefSerializer(read_only=True, allow_null=True)
    parent = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    participants = ParticipantSerializer(source="participations", many=True, read_only=True)
    url = serializers.HyperlinkedIdentityField(view_name="api:event-detail", lookup_field="slug")
    web_url = WebUrlField()
    quotes_url = serializers.HyperlinkedIdentityField(
        view_name="api:event-quotes", lookup_field="slug"
    )

    class Meta:
        model = Event
        fields = [
            "title",
            "slug",
            "kind",
            "date",
            "date_precision",
            "date_display",
            "end_date",
            "location",
            "location_name",
            "location_country",
            "parent",
            "description",
            "participants",
            "url",
            "web_url",
            "quotes_url",
            "created_at",
            "updated_at",
        ]


class EventWriteSerializer(serializers.ModelSerializer):
    """Create or change an event; ``participants`` (optional) replaces the whole list."""

    date = PartialDateField(required=False, allow_null=True)
    date_precision = serializers.ChoiceField(
        choices=dates.DatePrecision.choices,
        required=False,
        help_text="Optional: coarsen the date's precision (day, month or year).",
    )
    location_country = SlugRefField(
        noun="state", queryset=Actor.objects.states(), required=False, allow_null=True
    )
    parent = SlugRefField(
        noun="event", queryset=Event.objects.all(), required=False, allow_null=True
    )
    participants = ParticipantWriteSerializer(many=True, required=False)

    class Meta:
        model = Event
        fields = [
            "title",
            "slug",
            "kind",
            "date",
            "date_precision",
            "end_date",
            "location_name",
            "location_country",
            "parent",
            "description",
            "participants",
        ]

    def validate(self, attrs):
        return apply_partial_date(attrs, "date", "date_precision")


def actor_queryset():
    return Actor.objects.select_related("country").prefetch_related("affiliations__organization")


def event_queryset(user=None):
    """Events with their participants; readers see only the participants who are public."""
    participations = EventParticipant.objects.select_related("actor")
    if user is None or not (user.is_authenticated and user.is_staff):
        participations = participations.filter(actor__in=Actor.objects.public())
    return Event.objects.select_related("location_country", "parent").prefetch_related(
        Prefetch("participations", queryset=participations)
    )


@write_schema(ActorSerializer, ActorWriteSerializer)
class ActorViewSet(ResourceViewSet):
    """People, states, organisations, outlets and unnamed sources. Public records."""

    serializer_class = ActorSerializer
    write_serializer_class = ActorWriteSerializer
    lookup_field = "slug"
    filterset_class = ActorFilter
    ordering_fields = ["name", "slug", "kind", "created_at", "updated_at"]
    ordering = ["name"]

    def get_queryset(self):
        return actor_queryset().visible_to(self.request.user)

    def perform_create(self, serializer):
        return services.actor_create(by=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        return services.actor_update(
            actor=serializer.instance, by=self.request.user, **serializer.validated_data
        )

    def perform_destroy(self, instance):
        services.actor_delete(actor=instance, by=self.request.user)


@write_schema(EventSerializer, EventWriteSerializer)
class EventViewSet(ResourceViewSet):
    """Summits, parades, statements, deployments. Public records."""

    serializer_class = EventSerializer
    write_serializer_class = EventWriteSerializer
    lookup_field = "slug"
    filterset_class = EventFilter
    ordering_fields = ["date", "title", "slug", "kind", "created_at", "updated_at"]

    def get_queryset(self):
        return event_queryset(self.request.user).visible_to(self.request.user)

    def perform_create(self, serializer):
        return services.event_create(by=self.request.user, **_event_fields(serializer))

    def perform_update(self, serializer):
        return services.event_update(
            event=serializer.instance, by=self.request.user, **_event_fields(serializer)
        )

    def perform_destroy(self, instance):
        services.event_delete(event=instance, by=self.request.user)


def _event_fields(serializer):
    """The serializer's fields, participants as the service takes them."""
    fields = dict(serializer.validated_data)
    if "participants" in fields:
        fields["participants"] = [dict(row) for row in fields["participants"]]
    return fields


ACTOR_SLUG = OpenApiParameter(
    "slug", str, OpenApiParameter.PATH, description="The actor's slug, e.g. kim-jong-un."
)


@extend_schema(parameters=[ACTOR_SLUG])
class ActorEventList(EventViewSet):
    """The events an actor takes part in: ``/api/v1/actors/{slug}/events/``."""

    http_method_names = ["get", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # building the OpenAPI schema
            return super().get_queryset()
        if not hasattr(self, "actor"):
            self.actor = get_object_or_404(
                Actor.objects.visible_to(self.request.user), slug=self.kwargs["slug"]
            )
        return (
            event_queryset(self.request.user)
            .visible_to(self.request.user)
            .filter(pk__in=EventParticipant.objects.filter(actor=self.actor).values("event_id"))
        )
