"""The intake desk over the API: proposals for any text, and drafts from ninjs items.

``POST /api/v1/extract/`` answers the proposals for ``{"text": ...}`` to any signed-in
client, and writes nothing. ``POST /api/v1/articles/import/`` turns a ninjs item into a
draft, with the same rules as the desk (``articles.add_article``).
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import permissions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from articles.api import ArticleDetailSerializer, article_queryset
from core.api import PAYLOAD_TOO_LARGE, PROBLEM, ApiViewMixin
from intake import services
from intake.copy import read_text


class ExtractRequestSerializer(serializers.Serializer):
    text = serializers.CharField(
        trim_whitespace=False,
        allow_blank=True,
        help_text="The report, plain text (UTF-8), at most 1 MB.",
    )

    def validate_text(self, value):
        try:
            return read_text(value, what="The text")
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from error


ACTOR_SPAN = inline_serializer(
    "ActorSpan",
    {
        "name": serializers.CharField(),
        "start": serializers.IntegerField(),
        "end": serializers.IntegerField(),
        "actor": serializers.CharField(allow_null=True, help_text="Matched actor's slug."),
        "new_actor_kind": serializers.CharField(
            allow_null=True, help_text="For a name with no match: the kind it would be created as."
        ),
    },
)
PROPOSAL = inline_serializer(
    "QuoteProposal",
    {
        "text": serializers.CharField(),
        "kind": serializers.ChoiceField(choices=["direct", "partial", "paraphrase"]),
        "start": serializers.IntegerField(),
        "end": serializers.IntegerField(),
        "speaker": ACTOR_SPAN,
        "outlets": ACTOR_SPAN,
        "said_on": serializers.CharField(allow_null=True),
        "said_on_precision": serializers.CharField(allow_null=True),
        "event": serializers.CharField(allow_null=True, help_text="Matched event's slug."),
        "confidence": serializers.FloatField(),
        "cue": serializers.CharField(),
    },
)


def _span(span, actor, new):
    if span is None:
        return None
    return {
        **span.to_dict(),
        "actor": actor.slug if actor is not None else None,
        "new_actor_kind": new.kind if new is not None and actor is None else None,
    }


def proposal_data(item):
    """A reviewed proposal as JSON: the extractor's fields, with the matched slugs."""
    data = item.proposal.to_dict()
    data["speaker"] = _span(item.proposal.speaker, item.speaker, item.new_speaker)
    data["outlets"] = [_span(span, actor, new) for span, actor, new in item.outlet_matches]
    data["event"] = item.event.slug if item.event else None
    return data


class ExtractView(ApiViewMixin, APIView):
    """Proposed quotes for a text: who said what, through which outlet, when."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        request=ExtractRequestSerializer,
        responses={
            200: inline_serializer(
                "ExtractResult",
                {
                    "quotes": serializers.ListField(child=PROPOSAL),
                    "message": serializers.CharField(),
                },
            ),
            400: PROBLEM,
            401: PROBLEM,
            413: PAYLOAD_TOO_LARGE,
        },
    )
    def post(self, request):
        serializer = ExtractRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        items = services.propose(serializer.validated_data["text"])
        quotes = [proposal_data(item) for item in items]
        message = (
            f"{len(quotes)} quote{'s' if len(quotes) != 1 else ''} proposed."
            if quotes
            else "No quotes found: the text quotes nobody the desk can recognise."
        )
        return Response({"quotes": quotes, "message": message})


class ArticleImportView(ApiViewMixin, APIView):
    """A ninjs item (1.x to 3.x) in, a draft out (its body is the item's text)."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        request={"application/json": OpenApiTypes.OBJECT},
        description="A ninjs item (a JSON object, versions 1.x to 3.x) becomes a draft.",
        responses={
            201: ArticleDetailSerializer,
            400: PROBLEM,
            401: PROBLEM,
            403: PROBLEM,
            413: PAYLOAD_TOO_LARGE,
        },
    )
    def post(self, request):
        if not isinstance(request.data, dict):
            raise serializers.ValidationError(
                {"non_field_errors": ["Send a ninjs item: a JSON object."]}
            )
        article = services.wire_import(by=request.user, item=dict(request.data))
        article = article_queryset(request.user, detail=True).get(pk=article.pk)
        data = ArticleDetailSerializer(article, context={"request": request}).data
        return Response(data, status=status.HTTP_201_CREATED, headers={"Location": data["url"]})
