"""The project's URLs plus a stand-in for the business-inquiry route, to check the links the city page makes."""

from django.conf.urls.i18n import i18n_patterns
from django.http import HttpResponse
from django.urls import include, path

from yport.urls import urlpatterns as project_urlpatterns

inquiry_patterns = ([path("inquiry/", lambda request: HttpResponse("form"), name="inquiry_create")], "inquiries")

urlpatterns = i18n_patterns(path("", include(inquiry_patterns))) + project_urlpatterns
