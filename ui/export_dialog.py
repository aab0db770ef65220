"""Printing a chronology: the choices, a preview of the pages, then save, open or print. The
document is built off the GUI thread and held in memory; nothing is written until the worker
saves it. ``ExportDialog.run(...)`` shows the dialog and returns the path saved to, or None."""
from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, QUrl
from PySide6.QtGui import QDesktopServices, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QFileDialog, QFormLayout, QHBoxLayout, QLabel,
                               QMessageBox, QProgressBar, QPushButton, QVBoxLayout, QWidget)

from chronology.model import Child
from chronology.queries import options_for
from chronology.report import ReportChoice, gather
from chronology.report.pdf import pdf_bytes, save_pdf
from chronology.rules import RuleContext
from chronology.vocabulary import event_type_label

from .jobs import Job, start
from .settings import resources_folder
from .widgets import CheckList, DayField

if TYPE_CHECKING:
    from chronology.store import Store


class ExportDialog(QDialog):
    def __init__(self, store: Store, user: str, child: Child, has_siblings: bool, context: RuleContext,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"Print or save a chronology — {child.name}")
        self.store, self.user, self.child, self.context = store, user, child, context
        self.content: bytes | None = None
        self.entries = 0
        self.saved: Path | None = None
        self.job: Job | None = None
        self.date_from = DayField("From (e.g. 2016)")
        self.date_to = DayField("To (e.g. 03/2019)", end_of_period=True)
        self.key_only = QCheckBox("&Key events only")
        self.family = QCheckBox("Whole &family (siblings merged)")
        self.family.setEnabled(has_siblings)
        self.for_family = QCheckBox("The famil&y's copy (third-party information left out)")
        self.orientation = QComboBox()
        self.orientation.addItem("A4 landscape", True)
        self.orientation.addItem("A4 portrait", False)
        options = options_for(store.db, (child.id,))
        self.agencies = CheckList([(a, a) for a in options["agencies"]])
        self.types = CheckList(sorted(((t, event_type_label(t)) for t in options["event_types"]), key=lambda p: p[1]))
        for checklist in (self.agencies, self.types):
            checklist.check_all()
            checklist.setMaximumHeight(150)
        self.status = QLabel()
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.hide()
        self.document = QPdfDocument(self)
        self.buffer = QBuffer(self)
        self.preview = QPdfView()
        self.preview.setDocument(self.document)
        self.preview.setPageMode(QPdfView.PageMode.MultiPage)
        self.preview.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.buttons = {name: QPushButton(label) for name, label in (
            ("preview", "&Update preview"), ("save", "&Save PDF…"), ("print", "&Print…"), ("close", "Close"))}
        self._layout()
        self.buttons["preview"].clicked.connect(self.build)
        self.buttons["save"].clicked.connect(self.save)
        self.buttons["print"].clicked.connect(self.print_document)
        self.buttons["close"].clicked.connect(self.reject)
        self.resize(1200, 700)
        self.build()

    def _layout(self) -> None:
        form = QFormLayout()
        period = QHBoxLayout()
        period.addWidget(self.date_from)
        period.addWidget(self.date_to)
        form.addRow("Period", period)
        form.addRow(self.key_only)
        form.addRow(self.family)
        form.addRow(self.for_family)
        form.addRow("Paper", self.orientation)
        form.addRow("Sources", self.agencies)
        form.addRow("Event types", self.types)
        left = QVBoxLayout()
        left.addLayout(form)
        left.addWidget(self.busy)
        left.addWidget(self.status)
        left.addStretch(1)
        for name in ("preview", "save", "print", "close"):
            left.addWidget(self.buttons[name])
        layout = QHBoxLayout(self)
        side = QWidget()
        side.setLayout(left)
        side.setMaximumWidth(420)
        layout.addWidget(side)
        layout.addWidget(self.preview, 1)

    def choice(self) -> ReportChoice:
        every = lambda checklist: checklist.count() == len(checklist.checked())  # noqa: E731
        # All ticked: no filter. None ticked: a filter nothing matches, so the document says so.
        return ReportChoice(
            date_from=self.date_from.value(), date_to=self.date_to.value(), key_only=self.key_only.isChecked(),
            agencies=() if every(self.agencies) else tuple(self.agencies.checked()) or ("",),
            event_types=() if every(self.types) else tuple(self.types.checked()) or ("",),
            family=self.family.isChecked(), for_family=self.for_family.isChecked(),
            landscape=self.orientation.currentData())

    def build(self) -> None:
        """Build the document in the background; the preview follows when it is ready."""
        choice, child_id, context, user = self.choice(), self.child.id, self.context, self.user
        fonts = resources_folder() / "fonts"
        self._working(True, "Building the document…")
        def work(store: Store, _report) -> tuple[bytes, int, int]:
            data = gather(store, child_id, choice, context, date.today(), user)
            return (*pdf_bytes(data, fonts), len(data.events))
        self.job = Job(self.store, work)
        self.job.signals.finished.connect(self._built)
        self.job.signals.failed.connect(lambda message: self._working(False, f"Could not build it: {message}"))
        start(self.job)

    def _working(self, busy: bool, message: str) -> None:
        self.busy.setVisible(busy)
        self.status.setText(message)
        for name in ("preview", "save", "print"):
            self.buttons[name].setEnabled(not busy)

    def _built(self, result: tuple[bytes, int, int]) -> None:
        self.content, pages, self.entries = result
        self.document.close()
        self.buffer.close()
        self.buffer.setData(QByteArray(self.content))
        self.buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(self.buffer)
        self._working(False, f"{pages} page{'s' if pages != 1 else ''}, A4. Nothing is saved until you save it.")

    def save(self) -> None:
        if self.content is None:
            return
        name = f"{self.child.ref} chronology{' (family copy)' if self.for_family.isChecked() else ''}.pdf"
        path, _ = QFileDialog.getSaveFileName(self, "Save the chronology", name, "PDF files (*.pdf)")
        if not path:
            return
        try:
            save_pdf(self.content, Path(path))
        except OSError as error:
            QMessageBox.warning(self, "Save", f"The chronology could not be saved to {path}: {error.strerror}")
            return
        self.saved = Path(path)
        choice = self.choice()
        self.store.record_export(self.child.id, "pdf", self.entries, {"family": choice.family,
                                                                   "for_family": choice.for_family})
        if QMessageBox.question(self, "Saved", f"Saved to {path}. Open it now?") == QMessageBox.StandardButton.Yes:
            QDesktopServices.openUrl(QUrl.fromLocalFile(path))

    def print_document(self) -> None:
        """Through the system's print dialog, page by page at the printer's resolution."""
        if self.content is None or self.document.pageCount() == 0:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if QPrintDialog(printer, self).exec() != QDialog.DialogCode.Accepted:
            return
        painter = QPainter(printer)
        try:
            area = printer.pageRect(QPrinter.Unit.DevicePixel).toRect()
            for page in range(self.document.pageCount()):
                if page:
                    printer.newPage()
                image = self.document.render(page, QSize(area.width(), area.height()))
                painter.drawImage(0, 0, image)
        finally:
            painter.end()

    @classmethod
    def run(cls, store: Store, user: str, child: Child, has_siblings: bool, context: RuleContext,
            parent: QWidget | None = None) -> Path | None:
        dialog = cls(store, user, child, has_siblings, context, parent)
        dialog.exec()
        return dialog.saved
