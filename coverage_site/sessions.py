"""The database session store, refusing session keys no Django session could have.

A cookie such as ``sessionid=\x00abc…`` would otherwise be looked up in the
database, which PostgreSQL answers with an error (it refuses NUL bytes in text):
a 500 on every page that reads ``request.user``. Such a key now reads as no
session at all, as an expired one does.
"""

import re

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore

# Django makes session keys of 32 lower-case letters and digits.
SESSION_KEY = re.compile(r"[a-z0-9]{8,64}")


class SessionStore(DatabaseSessionStore):
    def _validate_session_key(self, key):
        return bool(key) and SESSION_KEY.fullmatch(key) is not None
