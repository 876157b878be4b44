"""The image library: photos with their alt text, caption and credit, and their renditions.

Shared kit beneath ``actors`` and ``articles``: a story's lead image and an actor's
portrait both point here.
"""

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import models

from images.visibility import public_filter


def original_path(image, filename):
    return f"images/originals/{filename}"


class ImageQuerySet(models.QuerySet):
    def public(self):
        """Images that some record readers may see shows (a published story's lead photo,
        a public actor's portrait): the only ones anonymous clients may read."""
        return self.filter(public_filter())


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

    objects = ImageQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "image"
        verbose_name_plural = "images"

    def __str__(self):
        return self.alt if len(self.alt) <= 60 else self.alt[:57] + "…"

    def rendition_names(self):
        """Every file stored for this image: the original and each rendition."""
        names = [self.file.name] if self.file else []
        for kind in ("webp", "jpeg"):
            names += [r["name"] for r in self.renditions.get(kind, [])]
        if "share" in self.renditions:
            names.append(self.renditions["share"]["name"])
        return names

    @property
    def thumbnail_url(self):
        """The smallest JPEG rendition's address (for the desk's lists), or None."""
        jpegs = self.renditions.get("jpeg") or []
        return default_storage.url(jpegs[0]["name"]) if jpegs else None
