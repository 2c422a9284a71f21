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
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from babel import Locale

# Names of the shipped languages, in their own script and in English, as the language menu shows
# them (CLDR's, capitalised; kept here so the unlock window needs no Babel to draw its menu).
NATIVE_NAMES = {
    "en": "English", "fr": "Français", "es": "Español", "fil": "Filipino",
    "zh_Hans": "简体中文", "pa": "ਪੰਜਾਬੀ", "ar": "العربية", "ko": "한국어",
    "uk": "Українська", "fa": "فارسی",
}
ENGLISH_NAMES = {
    "en": "English", "fr": "French", "es": "Spanish", "fil": "Filipino",
    "zh_Hans": "Chinese (Simplified)", "pa": "Punjabi", "ar": "Arabic", "ko": "Korean",
    "uk": "Ukrainian", "fa": "Persian",
}

# Babel is imported when a date, number or language name is first formatted, not at start-up.
_KNOWN_DIRECTIONS = {"ar": "rtl", "fa": "rtl", "ur": "rtl", "he": "rtl", "ps": "rtl", "ckb": "rtl"}

DOMAIN = "shelter_desktop"
SOURCE_LANGUAGE = "en"
TRANSLATIONS_DIR = Path(__file__).resolve().parent.parent / "translations"

# The first set of languages (domain.md §5.2), in the order the language menu shows them.
SHIPPED_LANGUAGES: tuple[str, ...] = (
    "en", "fr", "es", "fil", "zh_Hans", "pa", "ar", "ko", "uk", "fa",
)

# The pseudo-locale (``python -m shelter_desktop.tools.pseudo``): accented, 40% longer English for
# checking layouts. Never offered in the language menu; ``--lang pseudo`` starts the app in it.
PSEUDO_LANGUAGE = "pseudo"

# The region for dates and numbers until the device's preference says otherwise: fr → fr_CA.
DEFAULT_REGION = "CA"

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


@cache
def _load(code: str) -> _gettext.NullTranslations:
    mo_path = _catalog_path(code, ".mo")
    po_path = _catalog_path(code, ".po")
    mo_is_current = mo_path.exists() and (
        not po_path.exists() or mo_path.stat().st_mtime >= po_path.stat().st_mtime)
    if mo_is_current:
        with mo_path.open("rb") as handle:
            return _gettext.GNUTranslations(handle)
    if po_path.exists():
        return _compile_in_memory(po_path)
    return _gettext.NullTranslations()


def reload_catalogs() -> None:
    """Forget loaded catalogs (after ``make catalogs`` or in tests that write one)."""
    _load.cache_clear()
    _po_header.cache_clear()
    _translator.cache_clear()


@cache
def _po_header(code: str) -> dict[str, str]:
    """The fields of a ``.po`` header, lower-cased, read from the file itself.

    Babel's catalog model keeps only the standard fields, so a ``.mo`` that Babel compiled (and
    the in-memory compile above) has lost ``X-Language-Name`` and the other ``X-…`` fields.
    """
    from babel.messages.pofile import unescape

    po_path = _catalog_path(code, ".po")
    if not po_path.exists():
        return {}
    quoted: list[str] = []
    with po_path.open(encoding="utf-8", errors="replace") as handle:
        for raw in handle:
            line = raw.strip()
            if quoted:
                if not line.startswith('"'):
                    break
                quoted.append(line)
            elif line.startswith('msgstr "'):
                quoted.append(line.removeprefix("msgstr "))
            elif line and not line.startswith("#") and line != 'msgid ""':
                return {}  # the first entry is not a header
    fields: dict[str, str] = {}
    for entry in "".join(unescape(text) for text in quoted).split("\n"):
        key, colon, value = entry.partition(":")
        if colon:
            fields[key.strip().lower()] = value.strip()
    return fields


def _header(code: str, name: str) -> str | None:
    translations = _load(code)
    info = translations.info() if isinstance(translations, _gettext.GNUTranslations) else {}
    return info.get(name.lower()) or _po_header(code).get(name.lower())


def babel_locale(code: str, region: str | None = None) -> Locale:
    """The CLDR locale for formatting; a region such as ``CA`` gives ``fr_CA``."""
    from babel import Locale, UnknownLocaleError

    candidates = [f"{code}_{region}"] if region else []
    candidates += [code, _header(code, "X-Format-Locale") or FORMAT_FALLBACK_LOCALE]
    for candidate in candidates:
        try:
            return Locale.parse(candidate)
        except (UnknownLocaleError, ValueError):
            continue
    return Locale.parse(FORMAT_FALLBACK_LOCALE)


def is_cldr_language(code: str) -> bool:
    from babel import Locale, UnknownLocaleError

    try:
        Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        return False
    return True


def text_direction(code: str) -> str:
    """``"rtl"`` or ``"ltr"``; community catalogs may say so in an ``X-Text-Direction`` header."""
    if code in SHIPPED_LANGUAGES:
        return _KNOWN_DIRECTIONS.get(code, "ltr")
    if is_cldr_language(code):
        from babel import Locale

        return str(Locale.parse(code).text_direction)
    return (_header(code, "X-Text-Direction") or "ltr").lower()


