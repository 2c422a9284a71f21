"""Layering rules, checked on the source: who may import SQLCipher, Qt, and each other.

- Only ``shelter_desktop/storage/`` talks to the database driver (``sqlcipher3``, ``sqlite3``).
- Only ``shelter_desktop/ui/`` and ``shelter_desktop/app.py`` import Qt (PySide6, shiboken6).
- ``shelter_desktop/domain/`` imports nothing from services, storage, ui or reports.
- ``shelter_desktop/reports/`` imports nothing from storage, ui or services.

Imports are read from the syntax tree (relative imports resolved, imports under
``TYPE_CHECKING`` or inside functions included, and ``importlib.import_module("…")`` /
``__import__("…")`` with a literal name), so a deferred import does not slip through.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import shelter_desktop

PACKAGE_DIR = Path(shelter_desktop.__file__).resolve().parent
PACKAGE = "shelter_desktop"

DRIVERS = ("sqlcipher3", "sqlite3")
QT = ("PySide6", "shiboken6")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE_DIR.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def imported_names(source: str, module: str, is_package: bool = False) -> set[str]:
    """Every module ``source`` imports, as absolute dotted names (``from a import b`` adds both
    ``a`` and ``a.b``, since ``b`` may be a submodule)."""
    tree = ast.parse(source)
    package_parts = module.split(".") if is_package else module.split(".")[:-1]
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base_parts = package_parts[: len(package_parts) - node.level + 1]
                base = ".".join(base_parts + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names if alias.name != "*")
        elif isinstance(node, ast.Call) and node.args:
            function = node.func
            called = (function.attr if isinstance(function, ast.Attribute)
                      else function.id if isinstance(function, ast.Name) else "")
            first = node.args[0]
            if called in ("import_module", "__import__") and isinstance(first, ast.Constant) \
                    and isinstance(first.value, str):
                names.add(first.value)
    return {name for name in names if name}


def violations(module: str, imports: set[str]) -> list[str]:
    """The layering rules broken by ``module`` importing ``imports``."""
    found = []
    in_storage = _within(module, f"{PACKAGE}.storage")
    in_ui = _within(module, f"{PACKAGE}.ui") or module == f"{PACKAGE}.app"
    for name in sorted(imports):
        top = name.split(".")[0]
        if top in DRIVERS and not in_storage:
            found.append(f"{module} imports {name}: only storage/ may use the database driver")
        if top in QT and not in_ui:
            found.append(f"{module} imports {name}: only ui/ and app.py may use Qt")
        if _within(module, f"{PACKAGE}.domain"):
            for layer in ("services", "storage", "ui", "reports", "app", "admin"):
                if _within(name, f"{PACKAGE}.{layer}"):
                    found.append(f"{module} imports {name}: domain/ must not depend on {layer}")
        if _within(module, f"{PACKAGE}.reports"):
            for layer in ("services", "storage", "ui", "app", "admin"):
                if _within(name, f"{PACKAGE}.{layer}"):
                    found.append(f"{module} imports {name}: reports/ must not depend on {layer}")
    return found


def package_sources() -> list[Path]:
    return sorted(PACKAGE_DIR.rglob("*.py"))


def check_file(path: Path) -> list[str]:
    module = module_name(path)
    source = path.read_text(encoding="utf-8")
    return violations(module, imported_names(source, module, path.name == "__init__.py"))


def test_every_module_keeps_to_its_layer() -> None:
    problems = [problem for path in package_sources() for problem in check_file(path)]
    assert problems == []


def test_the_checker_sees_the_real_imports() -> None:
    """The scan is not vacuous: storage does import the driver and services import storage."""
    sources = package_sources()
    assert len(sources) >= 20
    database = imported_names((PACKAGE_DIR / "storage" / "database.py").read_text("utf-8"),
                              f"{PACKAGE}.storage.database")
    assert "sqlcipher3" in database
    session = imported_names((PACKAGE_DIR / "services" / "session.py").read_text("utf-8"),
                             f"{PACKAGE}.services.session")
    assert f"{PACKAGE}.storage.vault" in session
    assert {module_name(path) for path in sources} >= {
        f"{PACKAGE}.domain.accounts", f"{PACKAGE}.storage.vault", f"{PACKAGE}.admin"}


BAD = [
    ("shelter_desktop.services.accounts", "import sqlcipher3"),
    ("shelter_desktop.services.accounts", "import sqlite3 as db"),
    ("shelter_desktop.domain.audit", "from sqlite3 import connect"),
    ("shelter_desktop.admin", "def f():\n    import sqlcipher3.dbapi2\n"),
    ("shelter_desktop.services.session", "from PySide6.QtWidgets import QWidget"),
    ("shelter_desktop.storage.vault", "import shiboken6"),
    ("shelter_desktop.i18n", "import importlib\nqt = importlib.import_module('PySide6.QtCore')"),
    ("shelter_desktop.domain.accounts", "from shelter_desktop.storage.vault import Vault"),
    ("shelter_desktop.domain.accounts", "from ..services import session"),
    ("shelter_desktop.domain.accounts", "from shelter_desktop import storage"),
    ("shelter_desktop.domain", "from ..ui import main_window"),
    ("shelter_desktop.domain.accounts",
     "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from shelter_desktop.ui import x\n"),
    ("shelter_desktop.reports.plan", "from shelter_desktop.services.session import Session"),
    ("shelter_desktop.reports.plan", "from ..storage.database import Connection"),
    ("shelter_desktop.reports.plan", "__import__('shelter_desktop.ui.main_window')"),
]

GOOD = [
    ("shelter_desktop.storage.database", "import sqlcipher3\nfrom sqlite3 import Connection"),
    ("shelter_desktop.ui.main_window", "from PySide6.QtWidgets import QWidget\nimport shiboken6"),
    ("shelter_desktop.app", "from PySide6.QtWidgets import QApplication"),
    ("shelter_desktop.domain.accounts", "from shelter_desktop.i18n import N_\nfrom . import audit"),
    ("shelter_desktop.domain.accounts", "from shelter_desktop.errors import ValidationError"),
    ("shelter_desktop.reports.plan", "from shelter_desktop.domain.accounts import Role\n"
                                     "from ..i18n import Translator"),
    ("shelter_desktop.services.session", "from shelter_desktop.storage.vault import Vault"),
    ("shelter_desktop.services.session", "import sqlcipher3_fake_name_that_is_not_the_driver"),
]


@pytest.mark.parametrize(("module", "source"), BAD, ids=[f"{m}:{s[:30]}" for m, s in BAD])
def test_the_checker_flags_an_offending_import(module: str, source: str) -> None:
    assert violations(module, imported_names(source, module, module.endswith(".domain")))


@pytest.mark.parametrize(("module", "source"), GOOD, ids=[f"{m}:{s[:30]}" for m, s in GOOD])
def test_the_checker_allows_permitted_imports(module: str, source: str) -> None:
    assert violations(module, imported_names(source, module)) == []


def test_relative_imports_are_resolved() -> None:
    names = imported_names("from ..storage import vault\nfrom . import audit\n",
                           "shelter_desktop.domain.accounts")
    assert names == {"shelter_desktop.storage", "shelter_desktop.storage.vault",
                     "shelter_desktop.domain", "shelter_desktop.domain.audit"}
    package = imported_names("from .accounts import Role\n", "shelter_desktop.domain",
                             is_package=True)
    assert "shelter_desktop.domain.accounts" in package
