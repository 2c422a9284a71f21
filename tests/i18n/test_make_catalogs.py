"""``make catalogs`` on a tree whose catalogs are current changes nothing (no diff to commit).

``catalogs.update`` (extract into the template, merge into every language's catalog, compile)
runs on a copy of ``translations/``; the template and every ``.po`` must come out byte for byte
as they are in the tree. A changed marked string without ``make catalogs`` fails here, and so
would a tool that rewrote dates, locations or line wrapping on every run.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from shelter_desktop import i18n
from shelter_desktop.tools import catalogs


def _catalog_files(folder: Path) -> dict[str, bytes]:
    """The template and the language catalogs (not the compiled ``.mo``, not the pseudo-locale)."""
    files = [folder / catalogs.POT.name, *(
        po for po in folder.glob(f"*/LC_MESSAGES/{i18n.DOMAIN}.po")
        if po.parent.parent.name != i18n.PSEUDO_LANGUAGE)]
    return {str(path.relative_to(folder)): path.read_bytes() for path in files}


def test_make_catalogs_leaves_no_diff(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy = tmp_path / "translations"
    shutil.copytree(catalogs.TRANSLATIONS_DIR, copy,
                    ignore=shutil.ignore_patterns("*.mo", i18n.PSEUDO_LANGUAGE))
    monkeypatch.setattr(catalogs, "TRANSLATIONS_DIR", copy)
    monkeypatch.setattr(catalogs, "POT", copy / catalogs.POT.name)

    catalogs.update()

    before = _catalog_files(catalogs.ROOT / "translations")
    after = _catalog_files(copy)
    assert sorted(after) == sorted(before)
    changed = [name for name in before if after[name] != before[name]]
    assert changed == [], "run `make catalogs` and commit the result"
    # It compiled every catalog and wrote the pseudo-locale, in the copy only.
    assert all(Path(copy, name).with_suffix(".mo").exists() for name in before
               if name.endswith(".po"))
    assert (copy / i18n.PSEUDO_LANGUAGE / "LC_MESSAGES" / f"{i18n.DOMAIN}.mo").exists()
