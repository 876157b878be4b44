"""The API router: /api/v1/ resources, the OpenAPI schema and its docs."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from actors.api import ActorViewSet, EventViewSet
from articles.api import ArticleViewSet, QuoteViewSet

app_name = "api"

router = DefaultRouter()
router.register("articles", ArticleViewSet, basename="article")
router.register("quotes", QuoteViewSet, basename="quote")
router.register("actors", ActorViewSet, basename="actor")
router.register("events", EventViewSet, basename="event")

urlpatterns = [
    path("v1/", include(router.urls)),
]
