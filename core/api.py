"""What every API view shares: error shapes, conditional GET, throttling, NUL-byte guard.

The resources themselves live in each app's ``api.py``; this module only wires
HTTP behaviour that must be the same on every endpoint.
"""

import copy
import hashlib
import re

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils.cache import get_conditional_response, patch_vary_headers
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler as drf_exception_handler

from core import dates

# Slugs as the URL router accepts them; anything else is a 404 before any query runs.
SLUG_PATTERN = r"[-a-zA-Z0-9_]+"

PROBLEM = OpenApiResponse(
    OpenApiTypes.OBJECT,
    description="One list of messages per field (or non_field_errors), or {detail: message}.",
)
WRITE_RESPONSES = {400: PROBLEM, 401: PROBLEM, 403: PROBLEM}


def write_schema(read, write, *, update_conflict=False, delete_conflict=False):
    """Document a resource whose writes take ``write`` and answer with ``read``.

    ``update_conflict``: an update may answer 409 (a stale version);
    ``delete_conflict``: a delete may answer 409 (the record is still referred to).
    """
    conflict = {409: PROBLEM} if update_conflict else {}
    return extend_schema_view(
        create=extend_schema(request=write, responses={201: read, **WRITE_RESPONSES}),
        update=extend_schema(request=write, responses={200: read, **conflict, **WRITE_RESPONSES}),
        partial_update=extend_schema(
            request=write, responses={200: read, **conflict, **WRITE_RESPONSES}
        ),
        destroy=extend_schema(
            responses={204: None, **({409: PROBLEM} if delete_conflict else {}), **WRITE_RESPONSES}
        ),
    )


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "The request conflicts with the current state of the resource."
    default_code = "conflict"


def exception_handler(exc, context):
    """DRF's handler, plus the Django exceptions our models and services raise.

    A model's ``ValidationError`` becomes a 400 with one message list per field (or
    ``non_field_errors``); a delete blocked by ``on_delete=PROTECT`` becomes a 409
    naming what still refers to the object, and a unique constraint lost to a
    concurrent write a 409 too.
    """
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(as_serializer_error(exc))
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
    return drf_exception_handler(exc, context)


def reject_nul_bytes(request):
    """PostgreSQL cannot store or compare NUL characters: refuse them in any query parameter."""
    for name, values in request.query_params.lists():
        if "\x00" in name or any("\x00" in value for value in values):
            raise exceptions.ValidationError(
                {name.replace("\x00", ""): ["Null characters are not allowed."]}
            )


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
            digest = hashlib.blake2b(response.content, digest_size=16).hexdigest()
            response["ETag"] = f'"{digest}"'
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


def full_clean_copy(instance, attrs, exclude=()):
    """Run the model's own validation on ``instance`` with ``attrs`` applied, unsaved.

    Raises ``serializers.ValidationError`` with one message list per field.
    """
    candidate = copy.copy(instance)
    for name, value in attrs.items():
        setattr(candidate, name, value)
    try:
        candidate.full_clean(exclude=list(exclude))
    except DjangoValidationError as exc:
        raise serializers.ValidationError(as_serializer_error(exc)) from exc
    return candidate


class ResourceViewSet(ApiViewMixin, viewsets.ModelViewSet):
    """Reads with ``serializer_class``; writes validate with ``write_serializer_class``
    and answer with the read representation, re-read with the list's prefetching."""

    write_serializer_class = None
    lookup_value_regex = SLUG_PATTERN

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
        serializer = self.get_serializer(instance, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        instance = self.perform_update(serializer)
        return Response(self.read_representation(instance))

    @transaction.atomic
    def perform_create(self, serializer):
        return serializer.save()

    @transaction.atomic
    def perform_update(self, serializer):
        return serializer.save()

    @transaction.atomic
    def perform_destroy(self, instance):
        instance.delete()


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
