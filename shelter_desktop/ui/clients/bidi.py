"""Aligning labels by the interface's direction, not by the direction of the text in them.

A plain QLabel aligns a paragraph by the script of its own text: a Persian name in an English
interface sits at the right edge, an English one in an Arabic interface at the left. Names and
answers in any script must line up at the start edge of the interface, as item views do.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel


def align_to_start(labels: Iterable[QLabel],
                   vertical: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignTop) -> None:
    """Pin each label's text to the interface's start edge; call again after a mirror switch."""
    for label in labels:
        start = (Qt.AlignmentFlag.AlignRight
                 if label.layoutDirection() == Qt.LayoutDirection.RightToLeft
                 else Qt.AlignmentFlag.AlignLeft)
        label.setAlignment(start | Qt.AlignmentFlag.AlignAbsolute | vertical)
