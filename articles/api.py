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
    extend_schema_view,
)
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from actors.api import (
    ACTOR_SLUG,
    ActorRefSerializer,
)
from actors.models import Actor, Event
from articles import ninjs, services
from articles.filters import ArticleFilter, QuoteFilter
from articles.models import (
    Article,
    Author,
    Authorship,
    Correction,
    Quote,
    Section,
    Topic,
    can_preview,
    is_partner,
)
from articles.views import public_quotes
from core.api import (
    CONFLICT,
    IF_MATCH,
    NOT_FOUND,
    PRECONDITION_FAILED,
    SLUG_PATTERN,
    WRITE_RESPONSES,
    ApiViewMixin,
    PartialDateField,
    ResourceViewSet,
    SlugRefField,
    WebUrlField,
    apply_partial_date,
    write_schema,
)
from core.pagination import NewestFirstPagination
from images.api import ImageRefField, PictureSerializer

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


class SectionRefSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:section-detail", lookup_field="slug")

    class Meta:
        model = Section
        fields = ["slug", "name", "url"]


class TopicRefSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:topic-detail", lookup_field="slug")

    class Meta:
        model = Topic
        fields = ["slug", "name", "url"]


class AuthorshipRefSerializer(serializers.ModelSerializer):
    """One author of a story, in byline order."""

    slug = serializers.CharField(source="author.slug", read_only=True)
    name = serializers.CharField(source="author.name", read_only=True)
    url = serializers.HyperlinkedRelatedField(
        source="author", view_name="api:author-detail", lookup_field="slug", read_only=True
    )

    class Meta:
        model = Authorship
        fields = ["slug", "name", "url"]


class ArticleListSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:article-detail", lookup_field="slug")
    section = SectionRefSerializer(read_only=True, allow_null=True)
    topics = TopicRefSerializer(many=True, read_only=True)
    authors = AuthorshipRefSerializer(
        source="authorships",
        many=True,
        read_only=True,
        help_text="The story's authors in byline order. "
        "The free-text byline (wire copy) is in byline.",
    )
    embargoed = serializers.BooleanField(
        source="is_under_embargo",
        read_only=True,
        help_text="True while the story is under embargo: partners may read it, and must not "
        "publish it, before embargoed_until. False once it is live for everyone.",
    )
    embargoed_until = serializers.DateTimeField(
        read_only=True,
        allow_null=True,
        help_text="When the embargo lifts and the story goes live for everyone (null when "
        "not under embargo).",
    )
    lead_image = PictureSerializer(
        read_only=True,
        allow_null=True,
        help_text="The lead photo, shown above the story: its words and renditions.",
    )
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
            "embargoed",
            "embargoed_until",
            "section",
            "topics",
            "authors",
            "lead_image",
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
        extra_kwargs = {
            "body": {
                "help_text": "The body's text, one paragraph per line: what quotes' "
                "start and end offsets count."
            },
            "body_html": {
                "help_text": "The structured body as sanitised HTML (paragraphs, "
                "subheadings, links, emphasis, lists, block quotes), without "
                "quote markup."
            },
        }


# ---------------------------------------------------------------------------
# Write inputs


