"""The world in the desk: actors and events, each saved through ``actors.services``.

A reporter may add actors and events, and change those no published story shows
yet; one readers can see is read-only for them (an editor's record).
"""

from django.contrib import admin, messages

from actors import services
from actors.forms import ActorAdminForm
from actors.models import Actor, Affiliation, Event, EventParticipant
from core.admin import (
    NulSafeAdminMixin,
    ServiceAdminMixin,
    ServiceInlineMixin,
    adopt,
    call_service,
    formset_rows,
)
from core.writes import flush
from images.admin import thumbnail


class WorldAdmin(ServiceAdminMixin, NulSafeAdminMixin, admin.ModelAdmin):
    """What the actor and event admins share: permissions from the services, and the
    inline rows each saved by a service (``row_services``: save and delete)."""

    create_service = update_service = delete_service = None
    row_services = (None, None)
    record_name = "record"

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return super().has_change_permission(request)
        return services.can_change(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is None:
            return super().has_delete_permission(request)
        return super().has_delete_permission(request, obj) and services.can_change(
            request.user, obj
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        record = self.get_object(request, object_id) if request.method == "GET" else None
        if (
            record is not None
            and record.is_shown
            and not services.can_change(request.user, record)
            and request.user.has_perm(f"actors.change_{self.model._meta.model_name}")
        ):
            self.message_user(
                request,
                f"Readers can see “{record}”, so only an editor can change it. Ask an editor, "
                "or create a new record for your draft.",
                messages.INFO,
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj)) + ["public_since"]
        if not request.user.has_perm(services.PUBLIC_PERMISSION):
            readonly.append("public_by_hand")
        return readonly

    def save_model(self, request, obj, form, change):
        fields = {
            name: value
            for name, value in form.cleaned_data.items()
            if name in form.fields and name in {f.name for f in self.model._meta.fields}
        }
        if change:
            record = self.model.objects.get(pk=obj.pk)
            saved = call_service(
                self.update_service, **{self.record_name: record}, by=request.user, **fields
            )
        else:
            saved = call_service(self.create_service, by=request.user, **fields)
        adopt(obj, saved)

    def save_formset(self, request, form, formset, change):
        save_row, delete_row = self.row_services
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for row, deleting, adding, changed in formset_rows(formset):
            if deleting:
                call_service(
                    delete_row, row.prefix, by=request.user, **{self.row_name: row.instance}
                )
                formset.deleted_objects.append(row.instance)
            elif adding or changed:
                instance = row.save(commit=False)
                setattr(instance, formset.fk.name, form.instance)
                call_service(save_row, row.prefix, by=request.user, **{self.row_name: instance})
                if adding:
                    formset.new_objects.append(instance)
                else:
                    formset.changed_objects.append((instance, row.changed_data))

    def save_related(self, request, form, formsets, change):
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)
        call_service(flush)

    def delete_model(self, request, obj):
        call_service(self.delete_service, **{self.record_name: obj}, by=request.user)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


class AffiliationInline(ServiceInlineMixin, admin.TabularInline):
    model = Affiliation
    fk_name = "actor"
    autocomplete_fields = ["organization"]
    extra = 0


@admin.register(Actor)
class ActorAdmin(WorldAdmin):
    form = ActorAdminForm
    list_display = ["name", "kind", "description", "country", "wikidata_id", "anonymous"]
    list_filter = ["kind", "anonymous", "public_by_hand"]
    search_fields = ["name", "native_name", "aliases", "description", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["country", "portrait"]
    readonly_fields = ["portrait_preview"]
    inlines = [AffiliationInline]

    @admin.display(description="portrait preview")
    def portrait_preview(self, obj):
        return thumbnail(obj.portrait if obj is not None else None)

    create_service = staticmethod(services.actor_create)
    update_service = staticmethod(services.actor_update)
    delete_service = staticmethod(services.actor_delete)
    row_services = (
        staticmethod(services.affiliation_save),
        staticmethod(services.affiliation_delete),
    )
    record_name = "actor"
    row_name = "affiliation"


class EventParticipantInline(ServiceInlineMixin, admin.TabularInline):
    model = EventParticipant
    autocomplete_fields = ["actor"]
    extra = 0


@admin.register(Event)
class EventAdmin(WorldAdmin):
    list_display = ["title", "kind", "date", "date_precision", "location_name"]
    list_filter = ["kind", "date_precision", "public_by_hand"]
    search_fields = ["title", "description", "location_name"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["location_country", "parent"]
    inlines = [EventParticipantInline]

    create_service = staticmethod(services.event_create)
    update_service = staticmethod(services.event_update)
    delete_service = staticmethod(services.event_delete)
    row_services = (
        staticmethod(services.participant_save),
        staticmethod(services.participant_delete),
    )
    record_name = "event"
    row_name = "participant"
