"""The quotes on the desk: the story form's quote cards and the quote list's filters.

A story's quote cards cost the same queries for 2 quotes or 50: every card's
speaker, outlets and event come with the quotes (``select_related`` /
``prefetch_related``), and the autocomplete widgets show those instead of each
looking its selection up again.
"""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.db.models import Case, F, IntegerField, Value, When

from articles.models import Quote

# The story form shows its quotes open when there are at most this many (or some to check).
QUOTES_SHOWN_OPEN = 8


class PrefetchedSelectionMixin:
    """An autocomplete widget that shows the objects it was given (``selected``) for its
    selected values, and asks the database only for values it was not given (a form
    shown again with a speaker the editor picked)."""

    selected = ()

    def optgroups(self, name, value, attr=None):
        known = {str(obj.pk): obj for obj in self.selected}
        wanted = {str(v) for v in value if str(v) not in self.choices.field.empty_values}
        if not wanted <= known.keys():
            return super().optgroups(name, value, attr)
        default = (None, [], 0)
        if not self.is_required and not self.allow_multiple_selected:
            default[1].append(self.create_option(name, "", "", False, 0))
        for pk in sorted(wanted, key=list(known).index):
            label = self.choices.field.label_from_instance(known[pk])
            default[1].append(self.create_option(name, pk, label, wanted, len(default[1])))
        return [default]


class PrefetchedAutocompleteSelect(PrefetchedSelectionMixin, AutocompleteSelect):
    pass


class PrefetchedAutocompleteSelectMultiple(PrefetchedSelectionMixin, AutocompleteSelectMultiple):
    pass


def _autocomplete(widget):
    """The autocomplete widget inside the admin's related-object wrapper, if any."""
    inner = getattr(widget, "widget", widget)
    return inner if isinstance(inner, PrefetchedSelectionMixin) else None


class PrefetchedAutocompleteInlineMixin:
    """An inline whose ``autocomplete_fields`` show the selections its rows came with."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request) and "widget" not in kwargs:
            kwargs["widget"] = PrefetchedAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request) and "widget" not in kwargs:
            kwargs["widget"] = PrefetchedAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)


def quotes_to_check_first(queryset):
    """Quotes whose words are not in the body first, then the rest in the body's order."""
    return queryset.annotate(
        checked=Case(
            When(kind__in=Quote.VERBATIM_KINDS, start__isnull=True, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
    ).order_by("checked", F("start").asc(nulls_last=True), "pk")


class QuoteCardFormSet(forms.BaseInlineFormSet):
    """The story's quotes, those to check first, with a heading that counts them."""

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        quote = form.instance
        if quote.pk is not None:
            given = {
                "speaker": [quote.speaker] if quote.speaker_id else [],
                "event": [quote.event] if quote.event_id else [],
                "outlets": list(quote.outlets.all()),  # prefetched with the quotes
            }
            for name, objects in given.items():
                widget = _autocomplete(form.fields[name].widget) if name in form.fields else None
                if widget is not None:
                    widget.selected = objects
        return form

    @property
    def saved_quotes(self):
        return list(self.get_queryset()) if self.instance.pk else []

    @property
    def to_check(self):
        return sum(1 for quote in self.saved_quotes if not quote.is_verified)

    @property
    def heading(self):
        count, to_check = len(self.saved_quotes), self.to_check
        if not count:
            return "Quotes"
        return f"Quotes ({count}, {to_check} to check)" if to_check else f"Quotes ({count})"

    @property
    def open_by_default(self):
        """Open when there is something to do: few quotes, some to check, or errors."""
        if self.is_bound and not self.is_valid():
            return True
        return self.to_check > 0 or len(self.saved_quotes) <= QUOTES_SHOWN_OPEN


# --- The quote list's filters -----------------------------------------------------------------


class VerifiedFilter(admin.SimpleListFilter):
    title = "found in the body"
    parameter_name = "verified"

    def lookups(self, request, model_admin):
        return [("yes", "Found in the body (or a paraphrase)"), ("no", "Not in the body: to check")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.verified()
        if self.value() == "no":
            return queryset.unverified()
        return queryset


class RelatedSearchFilter(admin.FieldListFilter):
    """A filter for a relation with too many choices to list (10,000 stories, every actor):
    an autocomplete box searching them as the quote form's does, the chosen one named,
    and "All" to clear it. It costs one query, to name the chosen object."""

    template = "admin/articles/related_search_filter.html"
    TITLES = {"article": "story"}

    def __init__(self, field, request, params, model, model_admin, field_path):
        self.lookup_kwarg = f"{field_path}__id__exact"
        value = params.get(self.lookup_kwarg)
        self.lookup_val = value[-1] if isinstance(value, list) else value
        super().__init__(field, request, params, model, model_admin, field_path)
        self.title = self.TITLES.get(field_path, self.title)
        self.widget = (AutocompleteSelectMultiple if field.many_to_many else AutocompleteSelect)(
            field, model_admin.admin_site
        )
        self.widget.choices = forms.ModelChoiceField(
            field.remote_field.model._default_manager.all(), required=False
        ).choices

    def expected_parameters(self):
        return [self.lookup_kwarg]

    def has_output(self):
        return True

    @property
    def chosen_pk(self):
        value = str(self.lookup_val or "")
        return value if value.isdigit() else None

    def queryset(self, request, queryset):
        if self.lookup_val is not None and self.chosen_pk is None:
            return queryset.none()
        if self.chosen_pk:
            return queryset.filter(**{self.lookup_kwarg: self.chosen_pk}).distinct()
        return queryset

    def choices(self, changelist):
        yield {
            "selected": self.chosen_pk is None,
            "query_string": changelist.get_query_string(remove=[self.lookup_kwarg]),
            "display": "All",
            "widget": self.widget.render(
                f"filter-{self.field_path}",
                [self.chosen_pk] if self.chosen_pk else [],
                attrs={
                    "id": f"desk-filter-{self.field_path}",
                    "data-desk-filter": changelist.get_query_string({self.lookup_kwarg: "__pk__"}),
                    "aria-label": f"Filter by {self.title}",
                },
            ),
        }
