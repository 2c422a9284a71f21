"""The pseudo-locale (layout checks) and the region for dates and numbers.

The pseudo catalog is generated here into a copy of ``translations/`` so these tests do not
depend on ``make compile-catalogs`` having run, and never write into the repository.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel import Locale
from babel import dates as babel_dates
from babel.messages.pofile import read_po

from shelter_desktop import i18n
from shelter_desktop.errors import ValidationError
from shelter_desktop.services.preferences import DevicePreferences
from shelter_desktop.services.session import Session
from shelter_desktop.services.settings_service import SettingsService
from shelter_desktop.tools import catalogs, pseudo

DAY = dt.date(2024, 3, 5)


def _mnemonics(text: str) -> int:
    return len(re.findall("&", text.replace("&&", "")))


def _placeholders(text: str) -> list[str]:
    return re.findall(r"\{[^{}]*\}", text)


# --- The pseudo-translation of one message ----------------------------------------------------


@pytest.mark.parametrize(("message", "expected"), [
    ("Unlock", "[Ûñļöçķ···]"),
    ("&Lock", "[&Löçķ··]"),
    ("Plan for {name}", "[Þļáñ ƒöŕ {name}····]"),
    ("Save &&close", "[Šáṽé &&çļöšé·····]"),
])
def test_a_message_is_accented_bracketed_and_longer(message: str, expected: str) -> None:
    assert pseudo.pseudo_translate(message) == expected


def test_placeholders_mnemonics_lines_and_outer_spaces_are_kept() -> None:
    message = "  Choose between {minimum} and\n{maximum} &minutes. "
    result = pseudo.pseudo_translate(message)
    assert result.startswith("  [") and result.endswith("] ")
    assert _placeholders(result) == ["{minimum}", "{maximum}"]
    assert _mnemonics(result) == 1 and "&m" in result  # the marked letter stays typeable
    assert result.count("\n") == 1
    assert pseudo.pseudo_translate("") == "" and pseudo.pseudo_translate("  ") == "  "


@pytest.mark.parametrize("message", [
    "Lock now (Ctrl+L)", "Name to use: {name}", "You have {count} unfinished intakes.",
    "Next stage: Ctrl+Page Down. Previous: Ctrl+Page Up.", "OK",
])
def test_the_text_grows_by_at_least_forty_percent_without_plain_letters(message: str) -> None:
    result = pseudo.pseudo_translate(message)
    visible = len(re.sub(r"\{[^{}]*\}", "", message))
    assert len(re.sub(r"\{[^{}]*\}", "", result)) - 2 >= visible * 1.4  # brackets not counted
    letters = re.sub(r"\{[^{}]*\}|&.", "", result)
    assert not re.search("[A-Za-z]", letters), result


# --- The generated catalog --------------------------------------------------------------------


@pytest.fixture
def translations(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of ``translations/`` with the pseudo catalog generated, made the i18n folder."""
    folder = tmp_path / "translations"
    shutil.copytree(i18n.TRANSLATIONS_DIR, folder,
                    ignore=shutil.ignore_patterns(i18n.PSEUDO_LANGUAGE))
    pseudo.write_pseudo_catalog(folder / catalogs.POT.name, pseudo.catalog_path(folder))
    monkeypatch.setattr(i18n, "TRANSLATIONS_DIR", folder)
    i18n.reload_catalogs()
    yield folder
    i18n.set_language(i18n.SOURCE_LANGUAGE, i18n.DEFAULT_REGION)
    monkeypatch.undo()
    i18n.reload_catalogs()


def test_every_template_message_has_a_pseudo_translation(translations: Path) -> None:
    po = pseudo.catalog_path(translations)
    with po.open("rb") as handle:
        catalog = read_po(handle)
    with catalogs.POT.open("rb") as handle:
        template = read_po(handle)
    assert {m.id for m in catalog if m.id} == {m.id for m in template if m.id}
    # It passes the shipped catalogs' gates (placeholders, Babel's checks), though none holds it.
    assert catalogs.catalog_problems(po, template) == []
    for message in catalog:
        if message.id:
            sources = message.id if isinstance(message.id, tuple) else (message.id,)
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            assert all(_mnemonics(s) == _mnemonics(sources[0]) for s in strings), message.id
    if shutil.which("msgfmt"):
        assert catalogs.msgfmt_problems(po) == []


def test_generating_again_changes_nothing(translations: Path) -> None:
    po = pseudo.catalog_path(translations)
    before = (po.read_bytes(), po.stat().st_mtime_ns)
    pseudo.write_pseudo_catalog(translations / catalogs.POT.name, po)
    assert (po.read_bytes(), po.stat().st_mtime_ns) == before


