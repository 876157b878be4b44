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

# The coverage of each actor and event, under the "actors" namespace their models reverse.
world_patterns = [
    path("actors/", views.ActorListView.as_view(), name="actor-list"),
    path("actors/<slug:slug>/", views.ActorDetailView.as_view(), name="actor-detail"),
    path("actors/<slug:slug>/feed/rss/", feeds.ActorStoriesFeed(), name="actor-feed-rss"),
    path("actors/<slug:slug>/feed/atom/", feeds.ActorStoriesAtomFeed(), name="actor-feed-atom"),
    path("events/", views.EventListView.as_view(), name="event-list"),
    path("events/<slug:slug>/", views.EventDetailView.as_view(), name="event-detail"),
]
