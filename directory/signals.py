"""What the permission entry point announces, so that the access log (audit) records it
without the base importing the app above it.

Both are sent synchronously, in the reader's transaction; a receiver that fails fails
the read, so a record is never shown without its entry in the log.

marked_record_read: one record marked OFFICIAL-SENSITIVE or above was read on its own.
Sent with the model as sender and keyword arguments `user`, `obj` and `request`.

records_listed: a list, search or export response returned `rows` (every record in it,
marked or not; the receiver keeps the marked ones, issue 9 §5). Sent with the model as
sender and keyword arguments `user`, `rows` and `request`.
"""

from django.dispatch import Signal

marked_record_read = Signal()
records_listed = Signal()
