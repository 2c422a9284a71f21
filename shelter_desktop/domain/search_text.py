"""Folding names for search: case-, accent- and variant-insensitive, in every script.

"zoe" finds "Zoë", "ivanenko" finds "Іваненко" only when typed in Cyrillic, and Arabic or
Persian letters typed with or without vowel marks, or with the other language's forms of yeh and
kaf, find each other. Marks that change a letter in Indic scripts are kept.
"""

from __future__ import annotations

import unicodedata

# Combining accents on Latin, Greek and Cyrillic letters; Arabic vowel marks and tatweel.
_DROPPED_MARKS = set(range(0x0300, 0x0370)) | set(range(0x064B, 0x0660)) | {0x0670, 0x0640}
_ARABIC_VARIANTS = str.maketrans({
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ی": "ي", "ک": "ك", "ة": "ه", "ۀ": "ه",
    "ؤ": "و", "ئ": "ي",
})


def fold(text: str) -> str:
    """The search form of ``text``: what is stored in the index and what queries are cut to."""
    # Translated before decomposing too: NFKD splits "ۀ" into U+06D5 (not heh) and a hamza.
    decomposed = unicodedata.normalize("NFKD", text.translate(_ARABIC_VARIANTS))
    kept = [ch for ch in decomposed
            if ord(ch) not in _DROPPED_MARKS and unicodedata.category(ch) != "Cf"]
    folded = unicodedata.normalize("NFC", "".join(kept)).casefold()
    return folded.translate(_ARABIC_VARIANTS)


def is_ideographic(ch: str) -> bool:
    """Scripts written without spaces between a name's parts: Han, Hangul, kana."""
    code = ord(ch)
    return (0x3040 <= code <= 0x30FF or 0x3400 <= code <= 0x4DBF or 0x4E00 <= code <= 0x9FFF
            or 0xAC00 <= code <= 0xD7AF or 0x1100 <= code <= 0x11FF or 0xF900 <= code <= 0xFAFF
            or 0x20000 <= code <= 0x2FA1F)


def spaced(folded: str) -> str:
    """Separate each ideograph/syllable so every character is a word of its own in the index."""
    out: list[str] = []
    for ch in folded:
        if is_ideographic(ch):
            out.extend((" ", ch, " "))
        elif ch.isalnum():
            out.append(ch)
        elif unicodedata.category(ch).startswith("M"):
            out.append(ch)  # Indic vowel signs and viramas belong to the word
        else:
            out.append(" ")
    return " ".join("".join(out).split())


_QUERY_CONTROLS = {"Cc": " ", "Cs": ""}


def query_terms(query: str) -> list[str]:
    """The folded words of a query; ideographic runs stay together (matched as a phrase)."""
    # Control characters and lone surrogates (broken pasted text, a command-line argument that
    # was not UTF-8) are in no stored name; a NUL would end the full-text query early and SQLite
    # cannot be given a surrogate. Controls separate words, surrogates are left out.
    query = "".join(_QUERY_CONTROLS.get(unicodedata.category(ch), ch) for ch in query)
    # Punctuation around a word is not part of it: "Ivanenko, Zoe" finds "Zoë Ivanenko".
    terms = (_strip_punctuation(term) for term in fold(query).split())
    return [term for term in terms if term]


def _strip_punctuation(term: str) -> str:
    start, end = 0, len(term)
    while start < end and unicodedata.category(term[start]).startswith("P"):
        start += 1
    while end > start and unicodedata.category(term[end - 1]).startswith("P"):
        end -= 1
    return term[start:end]
