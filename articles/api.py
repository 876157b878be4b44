"""The articles and quotes API: reads for everyone, token-authenticated writes for the newsroom.

Field names are a public contract: add fields freely, never rename one. Every write
goes through ``articles.services``, the same functions the admin uses, so the
Reporter/Editor rules and the quote checks hold here too.
"""

from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
)
from rest_framework import permissions, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from actors.api import (
    ACTOR_SLUG,
    ActorRefSerializer,
)
from actors.models import Actor, Event
from articles import ninjs, services
from articles.filters import ArticleFilter, QuoteFilter
from articles.models import Article, Correction, Quote, can_preview
from core.api import (
    NOT_FOUND,
    WRITE_RESPONSES,
    PartialDateField,
    ResourceViewSet,
    SlugRefField,
    WebUrlField,
    apply_partial_date,
    write_schema,
)

# ---------------------------------------------------------------------------
# Read representations


class EventRefSerializer(serializers.ModelSerializer):
    date = serializers.CharField(source="date_iso", read_only=True, allow_null=True)
    url = serializers.HyperlinkedIdentityField(view_name="api:event-detail", lookup_field="slug")

    class Meta:
        model = Event
        fields = ["slug", "title", "date", "url"]


class QuoteSerializer(serializers.ModelSerializer):
    speaker = ActorRefSerializer(read_only=True, allow_null=True)
    outlets = ActorRefSerializer(many=True, read_only=True)
    article = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    said_on = serializers.CharField(
        source="said_on_iso",
        read_only=True,
        allow_null=True,
        help_text="Reduced-precision ISO 8601: YYYY, YYYY-MM or YYYY-MM-DD.",
    )
    said_on_display = serializers.CharField(read_only=True)
    event = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    verified = serializers.BooleanField(
        source="is_verified",
        read_only=True,
        help_text="False when a direct or partial quote's words are no longer in the body.",
    )
    url = serializers.HyperlinkedIdentityField(view_name="api:quote-detail")
    web_url = WebUrlField()
    article_url = serializers.HyperlinkedRelatedField(
        source="article", view_name="api:article-detail", lookup_field="slug", read_only=True
    )
    event_url = serializers.HyperlinkedRelatedField(
        source="event",
        view_name="api:event-detail",
        lookup_field="slug",
        read_only=True,
        allow_null=True,
    )

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
            "said_on_display",
            "start",
            "end",
            "event",
            "verified",
            "url",
            "web_url",
            "article_url",
            "event_url",
            "version",
        ]


class CorrectionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Correction
        fields = ["text", "published_on"]


class ArticleListSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:article-detail", lookup_field="slug")
    web_url = WebUrlField()
    ninjs_url = serializers.HyperlinkedIdentityField(
        view_name="api:article-ninjs", lookup_field="slug"
    )

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
            "version",
            "url",
            "web_url",
            "ninjs_url",
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
            "body_html",
            "quotes",
            "about",
            "mentions",
            "events",
            "corrections",
        ]


# ---------------------------------------------------------------------------
# Write inputs


class ArticleWriteSerializer(serializers.ModelSerializer):
    """A story's text and what it covers. Its status changes only through the
    workflow actions (submit, schedule, publish, withdraw, return-to-draft)."""

    about = SlugRefField(noun="actor", queryset=Actor.objects.all(), many=True, required=False)
    mentions = SlugRefField(noun="actor", queryset=Actor.objects.all(), many=True, required=False)
    events = SlugRefField(noun="event", queryset=Event.objects.all(), many=True, required=False)
    version = serializers.IntegerField(
        min_value=1,
        required=False,
        help_text=(
            "On update, the version you edited (or send If-Match instead; 428 without "
            "either). If someone saved the story since, the change is refused with 409 "
            "instead of overwriting theirs. Ignored on create."
        ),
    )

    class Meta:
        model = Article
        fields = [
            "headline",
            "slug",
            "standfirst",
            "body",
            "byline",
            "dateline",
            "about",
            "mentions",
            "events",
            "version",
        ]
        # Uniqueness and the rest of the model's rules are checked by the service's full_clean,
        # inside the same transaction as the write.
        validators = []
        extra_kwargs = {"slug": {"validators": []}}


