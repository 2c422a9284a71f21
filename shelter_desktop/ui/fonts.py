"""Register the bundled fonts with Qt, so every script renders whatever the laptop has installed.

Without them a laptop with only DejaVu shows Chinese as boxes and Gurmukhi unshaped
(stack-notes.md). Registration reads about 11 MB of font files, so the app does it right after the
first window is painted rather than before it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QFontDatabase

FONTS_DIR = Path(__file__).resolve().parent.parent.parent / "resources" / "fonts"
_registered: list[str] = []


def register_bundled_fonts() -> list[str]:
    """Add every bundled font once; returns the family names Qt now knows from them."""
    if _registered:
        return list(_registered)
    for path in sorted(FONTS_DIR.glob("*.ttf")):
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id >= 0:
            _registered.extend(QFontDatabase.applicationFontFamilies(font_id))
    return list(_registered)


# Tried in this order for characters the interface font lacks.
FALLBACK_FAMILIES = ["Noto Sans", "Noto Sans Arabic", "Noto Sans Gurmukhi", "Noto Sans Devanagari",
                     "Noto Sans Thai", "Noto Sans Canadian Aboriginal", "Droid Sans Fallback",
                     "NanumGothic"]


def install_fallbacks(family: str) -> None:
    """Make ``family`` (the interface font) fall back to the bundled fonts, script by script."""
    from PySide6.QtGui import QFont

    register_bundled_fonts()
    known = [name for name in FALLBACK_FAMILIES if name in _registered and name != family]
    QFont.insertSubstitutions(family, known)
