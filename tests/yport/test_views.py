from django.test import RequestFactory
from django.utils import translation

from yport.views import csrf_failure


def test_csrf_failure_page_links_back_only_to_a_path_of_this_site():
    request = RequestFactory().post("/en/inquiry/")
    request.path = "//evil.example/en/inquiry/"
    with translation.override("en"):
        response = csrf_failure(request, reason="CSRF cookie not set.")
    assert response.status_code == 403
    html = response.content.decode()
    assert "evil.example" not in html
    assert "Open the form again" not in html
    assert "Allow cookies for this site in your browser" in html
