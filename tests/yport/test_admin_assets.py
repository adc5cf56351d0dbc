import re

import pytest
from django.contrib.staticfiles import finders

from tests.factories import CityFactory

pytestmark = pytest.mark.django_db


def test_tabbed_translation_admin_loads_jquery_ui_from_this_site(admin_client):
    city = CityFactory()
    html = admin_client.get(f"/en/admin/cities/city/{city.pk}/change/").content.decode()

    script_sources = re.findall(r'<script[^>]*\bsrc="([^"]+)"', html)
    assert "/static/vendor/jquery-ui/jquery-ui.min.js" in script_sources
    assert [src for src in script_sources if not src.startswith("/")] == []
    assert finders.find("vendor/jquery-ui/jquery-ui.min.js")
