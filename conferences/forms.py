from django import forms

from conferences.models import Appearance
from conferences.services import fill_from_speaker


class AppearanceInlineForm(forms.ModelForm):
    """Staff leave position and organisation empty to keep the speaker's current ones for this conference."""

    class Meta:
        model = Appearance
        fields = ("speaker", "role", "order", "presentation_title", "position", "organisation")

    def clean(self):
        cleaned_data = super().clean()
        speaker = cleaned_data.get("speaker")
        if speaker is not None:
            fill_from_speaker(cleaned_data, speaker)
        return cleaned_data
