"""The POST data of an admin change form as the browser would send it unchanged: the main form and every inline."""

from django.forms import MultiWidget


def field_data(form, data):
    for name, field in form.fields.items():
        key = form.add_prefix(name)
        value = form[name].value()
        if isinstance(field.widget, MultiWidget):
            for index, part in enumerate(field.widget.decompress(value)):
                data[f"{key}_{index}"] = "" if part is None else str(part)
        elif isinstance(value, list | tuple):
            data[key] = [str(item) for item in value]
        elif value is True:
            data[key] = "on"
        elif value is None or value is False:
            continue
        else:
            data[key] = str(value)


def change_form_data(client, url, **changes):
    """GET the change form at ``url`` and return its data with ``changes`` applied (keys as posted)."""
    response = client.get(url)
    assert response.status_code == 200
    data = {}
    field_data(response.context["adminform"].form, data)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        field_data(formset.management_form, data)
        for form in formset.initial_forms:
            field_data(form, data)
        data[f"{formset.prefix}-TOTAL_FORMS"] = str(len(formset.initial_forms))
    data.update(changes)
    return data
