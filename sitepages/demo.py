"""Demo content of the site pages: about Y-PORT (from shared/seeds/FACTS.md only), the privacy notice (the text
that shipped in the inquiry app's template), the accessibility policy (its target and scope) and short terms of
use. A page that exists already is left as staff last edited it.

The texts are kept as staff type them in the admin: one line per paragraph."""

# ruff: noqa: E501

from django.conf import settings

from sitepages.models import REGISTRATION_RETENTION_DAYS, SitePage, SitePageSlug

ABOUT_JA = """Y-PORT は、横浜の資源・技術を活用した公民連携による国際技術協力です。新興国の都市が抱える都市課題の解決を支援するとともに、横浜の企業の海外展開を支援しています。

## アジア・スマートシティ会議
横浜市は2012年（平成24年）から、シティプロモーションと市内企業の海外展開支援の一環として、アジア・スマートシティ会議を開催しています。会議の詳しい報告は Y-PORT のウェブサイトに掲載しています: https://yport.city.yokohama.lg.jp/promotion/ascc

## 企業の皆さまへ
アジアをはじめとする海外のインフラ・ビジネスに関心のある企業の皆さまからのご連絡をお待ちしています。分野の例: 水環境、廃棄物管理、エネルギー。

## お問い合わせ先
横浜市国際局国際協力課
〒231-0005 横浜市中区本町6丁目50番地の10 市庁舎31階
電話 045-671-4703 · FAX 045-664-7145
ki-yport@city.yokohama.jp"""

ABOUT_EN = """Y-PORT is international technical cooperation through public-private partnership using Yokohama's resources and technologies. It helps cities in emerging economies solve urban problems, and helps Yokohama companies expand overseas.

## The Asia Smart City Conference
Yokohama has held the Asia Smart City Conference since 2012, as city promotion and to support local companies' overseas business. A detailed report of the conference is published on the Y-PORT website: https://yport.city.yokohama.lg.jp/promotion/ascc

## For companies
Companies interested in overseas infrastructure business, in Asia and elsewhere, are invited to get in touch. Fields named by the programme include water environment, waste management and energy.

## Contact
City of Yokohama, International Affairs Bureau, International Cooperation Division
City Hall 31F, 6-50-10 Honcho, Naka-ku, Yokohama 231-0005, Japan
Tel 045-671-4703 · Fax 045-664-7145
ki-yport@city.yokohama.jp"""

PRIVACY_JA = """## 責任者
横浜市国際局国際協力課

## 保存する情報
ビジネスのお問い合わせを送信されると、フォームに入力された内容（会社名、部署、担当者名、メールアドレス、電話番号、国、ウェブサイト、関心のある分野、パートナー都市、お問い合わせ内容）、フォームの言語、同意の日時とこの説明の版、ネットワーク単位に短縮した送信元アドレス（完全なアドレスではありません）を保存します。また、どの職員がいつお問い合わせを閲覧・変更したかの履歴を記録します。

## 利用目的
お問い合わせへの回答、Y-PORT 事業のビジネス機会に関するご連絡、統計の作成、フォームの不正利用の防止のためにのみ利用します。第三者に提供することはなく、このフォームでは外部のサービスを使用していません。

## 保存期間
お問い合わせの対応が完了した後、個人情報は {days} 日を過ぎると消去され、匿名の件数のみが残ります。

## 会議の参加登録
会議に参加登録されると、フォームに入力された内容（氏名、フリガナ、所属、役職、国、メールアドレス、参加方法、会議ごとに尋ねる任意の項目（電話番号、食事への配慮、アクセシビリティへの配慮））、参加者名簿への掲載と今後の会議のお知らせについての選択、フォームの言語、同意の日時とこの説明の版、ネットワーク単位に短縮した送信元アドレスを保存します。また、チケットコード、受付（チェックイン）の時刻、お送りしたメールの記録を保存します。
これらは、参加登録の受付と確認、キャンセル待ちのご案内、参加方法の変更、リマインダーとオンライン参加用リンクの送付、会場での受付、統計の作成、フォームの不正利用の防止のためにのみ利用します。参加登録を担当する職員だけが閲覧し、第三者に提供することはありません。参加者名簿には、掲載に同意された場合にのみ氏名と所属を載せます。お知らせは、希望された場合にのみお送りします。
会議の公開参加者名簿に載るのは氏名と所属だけで、参加が確定し、掲載の欄にチェックを入れた場合に限ります。どちらの選択も、メールでお送りした管理用リンクのページからいつでも変更でき、名簿には1分以内に反映されます。
個人情報は、会議の終了後 {registration_days} 日（会議の登録ページに別の期間を示した場合はその期間）を過ぎると消去され、匿名の件数のみが残ります。登録の確認・変更・キャンセルや、個人情報のすぐの消去は、メールでお送りした管理用リンクからいつでもできます。

## お問い合わせ先
ご自身の情報の開示・訂正・削除や、この説明についてのご質問は、受付番号またはチケットコードを添えて国際協力課（連絡先はページ下部）までご連絡ください。"""

