"""The desk's sections, topics and author profiles, and a story's authors in byline order.

Every save goes through ``articles.taxonomy`` (a rename renders again the stories
showing the record); a story's authors are saved by ``articles.services.article_update``.
"""

from django import forms
from django.contrib import admin

from articles import services, taxonomy
from articles.models import Author, Authorship, Section, Topic
from core.admin import (
    NulSafeAdminMixin,
    RefusalFormMixin,
    ServiceAdminMixin,
    ServiceInlineMixin,
    adopt,
    call_service,
    formset_rows,
)
from core.writes import flush


class AuthorshipInline(ServiceInlineMixin, admin.TabularInline):
    """The story's authors: the byline names them in the order of their position."""

    model = Authorship
    fields = ["author", "position"]
    autocomplete_fields = ["author"]
    extra = 0
    ordering = ["position", "pk"]
    verbose_name = "author"
    verbose_name_plural = "Authors (the byline names them by position, lowest first)"
    classes = ["desk-authors"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author")

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        # A row added goes after the authors already credited (ties keep the rows' order).
        formset.form.base_fields["position"].initial = obj.authorships.count() if obj else 0
        return formset


def save_authors(request, article, formset):
    """Save the story's authors from the inline, in position order (then row order)."""
    rows = [
        (row.cleaned_data.get("position") or 0, index, row.cleaned_data["author"])
        for index, (row, deleting, _adding, _changed) in enumerate(formset_rows(formset))
        if not deleting and row.cleaned_data.get("author")
    ]
    authors = [author for _position, _index, author in sorted(rows, key=lambda r: r[:2])]
    call_service(services.article_update, article=article, by=request.user, authors=authors)
    formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []


class TaxonomyAdminForm(RefusalFormMixin, forms.ModelForm):
    """Shows what the service refused (a slug that is not ASCII) on the field it names."""


class TaxonomyAdmin(ServiceAdminMixin, NulSafeAdminMixin, admin.ModelAdmin):
    """Saves and deletions through the record's services (``articles.taxonomy``)."""

    form = TaxonomyAdminForm
    services = (None, None, None)  # create, update, delete
    record_name = None
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}

    def save_model(self, request, obj, form, change):
        create, update, _delete = self.services
        fields = {
            name: form.cleaned_data[name] for name in form.fields if name in form.cleaned_data
        }
        if change:
            record = type(obj).objects.get(pk=obj.pk)
            saved = call_service(update, **{self.record_name: record}, by=request.user, **fields)
        else:
            saved = call_service(create, by=request.user, **fields)
        adopt(obj, saved)

    def save_related(self, request, form, formsets, change):
        call_service(flush)

    def delete_model(self, request, obj):
        call_service(self.services[2], **{self.record_name: obj}, by=request.user)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


@admin.register(Section)
class SectionAdmin(TaxonomyAdmin):
    services = (taxonomy.section_create, taxonomy.section_update, taxonomy.section_delete)
    record_name = "section"
    list_display = ["name", "slug", "position"]
    fields = ["name", "slug", "description", "position"]


@admin.register(Topic)
class TopicAdmin(TaxonomyAdmin):
    services = (taxonomy.topic_create, taxonomy.topic_update, taxonomy.topic_delete)
    record_name = "topic"
    list_display = ["name", "slug"]
    fields = ["name", "slug", "description"]


@admin.register(Author)
class AuthorAdmin(TaxonomyAdmin):
    services = (taxonomy.author_create, taxonomy.author_update, taxonomy.author_delete)
    record_name = "author"
    list_display = ["name", "role", "slug", "user"]
    list_select_related = ["user"]
    search_fields = ["name", "slug", "role"]
    fields = ["name", "slug", "role", "bio", "portrait", "user"]
    autocomplete_fields = ["portrait"]
    raw_id_fields = ["user"]
