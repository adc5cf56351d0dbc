"""Writes of the conferences app that do more than save one row."""

from django.db import transaction
from modeltranslation.utils import build_localized_fieldname

from conferences.models import Appearance, Session, Speaker
from yport.languages import language_codes

# The speaker's current details that an appearance keeps as they were at the conference.
HISTORICAL_FIELDS = ("position", "organisation")


def historical_field_names():
    return [
        build_localized_fieldname(name, code) for name in HISTORICAL_FIELDS for code in language_codes()
    ]


def fill_from_speaker(values: dict, speaker: Speaker) -> dict:
    """Copy the speaker's current position and organisation into each empty one of ``values`` (a dict of field
    values for an appearance, e.g. a form's cleaned_data); the dict is changed in place and returned."""
    for name in historical_field_names():
        if not values.get(name):
            values[name] = getattr(speaker, name, "") or ""
    return values


def record_appearance(*, session: Session, speaker: Speaker, order: int, **fields) -> Appearance:
    """Create or update the appearance of ``speaker`` in ``session`` at ``order``. On creation, position and
    organisation not given are copied from the speaker; an update leaves them as recorded, so a later change of the
    speaker does not rewrite the conference's record. Side effects: one row written."""
    with transaction.atomic():
        appearance, _created = Appearance.objects.update_or_create(
            session=session,
            order=order,
            defaults={"speaker": speaker, **fields},
            create_defaults={"speaker": speaker, **fill_from_speaker(dict(fields), speaker)},
        )
    return appearance
