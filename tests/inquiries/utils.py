import time

from django.urls import reverse
from django.utils import translation

from inquiries.services.submission import submit_inquiry
from yport.forms import issue_form_token


def form_data(**overrides):
    """A valid POST for the inquiry form, shown long enough ago to pass the minimum fill time."""
    data = {
        "company_name": "株式会社ヨコハマ水処理",
        "department": "海外事業部",
        "contact_person": "山田 花子",
        "email": "hanako@example.co.jp",
        "phone": "045-671-4703",
        "country": "JP",
        "website": "https://www.example.co.jp/",
        "message": "ダナン市の水環境分野で協力したい。\n詳しくはお電話で。",
        "consent": "on",
        "homepage": "",
        "form_token": issue_form_token(now=time.time() - 60),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def admin_url(name, *args, language="en"):
    """The address of an admin page (``admin:<name>``) in the given language."""
    with translation.override(language):
        return reverse(f"admin:{name}", args=args)


# The cleaned data of a valid inquiry, as the services take it (form_data is the same as the form posts it).
DATA = {
    "company_name": "Acme Water Ltd.",
    "contact_person": "Jane Doe",
    "email": "jane@example.com",
    "country": "VN",
    "message": "We build water treatment plants.",
}


def use_closed_smtp_port(settings):
    """A real SMTP backend pointed at a port where nothing listens: sending fails with a refused connection."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = 1
    settings.EMAIL_TIMEOUT = 2
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False


def submit(address="192.0.2.1", **data):
    """An inquiry submitted through the service, in English, with DATA changed by ``data``."""
    return submit_inquiry(data={**DATA, **data}, language="en", client_address=address)
