from django.utils import translation

from yport.languages import language_codes, language_names


def test_language_codes_follow_settings_in_order(settings):
    assert language_codes() == ["ja", "en"]
    settings.LANGUAGES = [("ja", "Japanese"), ("en", "English"), ("vi", "Vietnamese")]
    assert language_codes() == ["ja", "en", "vi"]


def test_language_names_in_the_active_language():
    with translation.override("en"):
        assert language_names() == {"ja": "Japanese", "en": "English"}
    with translation.override("ja"):
        assert {code: str(name) for code, name in language_names().items()} == {"ja": "日本語", "en": "英語"}
