from django.urls import path

from actors import views
from articles import feeds

app_name = "actors"

urlpatterns = [
    path("actors/", views.ActorListView.as_view(), name="actor-list"),
    path("actors/<slug:slug>/", views.ActorDetailView.as_view(), name="actor-detail"),
    path("actors/<slug:slug>/feed/rss/", feeds.ActorStoriesFeed(), name="actor-feed-rss"),
    path("actors/<slug:slug>/feed/atom/", feeds.ActorStoriesAtomFeed(), name="actor-feed-atom"),
    path("events/", views.EventListView.as_view(), name="event-list"),
    path("events/<slug:slug>/", views.EventDetailView.as_view(), name="event-detail"),
]
