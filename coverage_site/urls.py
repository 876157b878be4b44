from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from articles.sitemaps import sitemaps
from articles.urls import world_patterns
from coverage_site import views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("coverage_site.api_urls")),
    path("search/", views.search, name="search"),
    path("robots.txt", views.robots_txt, name="robots-txt"),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}, name="sitemap"),
    path("", include((world_patterns, "actors"))),
    path("", include("articles.urls")),
]
