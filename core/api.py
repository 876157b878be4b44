"""What every API view shares: error shapes, conditional requests, input guards.

The resources themselves live in each app's ``api.py``; this module only wires
HTTP behaviour that must be the same on every endpoint.
"""

import hashlib
import re
from collections.abc import Mapping

from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, InterfaceError, OperationalError
from django.db.models import ProtectedError
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import parse_etags
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler as drf_exception_handler

from core import dates
from core.middleware import too_big_message

# Slugs as the URL router accepts them; anything else is a 404 before any query runs.
SLUG_PATTERN = r"[-a-zA-Z0-9_]+"

PROBLEM = OpenApiResponse(
    OpenApiTypes.OBJECT,
    description="One list of messages per field (or non_field_errors), or {detail: message}.",
)
WRITE_RESPONSES = {400: PROBLEM, 401: PROBLEM, 403: PROBLEM}


class DetailSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What went wrong, and what to do about it.")


def detail_response(description):
    return OpenApiResponse(DetailSerializer, description=description)


NOT_FOUND = detail_response(
    "Nothing with that slug, id or page number, or nothing this client may see."
)
CONFLICT = detail_response(
    "The record changed since the version sent, another request wrote the same records "
    "at the same time, or (for a delete) other records still refer to it."
)
PRECONDITION_FAILED = detail_response(
    "The If-Match header names none of the record's current ETags: it changed since it "
    "was read. GET it again and apply the change to what it now says."
)
PRECONDITION_REQUIRED = detail_response(
    'The update names no version: send the version edited ("version" in the body) or '
    "an If-Match header with the ETag from GET."
)
PAYLOAD_TOO_LARGE = detail_response("The request body is larger than the server accepts.")

IF_MATCH = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    description=(
        "The ETag of the representation edited, as GET returned it (strong comparison; a "
        "weak W/ tag never matches). On a mismatch the update is refused with 412. "
        "`*` only asks that the record exist."
    ),
)


def write_schema(read, write, *, versioned=False, list_read=None):
    """Document a resource whose writes take ``write`` and answer with ``read``.

    ``versioned``: updates must name the version they edited (``ResourceViewSet.version_field``),
    so they may answer 428 without one and 409 with a stale one. Every update honours
    ``If-Match`` (412). ``list_read``: the list's item serializer, if not ``read``.
    """
    update = {
        200: read,
        **WRITE_RESPONSES,
        404: NOT_FOUND,
        409: CONFLICT,
        412: PRECONDITION_FAILED,
        413: PAYLOAD_TOO_LARGE,
        **({428: PRECONDITION_REQUIRED} if versioned else {}),
    }
    return extend_schema_view(
        list=extend_schema(responses={200: list_read or read, 404: NOT_FOUND}),
        retrieve=extend_schema(responses={200: read, 404: NOT_FOUND}),
        create=extend_schema(
            request=write,
            responses={201: read, **WRITE_RESPONSES, 409: CONFLICT, 413: PAYLOAD_TOO_LARGE},
        ),
        update=extend_schema(request=write, parameters=[IF_MATCH], responses=update),
        partial_update=extend_schema(request=write, parameters=[IF_MATCH], responses=update),
        destroy=extend_schema(
            responses={204: None, **WRITE_RESPONSES, 404: NOT_FOUND, 409: CONFLICT}
        ),
    )


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "The request conflicts with the current state of the resource."
    default_code = "conflict"


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = (
        "The record changed since you read it: If-Match names none of its current ETags. "
        "GET it again and apply your change to what it now says."
    )
    default_code = "precondition_failed"


