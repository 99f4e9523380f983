"""What `sources` announces to the apps above it. Sent on commit by the import service.

Receivers get `article_id` and must only enqueue work.
"""

from django.dispatch import Signal

article_imported = Signal()  # kwargs: article_id
article_revised = Signal()  # kwargs: article_id, revision
