import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.forms import AuthenticationForm
from django.core import validators
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms.renderers import TemplatesSetting
from django.forms.utils import pretty_name

from .choices import Marking
from .rules import TEXT_MAX_LENGTH, markings_visible_to
from .two_factor import second_factor_verify
from .widgets import DateField


class GovukFormRenderer(TemplatesSetting):
    """`{{ form }}` renders every field with GOV.UK Frontend markup."""

    form_template_name = "forms/form.html"


# Labels that already read as the object of "Enter" or "Select": no article before them.
_NO_ARTICLE = {"a", "an", "the", "your", "their", "its", "what", "who", "when", "why", "how",
               "which", "where", "whether", "or", "any"}  # fmt: skip
_SOUNDS_LIKE_Y = ("uni", "use", "usu", "eu", "one")
_DJANGO_REQUIRED = str(forms.Field.default_error_messages["required"])


def field_phrase(label: str) -> str:
    """A field's label as the words that name it inside a sentence: "Title" becomes
    "title", "NCA role" stays as it is, a question loses its mark."""
    words = str(label).strip().rstrip("?:.").split(" ")
    first = words[0]
    if not first[1:2].isupper():
        words[0] = first[:1].lower() + first[1:]
    return " ".join(words)


def required_message(label: str, field: forms.Field) -> str:
    """What to say when a required field is left empty, naming it as GOV.UK does:
    "Enter the title", "Select a protective marking", "Select the regions"."""
    phrase = field_phrase(label)
    bare = phrase.split(" ")[0].lower() in _NO_ARTICLE
    widget = field.widget
    if isinstance(widget, forms.CheckboxInput):
        return f"Tick “{str(label).strip()}”"
    if isinstance(widget, forms.FileInput):
        return f"Upload {phrase if bare else 'the ' + phrase}"
    if isinstance(widget, (forms.CheckboxSelectMultiple, forms.SelectMultiple)):
        return f"Select {phrase if bare else 'the ' + phrase}"
    if isinstance(widget, (forms.RadioSelect, forms.Select)):
        vowel = phrase[:1].lower() in "aeiou" and not phrase.lower().startswith(_SOUNDS_LIKE_Y)
        article = "an" if vowel else "a"
        return f"Select {phrase if bare else article + ' ' + phrase}"
    return f"Enter {phrase if bare else 'the ' + phrase}"


def _object(label: str, field: forms.Field) -> str:
    """The words naming a field after a verb: "the title", "a protective marking", or for
    a label that is a question, the question itself ("“Who are you asking?”")."""
    phrase = field_phrase(label)
    first = phrase.split(" ")[0].lower()
    if first in _QUESTION_WORDS and str(label).strip().endswith("?"):
        return f"an answer to “{str(label).strip()}”"
    if first in _NO_ARTICLE:
        return phrase
    multiple = (forms.SelectMultiple, forms.CheckboxSelectMultiple)
    if isinstance(field.widget, (forms.RadioSelect, forms.Select)) and not isinstance(
        field.widget, multiple
    ):
        vowel = phrase[:1].lower() in "aeiou" and not phrase.lower().startswith(_SOUNDS_LIKE_Y)
        return f"{'an' if vowel else 'a'} {phrase}"
    return f"the {phrase}"


def _subject(label: str) -> str:
    """A field's label opening a sentence: "Title", "Your answer to “What do you need?”"."""
    phrase = field_phrase(label)
    if phrase.split(" ")[0].lower() in _QUESTION_WORDS and str(label).strip().endswith("?"):
        return f"Your answer to “{str(label).strip()}”"
    return phrase[:1].upper() + phrase[1:]


_QUESTION_WORDS = {"what", "who", "when", "why", "how", "which", "where", "whether", "is",
                   "are", "does", "do", "did", "was", "were", "has", "have", "can", "should",
                   "would"}  # fmt: skip


def invalid_messages(label: str, field: forms.Field) -> dict[str, str]:
    """What to say when a field's answer is not one it takes, naming the field and what
    to do, as GOV.UK does: "Select a protective marking from the list", "Title must be
    300 characters or fewer", "Priority must be a whole number"."""
    subject = _subject(label)
    messages = {}
    if isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
        messages["invalid_choice"] = " ".join(["Select", _object(label, field), "from the list"])
        messages["invalid_pk_value"] = messages["invalid_choice"]
        messages["invalid_list"] = messages["invalid_choice"]
    if isinstance(field, forms.IntegerField):
        messages["invalid"] = f"{subject} must be a whole number, like 3"
    elif isinstance(field, forms.FloatField | forms.DecimalField):
        messages["invalid"] = f"{subject} must be a number"
    elif isinstance(field, forms.EmailField):
        messages["invalid"] = (
            f"Enter {_object(label, field)} in the correct format, like name@example.com"
        )
    elif isinstance(field, forms.URLField):
        messages["invalid"] = f"Enter {_object(label, field)} as a web address, like https://…"
    return messages


