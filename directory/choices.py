from django.db import models


class OrganisationKind(models.TextChoices):
    NCA = "nca", "National Crime Agency"
    NCA_COMMAND = "nca_command", "NCA command"
    TERRITORIAL_FORCE = "territorial_force", "Territorial police force"
    NON_GEOGRAPHIC_FORCE = "non_geographic_force", "Non-geographic police force"
    DEVOLVED_FORCE = "devolved_force", "Devolved police force"
    ISLAND_FORCE = "island_force", "Island police force"
    ROCU = "rocu", "Regional Organised Crime Unit"
    JBIU = "jbiu", "Joint Border Intelligence Unit"
    LAW_ENFORCEMENT_AGENCY = "law_enforcement_agency", "Law enforcement agency"
    PCC_BODY = "pcc_body", "Police and crime governing body"
    POLICING_BOARD = "policing_board", "Policing body in Scotland or Northern Ireland"
    TASK_FORCE = "task_force", "Organised crime task force"
    INTELLIGENCE_AGENCY = "intelligence_agency", "Security and intelligence agency"


NCA_KINDS = frozenset({OrganisationKind.NCA, OrganisationKind.NCA_COMMAND})
FORCE_KINDS = frozenset(
    {
        OrganisationKind.TERRITORIAL_FORCE,
        OrganisationKind.NON_GEOGRAPHIC_FORCE,
        OrganisationKind.DEVOLVED_FORCE,
        OrganisationKind.ISLAND_FORCE,
    }
)
# Partners the NCA works with but does not task: governing and policing bodies, and the
# task forces it sits on (OP §3).
UNTASKED_KINDS = frozenset(
    {OrganisationKind.PCC_BODY, OrganisationKind.POLICING_BOARD, OrganisationKind.TASK_FORCE}
)
# Forces that answer to a governing body in the APCC (PCC introduction).
GOVERNED_FORCE_KINDS = frozenset(
    {OrganisationKind.TERRITORIAL_FORCE, OrganisationKind.NON_GEOGRAPHIC_FORCE}
)


class Nation(models.TextChoices):
    ENGLAND = "england", "England"
    WALES = "wales", "Wales"
    SCOTLAND = "scotland", "Scotland"
    NORTHERN_IRELAND = "northern_ireland", "Northern Ireland"
    CROWN_DEPENDENCIES = "crown_dependencies", "Crown Dependencies"


class Role(models.TextChoices):
    DIRECTOR_GENERAL = "director_general", "Director General"
    DEPUTY_DIRECTOR_GENERAL = "deputy_director_general", "Deputy Director General"
    DIRECTOR = "director", "Director"
    TASKING_OFFICER = "tasking_officer", "Tasking officer"
    ANALYST = "analyst", "Analyst"
    SECRETARIAT = "secretariat", "Governance secretariat"
    ROCC = "rocc", "Regional Organised Crime Coordinator"
    ROCU_OFFICER = "rocu_officer", "ROCU officer"
    FORCE_OFFICER = "force_officer", "Force officer"
    CHIEF_OFFICER = "chief_officer", "Chief officer"
    CHARGE_DELEGATE = "charge_delegate", "Agrees charges for the chief officer"
    PARTNER_OFFICER = "partner_officer", "Partner officer"
    PCC_OFFICE = "pcc_office", "PCC office"
    ADMIN = "admin", "Portal administrator"


class Clearance(models.TextChoices):
    """National security vetting levels, lowest first."""

    BPSS = "bpss", "BPSS"
    CTC = "ctc", "CTC"
    SC = "sc", "SC"
    DV = "dv", "DV"


class Marking(models.TextChoices):
    """Government Security Classifications, lowest first."""

    OFFICIAL = "official", "OFFICIAL"
    OFFICIAL_SENSITIVE = "official_sensitive", "OFFICIAL-SENSITIVE"
    SECRET = "secret", "SECRET"
    TOP_SECRET = "top_secret", "TOP SECRET"


class ContactAudience(models.TextChoices):
    ALL_PARTNERS = "all_partners", "Every partner organisation"
    OWN_ORGANISATION = "own_organisation", "Its own organisation and the NCA"


class RoleGrantStatus(models.TextChoices):
    PENDING = "pending", "Waiting for a second administrator"
    APPLIED = "applied", "Applied"
    REFUSED = "refused", "Refused"


class TokenEnd(models.TextChoices):
    """Why an API token stopped working before it expired (issue 9 §3)."""

    REVOKED = "revoked", "Revoked by its owner"
    REPLACED = "replaced", "Replaced by a new token for the same client"
    PASSWORD_CHANGED = "password_changed", "Password changed"
    SIGNED_OUT_EVERYWHERE = "signed_out", "Signed out everywhere"
    CLEARANCE_LAPSED = "clearance_lapsed", "Clearance review date passed"
    DEACTIVATED = "deactivated", "Account deactivated"
    SECOND_FACTOR_RESET = "second_factor_reset", "Second factor reset by an administrator"


class SecondFactorEventKind(models.TextChoices):
    ADDED = "added", "Added a second factor"
    REMOVED = "removed", "Removed a second factor"
    RECOVERY_CODES = "recovery_codes", "Generated a new set of recovery codes"
    RESET = "reset", "Reset every second factor"
