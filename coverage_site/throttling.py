"""API throttles. Kept apart from ``core.api`` because DRF imports the
throttle classes while it defines ``APIView`` itself."""

from django.conf import settings
from rest_framework import throttling


class AnonRateThrottle(throttling.AnonRateThrottle):
    """Anonymous clients, limited to ``settings.API_ANON_RATE`` (read at request time,
    so a test or a load run can change it without a restart of the settings module)."""

    def get_rate(self):
        return settings.API_ANON_RATE
