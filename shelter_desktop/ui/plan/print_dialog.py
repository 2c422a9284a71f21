"""Preview, print and save the printed plan (domain.md §4.3, §4.4; security.md "Printing").

The left side holds the choices for this one print: the document language (the client's, not
the interface's), an optional second language beside it, discreet mode (on unless staff turn it
off, and then the page says the organisation's name), and the §4.4 items a client may ask for,
which start unticked every time. The right side shows the pages exactly as they will print.

Every page comes from PDF bytes held in memory: the preview draws them with PDFium, printing
paints the same pages on the printer, and "Save as PDF" writes them only to the file the person
chose, after a warning when that folder syncs to a cloud service. The service audits each
preview (once per set of choices shown), print and save.
"""

from __future__ import annotations

import datetime as dt
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import (
    QImage,
    QKeySequence,
    QPageSize,
    QPalette,
    QPixmap,
    QShowEvent,
)
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from shelter_desktop import i18n
from shelter_desktop.domain.accounts import Permission
from shelter_desktop.domain.plans import INCLUDABLE_ITEMS, PrintOptions
from shelter_desktop.errors import ShelterError
from shelter_desktop.i18n import _
from shelter_desktop.services import save_location
from shelter_desktop.services.plans import NoPlanError, PlanPrinting
from shelter_desktop.services.vault_service import organisation_name
from shelter_desktop.ui.messages import error_text
from shelter_desktop.ui.plan.preview import (
    PrinterError,
    page_count,
    page_size,
    paint_pdf,
    render_page_image,
)
from shelter_desktop.ui.widgets.interface_label import InterfaceLabel, MessageLine
from shelter_desktop.ui.widgets.language_menu import language_choice_text
from shelter_desktop.ui.workers import run_task

if TYPE_CHECKING:
    from shelter_desktop.services.session import Session

# Choices settle before the plan is rendered again: a burst of clicks makes one preview (and
# one audit entry), not one per click.
PREVIEW_DELAY_MS = 150
RESIZE_DELAY_MS = 80
PAGE_GAP = 12


def document_languages() -> list[str]:
    """The languages a plan can be printed in: every catalog the app has."""
    return [code for code in i18n.available_languages() if code != i18n.PSEUDO_LANGUAGE]


def default_file_name(today: dt.date | None = None) -> str:
    """A name that says nothing about a shelter, a client or why the plan exists."""
    day = (today or dt.date.today()).isoformat()
    return _("plan-{date}.pdf").format(date=day)


class _ResizeWatcher(QObject):
    """Tells the dialog when the preview's viewport changes width (zoom is fit-to-width)."""

    resized = Signal()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.resized.emit()
        return False


