import re

from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, re_path

from articles import sitemaps as articles_sitemaps
from articles.sitemaps import sitemaps
from articles.urls import world_patterns
from coverage_site import health, views

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/", include("coverage_site.api_urls")),
    path("search/", views.search, name="search"),
    path("robots.txt", views.robots_txt, name="robots-txt"),
    # The sitemap index, and each section's pages (articles/sitemaps.py).
    path(
        "sitemap.xml",
        articles_sitemaps.index,
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": sitemaps},
        name="sitemap-section",
    ),
    path("", include((world_patterns, "actors"))),
    path("", include("articles.urls")),
]

# Uploaded photos from MEDIA_ROOT, when no S3 bucket holds them and no web server in
# front serves them (``make run``, ``make serve``): see MEDIA_SERVE in the settings.
if settings.MEDIA_SERVE and settings.MEDIA_URL.startswith("/"):
    urlpatterns.insert(
        0,
        re_path(
            rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.*)$",
            views.media,
            name="media",
        ),
    )
