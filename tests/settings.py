"""The test run's settings: the project's own, read as a developer's machine reads them
(DEBUG on unless the environment says otherwise, as ``make test`` runs them)."""

import os
import tempfile

os.environ.setdefault("DEBUG", "true")

from coverage_site.settings import *  # noqa: E402, F403

# Uploaded photos never land in the project: tests that check what is stored set their
# own MEDIA_ROOT (tests/test_images.py); any other upload is kept here.
MEDIA_ROOT = tempfile.mkdtemp(prefix="diplomatic-desk-media-")
