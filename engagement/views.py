"""HTML pages: read through the one permission entry point, act through the services,
render. The API (engagement/api) calls the same services."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_fsm import can_proceed

from audit.services import record_list_read
from directory.access import get_visible_or_404, has_role, may, require_role
from directory.choices import Nation, Role
from directory.forms import Rule
from directory.models import Region
from directory.pages import Check, detail_page, form_page, list_page, posted
from directory.pdf import pdf_response, render_pdf
from directory.rules import highest_marking

from . import rules, selectors, services
from .choices import AttendanceStatus
from .filtersets import (
    DirectionFilterSet,
    EventFilterSet,
    InformationRequestFilterSet,
    IntelligenceReportFilterSet,
    MeetingRequestFilterSet,
    PccNoticeFilterSet,
)
from .forms import (
    AnswerMeetingRequestForm,
    ConsiderInformationRequestForm,
    DirectionForm,
    EventForm,
    InformationRequestForm,
    IntelligenceReportForm,
    MeetingAttendanceForm,
    MeetingRequestForm,
    RegionalMeetingForm,
    RespondInformationRequestForm,
    RevokeDirectionForm,
    VaryDirectionForm,
    WithdrawInformationRequestForm,
)
from .models import Direction, EventInvitation

# --- the engagement home ----------------------------------------------------------------


@require_GET
def index(request):
    """What engagement holds for this user: for a PCC office, its own force's notices,
    briefings, reports and requests (PCC §15-§20)."""
    user = request.user
    notices = list(selectors.notices_awaiting_acknowledgement(user=user)[:10])
    reports = list(selectors.report_list(user=user)[:5])
    requests = list(selectors.open_information_requests(user=user)[:10])
    today = timezone.localdate()
    events = list(
        selectors.event_list(user=user).filter(starts_on__gte=today).order_by("starts_on")[:5]
    )
    return render(
        request,
        "engagement/index.html",
        {
            "notices": notices,
            "reports": reports,
            "information_requests": requests,
            "events": events,
            "is_pcc_office": has_role(user, Role.PCC_OFFICE),
            "force_summary": selectors.force_summary(user=user)
            if may(rules.check_may_read_force_summary, user)
            else [],
            "may_issue": may(rules.check_may_issue_directions, user),
            "may_publish": may(rules.check_may_publish_reports, user),
            "may_ask": may(rules.check_may_ask_for_information, user),
            "may_ask_for_meeting": may(rules.check_may_ask_for_meeting, user),
            "is_chief_officer": has_role(user, Role.CHIEF_OFFICER),
            "is_nca": user.organisation.is_nca,
            "sees_directions": Direction.access_scope(user, "view") is not None,
            "page_marking": highest_marking(
                row.marking for row in [*notices, *reports, *requests, *events]
            ),
        },
    )


# --- directions -------------------------------------------------------------------------


@require_GET
def direction_list(request):
    return list_page(
        request,
        "engagement/direction_list.html",
        selectors.direction_list(user=request.user),
        filterset_class=DirectionFilterSet,
        may_issue=may(rules.check_may_issue_directions, request.user),
    )


@require_http_methods(["GET", "POST"])
def direction_new(request):
    user = request.user
    rules.check_may_issue_directions(user)
    form = DirectionForm(posted(request), user=request.user, initial={"marking": "official"})

    def act(data):
        return services.direction_issue(
            actor=user,
            kind=data["kind"],
            recipient_organisation=data["recipient_organisation"],
            summary=data["summary"],
            detail=data["detail"],
            voluntary_ground=data["voluntary_ground"],
            voluntary_arrangements_failure=data["voluntary_arrangements_failure"],
            related_request=selectors.tasking_request_for(
                user=user, reference=data["related_request"]
            ),
            secretary_of_state_consent_reference=data["secretary_of_state_consent_reference"],
            conditions_basis=data["conditions_basis"],
            marking=data["marking"],
        )

    return form_page(
        request,
        form,
        "engagement/direction_form.html",
        save=act,
        success=lambda direction: (
            f"{direction.get_kind_display()} {direction.reference} issued to "
            f"{direction.addressee}.",
            direction.get_absolute_url(),
        ),
        check=Check(
            "issue the direction",
            "Once issued, a direction cannot be edited or withdrawn: only varied or revoked "
            "by a new record, and the notice to the governing body is owed at once.",
        ),
        rules=[
            Rule(
                ("voluntary_arrangements_failure",),
                lambda data: rules.check_voluntary_arrangements_failure(
                    data["voluntary_arrangements_failure"]
                ),
            ),
            Rule(
                (
                    "recipient_organisation",
                    "secretary_of_state_consent_reference",
                    "conditions_basis",
                ),
                lambda data: rules.check_direction_eligible(
                    recipient=data["recipient_organisation"],
                    day=timezone.localdate(),
                    rules=selectors.eligibility_rules_in_force(),
                    consent_reference=data["secretary_of_state_consent_reference"],
                    conditions_basis=data["conditions_basis"],
                ),
            ),
            Rule(
                ("voluntary_ground", "related_request", "recipient_organisation"),
                lambda data: rules.check_voluntary_first(
                    ground=data["voluntary_ground"],
                    request=selectors.tasking_request_for(
                        user=user, reference=data["related_request"]
                    ),
                    recipient=data["recipient_organisation"],
                    now=timezone.now(),
                ),
            ),
        ],
        rules_in_force=selectors.eligibility_rules_in_force(),
    )


@require_GET
def direction_detail(request, pk: int):
    return detail_page(
        request,
        "engagement/direction_detail.html",
        selectors.direction_detail(user=request.user),
        name="direction",
        extra=lambda direction: _direction_detail(request.user, direction),
        pk=pk,
    )


def _direction_detail(user, direction):
    amendments = list(direction.amendments.all())
    return {
        "amendments": amendments,
        "may_amend": may(rules.check_may_issue_directions, user)
        and may(rules.check_may_amend, direction),
        "page_marking": highest_marking([direction.marking, *(a.marking for a in amendments)]),
    }


def _amend_page(request, pk, form_class, act, template, *, check):
    rules.check_may_issue_directions(request.user)
    direction = get_visible_or_404(request, selectors.direction_detail(user=request.user), pk=pk)
    form = form_class(posted(request), user=request.user, initial={"marking": direction.marking})
    return form_page(
        request,
        form,
        template,
        save=lambda data: act(direction, data),
        success=lambda amendment: (
            f"{direction.reference} {amendment.get_action_display().lower()}: "
            f"{amendment.reference}.",
            amendment.get_absolute_url(),
        ),
        check=check,
        rules=[Rule(("reason",), lambda data: rules.check_amendment_reason(data["reason"]))],
        direction=direction,
        page_marking=direction.marking,
    )


@require_http_methods(["GET", "POST"])
def direction_vary(request, pk: int):
    return _amend_page(
        request,
        pk,
        VaryDirectionForm,
        lambda direction, data: services.direction_vary(
            actor=request.user, direction=direction, **data
        ),
        "engagement/direction_vary.html",
        check=Check(
            "vary the direction",
            "A variation cannot be edited or withdrawn once made, and the notice to the "
            "governing body is owed at once.",
        ),
    )


@require_http_methods(["GET", "POST"])
def direction_revoke(request, pk: int):
    return _amend_page(
        request,
        pk,
        RevokeDirectionForm,
        lambda direction, data: services.direction_revoke(
            actor=request.user, direction=direction, reason=data["reason"]
        ),
        "engagement/direction_revoke.html",
        check=Check(
            "revoke the direction",
            "A revoked direction cannot be restored, and the notice to the governing body "
            "is owed at once.",
        ),
    )


# --- notices to PCCs ----------------------------------------------------------------------


@require_GET
def notice_list(request):
    return list_page(
        request,
        "engagement/notice_list.html",
        selectors.notice_list(user=request.user),
        filterset_class=PccNoticeFilterSet,
    )


def _notice_page(request, notice, *, errors=None, status=200):
    return render(
        request,
        "engagement/notice_detail.html",
        {
            "notice": notice,
            "may_acknowledge": may(rules.check_may_acknowledge, request.user, notice),
            "errors": errors or [],
            "page_marking": notice.marking,
        },
        status=status,
    )


@require_GET
def notice_detail(request, pk: int):
    notice = get_visible_or_404(request, selectors.notice_list(user=request.user), pk=pk)
    return _notice_page(request, notice)


@require_POST
def notice_acknowledge(request, pk: int):
    notice = get_visible_or_404(request, selectors.notice_list(user=request.user), pk=pk)
    try:
        notice = services.pcc_notice_acknowledge(actor=request.user, notice=notice)
    except ValidationError as error:
        return _notice_page(request, notice, errors=error.messages, status=400)
    messages.success(request, f"You acknowledged {notice.reference}.")
    return redirect(notice.get_absolute_url())


# --- key intelligence reports -----------------------------------------------------------


@require_GET
def report_list(request):
    return list_page(
        request,
        "engagement/report_list.html",
        selectors.report_list(user=request.user),
        filterset_class=IntelligenceReportFilterSet,
        may_publish=may(rules.check_may_publish_reports, request.user),
    )


@require_http_methods(["GET", "POST"])
def report_new(request):
    user = request.user
    rules.check_may_publish_reports(user)
    form = IntelligenceReportForm(
        posted(request),
        user=user,
        governing_bodies=selectors.current_pcc_bodies().order_by("name"),
        initial={"marking": "official", "audience": "all"},
    )
    return form_page(
        request,
        form,
        "engagement/report_form.html",
        save=lambda data: services.intelligence_report_publish(actor=user, **data),
        success=lambda report: (f"{report.reference} published.", report.get_absolute_url()),
        check=Check(
            "circulate the report",
            "Once circulated, the report reaches the PCC offices chosen and cannot be recalled.",
        ),
    )


@require_GET
def report_detail(request, pk: int):
    report = get_visible_or_404(request, selectors.report_detail(user=request.user), pk=pk)
    services.report_opened(reader=request.user, report=report)
    circulations, receipts = selectors.report_circulation(user=request.user, report=report)
    return render(
        request,
        "engagement/report_detail.html",
        {
            "report": report,
            "circulations": circulations,
            "receipts": receipts,
            "page_marking": report.marking,
        },
    )


# --- requests for information -----------------------------------------------------------


@require_GET
def information_request_list(request):
    return list_page(
        request,
        "engagement/information_request_list.html",
        selectors.information_request_list(user=request.user),
        filterset_class=InformationRequestFilterSet,
        may_ask=may(rules.check_may_ask_for_information, request.user),
    )


@require_http_methods(["GET", "POST"])
def information_request_new(request):
    user = request.user
    rules.check_may_ask_for_information(user)
    form = InformationRequestForm(
        posted(request), user=request.user, initial={"marking": "official"}
    )
    return form_page(
        request,
        form,
        "engagement/information_request_form.html",
        save=lambda data: services.information_request_submit(actor=user, **data),
        rules=[
            Rule(
                ("needed_by",),
                lambda data: rules.check_needed_by(
                    needed_by=data["needed_by"], today=timezone.localdate()
                ),
            )
        ],
        success=lambda rfi: (f"{rfi.reference} sent to the NCA.", rfi.get_absolute_url()),
    )


@require_GET
def information_request_detail(request, pk: int):
    user = request.user
    handler = may(rules.check_may_handle_information_requests, user)
    return detail_page(
        request,
        "engagement/information_request_detail.html",
        selectors.information_request_list(user=user),
        name="rfi",
        extra=lambda rfi: {
            "timeline": selectors.information_request_timeline(request=rfi, user=user),
            "may_consider": handler and can_proceed(rfi.consider),
            "may_respond": handler and can_proceed(rfi.decline),
            "may_withdraw": may(rules.check_may_withdraw, user, rfi) and can_proceed(rfi.withdraw),
        },
        pk=pk,
    )


def _rfi_action(
    request, pk, form_class, act, template, *, allowed, check=None, rules_of=None, extra=None
):
    """A PCC office's request for information moved on by a form; `rules_of(rfi)` are
    the service's rules its answers are held to in the same round as its fields, and
    `extra(rfi)` what else the form is built with."""
    allowed(request.user)
    rfi = get_visible_or_404(request, selectors.information_request_list(user=request.user), pk=pk)
    return form_page(
        request,
        form_class(posted(request), user=request.user, **(extra(rfi) if extra else {})),
        template,
        save=lambda data: act(rfi, data),
        success=lambda result: (
            f"{result.reference}: {result.get_status_display().lower()}.",
            result.get_absolute_url(),
        ),
        check=check,
        rules=rules_of(rfi) if rules_of else (),
        rfi=rfi,
        page_marking=rfi.marking,
    )


@require_http_methods(["GET", "POST"])
def information_request_consider(request, pk: int):
    return _rfi_action(
        request,
        pk,
        ConsiderInformationRequestForm,
        lambda rfi, data: services.information_request_consider(
            actor=request.user, request=rfi, **data
        ),
        "engagement/information_request_consider.html",
        allowed=rules.check_may_handle_information_requests,
        rules_of=lambda rfi: [
            Rule(
                ("due_on",),
                lambda data: rules.check_due_on(due_on=data["due_on"], today=timezone.localdate()),
            )
        ],
    )


@require_http_methods(["GET", "POST"])
def information_request_respond(request, pk: int):
    return _rfi_action(
        request,
        pk,
        RespondInformationRequestForm,
        lambda rfi, data: services.information_request_respond(
            actor=request.user, request=rfi, **data
        ),
        "engagement/information_request_respond.html",
        allowed=rules.check_may_handle_information_requests,
        extra=lambda rfi: {"asker": rfi.asked_by},
        rules_of=lambda rfi: [
            Rule(
                ("outcome", "response", "reason"),
                lambda data: rules.check_response(
                    outcome=data["outcome"], response=data["response"], reason=data["reason"]
                ),
            ),
        ],
    )


@require_http_methods(["GET", "POST"])
def information_request_withdraw(request, pk: int):
    return _rfi_action(
        request,
        pk,
        WithdrawInformationRequestForm,
        lambda rfi, data: services.information_request_withdraw(
            actor=request.user, request=rfi, **data
        ),
        "engagement/information_request_withdraw.html",
        allowed=rules.check_may_ask_for_information,
        check=Check(
            "withdraw the request",
            "A withdrawn request cannot be sent again: you would have to make a new one.",
        ),
    )


# --- meetings as requested (PCC §18) ----------------------------------------------------


@require_GET
def meeting_request_list(request):
    return list_page(
        request,
        "engagement/meeting_request_list.html",
        selectors.meeting_request_list(user=request.user),
        filterset_class=MeetingRequestFilterSet,
        may_ask=may(rules.check_may_ask_for_meeting, request.user),
    )


@require_http_methods(["GET", "POST"])
def meeting_request_new(request):
    user = request.user
    rules.check_may_ask_for_meeting(user)
    return form_page(
        request,
        MeetingRequestForm(posted(request)),
        "engagement/meeting_request_form.html",
        save=lambda data: services.meeting_request_submit(actor=user, **data),
        success=lambda sent: (f"{sent.reference} sent to the NCA.", sent.get_absolute_url()),
    )


@require_GET
def meeting_request_detail(request, pk: int):
    user = request.user
    today = timezone.localdate()
    return detail_page(
        request,
        "engagement/meeting_request_detail.html",
        selectors.meeting_request_list(user=user),
        name="meeting_request",
        extra=lambda asked: {
            "may_answer": may(rules.check_may_answer_meeting_requests, user)
            and may(
                rules.check_meeting_request_answer,
                status=asked.status,
                answer="accept",
                reason="",
                meets_on=asked.meets_on,
                today=today,
            ),
            "may_record_attendance": may(rules.check_may_record_meeting_attendance, user)
            and may(
                rules.check_meeting_attendance,
                status=asked.status,
                attended=True,
                attended_by=user,
                note="",
                meets_on=asked.meets_on,
                today=today,
            ),
        },
        pk=pk,
    )


def _meeting_request_action(request, pk, form, act, template, *, allowed):
    allowed(request.user)
    asked = get_visible_or_404(request, selectors.meeting_request_list(user=request.user), pk=pk)
    return form_page(
        request,
        form,
        template,
        save=lambda data: act(asked, data),
        success=lambda done: (
            f"{done.reference}: {done.get_status_display().lower()}.",
            done.get_absolute_url(),
        ),
        meeting_request=asked,
    )


@require_http_methods(["GET", "POST"])
def meeting_request_answer(request, pk: int):
    return _meeting_request_action(
        request,
        pk,
        AnswerMeetingRequestForm(posted(request)),
        lambda asked, data: services.meeting_request_answer(
            actor=request.user, request=asked, **data
        ),
        "engagement/meeting_request_answer.html",
        allowed=rules.check_may_answer_meeting_requests,
    )


@require_http_methods(["GET", "POST"])
def meeting_request_attendance(request, pk: int):
    return _meeting_request_action(
        request,
        pk,
        MeetingAttendanceForm(posted(request)),
        lambda asked, data: services.meeting_request_record_attendance(
            actor=request.user, request=asked, **data
        ),
        "engagement/meeting_request_attendance.html",
        allowed=rules.check_may_record_meeting_attendance,
    )


# --- engagement events and regional meetings --------------------------------------------


@require_GET
def event_list(request):
    return list_page(
        request,
        "engagement/event_list.html",
        selectors.event_list(user=request.user),
        filterset_class=EventFilterSet,
    )


def _event_page(request, event, *, errors=(), status=200):
    user = request.user
    invitations = list(selectors.event_invitations(event=event))
    today = timezone.localdate()
    return render(
        request,
        "engagement/event_detail.html",
        {
            "event": event,
            "invitations": invitations,
            "own_invitation": next(
                (i for i in invitations if i.organisation_id == user.organisation_id), None
            ),
            "may_reply": may(
                rules.check_reply, status="accepted", event_date=event.starts_on, today=today
            ),
            "may_record_attendance": has_role(user, *rules.ENGAGEMENT_ORGANISERS)
            and may(rules.check_reply, status="attended", event_date=event.starts_on, today=today),
            "may_edit": has_role(user, *rules.ENGAGEMENT_ORGANISERS),
            "errors": errors,
            "page_marking": event.marking,
        },
        status=status,
    )


@require_GET
def event_detail(request, pk: int):
    event = get_visible_or_404(request, selectors.event_detail(user=request.user), pk=pk)
    return _event_page(request, event)


@require_http_methods(["GET", "POST"])
def event_edit(request, pk: int):
    user = request.user
    require_role(user, *rules.ENGAGEMENT_ORGANISERS, doing="organise engagement events")
    event = get_visible_or_404(request, selectors.event_detail(user=user), pk=pk)
    form = EventForm(
        posted(request),
        initial={"starts_on": event.starts_on, "location": event.location, "notes": event.notes},
    )
    return form_page(
        request,
        form,
        "engagement/event_form.html",
        save=lambda data: services.engagement_event_update(actor=user, event=event, **data),
        success=lambda saved: (f"{saved.title}: saved.", saved.get_absolute_url()),
        event=event,
    )


@require_POST
def invitation_update(request, pk: int, invitation_pk: int):
    """The invited organisation replies; the NCA's organisers record attendance."""
    user = request.user
    event = get_visible_or_404(request, selectors.event_detail(user=user), pk=pk)
    invitation = get_object_or_404(EventInvitation, pk=invitation_pk, event=event)
    status = request.POST.get("status", "")
    try:
        services.invitation_update(actor=user, invitation=invitation, status=status)
    except ValidationError as error:
        return _event_page(request, event, errors=error.messages, status=400)
    messages.success(
        request, f"{invitation.invitee_name}: {AttendanceStatus(status).label.lower()}."
    )
    return redirect(event.get_absolute_url())


