"""Which window is up: set-up wizard, unlock window or main window; lock and idle lock."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from shelter_desktop import i18n
from shelter_desktop.errors import NotAVaultError, ShelterError, VaultDamagedError
from shelter_desktop.logs import log_event
from shelter_desktop.services.folder_state import VaultState, state_of
from shelter_desktop.services.preferences import DevicePreferences
from shelter_desktop.ui.idle import IdleWatcher
from shelter_desktop.ui.interpreter.mode import InterpreterMode
from shelter_desktop.ui.unlock_window import UnlockWindow

if TYPE_CHECKING:
    from shelter_desktop.domain.assessments import Assessment
    from shelter_desktop.domain.clients import IntakeDraft
    from shelter_desktop.services.session import Session
    from shelter_desktop.ui.assessment.assessment_form import AssessmentForm
    from shelter_desktop.ui.change_passphrase_dialog import ChangePassphraseDialog
    from shelter_desktop.ui.clipboard_guard import ClipboardGuard
    from shelter_desktop.ui.intake.intake_window import IntakeWindow
    from shelter_desktop.ui.main_window import MainWindow
    from shelter_desktop.ui.setup_wizard import SetupWizard

# Windows other than the unlock window, and the services behind them, are imported where they
# are first needed: start-up pays only for what the unlock window shows (bench/startup.py).


class AppController(QObject):
    """Owns the session. Locking closes every window that could show client data."""

    locked = Signal()
    unlocked = Signal()
    about_to_lock = Signal()  # editors save their drafts on this, while the vault is still open

    def __init__(self, folder: Path, *, idle_timeout_ms: int | None = None,
                 startup_error: ShelterError | None = None) -> None:
        super().__init__()
        self.folder = folder
        self.session: Session | None = None
        self.main_window: MainWindow | None = None
        self.wizard: SetupWizard | None = None
        self.forced_dialog: ChangePassphraseDialog | None = None
        self.intake_window: IntakeWindow | None = None
        self.assessment_form: AssessmentForm | None = None
        self._assessment_serial = 0  # which form a late ``destroyed`` belongs to
        self.idle_timeout_override_ms = idle_timeout_ms
        self.startup_error = startup_error
        self.preferences = DevicePreferences(folder)
        self.unlock_window = UnlockWindow(folder)
        self.unlock_window.unlocked.connect(self.on_unlocked)
        self.unlock_window.recovery_requested.connect(self.show_recovery)
        self.unlock_window.language_chosen.connect(self.change_language)
        # Drafts are saved while the vault is still open: lock() and quitting emit this first.
        self.about_to_lock.connect(self.save_intake_draft)
        self.about_to_lock.connect(self.save_assessment_draft)
        # Interpreter mode never outlives the session; turned off while the log can say so.
        self.interpreter = InterpreterMode(self)
        self.interpreter.changed.connect(self._interpreter_changed)
        self.about_to_lock.connect(self.interpreter.turn_off)
        # A running backup stops (its file removed) before the key is overwritten.
        self.about_to_lock.connect(self._stop_backup)
        self.idle = IdleWatcher(60_000, self)
        self.idle.idle.connect(self.idle_lock)
        self.idle.install()
        # Text copied out of the application is cleared 30 s later, and on lock and quit. Made
        # at the first unlock: nothing can be copied before, and its Qt types cost start-up
        # about 12 ms (bench: startup).
        self.clipboard_guard: ClipboardGuard | None = None

    # -- start ------------------------------------------------------------------------------

    def start(self) -> None:
        if self.startup_error is not None:
            self.show_unlock(self.startup_error.user_message())
            self.unlock_window.unlock_button.setEnabled(False)
            return
        state = state_of(self.folder)
        if state is VaultState.EMPTY:
            self.show_setup()
        elif state is VaultState.VAULT:
            self.show_unlock()
        else:
            error = NotAVaultError() if state is VaultState.NOT_A_VAULT else VaultDamagedError()
            self.show_unlock(error.user_message())

    def show_setup(self) -> None:
        from shelter_desktop.ui.setup_wizard import SetupWizard

        self.wizard = SetupWizard(self.folder)
        self.wizard.welcome_page.select(i18n.current().code)
        self.wizard.language_chosen.connect(self.change_language)
        self.wizard.finished_setup.connect(self.on_unlocked)
        self.wizard.restored.connect(self._restored)
        self.wizard.rejected.connect(self._quit)
        self.wizard.show()

    def _restored(self, username: str) -> None:
        """A backup was restored into the empty folder: sign in as usual."""
        if self.wizard is not None:
            self.wizard.hide()
            self.wizard.deleteLater()
            self.wizard = None
        self.show_unlock(username=username)

    def show_unlock(self, message: str = "", username: str = "") -> None:
        self.unlock_window.prepare(username, message)
        self.unlock_window.show()
        self.unlock_window.raise_()
        self.unlock_window.activateWindow()

    def show_recovery(self) -> None:
        from shelter_desktop.ui.recovery_dialog import RecoveryDialog

        dialog = RecoveryDialog(self.folder, self.unlock_window)
        dialog.recovered.connect(self.on_unlocked)
        dialog.open()

    # -- language ---------------------------------------------------------------------------

    def change_language(self, code: str) -> None:
        with self.idle.paused():  # every widget gets events here, none of them input
            i18n.set_language(code)
        self.preferences.set_language(i18n.current().code)
        self.save_intake_draft()  # nothing typed may depend on the switch having gone well
        self.save_assessment_draft()
        if self.session is not None and self.session.is_open:
            from shelter_desktop.services.accounts import AccountService

            try:
                AccountService(self.session).set_own_language(i18n.current().code)
            except ShelterError as error:
                log_event("language.remember_failed", error=error.event_code)

    # -- unlocked ---------------------------------------------------------------------------

    def on_unlocked(self, session: Session) -> None:
        self.session = session
        if self.clipboard_guard is None:
            from shelter_desktop.ui.clipboard_guard import ClipboardGuard

            self.clipboard_guard = ClipboardGuard(QGuiApplication.clipboard(), parent=self)
        if self.wizard is not None:
            self.wizard.hide()
            self.wizard.deleteLater()
            self.wizard = None
        language = session.account.language
        # A start in the pseudo-locale (--lang pseudo, for layout checks) stays in it.
        if language != i18n.current().code and language in i18n.available_languages() \
                and i18n.current().code != i18n.PSEUDO_LANGUAGE:
            i18n.set_language(language)
            self.preferences.set_language(language)
        if session.account.must_change_passphrase:
            from shelter_desktop.ui.change_passphrase_dialog import ChangePassphraseDialog

            dialog = ChangePassphraseDialog(session, required=True)
            dialog.changed.connect(self.show_main)
            self.forced_dialog = dialog  # top-level with no parent: keep it alive
            dialog.show()
            self.unlock_window.hide()
            self._start_idle_timer()
            return
        self.show_main()

    def show_main(self) -> None:
        if self.session is None or not self.session.is_open:
            return
        self.forced_dialog = None
        from shelter_desktop.ui.main_window import MainWindow

        window = MainWindow(self.session)
        window.lock_requested.connect(self.lock)
        window.language_chosen.connect(self.change_language)
        window.accounts_requested.connect(self.show_accounts)
        window.import_requested.connect(self.show_import)
        window.audit_requested.connect(self.show_audit)
        window.settings_requested.connect(self.show_settings)
        window.purge_requested.connect(self.show_purge)
        window.change_passphrase_requested.connect(self.show_change_passphrase)
        window.new_intake_requested.connect(self.start_intake)
        window.resume_intake_requested.connect(self.resume_intake)
        window.record_view.assessment_requested.connect(self.start_assessment)
        window.interpreter_toggled.connect(self.toggle_interpreter)
        window.record_interpreter_requested.connect(self.record_interpreter)
        self.main_window = window
        window.installEventFilter(self)
        window.show()
        self.unlock_window.hide()
        self._start_idle_timer()
        self.offer_resume()
        self.unlocked.emit()

    def _start_idle_timer(self) -> None:
        if self.idle_timeout_override_ms is not None:
            timeout = self.idle_timeout_override_ms
        else:
            minutes = 5
            from shelter_desktop.services.settings_service import SettingsService

            if self.session is not None:
                try:
                    minutes = SettingsService(self.session).current().idle_lock_minutes
                except ShelterError:
                    pass
            timeout = minutes * 60_000
        self.idle.set_timeout(timeout)
        self.idle.start()

    def eventFilter(self, watched: QObject, event: object) -> bool:
        from PySide6.QtCore import QEvent, QTimer

        if not isinstance(event, QEvent) or event.type() != QEvent.Type.Close:
            return False
        if watched is self.main_window:
            self._quit()
        elif watched is self.intake_window:
            # Closed with a draft kept, or finished: the resume offer follows what is left.
            QTimer.singleShot(0, self.offer_resume)
        return False

    # -- intake -----------------------------------------------------------------------------

    def start_intake(self, draft: IntakeDraft | None = None) -> None:
        """Open the intake window (one at a time), new or from ``draft``."""
        if self.session is None or not self.session.is_open:
            return
        window = self.intake_window
        if window is not None and window.isVisible():
            window.raise_()
            window.activateWindow()
            return
        self._discard_intake_window()
        from shelter_desktop.ui.intake.intake_window import IntakeWindow

        window = IntakeWindow(self.session, draft)
        window.client_created.connect(self._intake_client_created)
        window.open_client_requested.connect(self._open_client_from_intake)
        # The window deletes itself when closed (WA_DeleteOnClose): forget it then.
        window.destroyed.connect(self._intake_window_destroyed)
        window.installEventFilter(self)
        self.intake_window = window  # top-level with no parent: keep it alive
        if self.main_window is not None:
            self.main_window.offer_resume(0)
        window.show()
        window.raise_()
        window.activateWindow()

    def unfinished_intakes(self) -> list[IntakeDraft]:
        """This person's intake drafts, most recent first (drafts are private to their author)."""
        if self.session is None or not self.session.is_open:
            return []
        from shelter_desktop.services.drafts import INTAKE_DRAFT, DraftService

        try:
            return DraftService(self.session).mine(INTAKE_DRAFT)
        except ShelterError as error:
            log_event("drafts.list_failed", error=error.event_code)
            return []

    def offer_resume(self) -> None:
        if self.main_window is None or (self.intake_window is not None
                                        and self.intake_window.isVisible()):
            return
        self.main_window.offer_resume(len(self.unfinished_intakes()))

    def resume_intake(self) -> None:
        drafts = self.unfinished_intakes()
        self.start_intake(drafts[0] if drafts else None)

    def save_intake_draft(self) -> None:
        """Save what the open intake holds; called before a lock, a quit and a language switch."""
        window = self.intake_window
        if window is None or not window.isVisible():
            return
        if self.session is None or not self.session.is_open:
            return
        try:
            window.save_draft()
        except ShelterError as error:
            log_event("drafts.save_failed", error=error.event_code)

    def _intake_window_destroyed(self) -> None:
        self.intake_window = None

    def _discard_intake_window(self) -> None:
        window, self.intake_window = self.intake_window, None
        if window is None:
            return
        window.destroyed.disconnect(self._intake_window_destroyed)
        window.removeEventFilter(self)
        window.close()
        window.deleteLater()

    def _intake_client_created(self, client_id: str) -> None:
        if self.main_window is not None:
            self.main_window.show_client(client_id)
        self.offer_resume()

    def _open_client_from_intake(self, client_id: str) -> None:
        """A possible duplicate was chosen in the intake: show that record in the main window."""
        if self.main_window is None:
            return
        self.main_window.show_client(client_id)
        self.main_window.raise_()
        self.main_window.activateWindow()

    # -- needs assessments ------------------------------------------------------------------

    def start_assessment(self, client_id: str, corrects: Assessment | None = None) -> None:
        """Open the assessment form for ``client_id`` (a correction of ``corrects``, if given).

        One form at a time, like the intake: asking again for the same one raises it; asking
        for another saves the open one's draft (its Needs tab then offers to resume it) and
        closes it first. An unfinished draft of the same assessment is resumed.
        """
        if self.session is None or not self.session.is_open:
            return
        corrects_id = corrects.id if corrects is not None else None
        form = self.assessment_form
        if form is not None and form.isVisible():
            open_corrects = form.corrects.id if form.corrects is not None else None
            if (form.client_id, open_corrects) == (client_id, corrects_id) \
                    or not form.save_draft():
                form.raise_()
                form.activateWindow()
                return
        self._discard_assessment_form()
        from shelter_desktop.services.drafts import DraftService
        from shelter_desktop.ui.assessment.assessment_form import AssessmentForm, find_draft

        try:
            draft = find_draft(DraftService(self.session), client_id, corrects_id)
        except ShelterError as error:
            log_event("drafts.list_failed", error=error.event_code)
            draft = None
        record = self.main_window.record_view if self.main_window is not None else None
        name = record.client.name_to_use if record is not None and record.client is not None \
            and record.client.id == client_id else ""
        form = AssessmentForm(self.session, client_id, draft, corrects, client_name=name)
        self._assessment_serial += 1
        serial = self._assessment_serial
        form.completed.connect(lambda _id, client=client_id: self._assessment_completed(client))
        # The form deletes itself when closed (WA_DeleteOnClose): forget it then, unless a newer
        # form has taken its place meanwhile.
        form.destroyed.connect(lambda _obj=None, client=client_id:
                               self._assessment_form_destroyed(client, serial))
        self.assessment_form = form  # top-level with no parent: keep it alive
        form.show()
        form.raise_()
        form.activateWindow()

    def save_assessment_draft(self) -> None:
        """Save what the open assessment holds; before a lock, a quit and a language switch."""
        form = self.assessment_form
        if form is None or not form.isVisible():
            return
        if self.session is None or not self.session.is_open:
            return
        try:
            form.save_draft()
        except ShelterError as error:
            log_event("drafts.save_failed", error=error.event_code)

    def _assessment_completed(self, client_id: str) -> None:
        if self.main_window is not None:
            self.main_window.record_view.assessment_completed(client_id)
            self.main_window.refresh_clients()  # the due alert may have changed

    def _assessment_form_destroyed(self, client_id: str, serial: int) -> None:
        if serial == self._assessment_serial:
            self.assessment_form = None
        if self.main_window is not None and self.session is not None and self.session.is_open:
            self.main_window.record_view.assessment_drafts_changed(client_id)

    def _discard_assessment_form(self) -> None:
        form, self.assessment_form = self.assessment_form, None
        if form is None:
            return
        form.close()
        form.deleteLater()

    # -- interpreter mode -------------------------------------------------------------------

    def toggle_interpreter(self, on: bool) -> None:
        """The toolbar toggle: off at once; on once the dialog is accepted (Cancel: still off)."""
        if on:
            self._ask_interpreter()
        else:
            self.interpreter.turn_off()

    def record_interpreter(self) -> None:
        """The bar's offer: record the interpreter on the record opened after the mode went on."""
        if self.interpreter.active and self.interpreter.client_id is None:
            self._ask_interpreter(self.interpreter.client_language)

    def _ask_interpreter(self, language: str | None = None) -> None:
        window = self.main_window
        if self.session is None or window is None:
            return
        from shelter_desktop.ui.interpreter.dialog import ask_interpreter

        parent: QWidget = window  # or over the intake or assessment in use
        for other in (self.intake_window, self.assessment_form):
            if other is not None and other is QApplication.activeWindow():
                parent = other
        dialog = ask_interpreter(self.interpreter, self.session, window.open_record(), parent,
                                 language=language)
        dialog.finished.connect(self._interpreter_changed)  # after Cancel the toggle is off again

    def _interpreter_changed(self) -> None:
        if self.main_window is not None:
            self.main_window.show_interpreter_state(self.interpreter.active)

    # -- dialogs ----------------------------------------------------------------------------

    def _open_dialog(self, dialog: QDialog) -> None:
        dialog.setModal(True)
        dialog.open()

    def show_accounts(self) -> None:
        from shelter_desktop.services.accounts import AccountService
        from shelter_desktop.ui.accounts_dialog import AccountsDialog

        if self.session is None or self.main_window is None:
            return
        self._open_dialog(AccountsDialog(AccountService(self.session), self.main_window))

    def show_import(self) -> None:
        from shelter_desktop.ui.import_dialog import ImportDialog

        if self.session is None or self.main_window is None:
            return
        dialog = ImportDialog(self.session, self.main_window)
        dialog.clients_imported.connect(lambda _count: self._refresh_clients())
        self._open_dialog(dialog)

    def _refresh_clients(self) -> None:
        if self.main_window is not None:
            self.main_window.refresh_clients()

    def show_audit(self) -> None:
        from shelter_desktop.services.audit_service import AuditService
        from shelter_desktop.ui.audit_dialog import AuditDialog

        if self.session is None or self.main_window is None:
            return
        self._open_dialog(AuditDialog(AuditService(self.session), self.main_window))

    def show_settings(self) -> None:
        from shelter_desktop.services.settings_service import SettingsService
        from shelter_desktop.ui.settings_dialog import SettingsDialog

        if self.session is None or self.main_window is None:
            return
        dialog = SettingsDialog(SettingsService(self.session), self.main_window)
        dialog.accepted.connect(self._start_idle_timer)
        self._open_dialog(dialog)

    def show_purge(self) -> None:
        from shelter_desktop.services.purge import PurgeService
        from shelter_desktop.ui.purge_dialog import PurgeDialog

        if self.session is None or self.main_window is None:
            return
        dialog = PurgeDialog(PurgeService(self.session), self.main_window)
        dialog.records_purged.connect(self._forget_clients)
        self._open_dialog(dialog)

    def _forget_clients(self, client_ids: list[str]) -> None:
        if self.main_window is not None:
            self.main_window.forget_clients(client_ids)

    def show_change_passphrase(self) -> None:
        from shelter_desktop.ui.change_passphrase_dialog import ChangePassphraseDialog

        if self.session is None or self.main_window is None:
            return
        self._open_dialog(ChangePassphraseDialog(self.session, parent=self.main_window))

    # -- lock -------------------------------------------------------------------------------

    def idle_lock(self) -> None:
        log_event("session.idle_lock")
        self.lock()

    def lock(self) -> None:
        """Save drafts, close every window but the unlock window, drop the key."""
        if self.session is None:
            return
        self.idle.stop()
        self.about_to_lock.emit()
        username = self.session.account.username
        self.show_unlock(username=username)
        self._close_windows()
        self._discard_intake_window()
        self._discard_assessment_form()
        session, self.session = self.session, None
        session.lock()
        if self.clipboard_guard is not None:
            self.clipboard_guard.clear_all()
        self.locked.emit()

    def _close_windows(self) -> None:
        window, self.main_window = self.main_window, None
        app = QApplication.instance()
        widgets: list[QWidget] = (
            list(app.topLevelWidgets()) if isinstance(app, QApplication) else [])
        for widget in widgets:
            if widget is window or not widget.isVisible():
                continue
            if widget is self.unlock_window or (
                    self.unlock_window.isAncestorOf(widget) and not isinstance(widget, QDialog)):
                continue
            if isinstance(widget, QDialog):
                widget.done(QDialog.DialogCode.Rejected)  # also ends a nested exec() loop
            widget.close()
            if self.unlock_window.isAncestorOf(widget) or isinstance(widget, QDialog):
                widget.deleteLater()
        if window is not None:
            window.removeEventFilter(self)
            window.close()
            window.deleteLater()

    # -- quit -------------------------------------------------------------------------------

    def _quit(self) -> None:
        if self.clipboard_guard is not None:
            self.clipboard_guard.clear_now()
        if self.session is not None:
            self.about_to_lock.emit()
            session, self.session = self.session, None
            session.lock()
        app = QApplication.instance()
        if app is not None:
            app.quit()

    def _stop_backup(self) -> None:
        # Only a loaded backup module can have a backup running: never import it to find out.
        backup_job = sys.modules.get("shelter_desktop.ui.backup_job")
        if backup_job is not None:
            backup_job.stop_running_backup()

    def shutdown(self) -> None:
        """On application exit: lock whatever is open."""
        self._stop_backup()
        self.interpreter.turn_off()
        if self.clipboard_guard is not None:
            self.clipboard_guard.clear_now()
            self.clipboard_guard.detach()
        if self.session is not None:
            session, self.session = self.session, None
            session.lock()
