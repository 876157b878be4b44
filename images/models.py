"""The image library: photos with their alt text, caption and credit, and their renditions.

Shared kit beneath ``actors`` and ``articles``: a story's lead image and an actor's
portrait both point here.
"""

from django.conf import settings
from django.db import models


def original_path(image, filename):
    return f"images/originals/{filename}"


class Image(models.Model):
    file = models.ImageField(
        "file", upload_to=original_path, width_field="width", height_field="height"
    )
    alt = models.CharField(
        "alt text",
        max_length=500,
        help_text="What the photo shows, for readers who cannot see it. Required.",
    )
    caption = models.TextField("caption", max_length=2000, blank=True)
    credit = models.CharField(
        "credit", max_length=300, blank=True, help_text='Who took it, e.g. "KCNA via Reuters".'
    )
    copyright = models.CharField("copyright", max_length=300, blank=True)
    width = models.PositiveIntegerField("width", null=True, blank=True, editable=False)
    height = models.PositiveIntegerField("height", null=True, blank=True, editable=False)
    renditions = models.JSONField(
        "renditions",
        default=dict,
        blank=True,
        editable=False,
        help_text="The resized copies made on upload, by format and width.",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="uploaded by",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="images",
    )
    created_at = models.DateTimeField("uploaded", auto_now_add=True)
    updated_at = models.DateTimeField("updated", auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "image"
        verbose_name_plural = "images"

    def __str__(self):
        return self.alt if len(self.alt) <= 60 else self.alt[:57] + "…"
