"""Pagination for API lists too long to count (the site's default, with a count, is
``coverage_site.pagination.PageNumberPagination``)."""

from rest_framework import pagination
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param


class NewestFirstPagination(pagination.CursorPagination):
    """`{next, previous, results}`, newest first (by id), for lists too long to count.

    A page is read from the primary key's index and stops at its end: no COUNT and no
    sort over the whole list, however long it grows. `next` and `previous` are links
    with an opaque `?cursor=`; `?page_size=` up to 100. `?ordering=id` lists oldest
    first the same way. Any other `?ordering=` the list offers (e.g. `-said_on`) is
    paged with `?page=` instead, still without a count.
    """

    ordering = "-id"
    page_size_query_param = "page_size"
    max_page_size = 100
    # The orderings read by cursor: unique and unchanging.
    cursor_orderings = {("-id",), ("id",)}

    def paginate_queryset(self, queryset, request, view=None):
        ordering = self.get_ordering(request, queryset, view)
        self.by_page = ordering not in self.cursor_orderings
        if not self.by_page:
            return super().paginate_queryset(queryset, request, view)
        return self._page_of(queryset.order_by(*ordering, "-id"), request)

    def _page_of(self, queryset, request):
        self.request = request
        self.page_size = self.get_page_size(request)
        self.base_url = request.build_absolute_uri()
        raw = request.query_params.get("page", "1")
        if not raw.isdigit() or not 0 < int(raw) < 10**6:
            raise NotFound("Invalid page.")
        self.number = int(raw)
        start = (self.number - 1) * self.page_size
        rows = list(queryset[start : start + self.page_size + 1])
        if self.number > 1 and not rows:
            raise NotFound("Invalid page.")
        self.has_next, self.has_previous = len(rows) > self.page_size, self.number > 1
        return rows[: self.page_size]

    def get_next_link(self):
        if not self.by_page:
            return super().get_next_link()
        if not self.has_next:
            return None
        return replace_query_param(self.base_url, "page", self.number + 1)

    def get_previous_link(self):
        if not self.by_page:
            return super().get_previous_link()
        if not self.has_previous:
            return None
        if self.number == 2:
            return remove_query_param(self.base_url, "page")
        return replace_query_param(self.base_url, "page", self.number - 1)

    def get_paginated_response(self, data):
        return Response(
            {"next": self.get_next_link(), "previous": self.get_previous_link(), "results": data}
        )
