from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.forms import AuthenticationForm
from django.forms.renderers import TemplatesSetting

from .rules import TEXT_MAX_LENGTH


class GovukFormRenderer(TemplatesSetting):
    """`{{ form }}` renders every field with GOV.UK Frontend markup."""

    form_template_name = "forms/form.html"


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


class SignInForm(AuthenticationForm):
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


class PasswordChangeForm(auth_forms.PasswordChangeForm):
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