@require_GET
def regions(request):
    rows = selectors.regional_engagement(user=request.user)
    return render(
        request,
        "engagement/regions.html",
        {
            "regions": rows,
            "may_record": has_role(request.user, *rules.MEETING_RECORDERS),
            "interval": rules.REGIONAL_MEETING_INTERVAL_MONTHS,
        },
    )


@require_http_methods(["GET", "POST"])
def regional_meeting_new(request, code: str):
    user = request.user
    require_role(user, *rules.MEETING_RECORDERS, doing="record regional meetings")
    region = get_object_or_404(Region, code=code, nation__in=[Nation.ENGLAND, Nation.WALES])
    form = RegionalMeetingForm(posted(request), region=region)
    return form_page(
        request,
        form,
        "engagement/regional_meeting_form.html",
        save=lambda data: services.regional_meeting_record(actor=user, region=region, **data),
        rules=[
            Rule(
                ("held_on",),
                lambda data: rules.check_meeting_date(
                    held_on=data["held_on"], today=timezone.localdate()
                ),
            ),
            Rule(
                ("senior_officer",),
                lambda data: rules.check_senior_officer(data["senior_officer"]),
            ),
        ],
        success=lambda event: (
            f"Meeting in {region} on {event.starts_on:%d %B %Y} recorded.",
            event.get_absolute_url(),
        ),
        region=region,
    )


# --- the chief officer's briefing pack (PCC §15) ---------------------------------------


@require_GET
def briefing_pack(request):
    """A PDF the chief officer gives their PCC, marked at the top and bottom of every
    page with the highest marking it holds."""
    pack = selectors.briefing_pack(user=request.user)
    activity = pack["activity"]
    records = [
        *pack["notices"],
        *pack["reports"],
        *pack["information_requests"],
        *activity["requests"],
        *activity["operations"],
        *activity["decisions"],
        *activity["directions"],
    ]
    record_list_read(user=request.user, rows=records, request=request)
    marking = highest_marking(record.marking for record in records)
    html = render_to_string(
        "engagement/briefing_pack.html",
        {**pack, "page_marking": marking, "generated_at": timezone.now(), "user": request.user},
    )
    filename = (
        f"briefing-pack-{pack['governing_body'].short_name or 'pcc'}-{pack['day']:%Y-%m-%d}.pdf"
    )
    return pdf_response(render_pdf(html), filename=filename.replace(" ", "-").lower())
