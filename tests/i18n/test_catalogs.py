"""Quality gates for the translation catalogs, and how ``shelter_desktop.i18n`` uses them.

These run in ``make test``: a catalog with an untranslated, fuzzy or mangled entry, a ``.pot``
that nobody regenerated after changing a string, or a string built before translation fails
the suite instead of reaching a survivor's screen in the wrong language.
"""

from __future__ import annotations

import ast
import datetime as dt
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel import Locale
from babel import dates as babel_dates
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_keywords
from babel.messages.pofile import read_po, write_po

from shelter_desktop import i18n
from shelter_desktop.tools import catalogs

PACKAGE_DIR = Path(catalogs.__file__).resolve().parents[1]
FRENCH_PO = catalogs.TRANSLATIONS_DIR / "fr" / "LC_MESSAGES" / f"{i18n.DOMAIN}.po"
SHIPPED_CATALOGS = catalogs.po_files()

needs_msgfmt = pytest.mark.skipif(
    shutil.which("msgfmt") is None,
    reason="GNU msgfmt is not installed (apt-get install gettext; `make test` and CI install it)",
)

# The functions whose string arguments are messages, and which positions hold them.
TRANSLATION_CALLS: dict[str, tuple[int, ...]] = {
    "_": (0,), "N_": (0,), "gettext": (0,), "ngettext": (0, 1), "pgettext": (0, 1),
}


def _read(path: Path) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle)


def _write(catalog: Catalog, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, catalog, width=76, include_previous=False)
    return path


def _key(context: str | None, message: str | tuple[str, ...] | list[str]) -> tuple[object, ...]:
    ids = tuple(message) if isinstance(message, tuple | list) else (message,)
    return (context, *ids)


@pytest.fixture(scope="module")
def template() -> Catalog:
    return _read(catalogs.POT)


# --- Every shipped catalog passes the gates ---------------------------------------------------


def test_french_catalog_is_shipped() -> None:
    assert FRENCH_PO in SHIPPED_CATALOGS


@pytest.mark.parametrize("po", SHIPPED_CATALOGS, ids=lambda p: p.parent.parent.name)
def test_catalog_is_complete_and_consistent(po: Path, template: Catalog) -> None:
    assert catalogs.catalog_problems(po, template) == []


@needs_msgfmt
@pytest.mark.parametrize("po", SHIPPED_CATALOGS, ids=lambda p: p.parent.parent.name)
def test_catalog_passes_msgfmt_check(po: Path) -> None:
    assert catalogs.msgfmt_problems(po) == []


def _mnemonics(text: str) -> int:
    """How many ``&`` mark a keyboard accelerator (``&&`` is a literal ampersand)."""
    return len(re.findall("&", text.replace("&&", "")))


@pytest.mark.parametrize("po", SHIPPED_CATALOGS, ids=lambda p: p.parent.parent.name)
def test_translations_keep_one_mnemonic_where_the_source_has_one(po: Path) -> None:
    wrong = []
    for message in _read(po):
        if not message.id:
            continue
        sources = message.id if isinstance(message.id, tuple | list) else (message.id,)
        strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
        expected = max(_mnemonics(source) for source in sources)
        wrong += [(sources[0], text) for text in strings if text and _mnemonics(text) != expected]
    assert wrong == []


# --- The template is current -------------------------------------------------------------------


def test_template_matches_the_marked_strings_in_the_source() -> None:
    """Changing a marked string without running ``make catalogs`` fails here."""
    keywords = {**DEFAULT_KEYWORDS, **parse_keywords(catalogs.KEYWORDS)}
    extracted = {
        _key(context, message)
        for _, _, message, _, context in extract_from_dir(PACKAGE_DIR, keywords=keywords)
        if (message[0] if isinstance(message, tuple | list) else message)
    }
    in_template = {_key(m.context, m.id) for m in _read(catalogs.POT) if m.id}
    assert extracted, "extraction found no strings; is PACKAGE_DIR right?"
    assert sorted(extracted - in_template, key=str) == [], "run `make catalogs`"
    assert sorted(in_template - extracted, key=str) == [], "run `make catalogs`"


