"""Settings for the benchmark only: the site's settings plus a bare view to compare with."""

import os

from coverage_site.settings import *  # noqa: F403
from coverage_site.settings import STATIC_ROOT

ROOT_URLCONF = "bench.urls"
STATIC_ROOT = os.environ.get("BENCH_STATIC_ROOT", STATIC_ROOT)

# To see what per-request SQLite connections cost, BENCH_CONN_MAX_AGE=60 keeps
# each worker's connection open (the site's settings close it after each request).
if os.environ.get("BENCH_CONN_MAX_AGE"):
    DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ["BENCH_CONN_MAX_AGE"])  # noqa: F405
