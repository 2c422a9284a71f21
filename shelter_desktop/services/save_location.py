"""Where a saved plan would end up: folders that sync to a cloud service, and the save itself.

security.md: "warn before saving a PDF into a folder that syncs to the cloud". A plan saved into
Dropbox or OneDrive is copied to the company's servers and to every device on that account,
where an exploiter who shares the account (or the phone) may read it. Sync clients mark their
folders in only a few ways: the folder's name (OneDrive's "OneDrive - Org", Google Drive's
"My Drive"), a marker file inside the root (Dropbox's ``.dropbox``, Nextcloud's
``.owncloudsync.log``, Syncthing's ``.stfolder``), or a place the operating system gives them
(macOS ``~/Library/CloudStorage``, Windows' ``%OneDrive%``). Each parent folder of the chosen file
is checked for all three. A miss is possible (a renamed root); a false alarm only costs a click.

Pure Python and no Qt, so the check runs (and is tested) without a display.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path, PurePath, PurePosixPath, PureWindowsPath

from shelter_desktop.storage.files import PRIVATE_FILE_MODE

# Folder names (compared case-insensitively) that are a sync root themselves. Brand names, not
# translated.
_ROOT_NAMES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), service) for pattern, service in (
        (r"dropbox( \(.+\))?", "Dropbox"),  # "Dropbox (Organisation)" for team accounts
        (r"onedrive.*", "OneDrive"),  # "OneDrive", "OneDrive - Organisation", "OneDriveTemp"
        (r"google ?drive.*", "Google Drive"),  # "Google Drive", macOS "GoogleDrive-a@b.ca"
        (r"my drive", "Google Drive"),  # the Windows/macOS drive letter's top folder
        (r"\.shortcut-targets-by-id", "Google Drive"),
        (r"icloud ?drive.*", "iCloud Drive"),  # macOS "iCloud Drive", Windows "iCloudDrive"
        (r"mobile documents", "iCloud Drive"),
        (r"com~apple~clouddocs", "iCloud Drive"),
        (r"nextcloud", "Nextcloud"),
        (r"owncloud", "ownCloud"),
        (r"pcloud ?drive|pcloud", "pCloud"),
        (r"mega|megasync|mega downloads", "MEGA"),
        (r"box|box sync|box drive", "Box"),
        (r"sync", "Sync.com"),
    ))

# Files or folders a sync client keeps inside the root it syncs.
_MARKERS: tuple[tuple[str, str], ...] = (
    (".dropbox", "Dropbox"),
    (".dropbox.cache", "Dropbox"),
    (".owncloudsync.log", "Nextcloud"),
    (".megaignore", "MEGA"),
    (".stfolder", "Syncthing"),
)
# Nextcloud and ownCloud clients keep their journal as ``.sync_<hex>.db`` (older: ``._sync_``).
_MARKER_PATTERN = re.compile(r"(\._|\.)sync_[0-9a-f]+\.db", re.IGNORECASE)

# Environment variables that name a sync root on Windows.
_ROOT_VARIABLES = (("OneDrive", "OneDrive"), ("OneDriveCommercial", "OneDrive"),
                   ("OneDriveConsumer", "OneDrive"))

_CLOUD_STORAGE_SERVICES = (("dropbox", "Dropbox"), ("onedrive", "OneDrive"),
                           ("googledrive", "Google Drive"), ("box", "Box"),
                           ("icloud", "iCloud Drive"), ("pcloud", "pCloud"))


def _pure(path: str | os.PathLike[str]) -> PurePath:
    """The path in its own flavour: a ``C:`` path is a Windows path even on Linux."""
    text = os.fspath(path)
    if os.name == "nt" or "\\" in text or re.match(r"^[A-Za-z]:", text):
        return PureWindowsPath(text)
    return PurePosixPath(text)


def _by_name(name: str) -> str | None:
    for pattern, service in _ROOT_NAMES:
        if pattern.fullmatch(name):
            return service
    return None


def _by_marker(folder: PurePath) -> str | None:
    """A sync client's marker inside ``folder``; only for paths of this computer's flavour."""
    if not isinstance(folder, type(PurePath())):
        return None
    real = Path(folder)
    for marker, service in _MARKERS:
        try:
            if (real / marker).exists():
                return service
        except OSError:
            return None
    try:
        with os.scandir(real) as entries:
            for entry in entries:
                if _MARKER_PATTERN.fullmatch(entry.name):
                    return "Nextcloud"
    except OSError:  # missing, not a folder, no permission: nothing to learn here
        return None
    return None


def _by_cloud_storage(parts: tuple[str, ...]) -> str | None:
    """Every macOS File Provider sync root is ``~/Library/CloudStorage/<Service-account>``."""
    for index in range(len(parts) - 2):
        if parts[index].casefold() == "library" and parts[index + 1].casefold() == "cloudstorage":
            child = parts[index + 2].casefold()
            for prefix, service in _CLOUD_STORAGE_SERVICES:
                if child.startswith(prefix):
                    return service
            return parts[index + 2].split("-")[0]
    return None


def _by_environment(path: PurePath, environ: Mapping[str, str]) -> str | None:
    for variable, service in _ROOT_VARIABLES:
        root = environ.get(variable, "").strip()
        if not root:
            continue
        root_path = _pure(root)
        if type(root_path) is type(path) and _is_within(path, root_path):
            return service
    return None


def _is_within(path: PurePath, root: PurePath) -> bool:
    if isinstance(path, PureWindowsPath):
        return [p.casefold() for p in path.parts[:len(root.parts)]] == [
            p.casefold() for p in root.parts]
    return path.parts[:len(root.parts)] == root.parts


def cloud_service_for(path: str | os.PathLike[str], *,
                      environ: Mapping[str, str] | None = None) -> str | None:
    """The sync service whose folder holds ``path`` (a file to be saved), or None.

    Every parent folder counts: ``~/Dropbox/Clients/2026/plan.pdf`` is in Dropbox. The file's
    own name is not a folder and is not checked.
    """
    pure = _pure(path)
    by_environment = _by_environment(pure, os.environ if environ is None else environ)
    if by_environment:
        return by_environment
    by_cloud_storage = _by_cloud_storage(pure.parts)
    if by_cloud_storage:
        return by_cloud_storage
    folders = [pure.parent, *pure.parent.parents]
    for folder in folders:
        service = _by_name(folder.name) or _by_marker(folder)
        if service:
            return service
    return None


def save_pdf(path: str | os.PathLike[str], pdf: bytes) -> None:
    """Write ``pdf`` to the file the person chose, and nowhere else (no temporary file beside it).

    Readable by this user only, like every file the app writes (security.md).
    """
    descriptor = os.open(os.fspath(path), os.O_WRONLY | os.O_CREAT | os.O_TRUNC,
                         PRIVATE_FILE_MODE)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(pdf)
        handle.flush()
        os.fsync(handle.fileno())