class QuoteWriteSerializer(serializers.ModelSerializer):
    """A quote in a story: who said it, through which outlets, when and where.

    A direct or partial quote must occur word for word in the article's body.
    """

    article = SlugRefField(
        noun="article",
        queryset=Article.objects.all(),
        help_text="Slug of the story. Fixed once the quote exists.",
    )
    speaker = SlugRefField(
        noun="actor", queryset=Actor.objects.all(), required=False, allow_null=True
    )
    outlets = SlugRefField(
        noun="outlet", queryset=Actor.objects.outlets(), many=True, required=False
    )
    event = SlugRefField(
        noun="event", queryset=Event.objects.all(), required=False, allow_null=True
    )
    said_on = PartialDateField(required=False, allow_null=True)
    said_on_precision = serializers.ChoiceField(
        choices=Quote._meta.get_field("said_on_precision").choices,
        required=False,
        help_text="Optional: coarsen the date's precision (day, month or year).",
    )
    version = serializers.IntegerField(
        min_value=1,
        required=False,
        help_text=(
            "On update, the version you edited (or send If-Match instead; 428 without "
            "either). If someone saved the quote since, the change is refused with 409 "
            "instead of overwriting theirs. Ignored on create."
        ),
    )

    class Meta:
        model = Quote
        fields = [
            "article",
            "text",
            "kind",
            "speaker",
            "speaker_label",
            "outlets",
            "said_on",
            "said_on_precision",
            "event",
            "version",
        ]

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None:
            # Only stories the client can see can be named, so slugs of others' drafts
            # are indistinguishable from unknown ones.
            fields["article"].queryset = Article.objects.visible_to(request.user)
        if self.instance is not None:
            fields["article"].read_only = True
        return fields

    def validate(self, attrs):
        return apply_partial_date(attrs, "said_on", "said_on_precision")


class ScheduleSerializer(serializers.Serializer):
    published_at = serializers.DateTimeField(help_text="When the story goes live (the future).")


class CorrectionWriteSerializer(serializers.Serializer):
    text = serializers.CharField(help_text="What was wrong and what is right now.")


# ---------------------------------------------------------------------------
# Views


def article_queryset(user, detail=False):
    queryset = Article.objects.visible_to(user)
    if detail:
        quotes = Quote.objects.all() if can_preview(user) else Quote.objects.public()
        queryset = queryset.prefetch_related(
            Prefetch("quotes", queryset=quotes.select_related("speaker", "event")),
            "quotes__outlets",
            "about",
            "mentions",
            "events",
            "corrections",
        )
    return queryset


def quote_queryset(user):
    """Staff see every quote (``verified: false`` marks those whose words left the body);
    everyone else the public ones."""
    quotes = (
        Quote.objects.filter(article__in=Article.objects.visible_to(user))
        if can_preview(user)
        else Quote.objects.public()
    )
    return quotes.select_related("speaker", "article", "event").prefetch_related("outlets")