def _named_validators(label: str, field: forms.Field) -> list:
    """The field's length and size validators, saying which field is too long or too big."""
    subject = _subject(label)
    says = {
        validators.MaxLengthValidator: f"{subject} must be %(limit_value)d characters or fewer",
        validators.MinLengthValidator: f"{subject} must be %(limit_value)d characters or more",
        validators.MaxValueValidator: f"{subject} must be %(limit_value)s or less",
        validators.MinValueValidator: f"{subject} must be %(limit_value)s or more",
    }
    named = []
    for validator in field.validators:
        kind = type(validator)
        if kind in says and validator.message == kind.message:
            validator = kind(validator.limit_value, message=says[kind])
        named.append(validator)
    return named


class NamedErrorsMixin:
    """Every project form's errors name the field they are about and say what to do: a
    required field left empty says which ("Enter the title"), never "This field is
    required."; an answer the field does not take says what it takes ("Select a
    protective marking from the list", "Title must be 300 characters or fewer"). Only
    Django's own words are replaced: a form's own message stands. Applied just before
    validation, so fields a form adds in its own `__init__` are named too."""

    def name_messages(self) -> None:
        for name, field in self.fields.items():
            label = field.label or pretty_name(name)
            if isinstance(field, DateField):
                phrase = field_phrase(str(label).replace("(optional)", ""))
                bare = phrase.split(" ")[0].lower() in _NO_ARTICLE
                field.named(phrase if bare else f"the {phrase}")
                continue
            if str(field.error_messages.get("required", "")) == _DJANGO_REQUIRED:
                field.error_messages["required"] = required_message(label, field)
            for code, message in invalid_messages(label, field).items():
                if code in field.error_messages and _is_djangos(field, code):
                    field.error_messages[code] = message
            field.validators = _named_validators(label, field)

    def full_clean(self):
        self.name_messages()
        super().full_clean()


def _is_djangos(field: forms.Field, code: str) -> bool:
    """Whether the field's message for `code` is still Django's own."""
    djangos = set()
    for klass in type(field).__mro__:
        message = getattr(klass, "default_error_messages", {}).get(code)
        if message is not None:
            djangos.add(str(message))
    return str(field.error_messages[code]) in djangos


# A citation of the 2015 documents at the end of a sentence: "(OP §21)", "(PCC §20; OP §9)".
# The services cite them; a page says the rule in words (the "Why?" element holds them).
CITATION = re.compile(r"\s*\(((?:OP|PCC) [^()]*)\)")


@dataclass(frozen=True)
class Rule:
    """A rule of the service behind a form that the form's own answers can be held to:
    `check(cleaned_data)` raises the rule's ValidationError. It is asked in the same
    round as the fields' own errors, once every field it `reads` is valid, so that a
    person sees all that is wrong at once, not in rounds; the service still asks it on
    saving, for the API and for what changed meanwhile. A field it reads that the form
    does not have (a form may drop one for some people) does not hold it back."""

    reads: tuple[str, ...]
    check: Callable[[dict], object]


def ask_rules(form, rules: Iterable[Rule]) -> None:
    """Ask each rule whose fields are valid (however the others are) and put each
    refusal on the form, on the field it names. The form must have been validated."""
    for rule in rules:
        if all(name in form.cleaned_data or name not in form.fields for name in rule.reads):
            try:
                rule.check(form.cleaned_data)
            except ValidationError as error:
                apply_errors(form, error)


def apply_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form, in plain words (without its
    citations): on the field it names, or above the form when it names none the form
    has."""
    by_field = (
        error.message_dict if hasattr(error, "error_dict") else {NON_FIELD_ERRORS: error.messages}
    )
    for name, messages in by_field.items():
        target = name if name in form.fields else None
        for message in messages:
            form.add_error(target, CITATION.sub("", str(message)))


_COMMON_WORDS = {"what", "when", "where", "which", "whom", "whose", "this", "that", "with",
                 "from", "would", "your", "their", "have", "does", "about", "into"}  # fmt: skip


def names_field(message: str, label: str) -> bool:
    """Whether an error message already says which field it is about: it uses a word of
    the field's label ("Say how the help asked for would assist" for "How would this
    help assist?")."""
    words = {word.strip("?:.,()“”\"'").lower() for word in str(label).split()}
    text = message.lower()
    return any(word in text for word in words - _COMMON_WORDS if len(word) >= 4) or (
        field_phrase(label).lower() in text
    )


OPTIONAL = re.compile(r"\s*\(optional\)", re.IGNORECASE)


def error_summary_items(form) -> list[dict]:
    """The GOV.UK error summary of a form: one item per error, each linking to its field
    (`#id_<field>`) and naming it: in its own words, or after the field's label when the
    message does not say which field it is about (`names_field`). Errors about the whole
    form link to its first field."""
    fields = [form[name] for name in form.fields]
    first = next((f for f in fields if not f.is_hidden), fields[0] if fields else None)
    items = [
        {"href": f"#{first.auto_id}" if first else "#main-form", "text": str(message)}
        for message in form.non_field_errors()
    ]
    for bound in fields:
        label = str(bound.label)
        for message in bound.errors:
            text = str(message)
            if not names_field(text, label):
                text = f"{OPTIONAL.sub('', label).rstrip(':')}: {text}"
            target = first if bound.is_hidden else bound
            items.append({"href": f"#{target.auto_id}", "text": text})
    return items


