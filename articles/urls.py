from django.urls import path

from articles import feeds, views

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("stories/<slug:slug>/", views.ArticleDetailView.as_view(), name="article-detail"),
    path("quotes/<int:pk>/", views.QuoteDetailView.as_view(), name="quote-detail"),
    path("feeds/latest/rss/", feeds.LatestStoriesFeed(), name="feed-rss"),
    path("feeds/latest/atom/", feeds.LatestStoriesAtomFeed(), name="feed-atom"),
]