# --- The gates can fail ------------------------------------------------------------------------


def test_an_unchanged_copy_of_the_french_catalog_passes(tmp_path: Path, template: Catalog) -> None:
    copy = _write(_read(FRENCH_PO), tmp_path / "fr" / "LC_MESSAGES" / FRENCH_PO.name)
    assert catalogs.catalog_problems(copy, template) == []


def test_catalog_problems_reports_each_defect(tmp_path: Path, template: Catalog) -> None:
    catalog = _read(FRENCH_PO)
    blank, fuzzy = catalog.get("Unlock"), catalog.get("Cancel")
    renamed = catalog.get("Name to use: {name}")
    plural = catalog.get(("The chain is intact: {count} entry checked.",
                          "The chain is intact: {count} entries checked."))
    assert blank and fuzzy and renamed and plural
    blank.string = ""
    fuzzy.flags.add("fuzzy")
    renamed.string = renamed.string.replace("{name}", "{nom}")
    assert renamed.string != "Name to use: {name}" and "{nom}" in renamed.string
    plural.string = (plural.string[0], "", plural.string[2])
    catalog.delete("Close")
    broken = _write(catalog, tmp_path / "fr" / "LC_MESSAGES" / FRENCH_PO.name)

    problems = catalogs.catalog_problems(broken, template)

    def reported(*parts: str) -> bool:
        return any(all(part in problem for part in parts) for problem in problems)

    assert reported("fr: untranslated: 'Unlock'"), problems
    assert reported("fr: fuzzy: 'Cancel'"), problems
    assert reported("'Name to use: {name}'", "placeholders", "nom"), problems
    assert reported("untranslated: 'The chain is intact"), problems
    assert reported("not in catalog", "'Close'"), problems
    assert len(problems) == 5, problems


def test_a_translation_may_not_add_a_placeholder_to_one_plural_form() -> None:
    msgid = ("{count} entry checked.", "{count} entries checked.")
    assert catalogs.placeholder_problems(msgid, ("{count} entrée", "{count} d'entrées")) == []
    assert catalogs.placeholder_problems(msgid, ("{count} entrée", "{total} entrées")) != []


MINIMAL_HEADER = """\
msgid ""
msgstr ""
"Project-Id-Version: Shelter Desktop 0.1\\n"
"PO-Revision-Date: 2024-03-05 10:00+0000\\n"
"Last-Translator: Shelter Desktop translators\\n"
"Language-Team: French\\n"
"Language: fr\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=utf-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=2; plural=(n > 1);\\n"

"""


@needs_msgfmt
def test_msgfmt_accepts_a_well_formed_catalog(tmp_path: Path) -> None:
    po = tmp_path / "good.po"
    po.write_text(MINIMAL_HEADER + '#, python-brace-format\nmsgid "Name to use: {name}"\n'
                  'msgstr "Bonjour, {name}"\n', encoding="utf-8")
    assert catalogs.msgfmt_problems(po) == []


@needs_msgfmt
def test_msgfmt_flags_a_syntax_error(tmp_path: Path) -> None:
    po = tmp_path / "syntax.po"
    po.write_text(MINIMAL_HEADER + 'msgid "Unlock"\nmsgstr "Déverrouiller\n', encoding="utf-8")
    problems = catalogs.msgfmt_problems(po)
    assert problems and "msgfmt" in problems[0]


@needs_msgfmt
def test_msgfmt_flags_a_mismatched_brace_placeholder(tmp_path: Path) -> None:
    po = tmp_path / "braces.po"
    po.write_text(MINIMAL_HEADER + '#, python-brace-format\nmsgid "Name to use: {name}"\n'
                  'msgstr "Bonjour, {nom}"\n', encoding="utf-8")
    problems = catalogs.msgfmt_problems(po)
    assert problems and "name" in problems[0]