class PreconditionRequired(exceptions.APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_detail = (
        'Send the version you edited, as GET returned it (e.g. "version": 3), or an '
        "If-Match header with the ETag from GET, so that no change made since is overwritten."
    )
    default_code = "precondition_required"


class DatabaseUnavailable(exceptions.APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = "The database is not answering. Try again in a moment."
    default_code = "database_unavailable"


class PayloadTooLarge(exceptions.APIException):
    """A body over ``DATA_UPLOAD_MAX_MEMORY_SIZE``: the answer the middleware gives too."""

    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "payload_too_large"

    def __init__(self, detail=None, code=None):
        super().__init__(detail or too_big_message(), code)


def exception_handler(exc, context):
    """DRF's handler, plus the Django exceptions our models and services raise.

    A model's ``ValidationError`` becomes a 400 with one message list per field (or
    ``non_field_errors``), except a stale version, a 409; a delete blocked by
    ``on_delete=PROTECT`` becomes a 409 naming what still refers to the object, and a
    unique constraint lost to a concurrent write a 409 too. A body over
    ``DATA_UPLOAD_MAX_MEMORY_SIZE`` is a 413 naming the limit. A database that does not
    answer is a 503.
    """
    if isinstance(exc, DjangoValidationError) and getattr(exc, "code", None) == "stale_version":
        exc = Conflict(exc.messages[0])
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(as_serializer_error(exc))
    elif isinstance(exc, RequestDataTooBig):
        exc = PayloadTooLarge()
    elif isinstance(exc, ProtectedError):
        blockers = sorted({str(obj._meta.verbose_name_plural) for obj in exc.protected_objects})
        exc = Conflict(
            "This cannot be deleted while other records refer to it: "
            + ", ".join(blockers)
            + ". Remove those references first."
        )
    elif isinstance(exc, IntegrityError):  # after ProtectedError, its subclass
        # Validation runs before the write; only a concurrent write can get here
        # (two clients creating the same slug at once).
        exc = Conflict("Another request changed the same records at the same time. Try again.")
    elif isinstance(exc, OperationalError | InterfaceError):
        # The database is down, unreachable or too busy: a JSON 503, not the HTML 500 page.
        response = drf_exception_handler(DatabaseUnavailable(), context)
        response["Retry-After"] = "30"
        return response
    return drf_exception_handler(exc, context)


def reject_nul_bytes(request):
    """PostgreSQL cannot store or compare NUL characters: refuse them in any query parameter."""
    for name, values in request.query_params.lists():
        if "\x00" in name or any("\x00" in value for value in values):
            raise exceptions.ValidationError(
                {name.replace("\x00", ""): ["Null characters are not allowed."]}
            )


def etag_for(content):
    """The strong ETag of a rendered representation (its bytes)."""
    return f'"{hashlib.blake2b(content, digest_size=16).hexdigest()}"'


def json_etag(data):
    """The ETag a JSON client receives with ``data``: that of its default JSON rendering."""
    return etag_for(JSONRenderer().render(data))


class ApiViewMixin:
    """Conditional GET (ETag, 304), ``Vary`` for caches, and input guards for every view."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        reject_nul_bytes(request)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        patch_vary_headers(response, ["Accept", "Authorization", "Cookie"])
        if (
            request.method in ("GET", "HEAD")
            and response.status_code == status.HTTP_200_OK
            and isinstance(response, Response)
        ):
            # The representation depends on who asks (drafts are visible to staff)
            # and on the renderer, so the tag is computed from the bytes sent.
            response.render()
            response["ETag"] = etag_for(response.content)
            conditional = get_conditional_response(
                request._request, etag=response["ETag"], response=response
            )
            if conditional is not response:
                return conditional
        return response


class SlugRefField(serializers.SlugRelatedField):
    """A related object named by its slug, with a message naming an unknown or malformed slug."""

    def __init__(self, noun="object", **kwargs):
        kwargs.setdefault("slug_field", "slug")
        super().__init__(**kwargs)
        self.error_messages["does_not_exist"] = f"No {noun} has the slug “{{value}}”."
        self.error_messages["invalid"] = (
            f"Give the {noun}'s slug as a string of letters, digits, hyphens and underscores."
        )

    def to_internal_value(self, data):
        if not isinstance(data, str) or not re.fullmatch(SLUG_PATTERN, data):
            self.fail("invalid")
        return super().to_internal_value(data)


@extend_schema_field(
    {"type": "string", "format": "uri", "nullable": True, "description": "Public page."}
)
class WebUrlField(serializers.Field):
    """The absolute address of the object's public page (``get_absolute_url``), or null."""

    def __init__(self, **kwargs):
        kwargs.setdefault("source", "*")
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value):
        path = value.get_absolute_url()
        if path is None:
            return None
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path


class ResourceViewSet(ApiViewMixin, viewsets.ModelViewSet):
    """Reads with ``serializer_class``; writes validate with ``write_serializer_class``
    and answer with the read representation, re-read with the list's prefetching.

    An update with ``If-Match`` is refused (412) unless the header names the ETag of
    the current representation. If the model counts its saves (``version_field``), an
    update must also say which version it edited: that field in the body, or a
    matching ``If-Match`` (428 without either). A matching ``If-Match`` hands the
    version it stands for to the service, so that a write landing between this check
    and the service's own is still refused (409).
    """

    write_serializer_class = None
    lookup_value_regex = SLUG_PATTERN
    version_field = None

    def get_serializer_class(self):
        if self.action in ("create", "update", "partial_update"):
            return self.write_serializer_class
        return self.serializer_class

    def read_representation(self, instance):
        instance = self.get_queryset().get(pk=instance.pk)
        return self.serializer_class(instance, context=self.get_serializer_context()).data

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        instance = self.perform_create(serializer)
        data = self.read_representation(instance)
        headers = {"Location": str(data["url"])} if data.get("url") else {}
        return Response(data, status=status.HTTP_201_CREATED, headers=headers)

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        instance = self.get_object()
        matched = self.check_if_match(request, instance)
        if (
            self.version_field
            and matched is None
            and isinstance(request.data, Mapping)
            and self.version_field not in request.data
        ):
            raise PreconditionRequired()
        serializer = self.get_serializer(instance, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        if self.version_field and matched is not None:
            serializer.validated_data.setdefault(self.version_field, matched[self.version_field])
        instance = self.perform_update(serializer)
        data = self.read_representation(instance)
        # The new ETag, for a client to send as If-Match with its next change.
        json_client = request.accepted_renderer.format == "json"
        return Response(data, headers={"ETag": json_etag(data)} if json_client else None)

    def check_if_match(self, request, instance):
        """Evaluate ``If-Match`` (RFC 9110, 13.1.1) against the current representation.

        Returns the representation the header names, or None if there is no header
        or it is ``*`` (which asks only that the record exist, as it does). Raises
        ``PreconditionFailed`` if no tag matches; a weak tag never does.
        """
        header = request.headers.get("If-Match", "").strip()
        if not header:
            return None
        tags = parse_etags(header)
        if tags == ["*"]:
            return None
        current = self.read_representation(instance)
        if json_etag(current) not in tags:
            raise PreconditionFailed()
        return current

    # Writes go through a service (one write path): each resource names its own. A
    # serializer's save() would write around the rules, so there is no default.
    def perform_create(self, serializer):
        raise NotImplementedError(f"{type(self).__name__} must create through a service.")

    def perform_update(self, serializer):
        raise NotImplementedError(f"{type(self).__name__} must update through a service.")

    def perform_destroy(self, instance):
        raise NotImplementedError(f"{type(self).__name__} must delete through a service.")


PRECISION_ORDER = [dates.DatePrecision.DAY, dates.DatePrecision.MONTH, dates.DatePrecision.YEAR]


class PartialDateField(serializers.CharField):
    """``2024``, ``2025-09`` or ``2025-09-04`` in, ``(date, precision)`` out."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 10)
        kwargs.setdefault("help_text", "Reduced-precision ISO 8601: YYYY, YYYY-MM or YYYY-MM-DD.")
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        text = super().to_internal_value(data)
        try:
            return dates.parse_iso(text)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from exc


def apply_partial_date(attrs, field, precision_field):
    """Turn ``attrs[field]`` (a ``(date, precision)`` pair) into the two model fields.

    An explicit precision may coarsen the date ("2025-09-04" known only to the month)
    but never refine it ("2025" cannot be known to the day).
    """
    explicit = attrs.get(precision_field)
    if field not in attrs:
        if explicit is not None:
            raise serializers.ValidationError(
                {precision_field: f"Give {field} along with its precision."}
            )
        return attrs
    parsed = attrs.pop(field)
    if parsed is None:
        attrs[field] = None
        attrs[precision_field] = explicit or dates.DatePrecision.DAY
        return attrs
    value, precision = parsed
    explicit = dates.DatePrecision(explicit) if explicit else None
    if explicit and PRECISION_ORDER.index(explicit) < PRECISION_ORDER.index(precision):
        raise serializers.ValidationError(
            {
                precision_field: (
                    f"The date is only known to the {precision.label.lower()}; "
                    f"it cannot have {explicit.label.lower()} precision."
                )
            }
        )
    precision = dates.DatePrecision(explicit or precision)
    attrs[field] = dates.normalise(value, precision)
    attrs[precision_field] = precision
    return attrs
