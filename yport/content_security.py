"""The Content-Security-Policy headers (django-csp), built once per process for the answers that keep the settings'
policy.

django-csp builds each answer's header anew from the settings (copying and joining every directive), which cost
about 5 % of a page rendered around cached fragments. Pages here never change the policy (no per-view
``csp_update``/``csp_replace``/``csp_exempt`` and no nonce: the CSP allows no inline script or style), so the
headers are the same for every answer until the settings change. An answer that does change it (a decorator, a
nonce asked for) or that django-csp treats apart (a debug error page) goes through django-csp as it is.
"""

from csp import middleware as csp_middleware
from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.utils import build_policy
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

# What an answer (response) or request carries when a view or template changes the policy.
CHANGES = ("_csp_config", "_csp_update", "_csp_replace", "_csp_config_ro", "_csp_update_ro", "_csp_replace_ro")
DEBUG_PAGES = (404, 500)  # django-csp leaves Django's debug pages alone


class CSPMiddleware(csp_middleware.CSPMiddleware):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.built = None  # (the two settings as read, the two headers)

    def settings_headers(self) -> tuple[str, str]:
        """The settings' policy and report-only policy as headers ("" for none), built again when a setting is
        replaced (override_settings in the tests; the settings never change in a server)."""
        policy = getattr(settings, "CONTENT_SECURITY_POLICY", None)
        report_only = getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
        built = self.built
        if built is None or built[0] is not policy or built[1] is not report_only:
            built = (policy, report_only, build_policy(), build_policy(report_only=True))
            self.built = built
        return built[2], built[3]

    def keeps_settings_policy(self, request: HttpRequest, response: HttpResponseBase) -> bool:
        return (
            getattr(request, "_csp_nonce", None) is None
            and all(getattr(response, name, None) is None for name in CHANGES)
            and not (settings.DEBUG and response.status_code in DEBUG_PAGES)
        )

    def process_response(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        if not self.keeps_settings_policy(request, response):
            return super().process_response(request, response)
        policy, report_only = self.settings_headers()
        for header, value, exempt, setting in (
            (HEADER, policy, "_csp_exempt", "CONTENT_SECURITY_POLICY"),
            (HEADER_REPORT_ONLY, report_only, "_csp_exempt_ro", "CONTENT_SECURITY_POLICY_REPORT_ONLY"),
        ):
            if not value or header in response or getattr(response, exempt, False) is not False:
                continue
            excluded = (getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES", None) or ()
            if not request.path_info.startswith(tuple(excluded)):
                response[header] = value
        # As django-csp: a nonce asked for once the header is written is an error, not a silent gap in the policy.
        request.csp_nonce = csp_middleware.CheckableLazyObject(self._csp_nonce_post_response)
        return response
