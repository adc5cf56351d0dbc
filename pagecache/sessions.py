"""Whether a request may get a page rendered for one person, which no cache keeps or serves."""

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage


def carries_a_session(request):
    """Whether the page may be rendered for one person: a signed-in user (staff see drafts and more), or a visitor
    with messages or something kept in the session."""
    return settings.SESSION_COOKIE_NAME in request.COOKIES or CookieStorage.cookie_name in request.COOKIES