class ArticleWriteSerializer(serializers.ModelSerializer):
    """A story's text and what it covers. Its status changes only through the
    workflow actions (submit, schedule, publish, withdraw, return-to-draft)."""

    about = SlugRefField(noun="actor", queryset=Actor.objects.all(), many=True, required=False)
    mentions = SlugRefField(noun="actor", queryset=Actor.objects.all(), many=True, required=False)
    events = SlugRefField(noun="event", queryset=Event.objects.all(), many=True, required=False)
    section = SlugRefField(
        noun="section",
        queryset=Section.objects.all(),
        required=False,
        allow_null=True,
        help_text="Slug of the story's section (null for none).",
    )
    topics = SlugRefField(noun="topic", queryset=Topic.objects.all(), many=True, required=False)
    authors = SlugRefField(
        noun="author",
        queryset=Author.objects.all(),
        many=True,
        required=False,
        help_text="Slugs of the story's authors, in byline order.",
    )
    lead_image = ImageRefField(
        required=False,
        allow_null=True,
        help_text="The id of the lead photo in the image library (null for none).",
    )
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
            "body_html",
            "byline",
            "dateline",
            "about",
            "mentions",
            "events",
            "section",
            "topics",
            "authors",
            "lead_image",
            "version",
        ]
        # Uniqueness and the rest of the model's rules are checked by the service's full_clean,
        # inside the same transaction as the write.
        validators = []
        extra_kwargs = {
            "slug": {"validators": [], "required": False, "allow_blank": True},
            # Either one writes the body (a new story needs one of them); the service
            # reconciles them (articles.services.story_body).
            "body": {
                "required": False,
                "help_text": "The body as plain text, one paragraph per line. Send this or "
                "body_html; sent with body_html, it must be body_html's text.",
            },
            "body_html": {
                "required": False,
                "help_text": "The structured body as HTML: paragraphs, subheadings (h2, h3), "
                "links (http, https, mailto), strong, em, lists, block quotes, rules. "
                "Anything else is removed; body becomes its text.",
            },
        }

    def to_internal_value(self, data):
        # A new story needs a body: either field, named with the other missing fields.
        errors = {}
        try:
            value = super().to_internal_value(data)
        except serializers.ValidationError as error:
            errors = dict(error.detail)
        if (
            self.instance is None
            and hasattr(data, "keys")
            and not {"body", "body_html"} & set(data.keys())
        ):
            errors["body"] = [
                "A story needs a body: send body (plain text, a paragraph per line) or "
                "body_html (the structured body)."
            ]
        if errors:
            raise serializers.ValidationError(errors)
        return value


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


TRANSITION_VERSION_HELP = (
    "Optional: the version you acted on (or send If-Match). If someone saved the story "
    "since, the change is refused with 409."
)


class LiftTimeField(serializers.DateTimeField):
    """A date and time; a NUL character in it is refused, as in any text we accept."""

    def to_internal_value(self, value):
        if isinstance(value, str) and "\x00" in value:
            raise serializers.ValidationError("Null characters are not allowed.", code="null")
        return super().to_internal_value(value)


class EmbargoSerializer(serializers.Serializer):
    until = LiftTimeField(
        help_text="When the embargo lifts and the story goes live for everyone (the future). "
        "Partners' tokens read it before then, marked as embargoed."
    )
    version = serializers.IntegerField(
        min_value=1, required=False, help_text=TRANSITION_VERSION_HELP
    )


class LiftEmbargoSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        min_value=1, required=False, help_text=TRANSITION_VERSION_HELP
    )


class CorrectionWriteSerializer(serializers.Serializer):
    text = serializers.CharField(help_text="What was wrong and what is right now.")


# ---------------------------------------------------------------------------
# Views