# --- Strings are marked so that they can be translated -----------------------------------------


def _called_name(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):  # i18n.ngettext(...), translator.gettext(...)
        return call.func.attr
    return None


def _bad_message(node: ast.expr) -> str | None:
    if isinstance(node, ast.JoinedStr):
        return "an f-string (translate the template, then .format() it)"
    if isinstance(node, ast.Constant) and node.value == "":
        return "an empty string (it would translate to the catalog header)"
    if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr == "format" and isinstance(node.func.value, ast.Constant)):
        return "formatted before translation"
    if isinstance(node, ast.BinOp) and any(
            isinstance(side, ast.Constant | ast.JoinedStr) for side in (node.left, node.right)):
        return "built with an operator (extraction only sees plain literals)"
    return None


def test_translated_strings_are_plain_literals() -> None:
    found = []
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call)):
            positions = TRANSLATION_CALLS.get(_called_name(call) or "", ())
            for position in positions:
                if position < len(call.args) and (why := _bad_message(call.args[position])):
                    found.append(f"{path.relative_to(PACKAGE_DIR)}:{call.lineno}: {why}")
    assert found == []


def test_the_source_scan_catches_what_it_should() -> None:
    source = 'n = 1\n_(f"{n} records")\nN_("")\n_("{n}".format(n=n))\nngettext("a", f"{n}", n)\n'
    calls = [n for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Call)]
    flagged = [call for call in calls
               if any(p < len(call.args) and _bad_message(call.args[p])
                      for p in TRANSLATION_CALLS.get(_called_name(call) or "", ()))]
    assert len(flagged) == 4


# --- The runtime uses the catalogs -------------------------------------------------------------


def test_french_translator_translates_and_formats() -> None:
    french = i18n.Translator("fr")
    assert french.gettext("Unlock") == "Déverrouiller"
    assert french.gettext("Not a message in any catalog") == "Not a message in any catalog"
    one = french.ngettext("The chain is intact: {count} entry checked.",
                          "The chain is intact: {count} entries checked.", 1)
    many = french.ngettext("The chain is intact: {count} entry checked.",
                           "The chain is intact: {count} entries checked.", 3)
    assert one.format(count=1) == "La chaîne est intacte : 1 entrée vérifiée."
    assert many.format(count=3) == "La chaîne est intacte : 3 entrées vérifiées."
    million = french.ngettext("The chain is intact: {count} entry checked.",
                              "The chain is intact: {count} entries checked.", 1_000_000)
    assert "d'entrées" in million  # CLDR's "many" form for French
    assert "mars" in french.format_date(dt.date(2024, 3, 5), "long")
    assert not french.is_rtl


def test_region_selects_the_babel_locale() -> None:
    assert str(i18n.Translator("fr", "CA").locale) == "fr_CA"
    assert str(i18n.babel_locale("fr", "CA")) == "fr_CA"
    assert i18n.babel_locale("fr", "ZZ").language == "fr"  # an unknown region keeps the language


def test_text_direction() -> None:
    assert i18n.text_direction("ar") == "rtl"
    assert i18n.text_direction("fa") == "rtl"
    assert i18n.text_direction("fr") == "ltr"


# --- Community catalogs for languages that CLDR does not know ----------------------------------

CREE_NAME = "ᓀᐦᐃᔭᐍᐏᐣ"
CREE_UNLOCK = "ᐊᐯᐦᐊᒧᐣ"  # test data only, not a vetted translation
COMMUNITY_CATALOG = """\
msgid ""
msgstr ""
"Project-Id-Version: Shelter Desktop 0.1\\n"
"Language: {code}\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=utf-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"
{extra}
msgid "Unlock"
msgstr "{unlock}"
"""


