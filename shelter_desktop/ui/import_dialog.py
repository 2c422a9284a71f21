"""Administrators import a client spreadsheet: choose the file, confirm consent, watch progress.

Checking and saving run on a worker thread (a file of 10,000 rows takes seconds); progress comes
back through a signal, and Cancel stops the import before anything is committed. Problems are
listed with their spreadsheet row and column so the file can be fixed in one pass. The format is
described in ``docs/import-format.md``.
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from shelter_desktop import i18n
from shelter_desktop.domain.new_clients import ImportProblem
from shelter_desktop.i18n import _
from shelter_desktop.services.client_import import ClientImportService, ImportResult
from shelter_desktop.services.session import Session
from shelter_desktop.ui.messages import error_text
from shelter_desktop.ui.workers import run_task

# How long closing the dialog (for example when the app locks) waits for a cancelled import to
# roll back; it stops at the next batch of rows, well within this.
_CANCEL_WAIT_SECONDS = 30.0


class _ProgressRelay(QObject):
    """Lives on the GUI thread; the worker only emits, so it never touches a widget."""

    progress = Signal(int, int)


def problem_line(problem: ImportProblem) -> str:
    if problem.column:
        return _("Row {row}, column {column}: {message}").format(
            row=problem.row, column=problem.column, message=problem.text())
    return _("Row {row}: {message}").format(row=problem.row, message=problem.text())


class ImportDialog(QDialog):
    clients_imported = Signal(int)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("import_dialog")
        self.setModal(True)
        self.service = ClientImportService(session)
        self.import_result: ImportResult | None = None
        self._running = False
        self._closed = False
        self._cancel = threading.Event()
        self._finished = threading.Event()
        self._finished.set()
        self._relay = _ProgressRelay(self)
        self._relay.progress.connect(self._show_progress)

        self.intro_label = QLabel(self)
        self.intro_label.setWordWrap(True)
        self.path_edit = QLineEdit(self)
        self.path_edit.setObjectName("import_path")
        self.path_edit.setReadOnly(True)
        self.choose_button = QPushButton(self)
        self.choose_button.setObjectName("choose_file")
        self.consent_check = QCheckBox(self)
        self.consent_check.setObjectName("consent_recorded")
        self.progress_bar = QProgressBar(self)
        self.progress_bar.setObjectName("import_progress")
        self.progress_bar.setRange(0, 1)
        self.progress_bar.setValue(0)
        self.status_label = QLabel(self)
        self.status_label.setObjectName("import_status")
        self.status_label.setWordWrap(True)
        self.problems_label = QLabel(self)
        self.problems_edit = QPlainTextEdit(self)
        self.problems_edit.setObjectName("import_problems")
        self.problems_edit.setReadOnly(True)
        self.problems_label.setBuddy(self.problems_edit)
        self.problems_label.hide()
        self.problems_edit.hide()
        self.import_button = QPushButton(self)
        self.import_button.setObjectName("import_button")
        self.import_button.setDefault(True)
        self.cancel_button = QPushButton(self)
        self.cancel_button.setObjectName("cancel_import")
        self.close_button = QPushButton(self)
        self.close_button.setObjectName("close_button")

        file_row = QHBoxLayout()
        file_row.addWidget(self.path_edit, 1)
        file_row.addWidget(self.choose_button)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro_label)
        layout.addLayout(file_row)
        layout.addWidget(self.consent_check)
        layout.addWidget(self.progress_bar)
        layout.addWidget(self.status_label)
        layout.addWidget(self.problems_label)
        layout.addWidget(self.problems_edit, 1)
        layout.addLayout(buttons)

        self.choose_button.clicked.connect(self.choose_file)
        self.import_button.clicked.connect(self.start_import)
        self.cancel_button.clicked.connect(self.cancel_import)
        self.close_button.clicked.connect(self.reject)
        self.resize(640, 440)
        self._update_buttons()
        self.retranslate_ui()

    # -- language ---------------------------------------------------------------------------

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Import clients"))
        self.intro_label.setText(_(
            "Choose a spreadsheet saved as \"CSV UTF-8\" or \"Unicode text\". Every row is "
            "checked first; nothing is imported unless every row is valid."))
        self.path_edit.setPlaceholderText(_("No file chosen"))
        self.path_edit.setAccessibleName(_("File to import"))
        self.choose_button.setText(_("&Choose file…"))
        self.consent_check.setText(
            _("Consent to keep their information was recorded for every row"))
        self.progress_bar.setAccessibleName(_("Import progress"))
        self.problems_label.setText(_("Problems to fix in the file:"))
        self.import_button.setText(_("&Import"))
        self.cancel_button.setText(_("Cancel import"))
        self.close_button.setText(_("Close"))
        if self.import_result is not None:
            self._show_result(self.import_result)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # -- choosing and importing -------------------------------------------------------------

    def choose_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Choose a spreadsheet"), "",
            _("Spreadsheets saved as text (*.csv *.txt *.tsv);;All files (*)"))
        if path:
            self.set_path(path)

    def set_path(self, path: str | Path) -> None:
        self.path_edit.setText(str(path))
        self._update_buttons()

    def start_import(self) -> None:
        path = self.path_edit.text()
        if self._running or not path:
            return
        self._running = True
        self.import_result = None
        self._cancel.clear()
        self._finished.clear()
        self.problems_edit.clear()
        self.problems_label.hide()
        self.problems_edit.hide()
        self.progress_bar.setRange(0, 0)  # busy while the rows are checked
        self.status_label.setText(_("Checking every row…"))
        self._update_buttons()
        service, relay = self.service, self._relay
        consent, cancel, finished = self.consent_check.isChecked(), self._cancel, self._finished

        def work() -> ImportResult:
            try:
                return service.import_csv(Path(path), consent_recorded=consent,
                                          progress=relay.progress.emit, cancel=cancel.is_set)
            finally:
                finished.set()

        run_task(work, self._done, self._failed)

    def cancel_import(self) -> None:
        if not self._running:
            return
        self._cancel.set()
        self.cancel_button.setEnabled(False)
        self.status_label.setText(_("Cancelling…"))

    @property
    def is_running(self) -> bool:
        return self._running

    # -- results (on the GUI thread) --------------------------------------------------------

    def _show_progress(self, done: int, total: int) -> None:
        if self._closed:
            return
        if done == 0:
            self.status_label.setText(_("Saving…"))
        self.progress_bar.setRange(0, max(total, 1))
        self.progress_bar.setValue(done)

    def _done(self, result: ImportResult) -> None:
        if self._closed:
            return
        self._running = False
        self.import_result = result
        self._show_result(result)
        self._update_buttons()
        if result.ok:
            self.clients_imported.emit(result.imported)

    def _failed(self, error: BaseException) -> None:
        if self._closed:
            return
        self._running = False
        self.progress_bar.setRange(0, 1)
        self.progress_bar.setValue(0)
        self.status_label.setText(error_text(error))
        self._update_buttons()

    def _show_result(self, result: ImportResult) -> None:
        if result.ok:
            self.progress_bar.setRange(0, max(result.imported, 1))
            self.progress_bar.setValue(self.progress_bar.maximum())
            self.status_label.setText(i18n.ngettext(
                "Imported {count} client.", "Imported {count} clients.",
                result.imported).format(count=result.imported))
            return
        self.progress_bar.setRange(0, 1)
        self.progress_bar.setValue(0)
        self.status_label.setText(i18n.ngettext(
            "Nothing was imported: {count} problem was found.",
            "Nothing was imported: {count} problems were found.",
            result.problem_count).format(count=result.problem_count))
        lines = [problem_line(problem) for problem in result.problems]
        hidden = result.problem_count - len(result.problems)
        if hidden:
            lines.append(i18n.ngettext("… and {count} more problem.",
                                       "… and {count} more problems.", hidden
                                       ).format(count=hidden))
        self.problems_edit.setPlainText("\n".join(lines))
        self.problems_label.show()
        self.problems_edit.show()

    def _update_buttons(self) -> None:
        running = self._running
        self.import_button.setEnabled(not running and bool(self.path_edit.text()))
        self.choose_button.setEnabled(not running)
        self.consent_check.setEnabled(not running)
        self.cancel_button.setEnabled(running)
        self.close_button.setEnabled(not running)

    # -- closing ----------------------------------------------------------------------------

    def reject(self) -> None:
        """Escape or the window's close button cancel a running import; they close otherwise."""
        if self._running:
            self.cancel_import()
            return
        super().reject()

    def done(self, code: int) -> None:
        """Also reached when the app locks: stop the import and let it roll back first.

        The worker uses the session's connection, which locking closes; waiting here (at most
        one batch of rows) keeps the two from overlapping.
        """
        if self._running:
            self._cancel.set()
            self._finished.wait(_CANCEL_WAIT_SECONDS)
            self._running = False
            self._closed = True
        super().done(code)
