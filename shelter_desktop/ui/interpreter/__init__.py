"""Interpreter mode's "second language": what ``retranslate_ui`` consults to show two languages.

When a client is helped through an interpreter, staff point at a question or an assessment level
and the client reads it too. While the mode is on, the widgets that show intake questions and
assessment anchors add the same message in the client's language beneath the staff's. The state
is process-wide, like the interface language in ``i18n`` (one person at the keyboard, one client
beside them), so any ``retranslate_ui`` can ask :func:`second_text` without being handed
anything; :class:`~shelter_desktop.ui.interpreter.mode.InterpreterMode` is its only writer, and
it re-translates every window when the mode changes (the same path as a language switch, so no
form is rebuilt and nothing typed is lost).

This module stays free of widgets so that the field and picker widgets can import it cheaply.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from shelter_desktop import i18n

if TYPE_CHECKING:
    from shelter_desktop.ui.interpreter.mode import InterpreterMode

_active: InterpreterMode | None = None


def active_mode() -> InterpreterMode | None:
    """The interpreter mode that is on, or None: the banners turn it off through this."""
    return _active


def set_active_mode(mode: InterpreterMode | None) -> None:
    """Called by ``InterpreterMode`` only; the caller re-translates the windows afterwards."""
    global _active
    _active = mode


def second_language() -> str | None:
    """The client's language code while the mode is on, else None."""
    return _active.client_language if _active is not None else None


def second_translator() -> i18n.Translator | None:
    """The client's catalog, or None when there is no second language to show.

    None while the mode is off, and when the client's language is the interface's own (a
    second line would only repeat the first).
    """
    code = second_language()
    if code is None or code == i18n.current().code:
        return None
    return i18n.translator_for(code)


def second_text(message: str) -> str | None:
    """``message`` (a msgid) in the client's language, or None when there is nothing to add.

    None also when the translation reads the same as the interface's text ("No" in English and
    Spanish), so a second line never just repeats the first.
    """
    translator = second_translator()
    if translator is None or not message:
        return None
    text = translator.gettext(message)
    return None if text == i18n.gettext(message) else text


def both_lines(shown: str, message: str) -> str:
    """``shown`` with the client's version of ``message`` on a second line.

    For short texts such as radio buttons and check boxes, whose one label cannot take two
    styles.
    """
    second = second_text(message)
    return shown if second is None else f"{shown}\n{second}"


def both_inline(shown: str, message: str) -> str:
    """``shown — second`` on one line, for the items of a drop-down list."""
    second = second_text(message)
    return shown if second is None else f"{shown} — {second}"