@pytest.fixture
def community_catalogs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of ``translations/`` with community catalogs (``.po`` only, as dropped in)."""
    folder = tmp_path / "translations"
    shutil.copytree(i18n.TRANSLATIONS_DIR, folder)
    catalogs_to_add = {
        "cr": (f'"X-Language-Name: {CREE_NAME}\\n"\n"X-Language-Name-English: Cree\\n"\n',
               CREE_UNLOCK),
        "oj": ('"X-Language-Name: Anishinaabemowin\\n"\n"X-Format-Locale: fr_CA\\n"\n',
               "Baakaakonan"),
    }
    for code, (extra, unlock) in catalogs_to_add.items():
        po = folder / code / "LC_MESSAGES" / f"{i18n.DOMAIN}.po"
        po.parent.mkdir(parents=True)
        po.write_text(COMMUNITY_CATALOG.format(code=code, extra=extra, unlock=unlock),
                      encoding="utf-8")
    monkeypatch.setattr(i18n, "TRANSLATIONS_DIR", folder)
    i18n.reload_catalogs()
    yield folder
    monkeypatch.undo()
    i18n.reload_catalogs()


@pytest.mark.usefixtures("community_catalogs")
def test_a_community_catalog_is_offered_and_named_by_its_header() -> None:
    languages = i18n.available_languages()
    assert "cr" in languages and "oj" in languages
    assert languages.index("fr") < languages.index("cr")  # shipped languages first
    assert not i18n.is_cldr_language("cr")
    assert i18n.display_name("cr") == CREE_NAME
    assert i18n.english_name("cr") == "Cree"
    assert i18n.text_direction("cr") == "ltr"


def test_a_community_catalog_translates_when_compiled_in_memory(community_catalogs: Path) -> None:
    assert not (community_catalogs / "cr" / "LC_MESSAGES" / f"{i18n.DOMAIN}.mo").exists()
    cree = i18n.Translator("cr")
    assert cree.gettext("Unlock") == CREE_UNLOCK
    assert cree.gettext("Cancel") == "Cancel"  # untranslated: the English source shows


def test_a_community_catalog_keeps_its_header_once_compiled(
        community_catalogs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``make compile-catalogs`` compiles dropped-in catalogs too; Babel's .mo drops X- fields."""
    monkeypatch.setattr(catalogs, "TRANSLATIONS_DIR", community_catalogs)
    catalogs.compile_all()
    i18n.reload_catalogs()
    assert (community_catalogs / "cr" / "LC_MESSAGES" / f"{i18n.DOMAIN}.mo").exists()
    assert i18n.Translator("cr").gettext("Unlock") == CREE_UNLOCK
    assert i18n.display_name("cr") == CREE_NAME
    assert i18n.babel_locale("oj") == Locale.parse("fr_CA")


@pytest.mark.usefixtures("community_catalogs")
def test_a_community_language_formats_like_the_fallback_locale() -> None:
    cree = i18n.Translator("cr")
    day = dt.date(2024, 3, 5)
    assert cree.locale == Locale.parse(i18n.FORMAT_FALLBACK_LOCALE)
    assert cree.format_date(day, "long") == babel_dates.format_date(day, "long", locale="en_CA")
    assert cree.format_number(1234.5) == "1,234.5"
    assert i18n.Translator("oj").locale == Locale.parse("fr_CA")  # X-Format-Locale header


def test_the_community_fixture_left_nothing_behind() -> None:
    assert "cr" not in i18n.available_languages()
    assert i18n.display_name("cr") == "cr"


def test_built_in_directions_and_names_agree_with_cldr() -> None:
    """The start-up shortcut (no Babel import) must say what Babel says."""
    from babel import Locale

    for code in i18n.SHIPPED_LANGUAGES:
        assert i18n.text_direction(code) == Locale.parse(code).text_direction, code
        assert i18n.display_name(code), code
        assert i18n.english_name(code), code
