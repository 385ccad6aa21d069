"""Form input rules shared by every form of the site."""

from django import forms

from .text import strip_control_characters


class PlainTextInputMixin:
    """Strips control characters from what is typed into every text field of a form.

    They never show, nobody means them, PostgreSQL refuses NUL and spreadsheets refuse the
    rest, so they are dropped before validation, and what is validated, shown back and
    stored is the text without them. Tabs and line breaks stay. Passwords are left as
    typed: they are compared, never shown, and one set before this rule must still match.
    """

    def full_clean(self):
        if self.is_bound:
            self.data = self._without_control_characters(self.data)
        super().full_clean()

    def _without_control_characters(self, data):
        text_fields = [
            self.add_prefix(name)
            for name, field in self.fields.items()
            if isinstance(field, forms.CharField)
            and not isinstance(field.widget, forms.PasswordInput)
        ]
        cleaned = data.copy()
        for key in text_fields:
            if key not in cleaned:
                continue
            if hasattr(cleaned, "setlist"):
                values = [strip_control_characters(str(v)) for v in cleaned.getlist(key)]
                cleaned.setlist(key, values)
            elif isinstance(cleaned[key], str):
                cleaned[key] = strip_control_characters(cleaned[key])
        return cleaned


class HoneypotForm(forms.Form):
    """A form with a field hidden from people (the template hides it) that bots fill in:
    `is_spam()` after validation says whether it was filled."""

    HONEYPOT = "website"

    website = forms.CharField(
        label="Leave this field empty",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Last, after the fields people fill in, whatever the subclass declares.
        self.fields[self.HONEYPOT] = self.fields.pop(self.HONEYPOT)

    def is_spam(self):
        return bool(self.cleaned_data.get(self.HONEYPOT))
