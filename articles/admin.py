from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from articles.models import Article, Correction, Quote


class QuoteInline(admin.StackedInline):
    model = Quote
    autocomplete_fields = ["speaker", "outlets", "event"]
    extra = 0


class CorrectionInline(admin.TabularInline):
    model = Correction
    extra = 0


@admin.register(Article)
class ArticleAdmin(SimpleHistoryAdmin):
    list_display = ["headline", "status", "published_at", "author", "updated_at"]
    list_filter = ["status"]
    search_fields = ["headline", "standfirst", "body"]
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["about", "mentions", "events"]
    date_hierarchy = "published_at"
    inlines = [QuoteInline, CorrectionInline]


@admin.register(Quote)
class QuoteAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "kind", "speaker", "article", "said_on"]
    list_filter = ["kind"]
    search_fields = ["text", "speaker__name", "speaker_label"]
    autocomplete_fields = ["article", "speaker", "outlets", "event"]
