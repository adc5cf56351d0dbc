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


def test_check_refuses_a_negative_response_target(settings):
    settings.INQUIRY_RESPONSE_DAYS = -1
    assert "inquiries.E001" in {message.id for message in run_checks()}


def test_check_accepts_a_response_target_of_zero_days(settings):
    settings.INQUIRY_RESPONSE_DAYS = 0
    assert "inquiries.E001" not in {message.id for message in run_checks()}
