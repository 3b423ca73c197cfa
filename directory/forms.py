from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.forms import AuthenticationForm
from django.forms.renderers import TemplatesSetting

from .rules import TEXT_MAX_LENGTH
from .two_factor import second_factor_verify


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


# Two-factor sign-in (issue 9 §3) ------------------------------------------------------


class SecondFactorForm(forms.Form):
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


class AuthenticatorAppForm(forms.Form):
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


class SecondFactorResetForm(forms.Form):
    reason = forms.CharField(
        label="Why are you resetting their second factor?",
        max_length=2000,
        help_text="For example: “Phone lost, reported by their line manager on 3 December”.",
        error_messages={"required": "Enter why their second factor is being reset"},
        widget=forms.Textarea(attrs={"rows": 3}),
    )
