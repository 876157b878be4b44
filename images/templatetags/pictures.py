"""``{% picture image %}``: a photo as a ``<picture>`` with WebP and JPEG ``srcset``.

``image`` is an ``Image`` or the plain data ``images.pictures.picture`` made of one
(what a story stores in its page data). ``width`` and ``height`` are always set, so
that nothing moves as it loads; photos load lazily unless ``eager`` (the lead photo,
above the fold, which is also fetched first).
"""

from django import template
from django.template.loader import render_to_string

from images import pictures

register = template.Library()


@register.simple_tag
def picture(image, sizes="100vw", eager=False, css_class="", decorative=False):
    """``decorative``: an empty alt, for a photo beside the name it shows (Who's who)."""
    data = image if isinstance(image, dict) or image is None else pictures.picture(image)
    if not data or not data.get("url"):
        return ""
    if decorative:
        data = {**data, "alt": ""}
    return render_to_string(
        "images/_picture.html",
        {"picture": data, "sizes": sizes, "eager": eager, "css_class": css_class},
    )


@register.simple_tag
def figure(image, sizes="100vw", eager=False, css_class=""):
    """The photo with its caption and credit, as a ``<figure>``."""
    data = image if isinstance(image, dict) or image is None else pictures.picture(image)
    if not data or not data.get("url"):
        return ""
    return render_to_string(
        "images/_figure.html",
        {"picture": data, "sizes": sizes, "eager": eager, "css_class": css_class},
    )


@register.filter
def picture_data(image):
    """The plain data of an ``Image`` (None for none), for a page's share card."""
    return pictures.picture(image) if image is not None else None
