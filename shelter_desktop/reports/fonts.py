"""Script → bundled font, and whether a paragraph needs shaping (stack-notes "reportlab 5.1").

Printed plans must render every language on any laptop, so fonts come from ``resources/fonts/``
only (never the system) and are embedded. Each paragraph gets its font from the scripts in its
own text, not from the document language: an English plan may hold a goal in Punjabi, an
Arabic one a Latin name.

Two rules from the stack notes shape this module:

- Right-to-left text needs ONE font covering every character of the paragraph; switching fonts
  inline (``<font name=...>``) breaks reportlab's word order. Noto Sans Arabic has no Latin
  letters (nor ``/ ( ) +``), so an Arabic or Persian paragraph holding any of those is set in
  DejaVu Sans, which covers Arabic, Persian and Latin in one font.
- Shaping (HarfBuzz) costs about 2.8x, so it is turned on only for paragraphs whose text is in a
  script that is wrong without it (Arabic, Gurmukhi, Devanagari, Thai).

Left-to-right paragraphs may mix fonts inline, so characters the main font lacks (a Chinese
name in a French plan) are wrapped in a ``<font>`` run of a font that has them.
"""

from __future__ import annotations

import threading
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONTS_DIR = Path(__file__).resolve().parent.parent.parent / "resources" / "fonts"

# Registered name → (file, bold file or None). Names are prefixed so they never collide with a
# font someone else registers in the same process.
_FILES: dict[str, tuple[str, str | None]] = {
    "SD-Latin": ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf"),
    "SD-Arabic": ("NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf"),
    "SD-ArabicLatin": ("DejaVuSans.ttf", None),
    "SD-Gurmukhi": ("NotoSansGurmukhi-Regular.ttf", "NotoSansGurmukhi-Bold.ttf"),
    "SD-Devanagari": ("NotoSansDevanagari-Regular.ttf", None),
    "SD-Thai": ("NotoSansThai-Regular.ttf", None),
    "SD-Han": ("DroidSansFallbackFull.ttf", None),
    "SD-Hangul": ("NanumGothic.ttf", None),
    "SD-Syllabics": ("NotoSansCanadianAboriginal-Regular.ttf", None),
}

# Script → font, most specific first (the order decides the main font of a mixed paragraph).
SCRIPT_FONTS: dict[str, str] = {
    "arabic": "SD-Arabic",
    "gurmukhi": "SD-Gurmukhi",
    "devanagari": "SD-Devanagari",
    "thai": "SD-Thai",
    "hangul": "SD-Hangul",
    "han": "SD-Han",
    "syllabics": "SD-Syllabics",
    "latin": "SD-Latin",
}
SHAPED_SCRIPTS = frozenset({"arabic", "gurmukhi", "devanagari", "thai"})
RTL_SCRIPTS = frozenset({"arabic"})

# Inclusive code point ranges of each script the bundled fonts serve.
_RANGES: tuple[tuple[int, int, str], ...] = (
    (0x0600, 0x06FF, "arabic"), (0x0750, 0x077F, "arabic"), (0x08A0, 0x08FF, "arabic"),
    (0xFB50, 0xFDFF, "arabic"), (0xFE70, 0xFEFF, "arabic"),
    (0x0900, 0x097F, "devanagari"), (0xA8E0, 0xA8FF, "devanagari"),
    (0x0A00, 0x0A7F, "gurmukhi"),
    (0x0E00, 0x0E7F, "thai"),
    (0x1100, 0x11FF, "hangul"), (0x3130, 0x318F, "hangul"), (0xAC00, 0xD7AF, "hangul"),
    (0x1400, 0x167F, "syllabics"), (0x18B0, 0x18FF, "syllabics"),
    (0x2E80, 0x2FDF, "han"), (0x3000, 0x30FF, "han"), (0x3400, 0x4DBF, "han"),
    (0x4E00, 0x9FFF, "han"), (0xF900, 0xFAFF, "han"), (0xFF00, 0xFFEF, "han"),
)

_lock = threading.Lock()
_registered: dict[tuple[str, bool], str] = {}


@dataclass(frozen=True)
class FontChoice:
    """How to set one paragraph: its main font, and the reportlab style flags it needs."""

    font: str  # registered reportlab name
    shaping: bool
    rtl: bool
    markup: str  # the text, XML-escaped, with inline <font> runs where the main font lacks glyphs
    cjk: bool = False  # Chinese has no spaces: wrap between any two characters


