from django.conf import settings
from django.urls import translate_url
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language, get_language_info

from yport.languages import language_codes
from yport.seo import absolute_url, page_query


def _path_in_language(path, language_code):
    """The same page in another language; pages that do not resolve (404s) swap the language prefix."""
    translated = translate_url(path, language_code)
    if translated != path:
        return translated
    current = get_language()
    prefix = f"/{current}/"
    if path.startswith(prefix):
        return f"/{language_code}/{path[len(prefix) :]}"
    return path


def language_alternates(request):
    """Links to the current page in every language, for the language switcher and the hreflang alternates; worked
    out only when a template reads them (base.html caches the parts that do)."""
    alternates = SimpleLazyObject(lambda: _alternates(request))
    x_default_url = SimpleLazyObject(
        lambda: next(item["url"] for item in alternates if item["code"] == settings.LANGUAGE_CODE)
    )
    return {"language_alternates": alternates, "x_default_url": x_default_url}


def _alternates(request):
    # The query the canonical link keeps, so that the hreflang alternates name the same page.
    query = page_query(request)
    current = get_language()
    alternates = []
    for code in language_codes():
        path = request.path if code == current else _path_in_language(request.path, code)
        if query:
            path = f"{path}?{query}"
        alternates.append(
            {
                "code": code,
                "name": get_language_info(code)["name_local"],
                "path": path,
                # On the site's address, as the canonical link (yport.seo): one base for both.
                "url": absolute_url(path),
                "current": code == current,
            }
        )
    return alternates
