"""Readings of names in katakana (フリガナ), as Japanese forms ask for them: hiragana, half-width and full-width input
is normalised to full-width katakana, so that handlers can search and sort by the reading."""

import re
import unicodedata

HIRAGANA_TO_KATAKANA = str.maketrans(
    # ぁ..ゖ and the iteration marks ゝゞ: their katakana are 0x60 further on.
    {code: code + 0x60 for code in (*range(0x3041, 0x3097), 0x309D, 0x309E)}
)
# Full-width katakana ァ..ヺ, the middle dot ・, the long vowel mark ー, the iteration marks ヽヾ, and the space.
NOT_KANA = re.compile(r"[^\u30a1-\u30fa\u30fb\u30fc\u30fd\u30fe ]")
SPACES = re.compile(r"\s+")


def to_katakana(value: str) -> str:
    """The reading in full-width katakana: NFKC (half-width ｶﾀｶﾅ and the ideographic space become full-width
    katakana and a plain space), hiragana turned into katakana, runs of spaces made one, none at either end."""
    value = unicodedata.normalize("NFKC", value).translate(HIRAGANA_TO_KATAKANA)
    return SPACES.sub(" ", value).strip()


def characters_not_kana(value: str) -> list[str]:
    """The distinct characters of a normalised reading that are not kana, ー, ・ or a space, in order."""
    return list(dict.fromkeys(NOT_KANA.findall(value)))
