from django.contrib import admin

from actors.models import Actor, Affiliation, Event, EventParticipant
from core.admin import NulSafeAdminMixin


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