def test_the_pseudo_locale_is_not_a_language_on_offer_but_can_be_chosen(
        translations: Path) -> None:
    assert i18n.PSEUDO_LANGUAGE not in i18n.available_languages()
    assert all(po.parent.parent.name != i18n.PSEUDO_LANGUAGE for po in catalogs.po_files())
    current = i18n.set_language(i18n.PSEUDO_LANGUAGE)
    assert current.code == i18n.PSEUDO_LANGUAGE
    assert i18n.gettext("Unlock") == "[Ûñļöçķ···]"
    assert not current.is_rtl
    assert i18n.display_name(i18n.PSEUDO_LANGUAGE) == "[Ƥšéûðö]"
    assert current.format_date(DAY, "short") == "2024-03-05"  # en_CA, from its header


def test_without_its_catalog_the_pseudo_locale_falls_back_to_english(
        translations: Path) -> None:
    shutil.rmtree(translations / i18n.PSEUDO_LANGUAGE)
    i18n.reload_catalogs()
    assert i18n.set_language(i18n.PSEUDO_LANGUAGE).code == i18n.SOURCE_LANGUAGE


def test_compiling_writes_the_pseudo_catalog(translations: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.rmtree(translations / i18n.PSEUDO_LANGUAGE)
    monkeypatch.setattr(catalogs, "TRANSLATIONS_DIR", translations)
    monkeypatch.setattr(catalogs, "POT", translations / catalogs.POT.name)
    catalogs.compile_all()
    folder = translations / i18n.PSEUDO_LANGUAGE / "LC_MESSAGES"
    assert (folder / f"{i18n.DOMAIN}.po").exists() and (folder / f"{i18n.DOMAIN}.mo").exists()
    i18n.reload_catalogs()
    assert i18n.Translator(i18n.PSEUDO_LANGUAGE).gettext("&Lock") == "[&Löçķ··]"


def test_the_pseudo_catalog_is_ignored_by_git() -> None:
    ignored = (catalogs.ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert f"/translations/{i18n.PSEUDO_LANGUAGE}/" in ignored


# --- The region for dates and numbers ---------------------------------------------------------


@pytest.fixture
def restore_region() -> Iterator[None]:
    yield
    i18n.set_language(i18n.SOURCE_LANGUAGE, i18n.DEFAULT_REGION)


@pytest.mark.usefixtures("restore_region")
def test_french_with_the_region_canada_formats_like_babels_fr_ca() -> None:
    french = i18n.set_language("fr", "CA")
    assert str(french.locale) == "fr_CA"
    assert french.format_date(DAY, "long") == "5 mars 2024"
    assert french.format_date(DAY, "long") == babel_dates.format_date(DAY, "long", locale="fr_CA")
    assert french.format_date(DAY, "short") == "2024-03-05"  # fr (France) writes 05/03/2024
    assert french.format_number(1234.5) == "1\u00a0234,5"


@pytest.mark.usefixtures("restore_region")
def test_a_language_switch_keeps_the_region() -> None:
    i18n.set_language("fr", "CA")
    assert str(i18n.set_language("en").locale) == "en_CA"
    assert i18n.current().format_date(DAY, "short") == "2024-03-05"
    assert str(i18n.set_language("fr").locale) == "fr_CA"
    assert i18n.current().format_date(DAY, "long") == "5 mars 2024"
    # CLDR has no es_CA: Spanish dates as Spanish writes them, the region kept for later.
    assert i18n.set_language("es").locale == Locale.parse("es")
    assert i18n.current_region() == "CA"
    assert str(i18n.set_language("fr", "FR").locale) == "fr_FR"
    assert i18n.current().format_date(DAY, "short") == "05/03/2024"
    assert i18n.set_language("fr", "").locale == Locale.parse("fr")  # "": no region


def test_the_interface_starts_in_the_default_region() -> None:
    assert i18n.DEFAULT_REGION == "CA"
    assert i18n.current_region() == "CA"
    assert str(i18n.current().locale) == "en_CA"


def test_region_names_follow_the_language() -> None:
    french = dict(i18n.Translator("fr", "CA").region_names())
    assert french["CA"] == "Canada" and french["DE"] == "Allemagne"
    assert "EU" not in french and "419" not in french
    assert dict(i18n.Translator("zh_Hans").region_names())["CA"] == "加拿大"


def test_device_preferences_remember_the_region(tmp_path: Path) -> None:
    preferences = DevicePreferences(tmp_path)
    assert preferences.region == "CA"  # nothing chosen yet
    preferences.set_language("fr")
    preferences.set_region("FR")
    again = DevicePreferences(tmp_path)
    assert (again.language, again.region) == ("fr", "FR")
    with pytest.raises(ValueError):
        preferences.set_region("fr_FR")
    (tmp_path / "device.json").write_text('{"region": "EU"}', encoding="utf-8")
    assert DevicePreferences(tmp_path).region == "CA"  # not a region: the default


def test_the_settings_service_checks_and_keeps_the_region(admin_session: Session) -> None:
    service = SettingsService(admin_session)
    assert service.region() == "CA"
    service.set_region("MX")
    assert service.region() == "MX"
    assert DevicePreferences(admin_session.vault.folder).region == "MX"
    with pytest.raises(ValidationError):
        service.set_region("XX")
