"""Saving a form's draft into the vault, and saying so: one behaviour for every draft window.

Used by the intake window and the assessment form. The window provides ``draft``, ``drafts``
(a DraftService), ``draft_data()``, ``status_label``, ``autosave_timer`` and a ``draft_saved``
signal, and sets the state attributes below in its ``__init__``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtGui import QCloseEvent

from shelter_desktop import i18n
from shelter_desktop.errors import ShelterError
from shelter_desktop.i18n import _
from shelter_desktop.ui.messages import error_text


class DraftAutosave:
    """Mix into a QWidget subclass before it: ``class Form(DraftAutosave, QWidget)``."""

    _dirty: bool
    _saving: bool
    _finished: bool
    _save_error: BaseException | None
    _saved_at: dt.datetime | None
    draft: Any
    drafts: Any
    status_label: Any
    autosave_timer: Any
    draft_saved: Any

    def draft_data(self) -> dict[str, object]:  # pragma: no cover - provided by the window
        raise NotImplementedError

    def _resume_saved_time(self, draft: Any) -> None:
        """A reopened draft says when it was last saved (in local time), not "Not saved yet"."""
        if draft.updated_at is not None:
            self._saved_at = draft.updated_at.astimezone().replace(tzinfo=None)

    def save_draft(self, force: bool = False) -> bool:
        """Save the draft into the vault now; True when saved (or nothing needed saving).

        Errors (the vault locked meanwhile, a full disk) are shown in the status line and the
        window keeps everything, so the next save can succeed.
        """
        if self._finished or (not self._dirty and not force) or self._saving:
            return True
        self.autosave_timer.stop()
        self._saving = True
        self._show_save_state()
        self.status_label.repaint()
        try:
            self.draft.data = self.draft_data()
            self.drafts.save(self.draft)
        except ShelterError as error:
            self._save_error = error
            return False
        except Exception as error:
            self._save_error = error
            raise  # a bug: the exception hook shows it; the status line says it was not saved
        else:
            self._dirty = False
            self._save_error = None
            self._saved_at = dt.datetime.now()
            self.draft_saved.emit()
            return True
        finally:
            self._saving = False
            self._show_save_state()

    def _show_save_state(self) -> None:
        if self._saving:
            text = _("Saving…")
        elif self._save_error is not None:
            text = _("Not saved: {reason}").format(reason=error_text(self._save_error))
        elif self._dirty or self._saved_at is None:
            text = _("Not saved yet")
        else:
            text = _("Saved {time}").format(time=i18n.current().format_time(self._saved_at))
        self.status_label.setText(text)
        self.status_label.setAccessibleName(text)

    def finish_draft(self) -> None:
        """The form's work is stored: stop saving and delete the draft.

        A draft that cannot be deleted now (the vault just locked) is left; it is only ever
        shown to its author, who can discard it.
        """
        self._finished = True
        self.autosave_timer.stop()
        try:
            self.drafts.delete(self.draft.id)
        except ShelterError:
            pass

    def close_keeping_draft(self) -> None:
        """The Close button: save first; if that fails, stay open and say why."""
        if self.save_draft():
            self.close()  # type: ignore[attr-defined]

    def closeEvent(self, event: QCloseEvent) -> None:
        # A close by the person (window manager) that cannot save is refused, so nothing is
        # lost; a close by the application (locking) goes ahead: it saved before locking.
        if not self.save_draft() and event.spontaneous():
            event.ignore()
            return
        self.autosave_timer.stop()
        self._finished = True
        super().closeEvent(event)  # type: ignore[misc]
