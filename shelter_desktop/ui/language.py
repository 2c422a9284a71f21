"""Qt's side of a language switch: Qt's own strings, layout direction, and re-translation.

``i18n.set_language`` calls :func:`apply_language` (registered as a listener), which installs
``qtbase_<lang>.qm`` for Qt's own dialogs, mirrors the layout for right-to-left languages, and
sends ``LanguageChange`` to every window synchronously, so each one re-translates in place and
nothing typed is lost.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from shelter_desktop import i18n

# Qt names some catalogs differently from our codes.
_QT_CATALOG = {"zh_Hans": "zh_CN", "fil": "tl"}
# Qt's locale (date fields, the calendar) for languages it does not know: the pseudo-locale.
_QT_LOCALE = {i18n.PSEUDO_LANGUAGE: "en"}
_qt_translator: QTranslator | None = None
_mirrored = False


def _install_qt_translator(code: str) -> None:
    global _qt_translator
    app = QCoreApplication.instance()
    if app is None:
        return
    if _qt_translator is not None:
        app.removeTranslator(_qt_translator)
        _qt_translator = None
    if code == i18n.SOURCE_LANGUAGE:
        return  # Qt's own strings are English already: no catalog to read at start-up
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(f"qtbase_{_QT_CATALOG.get(code, code)}", folder):
        app.installTranslator(translator)
        _qt_translator = translator


def _set_direction(app: QApplication, right_to_left: bool) -> None:
    global _mirrored
    if right_to_left == _mirrored:
        # Loading Qt's enum namespace costs ~10 ms; a left-to-right start-up never needs it.
        return
    from PySide6.QtCore import Qt

    app.setLayoutDirection(Qt.LayoutDirection.RightToLeft if right_to_left
                           else Qt.LayoutDirection.LeftToRight)
    _mirrored = right_to_left


def _qt_locale_name(translator: i18n.Translator) -> str:
    """``fr_CA`` for French with the region Canada; Qt falls back to the language alone."""
    name = _QT_LOCALE.get(translator.code, translator.code)
    return f"{name}_{translator.region}" if translator.region else name


def apply_language(translator: i18n.Translator) -> None:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    _install_qt_translator(translator.code)
    _set_direction(app, translator.is_rtl)
    QLocale.setDefault(QLocale(_qt_locale_name(translator)))
    event = QEvent(QEvent.Type.LanguageChange)
    windows = app.topLevelWidgets()
    for widget in windows:
        QCoreApplication.sendEvent(widget, event)
    # Swapping Qt's catalog made QGuiApplication post the same event to every window (to its
    # QWindow, which hands it to the widget); they are re-translated already, and a second
    # pass would double the time of a switch (bench/language_switch.py).
    for widget in windows:
        QCoreApplication.removePostedEvents(widget, QEvent.Type.LanguageChange)
        handle = widget.windowHandle()
        if handle is not None:
            QCoreApplication.removePostedEvents(handle, QEvent.Type.LanguageChange)


def install() -> None:
    """Listen to the i18n core; call once after QApplication exists."""
    i18n.remove_language_listener(apply_language)
    i18n.add_language_listener(apply_language)
    apply_language(i18n.current())
