"""django-csp's middleware, with the common header built once instead of per response.

Building the policy string costs about as much as serving a cached page, and nearly every
response carries the same one: no nonce was asked for, no view changed the policy. Those
get the string built once per settings; the rest (a nonce, a view's own policy, DEBUG's
error pages, which it leaves without a policy) go through django-csp unchanged.
"""

from csp.constants import HEADER
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings

# Attributes the decorators set on a response whose policy differs from the settings'.
PER_RESPONSE = (
    "_csp_exempt",
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_exempt_ro",
    "_csp_config_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def __init__(self, get_response):
        super().__init__(get_response)
        self._built_from = None
        self._policy = None

    def process_response(self, request, response):
        if not self._plain(request, response):
            return super().process_response(request, response)
        if HEADER not in response:
            response[HEADER] = self._settings_policy()
        # As django-csp does: a nonce asked for after the header is written is an error.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response

    @staticmethod
    def _plain(request, response):
        config = getattr(settings, "CONTENT_SECURITY_POLICY", None)
        return (
            config
            and getattr(request, "_csp_nonce", None) is None
            and not (settings.DEBUG and response.status_code in (404, 500))
            and not getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
            and not config.get("EXCLUDE_URL_PREFIXES")
            and not any(getattr(response, name, None) for name in PER_RESPONSE)
        )

    def _settings_policy(self):
        config = settings.CONTENT_SECURITY_POLICY
        if self._built_from is not config:  # settings changed (tests override them)
            self._policy, self._built_from = build_policy(), config
        return self._policy
