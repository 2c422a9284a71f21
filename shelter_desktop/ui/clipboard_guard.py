"""Clearing client text that staff copied out of the application (security.md, quick lock).

Qt lets anyone copy from any field (Ctrl+C, the context menu, a selectable label). A name or a
note left on the clipboard outlives the session: after a lock, anyone at the desk could paste
it. The guard watches the clipboard and, when the application itself put something there,
clears it after a short delay, and at once on lock or quit.

Its timer never wipes what the person copied from another application meanwhile; a lock empties
the clipboard whatever it holds, as security.md asks of the quick lock. "Ours" is decided
by the platform once it has said who owns the clipboard (X11, Windows, macOS and Wayland report
``ownsClipboard()``); another application's content is then never even read. Where the
platform cannot say (the offscreen platform), a change made while this application is active
counts as ours, and before clearing the guard checks that the clipboard still holds the text
it saw, remembered only as a SHA-256 digest so that no client text is kept to erase it.

On X11 selecting text also fills the "primary selection" (middle-click paste); it is guarded
the same way where the platform has one.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QClipboard, QGuiApplication

from shelter_desktop.logs import log_event

DEFAULT_TIMEOUT_MS = 30_000


def _app_is_active() -> bool:
    return QGuiApplication.applicationState() == Qt.ApplicationState.ApplicationActive


def _digest(text: str) -> bytes:
    import hashlib  # on first copy: loading OpenSSL cost start-up 12 ms (bench: startup)

    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()


class _ModeGuard(QObject):
    """One clipboard mode (the clipboard, or the X11 selection): its digest and timer."""

    def __init__(self, guard: ClipboardGuard, mode: QClipboard.Mode) -> None:
        super().__init__(guard)
        self.guard = guard
        self.mode = mode
        self.digest: bytes | None = None  # what we put there, while it may still be there
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.expire)

    @property
    def clipboard(self) -> QClipboard:
        return self.guard.clipboard

    def _owns(self) -> bool:
        if self.mode == QClipboard.Mode.Clipboard:
            return self.clipboard.ownsClipboard()
        return self.clipboard.ownsSelection()

    def changed(self) -> None:
        owns = self._owns()
        if owns:
            self.guard.ownership_reported = True
        ours = owns if self.guard.ownership_reported else self.guard.is_app_active()
        if not ours:
            self.forget()  # copied in another application: theirs, and never read here
            return
        text = self.clipboard.text(self.mode)
        if not text and not self._has_data():
            self.forget()  # emptied (by our own clearing, say): nothing left to guard
            return
        self.digest = _digest(text)
        self.timer.start(self.guard.timeout_ms)

    def _has_data(self) -> bool:
        data = self.clipboard.mimeData(self.mode)
        return data is not None and bool(data.formats())

    def holds_ours(self) -> bool:
        if self.digest is None:
            return False
        if self.guard.ownership_reported:
            return self._owns()  # whatever this application owns, it put there
        return _digest(self.clipboard.text(self.mode)) == self.digest

    def expire(self) -> None:
        if self.clear_if_ours():
            log_event("clipboard.expired")

    def clear_if_ours(self) -> bool:
        if not self.holds_ours():
            self.forget()
            return False
        self.forget()  # before clear(): its own change signal then finds nothing to guard
        self.clipboard.clear(self.mode)
        return True

    def forget(self) -> None:
        self.timer.stop()
        self.digest = None


class ClipboardGuard(QObject):
    """Clears what this application copied: ``timeout_ms`` later, or at once with clear_now()."""

    def __init__(self, clipboard: QClipboard, *, timeout_ms: int = DEFAULT_TIMEOUT_MS,
                 is_app_active: Callable[[], bool] = _app_is_active,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.clipboard = clipboard
        self.timeout_ms = timeout_ms
        # Where the platform cannot say who owns the clipboard, whether this application is
        # the one in front decides (replaced in tests to play another application).
        self.is_app_active = is_app_active
        self.ownership_reported = False  # set once the platform has said "ours"
        self.attached = True
        self.modes = [_ModeGuard(self, QClipboard.Mode.Clipboard)]
        clipboard.dataChanged.connect(self.modes[0].changed)
        if clipboard.supportsSelection():
            self.modes.append(_ModeGuard(self, QClipboard.Mode.Selection))
            clipboard.selectionChanged.connect(self.modes[1].changed)

    @property
    def pending(self) -> bool:
        """True while something this application copied waits to be cleared."""
        return any(mode.digest is not None for mode in self.modes)

    def clear_now(self) -> None:
        """On lock and quit: clear whatever of ours is still there; leave others' content."""
        cleared = [mode.clear_if_ours() for mode in self.modes]
        if any(cleared):
            log_event("clipboard.cleared")

    def clear_all(self) -> None:
        """On lock: empty the clipboard whatever it holds (security.md, quick lock).

        The desk is about to be left; anything on the clipboard, even text copied from an e-mail
        about a client, could be pasted by the next person who sits down.
        """
        for mode in self.modes:
            mode.forget()
            self.clipboard.clear(mode.mode)
        log_event("clipboard.cleared")

    def detach(self) -> None:
        """Stop watching (the controller shuts down); nothing is cleared by this."""
        for mode in self.modes:
            mode.forget()
        if not self.attached:
            return
        self.attached = False
        self.clipboard.dataChanged.disconnect(self.modes[0].changed)
        if len(self.modes) > 1:
            self.clipboard.selectionChanged.disconnect(self.modes[1].changed)
