"""Admin pieces every app's desk shares."""

from django.contrib import messages
from django.contrib.admin.views.main import SEARCH_VAR
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import HttpResponseBadRequest, HttpResponseRedirect

from core.writes import write_scope


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


class ServiceRefusal(Exception):
    """A service refused an admin save: ``error`` is its ValidationError or PermissionDenied,
    ``prefix`` the form it belongs to (None for the main form, else an inline row's prefix)."""

    def __init__(self, error, prefix=None):
        super().__init__(str(error))
        self.error = error
        self.prefix = prefix


def refusal_messages(error):
    """``{field or None: [messages]}`` of a service's ValidationError or PermissionDenied."""
    if isinstance(error, ValidationError):
        if hasattr(error, "error_dict"):
            return {
                (None if field == NON_FIELD_ERRORS else field): [
                    message for e in errors for message in e.messages
                ]
                for field, errors in error.error_dict.items()
            }
        return {None: error.messages}
    return {None: [str(error) or "You do not have permission to do this."]}


class RefusalFormMixin:
    """Shows on the form what the service refused, the second time the admin runs it.

    ``request`` is set on the form class by the admin (``ServiceAdminMixin``).
    """

    request = None

    @property
    def refusal(self):
        refusal = getattr(self.request, "service_refusal", None)
        if refusal is not None and refusal.prefix == (self.prefix or None):
            return refusal
        return None

    def clean(self):
        cleaned = super().clean()
        if self.refusal is not None:
            self.show_refusal(self.refusal.error)
        return cleaned

    def show_refusal(self, error):
        """Put the service's messages on the fields they name (the form's top otherwise)."""
        for field, texts in refusal_messages(error).items():
            target = field if field in self.fields else None
            for text in texts:
                self.add_error(target, text)


class ServiceAdminMixin:
    """The admin's saves go through services, each change form in one write.

    ``save_model``, ``save_related`` and ``delete_model`` call the services and
    raise ``ServiceRefusal`` when one says no; the whole save is then rolled
    back and the form shown again, with everything the editor typed and the
    service's messages on the fields (or rows) they concern.
    """

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method != "POST":
            return super().changeform_view(request, object_id, form_url, extra_context)
        try:
            with write_scope():
                return super().changeform_view(request, object_id, form_url, extra_context)
        except ServiceRefusal as refusal:
            request.service_refusal = refusal
        except (ValidationError, PermissionDenied) as error:  # raised as the write finished
            request.service_refusal = ServiceRefusal(error)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"request": request})

    def delete_view(self, request, object_id, extra_context=None):
        try:
            with write_scope():
                return super().delete_view(request, object_id, extra_context)
        except ServiceRefusal as refusal:
            self.message_user(
                request,
                " ".join(m for ms in refusal_messages(refusal.error).values() for m in ms),
                messages.ERROR,
            )
            return HttpResponseRedirect(request.path)


class ServiceInlineMixin:
    """An inline whose rows are saved by services; its forms show their refusals."""

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = type(formset.form.__name__, (formset.form,), {"request": request})
        return formset


def call_service(function, prefix=None, **kwargs):
    """Call a service from an admin save; a refusal becomes a ``ServiceRefusal``."""
    try:
        return function(**kwargs)
    except (ValidationError, PermissionDenied) as error:
        raise ServiceRefusal(error, prefix) from error


def adopt(obj, saved):
    """Make the admin's unsaved instance the object the service saved (its pk and fields)."""
    for field in type(saved)._meta.concrete_fields:
        setattr(obj, field.attname, getattr(saved, field.attname))
    obj._state.adding = False
    obj._state.db = saved._state.db
    return obj


def formset_rows(formset):
    """A formset's rows: (form, to delete, to add, changed), skipping empty extra rows."""
    for row in formset.forms:
        if not hasattr(row, "cleaned_data"):
            continue
        deleting = formset.can_delete and formset._should_delete_form(row)
        adding = row.instance.pk is None
        if adding and (deleting or not row.has_changed()):
            continue
        yield row, deleting, adding, row.has_changed()
