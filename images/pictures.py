"""A photo as pages and the API show it: plain data with the renditions' addresses.

``picture(image)`` is computed when a story is rendered and stored in its page
data, so that the story page reads no image row; the ``picture`` template tag
(``images/templatetags/pictures.py``) turns it into a ``<picture>`` element.
Addresses are the storage's: paths under MEDIA_URL for local files (made absolute
per request where a page needs them so), full URLs for S3-compatible storage.
"""

from django.core.files.storage import default_storage


def _url(name):
    return default_storage.url(name)


def _srcset(items):
    return ", ".join(f"{item['url']} {item['width']}w" for item in items)


def picture(image):
    """``image`` as plain data: its words, its size, each rendition with its address, the
    ``srcset`` for each format and the share card. None for no image."""
    if image is None:
        return None
    stored = image.renditions or {}
    renditions = {
        kind: [
            {"width": r["width"], "height": r["height"], "url": _url(r["name"])}
            for r in stored.get(kind, [])
        ]
        for kind in ("webp", "jpeg")
    }
    largest = renditions["jpeg"][-1] if renditions["jpeg"] else None
    share = stored.get("share")
    return {
        "id": image.pk,
        "alt": image.alt,
        "caption": image.caption,
        "credit": image.credit,
        "copyright": image.copyright,
        "width": image.width,
        "height": image.height,
        "url": largest["url"] if largest else None,
        "renditions": renditions,
        "srcset": {kind: _srcset(items) for kind, items in renditions.items()},
        "share": (
            {"width": share["width"], "height": share["height"], "url": _url(share["name"])}
            if share
            else None
        ),
    }


def absolute(data, build_absolute_uri):
    """The same data with every address absolute (``request.build_absolute_uri``)."""
    if data is None:
        return None
    renditions = {
        kind: [{**item, "url": build_absolute_uri(item["url"])} for item in items]
        for kind, items in data["renditions"].items()
    }
    return {
        **data,
        "url": build_absolute_uri(data["url"]) if data["url"] else None,
        "renditions": renditions,
        "srcset": {kind: _srcset(items) for kind, items in renditions.items()},
        "share": (
            {**data["share"], "url": build_absolute_uri(data["share"]["url"])}
            if data["share"]
            else None
        ),
    }