class PlanPrintDialog(QDialog):
    """Preview, print and save the latest version of ``client_id``'s plan."""

    preview_shown = Signal()  # every page of the current choices is drawn
    print_finished = Signal(bool)  # the pages reached the printer (True) or not

    def __init__(self, session: Session, client_id: str, default_language: str | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("plan_print_dialog")
        self.session = session
        self.client_id = client_id
        self.printing = PlanPrinting(session)
        self.organisation = organisation_name(session)
        self.printer: QPrinter | None = None  # made when first needed (tests give their own)
        self.cloud_warning: QMessageBox | None = None  # while the warning is open
        self.has_plan = False
        self.is_printing = False
        self.saved_path: Path | None = None
        self._closed = False
        # Rendered plans for the choices already shown: going back to earlier choices shows
        # them again without a second render (or audit entry). Memory only; dropped on close.
        self._documents: dict[PrintOptions, bytes] = {}
        self._pdf: bytes | None = None
        self._page_points: tuple[float, float] = (612.0, 792.0)
        self._scale = 0.0
        self._generation = 0
        self.pages_drawn = 0

        self._build_options(default_language)
        self._build_preview()
        self._build_buttons()

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.options_area)
        self.splitter.addWidget(self.preview_panel)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([330, 670])
        bottom = QHBoxLayout()
        bottom.addWidget(self.status_line, 1)
        bottom.addWidget(self.buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter, 1)
        layout.addLayout(bottom)
        self.resize(1040, 780)

        self.preview_timer = QTimer(self)
        self.preview_timer.setSingleShot(True)
        self.preview_timer.setInterval(PREVIEW_DELAY_MS)
        self.preview_timer.timeout.connect(self.refresh_preview)
        self.resize_timer = QTimer(self)
        self.resize_timer.setSingleShot(True)
        self.resize_timer.setInterval(RESIZE_DELAY_MS)
        self.resize_timer.timeout.connect(self._refit)
        self._resize_watcher = _ResizeWatcher(self)
        self._resize_watcher.resized.connect(self.resize_timer.start)
        self.preview_area.viewport().installEventFilter(self._resize_watcher)
        scroll_bar = self.preview_area.verticalScrollBar()
        scroll_bar.valueChanged.connect(self._update_page_position)
        scroll_bar.rangeChanged.connect(self._update_page_position)  # pages laid out anew

        for combo in (self.language_combo, self.second_combo):
            combo.currentIndexChanged.connect(self._options_changed)
        self.language_combo.currentIndexChanged.connect(self._fill_second_languages)
        self.discreet_check.toggled.connect(self._options_changed)
        for check in self.include_checks.values():
            check.toggled.connect(self._options_changed)
        self.retranslate_ui()
        self._show_discretion()

    # -- building -----------------------------------------------------------------------------

    def _build_options(self, default_language: str | None) -> None:
        panel = QWidget(self)
        self.language_label = InterfaceLabel(panel, word_wrap=True)
        self.language_combo = QComboBox(panel)
        self.language_combo.setObjectName("document_language")
        self.language_label.setBuddy(self.language_combo)
        codes = document_languages()
        for code in codes:
            self.language_combo.addItem(language_choice_text(code), code)
        wanted = [c for c in (default_language, i18n.current().code, i18n.SOURCE_LANGUAGE)
                  if c in codes]
        self.language_combo.setCurrentIndex(self.language_combo.findData(wanted[0])
                                            if wanted else 0)
        self.second_label = InterfaceLabel(panel, word_wrap=True)
        self.second_combo = QComboBox(panel)
        self.second_combo.setObjectName("second_language")
        self.second_label.setBuddy(self.second_combo)
        self.second_note = InterfaceLabel(panel, word_wrap=True)
        self._fill_second_languages()

        self.discreet_check = QCheckBox(panel)
        self.discreet_check.setObjectName("discreet")
        self.discreet_check.setChecked(True)
        self.discreet_note = InterfaceLabel(panel, word_wrap=True)
        self.discreet_note.setObjectName("discreet_note")
        self.organisation_warning = MessageLine(panel)
        self.organisation_warning.setObjectName("organisation_warning")

        self.include_group = QGroupBox(panel)
        self.include_group.setObjectName("include_group")
        self.include_note = InterfaceLabel(self.include_group, word_wrap=True)
        include_layout = QVBoxLayout(self.include_group)
        include_layout.addWidget(self.include_note)
        self.include_checks: dict[str, QCheckBox] = {}
        for key in INCLUDABLE_ITEMS:
            check = QCheckBox(self.include_group)
            check.setObjectName(f"include_{key}")
            check.setChecked(False)  # never remembered: each print asks again
            include_layout.addWidget(check)
            self.include_checks[key] = check
        # Hidden is only for the eye: the service checks the permission again.
        self.include_group.setVisible(self.session.can(Permission.REVEAL_RESTRICTED))

        layout = QVBoxLayout(panel)
        layout.setSpacing(6)
        layout.addWidget(self.language_label)
        layout.addWidget(self.language_combo)
        layout.addSpacing(8)
        layout.addWidget(self.second_label)
        layout.addWidget(self.second_combo)
        layout.addWidget(self.second_note)
        layout.addSpacing(12)
        layout.addWidget(self.discreet_check)
        layout.addWidget(self.discreet_note)
        layout.addWidget(self.organisation_warning)
        layout.addSpacing(12)
        layout.addWidget(self.include_group)
        layout.addStretch(1)
        self.options_area = QScrollArea(self)
        self.options_area.setObjectName("print_options")
        self.options_area.setWidgetResizable(True)
        self.options_area.setFrameShape(QFrame.Shape.NoFrame)
        self.options_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.options_area.setWidget(panel)
        self.options_area.setMinimumWidth(240)

    def _build_preview(self) -> None:
        self.preview_panel = QWidget(self)
        self.page_position = InterfaceLabel(self.preview_panel)
        self.page_position.setObjectName("page_position")
        self.preview_message = MessageLine(self.preview_panel)
        self.preview_message.setObjectName("preview_message")
        self.preview_area = QScrollArea(self.preview_panel)
        self.preview_area.setObjectName("preview_area")
        self.preview_area.setWidgetResizable(True)
        self.preview_area.setBackgroundRole(QPalette.ColorRole.Dark)
        # Always there, so the page width (fit to width) does not jump when pages arrive.
        self.preview_area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.pages_widget = QWidget(self.preview_area)
        self.pages_widget.setBackgroundRole(QPalette.ColorRole.Dark)
        self.pages_layout = QVBoxLayout(self.pages_widget)
        self.pages_layout.setContentsMargins(PAGE_GAP, PAGE_GAP, PAGE_GAP, PAGE_GAP)
        self.pages_layout.setSpacing(PAGE_GAP)
        self.pages_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.preview_area.setWidget(self.pages_widget)
        self.page_labels: list[QLabel] = []
        layout = QVBoxLayout(self.preview_panel)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.page_position)
        layout.addWidget(self.preview_message)
        layout.addWidget(self.preview_area, 1)

    def _build_buttons(self) -> None:
        self.buttons = QDialogButtonBox(self)
        self.print_button = QPushButton(self)
        self.print_button.setObjectName("print_plan")
        self.print_button.setShortcut(QKeySequence(QKeySequence.StandardKey.Print))
        self.save_button = QPushButton(self)
        self.save_button.setObjectName("save_plan")
        self.close_button = QPushButton(self)
        self.close_button.setObjectName("close")
        self.buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.print_button.clicked.connect(self.print_plan)
        self.save_button.clicked.connect(self.save_plan)
        self.close_button.clicked.connect(self.reject)
        for button in (self.print_button, self.save_button):
            button.setEnabled(False)  # until the plan is on screen
        self.status_line = MessageLine(self, margin=6)
        self.status_line.setObjectName("print_status")

    # -- language ---------------------------------------------------------------------------

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Print the plan"))
        self.language_label.setText(_("Document &language:"))
        self.second_label.setText(_("&Second language, side by side:"))
        self.second_combo.setItemText(0, _("None"))
        self.second_note.setText(_(
            "Each part of the plan is printed beside its translation. Only if the client "
            "wants it."))
        self.discreet_check.setText(_("&Discreet (recommended)"))
        self.discreet_note.setText(_(
            "The page shows no organisation name, address or logo, and nothing about why the "
            "plan exists, so it is safe if someone else finds it."))
        self.include_group.setTitle(_("Include for this print only"))
        self.include_note.setText(_(
            "Only if the client asks for it. These are never printed otherwise, and are "
            "unticked again next time."))
        for key, check in self.include_checks.items():
            check.setText(_(INCLUDABLE_ITEMS[key]))
        self.preview_area.setAccessibleName(_("Preview of the printed plan"))
        self.print_button.setText(_("&Print…"))
        self.print_button.setToolTip(_("Print (Ctrl+P)"))
        self.save_button.setText(_("Save as PD&F…"))
        self.close_button.setText(_("Close"))
        self._name_pages()
        self._update_page_position()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # -- choices --------------------------------------------------------------------------------

    def _fill_second_languages(self) -> None:
        """Every language but the document's own; the choice is kept when it still can be."""
        chosen = self.second_combo.currentData()
        first = self.language_combo.currentData()
        self.second_combo.blockSignals(True)
        self.second_combo.clear()
        self.second_combo.addItem(_("None"), None)
        for code in document_languages():
            if code != first:
                self.second_combo.addItem(language_choice_text(code), code)
        index = self.second_combo.findData(chosen) if chosen else 0
        self.second_combo.setCurrentIndex(max(index, 0))
        self.second_combo.blockSignals(False)

    def current_options(self) -> PrintOptions:
        discreet = self.discreet_check.isChecked()
        second = self.second_combo.currentData()
        include = frozenset(key for key, check in self.include_checks.items()
                            if check.isChecked() and not self.include_group.isHidden())
        return PrintOptions(language=str(self.language_combo.currentData()),
                            second_language=second if isinstance(second, str) else None,
                            discreet=discreet,
                            organisation_name="" if discreet else self.organisation,
                            include=include)

    def _show_discretion(self) -> None:
        discreet = self.discreet_check.isChecked()
        self.discreet_note.setVisible(discreet)
        if discreet:
            self.organisation_warning.show_message(None)
        elif self.organisation.strip():
            name = self.organisation.strip()
            self.organisation_warning.show_message(lambda: _(
                "Not discreet: every page will show your organisation's name, “{name}”. "
                "Anyone who finds the page will know where it came from.").format(name=name))
        else:
            self.organisation_warning.show_message(lambda: _(
                "Not discreet, but no organisation name is set, so none will be printed."))

    def _options_changed(self) -> None:
        self._show_discretion()
        self.preview_timer.start()

    # -- preview ------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._pdf is None and not self.preview_timer.isActive():
            QTimer.singleShot(0, self.refresh_preview)  # once the layout gives the page a width

    def _render(self, options: PrintOptions, purpose: str) -> bytes | None:
        """The plan's PDF from the service (which checks rights and audits), or None."""
        try:
            return self.printing.render(self.client_id, options, purpose=purpose)
        except NoPlanError as error:
            self._show_no_plan(error)
        except ShelterError as error:
            message = partial(error_text, error)
            if purpose == "preview":
                self.preview_message.show_message(message)
            else:
                self.status_line.show_message(message)
        return None

    def refresh_preview(self) -> None:
        """Show the pages for the current choices, rendering them only if not shown before."""
        self.preview_timer.stop()
        if self._closed:
            return
        options = self.current_options()
        pdf = self._documents.get(options)
        if pdf is None:
            pdf = self._render(options, "preview")
            if pdf is None:
                return
            self._documents[options] = pdf
        self.has_plan = True
        self.preview_message.show_message(None)
        self.preview_area.show()
        self._enable_actions()
        self._show_pdf(pdf)

    def _show_no_plan(self, error: ShelterError) -> None:
        self.has_plan = False
        self._pdf = None
        self.preview_message.show_message(lambda: _(
            "{problem} Add a goal to the plan first; then it can be printed.").format(
                problem=error.user_message()))
        self.preview_area.hide()
        self.page_position.clear()
        self._enable_actions()

    def _fit_scale(self) -> float:
        """Pixels per point so a page fills the viewport's width (never smaller than a thumb)."""
        width = self.preview_area.viewport().width() - 2 * PAGE_GAP
        points = self._page_points[0]
        return max(width, 120) / points * self.devicePixelRatioF()

    def _show_pdf(self, pdf: bytes) -> None:
        """Page 1 at once; the others one per turn of the event loop, after page 1 is painted."""
        self._pdf = pdf
        self._generation += 1
        count = page_count(pdf)
        self._page_points = page_size(pdf, 0)
        while len(self.page_labels) < count:
            label = QLabel(self.pages_widget)
            label.setObjectName(f"page_{len(self.page_labels) + 1}")
            label.setBackgroundRole(QPalette.ColorRole.Base)
            label.setAutoFillBackground(True)  # white paper while the page is being drawn
            self.pages_layout.addWidget(label, 0, Qt.AlignmentFlag.AlignHCenter)
            self.page_labels.append(label)
        for number, label in enumerate(self.page_labels, start=1):
            label.setVisible(number <= count)
        self._name_pages()
        self._draw_pages(self._generation)

    def _name_pages(self) -> None:
        pages = self.visible_pages()
        for number, label in enumerate(pages, start=1):
            label.setAccessibleName(_("Page {page} of {pages}").format(page=number,
                                                                       pages=len(pages)))

    def _draw_pages(self, generation: int) -> None:
        self._scale = self._fit_scale()
        self.pages_drawn = 0
        ratio = self.devicePixelRatioF()
        width, height = self._page_points
        for label in self.visible_pages():
            label.setFixedSize(round(width * self._scale / ratio),
                               round(height * self._scale / ratio))
        self._draw_page(generation, 0)
        self._update_page_position()

    def _draw_page(self, generation: int, index: int) -> None:
        pdf, pages = self._pdf, self.visible_pages()
        if generation != self._generation or pdf is None or index >= len(pages):
            return
        image = render_page_image(pdf, index, self._scale)
        pixmap = QPixmap.fromImage(image)
        pixmap.setDevicePixelRatio(self.devicePixelRatioF())
        pages[index].setPixmap(pixmap)
        self.pages_drawn = index + 1
        if index + 1 < len(pages):
            QTimer.singleShot(0, partial(self._draw_page, generation, index + 1))
        else:
            self.preview_shown.emit()

    def _refit(self) -> None:
        if self._pdf is None or self._closed:
            return
        if abs(self._fit_scale() - self._scale) > 0.01 * self._scale:
            self._generation += 1
            self._draw_pages(self._generation)

    @property
    def shown_pdf(self) -> bytes | None:
        """The PDF whose pages the preview shows (what Print and Save would render again)."""
        return self._pdf

    def visible_pages(self) -> list[QLabel]:
        return [label for label in self.page_labels if not label.isHidden()]

    def page_images(self) -> list[QImage]:
        """The pages as drawn on screen (for tests and screenshots)."""
        return [label.pixmap().toImage() for label in self.visible_pages()[:self.pages_drawn]]

    def _update_page_position(self) -> None:
        pages = self.visible_pages()
        if not pages or self._pdf is None:
            self.page_position.clear()
            return
        middle = self.preview_area.verticalScrollBar().value() + \
            self.preview_area.viewport().height() // 2
        current = 1
        for number, label in enumerate(pages, start=1):
            if label.geometry().top() <= middle:
                current = number
        self.page_position.setText(_("Page {page} of {pages}").format(page=current,
                                                                      pages=len(pages)))

    # -- printing -------------------------------------------------------------------------------

    def _still_open(self) -> bool:
        """False once the dialog closed or the screen locked while a nested dialog was open."""
        return not self._closed and self.session.is_open

    def _printer(self) -> QPrinter:
        if self.printer is None:
            self.printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            self.printer.setPageSize(QPageSize(QPageSize.PageSizeId.Letter))  # the plan's own
        # What a print queue shows: as neutral as the file name.
        self.printer.setDocName(default_file_name().removesuffix(".pdf"))
        self.printer.setCreator("")
        return self.printer

    def print_plan(self) -> None:
        if not self.has_plan or self.is_printing:
            return
        printer = self._printer()
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(_("Print the plan"))
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        dialog.deleteLater()
        if not accepted or not self._still_open():
            return
        if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat and \
                printer.outputFileName() and not self._may_save_to(printer.outputFileName()):
            return  # "print to file" into a synced folder, and the person chose not to
        pdf = self._render(self.current_options(), "print")
        if pdf is None:
            return
        # Painting a 600-dpi page takes Qt's PDF engine about half a second: off the GUI
        # thread (QPainter may paint on a QPrinter in any thread), so the window never freezes.
        self.is_printing = True
        self._enable_actions()
        self.status_line.show_message(lambda: _("Printing…"))
        run_task(partial(paint_pdf, printer, pdf), self._printed, self._print_failed)

    def _printed(self, _result: object) -> None:
        self.is_printing = False
        self._enable_actions()
        self.status_line.show_message(lambda: _("Sent to the printer."))
        self.print_finished.emit(True)

    def _print_failed(self, error: BaseException) -> None:
        self.is_printing = False
        self._enable_actions()
        if isinstance(error, PrinterError):
            self.status_line.show_message(lambda: _(
                "The printer could not be reached. Nothing was printed. Check the printer "
                "and try again."))
        else:
            self.status_line.show_message(partial(error_text, error))
        self.print_finished.emit(False)

    def _enable_actions(self) -> None:
        for button in (self.print_button, self.save_button):
            button.setEnabled(self.has_plan and not self.is_printing)

    # -- saving -----------------------------------------------------------------------------

    def _start_folder(self) -> Path:
        from PySide6.QtCore import QStandardPaths

        documents = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation)
        return Path(documents) if documents else Path.home()

    def save_plan(self) -> None:
        """Ask where, warn about a synced folder, then write the PDF there and nowhere else."""
        if not self.has_plan or self.is_printing:
            return
        start = self._start_folder() / default_file_name()
        while True:
            path, _filter = QFileDialog.getSaveFileName(
                self, _("Save the plan as PDF"), str(start), _("PDF documents (*.pdf)"))
            if not path or not self._still_open():
                return
            if self._may_save_to(path):
                break
            # Somewhere else: start from the home folder, which is rarely synced itself.
            start = Path.home() / Path(path).name
        pdf = self._render(self.current_options(), "save")
        if pdf is None:
            return
        try:
            save_location.save_pdf(path, pdf)
        except OSError:
            self.status_line.show_message(lambda: _(
                "The plan could not be saved there. Check that the place still exists and "
                "that you may write to it, or choose another place."))
            return
        saved = self.saved_path = Path(path)
        self.status_line.show_message(lambda: _("Saved as {file}.").format(file=saved.name))

    def _may_save_to(self, path: str) -> bool:
        """True unless ``path`` is in a cloud-synced folder and the person chose another place."""
        service = save_location.cloud_service_for(path)
        if service is None:
            return True
        box = QMessageBox(QMessageBox.Icon.Warning, _("This folder is synced"), _(
            "This folder is synced to {service}. A copy of the plan would go to {service}'s "
            "servers and to every computer or phone linked to that account, where someone else "
            "may see it.").format(service=service), QMessageBox.StandardButton.NoButton, self)
        box.setObjectName("cloud_warning")
        box.setInformativeText(_("Save it in a folder that is not synced, or on a USB stick "
                                 "you keep safe."))
        save_anyway = box.addButton(_("Save anyway"), QMessageBox.ButtonRole.AcceptRole)
        save_anyway.setObjectName("save_anyway")
        elsewhere = box.addButton(_("Choose another place"), QMessageBox.ButtonRole.RejectRole)
        elsewhere.setObjectName("choose_another_place")
        box.setDefaultButton(elsewhere)
        box.setEscapeButton(elsewhere)
        self.cloud_warning = box
        try:
            box.exec()
        finally:
            self.cloud_warning = None
            box.deleteLater()
        return box.clickedButton() is save_anyway and self._still_open()

    # -- closing ------------------------------------------------------------------------------

    def done(self, result: int) -> None:
        """Forget the rendered plans and pages: nothing of the plan outlives the dialog."""
        self._closed = True
        self.preview_timer.stop()
        self.resize_timer.stop()
        self._generation += 1
        self._documents.clear()
        self._pdf = None
        self.pages_drawn = 0
        for label in self.page_labels:
            label.clear()
        super().done(result)
