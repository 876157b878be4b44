from django.views.generic import DetailView, ListView

from articles.models import Article, Quote


class HomeView(ListView):
    template_name = "articles/home.html"
    paginate_by = 20

    def get_queryset(self):
        return Article.objects.published()


class ArticleDetailView(DetailView):
    def get_queryset(self):
        return Article.objects.visible_to(self.request.user)


class QuoteDetailView(DetailView):
    def get_queryset(self):
        return Quote.objects.published().select_related("speaker", "article", "event")
