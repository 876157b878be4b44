"""The test run's settings: the project's own, read as a developer's machine reads them
(DEBUG on unless the environment says otherwise, as ``make test`` runs them)."""

import os

os.environ.setdefault("DEBUG", "true")

from coverage_site.settings import *  # noqa: E402, F403