PRIVACY_EN = """## Who is responsible
City of Yokohama, International Affairs Bureau, International Cooperation Division

## What we store
When you send a business inquiry we store what you entered in the form (company, department, contact person, email address, phone number, country, website, fields of interest, partner city, message), the language of the form, the time of your consent and the version of this notice, and your network address shortened to its network (not your full address). We keep a history of which staff member read or changed your inquiry, and when.

## Why
Only to answer your inquiry, to contact you about business opportunities in the Y-PORT programme, to keep statistics, and to protect the form from abuse. We do not give your data to third parties and use no third-party services on this form.

## For how long
Once your inquiry is closed, its personal data is erased after {days} days; only anonymous figures remain.

## Conference registration
When you register for a conference we store what you entered in the form (name, its reading in kana, organisation, position, country, email address, attendance mode, and the optional questions a conference asks: phone number, dietary needs, accessibility needs), your choices about the public participant list and news of future conferences, the language of the form, the time of your consent and the version of this notice, and your network address shortened to its network. We also store your ticket code, the time you checked in at the venue, and a record of the emails we sent you.
We use them only to handle and confirm your registration, to run the waiting list, to change your attendance mode, to send reminders and the online joining link, to check you in at the venue, to keep statistics, and to protect the form from abuse. Only the staff who handle registrations see them; we do not give them to third parties. Your name and organisation appear on a public participant list only if you agreed to it, and we send news only if you asked for it.
The public participant list of a conference shows only your name and organisation, only once your seat is confirmed, and only if you ticked its box. You can change both choices at any time on the page behind the manage link in our emails; the list shows a change within a minute.
Your personal data is erased {registration_days} days after the conference ends (or after the period stated on the conference's registration page); only anonymous figures remain. You can see, change or cancel your registration, or have your personal data erased at once, at any time through the manage link in our emails.

## Whom to ask
To see, correct or delete your data, or for any question about this notice, contact the International Cooperation Division (details at the foot of this page) and quote your reference number or ticket code."""

ACCESSIBILITY_JA = """## 目標
このサイトは、日本産業規格 JIS X 8341-3:2016「高齢者・障害者等配慮設計指針－情報通信における機器，ソフトウェア及びサービス－第3部：ウェブコンテンツ」の適合レベル AA に準拠することを目標としています。

## 対象範囲
このサイト（Y-PORT ポータル）の公開ページ全体。日本語版と英語版の両方。管理画面とリンク先の外部サイトは含みません。

## ご意見
見づらい、使いにくいなどのお気づきの点は、国際協力課（連絡先はページ下部）までお知らせください。"""

ACCESSIBILITY_EN = """## Target
This site aims to conform to level AA of the Japanese Industrial Standard JIS X 8341-3:2016 (Guidelines for older persons and persons with disabilities — Information and communications equipment, software and services — Part 3: Web content).

## Scope
Every public page of this site (the Y-PORT Portal), in Japanese and in English. The staff administration and the external sites linked from here are not included.

## Feedback
If something is hard to read or to use, please tell the International Cooperation Division (details at the foot of this page)."""

TERMS_JA = """## このサイトについて
このサイトは横浜市国際局国際協力課が運営しています。掲載している情報は作成時点のものです。

## 外部サイトへのリンク
リンク先の外部サイトの内容については、それぞれの運営者にお問い合わせください。

## お問い合わせ
このサイトについてのご質問は、国際協力課（連絡先はページ下部）までご連絡ください。"""

TERMS_EN = """## About this site
This site is run by the City of Yokohama, International Affairs Bureau, International Cooperation Division. The information on it is as of the time it was written.

## Links to other sites
For the content of external sites linked from here, please ask their operators.

## Questions
For questions about this site, contact the International Cooperation Division (details at the foot of this page)."""


def texts():
    days = settings.INQUIRY_RETENTION_DAYS
    return {
        SitePageSlug.ABOUT: ("Y-PORT について", "About Y-PORT", ABOUT_JA, ABOUT_EN),
        SitePageSlug.ACCESSIBILITY: (
            "アクセシビリティ方針",
            "Accessibility policy",
            ACCESSIBILITY_JA,
            ACCESSIBILITY_EN,
        ),
        SitePageSlug.PRIVACY: (
            "個人情報の取り扱い",
            "Privacy notice",
            PRIVACY_JA.format(days=days, registration_days=REGISTRATION_RETENTION_DAYS),
            PRIVACY_EN.format(days=days, registration_days=REGISTRATION_RETENTION_DAYS),
        ),
        SitePageSlug.TERMS: ("ご利用について", "Terms of use", TERMS_JA, TERMS_EN),
    }


def load(*, stdout=None):
    """Create the four site pages that do not exist yet; running it twice changes nothing."""
    for slug, (title_ja, title_en, body_ja, body_en) in texts().items():
        SitePage.objects.get_or_create(
            slug=slug, defaults={"title_ja": title_ja, "title_en": title_en, "body_ja": body_ja, "body_en": body_en}
        )
