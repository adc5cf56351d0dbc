from django.conf import settings


def test_stylesheet_braces_are_balanced():
    # Guards against a rule block lost when the apps' stylesheet sections are merged.
    css = (settings.BASE_DIR / "static" / "css" / "site.css").read_text()
    assert css.count("{") == css.count("}")
