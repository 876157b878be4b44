"""The site's URLs plus ``/bench/bare/``, the cheapest Django view, as the yardstick."""

from django.http import HttpResponse
from django.urls import include, path


def bare(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/bare/", bare),
    path("", include("coverage_site.urls")),
]
