"""Peak memory of one app process, measured alone: ``python -m bench.memory_probe MODE …``.

- ``app DATA_DIR USER PASSPHRASE``: start as the app does (unlock window, bundled fonts), unlock,
  show the main window, wait for the list's first page to be painted, scroll to the end once and
  wait for the last page, then report ``ru_maxrss``.
- ``bare``: a bare main window with the same fonts, the floor.

Prints one JSON line. A separate process per measure, so nothing the harness has loaded (other
vaults, Faker, earlier figures) counts.

``--spawn MODE …`` runs the probe as a child of this (small) process and relays its line: the
harness uses it because Linux carries a process's ``ru_maxrss`` over ``exec`` from the process
it was forked (or vforked) from, so a probe started straight from the harness reports the
harness's own peak (measured: 129 MB for a bare window). A grandchild of the harness inherits
only this launcher's few megabytes. ``VmHWM`` (the peak of the process's own memory map, reset
by ``exec``) is reported beside it as a check.
"""

from __future__ import annotations

import json
import os
import resource
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def vm_hwm_mb() -> float | None:
    try:
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def spawn(argv: list[str]) -> int:
    import subprocess

    result = subprocess.run([sys.executable, "-m", "bench.memory_probe", *argv],
                            capture_output=True, text=True, check=False)
    sys.stdout.write(result.stdout)
    sys.stderr.write(result.stderr)
    return result.returncode


def bare() -> dict[str, object]:
    from PySide6.QtWidgets import QMainWindow

    from bench import appkit

    appkit.application()
    window = QMainWindow()
    window.resize(1200, 760)
    window.show()
    appkit.settle()
    return {"maxrss_mb": maxrss_mb(), "vm_hwm_mb": vm_hwm_mb()}


def app(folder: Path, user: str, passphrase: str) -> dict[str, object]:
    from bench import appkit
    from shelter_desktop.services import vault_service

    app_controller = appkit.controller(folder)
    before_unlock = maxrss_mb()
    session = vault_service.unlock(folder, user, passphrase)  # the slot's own (fast) KDF
    app_controller.on_unlocked(session)
    window = app_controller.main_window
    if window is None:
        raise SystemExit("the main window did not open")
    panel = window.client_list
    watcher = appkit.PaintWatcher(panel.table.viewport())
    appkit.wait_until(lambda: appkit.list_ready(window, watcher, 0), "the client list")
    list_open = maxrss_mb()
    before = watcher.paints
    panel.table.scrollToBottom()
    last_page = (panel.model.rowCount() - 1) // panel.model.PAGE_SIZE
    appkit.wait_until(lambda: last_page in panel.model._pages and watcher.paints > before,
                      "the end of the list")
    return {"maxrss_mb": maxrss_mb(), "vm_hwm_mb": vm_hwm_mb(),
            "unlock_window_mb": round(before_unlock, 1), "list_open_mb": round(list_open, 1),
            "rows": panel.model.rowCount(), "pages_fetched": panel.model.fetch_count}


def main(argv: list[str]) -> int:
    if argv[:1] == ["--spawn"]:
        return spawn(argv[1:])
    if argv[:1] == ["bare"]:
        result = bare()
    elif argv[:1] == ["app"] and len(argv) == 4:
        result = app(Path(argv[1]), argv[2], argv[3])
    else:
        print(__doc__, file=sys.stderr)
        return 2
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
