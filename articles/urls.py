from django.urls import path

from articles import feeds, views

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("stories/<slug:slug>/", views.ArticleDetailView.as_view(), name="article-detail"),
    path("quotes/<int:pk>/", views.QuoteDetailView.as_view(), name="quote-detail"),
    path("feeds/latest/rss/", feeds.LatestStoriesFeed(), name="feed-rss"),
    path("feeds/latest/atom/", feeds.LatestStoriesAtomFeed(), name="feed-atom"),
    # Sections, topics and authors: a page and feeds each.
    path("sections/<slug:slug>/", views.SectionDetailView.as_view(), name="section-detail"),
    path("sections/<slug:slug>/feed/rss/", feeds.SectionStoriesFeed(), name="section-feed-rss"),
    path(
        "sections/<slug:slug>/feed/atom/", feeds.SectionStoriesAtomFeed(), name="section-feed-atom"
    ),
    path("topics/<slug:slug>/", views.TopicDetailView.as_view(), name="topic-detail"),
    path("topics/<slug:slug>/feed/rss/", feeds.TopicStoriesFeed(), name="topic-feed-rss"),
    path("topics/<slug:slug>/feed/atom/", feeds.TopicStoriesAtomFeed(), name="topic-feed-atom"),
    path("authors/<slug:slug>/", views.AuthorDetailView.as_view(), name="author-detail"),
    path("authors/<slug:slug>/feed/rss/", feeds.AuthorStoriesFeed(), name="author-feed-rss"),
    path("authors/<slug:slug>/feed/atom/", feeds.AuthorStoriesAtomFeed(), name="author-feed-atom"),
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
