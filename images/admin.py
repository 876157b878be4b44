"""The image library in the desk: upload a photo with its alt text, caption and credit.

Saves go through ``images.services``: a file that is not an image we accept comes
back as an error on the form, and nothing is stored.
"""

from django import forms
from django.contrib import admin
from django.utils.html import format_html

from core.admin import (
    NulSafeAdminMixin,
    RefusalFormMixin,
    ServiceAdminMixin,
    adopt,
    call_service,
)
from images import services
from images.models import Image


class ImageAdminForm(RefusalFormMixin, forms.ModelForm):
    """The words are the model's fields; the file is handed to the service as uploaded,
    which checks it (so its messages, not a generic one, are shown on the form)."""

    file = forms.FileField(
        label="File",
        help_text="A JPEG, PNG, WebP or GIF photo of at most 20 MB. A caption, credit or "
        "copyright left blank is read from the file (IPTC or XMP), as agencies supply it.",
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}),
    )

    class Meta:
        model = Image
        fields = ["alt", "caption", "credit", "copyright"]
        widgets = {"caption": forms.Textarea(attrs={"rows": 3})}


def thumbnail(image, size=120):
    url = image.thumbnail_url if image is not None else None
    if not url:
        return "—"
    return format_html(
        '<img src="{}" alt="{}" style="max-width:{}px;max-height:{}px;height:auto">',
        url,
        image.alt,
        size,
        size,
    )


@admin.register(Image)
class ImageAdmin(ServiceAdminMixin, NulSafeAdminMixin, admin.ModelAdmin):
    form = ImageAdminForm
    list_display = ["preview", "alt", "credit", "size", "created_at"]
    list_display_links = ["preview", "alt"]
    search_fields = ["alt", "caption", "credit", "copyright"]
    search_help_text = "Search alt text, captions, credits and copyright notices."
    list_select_related = ["uploaded_by"]
    readonly_fields = ["preview_large", "size", "uploaded_by", "created_at"]
    list_per_page = 50

    def get_form(self, request, obj=None, change=False, **kwargs):
        # The file is the form's own field, never written to the model by the form.
        fields = kwargs.get("fields") or self.get_fields(request, obj)
        kwargs["fields"] = [
            f for f in fields if f != "file" and f not in self.get_readonly_fields(request, obj)
        ]
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is not None:
            form.base_fields.pop("file", None)
        return form

    def get_fields(self, request, obj=None):
        words = ["alt", "caption", "credit", "copyright"]
        if obj is None:
            return ["file", *words]
        return ["preview_large", *words, "size", "uploaded_by", "created_at"]

    @admin.display(description="photo")
    def preview(self, obj):
        return thumbnail(obj, 80)

    @admin.display(description="photo")
    def preview_large(self, obj):
        return thumbnail(obj, 320)

    @admin.display(description="size")
    def size(self, obj):
        return f"{obj.width} × {obj.height}" if obj.width else "—"

    def save_model(self, request, obj, form, change):
        words = {name: form.cleaned_data.get(name, "") for name in services.TEXT_FIELDS}
        if change:
            saved = call_service(
                services.image_update,
                image=Image.objects.get(pk=obj.pk),
                by=request.user,
                **words,
            )
        else:
            saved = call_service(
                services.image_create, by=request.user, file=form.cleaned_data["file"], **words
            )
        adopt(obj, saved)

    def save_related(self, request, form, formsets, change):
        pass  # an image has no related rows to save

    def delete_model(self, request, obj):
        call_service(services.image_delete, image=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)
