from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("coverage_site.api_urls")),
    path("", include("actors.urls")),
    path("", include("articles.urls")),
]
