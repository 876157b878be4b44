from rest_framework import serializers, viewsets

from actors.models import Actor, Affiliation, Event, EventParticipant


class ActorRefSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="display_name", read_only=True)

    class Meta:
        model = Actor
        fields = ["slug", "name"]


class AffiliationSerializer(serializers.ModelSerializer):
    organization = ActorRefSerializer(read_only=True)

    class Meta:
        model = Affiliation
        fields = ["organization", "role_title", "start_date", "end_date"]


class ActorSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="display_name", read_only=True)
    country = ActorRefSerializer(read_only=True)
    affiliations = AffiliationSerializer(many=True, read_only=True)

    class Meta:
        model = Actor
        fields = [
            "name",
            "slug",
            "kind",
            "outlet_type",
            "native_name",
            "description",
            "wikidata_id",
            "anonymous",
            "country",
            "affiliations",
        ]


class ParticipantSerializer(serializers.ModelSerializer):
    actor = ActorRefSerializer(read_only=True)

    class Meta:
        model = EventParticipant
        fields = ["actor", "role"]


class EventSerializer(serializers.ModelSerializer):
    date = serializers.CharField(
        source="date_iso", read_only=True, help_text="Reduced-precision ISO 8601."
    )
    location = serializers.CharField(read_only=True)
    location_country = ActorRefSerializer(read_only=True)
    parent = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    participants = ParticipantSerializer(source="participations", many=True, read_only=True)

    class Meta:
        model = Event
        fields = [
            "title",
            "slug",
            "kind",
            "date",
            "date_precision",
            "end_date",
            "location",
            "location_name",
            "location_country",
            "parent",
            "description",
            "participants",
        ]


class ActorViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ActorSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return Actor.objects.select_related("country").prefetch_related(
            "affiliations__organization"
        )


class EventViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = EventSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return Event.objects.select_related("location_country", "parent").prefetch_related(
            "participations__actor"
        )
