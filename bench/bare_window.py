"""The floor for start-up: a bare PySide6 main window, reported exactly as the app reports.

Run as a script (``python bench/bare_window.py``) so it pays the same interpreter start-up as
``main.py`` and nothing more.
"""

from __future__ import annotations

import sys
import time

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow


def main() -> int:
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.show()

    def report() -> None:
        print(f"first-window-shown {time.time():.6f}", flush=True)
        app.quit()

    QTimer.singleShot(0, report)
    return int(app.exec())


if __name__ == "__main__":
    sys.exit(main())
