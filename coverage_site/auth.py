"""Signing in, throttled: repeated wrong passwords lock the account and the address out.

django-axes counts failed logins in the database (shared by every app server) and
refuses an account, or an address, after ``AXES_FAILURE_LIMIT`` failures until the
cool-off has passed. It watches every password check that comes with a request: the
admin's login form and the API's token endpoint (``POST /api/v1/auth/token/``).
"""

from http import HTTPStatus

from axes.backends import AxesStandaloneBackend
from axes.helpers import get_cool_off, get_lockout_message
from django.http import HttpResponse, JsonResponse
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import exceptions, serializers
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.settings import api_settings
from rest_framework.throttling import BaseThrottle

from core.api import PROBLEM, detail_response


def client_ip(request):
    """The client's address as the API throttle sees it: ``REMOTE_ADDR``, or behind
    ``TRUSTED_PROXY_COUNT`` proxies the address the outermost of them saw."""
    return BaseThrottle().get_ident(request)


class LoginThrottleBackend(AxesStandaloneBackend):
    """Axes' check, for password checks that come with a request.

    A check without one (the shell, the test client's ``login()``) has no client to
    throttle: every login over HTTP, the admin's and the token endpoint's, passes the
    request, and so is counted.
    """

    def authenticate(self, request, *args, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, *args, **kwargs)


def retry_after(request):
    cool_off = get_cool_off(request)
    return str(int(cool_off.total_seconds())) if cool_off else None


def lockout_response(request, original_response=None, credentials=None):
    """429, with ``Retry-After``: JSON ``{detail}`` for the API, plain text elsewhere."""
    message = get_lockout_message()
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": message}, status=HTTPStatus.TOO_MANY_REQUESTS)
    else:
        response = HttpResponse(
            message,
            content_type="text/plain; charset=utf-8",
            status=HTTPStatus.TOO_MANY_REQUESTS,
        )
    if seconds := retry_after(request):
        response["Retry-After"] = seconds
    return response


class LockedOut(exceptions.APIException):
    status_code = HTTPStatus.TOO_MANY_REQUESTS
    default_code = "locked_out"


TOKEN = inline_serializer("AuthToken", {"token": serializers.CharField()})


class ObtainTokenView(ObtainAuthToken):
    """A user's API token for their username and password, throttled like the admin's login."""

    parser_classes = api_settings.DEFAULT_PARSER_CLASSES
    throttle_classes = api_settings.DEFAULT_THROTTLE_CLASSES

    @extend_schema(
        operation_id="auth_token_create",
        request=inline_serializer(
            "AuthTokenRequest",
            {"username": serializers.CharField(), "password": serializers.CharField()},
        ),
        responses={
            200: OpenApiResponse(TOKEN, description="The token: `Authorization: Token <key>`."),
            400: PROBLEM,
            429: detail_response(
                "Too many failed logins for this account or from this address, or too many "
                "requests: wait for the time Retry-After gives."
            ),
        },
        tags=["auth"],
    )
    def post(self, request, *args, **kwargs):
        try:
            return super().post(request, *args, **kwargs)
        except exceptions.ValidationError:
            # Axes marks the request it refused, or whose failure reached the limit.
            if getattr(request, "axes_locked_out", False):
                raise LockedOut(get_lockout_message()) from None
            raise

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        if isinstance(exc, LockedOut) and (seconds := retry_after(self.request)):
            response["Retry-After"] = seconds
        return response
