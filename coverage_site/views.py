"""Site-wide pages: search, robots.txt and the error pages."""

from http import HTTPStatus

from django.core.exceptions import ValidationError
from django.db.models import F
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from articles.search import parse_query, search_actors, search_quotes, search_stories
from articles.views import quotes_with_provenance

RESULTS_PER_KIND = 20


@require_safe
def search(request):
    """``/search/?q=``: stories, quotes and actors matching every word, of those readers
    may see."""
    raw = request.GET.get("q", "")
    context = {"query": raw.replace("\x00", ""), "searched": False}
    try:
        terms = parse_query(raw)
    except ValidationError as error:
        context["error"] = error.messages[0]
        return render(request, "search.html", context, status=HTTPStatus.BAD_REQUEST)
    if terms:
        limit = RESULTS_PER_KIND + 1
        stories = list(search_stories(terms)[:limit])
        quotes = list(
            quotes_with_provenance(search_quotes(terms)).order_by(
                "-article__published_at", F("start").asc(nulls_last=True), "pk"
            )[:limit]
        )
        actors = list(search_actors(terms).order_by("name")[:limit])
        context.update(
            searched=True,
            stories=stories[:RESULTS_PER_KIND],
            quotes=quotes[:RESULTS_PER_KIND],
            actors=actors[:RESULTS_PER_KIND],
            more_stories=len(stories) > RESULTS_PER_KIND,
            more_quotes=len(quotes) > RESULTS_PER_KIND,
            more_actors=len(actors) > RESULTS_PER_KIND,
            total=len(stories) + len(quotes) + len(actors),
        )
    return render(request, "search.html", context)


@require_safe
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /search/",
        "",
        f"Sitemap: {sitemap}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
