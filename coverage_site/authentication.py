"""API authentication classes. Kept apart from ``coverage_site.api`` because DRF imports
them while it defines ``APIView`` itself."""

import re

from django.conf import settings
from rest_framework import authentication

# Django makes session keys of lower-case letters and digits.
SESSION_KEY = re.compile(r"[a-z0-9]{8,64}")


class SessionAuthentication(authentication.SessionAuthentication):
    """DRF's session authentication, ignoring a session cookie no Django session could
    have: looking such a key up (with a NUL byte, say) fails on PostgreSQL."""

    def authenticate(self, request):
        key = request._request.COOKIES.get(settings.SESSION_COOKIE_NAME)
        if key is not None and not SESSION_KEY.fullmatch(key):
            return None
        return super().authenticate(request)
