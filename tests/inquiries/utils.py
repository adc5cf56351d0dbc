import time

from django.urls import reverse
from django.utils import translation

from inquiries.forms import issue_form_token


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