def display_name(code: str) -> str:
    """A language's name in that language ("Français", "العربية")."""
    if code in NATIVE_NAMES:
        return NATIVE_NAMES[code]
    if is_cldr_language(code):
        from babel import Locale

        name = Locale.parse(code).display_name or code
        return name[:1].upper() + name[1:]
    return _header(code, "X-Language-Name") or code


def english_name(code: str) -> str:
    if code in ENGLISH_NAMES:
        return ENGLISH_NAMES[code]
    if is_cldr_language(code):
        from babel import Locale

        return Locale.parse(code).get_display_name("en") or code
    return _header(code, "X-Language-Name-English") or code


def has_pseudo_catalog() -> bool:
    return _catalog_path(PSEUDO_LANGUAGE, ".po").exists()


def available_languages() -> list[str]:
    """Shipped languages with a catalog, then community catalogs dropped into ``translations/``."""
    present = {p.parent.parent.name for p in TRANSLATIONS_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po")}
    shipped = [c for c in SHIPPED_LANGUAGES if c == SOURCE_LANGUAGE or c in present]
    extra = sorted(present - set(SHIPPED_LANGUAGES) - {PSEUDO_LANGUAGE})
    return shipped + extra


class Translator:
    """One language's catalog and formats; reports take one of these explicitly."""

    def __init__(self, code: str, region: str | None = None) -> None:
        self.code = code
        self.region = region
        self._translations = _load(code)
        self._locale: Locale | None = None
        self.direction = text_direction(code)

    @property
    def locale(self) -> Locale:
        if self._locale is None:
            self._locale = babel_locale(self.code, self.region)
        return self._locale

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
        from babel import dates

        return str(dates.format_date(value, format=length, locale=self.locale))

    def format_datetime(self, value: dt.datetime, length: str = "medium") -> str:
        from babel import dates

        return str(dates.format_datetime(value, format=length, locale=self.locale))

    def format_time(self, value: dt.datetime | dt.time, length: str = "short") -> str:
        from babel import dates

        return str(dates.format_time(value, format=length, locale=self.locale))

    def format_list(self, items: list[str]) -> str:
        """"a, b and c" the way the language writes it (Persian «،», Chinese "、")."""
        from babel import lists

        try:
            return str(lists.format_list(items, style="standard", locale=self.locale))
        except (KeyError, ValueError):  # a locale without list patterns
            return ", ".join(items)

    def format_number(self, value: float) -> str:
        from babel import numbers

        return str(numbers.format_decimal(value, locale=self.locale))

    def region_names(self) -> list[tuple[str, str]]:
        """Countries and territories (``CA``, "Canada") named in this language, sorted by name."""
        return sorted(((code, str(name)) for code, name in self.locale.territories.items()
                       if is_region(code)), key=lambda item: item[1].casefold())


# CLDR territories that are not places one formats dates for (the EU, the UN, pseudo-regions).
_NOT_REGIONS = frozenset({"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"})


def is_region_code(code: str) -> bool:
    """Shaped like a region (``CA``): two capital letters. Needs no Babel (start-up reads it)."""
    return (len(code) == 2 and code.isascii() and code.isalpha() and code.isupper()
            and code not in _NOT_REGIONS)


def is_region(code: str) -> bool:
    """A two-letter CLDR territory (``CA``) that the region setting may take."""
    if not is_region_code(code):
        return False
    from babel import Locale

    return code in Locale.parse(SOURCE_LANGUAGE).territories


@cache
def _translator(code: str, region: str | None) -> Translator:
    return Translator(code, region)


def translator_for(code: str, region: str | None = None) -> Translator:
    return _translator(code, region)


_current: Translator | None = None
_region: str | None = DEFAULT_REGION
_listeners: list[Callable[[Translator], None]] = []


def current() -> Translator:
    global _current
    if _current is None:
        _current = translator_for(SOURCE_LANGUAGE, _region)
    return _current


def current_region() -> str | None:
    """The region dates and numbers are formatted for (``CA``), whatever the language."""
    return _region


def set_language(code: str, region: str | None = None) -> Translator:
    """Make ``code`` the interface language and tell every listener (the UI re-translates).

    ``region`` (``CA``) picks the locale for dates and numbers (``fr`` → ``fr_CA``, or ``fr``
    where CLDR has no such locale); ``None`` keeps the current region, so a language switch
    never loses it, and ``""`` formats for the language alone. The pseudo-locale is accepted
    when its catalog has been generated.
    """
    global _current, _region
    if region is not None:
        _region = region.upper() or None
    allowed = code == SOURCE_LANGUAGE or code in available_languages() or (
        code == PSEUDO_LANGUAGE and has_pseudo_catalog())
    if not allowed:
        code = SOURCE_LANGUAGE
    _current = translator_for(code, _region)
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
