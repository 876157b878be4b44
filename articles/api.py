from rest_framework import serializers, viewsets

from actors.api import ActorRefSerializer
from actors.models import Event
from articles.models import Article, Correction, Quote


class EventRefSerializer(serializers.ModelSerializer):
    date = serializers.CharField(source="date_iso", read_only=True)

    class Meta:
        model = Event
        fields = ["slug", "title", "date"]


class QuoteSerializer(serializers.ModelSerializer):
    speaker = ActorRefSerializer(read_only=True)
    outlets = ActorRefSerializer(many=True, read_only=True)
    article = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    said_on = serializers.CharField(
        source="said_on_iso", read_only=True, help_text="Reduced-precision ISO 8601."
    )
    event = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Quote
        fields = [
            "id",
            "text",
            "kind",
            "speaker",
            "speaker_label",
            "outlets",
            "article",
            "said_on",
            "said_on_precision",
            "start",
            "end",
            "event",
        ]


class CorrectionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Correction
        fields = ["text", "published_on"]


class ArticleListSerializer(serializers.ModelSerializer):
    class Meta:
        model = Article
        fields = [
            "headline",
            "slug",
            "standfirst",
            "byline",
            "dateline",
            "status",
            "published_at",
            "updated_at",
        ]


class ArticleDetailSerializer(ArticleListSerializer):
    quotes = QuoteSerializer(many=True, read_only=True)
    about = ActorRefSerializer(many=True, read_only=True)
    mentions = ActorRefSerializer(many=True, read_only=True)
    events = EventRefSerializer(many=True, read_only=True)
    corrections = CorrectionSerializer(many=True, read_only=True)

    class Meta(ArticleListSerializer.Meta):
        fields = [
            *ArticleListSerializer.Meta.fields,
            "body",
            "quotes",
            "about",
            "mentions",
            "events",
            "corrections",
        ]


class ArticleViewSet(viewsets.ReadOnlyModelViewSet):
    lookup_field = "slug"

    def get_serializer_class(self):
        return ArticleListSerializer if self.action == "list" else ArticleDetailSerializer

    def get_queryset(self):
        queryset = Article.objects.visible_to(self.request.user)
        if self.action != "list":
            queryset = queryset.prefetch_related(
                "quotes__speaker",
                "quotes__outlets",
                "quotes__event",
                "about",
                "mentions",
                "events",
                "corrections",
            )
        return queryset


class QuoteViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = QuoteSerializer

    def get_queryset(self):
        return (
            Quote.objects.published()
            .select_related("speaker", "article", "event")
            .prefetch_related("outlets")
        )
