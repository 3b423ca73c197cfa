"""What the directory announces, so that the apps above it act on it without the
directory importing them: the access log (audit) records reads, the notification centre
tells people of clearance reviews.

Both are sent synchronously, in the reader's transaction; a receiver that fails fails
the read, so a record is never shown without its entry in the log.

marked_record_read: one record marked OFFICIAL-SENSITIVE or above was read on its own.
Sent with the model as sender and keyword arguments `user`, `obj` and `request`.

records_listed: a list, search or export response returned `rows` (every record in it,
marked or not; the receiver keeps the marked ones, issue 9 §5). Sent with the model as
sender and keyword arguments `user`, `rows` and `request`.

clearance_review_due: people are to be told that a clearance review is due or overdue
(issue 9 §3), once per review date. Sent in the reminder's transaction, with keyword
arguments `recipients` (users), `text` (at most 300 characters, names and dates only),
`link` (a portal path) and `subject`.
"""

from django.dispatch import Signal

marked_record_read = Signal()
records_listed = Signal()
clearance_review_due = Signal()
