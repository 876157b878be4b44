from django.contrib import admin
from django.contrib.admin.views.main import SEARCH_VAR
from django.http import HttpResponseBadRequest

from actors.models import Actor, Affiliation, Event, EventParticipant


class NulSafeAdminMixin:
    """PostgreSQL refuses NUL characters in text: never let one reach a query.

    A NUL in a list's filters is a 400 naming the problem; in a search (and so in
    the autocomplete widgets, which search through this admin) it is dropped.
    """

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(
            request, queryset, (search_term or "").replace("\x00", "")
        )

    def changelist_view(self, request, extra_context=None):
        filters = {k: v for k, v in request.GET.items() if k != SEARCH_VAR}
        if any("\x00" in key or "\x00" in value for key, value in filters.items()):
            return HttpResponseBadRequest(
                "Null characters are not allowed in the list's filters or search.",
                content_type="text/plain; charset=utf-8",
            )
        return super().changelist_view(request, extra_context)


class AffiliationInline(admin.TabularInline):
    model = Affiliation
    fk_name = "actor"
    autocomplete_fields = ["organization"]
    extra = 0


@admin.register(Actor)
class ActorAdmin(NulSafeAdminMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "description", "country", "wikidata_id", "anonymous"]
    list_filter = ["kind", "anonymous"]
    search_fields = ["name", "native_name", "description", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["country"]
    inlines = [AffiliationInline]


class EventParticipantInline(admin.TabularInline):
    model = EventParticipant
    autocomplete_fields = ["actor"]
    extra = 0


@admin.register(Event)
class EventAdmin(NulSafeAdminMixin, admin.ModelAdmin):
    list_display = ["title", "kind", "date", "date_precision", "location_name"]
    list_filter = ["kind", "date_precision"]
    search_fields = ["title", "description", "location_name"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["location_country", "parent"]
    inlines = [EventParticipantInline]
