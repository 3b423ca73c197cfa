"""The rules of the notification centre, one named function each."""

from django.core.exceptions import ValidationError

from directory.choices import Marking
from directory.links import portal_url
from directory.rules import markings_visible_to

from .choices import Delivery, Kind

# The Director General's notice to a PCC, and its escalation when not acknowledged, are
# owed by statute (PCC §20): nobody may turn their e-mail off or put it off.
STATUTORY_KINDS = frozenset({Kind.PCC_NOTICE, Kind.PCC_NOTICE_OVERDUE})

# News that neither answers a person's own request nor needs them to act.
DIGEST_BY_DEFAULT = frozenset({Kind.MINUTES_CIRCULATED, Kind.REPORT_CIRCULATED})

GENERIC_TEXT = "There is something new for you in the NCA portal"


def is_statutory(kind: str) -> bool:
    """A statutory notice (PCC §20) and its escalation are always e-mailed at once."""
    return kind in STATUTORY_KINDS


def default_delivery(kind: str) -> str:
    """What answers a person's own request or needs their action is e-mailed at once;
    news for information comes in the daily digest."""
    return Delivery.DAILY_DIGEST if kind in DIGEST_BY_DEFAULT else Delivery.AT_ONCE


def delivery_for(kind: str, chosen: str | None) -> str:
    """How a notification of `kind` reaches a person who chose `chosen` (None: nothing
    chosen). A statutory notice is e-mailed at once whatever was chosen."""
    if is_statutory(kind):
        return Delivery.AT_ONCE
    return chosen or default_delivery(kind)


def check_preference(kind: str, delivery: str) -> None:
    """A person may choose how each kind reaches them, except a statutory notice, which
    is always e-mailed at once (PCC §20)."""
    if kind not in Kind.values:
        raise ValidationError({"kind": f"“{kind}” is not a kind of notification."})
    if delivery not in Delivery.values:
        raise ValidationError({"delivery": f"“{delivery}” is not a way to be notified."})
    if is_statutory(kind) and delivery != Delivery.AT_ONCE:
        raise ValidationError(
            {"delivery": f"{Kind(kind).label} is owed by statute and is always e-mailed at once."}
        )


def message_for_reader(*, reader, text: str, link: str, marking: str, by_email: bool) -> str:
    """What a message may say is bounded by where it is read and by whom. An e-mail
    leaves the portal's protection, so it carries the text only when the notification is
    OFFICIAL; in the portal the text is shown only to a reader whose clearance covers its
    marking. Otherwise the reader is told only that there is something new, and where."""
    if by_email:
        if marking == Marking.OFFICIAL:
            return f"{text}\n\nSign in to the portal to see it: {portal_url(link)}\n"
        return f"{GENERIC_TEXT}: {portal_url(link)}\n"
    if marking in markings_visible_to(reader):
        return text
    return f"{GENERIC_TEXT}."


def email_subject(*, subject: str, text: str, marking: str) -> str:
    """The subject line travels with the e-mail, so it obeys the same bound."""
    if marking != Marking.OFFICIAL:
        return f"NCA portal: {GENERIC_TEXT[0].lower()}{GENERIC_TEXT[1:]}"
    return f"NCA portal: {(subject or text)}"[:200]
