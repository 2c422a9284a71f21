"""Folders that sync to a cloud service are recognised before a plan is saved into them."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from shelter_desktop.services.save_location import cloud_service_for, save_pdf

NO_ENVIRONMENT: dict[str, str] = {}


def service(path: str | Path, environ: dict[str, str] | None = None) -> str | None:
    return cloud_service_for(path, environ=NO_ENVIRONMENT if environ is None else environ)


def folder(tmp_path: Path, *parts: str) -> Path:
    made = tmp_path.joinpath(*parts)
    made.mkdir(parents=True, exist_ok=True)
    return made


@pytest.mark.parametrize(("parts", "expected"), [
    (("Dropbox",), "Dropbox"),
    (("Dropbox (Maison Étoile)", "Shared"), "Dropbox"),
    (("OneDrive",), "OneDrive"),
    (("OneDrive - Maison Étoile", "Documents"), "OneDrive"),
    (("Google Drive", "My Drive"), "Google Drive"),
    (("GoogleDrive",), "Google Drive"),
    (("gdrive", "My Drive", "plans"), "Google Drive"),
    (("gdrive", ".shortcut-targets-by-id", "1AbC", "Team"), "Google Drive"),
    (("iCloud Drive",), "iCloud Drive"),
    (("Library", "Mobile Documents", "com~apple~CloudDocs", "Documents"), "iCloud Drive"),
    (("Nextcloud", "Documents"), "Nextcloud"),
    (("pCloud Drive",), "pCloud"),
    (("MEGA",), "MEGA"),
    (("Box",), "Box"),
    (("Box Sync", "Clients"), "Box"),
    (("Sync",), "Sync.com"),
    (("Library", "CloudStorage", "GoogleDrive-worker@example.org", "My Drive"), "Google Drive"),
    (("Library", "CloudStorage", "OneDrive-Personal"), "OneDrive"),
])
def test_a_sync_root_named_anywhere_above_the_file(tmp_path: Path, parts: tuple[str, ...],
                                                   expected: str) -> None:
    deep = folder(tmp_path, *parts, "2026", "November")
    assert service(deep / "plan-2026-11-28.pdf") == expected
    assert service(folder(tmp_path, *parts) / "plan.pdf") == expected


@pytest.mark.parametrize(("marker", "expected", "is_folder"), [
    (".dropbox", "Dropbox", False),
    (".dropbox.cache", "Dropbox", True),
    (".owncloudsync.log", "Nextcloud", False),
    (".sync_a1b2c3d4e5f6.db", "Nextcloud", False),
    ("._sync_0f9e8d.db", "Nextcloud", False),
    (".megaignore", "MEGA", False),
    (".stfolder", "Syncthing", True),
])
def test_a_renamed_root_is_known_by_its_marker(tmp_path: Path, marker: str, expected: str,
                                               is_folder: bool) -> None:
    root = folder(tmp_path, "Work files")
    inside = folder(root, "plans")
    assert service(inside / "plan.pdf") is None
    if is_folder:
        (root / marker).mkdir()
    else:
        (root / marker).write_bytes(b"")
    assert service(inside / "plan.pdf") == expected
    assert service(root / "plan.pdf") == expected


@pytest.mark.parametrize("name", ["Documents", "Desktop", "plans", "Dropboxes", "MyDrive",
                                  "Syncing", "boxes", "Megaphone", "cloud"])
def test_ordinary_folders_are_not_synced(tmp_path: Path, name: str) -> None:
    assert service(folder(tmp_path, "home", "amina", name) / "plan.pdf") is None


def test_the_file_name_itself_is_not_a_folder(tmp_path: Path) -> None:
    assert service(folder(tmp_path, "Documents") / "Dropbox") is None
    assert service(folder(tmp_path, "Documents") / "OneDrive.pdf") is None


def test_a_folder_that_does_not_exist_yet_is_judged_by_its_names(tmp_path: Path) -> None:
    assert service(tmp_path / "nowhere" / "Dropbox" / "plan.pdf") == "Dropbox"
    assert service(tmp_path / "nowhere" / "plan.pdf") is None


@pytest.mark.parametrize(("path", "expected"), [
    (r"C:\Users\Amina\OneDrive\Documents\plan.pdf", "OneDrive"),
    (r"C:\Users\Amina\OneDrive - Maison Étoile\plan.pdf", "OneDrive"),
    (r"C:\Users\Amina\Dropbox\plan.pdf", "Dropbox"),
    (r"G:\My Drive\plan.pdf", "Google Drive"),
    (r"C:\Users\Amina\iCloudDrive\plan.pdf", "iCloud Drive"),
    (r"P:\pCloud Drive\plan.pdf", "pCloud"),
    (r"C:\Users\Amina\Box\plan.pdf", "Box"),
    (r"C:\Users\Amina\Documents\plan.pdf", None),
    (r"E:\plan.pdf", None),
])
def test_windows_paths(path: str, expected: str | None) -> None:
    assert service(path) == expected


def test_a_onedrive_root_from_the_environment(tmp_path: Path) -> None:
    """Windows names the OneDrive root in %OneDrive%, even when it was renamed or moved."""
    environ = {"OneDrive": r"D:\Sync roots\Work", "OneDriveCommercial": ""}
    assert service(r"d:\sync roots\work\Plans\plan.pdf", environ) == "OneDrive"
    assert service(r"D:\Sync roots\Other\plan.pdf", environ) is None
    renamed = folder(tmp_path, "Company files")
    assert service(renamed / "plan.pdf", {"OneDrive": str(renamed)}) == "OneDrive"


def test_save_pdf_writes_only_the_chosen_file_for_this_user_only(tmp_path: Path) -> None:
    chosen = folder(tmp_path, "USB") / "plan-2026-11-28.pdf"
    save_pdf(chosen, b"%PDF-1.4 made up")
    save_pdf(chosen, b"%PDF-1.4 shorter")
    assert chosen.read_bytes() == b"%PDF-1.4 shorter"
    assert os.listdir(chosen.parent) == [chosen.name]
    if os.name == "posix":
        assert stat.S_IMODE(chosen.stat().st_mode) == 0o600
