"""Text as the site search compares it, the same way on every database.

Japanese readers type a name in hiragana, katakana, full-width or half-width letters; Vietnamese names come with or
without their accents. ``normalise`` maps all of these to one form (NFKC, case folded, Latin accents dropped,
katakana as hiragana, the middle dot dropped, whitespace collapsed). Each searchable model keeps the normalised
text of its translated fields in both languages in ``search_text``; a query is normalised the same way and each of
its words must occur in it (a plain substring test, which SQLite and PostgreSQL answer alike)."""

import unicodedata

from django.db import models
from django.utils.translation import gettext_lazy as _

from yport.languages import language_codes

# The words of a query that count, and the length of a query a visitor may send.
MAX_QUERY_WORDS = 10
MAX_QUERY_LENGTH = 100

KATAKANA_TO_HIRAGANA = {code: code - 0x60 for code in range(ord("ァ"), ord("ヶ") + 1)} | {
    ord("ヽ"): ord("ゝ"),
    ord("ヾ"): ord("ゞ"),
}
# Dropped: the middle dot that separates foreign names in katakana (ホー・チ・ミン is also written ホーチミン).
DROPPED = {ord("・"): None}
# Latin letters with a stroke, which have no decomposition to drop an accent from.
LATIN_FOLDS = {ord("đ"): "d", ord("ø"): "o", ord("ł"): "l", ord("ħ"): "h"}
COMBINING_LATIN_ACCENTS = range(0x0300, 0x0370)


def _drop_latin_accents(text: str) -> str:
    # Only the combining marks of Latin letters: the voicing marks of kana (U+3099, U+309A) stay, so が is not か.
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if ord(c) not in COMBINING_LATIN_ACCENTS))


def normalise(text: str) -> str:
    """``ＳＤＧｓ`` → ``sdgs``, ``ダナン`` and ``ﾀﾞﾅﾝ`` → ``だなん``, ``Đà  Nẵng`` → ``da nang``."""
    text = unicodedata.normalize("NFKC", text or "").casefold()
    text = _drop_latin_accents(text).translate(LATIN_FOLDS).translate(KATAKANA_TO_HIRAGANA).translate(DROPPED)
    # Control characters (a NUL byte among them, which PostgreSQL refuses) count as spaces.
    text = "".join(" " if unicodedata.category(c).startswith("C") else c for c in text)
    return " ".join(text.split())


def query_words(query: str) -> list[str]:
    """The distinct normalised words of a visitor's query, at most MAX_QUERY_WORDS."""
    words = []
    for word in normalise(query[:MAX_QUERY_LENGTH]).split():
        if word not in words:
            words.append(word)
    return words[:MAX_QUERY_WORDS]


def matching(queryset, words, field_name="search_text"):
    """Rows whose ``field_name`` contains every word (Django escapes % and _ in them, so they match literally)."""
    for word in words:
        queryset = queryset.filter(**{f"{field_name}__contains": word})
    return queryset


class Searchable(models.Model):
    """A model the site search finds: ``search_fields`` names its translated fields, whose text in every language
    is kept, normalised, in ``search_text`` whenever it is saved (admin, import, demo content alike)."""

    search_text = models.TextField(verbose_name=_("search text"), blank=True, default="", editable=False)

    search_fields = ()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.search_text = self.build_search_text()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    def search_extra_texts(self):
        """More text the search should find this by (e.g. the country's name), beyond ``search_fields``."""
        return ()

    def build_search_text(self) -> str:
        codes = language_codes()
        texts = [getattr(self, f"{name}_{code}", "") or "" for name in self.search_fields for code in codes]
        texts.extend(self.search_extra_texts())
        # Lines apart, so no word is made up of the end of one field and the start of the next.
        return "\n".join(dict.fromkeys(normalise(text) for text in texts if text))
