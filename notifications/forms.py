from django import forms

from .choices import Delivery
from .selectors import choosable_kinds


class PreferencesForm(forms.Form):
    """How each kind of notification reaches the person: one set of radios per kind. A
    statutory notice (PCC §20) is not offered: it is always e-mailed at once."""

    def __init__(self, *args, initial_choices: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        for kind, label in choosable_kinds():
            self.fields[kind] = forms.ChoiceField(
                label=label,
                choices=Delivery.choices,
                widget=forms.RadioSelect,
                initial=initial_choices[kind],
                error_messages={
                    "required": f"Choose how “{label}” reaches you.",
                    "invalid_choice": f"Choose how “{label}” reaches you, from the list.",
                },
            )