class MarkingField(forms.ChoiceField):
    """A record's protective marking. A form offers only the markings its user may mark
    with (`offer_markings`); the services still refuse a higher one if it is posted."""

    def __init__(self, label="Protective marking", **kwargs):
        kwargs.setdefault("initial", Marking.OFFICIAL)
        kwargs.setdefault(
            "error_messages",
            {"invalid_choice": "Select a protective marking no higher than your clearance"},
        )
        super().__init__(label=label, choices=Marking.choices, **kwargs)


def offer_markings(form, user) -> None:
    """Every marking field of `form` offers the markings up to `user`'s clearance in force
    (`markings_visible_to`): a PCC office vetted to BPSS is not offered SECRET."""
    allowed = [(value, Marking(value).label) for value in markings_visible_to(user)]
    for field in form.fields.values():
        if isinstance(field, MarkingField):
            field.choices = allowed


def marking_field(user, *, label="Protective marking", initial=Marking.OFFICIAL) -> MarkingField:
    """A marking chosen with radios, up to `user`'s clearance."""
    field = MarkingField(
        label=label,
        initial=initial,
        widget=forms.RadioSelect,
        help_text="The highest marking of what it holds. You can mark up to your clearance.",
    )
    field.choices = [(value, Marking(value).label) for value in markings_visible_to(user)]
    return field


def marking_reason_field() -> forms.CharField:
    """Why a record's marking is lowered: only its own organisation lowers it, and only
    with a reason, which the record's history keeps (issue 9 §2)."""
    return forms.CharField(
        label="If you lower the marking, why?",
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Required to lower the marking; the record's history keeps it.",
    )


class SignInForm(NamedErrorsMixin, AuthenticationForm):
    error_messages = {
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
        "inactive": "This account is not active. Ask your portal administrator.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update(
            {"autocomplete": "username", "spellcheck": "false"}
        )
        self.fields["password"].widget.attrs.update({"autocomplete": "current-password"})
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"


class PasswordChangeForm(NamedErrorsMixin, auth_forms.PasswordChangeForm):
    """The current password, then the new one twice; the validators of
    AUTH_PASSWORD_VALIDATORS (NCSC guidance, issue 9 §3) check the new one."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "Current password"
        self.fields["new_password1"].help_text = (
            "At least 12 characters. Three random words make a strong one. Not a common "
            "password, a repeated or keyboard pattern, or your name or organisation's."
        )
        self.fields["new_password2"].label = "New password again"
        self.fields["old_password"].error_messages["required"] = "Enter your current password"
        self.fields["new_password1"].error_messages["required"] = "Enter a new password"
        self.fields["new_password2"].error_messages["required"] = "Enter the new password again"
        self.error_messages = {
            **self.error_messages,
            "password_incorrect": "Your current password is not right. Enter it again.",
            "password_mismatch": "The two new passwords are not the same.",
        }


# Two-factor sign-in (issue 9 §3) ------------------------------------------------------


class SecondFactorForm(NamedErrorsMixin, forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=20,
        help_text="The 6-digit code your authenticator app shows, or one of your recovery codes.",
        error_messages={"required": "Enter the code from your authenticator app"},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "spellcheck": "false",
                "class": "govuk-input--width-10",
            }
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.device = None

    def clean_code(self):
        self.device = second_factor_verify(user=self.user, code=self.cleaned_data["code"])
        if self.device is None:
            raise forms.ValidationError(
                "The code is not right, or it has been used already: enter the code your "
                "authenticator app shows now, or an unused recovery code"
            )
        return self.cleaned_data["code"]


class AuthenticatorAppForm(NamedErrorsMixin, forms.Form):
    name = forms.CharField(
        label="Name of this authenticator app",
        max_length=64,
        initial="Authenticator app",
        help_text="So that you can tell it apart later, for example “Work phone”.",
        error_messages={"required": "Enter a name for this authenticator app"},
    )
    code = forms.CharField(
        label="Code",
        max_length=6,
        help_text="The 6-digit code your authenticator app now shows for the portal.",
        error_messages={"required": "Enter the 6-digit code from your authenticator app"},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "class": "govuk-input--width-5",
            }
        ),
    )


class SecondFactorResetForm(NamedErrorsMixin, forms.Form):
    reason = forms.CharField(
        label="Why are you resetting their second factor?",
        max_length=2000,
        help_text="For example: “Phone lost, reported by their line manager on 3 December”.",
        error_messages={"required": "Enter why their second factor is being reset"},
        widget=forms.Textarea(attrs={"rows": 3}),
    )
