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
