"""The demo reply template: one plain, general answer that handlers complete before sending."""

from inquiries.models import ReplyTemplate

NAME_JA = "お問い合わせへの回答（基本）"
NAME_EN = "Answer to an inquiry (basic)"
SUBJECT_JA = "【Y-PORT】お問い合わせ（{reference}）について"
SUBJECT_EN = "[Y-PORT] Your inquiry ({reference})"
BODY_JA = """{company}
{contact_name} 様

Y-PORT事業へのお問い合わせをいただき、ありがとうございます。
お問い合わせ（受付番号 {reference}）について、以下のとおりご回答いたします。

（ここに回答を記入してください）

ご不明な点がございましたら、このメールにご返信ください。

横浜市 国際局 国際協力課
{handler_name}
"""
BODY_EN = """Dear {contact_name},

Thank you for your inquiry to the Y-PORT programme of the City of Yokohama.
Regarding your inquiry (reference number {reference}), our answer is as follows.

(Write the answer here.)

If you have any questions, please reply to this email.

City of Yokohama, International Affairs Bureau, International Cooperation Division
{handler_name}
"""


def load(*, stdout=None):
    """Create or update the demo reply template; running it twice changes nothing."""
    ReplyTemplate.objects.update_or_create(
        name_ja=NAME_JA,
        defaults={
            "name": NAME_JA,
            "name_en": NAME_EN,
            "subject_ja": SUBJECT_JA,
            "subject_en": SUBJECT_EN,
            "body_ja": BODY_JA,
            "body_en": BODY_EN,
        },
    )
