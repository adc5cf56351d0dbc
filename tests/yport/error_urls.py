"""The project's URLs plus one view that fails, to exercise the real 500 handler."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import path

from yport.urls import urlpatterns as project_urlpatterns


def failing_view(request):
    raise RuntimeError("a deliberate failure for the 500 page test")


urlpatterns = [*project_urlpatterns, *i18n_patterns(path("fail/", failing_view))]
