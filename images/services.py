"""Every write to the image library: upload, change its words, delete.

An upload is checked (a real image of a format we accept, not too big), its
credits read from the file where the editor left them blank, and its renditions
made and stored before the row is written; a refused upload stores nothing. A
change to what readers read with a photo (caption, credit, ...) is announced
(``images.signals.image_changed``) so that the pages showing it are rendered anew.
"""

import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from core.writes import service
from images import processing
from images.models import Image
from images.signals import image_changed

ADD_PERMISSION = "images.add_image"
CHANGE_PERMISSION = "images.change_image"
DELETE_PERMISSION = "images.delete_image"

TEXT_FIELDS = ("alt", "caption", "credit", "copyright")


def _require(user, permission, action):
    if user is None or not user.has_perm(permission):
        raise PermissionDenied(f"You do not have permission to {action}.")


def _refuse_nul(fields):
    errors = {
        name: "Null characters are not allowed."
        for name, value in fields.items()
        if isinstance(value, str) and "\x00" in value
    }
    if errors:
        raise ValidationError(errors)


@service
def image_create(*, by, file, alt, caption="", credit="", copyright=""):  # noqa: A002
    """A new photo from ``file`` (an uploaded file). What the editor typed wins; a caption,
    credit or copyright left blank is taken from the file's IPTC or XMP, if it has one."""
    _require(by, ADD_PERMISSION, "upload images")
    typed = {"alt": alt, "caption": caption, "credit": credit, "copyright": copyright}
    _refuse_nul(typed)
    checked = processing.check(file)
    from_file = processing.credits(checked.picture)
    fields = {name: (value or "").strip() for name, value in typed.items()}
    for name in ("caption", "credit", "copyright"):
        fields[name] = fields[name] or from_file[name]
    image = Image(uploaded_by=by, **fields)
    image.full_clean(exclude=["file"])  # the words are checked before any file is stored

    upright = processing.upright(checked.picture)
    made = processing.renditions(upright)
    token = uuid.uuid4().hex
    stored = []
    try:
        file.seek(0)
        image.file.save(f"{token}{checked.extension}", file, save=False)
        stored.append(image.file.name)
        renditions = {"webp": [], "jpeg": []}
        for rendition in made:
            label = "share" if rendition.kind == "share" else str(rendition.width)
            name = default_storage.save(
                f"images/renditions/{token}/{label}{rendition.extension}",
                ContentFile(rendition.content),
            )
            stored.append(name)
            entry = {"width": rendition.width, "height": rendition.height, "name": name}
            if rendition.kind == "share":
                renditions["share"] = entry
            else:
                renditions[rendition.kind].append(entry)
        image.renditions = renditions
        # The size readers see: the right way up, which EXIF may say is turned.
        image.width, image.height = upright.size
        image.save()
    except BaseException:
        _delete_files(stored)
        raise
    return image


@service
def image_update(*, image, by, **changes):
    """Change a photo's words; the stories and actors showing it are shown anew."""
    _require(by, CHANGE_PERMISSION, "change images")
    unknown = set(changes) - set(TEXT_FIELDS)
    if unknown:
        raise ValidationError(
            {name: "This cannot be changed: upload a new image instead." for name in unknown}
        )
    _refuse_nul(changes)
    image.refresh_from_db(from_queryset=Image.objects.select_for_update())
    changed = {}
    for name, value in changes.items():
        value = (value or "").strip()
        if getattr(image, name) != value:
            changed[name] = value
            setattr(image, name, value)
    if changed:
        image.full_clean(exclude=["file"])
        image.save(update_fields=[*changed, "updated_at"])
        image_changed.send(sender=Image, instance=image)
    return image


def usage(image):
    """Where the photo is shown, as editors read it: ["lead photo of “Kim arrives”", …].

    Every record pointing at an image counts (lead photos, actors' and authors'
    portraits), whatever app it belongs to.
    """
    uses = []
    for relation in Image._meta.related_objects:
        if not (relation.one_to_many or relation.one_to_one):  # a foreign key to images
            continue
        rows = relation.related_model._default_manager.filter(**{relation.field.name: image})
        uses += [f"{relation.field.verbose_name} of “{row}”" for row in rows[:5]]
    return uses


@service
def image_delete(*, image, by):
    """Delete a photo nothing shows any longer, and its files once the deletion is committed."""
    _require(by, DELETE_PERMISSION, "delete images")
    uses = usage(image)
    if uses:
        raise ValidationError(
            "This photo is in use, so it cannot be deleted: it is the "
            + "; the ".join(uses)
            + ". Choose another photo (or none) there first.",
            code="in_use",
        )
    names = image.rendition_names()
    image.delete()
    transaction.on_commit(lambda: _delete_files(names))


def _delete_files(names):
    for name in names:
        default_storage.delete(name)
