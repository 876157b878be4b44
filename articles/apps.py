from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Coverage"

    def ready(self):
        import articles.cache_invalidation  # noqa: F401 (invalidates cached pages)
        from articles import receivers  # noqa: F401 (connects the receivers)
