"""``reverse``, remembered: the same page's URL is asked for over and over (a story's
render links its speaker once for every quote, a list links every row's page), and
Django's ``reverse`` works it out anew each time.

The answer depends on the URLconf and the script prefix in force, so both are part
of what is remembered; a change of ``ROOT_URLCONF`` (tests) forgets everything.
"""

from functools import lru_cache

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse


def cached_reverse(viewname, **kwargs):
    """``reverse(viewname, kwargs=kwargs)``, computed once per URLconf and prefix."""
    return _reverse(get_urlconf(), get_script_prefix(), viewname, tuple(sorted(kwargs.items())))


@lru_cache(maxsize=50_000)
def _reverse(urlconf, prefix, viewname, kwargs):
    return reverse(viewname, urlconf=urlconf, kwargs=dict(kwargs))


@receiver(setting_changed)
def _forget(setting, **kwargs):
    if setting == "ROOT_URLCONF":
        _reverse.cache_clear()
