"""The one way a page is built (directory/pages.py), and the one way a form names its
errors (directory/forms.py), as every app uses them."""

import copy
import importlib
import re
from pathlib import Path

import django_filters
import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.cache import SessionStore
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.utils import pretty_name
from django.http import Http404
from django.template import Context, Template
from django.test import RequestFactory

from directory.access import may, require_role
from directory.choices import Marking, Role
from directory.filtersets import OrganisationFilterSet, PortalFilterSet
from directory.forms import (
    NamedErrorsMixin,
    Rule,
    invalid_messages,
    names_field,
    required_message,
)
from directory.models import Organisation
from directory.pages import detail_page, form_page, list_page, query_without_page, report
from directory.selectors import organisation_list

pytestmark = pytest.mark.django_db

PROJECT_APPS = ("directory", "audit", "activity", "tasking", "engagement", "governance", "delivery")


class ItemForm(NamedErrorsMixin, forms.Form):
    title = forms.CharField(label="Title", max_length=20)
    marking = forms.ChoiceField(label="Marking", choices=Marking.choices, widget=forms.RadioSelect)
    regions = forms.MultipleChoiceField(
        label="Regions", choices=[("se", "South East")], widget=forms.CheckboxSelectMultiple
    )
    notes = forms.CharField(label="Notes", required=False)


def _request(method, data=None, *, user):
    factory = RequestFactory()
    request = factory.post("/item/", data or {}) if method == "POST" else factory.get("/item/")
    request.user = user
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def _item_page(request, save, rules=()):
    return form_page(
        request,
        ItemForm(request.POST if request.method == "POST" else None),
        "directory/second_factor_reset.html",
        save=save,
        success=lambda result: (f"{result} saved.", "/items/"),
        rules=rules,
        person=request.user,
    )


def _no_secret(data):
    if data["marking"] == Marking.SECRET:
        raise ValidationError({"marking": "Select a marking no higher than your clearance"})


NO_SECRET = [Rule(("marking",), _no_secret)]


VALID = {"title": "Operation Kestrel", "marking": "official", "regions": ["se"]}


def test_an_empty_form_answers_400_with_a_summary_naming_and_linking_each_field(kent_officer):
    response = _item_page(_request("POST", user=kent_officer), save=lambda data: "never")
    page = response.content.decode()
    assert response.status_code == 400
    assert '<a href="#id_title">Enter the title</a>' in page
    assert '<a href="#id_marking">Select a marking</a>' in page
    assert '<a href="#id_regions">Select the regions</a>' in page
    assert "This field is required." not in page


def test_a_service_refusal_lands_on_the_field_it_names(kent_officer):
    def refuse(data):
        raise ValidationError({"title": "A target of that name exists already"})

    response = _item_page(_request("POST", VALID, user=kent_officer), save=refuse)
    assert response.status_code == 400
    assert (
        '<a href="#id_title">Title: A target of that name exists already</a>'
        in response.content.decode()
    )


def test_a_service_refusal_naming_no_field_of_the_form_stands_above_it(kent_officer):
    def refuse(data):
        raise ValidationError({"capacity": "The unit is at capacity"})

    response = _item_page(_request("POST", VALID, user=kent_officer), save=refuse)
    assert response.status_code == 400
    assert '<a href="#id_title">The unit is at capacity</a>' in response.content.decode()


