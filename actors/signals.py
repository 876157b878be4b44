"""What the world side tells the rest of the site when one of its records changes.

``actors`` knows nothing about the coverage; the pages that show an actor or an
event listen here and bring themselves up to date.
"""

from django.dispatch import Signal

# Sent by the services after an actor or event was changed (``instance``), and before
# one is deleted (``deleting=True``), while whatever shows it can still be found.
record_changed = Signal()
