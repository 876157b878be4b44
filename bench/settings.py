"""Settings for the benchmark only: the site's settings plus a bare view to compare with."""

import os

from coverage_site.settings import *  # noqa: F403
from coverage_site.settings import STATIC_ROOT

ROOT_URLCONF = "bench.urls"
STATIC_ROOT = os.environ.get("BENCH_STATIC_ROOT", STATIC_ROOT)
