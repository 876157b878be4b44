"""The API router: /api/v1/ resources, the OpenAPI schema and its docs."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from actors.api import ActorEventList, ActorViewSet, EventViewSet
from articles.api import (
    ActorArticleList,
    ActorQuoteList,
    ArticleViewSet,
    AuthorViewSet,
    EventQuoteList,
    QuoteViewSet,
    SectionViewSet,
    TopicViewSet,
)
from coverage_site.auth import ObtainTokenView
from images.api import ImageViewSet
from intake.api import ArticleImportView, ExtractView

app_name = "api"

router = DefaultRouter()
router.register("articles", ArticleViewSet, basename="article")
router.register("quotes", QuoteViewSet, basename="quote")
router.register("actors", ActorViewSet, basename="actor")
router.register("events", EventViewSet, basename="event")
router.register("sections", SectionViewSet, basename="section")
router.register("topics", TopicViewSet, basename="topic")
router.register("authors", AuthorViewSet, basename="author")
router.register("images", ImageViewSet, basename="image")

LIST = {"get": "list"}

urlpatterns = [
    # The ninjs export as the standard's users expect it: no trailing slash. The router's
    # "ninjs/" form (the article's ninjs_url) answers too.
    path(
        "v1/articles/<slug:slug>/ninjs",
        ArticleViewSet.as_view({"get": "ninjs"}, schema=None),
        name="article-ninjs-bare",
    ),
    path("v1/actors/<slug:slug>/quotes/", ActorQuoteList.as_view(LIST), name="actor-quotes"),
    path("v1/actors/<slug:slug>/events/", ActorEventList.as_view(LIST), name="actor-events"),
    path("v1/actors/<slug:slug>/articles/", ActorArticleList.as_view(LIST), name="actor-articles"),
    path("v1/events/<slug:slug>/quotes/", EventQuoteList.as_view(LIST), name="event-quotes"),
    # Before the router, whose articles/{slug}/ would otherwise take "import" for a slug.
    path("v1/articles/import/", ArticleImportView.as_view(), name="article-import"),
    path("v1/extract/", ExtractView.as_view(), name="extract"),
    path("v1/auth/token/", ObtainTokenView.as_view(), name="auth-token"),
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
]
