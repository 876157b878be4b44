"""Site-wide pages: search, robots.txt and the error pages."""

from http import HTTPStatus

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe
from django.views.static import serve as static_serve

from articles.search import Kind, find, parse_query, query_terms

# The sections of the results page, by the name ``?in=`` gives them.
SECTIONS = {"stories": Kind.STORY, "quotes": Kind.QUOTE, "actors": Kind.ACTOR}
PER_PAGE = 10
MAX_PAGE = 1000


def _bad_search(request, context, message, status=HTTPStatus.BAD_REQUEST):
    context["search_error"] = message
    return render(request, "search.html", context, status=status)


@require_safe
def search(request):
    """``/search/?q=``: the stories, quotes and actors readers may see that match every
    word, each section ranked; ``?in=quotes&page=2`` pages through one section."""
    raw = request.GET.get("q", "")
    context = {"query": raw.replace("\x00", ""), "searched": False}
    try:
        terms = query_terms(parse_query(raw))
    except ValidationError as error:
        return _bad_search(request, context, error.messages[0])
    section = request.GET.get("in", "")
    if section and section not in SECTIONS:
        return _bad_search(
            request, context, "Search in “stories”, “quotes” or “actors”, or leave “in” out."
        )
    page = request.GET.get("page", "1")
    if not page.isdigit() or not 1 <= int(page) <= MAX_PAGE:
        return _bad_search(
            request, context, f"The page is a number from 1 to {MAX_PAGE}, not “{page[:20]}”."
        )
    page = int(page)
    if page > 1 and not section:
        return _bad_search(request, context, "Say which results to page through with “in”.")
    if not raw.strip():
        return render(request, "search.html", context)
    shown = {section: SECTIONS[section]} if section else SECTIONS
    results = {
        name: find(kind, terms, page=page, per_page=PER_PAGE) for name, kind in shown.items()
    }
    if page > 1 and not results[section].records:
        return _bad_search(
            request,
            context,
            f"There is no page {page} of {section} for this search.",
            status=HTTPStatus.NOT_FOUND,
        )
    context.update(
        searched=True,
        section=section,
        results=results,
        # Each section's first records by name, as templates and tests read them.
        **{name: result.records for name, result in results.items()},
        total=sum(result.total for result in results.values()),
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


def media(request, path):
    """An uploaded photo from MEDIA_ROOT, where nothing in front of the app serves them
    (see MEDIA_SERVE in the settings)."""
    return static_serve(request, path, document_root=settings.MEDIA_ROOT)