def test_a_rule_refusal_shows_in_the_same_round_as_a_missing_field(kent_officer):
    posted = {"marking": "secret", "regions": ["se"]}
    response = _item_page(
        _request("POST", posted, user=kent_officer), save=lambda data: 1 / 0, rules=NO_SECRET
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert '<a href="#id_title">Enter the title</a>' in page
    assert '<a href="#id_marking">Select a marking no higher than your clearance</a>' in page


def test_a_rule_refusal_of_a_valid_form_saves_nothing(kent_officer):
    calls = []
    response = _item_page(
        _request("POST", {**VALID, "marking": "secret"}, user=kent_officer),
        save=calls.append,
        rules=NO_SECRET,
    )
    assert response.status_code == 400
    assert calls == []


def test_a_form_the_rules_accept_is_saved(kent_officer):
    calls = []
    response = _item_page(
        _request("POST", VALID, user=kent_officer), save=calls.append, rules=NO_SECRET
    )
    assert response.status_code == 302
    assert len(calls) == 1


def test_a_rule_is_not_asked_of_an_answer_the_field_itself_refused(kent_officer):
    asked = []
    rules = [Rule(("marking",), asked.append)]
    response = _item_page(
        _request("POST", {**VALID, "marking": "bogus"}, user=kent_officer),
        save=lambda data: 1 / 0,
        rules=rules,
    )
    assert response.status_code == 400
    assert asked == []


def test_an_answer_a_field_does_not_take_is_named_with_what_to_do(kent_officer):
    posted = {"title": "x" * 21, "marking": "bogus", "regions": ["nowhere"]}
    response = _item_page(_request("POST", posted, user=kent_officer), save=lambda data: 1 / 0)
    page = response.content.decode()
    assert '<a href="#id_title">Title must be 20 characters or fewer</a>' in page
    assert '<a href="#id_marking">Select a marking from the list</a>' in page
    assert '<a href="#id_regions">Select the regions from the list</a>' in page
    assert "Select a valid choice" not in page
    assert "Ensure this value" not in page


def test_invalid_messages_follow_the_label_and_the_kind_of_field():
    assert invalid_messages("Who are you asking?", forms.ChoiceField()) == {
        "invalid_choice": "Select an answer to “Who are you asking?” from the list",
        "invalid_pk_value": "Select an answer to “Who are you asking?” from the list",
        "invalid_list": "Select an answer to “Who are you asking?” from the list",
    }
    assert invalid_messages("Priority", forms.IntegerField())["invalid"] == (
        "Priority must be a whole number, like 3"
    )
    assert invalid_messages("E-mail address", forms.EmailField())["invalid"] == (
        "Enter the e-mail address in the correct format, like name@example.com"
    )


def test_an_accepted_form_calls_its_service_once_and_redirects_with_a_message(kent_officer):
    calls = []
    request = _request("POST", VALID, user=kent_officer)
    response = _item_page(request, save=lambda data: calls.append(data) or data["title"])
    assert (response.status_code, response["Location"]) == (302, "/items/")
    assert [c["title"] for c in calls] == ["Operation Kestrel"]
    assert [(str(m), m.tags) for m in get_messages(request)] == [
        ("Operation Kestrel saved.", "success")
    ]


def test_a_done_act_that_cannot_be_undone_lands_on_a_confirmation_panel(kent_officer):
    organisation = Organisation.objects.get(name="Kent Police")
    done = _request("GET", user=kent_officer)
    report(done, "Direction issued.", "/directions/1/", organisation, irreversible=True)
    report(done, "Saved.", organisation)
    panel, banner = get_messages(done)
    assert (panel.tags, banner.tags) == ("confirmation success", "success")
    page = Template("{% load govuk %}{% confirmation_panel message %}").render(
        Context({"message": panel})
    )
    assert page == (
        '<div class="govuk-panel govuk-panel--confirmation" role="status">'
        '<h2 class="govuk-panel__title">Direction issued.</h2>'
        '<div class="govuk-panel__body">Reference<br><strong>Kent Police</strong></div></div>'
    )
    assert str(banner) == "Saved."


def test_a_form_page_shows_its_form_without_calling_the_service(kent_officer):
    response = _item_page(_request("GET", user=kent_officer), save=lambda data: 1 / 0)
    assert response.status_code == 200
    assert "There is a problem" not in response.content.decode()


def test_required_messages_follow_the_label_and_the_kind_of_control():
    assert required_message("Title", forms.CharField()) == "Enter the title"
    assert required_message("What is to be done", forms.CharField()) == "Enter what is to be done"
    assert required_message("NCA role", forms.ChoiceField()) == "Select a NCA role"
    assert required_message("Outcome", forms.ChoiceField()) == "Select an outcome"
    assert required_message("Unit", forms.ChoiceField()) == "Select a unit"
    assert required_message("Why is it withdrawn?", forms.CharField()) == (
        "Enter why is it withdrawn"
    )
    assert required_message("The document", forms.FileField()) == "Upload the document"


def _project_forms():
    for app in apps.get_app_configs():
        if app.name in PROJECT_APPS:
            for module in ("forms", "admin"):
                try:
                    importlib.import_module(f"{app.name}.{module}")
                except ModuleNotFoundError:
                    continue
    found, todo = set(), [forms.BaseForm]
    while todo:
        for sub in todo.pop().__subclasses__():
            todo.append(sub)
            if sub.__module__.split(".")[0] in PROJECT_APPS:
                found.add(sub)
    return sorted(found, key=lambda form: (form.__module__, form.__name__))


def test_every_project_form_names_its_fields_when_they_are_left_empty():
    project_forms = _project_forms()
    assert len(project_forms) > 30
    for form_class in project_forms:
        assert issubclass(form_class, NamedErrorsMixin), form_class
        form = form_class.__new__(form_class)
        form.fields = copy.deepcopy(form_class.base_fields)
        form.name_messages()
        required = [
            str(field.error_messages["required"])
            for field in form.fields.values()
            if field.required
        ]
        assert "This field is required." not in required, form_class
        assert len(required) == len(set(required)), form_class
        for name, field in form.fields.items():
            if field.required:
                label = field.label or pretty_name(name)
                message = str(field.error_messages["required"])
                assert names_field(message, label), (form_class, name, message)
        for name, field in form.fields.items():
            label = field.label or pretty_name(name)
            for code in ("invalid_choice", "invalid", "invalid_pk_value"):
                message = str(field.error_messages.get(code, ""))
                assert "valid" not in message, (form_class, name, message)
            for validator in field.validators:
                message = str(getattr(validator, "message", ""))
                assert not message.startswith("Ensure"), (form_class, name, message)


def test_a_list_page_keeps_its_filters_across_pages(kent_officer):
    first = RequestFactory().get("/directory/", {"kind": "territorial_force"})
    first.user = kent_officer
    page = _organisation_page(first)
    cursor = re.search(r'href="\?kind=territorial_force&amp;cursor=([\w-]+)" rel="next"', page)
    assert cursor, page
    second = RequestFactory().get("/directory/", {"kind": "territorial_force", "cursor": cursor[1]})
    second.user = kent_officer
    assert query_without_page(second) == "kind=territorial_force"
    page = _organisation_page(second)
    assert re.search(r'href="\?kind=territorial_force&amp;cursor=[\w-]+" rel="prev"', page)
    assert "Page 2" not in page  # no page numbers: nothing counts the pages


def _organisation_page(request) -> str:
    response = list_page(
        request,
        "directory/organisation_list.html",
        organisation_list(user=request.user),
        filterset_class=OrganisationFilterSet,
        per_page=10,
    )
    assert response.status_code == 200
    return response.content.decode()


def test_a_detail_page_answers_404_for_what_the_reader_may_not_see(kent_officer):
    request = RequestFactory().get("/")
    request.user = kent_officer
    with pytest.raises(Http404):
        detail_page(
            request,
            "directory/organisation_detail.html",
            Organisation.objects.all(),
            name="organisation",
            pk=0,
        )


def test_may_says_whether_a_rule_lets_the_user_through(kent_officer, dg):
    def check(user):
        require_role(user, Role.DIRECTOR_GENERAL, doing="see the whole portal")

    assert may(check, dg)
    assert not may(check, kent_officer)
    with pytest.raises(PermissionDenied):
        check(kent_officer)


def test_a_status_reads_as_a_tag_in_its_words_and_colour():
    template = Template(
        "{% load govuk %}{% status_tag 'under_assessment' 'Under assessment' %}"
        "{% status_tag 'overdue' %}{% status_tag 'withdrawn' %}"
    )
    assert template.render(Context()) == (
        '<strong class="govuk-tag govuk-tag--purple">Under assessment</strong>'
        '<strong class="govuk-tag govuk-tag--red">Overdue</strong>'
        '<strong class="govuk-tag govuk-tag--grey">Withdrawn</strong>'
    )


def test_a_table_region_is_named_reachable_by_keyboard_and_escapes_its_name():
    template = Template(
        "{% load govuk %}{% table_region name %}<table></table>{% endtable_region %}"
    )
    assert template.render(Context({"name": "Requests <to> the NCA"})) == (
        '<div class="portal-table-scroll" role="region" aria-label="Requests &lt;to&gt; the'
        ' NCA" tabindex="0"><table></table></div>'
    )


def test_every_data_table_in_the_templates_sits_in_a_table_region():
    """A table wider than a phone scrolls in its own region, never the page (WCAG 1.4.10)."""
    templates = Path(settings.BASE_DIR) / "templates"
    for path in templates.rglob("*.html"):
        text = path.read_text()
        tables = text.count("<table")
        assert text.count("{% table_region ") == tables, path
        assert text.count("{% endtable_region %}") == tables, path


def _project_filtersets():
    for app in PROJECT_APPS:
        try:
            importlib.import_module(f"{app}.filtersets")
        except ModuleNotFoundError:
            continue
    found, todo = set(), [django_filters.FilterSet]
    while todo:
        for sub in todo.pop().__subclasses__():
            todo.append(sub)
            if sub.__module__.split(".")[0] in PROJECT_APPS:
                found.add(sub)
    return found


def test_every_list_filter_names_the_filter_an_answer_does_not_fit():
    filtersets = _project_filtersets()
    assert len(filtersets) >= 15
    for filterset_class in filtersets:
        assert issubclass(filterset_class, PortalFilterSet), filterset_class
        form = filterset_class({}, queryset=Organisation.objects.none()).form
        assert isinstance(form, NamedErrorsMixin), filterset_class
    region = OrganisationFilterSet({"region": "atlantis"}, queryset=Organisation.objects.all())
    assert region.form.errors == {"region": ["Select a region from the list"]}


def test_a_list_filter_keeps_a_filters_own_message():
    class Filters(PortalFilterSet):
        kind = django_filters.ChoiceFilter(
            choices=[("a", "A")], error_messages={"invalid_choice": "Pick A"}
        )

        class Meta:
            model = Organisation
            fields = ["kind"]

    filters = Filters({"kind": "b"}, queryset=Organisation.objects.all())
    assert filters.form.errors == {"kind": ["Pick A"]}
