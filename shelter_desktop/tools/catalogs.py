"""Catalog maintenance: ``update`` (extract + merge), ``compile``, ``check`` (the quality gates).

``python -m shelter_desktop.tools.catalogs update`` re-extracts every marked string into
``translations/shelter_desktop.pot`` and merges it into each language's ``.po``. It is
deterministic: on a tree whose catalogs are current it changes nothing. Both ``update`` and
``compile`` also rewrite the pseudo-locale (``tools/pseudo.py``), which is build output ignored by
git and not one of the catalogs ``po_files`` lists or ``check`` holds to the gates.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.checkers import checkers as babel_checkers
from babel.messages.frontend import CommandLineInterface
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from shelter_desktop.i18n import DOMAIN, PSEUDO_LANGUAGE, TRANSLATIONS_DIR
from shelter_desktop.tools import pseudo

ROOT = TRANSLATIONS_DIR.parent
POT = TRANSLATIONS_DIR / f"{DOMAIN}.pot"
KEYWORDS = ["N_", "ngettext:1,2", "pgettext:1c,2"]


def _babel(*args: str) -> None:
    """Run pybabel in-process from the project root, so locations are relative paths."""
    previous = Path.cwd()
    os.chdir(ROOT)
    try:
        CommandLineInterface().run(["pybabel", "-q", *args])  # type: ignore[no-untyped-call]
    finally:
        os.chdir(previous)


def po_files() -> list[Path]:
    """Every language's catalog (shipped and community ones), not the generated pseudo-locale."""
    return sorted(po for po in TRANSLATIONS_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po")
                  if po.parent.parent.name != PSEUDO_LANGUAGE)


def write_pseudo() -> Path | None:
    """Regenerate the pseudo-locale from the template (a no-op when its text is unchanged)."""
    if not POT.exists():
        return None
    return pseudo.write_pseudo_catalog(POT, pseudo.catalog_path(TRANSLATIONS_DIR))


def _strip_creation_date(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if "POT-Creation-Date" not in line)


def extract() -> None:
    old = POT.read_text(encoding="utf-8") if POT.exists() else ""
    keywords: list[str] = []
    for keyword in KEYWORDS:
        keywords += ["-k", keyword]
    _babel("extract", *keywords, "--add-location=file", "--sort-by-file", "--project",
           "Shelter Desktop", "--copyright-holder", "Shelter Desktop contributors",
           "--msgid-bugs-address", "translators@invalid", "-o", str(POT),
           "shelter_desktop")
    new = POT.read_text(encoding="utf-8")
    if old and _strip_creation_date(old) == _strip_creation_date(new):
        POT.write_text(old, encoding="utf-8")  # nothing changed but the date: leave no diff


def _custom_headers(po: Path) -> list[str]:
    """Our ``X-…`` header lines (language name, direction, format locale), which Babel drops."""
    lines = po.read_text(encoding="utf-8").split("\n\n", 1)[0].splitlines()
    return [line for line in lines if line.startswith('"X-')]


def _restore_custom_headers(po: Path, headers: list[str]) -> None:
    if not headers:
        return
    text = po.read_text(encoding="utf-8")
    head, sep, rest = text.partition("\n\n")
    missing = [line for line in headers if line not in head.splitlines()]
    if missing:
        po.write_text(head + "\n" + "\n".join(missing) + sep + rest, encoding="utf-8")


def update() -> None:
    extract()
    for po in po_files():
        locale = po.parent.parent.name
        headers = _custom_headers(po)
        _babel("update", "-i", str(POT), "-d", str(TRANSLATIONS_DIR), "-D", DOMAIN, "-l", locale,
               "--no-fuzzy-matching", "--ignore-pot-creation-date", "--ignore-obsolete")
        _restore_custom_headers(po, headers)
    compile_all()


def compile_all() -> None:
    generated = write_pseudo()
    for po in po_files() + ([generated] if generated is not None else []):
        mo = po.with_suffix(".mo")
        with po.open("rb") as handle:
            catalog = read_po(handle)
        buffer = io.BytesIO()
        write_mo(buffer, catalog, use_fuzzy=False)
        if not mo.exists() or mo.read_bytes() != buffer.getvalue():
            mo.write_bytes(buffer.getvalue())
        elif mo.stat().st_mtime < po.stat().st_mtime:
            mo.touch()  # same messages; mark it current so it is not recompiled at every start


def catalog_problems(po: Path, template: Catalog | None = None) -> list[str]:
    """Untranslated, fuzzy, placeholder mismatches and Babel's checks, for one catalog."""
    with po.open("rb") as handle:
        catalog = read_po(handle)
    problems: list[str] = []
    name = po.parent.parent.name
    if template is not None:
        missing = {m.id for m in template if m.id} - {m.id for m in catalog if m.id}
        problems += [f"{name}: not in catalog (run make catalogs): {m!r}" for m in missing]
    for message in catalog:
        if not message.id:
            continue
        label = message.id if isinstance(message.id, str) else message.id[0]
        if message.fuzzy:
            problems.append(f"{name}: fuzzy: {label!r}")
        raw = message.string if isinstance(message.string, tuple | list) else (message.string,)
        strings = tuple(str(text or "") for text in raw)
        if not all(strings):
            problems.append(f"{name}: untranslated: {label!r}")
            continue
        for checker in babel_checkers:
            try:
                checker(catalog, message)
            except Exception as error:  # noqa: BLE001 - Babel raises TranslationError subclasses
                problems.append(f"{name}: {label!r}: {error}")
        source = tuple(message.id) if isinstance(message.id, tuple | list) else str(message.id)
        problems += [f"{name}: {label!r}: {p}" for p in placeholder_problems(source, strings)]
    return problems


def placeholder_problems(msgid: str | tuple[str, ...], strings: tuple[str, ...]) -> list[str]:
    """Named ``{placeholders}`` must be the same set in source and translation."""
    import string as string_module

    def names(text: str) -> set[str]:
        try:
            return {field for _, field, _, _ in string_module.Formatter().parse(text) if field}
        except ValueError:
            return {"<unbalanced braces>"}

    sources = msgid if isinstance(msgid, tuple) else (msgid,)
    expected = set().union(*(names(s) for s in sources))
    problems = []
    for text in strings:
        found = names(text)
        # Plural forms may leave out the number (Arabic "one", "two"), never add a name.
        if found - expected or (len(sources) == 1 and found != expected):
            problems.append(f"placeholders {sorted(found)} differ from {sorted(expected)}")
    return problems


def msgfmt_problems(po: Path) -> list[str]:
    result = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(po)],
                            capture_output=True, text=True, check=False)
    return [] if result.returncode == 0 else [f"{po}: msgfmt: {result.stderr.strip()}"]


def check() -> list[str]:
    template = None
    if POT.exists():
        with POT.open("rb") as handle:
            template = read_po(handle)
    problems: list[str] = []
    for po in po_files():
        problems += catalog_problems(po, template)
        problems += msgfmt_problems(po)
    return problems


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "update"
    if command == "update":
        update()
    elif command == "extract":
        extract()
    elif command == "compile":
        compile_all()
    elif command == "check":
        problems = check()
        print("\n".join(problems) or "catalogs ok")
        return 1 if problems else 0
    else:
        print(f"unknown command {command}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
