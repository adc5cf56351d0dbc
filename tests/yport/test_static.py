import json

import pytest
from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management import call_command


def test_stylesheet_braces_are_balanced():
    # Guards against a rule block lost when the apps' stylesheet sections are merged.
    css = (settings.BASE_DIR / "static" / "css" / "site.css").read_text()
    assert css.count("{") == css.count("}")


@pytest.mark.django_db
def test_collectstatic_builds_the_production_manifest_and_pages_use_it(settings, tmp_path, client):
    # Production serves hashed files from the manifest; a file that post-processing cannot resolve breaks deploys.
    settings.STATIC_ROOT = tmp_path / "staticfiles"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "yport.staticfiles.ManifestStaticFilesStorage"},
    }
    call_command("collectstatic", "--no-input", verbosity=0)

    manifest = json.loads((tmp_path / "staticfiles" / "staticfiles.json").read_text())
    html = client.get("/en/").content.decode()
    assert f'href="/static/{manifest["paths"]["css/site.css"]}"' in html
    assert "vendor/jquery-ui/jquery-ui.min.js" in manifest["paths"]
    # Each name's URL is looked up once per process (the manifest changes only with a deploy); a missing name fails.
    assert staticfiles_storage.url("css/site.css") is staticfiles_storage.url("css/site.css")
    assert staticfiles_storage.kept_urls["css/site.css"] == f"/static/{manifest['paths']['css/site.css']}"
    with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
        staticfiles_storage.url("css/not-there.css")
    assert "css/not-there.css" not in staticfiles_storage.kept_urls
