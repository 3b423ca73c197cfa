"""A group's members and its chair."""

from django.core.exceptions import ValidationError
from django.db import transaction

from .. import rules
from ..models import GovernanceGroup, Membership


@transaction.atomic
def membership_add(*, actor, group: GovernanceGroup, person) -> Membership:
    rules.check_administers(actor, doing="change a group's members")
    if not person.is_active:
        raise ValidationError({"person": f"{person} no longer has an active account."})
    membership, created = Membership.objects.get_or_create(group=group, person=person)
    if not created:
        raise ValidationError(
            {"person": f"{person} is already a member of the {group.short_name}."}
        )
    return membership


@transaction.atomic
def membership_remove(*, actor, group: GovernanceGroup, person) -> None:
    rules.check_administers(actor, doing="change a group's members")
    deleted, _ = Membership.objects.filter(group=group, person=person).delete()
    if not deleted:
        raise ValidationError({"person": f"{person} is not a member of the {group.short_name}."})


@transaction.atomic
def group_set_chair(*, actor, group: GovernanceGroup, chair) -> GovernanceGroup:
    """Name the person who chairs a group: they hold the post OP Annex C names for it
    (`rules.check_chair_fits`)."""
    rules.check_administers(actor, doing="name a group's chair")
    if chair is not None:
        if not chair.is_active:
            raise ValidationError({"chair": f"{chair} no longer has an active account."})
        rules.check_chair_fits(group, chair)
    group.chair = chair
    group.save(update_fields=["chair"])
    return group
