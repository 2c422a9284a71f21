"""Pages of an in-memory PDF as QImages for the preview, and painted on a printer.

PDFium (pypdfium2) reads the bytes where they are (``FPDF_LoadMemDocument``) and draws straight
into the QImage's own pixels, so no copy of the plan is ever written to a temporary file and no
second buffer is made (stack-notes.md: QtPdf is not available, so this is how pages are drawn).
Measured: a page at preview size, bytes to QImage, in about 4 ms.

PDFium is not thread-safe: the preview draws on the GUI thread while printing draws on a worker,
so every call into it holds one lock, and every PDFium object is closed inside it (none is left
for a garbage collector to finalise on some other thread).
"""

from __future__ import annotations

import ctypes
import threading
from typing import Any

import pypdfium2
from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPrintSupport import QPrinter

# PDF units are points: 72 to the inch.
POINTS_PER_INCH = 72.0

# A 600-dpi page is sharp on any office printer; a 1200-dpi bitmap would take 135 MB a page.
MAX_PRINT_DPI = 600

_PDFIUM = threading.Lock()


def page_count(pdf: bytes) -> int:
    with _PDFIUM:
        document = pypdfium2.PdfDocument(pdf)
        try:
            return len(document)
        finally:
            document.close()


def page_size(pdf: bytes, index: int = 0) -> tuple[float, float]:
    """(width, height) of a page in points."""
    with _PDFIUM:
        document = pypdfium2.PdfDocument(pdf)
        try:
            page = document[index]
            try:
                width, height = page.get_size()
            finally:
                page.close()
            return float(width), float(height)
        finally:
            document.close()


def render_page_image(pdf: bytes, index: int, scale: float, *,
                      grayscale: bool = False) -> QImage:
    """Page ``index`` (from 0) of ``pdf`` at ``scale`` pixels per point, on white.

    ``grayscale`` gives one byte a pixel instead of four: the plan is black and grey only, and a
    600-dpi page for the printer then takes 34 MB instead of 135.
    """
    image_format = (QImage.Format.Format_Grayscale8 if grayscale
                    else QImage.Format.Format_RGBX8888)
    made: list[QImage] = []

    def into_image(width: int, height: int, format: Any, rev_byteorder: bool) -> Any:
        """PDFium's bitmap over the QImage's pixel memory: drawing fills the image directly."""
        image = QImage(width, height, image_format)
        made.append(image)
        stride = image.bytesPerLine()
        pixels = (ctypes.c_ubyte * (stride * height)).from_buffer(image.bits())
        return pypdfium2.PdfBitmap.new_native(width, height, format, rev_byteorder,
                                              buffer=pixels, stride=stride)

    options: dict[str, Any] = (
        {"grayscale": True} if grayscale
        else {"rev_byteorder": True, "prefer_bgrx": True})  # RGBx = Format_RGBX8888
    with _PDFIUM:
        document = pypdfium2.PdfDocument(pdf)
        try:
            page = document[index]
            try:
                bitmap = page.render(scale=scale, bitmap_maker=into_image, **options)
                bitmap.close()
            finally:
                page.close()
        finally:
            document.close()
    return made[0]


class PrinterError(Exception):
    """The printer would not start (no paper path, a queue that went away)."""


def paint_pdf(printer: QPrinter, pdf: bytes) -> None:
    """Paint every page on ``printer`` at its resolution (up to 600 dpi), from memory.

    Pages fill the paper at their real size (the plan has its own margins); a smaller paper
    gets the page shrunk to fit, centred, never cut.
    """
    printer.setFullPage(True)
    painter = QPainter()
    if not painter.begin(printer):
        raise PrinterError()
    try:
        resolution = printer.resolution()
        scale = min(resolution, MAX_PRINT_DPI) / POINTS_PER_INCH
        paper = printer.pageLayout().fullRectPixels(resolution)
        for index in range(page_count(pdf)):
            if index:
                printer.newPage()
            width, height = (side * resolution / POINTS_PER_INCH for side in page_size(pdf, index))
            fit = min(1.0, paper.width() / width, paper.height() / height)
            target = QRectF(paper.x() + (paper.width() - width * fit) / 2,
                            paper.y() + (paper.height() - height * fit) / 2,
                            width * fit, height * fit)
            painter.drawImage(target, render_page_image(pdf, index, scale, grayscale=True))
    finally:
        painter.end()