def article_queryset(user, detail=False):
    queryset = (
        Article.objects.visible_to(user)
        .select_related("section", "lead_image")
        .prefetch_related(
            "topics",
            Prefetch(
                "authorships",
                queryset=Authorship.objects.select_related("author").order_by("position", "pk"),
            ),
        )
    )
    if detail:
        if can_preview(user):
            quotes = Quote.objects.all()
        elif is_partner(user):  # the stories are those the partner may read: their quotes
            quotes = Quote.objects.verified()
        else:
            quotes = Quote.objects.public()
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
    if can_preview(user):
        quotes = Quote.objects.filter(article__in=Article.objects.visible_to(user))
    elif is_partner(user):  # also the quotes of stories under embargo
        quotes = Quote.objects.filter(article__in=Article.objects.visible_to(user)).verified()
    else:
        # Each quote's story checked row by row: a list newest first reads the quotes'
        # primary key index and stops at the page's end.
        quotes = public_quotes()
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
        if self.action in ("embargo", "extend_embargo"):
            return EmbargoSerializer
        if self.action == "lift_embargo":
            return LiftEmbargoSerializer
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

    def _embargo_transition(self, function, serializer_class):
        """An embargo change: honours If-Match (412) and an optional "version" (409)."""
        article = self.get_object()
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        kwargs = dict(serializer.validated_data)
        matched = self.check_if_match(self.request, article)
        if matched is not None:
            kwargs.setdefault("version", matched["version"])
        function(article=article, by=self.request.user, **kwargs)
        return Response(self.read_representation(article))

    embargo_schema = extend_schema(
        request=EmbargoSerializer,
        parameters=[IF_MATCH],
        responses={
            200: ArticleDetailSerializer,
            **WRITE_RESPONSES,
            404: NOT_FOUND,
            409: CONFLICT,
            412: PRECONDITION_FAILED,
        },
    )

    @embargo_schema
    @action(detail=True, methods=["post"], permission_classes=[permissions.IsAuthenticated])
    def embargo(self, request, slug=None):
        """Schedule the story for ``until`` and let partners read it before then (editors)."""
        return self._embargo_transition(services.article_embargo, EmbargoSerializer)

    @extend_schema(
        request=LiftEmbargoSerializer,
        parameters=[IF_MATCH],
        responses={
            200: ArticleDetailSerializer,
            **WRITE_RESPONSES,
            404: NOT_FOUND,
            409: CONFLICT,
            412: PRECONDITION_FAILED,
        },
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="lift-embargo",
        permission_classes=[permissions.IsAuthenticated],
    )
    def lift_embargo(self, request, slug=None):
        """Publish an embargoed story now, before its lift time (editors)."""
        return self._embargo_transition(services.article_lift_embargo, LiftEmbargoSerializer)

    @embargo_schema
    @action(
        detail=True,
        methods=["post"],
        url_path="extend-embargo",
        permission_classes=[permissions.IsAuthenticated],
    )
    def extend_embargo(self, request, slug=None):
        """Move an embargo's lift time, later or earlier but in the future (editors)."""
        return self._embargo_transition(services.article_extend_embargo, EmbargoSerializer)

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
    # Newest recorded first (by id), paged by cursor: no count, no sort of the archive.
    pagination_class = NewestFirstPagination

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


# ---------------------------------------------------------------------------
# Sections, topics and authors: read-only here (the desk edits them)


class SectionSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:section-detail", lookup_field="slug")
    web_url = WebUrlField()

    class Meta:
        model = Section
        fields = ["slug", "name", "description", "url", "web_url"]


class TopicSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:topic-detail", lookup_field="slug")
    web_url = WebUrlField()

    class Meta:
        model = Topic
        fields = ["slug", "name", "description", "url", "web_url"]


class AuthorSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:author-detail", lookup_field="slug")
    web_url = WebUrlField()

    class Meta:
        model = Author
        fields = ["slug", "name", "role", "bio", "url", "web_url"]


class TaxonomyViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    """Readers see those with a published story (as on the site); staff see all.
    Their stories: ``/api/v1/articles/?section=``, ``?topic=``, ``?author=``."""

    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN
    ordering_fields = ["name", "slug"]

    def get_queryset(self):
        return self.serializer_class.Meta.model.objects.visible_to(self.request.user)


@extend_schema_view(list=extend_schema(summary="Sections"))
class SectionViewSet(TaxonomyViewSet):
    """A story's primary section ("Asia", "Diplomacy"). ``?section=<slug>`` on articles."""

    serializer_class = SectionSerializer
    ordering_fields = ["position", "name", "slug"]
    ordering = ["position", "name"]


@extend_schema_view(list=extend_schema(summary="Topics"))
class TopicViewSet(TaxonomyViewSet):
    """What stories are about across sections. ``?topic=<slug>`` on articles."""

    serializer_class = TopicSerializer
    ordering = ["name"]


@extend_schema_view(list=extend_schema(summary="Authors"))
class AuthorViewSet(TaxonomyViewSet):
    """Reporters' and editors' public profiles. ``?author=<slug>`` on articles."""

    serializer_class = AuthorSerializer
    ordering = ["name", "pk"]
