"""Two versions of an object from its django-reversion history side by side, with only the fields that differ; each
language of a translated field is a row of its own. Written here rather than taken from django-reversion-compare,
whose pages rely on script and style in the page that the CSP refuses."""

from dataclasses import dataclass

from django import forms
from django.contrib.admin.utils import unquote
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _
from modeltranslation.fields import TranslationField
from reversion.errors import RevertError
from reversion.models import Version


@dataclass(frozen=True)
class FieldDifference:
    label: str
    language: str  # the language's name, empty for a field that is not translated
    old: str
    new: str


def history(obj):
    """The object's versions, newest first."""
    return Version.objects.get_for_object(obj).select_related("revision__user")


def compared_fields(model):
    """(field, language code or "") for every field a comparison shows: each language of a translated field, never
    its language-less original, the primary key, the time stamps set on every save or other fields nobody edits
    (such as a search index)."""
    translation_fields = [field for field in model._meta.concrete_fields if isinstance(field, TranslationField)]
    base_names = {field.translated_field.name for field in translation_fields}
    fields = []
    for field in [*model._meta.concrete_fields, *model._meta.many_to_many]:
        if field.primary_key or field.name in base_names or not field.editable:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            continue
        fields.append((field, field.language if isinstance(field, TranslationField) else ""))
    return fields


def _display(field, value):
    if value is None or value == "" or value == []:
        return "—"
    if field.many_to_many:
        related = field.related_model._default_manager.filter(pk__in=value)
        return ", ".join(sorted(str(item) for item in related)) or "—"
    if field.is_relation:
        try:
            return str(field.related_model._default_manager.get(pk=value))
        except ObjectDoesNotExist:
            return str(value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if hasattr(value, "name") and not isinstance(value, str):  # a file
        return value.name or "—"
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    return formats.localize(value) if not isinstance(value, str) else value


def field_differences(model, old_version, new_version):
    """The fields whose values differ between two versions of one object, in the model's field order."""
    old, new = old_version.field_dict, new_version.field_dict
    differences = []
    for field, language in compared_fields(model):
        key = field.attname if field.is_relation and not field.many_to_many else field.name
        old_value, new_value = old.get(key, old.get(field.name)), new.get(key, new.get(field.name))
        if field.many_to_many:
            old_value, new_value = sorted(old_value or []), sorted(new_value or [])
        if (old_value or "") == (new_value or ""):
            continue
        differences.append(
            FieldDifference(
                label=str(field.verbose_name).split(" [")[0],
                language=str(get_language_info(language)["name_translated"]) if language else "",
                old=_display(field, old_value),
                new=_display(field, new_value),
            )
        )
    return differences


def version_label(version):
    user = version.revision.user
    when = formats.date_format(version.revision.date_created, "DATETIME_FORMAT")
    comment = version.revision.get_comment()
    parts = [when, user.get_username() if user else "—"]
    if comment:
        parts.append(comment[:60])
    return " · ".join(parts)


class CompareForm(forms.Form):
    old = forms.TypedChoiceField(label=_("older version"), coerce=int)
    new = forms.TypedChoiceField(label=_("newer version"), coerce=int)

    def __init__(self, *args, versions, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(version.pk, version_label(version)) for version in versions]
        self.fields["old"].choices = choices
        self.fields["new"].choices = choices


class RevisionCompareAdminMixin:
    """A "compare versions" page under the object's history (django-reversion's ``VersionAdmin``), for staff who
    may change the object; each version can be restored from it through django-reversion's own page. For admins
    with ``revision_compare = True`` (its address: editorial.admin.EditorialModelAdmin.get_urls)."""

    revision_compare = False

    object_history_template = "editorial/admin/revision_compare_object_history.html"

    def compare_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/history/compare/",
                self.admin_site.admin_view(self.compare_view),
                name="{}_{}_compare".format(*info),
            ),
        ]

    def history_view(self, request, object_id, extra_context=None):
        if not self.revision_compare:
            return super().history_view(request, object_id, extra_context)
        obj = self.get_object(request, unquote(object_id))
        extra_context = {
            **(extra_context or {}),
            "has_change_permission_for_compare": obj is not None and self.has_change_permission(request, obj),
        }
        return super().history_view(request, object_id, extra_context)

    def compare_view(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        versions = list(history(obj))
        by_pk = {version.pk: version for version in versions}
        data = request.GET if "old" in request.GET or "new" in request.GET else None
        if data is None and len(versions) >= 2:
            data = {"old": versions[1].pk, "new": versions[0].pk}
        form = CompareForm(data, versions=versions)
        old = new = differences = None
        error = ""
        if data is not None and form.is_valid():
            old, new = by_pk[form.cleaned_data["old"]], by_pk[form.cleaned_data["new"]]
            try:
                differences = field_differences(self.model, old, new)
            except RevertError:
                error = _("These versions were saved in an older format and cannot be compared.")
        info = self.opts.app_label, self.opts.model_name
        restore_url = "{}:{}_{}_revision".format(self.admin_site.name, *info)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": obj,
            "object": obj,
            "title": _("Compare versions of %(object)s") % {"object": obj},
            "form": form,
            "versions": versions,
            "old": old,
            "new": new,
            "old_restore_url": reverse(restore_url, args=[obj.pk, old.pk]) if old else "",
            "new_restore_url": reverse(restore_url, args=[obj.pk, new.pk]) if new else "",
            "differences": differences,
            "error": error,
            "has_change_permission": True,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "editorial/admin/revision_compare.html", context)
