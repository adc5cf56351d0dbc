import pytest

from yport.kana import characters_not_kana, to_katakana


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("やまだ　はなこ", "ヤマダ ハナコ"),  # hiragana, ideographic space
        ("ﾔﾏﾀﾞ ﾊﾅｺ", "ヤマダ ハナコ"),  # half-width katakana with a separate voicing mark
        ("ｺｰﾋｰ･ﾊｳｽ", "コーヒー・ハウス"),  # half-width long vowel mark and middle dot
        ("  ヨコハマ \t  スイショリ ", "ヨコハマ スイショリ"),  # runs of blanks made one, none at the ends
        ("ゔぁいおりん", "ヴァイオリン"),  # small kana and ゔ
        ("いすゞ", "イスヾ"),  # the iteration mark
        ("㌀", "アパート"),  # a squared word, spelt out by NFKC
        ("カブシキガイシャ", "カブシキガイシャ"),
    ],
)
def test_to_katakana_normalises_kana_input(typed, stored):
    assert to_katakana(typed) == stored


def test_characters_not_kana_lists_each_other_character_once_in_order():
    assert characters_not_kana("ヤマダ ハナコ・ー") == []
    assert characters_not_kana(to_katakana("山田 やまだ Yamada 山")) == ["山", "田", "Y", "a", "m", "d"]
    assert characters_not_kana("ヤマダ-ハナコ\u200b") == ["-", "\u200b"]
