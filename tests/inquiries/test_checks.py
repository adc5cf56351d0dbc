from django.core.checks import run_checks


def deploy_check_ids():
    return {message.id for message in run_checks(include_deployment_checks=True)}


def test_deploy_check_warns_without_notification_recipients(settings):
    settings.INQUIRY_NOTIFY_EMAILS = []
    assert "inquiries.W001" in deploy_check_ids()


def test_deploy_check_quiet_with_notification_recipients(settings):
    settings.INQUIRY_NOTIFY_EMAILS = ["ki-yport@city.yokohama.jp"]
    assert "inquiries.W001" not in deploy_check_ids()


def test_ordinary_check_does_not_warn_in_development(settings):
    settings.INQUIRY_NOTIFY_EMAILS = []
    assert "inquiries.W001" not in {message.id for message in run_checks()}


def test_default_attachment_limits_fit_the_request_limit():
    assert "inquiries.W002" not in {message.id for message in run_checks()}


def test_request_limit_below_what_the_form_accepts_warns(settings):
    settings.INQUIRY_REQUEST_MAX_BYTES = 30 * 1024 * 1024
    [warning] = [message for message in run_checks() if message.id == "inquiries.W002"]
    assert warning.msg == (
        "INQUIRY_REQUEST_MAX_BYTES (31457280) is below what the inquiry form accepts (3 × 10485760 bytes of files "
        "and the other fields)."
    )
    assert warning.hint == (
        "Set INQUIRY_REQUEST_MAX_BYTES to at least 32505856 (and the proxy's client_max_body_size too)."
    )
def test_check_refuses_a_negative_response_target(settings):
    settings.INQUIRY_RESPONSE_DAYS = -1
    assert "inquiries.E001" in {message.id for message in run_checks()}


def test_check_accepts_a_response_target_of_zero_days(settings):
    settings.INQUIRY_RESPONSE_DAYS = 0
    assert "inquiries.E001" not in {message.id for message in run_checks()}