@write_schema(
    ArticleDetailSerializer,
    ArticleWriteSerializer,
    versioned=True,
    list_read=ArticleListSerializer,
)
class ArticleViewSet(ResourceViewSet):
    """Stories. Anonymous clients see published stories only; staff also see drafts."""

    lookup_field = "slug"
    version_field = "version"
    write_serializer_class = ArticleWriteSerializer
    filterset_class = ArticleFilter
    ordering_fields = ["published_at", "updated_at", "created_at", "headline", "slug"]

    serializer_class = ArticleDetailSerializer

    def get_serializer_class(self):
        if self.action in ("create", "update", "partial_update"):
            return self.write_serializer_class
        if self.action == "schedule":
            return ScheduleSerializer
        if self.action == "corrections":
            return CorrectionWriteSerializer
        if self.action == "list":
            return ArticleListSerializer
        return ArticleDetailSerializer

    def get_queryset(self):
        return article_queryset(self.request.user, detail=self.action != "list")

    def read_representation(self, instance):
        instance = article_queryset(self.request.user, detail=True).get(pk=instance.pk)
        return ArticleDetailSerializer(instance, context=self.get_serializer_context()).data

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("version", None)
        return services.article_create(by=self.request.user, **data)

    def perform_update(self, serializer):
        # A stale version is the service's ValidationError, answered 409 by the handler.
        return services.article_update(
            article=serializer.instance, by=self.request.user, **serializer.validated_data
        )

    def perform_destroy(self, instance):
        services.article_delete(article=instance, by=self.request.user)

    def _transition(self, function, **kwargs):
        article = self.get_object()
        function(article=article, by=self.request.user, **kwargs)
        return Response(self.read_representation(article))

    transition_schema = extend_schema(
        request=None,
        responses={200: ArticleDetailSerializer, **WRITE_RESPONSES, 404: NOT_FOUND},
    )

    @transition_schema
    @action(detail=True, methods=["post"], permission_classes=[permissions.IsAuthenticated])
    def submit(self, request, slug=None):
        """Hand a draft to the editors (its author, or an editor)."""
        return self._transition(services.article_submit)

    @transition_schema
    @action(
        detail=True,
        methods=["post"],
        url_path="return-to-draft",
        permission_classes=[permissions.IsAuthenticated],
    )
    def return_to_draft(self, request, slug=None):
        """Send a story back to draft (editors)."""
        return self._transition(services.article_return_to_draft)

    @transition_schema
    @action(detail=True, methods=["post"], permission_classes=[permissions.IsAuthenticated])
    def publish(self, request, slug=None):
        """Publish now (editors)."""
        return self._transition(services.article_publish)

    @extend_schema(
        request=ScheduleSerializer,
        responses={200: ArticleDetailSerializer, **WRITE_RESPONSES, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"], permission_classes=[permissions.IsAuthenticated])
    def schedule(self, request, slug=None):
        """Publish automatically at ``published_at`` (editors)."""
        serializer = ScheduleSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self._transition(
            services.article_schedule, at=serializer.validated_data["published_at"]
        )

    @transition_schema
    @action(detail=True, methods=["post"], permission_classes=[permissions.IsAuthenticated])
    def withdraw(self, request, slug=None):
        """Take a story off the public site (editors)."""
        return self._transition(services.article_withdraw)

    @extend_schema(
        request=CorrectionWriteSerializer,
        responses={201: CorrectionSerializer, **WRITE_RESPONSES, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"], permission_classes=[permissions.IsAuthenticated])
    def corrections(self, request, slug=None):
        """Append a dated correction to a published story (editors)."""
        article = self.get_object()
        serializer = CorrectionWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        correction = services.correction_add(
            article=article, by=request.user, text=serializer.validated_data["text"]
        )
        return Response(CorrectionSerializer(correction).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="The story as IPTC ninjs 3.1",
        responses={
            200: OpenApiResponse(OpenApiTypes.OBJECT, description="A ninjs 3.1 item."),
            404: NOT_FOUND,
        },
        filters=False,
    )
    @action(detail=True, methods=["get"], url_path="ninjs")
    def ninjs(self, request, slug=None):
        """The story in IPTC ninjs 3.1, the JSON news agencies exchange."""
        article = self.get_object()
        return Response(ninjs.article_to_ninjs(article, request))


@write_schema(QuoteSerializer, QuoteWriteSerializer, versioned=True)
class QuoteViewSet(ResourceViewSet):
    """Quotes with their provenance. Anonymous clients see quotes of published stories only."""

    serializer_class = QuoteSerializer
    write_serializer_class = QuoteWriteSerializer
    # Ids beyond 64 bits cannot exist; refusing them in the URL keeps them from the database.
    lookup_value_regex = r"[0-9]{1,18}"
    filterset_class = QuoteFilter
    ordering_fields = ["said_on", "created_at", "updated_at", "id"]
    version_field = "version"

    def get_queryset(self):
        return quote_queryset(self.request.user)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("version", None)
        return services.quote_create(by=self.request.user, **data)

    def perform_update(self, serializer):
        return services.quote_update(
            quote=serializer.instance, by=self.request.user, **serializer.validated_data
        )

    def perform_destroy(self, instance):
        services.quote_delete(quote=instance, by=self.request.user)


READ_ONLY = ["get", "head", "options"]


@extend_schema(parameters=[ACTOR_SLUG])
class ActorQuoteList(QuoteViewSet):
    """Quotes an actor said, or (for an outlet) reported: ``/api/v1/actors/{slug}/quotes/``."""

    http_method_names = READ_ONLY

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # building the OpenAPI schema
            return super().get_queryset()
        if not hasattr(self, "actor"):
            self.actor = get_object_or_404(
                Actor.objects.visible_to(self.request.user), slug=self.kwargs["slug"]
            )
        reported = Quote.outlets.through.objects.filter(actor=self.actor).values("quote_id")
        return quote_queryset(self.request.user).filter(Q(speaker=self.actor) | Q(pk__in=reported))


@extend_schema(parameters=[ACTOR_SLUG])
class ActorArticleList(ArticleViewSet):
    """Stories about, mentioning or quoting an actor: ``/api/v1/actors/{slug}/articles/``."""

    http_method_names = READ_ONLY

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # building the OpenAPI schema
            return super().get_queryset()
        if not hasattr(self, "actor"):
            self.actor = get_object_or_404(
                Actor.objects.visible_to(self.request.user), slug=self.kwargs["slug"]
            )
        return article_queryset(self.request.user).involving(self.actor)


@extend_schema(
    parameters=[
        OpenApiParameter("slug", str, OpenApiParameter.PATH, description="The event's slug.")
    ]
)
class EventQuoteList(QuoteViewSet):
    """Quotes said at an event: ``/api/v1/events/{slug}/quotes/``."""

    http_method_names = READ_ONLY

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # building the OpenAPI schema
            return super().get_queryset()
        if not hasattr(self, "event"):
            self.event = get_object_or_404(
                Event.objects.visible_to(self.request.user), slug=self.kwargs["slug"]
            )
        return quote_queryset(self.request.user).filter(event=self.event)
