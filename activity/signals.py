"""Signals between apps, so that one app can set something off in another without
importing it (STYLE.md: governance never imports engagement).

strategic_product_endorsed: a group endorsed a strategic product at a meeting. Sent
after the endorsement commits, with keyword arguments `product_kind` (e.g. "nsa"),
`group_code` (e.g. "NSTCG"), `product_id`, `version_id` (the endorsed version's id),
`version` (its number), `endorsed_on` (a date) and `actor` (the user who recorded it).
PCC §17: the NSTCG's endorsement of the National Strategic Assessment sets off the annual
PCC engagement day.
"""

from django.dispatch import Signal

strategic_product_endorsed = Signal()
