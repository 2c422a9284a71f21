"""Catalogs, the current interface language, and locale formatting.

The interface language is process-wide state (one person at the keyboard); documents take an
explicit :class:`Translator` instead, so a printed plan never depends on what the UI shows.
Pure Python: Qt's side of a language switch (its own dialogs, layout direction, re-translating
widgets) lives in ``ui/language.py``, which listens here.
"""

from __future__ import annotations

import datetime as dt
import gettext as _gettext
import io
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel import dates as babel_dates
from babel import numbers as babel_numbers

DOMAIN = "shelter_desktop"
SOURCE_LANGUAGE = "en"
TRANSLATIONS_DIR = Path(__file__).resolve().parent.parent / "translations"

# The first set of languages (domain.md §5.2), in the order the language menu shows them.
SHIPPED_LANGUAGES: tuple[str, ...] = ("en", "fr", "es", "fil", "zh_Hans", "pa", "ar", "ko", "uk", "fa")

# Languages that CLDR does not know (Cree, Ojibwe…) format dates and numbers like this locale,
# unless their catalog names another in an ``X-Format-Locale`` header.
FORMAT_FALLBACK_LOCALE = "en_CA"


def N_(message: str) -> str:  # noqa: N802 - the gettext convention
    """Mark a string for extraction without translating it yet."""
    return message


def _catalog_path(code: str, suffix: str) -> Path:
    return TRANSLATIONS_DIR / code / "LC_MESSAGES" / f"{DOMAIN}{suffix}"


def _compile_in_memory(po_path: Path) -> _gettext.GNUTranslations:
    """Compile a catalog that was dropped in without a ``.mo`` (a community catalog)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po_path.open("rb") as handle:
        catalog = read_po(handle)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return _gettext.GNUTranslations(buffer)


@lru_cache(maxsize=None)
def _load(code: str) -> _gettext.NullTranslations:
    mo_path = _catalog_path(code, ".mo")
    po_path = _catalog_path(code, ".po")
    if mo_path.exists() and (not po_path.exists() or mo_path.stat().st_mtime >= po_path.stat().st_mtime):
        with mo_path.open("rb") as handle:
            return _gettext.GNUTranslations(handle)
    if po_path.exists():
        return _compile_in_memory(po_path)
    return _gettext.NullTranslations()


def reload_catalogs() -> None:
    """Forget loaded catalogs (after ``make catalogs`` or in tests that write one)."""
    _load.cache_clear()
    _translator.cache_clear()


def _header(code: str, name: str) -> str | None:
    translations = _load(code)
    info = translations.info() if isinstance(translations, _gettext.GNUTranslations) else {}
    return info.get(name.lower())


def babel_locale(code: str, region: str | None = None) -> Locale:
    """The CLDR locale for formatting; a region such as ``CA`` gives ``fr_CA``."""
    candidates = [f"{code}_{region}"] if region else []
    candidates += [code, _header(code, "X-Format-Locale") or FORMAT_FALLBACK_LOCALE]
    for candidate in candidates:
        try:
            return Locale.parse(candidate)
        except (UnknownLocaleError, ValueError):
            continue
    return Locale.parse(FORMAT_FALLBACK_LOCALE)


def is_cldr_language(code: str) -> bool:
    try:
        Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        return False
    return True


def text_direction(code: str) -> str:
    """``"rtl"`` or ``"ltr"``; community catalogs may say so in an ``X-Text-Direction`` header."""
    if is_cldr_language(code):
        return str(Locale.parse(code).text_direction)
    return (_header(code, "X-Text-Direction") or "ltr").lower()


def display_name(code: str) -> str:
    """A language's name in that language ("français", "العربية")."""
    if is_cldr_language(code):
        name = Locale.parse(code).display_name or code
        return name[:1].upper() + name[1:]
    return _header(code, "X-Language-Name") or code


def english_name(code: str) -> str:
    if is_cldr_language(code):
        return Locale.parse(code).get_display_name("en") or code
    return _header(code, "X-Language-Name-English") or code


def available_languages() -> list[str]:
    """Shipped languages with a catalog, then any community catalog dropped into ``translations/``."""
    present = {p.parent.parent.name for p in TRANSLATIONS_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po")}
    shipped = [c for c in SHIPPED_LANGUAGES if c == SOURCE_LANGUAGE or c in present]
    extra = sorted(present - set(SHIPPED_LANGUAGES) - {"pseudo"})
    return shipped + extra


class Translator:
    """One language's catalog and formats; reports take one of these explicitly."""

    def __init__(self, code: str, region: str | None = None) -> None:
        self.code = code
        self.region = region
        self._translations = _load(code)
        self.locale = babel_locale(code, region)
        self.direction = text_direction(code)

    @property
    def is_rtl(self) -> bool:
        return self.direction == "rtl"

    def gettext(self, message: str) -> str:
        return self._translations.gettext(message)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        return self._translations.ngettext(singular, plural, count)

    def pgettext(self, context: str, message: str) -> str:
        return self._translations.pgettext(context, message)

    def format_date(self, value: dt.date, length: str = "medium") -> str:
        return str(babel_dates.format_date(value, format=length, locale=self.locale))

    def format_datetime(self, value: dt.datetime, length: str = "medium") -> str:
        return str(babel_dates.format_datetime(value, format=length, locale=self.locale))

    def format_time(self, value: dt.datetime | dt.time, length: str = "short") -> str:
        return str(babel_dates.format_time(value, format=length, locale=self.locale))

    def format_number(self, value: float) -> str:
        return str(babel_numbers.format_decimal(value, locale=self.locale))


@lru_cache(maxsize=None)
def _translator(code: str, region: str | None) -> Translator:
    return Translator(code, region)


def translator_for(code: str, region: str | None = None) -> Translator:
    return _translator(code, region)


_current: Translator | None = None
_listeners: list[Callable[[Translator], None]] = []


def current() -> Translator:
    global _current
    if _current is None:
        _current = translator_for(SOURCE_LANGUAGE)
    return _current


def set_language(code: str, region: str | None = None) -> Translator:
    """Make ``code`` the interface language and tell every listener (the UI re-translates)."""
    global _current
    if code != SOURCE_LANGUAGE and code not in available_languages():
        code = SOURCE_LANGUAGE
    _current = translator_for(code, region)
    for listener in list(_listeners):
        listener(_current)
    return _current


def add_language_listener(listener: Callable[[Translator], None]) -> None:
    _listeners.append(listener)


def remove_language_listener(listener: Callable[[Translator], None]) -> None:
    if listener in _listeners:
        _listeners.remove(listener)


def gettext(message: str) -> str:
    return current().gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    return current().ngettext(singular, plural, count)


def pgettext(context: str, message: str) -> str:
    return current().pgettext(context, message)


_ = gettext
