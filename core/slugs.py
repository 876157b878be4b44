"""Story addresses from headlines: plain ASCII words joined by hyphens.

A dash or a slash between words separates them ("Wang Yi–Lavrov talks" →
``wang-yi-lavrov-talks``), and a headline in another script is transliterated
("김정은 방중" → ``gimjeongeun-bangjung``), so every headline gets a usable slug.
The admin's prepopulated slug (``articles/admin/slugs.js``) follows the same rules.
"""

import re

from anyascii import anyascii
from django.utils.text import slugify

# Hyphens, dashes (figure, en, em, horizontal bar, minus) and slashes: word separators.
_SEPARATORS = re.compile(r"[\u2010-\u2015\u2212\u2043/\\|·•]+")


def slugify_headline(text, max_length=200):
    """The slug for ``text``: lower-case ASCII words joined by hyphens, at most
    ``max_length`` characters, cut between words ("" when nothing is left)."""
    words = anyascii(_SEPARATORS.sub(" ", text or ""))
    slug = slugify(_SEPARATORS.sub(" ", words))
    if len(slug) > max_length:
        cut = slug[: max_length + 1]
        slug = cut[: cut.rfind("-")] if "-" in cut else slug[:max_length]
    return slug.strip("-")


def unique_slug(text, taken, max_length=200, fallback="story"):
    """A slug for ``text`` that ``taken(slug)`` says is free: ``base``, ``base-2``, ...."""
    base = slugify_headline(text, max_length - 4) or fallback
    slug, n = base, 2
    while taken(slug):
        slug, n = f"{base}-{n}", n + 1
    return slug
