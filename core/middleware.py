"""A request body over the size limit gets an answer the sender can act on.

Django refuses a body larger than ``DATA_UPLOAD_MAX_MEMORY_SIZE`` by raising
``RequestDataTooBig`` wherever the body is first read: often the CSRF check,
before any view runs, and it ends as a bare 400 page. Here the body is read up
front instead, so the refusal can be answered properly: the desk shows the same
page again with a message naming the limit (nothing is saved), and the API
answers JSON. Both with 413 Content Too Large.
"""

from http import HTTPStatus

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import RequestDataTooBig
from django.http import JsonResponse, QueryDict
from django.utils.datastructures import MultiValueDict

BODY_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def limit_text():
    """The body size limit in megabytes, as editors and API clients read it: "2.5 MB"."""
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return f"{limit / (1024 * 1024):.1f}".removesuffix(".0") + " MB"


def too_big_message():
    return f"The request body is larger than the limit of {limit_text()}."


def upload_too_big(request):
    """A form's files do not count towards DATA_UPLOAD_MAX_MEMORY_SIZE (they are streamed
    to disk): a multipart body is capped by its declared length instead."""
    if request.content_type != "multipart/form-data":
        return False
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return length > settings.UPLOAD_MAX_REQUEST_SIZE


def upload_too_big_message():
    limit = settings.UPLOAD_MAX_REQUEST_SIZE / (1024 * 1024)
    return (
        f"The upload is larger than the limit of {limit:.0f} MB: a photo may be at most "
        "20 MB. Export a smaller JPEG and upload it again."
    )


class RequestSizeLimitMiddleware:
    """Answer an over-limit body in the desk (/admin/) and the API (/api/) with 413.

    Put it after the session, authentication and message middleware: the desk's
    answer is the page itself, rendered for the signed-in editor with a message.
    """

    prefixes = ("/admin/", "/api/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in BODY_METHODS and request.path_info.startswith(self.prefixes):
            if upload_too_big(request):
                return self._refuse(request, upload_too_big_message())
            try:
                self._read_body(request)
            except RequestDataTooBig:
                return self._refuse(request)
        return self.get_response(request)

    @staticmethod
    def _read_body(request):
        # Django checks the limit where the body is first read; read it here. A form's
        # files do not count towards the limit, so forms are parsed rather than read whole.
        if request.content_type in FORM_TYPES:
            request.POST  # noqa: B018 -- parsing is the point
        else:
            request.body  # noqa: B018

    def _refuse(self, request, upload_message=None):
        if request.path_info.startswith("/api/"):
            return JsonResponse(
                {"detail": upload_message or too_big_message()},
                status=HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
            )
        # The desk: show the page the editor was on, as it is stored, with the reason.
        request.method = request.META["REQUEST_METHOD"] = "GET"
        request._post, request._files = QueryDict(), MultiValueDict()
        request._body = b""
        messages.error(
            request,
            f"Nothing was saved: {upload_message[0].lower()}{upload_message[1:]}"
            if upload_message
            else f"Nothing was saved: what you sent is larger than the limit of {limit_text()}. "
            "Shorten the text (or split the story) and save again.",
        )
        response = self.get_response(request)
        if response.status_code == HTTPStatus.OK:
            response.status_code = HTTPStatus.REQUEST_ENTITY_TOO_LARGE
        return response
