"""The Content-Security-Policy headers are django-csp's, built once per process (yport.content_security)."""

import pytest
from csp.constants import HEADER, HEADER_REPORT_ONLY, NONCE
from csp.decorators import csp_exempt, csp_update
from csp.utils import build_policy
from django.http import HttpResponse

from yport.content_security import CSPMiddleware

pytestmark = pytest.mark.django_db


def answered(rf, view, path="/en/", middleware=None):
    request = rf.get(path)
    middleware = middleware or CSPMiddleware(view)
    middleware.process_request(request)
    return request, middleware.process_response(request, view(request))


def plain(request):
    return HttpResponse("<p>page</p>")


def test_pages_carry_the_settings_policy_as_django_csp_builds_it(client):
    response = client.get("/en/")
    assert response[HEADER] == build_policy()
    assert "script-src 'self'" in response[HEADER] and "frame-ancestors 'none'" in response[HEADER]
    assert HEADER_REPORT_ONLY not in response
    assert client.get("/en/conferences/")[HEADER] == response[HEADER]


def test_the_header_is_built_once_and_again_when_the_settings_change(rf, settings):
    middleware = CSPMiddleware(plain)
    first = answered(rf, plain, middleware=middleware)[1][HEADER]
    assert answered(rf, plain, middleware=middleware)[1][HEADER] is first  # not built again
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'none'"]}}
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": {"img-src": ["'self'"]}}
    request, response = answered(rf, plain, middleware=middleware)
    assert response[HEADER] == "default-src 'none'"
    assert response[HEADER_REPORT_ONLY] == build_policy(report_only=True)
    assert "img-src 'self'" in response[HEADER_REPORT_ONLY]


def test_an_answer_that_changes_the_policy_or_asks_for_a_nonce_goes_through_django_csp(rf, settings):
    request, response = answered(rf, csp_update({"img-src": ["https://example.com"]})(plain))
    assert "img-src 'self' data: https://example.com" in response[HEADER]

    def with_nonce(request):
        return HttpResponse(f"<script nonce='{request.csp_nonce}'></script>")

    policy = settings.CONTENT_SECURITY_POLICY
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {**policy["DIRECTIVES"], "script-src": ["'self'", NONCE]}}
    request, response = answered(rf, with_nonce)
    assert f"script-src 'self' 'nonce-{request._csp_nonce}'" in response[HEADER]


def test_exempt_and_excluded_answers_get_no_header_and_a_late_nonce_is_refused(rf, settings):
    request, response = answered(rf, csp_exempt()(plain))
    assert HEADER not in response
    settings.CONTENT_SECURITY_POLICY = {**settings.CONTENT_SECURITY_POLICY, "EXCLUDE_URL_PREFIXES": ["/en/outside"]}
    request, response = answered(rf, plain, "/en/outside/page")
    assert HEADER not in response
    request, response = answered(rf, plain)
    assert HEADER in response
    with pytest.raises(Exception, match="not available after the CSP header has been written"):
        str(request.csp_nonce)
