"""What the image library tells the rest of the site when a photo changes.

``images`` knows nothing about stories or actors; the pages that show a photo
listen here and bring themselves up to date.
"""

from django.dispatch import Signal

# Sent by the services after an image's words (alt text, caption, credit, copyright)
# changed (``instance``).
image_changed = Signal()
