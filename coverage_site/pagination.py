from rest_framework import pagination


class PageNumberPagination(pagination.PageNumberPagination):
    """`{count, next, previous, results}` with a client-chosen `?page_size=` up to 100.

    Lists too long to count (the quotes) use ``core.pagination.NewestFirstPagination``.
    """

    page_size_query_param = "page_size"
    max_page_size = 100
