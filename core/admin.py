"""Admin pieces every app's desk shares."""

from django.contrib.admin.views.main import SEARCH_VAR
from django.http import HttpResponseBadRequest


class NulSafeAdminMixin:
    """PostgreSQL refuses NUL characters in text: never let one reach a query.

    A NUL in a list's filters is a 400 naming the problem; in a search (and so in
    the autocomplete widgets, which search through this admin) it is dropped.
    """

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(
            request, queryset, (search_term or "").replace("\x00", "")
        )

    def changelist_view(self, request, extra_context=None):
        filters = {k: v for k, v in request.GET.items() if k != SEARCH_VAR}
        if any("\x00" in key or "\x00" in value for key, value in filters.items()):
            return HttpResponseBadRequest(
                "Null characters are not allowed in the list's filters or search.",
                content_type="text/plain; charset=utf-8",
            )
        return super().changelist_view(request, extra_context)
