"""Folding names for search (domain/search_text.py): what finds what, in every script."""

from __future__ import annotations

import unicodedata

import pytest

from shelter_desktop.domain.search_text import fold, is_ideographic, query_terms, spaced


@pytest.mark.parametrize(("typed", "folded"), [
    ("Zoë", "zoe"),
    ("ZOË", "zoe"),
    ("Zoe\u0308", "zoe"),  # decomposed diaeresis
    ("José María", "jose maria"),
    ("Łukasz", "łukasz"),  # a letter of its own, not a letter with an accent
    ("Straße", "strasse"),
    ("ﬁona", "fiona"),  # compatibility ligature
    ("Ｚｏｅ", "zoe"),  # full-width letters
    ("ÍVANENKO", "ivanenko"),
    ("Олена Іваненко", "олена іваненко"),  # Cyrillic is lower-cased, not transliterated
    ("Ёлка", "елка"),
])
def test_latin_and_cyrillic_fold_case_and_accents(typed: str, folded: str) -> None:
    assert fold(typed) == folded


@pytest.mark.parametrize("variants", [
    ("أحمد", "احمد", "إحمد", "آحمد", "ٱحمد"),  # alef with hamza above/below, madda, wasla
    ("أَحْمَد", "احمد", "أحمـد"),  # harakat and tatweel
    ("مُحَمَّد", "محمد"),  # shadda and short vowels
    ("فاطمة", "فاطمه"),  # teh marbuta
    ("مؤمن", "مومن"),  # waw with hamza
    ("هانئ", "هاني", "هانى"),  # yeh with hamza, alef maksura
    ("قُرْآن", "قران"),
])
def test_arabic_hamza_harakat_and_letter_variants_fold_together(variants: tuple[str, ...]
                                                                 ) -> None:
    assert len({fold(v) for v in variants}) == 1, [fold(v) for v in variants]


@pytest.mark.parametrize("variants", [
    ("علی", "علي", "على"),  # Persian yeh, Arabic yeh, alef maksura
    ("کریم", "كريم", "کری\u0645"),  # Persian keheh and Arabic kaf
    ("مریم", "مريم"),
    ("خانهٔ", "خانه", "خانۀ"),  # heh with hamza above, typed decomposed or precomposed
])
def test_persian_yeh_kaf_and_heh_fold_like_arabic(variants: tuple[str, ...]) -> None:
    assert len({fold(v) for v in variants}) == 1, [fold(v) for v in variants]


def test_arabic_letters_that_differ_stay_different() -> None:
    assert fold("حسن") != fold("حسين")
    assert fold("سمير") != fold("صمير")


@pytest.mark.parametrize("name", ["ਹਰਪ੍ਰੀਤ", "ਗੁਰਪ੍ਰੀਤ ਕੌਰ", "ਮਨਜੀਤ", "हरप्रीत", "ਸਿੰਘ"])
def test_indic_vowel_signs_and_viramas_are_kept(name: str) -> None:
    folded = fold(name)
    marks = [ch for ch in unicodedata.normalize("NFD", name) if unicodedata.category(ch)[0] == "M"]
    assert marks
    assert all(mark in folded for mark in marks)
    # A vowel sign changes the name: different vowels must not fold together.
    assert fold("ਕੁਰ") != fold("ਕਰ") != fold("ਕੌਰ")


def test_gurmukhi_nukta_letters_fold_the_same_typed_either_way() -> None:
    assert fold("\u0a36\u0a3e\u0a2e") == fold("\u0a38\u0a3c\u0a3e\u0a2e")  # ਸ਼ precomposed or not


@pytest.mark.parametrize("text", ["王芳", "김민준", "ᓀᐦᐃᔭᐍᐏᐣ", "ᐃᓄᒃᑎᑐᑦ", "สมชาย", "שָׁלוֹם",
                                  "Nguyễn"])
def test_fold_is_idempotent_and_keeps_scripts(text: str) -> None:
    folded = fold(text)
    assert folded
    assert fold(folded) == folded


@pytest.mark.parametrize("text", ["\u200fعلي\u200f", "\u2067Zoë\u2069", "Zo\u200de", "Zo\u200ce",
                                  "\ufeffZoë", "Zo\u00ade"])
def test_invisible_format_characters_do_not_affect_search(text: str) -> None:
    assert fold(text) in ("zoe", "علي")


def test_hangul_syllables_survive_decomposition() -> None:
    assert fold("김민준") == "김민준"
    assert fold(unicodedata.normalize("NFD", "김민준")) == "김민준"


@pytest.mark.parametrize(("folded", "words"), [
    ("王芳", "王 芳"),
    ("欧阳娜娜", "欧 阳 娜 娜"),
    ("김민준", "김 민 준"),
    ("さくら", "さ く ら"),
    ("zoe 王芳 ivanenko", "zoe 王 芳 ivanenko"),
    ("wang王芳", "wang 王 芳"),
    ("zoe ; li-na", "zoe li na"),
    ("ਹਰਪ੍ਰੀਤ ਕੌਰ", "ਹਰਪ੍ਰੀਤ ਕੌਰ"),
    ("ᓀᐦᐃᔭᐍᐏᐣ", "ᓀᐦᐃᔭᐍᐏᐣ"),
    ("ana  ,  maria", "ana maria"),
    ("", ""),
])
def test_spaced_gives_each_han_and_hangul_character_its_own_word(folded: str, words: str
                                                                  ) -> None:
    assert spaced(folded) == words


@pytest.mark.parametrize(("ch", "expected"), [
    ("王", True), ("김", True), ("さ", True), ("カ", True), ("𠀋", True), ("豈", True),
    ("z", False), ("ж", False), ("ع", False), ("ਹ", False), ("ᓀ", False), ("ก", False),
])
def test_is_ideographic(ch: str, expected: bool) -> None:
    assert is_ideographic(ch) is expected


def test_query_terms_fold_and_split_on_spaces() -> None:
    assert query_terms("  Zoë   IVANENKO ") == ["zoe", "ivanenko"]
    assert query_terms("王芳") == ["王芳"]
    assert query_terms("أَحمد  علی") == ["احمد", "علي"]
    assert query_terms("   ") == []


def test_query_terms_drop_punctuation_around_words_only() -> None:
    assert query_terms("Ivanenko, Zoë") == ["ivanenko", "zoe"]
    assert query_terms("«Олена» (Lena)") == ["олена", "lena"]
    assert query_terms("علي، فاطمة") == ["علي", "فاطمه"]
    assert query_terms("王芳。") == ["王芳"]
    assert query_terms("O'Brien Li-Na") == ["o'brien", "li-na"]
    assert query_terms("; - , …") == []
