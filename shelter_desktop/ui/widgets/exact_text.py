"""The exact text of a multi-line editor, every character kept."""

from __future__ import annotations

from PySide6.QtWidgets import QPlainTextEdit, QTextEdit


def exact_text(editor: QPlainTextEdit | QTextEdit) -> str:
    """What was typed, as typed.

    ``toPlainText()`` turns no-break spaces into plain ones (French puts one before « : ; ! ? »);
    the raw text keeps every character, with paragraph ends as U+2029.
    """
    return editor.document().toRawText().replace("\u2029", "\n")