def script_of(char: str) -> str | None:
    """The script of a letter, or ``None`` for Latin/Greek/Cyrillic and neutral characters."""
    code = ord(char)
    if code < 0x0600:
        return None
    for low, high, script in _RANGES:
        if low <= code <= high:
            return script
    return None


def scripts_in(text: str) -> set[str]:
    """The non-Latin scripts in ``text`` (plus ``"latin"`` when it holds Latin letters)."""
    if text.isascii():
        return {"latin"} if any(char.isalpha() for char in text) else set()
    found: set[str] = set()
    for char in text:
        script = script_of(char)
        if script:
            found.add(script)
        elif char.isalpha():
            found.add("latin")
    return found


@cache
def _coverage(name: str) -> frozenset[int]:
    font = pdfmetrics.getFont(name)
    return frozenset(font.face.charToGlyph)


def register(name: str, bold: bool = False) -> str:
    """Register a bundled font with reportlab (once per process); its registered name.

    A bold is registered as ``<name>-Bold`` when the family ships one; otherwise the regular.
    """
    known = _registered.get((name, bold))
    if known:
        return known
    regular, bold_file = _FILES[name]
    filename = bold_file if bold and bold_file else regular
    registered = f"{name}-Bold" if bold and bold_file else name
    with _lock:
        if registered not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(registered, str(FONTS_DIR / filename)))
        _registered[(name, bold)] = registered
    return registered


def _neutral(char: str) -> bool:
    """Spaces and invisible controls (RLM, ZWNJ) that any font of the paragraph may carry."""
    return char.isspace() or unicodedata.category(char) == "Cf"


def covers(name: str, text: str) -> bool:
    """Whether the font has a glyph for every visible character of ``text``."""
    have = _coverage(register(name))
    return all(ord(char) in have for char in text if not _neutral(char))


@lru_cache(maxsize=4096)  # a plan repeats its labels and headings on every render
def choose(text: str, *, bold: bool = False, rtl_document: bool = False) -> FontChoice:
    """The font and flags for one paragraph of ``text``.

    ``rtl_document``: the paragraph belongs to a right-to-left document, so even a Latin-only
    line (a name) is aligned and wrapped right to left.
    """
    scripts = scripts_in(text)
    main_script = next((s for s in SCRIPT_FONTS if s in scripts), "latin")
    shaping = bool(scripts & SHAPED_SCRIPTS)
    if not shaping:  # without HarfBuzz an invisible control would be drawn as a box
        text = "".join(char for char in text if unicodedata.category(char) != "Cf")
    rtl = rtl_document or main_script in RTL_SCRIPTS
    if main_script in RTL_SCRIPTS:
        font = "SD-Arabic" if covers("SD-Arabic", text) else "SD-ArabicLatin"
        name = register(font, bold)
        return FontChoice(name, shaping, rtl, escape(text))
    font = SCRIPT_FONTS[main_script]
    name = register(font, bold)
    return FontChoice(name, shaping, rtl, _runs(text, font, bold), cjk=main_script == "han")


def _fallback_for(char: str) -> str:
    script = script_of(char)
    if script in RTL_SCRIPTS:
        return "SD-ArabicLatin"
    return SCRIPT_FONTS.get(script or "latin", "SD-Latin")


def _runs(text: str, main: str, bold: bool) -> str:
    """XML markup of ``text`` with ``<font>`` runs for characters ``main`` has no glyph for."""
    have = _coverage(register(main))
    if all(ord(char) in have or _neutral(char) for char in text):
        return escape(text)
    pieces: list[str] = []
    current = main
    run: list[str] = []

    def flush() -> None:
        if not run:
            return
        chunk = escape("".join(run))
        if current == main:
            pieces.append(chunk)
        else:
            pieces.append(f'<font name="{register(current, bold)}">{chunk}</font>')
        run.clear()

    for char in text:
        # Stay in the current run while its font has the character, so punctuation after a
        # Latin word ("When:") is not set in another font: HarfBuzz shapes a word as one piece,
        # and a word split across fonts comes out with the wrong glyphs.
        if _neutral(char) or ord(char) in _coverage(register(current)):
            wanted = current
        elif ord(char) in have:
            wanted = main
        else:
            wanted = _fallback_for(char)
        if wanted != current:
            flush()
            current = wanted
        run.append(char)
    flush()
    return "".join(pieces)
